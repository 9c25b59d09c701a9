#!/usr/bin/env bash
# tests/cli/docs-sync.sh: every French user page has its English twin with the same headings (count and levels) and the same code blocks, byte for byte.
# runs no charte: tests/run.sh runs it in the normal pass only (the sanitizer pass would repeat it as is).
set -u
export LC_ALL=C.UTF-8
cd "$ROOT" || exit 1
bad=0
complain() { printf 'docs-sync: %s\n' "$*"; bad=1; }

# The pairs: README.md / README.en.md, examples/*/REFERENCE.md / REFERENCE.en.md,
# docs/NAME.md / docs/en/NAME.md and docs/erreurs/C*.md / docs/en/erreurs/C*.md.
# Contributor pages (CONTRIBUTING, performance, its journal, fiabilite) are English only: no twin.
pairs=("README.md README.en.md")
for fr in examples/*/REFERENCE.md; do pairs+=("$fr ${fr%.md}.en.md"); done
for page in tour langage evaluation donnees; do
  [ -f "docs/$page.md" ] || complain "docs/$page.md is missing"
  [ -f "docs/en/$page.md" ] || complain "docs/en/$page.md is missing"
done
for en in docs/en/*.md docs/en/erreurs/*.md; do
  fr=docs/${en#docs/en/}
  [ -f "$fr" ] || { complain "$en has no French page $fr"; continue; }
  pairs+=("$fr $en")
done
# Every other page of docs/ is a user page, hence French with an English twin.
contributor_pages=" CONTRIBUTING.md performance.md performance-journal.md fiabilite.md "
for fr in docs/*.md; do
  case "$contributor_pages" in *" ${fr#docs/} "*) continue ;; esac
  [ -f "docs/en/${fr#docs/}" ] || complain "$fr has no English page docs/en/${fr#docs/} (or add it to contributor_pages)"
done
for fr in docs/erreurs/*.md; do
  [ -f "docs/en/${fr#docs/}" ] || complain "$fr has no English page docs/en/${fr#docs/}"
done

# skeleton FILE: one line per heading ("H2"), then each fenced block between "BLOCK <info>"
# and "END" lines: verbatim for a charter (```charte, ```charte-article, or a block with no
# info string, which the pages use for charter excerpts and commands), as its info string
# only for a block of another kind (```console, ```text…: a command's real output in the
# page's own language, which cannot be the same in both). Headings inside code blocks are
# code, not headings. One perl process compares every pair (a pair of perl runs and a diff
# per page cost ~10 s of forks); a pair that differs is shown with diff.
skeleton_pl='sub skeleton { my ($f) = @_; my ($in, $verbatim, $out) = (0, 0, "");
    open my $h, "<", $f or die "$f: $!\n";
    while (<$h>) {
      if ($in) { if (/^```\s*$/) { $out .= "END\n"; $in = 0 } elsif ($verbatim) { $out .= "  $_" } next }
      if (/^```(.*)$/) { $out .= "BLOCK $1\n"; $in = 1; $verbatim = ($1 eq "" || $1 =~ /^charte/); next }
      $out .= "H" . length($1) . "\n" if /^(#+)\s/;
    }
    $out .= "UNCLOSED\n" if $in;
    return $out }'
skeleton() { perl -e "$skeleton_pl"' print skeleton($ARGV[0])' "$1"; }

checked=0 both=()
for p in "${pairs[@]}"; do
  read -r fr en <<<"$p"
  [ -f "$fr" ] && [ -f "$en" ] || { complain "missing pair: $fr / $en"; continue; }
  both+=("$fr" "$en")
  checked=$((checked + 1))
done
while read -r fr en; do
  d=$(diff <(skeleton "$fr") <(skeleton "$en")) || complain "$fr and $en differ in headings or code blocks (< French, > English):"$'\n'"$d"
done < <(perl -e "$skeleton_pl"' while (my ($fr, $en) = splice @ARGV, 0, 2) { print "$fr $en\n" if skeleton($fr) ne skeleton($en) }' "${both[@]}")
# The error pages follow one layout: title "# CNNNN — …", severity line, example, fix, test cases.
# One perl process reads them all; "." is one UTF-8 character, as in grep under C.UTF-8.
perl -e '
  my $ch = qr/(?:[\x00-\x09\x0b-\x7f]|[\xc0-\xff][\x80-\xbf]+)/;
  sub slurp { local $/; open my $h, "<", $_[0] or return ""; my $t = <$h>; return $t }
  my ($index_fr, $index_en, $bad) = (slurp("docs/erreurs/README.md"), slurp("docs/en/erreurs/README.md"), 0);
  sub complain { print "docs-sync: $_[0]\n"; $bad = 1 }
  for my $f (@ARGV) {
    my ($c) = $f =~ m{([^/]+)\.md$}; my $en = "docs/en/erreurs/$c.md";
    my ($tf, $te) = (slurp($f), slurp($en));
    $tf =~ /^# \Q$c\E — /m or complain("$f: title is not \x27# $c — …\x27");
    $tf =~ /^\*\*Gravité$ch:\*\* /m or complain("$f: no \x27**Gravité :**\x27 line");
    $tf =~ /^\*\*Correction$ch:\*\*/m or complain("$f: no \x27**Correction :**\x27");
    $te =~ /^# \Q$c\E — /m or complain("$en: title is not \x27# $c — …\x27");
    $te =~ /^\*\*Severity:\*\* /m or complain("$en: no \x27**Severity:**\x27 line");
    $te =~ /^\*\*Fix:\*\*/m or complain("$en: no \x27**Fix:**\x27");
    $index_fr =~ /^\| \[\Q$c\E\]\(\Q$c\E${ch}md\) \|/m or complain("$c missing from docs/erreurs/README.md");
    $index_en =~ /^\| \[\Q$c\E\]\(\Q$c\E${ch}md\) \|/m or complain("$c missing from docs/en/erreurs/README.md");
  }
  exit $bad' docs/erreurs/C*.md || bad=1
# The check must be able to fail: a twin with one heading less is refused.
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
grep -v '^## ' docs/en/tour.md > "$tmp/tour.md"
if diff -q <(skeleton docs/tour.md) <(skeleton "$tmp/tour.md") >/dev/null; then
  complain "a twin without its ## headings was not told apart"
fi
[ "$checked" -ge 80 ] || complain "only $checked pairs checked (expected at least 80)"
exit $bad
