#!/usr/bin/env bash
# tests/cli/ci-signature.sh: the lines of docs/integration-continue.md that ci-samples.sh does not run, taken from the page. The comparison before signature, in a shallow clone of a git repository: exit 1 and the Markdown report for a softening, exit 0 and the report for a stricter change, exit 2 and no report for a charter in error; nothing else written into the clone. The JSON report's test (`.ok != false`): green on a report, red on the failure document of a missing data file.
# Both passes run every case: three short `charte diff` and two `charte eval` runs of Belvance's charter.
# The percentages of the report hold a no-break space (U+00A0), as charte writes them.
set -u
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
bad=0
complain() { printf 'ci-signature: %s\n' "$*"; bad=1; }
export PATH="$(dirname "$CHARTE"):$PATH" GIT_CONFIG_NOSYSTEM=1 HOME=$tmp
command -v git > /dev/null || { echo "ci-signature: git absent"; exit 1; }

# The page's lines, as an integrator copies them.
awk '/^## Avant la signature/ { on = 1 } on && /^```sh$/ { code = 1; next } code && /^```$/ { exit } code { print }' \
  "$ROOT/docs/integration-continue.md" > "$tmp/gate.sh"
[ "$(wc -l < "$tmp/gate.sh")" = 3 ] || { complain "docs/integration-continue.md : $(wc -l < "$tmp/gate.sh") lignes, 3 attendues"; exit 1; }

# The signed charter, on the branch main of a repository.
git init -q -b main "$tmp/origin"
mkdir "$tmp/origin/chartes"
cp "$ROOT/examples/belvance/belvance.charte" "$tmp/origin/chartes/"
git -C "$tmp/origin" add -A && git -C "$tmp/origin" -c user.email=ci@example.org -c user.name=ci commit -qm signée

# gate NAME SED-EXPRESSION: a merge request changes the charter by SED-EXPRESSION; prints the exit code of the lines.
gate() {
  local dir=$tmp/$1
  mkdir "$dir"
  git clone -q --depth 1 "file://$tmp/origin" "$dir/work" || return 99
  sed -i "$2" "$dir/work/chartes/belvance.charte"
  (cd "$dir/work" && bash -e "$tmp/gate.sh" > /dev/null 2>&1)
  echo $?
}
# clean NAME WANT: what git sees in the clone besides the changed charter.
clean() {
  local got
  got=$(git -C "$tmp/$1/work" status --porcelain | grep -v ' chartes/belvance.charte$' | tr '\n' ' ')
  [ "$got" = "$2" ] || complain "$1 : fichiers écrits dans le dépôt : « $got », attendu « $2 »"
}

rc=$(gate souple "s/objectif mutualisé à l'échelle tilleuls : travaux 8 %/objectif mutualisé à l'échelle tilleuls : travaux 6 %/")
[ "$rc" = 1 ] || complain "assouplissement : code $rc, attendu 1"
grep -qxF "**1 changement** : plus strict 0, moins strict 1, indéterminé 0, neutre 0." "$tmp/souple/work/charte-diff.md" \
  || complain "assouplissement : bilan du rapport : $(grep -F '**' "$tmp/souple/work/charte-diff.md")"
grep -qF "| moins strict | travaux × tilleuls : objectif d'heures | tous | 8 % | 6 % |" "$tmp/souple/work/charte-diff.md" \
  || complain "assouplissement : la ligne du changement manque"
clean souple "?? charte-diff.md "
# The English report agrees its count too.
(cd "$tmp/souple/work" && charte diff ../avant/chartes/belvance.charte chartes/belvance.charte --format md --lang en 2>/dev/null) \
  | grep -qxF "**1 change**: stricter 0, less strict 1, undetermined 0, neutral 0." || complain "rapport en anglais : « 1 change » attendu"

rc=$(gate strict "s/objectif mutualisé à l'échelle tilleuls : travaux 8 %/objectif mutualisé à l'échelle tilleuls : travaux 9 %/")
[ "$rc" = 0 ] || complain "plus strict : code $rc, attendu 0"
grep -qxF "**1 changement** : plus strict 1, moins strict 0, indéterminé 0, neutre 0." "$tmp/strict/work/charte-diff.md" \
  || complain "plus strict : pas de rapport, ou un autre bilan"
clean strict "?? charte-diff.md "

# Below the national floor (C0401): the run fails, no report.
rc=$(gate erreur "s/objectif mutualisé à l'échelle tilleuls : travaux 8 %/objectif mutualisé à l'échelle tilleuls : travaux 2 %/")
[ "$rc" = 2 ] || complain "charte en erreur : code $rc, attendu 2"
clean erreur ""

# The JSON section's lines: a report has no `ok`, the failure document has `"ok": false`.
awk '/^## Le JSON/ { on = 1 } on && /^```sh$/ { code = 1; next } code && /^```$/ { exit } code { print }' \
  "$ROOT/docs/integration-continue.md" > "$tmp/json.sh"
grep -q '^charte eval ' "$tmp/json.sh" || complain "docs/integration-continue.md : pas de ligne charte eval sous « Le JSON »"
mkdir "$tmp/json" && cp -r "$tmp/origin/chartes" "$ROOT/examples/belvance/donnees" "$tmp/json/"
(cd "$tmp/json" && bash -e "$tmp/json.sh" > /dev/null 2>&1) || complain "section JSON : rouge sur des données complètes"
rm "$tmp/json/donnees/heures.csv"
(cd "$tmp/json" && bash -e "$tmp/json.sh" > /dev/null 2>&1) && complain "section JSON : verte sans heures.csv"
exit $bad
