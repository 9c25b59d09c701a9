#!/usr/bin/perl
# tests/mutants/apply.pl: applies one mutant of mutants.txt to a tree: apply.pl MUTANTS ID TREE; exit 0 done, 3 OLD not found exactly once, 2 usage.
use strict; use warnings;
my ($list, $want, $tree) = @ARGV;
die "usage: apply.pl MUTANTS ID TREE\n" unless defined $tree;
open my $fh, '<', $list or die "$list: $!\n";
my ($id, $file, $old, $new);
while (my $line = <$fh>) {
    chomp $line;
    if ($line =~ /^@ (\S+) (\S+)$/) { ($id, $file, $old, $new) = ($1, $2, undef, undef); next; }
    next unless defined $id && $id eq $want;
    if ($line =~ /^- (.*)$/) { $old = $1; } elsif ($line =~ /^\+ (.*)$/) { $new = $1; last; }
}
die "mutant $want: not found in $list\n" unless defined $new && defined $old;
for ($old, $new) { s/\\n/\n/g; s/\\t/\t/g; }
my $path = "$tree/$file";
open my $in, '<', $path or die "$path: $!\n";
local $/; my $text = <$in>; close $in;
my $count = () = $text =~ /\Q$old\E/g;
if ($count != 1) { print STDERR "mutant $want: $count matches in $file (1 expected)\n"; exit 3; }
$text =~ s/\Q$old\E/$new/;
open my $out, '>', $path or die "$path: $!\n";
print $out $text; close $out;
print "$file\n";
