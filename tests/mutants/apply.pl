#!/usr/bin/perl
# tests/mutants/apply.pl: applies one mutant of mutants.txt to a tree (apply.pl MUTANTS ID TREE), or checks that every one still applies (apply.pl MUTANTS --check TREE); exit 0 done, 3 OLD not found exactly once (or, --check, any fault), 2 usage.
use strict; use warnings;
my ($list, $want, $tree) = @ARGV;
die "usage: apply.pl MUTANTS ID|--check TREE\n" unless defined $tree;

# Every block of MUTANTS in order: { id, file, old, new, line }, with \n and \t
# read as a line break and a tab.
sub mutants {
    my ($path) = @_;
    open my $fh, '<', $path or die "$path: $!\n";
    my (@all, $m);
    while (my $line = <$fh>) {
        chomp $line;
        if ($line =~ /^@ (\S+) (\S+)$/) {
            $m = { id => $1, file => $2, line => $. };
            push @all, $m;
        } elsif ($m && !defined $m->{new} && $line =~ /^- (.*)$/) {
            $m->{old} = $1;
        } elsif ($m && !defined $m->{new} && $line =~ /^\+ (.*)$/) {
            $m->{new} = $1;
        }
    }
    for my $x (@all) {
        for (grep { defined } $x->{old}, $x->{new}) { s/\\n/\n/g; s/\\t/\t/g; }
    }
    return @all;
}

my %text;
sub text_of {
    my ($file) = @_;
    return $text{$file} if exists $text{$file};
    my $path = "$tree/$file";
    open my $in, '<', $path or return $text{$file} = undef;
    local $/; my $t = <$in>; close $in;
    return $text{$file} = $t;
}

sub matches { my ($t, $old) = @_; my $n = () = $t =~ /\Q$old\E/g; return $n; }

# --check: each ID once, each block with its - and + lines, OLD once in FILE,
# NEW different from OLD; prints every fault, MUTANTS:LINE: ID: what.
if ($want eq '--check') {
    my ($faults, %seen) = (0);
    my $fault = sub { my ($m, $what) = @_; print "$list:$m->{line}: $m->{id}: $what\n"; $faults++; };
    for my $m (mutants($list)) {
        $fault->($m, "ID already used at line $seen{$m->{id}}") if $seen{$m->{id}};
        $seen{$m->{id}} //= $m->{line};
        if (!defined $m->{old} || !defined $m->{new}) { $fault->($m, "no - OLD and + NEW lines"); next; }
        if ($m->{old} eq $m->{new}) { $fault->($m, "NEW is OLD"); next; }
        my $t = text_of($m->{file});
        if (!defined $t) { $fault->($m, "$m->{file}: no such file"); next; }
        my $n = matches($t, $m->{old});
        $fault->($m, "OLD found $n times in $m->{file} (1 expected)") if $n != 1;
    }
    exit($faults ? 3 : 0);
}

my ($m) = grep { $_->{id} eq $want } mutants($list);
die "mutant $want: not found in $list\n" unless $m && defined $m->{old} && defined $m->{new};
my $text = text_of($m->{file});
die "$tree/$m->{file}: $!\n" unless defined $text;
my $count = matches($text, $m->{old});
if ($count != 1) { print STDERR "mutant $want: $count matches in $m->{file} (1 expected)\n"; exit 3; }
my ($old, $new) = ($m->{old}, $m->{new});
$text =~ s/\Q$old\E/$new/;
my $path = "$tree/$m->{file}";
open my $out, '>', $path or die "$path: $!\n";
print $out $text; close $out;
print "$m->{file}\n";
