#!/usr/bin/perl
# tools/typographie.pl: puts the no-break spaces of French typography into French Markdown pages, in place, outside code (what tests/cli/docs-typo.sh checks).
# Usage: tools/typographie.pl FILE.md...   Before : ; ! ? % and inside « »: U+00A0; between thousands: U+202F.
use strict;
use warnings;
use utf8;
use open qw(:std :encoding(UTF-8));

my $NBSP = "\x{A0}";
my $THIN = "\x{202F}";

sub prose {
    my ($t) = @_;
    $t =~ s/[ \t]+([:;!?%])/$NBSP$1/g;
    $t =~ s/([\w»)\]*])([;!?])(?=[\s*_).,]|$)/$1$NBSP$2/g;
    $t =~ s/(\d)%/$1$NBSP%/g;
    $t =~ s/«[ \t]*/«$NBSP/g;
    $t =~ s/[ \t]*»/$NBSP»/g;
    $t =~ s/«\x{A0}+/«$NBSP/g;
    $t =~ s/\x{A0}+»/$NBSP»/g;
    1 while $t =~ s/(?<![\w.,])(\d{1,3}) (\d{3})(?!\d)/$1$THIN$2/;
    return $t;
}

for my $file (@ARGV) {
    open(my $in, '<', $file) or die "$file: $!";
    my @out;
    my ($fence, $comment) = (0, 0);
    while (my $l = <$in>) {
        if ($l =~ /^\s*```/) { $fence = !$fence; push @out, $l; next }
        if ($fence || $l =~ /^\s*\|[\s|:-]+\|\s*$/) { push @out, $l; next }
        if ($comment) { $comment = 0 if $l =~ /-->/; push @out, $l; next }
        if ($l =~ /<!--(?!.*-->)/) { $comment = 1; push @out, $l; next }
        my @parts = split /(`[^`]*`|\]\([^)]*\)|<!--.*?-->|<?https?:\/\/\S+)/, $l;
        for (my $i = 0; $i < @parts; $i += 2) { $parts[$i] = prose($parts[$i]) }
        push @out, join('', @parts);
    }
    close $in;
    open(my $o, '>', $file) or die "$file: $!";
    print $o @out;
    close $o;
}
