#!/usr/bin/env bash
# tests/cli/ci-annotations.sh: what a CI job shows of a failed example: `charte test --format github`, an error annotation on the `attendu` line that no longer holds, titled by its example; a charter in error or unreadable, or without examples under --strict; nothing for a charter that passes; the same exit codes as the text output; the annotation docs/integration-continue.md shows is the program's. JUnit's testcase of a charter in error on the line of its first error.
# Both passes run every case: each is one short `charte test` of a small charter.
set -u
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
bad=0
complain() { printf 'ci-annotations: %s\n' "$*"; bad=1; }
cd "$tmp" || exit 1
mkdir chartes
cp "$ROOT/examples/belvance/belvance.charte" chartes/
B=chartes/belvance.charte

# expect NAME RC OUTPUT ARGS...: stdout and exit code of `charte test ARGS`, and the same code in text.
expect() {
  local name=$1 rc=$2 want=$3; shift 3
  local got code text_code
  got=$("$CHARTE" test "$@" 2>/dev/null); code=$?
  [ "$code" = "$rc" ] || complain "$name : code $code, attendu $rc"
  [ "$got" = "$want" ] || complain "$name : sortie
$got
attendu
$want"
  local args=() a
  for a in "$@"; do [ "$a" = github ] && a=text; args+=("$a"); done
  "$CHARTE" test "${args[@]}" > /dev/null 2>&1; text_code=$?
  [ "$text_code" = "$rc" ] || complain "$name : code $text_code en texte, $rc avec --format github"
}

# A charter that passes: no annotation, no empty group, only the summary line.
expect "charte qui passe" 0 "6 passed, 0 failed" --strict --format github "$B"

# An expectation that no longer holds: the error is on the `attendu` line and column of the value.
n=$(grep -n 'attendu « bm/travaux » : atteint' "$B" | cut -d: -f1)
sed -i "${n}s/retenu 125 h/retenu 126 h/" "$B"
line=$(sed -n "${n}p" "$B"); prefix=${line%%retenu 126 h*}; col=$(( ${#prefix} + 1 ))   # in characters, as charte counts
expect "exemple en échec" 1 "::group::$B
::error file=$B,line=$n,col=$col,title=exemple « Travaux mutualisés %3A l'objectif de l'ensemble est arrondi une fois »::bm/travaux : retenu attendu 126 h, obtenu 125 h
::endgroup::
5 passed, 1 failed" --strict --format github "$B"
# The output docs/integration-continue.md and its English twin show is this one.
for doc in "$ROOT/docs/integration-continue.md" "$ROOT/docs/en/integration-continue.md"; do
  shown=$(awk '/^```text$/ { code = 1; next } code && /^```$/ { exit } code && /::group::/ { on = 1 } on && code' "$doc")
  got=$("$CHARTE" test --strict --format github "$B" 2>/dev/null)
  [ -n "$shown" ] && [ "$shown" = "$got" ] || complain "$doc : l'annotation montrée n'est pas celle du programme
$shown"
done
expect "exemple en échec (en)" 1 "::group::$B
::error file=$B,line=$n,col=$col,title=example “Travaux mutualisés %3A l'objectif de l'ensemble est arrondi une fois”::bm/travaux: expected counted 126 h, got 125 h
::endgroup::
5 passed, 1 failed" --format=github --lang en "$B"

# A charter in error: its errors, not its warnings (check annotates those), and an unreadable file.
printf 'charte « Vide »\n  territoire « X »\n  en vigueur du 01/01/2024 au 31/12/2030\nutilise anru\n' > chartes/vide.charte
expect "charte en erreur, fichier illisible" 2 "::group::chartes/vide.charte
::error file=chartes/vide.charte,line=1,col=8,endLine=1,endColumn=16,title=C0501::la charte ne déclare pas de comité de pilotage : l'ANRU en exige un, à l'échelle intercommunale (« comité de pilotage « nom » à l'échelle ID »)
::error file=chartes/vide.charte,line=1,col=8,endLine=1,endColumn=16,title=C0503::la charte ne désigne pas de structure pilote : l'ANRU en exige une (« structure pilote « nom » »)
::endgroup::
::group::chartes/perdue.charte
::error file=chartes/perdue.charte,title=C0006::chartes/perdue.charte : fichier introuvable
::endgroup::
0 passed, 2 failed" --format github chartes/vide.charte chartes/perdue.charte

# Under --strict, a charter without examples, on the charter's file.
sed '/^exemple /,$d' "$ROOT/examples/belvance/belvance.charte" > chartes/sans.charte
expect "aucun exemple sous --strict" 1 "::group::chartes/sans.charte
::error file=chartes/sans.charte,title=--strict::aucun exemple (--strict)
::endgroup::
0 passed, 1 failed" --strict --format github chartes/sans.charte

# A bad command line is an annotation too (C0007), never a silent red step.
expect "option inconnue" 2 "::error title=C0007::option inconnue « --bogus » (voir charte --help)" --format github --bogus "$B"

# JUnit: a charter in error is a testcase on the line of its first error in its own file,
# which a reporter that annotates by file and line (as for a failed example) points at.
sed 's/nettoyage 10 %, seuil 40 000 €$/nettoyage 8 %, seuil 40 000 €/' "$ROOT/examples/belvance/belvance.charte" > chartes/plancher.charte
n=$(grep -n 'nettoyage 8 %, seuil 40 000 €$' chartes/plancher.charte | cut -d: -f1)
"$CHARTE" test --format junit chartes/plancher.charte > junit.xml 2>/dev/null; rc=$?
[ $rc = 2 ] || complain "JUnit, charte en erreur : code $rc, attendu 2"
[ -n "$n" ] && [ "$(xmllint --xpath 'string(//testcase/@line)' junit.xml)" = "$n" ] || complain "JUnit, charte en erreur : ligne $(xmllint --xpath 'string(//testcase/@line)' junit.xml), attendu $n (C0401)"
xmllint --noout --schema "$ROOT/tests/schemas/junit.xsd" junit.xml 2>/dev/null || complain "JUnit, charte en erreur : invalide"
rm junit.xml

# Nothing is written beside the charters.
[ "$(ls chartes)" = "$(printf 'belvance.charte\nplancher.charte\nsans.charte\nvide.charte')" ] || complain "fichiers écrits : $(ls chartes | tr '\n' ' ')"
exit $bad
