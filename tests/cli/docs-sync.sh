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
# code, not headings.
skeleton() {
  perl -ne '
    if ($in) { if (/^```\s*$/) { print "END\n"; $in = 0 } elsif ($verbatim) { print "  $_" } next }
    if (/^```(.*)$/) { print "BLOCK $1\n"; $in = 1; $verbatim = ($1 eq "" || $1 =~ /^charte/); next }
    print "H", length($1), "\n" if /^(#+)\s/;
    END { print "UNCLOSED\n" if $in }' "$1"
}

checked=0
for p in "${pairs[@]}"; do
  read -r fr en <<<"$p"
  [ -f "$fr" ] && [ -f "$en" ] || { complain "missing pair: $fr / $en"; continue; }
  d=$(diff <(skeleton "$fr") <(skeleton "$en")) || complain "$fr and $en differ in headings or code blocks (< French, > English):"$'\n'"$d"
  checked=$((checked + 1))
done
# The error pages follow one layout: title "# CNNNN — …", severity line, example, fix, test cases.
for f in docs/erreurs/C*.md; do
  c=$(basename "$f" .md)
  grep -q "^# $c — " "$f" || complain "$f: title is not '# $c — …'"
  grep -q '^\*\*Gravité.:\*\* ' "$f" || complain "$f: no '**Gravité :**' line"
  grep -q '^\*\*Correction.:\*\*' "$f" || complain "$f: no '**Correction :**'"
  grep -q "^# $c — " "docs/en/erreurs/$c.md" || complain "docs/en/erreurs/$c.md: title is not '# $c — …'"
  grep -q '^\*\*Severity:\*\* ' "docs/en/erreurs/$c.md" || complain "docs/en/erreurs/$c.md: no '**Severity:**' line"
  grep -q '^\*\*Fix:\*\*' "docs/en/erreurs/$c.md" || complain "docs/en/erreurs/$c.md: no '**Fix:**'"
  grep -q "^| \[$c\]($c.md) |" docs/erreurs/README.md || complain "$c missing from docs/erreurs/README.md"
  grep -q "^| \[$c\]($c.md) |" docs/en/erreurs/README.md || complain "$c missing from docs/en/erreurs/README.md"
done
# The check must be able to fail: a twin with one heading less is refused.
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
grep -v '^## ' docs/en/tour.md > "$tmp/tour.md"
if diff -q <(skeleton docs/tour.md) <(skeleton "$tmp/tour.md") >/dev/null; then
  complain "a twin without its ## headings was not told apart"
fi
[ "$checked" -ge 80 ] || complain "only $checked pairs checked (expected at least 80)"
exit $bad
