#!/usr/bin/env perl
# tests/bench/notified.pl: MARCHES.csv HEURES.csv > HEURES.csv without the hour lines dated before their contract's notification month (make bench: the data on which the baseline's results are checked).
use strict; use warnings;
sub fields { my ($l) = @_; $l =~ s/\r?\n\z//; my @f; while ($l =~ /\G("(?:[^"]|"")*"|[^,]*)(,|\z)/g) { push @f, $1; last if $2 eq '' } return @f }
my ($m, $h) = @ARGV; my %notified;
open my $fm, '<', $m or die "$m: $!"; my @head = fields(scalar <$fm>); my %c; @c{@head} = 0 .. $#head;
while (<$fm>) { $_ .= <$fm> while tr/"// % 2 && !eof $fm; my @f = fields($_); $notified{$f[$c{marche}]} = substr($f[$c{date_notification}], 0, 7) }
open my $fh, '<', $h or die "$h: $!"; my $first = <$fh>; print $first; my %k; my @hh = fields($first); @k{@hh} = 0 .. $#hh;
while (<$fh>) { my @f = split /,/, $_, -1; print if $f[$k{mois}] ge $notified{$f[$k{marche}]} }
