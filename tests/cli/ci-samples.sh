#!/usr/bin/env bash
# tests/cli/ci-samples.sh: the charte lines of docs/ci/github-actions.yml and docs/ci/gitlab-ci.yml, run here on a folder of charters: green on good charters, red on a warning (--strict) or a failed example, and their reports readable.
set -u
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "$*"; fail=1; }
export PATH="$(dirname "$CHARTE"):$PATH" CHARTE_LANG=fr
[ "$(command -v charte)" = "$CHARTE" ] || { echo "charte du PATH : $(command -v charte), attendu $CHARTE"; exit 1; }

# The one-line `run:` steps of the workflow (the installation step is a block, not run here).
sed -n 's/^ *run: \(charte .*\)$/\1/p' "$ROOT/docs/ci/github-actions.yml" > "$tmp/github.sh"
# The items of the GitLab job's script: (before_script, the installation, is not run here).
awk '/^  script:/ { on = 1; next } on && /^  [a-z_]+:/ { on = 0 } on && /^    - / { sub(/^    - /, ""); print }' \
  "$ROOT/docs/ci/gitlab-ci.yml" > "$tmp/gitlab.sh"
[ "$(wc -l < "$tmp/github.sh")" = 4 ] || bad "workflow GitHub : $(wc -l < "$tmp/github.sh") lignes charte, 4 attendues"
[ "$(wc -l < "$tmp/gitlab.sh")" = 4 ] || bad "GitLab : $(wc -l < "$tmp/gitlab.sh") lignes de script, 4 attendues"

# run_lines FILE DIR: runs each line as its CI would (GitHub: one step per line; GitLab: one
# shell that stops at the first failure); prints the exit codes.
run_github() { local rc codes=""; while IFS= read -r line; do (cd "$2" && bash -eo pipefail -c "$line" > /dev/null 2>&1); rc=$?; codes="$codes$rc "; done < "$1"; echo "$codes"; }
run_gitlab() { (cd "$2" && bash -e "$1" > /dev/null 2>&1); echo $?; }

# Good charters: every step green, the reports valid.
good=$tmp/good; mkdir -p "$good/chartes"
cp "$ROOT/examples/amp/amp.charte" "$good/chartes/"
codes=$(run_github "$tmp/github.sh" "$good")
[ "$codes" = "0 0 0 0 " ] || bad "GitHub, chartes bonnes : codes $codes"
jq -e '.runs[0].results == [] and .runs[0].invocations[0].executionSuccessful' "$good/charte.sarif" > /dev/null || bad "GitHub : charte.sarif inattendu"
xmllint --noout --schema "$ROOT/tests/schemas/junit.xsd" "$good/charte-tests.xml" 2>/dev/null || bad "GitHub : charte-tests.xml invalide"
rm -f "$good/charte.sarif" "$good/charte-tests.xml"
[ "$(run_gitlab "$tmp/gitlab.sh" "$good")" = 0 ] || bad "GitLab, chartes bonnes : échec"
jq -e '.ok and .files == 1' "$good/charte-check.json" > /dev/null || bad "GitLab : charte-check.json inattendu"
xmllint --noout --schema "$ROOT/tests/schemas/junit.xsd" "$good/charte-tests.xml" 2>/dev/null || bad "GitLab : charte-tests.xml invalide"

# A warning under --strict and a failed example: red, the reports still written.
red=$tmp/red; mkdir -p "$red/chartes"
sed 's/^\(  | air_bel   | nettoyage   | \)15 %/\114 %/' "$ROOT/examples/amp/amp.charte" > "$red/chartes/amp.charte"
cp -r "$ROOT/tests/check/c0203-inutilise.charte" "$ROOT/tests/check/lib" "$red/chartes/"
codes=$(run_github "$tmp/github.sh" "$red")
[ "$codes" = "1 0 1 0 " ] || bad "GitHub, chartes en défaut : codes $codes, attendu 1 0 1 0"
[ "$(jq '.runs[0].results | length' "$red/charte.sarif")" -gt 0 ] || bad "GitHub : SARIF sans résultat"
[ "$(xmllint --xpath 'string(/testsuites/@failures)' "$red/charte-tests.xml")" = 2 ] || bad "GitHub : JUnit sans les deux échecs (exemple, charte sans exemple)"
[ "$(run_gitlab "$tmp/gitlab.sh" "$red")" = 1 ] || bad "GitLab, chartes en défaut : pas rouge"
jq -e '.ok == false and .failing > 0' "$red/charte-check.json" > /dev/null || bad "GitLab : JSON propre sur des chartes en défaut"
xmllint --noout --schema "$ROOT/tests/schemas/junit.xsd" "$red/charte-tests.xml" 2>/dev/null || bad "GitLab : JUnit invalide"

# A charter that cannot be read: the SARIF step fails too ('[ 2 -eq 1 ]': exit 2 is not a finding).
brk=$tmp/broken; mkdir -p "$brk/chartes"; ln -s nulle-part.charte "$brk/chartes/perdue.charte"
codes=$(run_github "$tmp/github.sh" "$brk")
[ "$codes" = "2 1 2 1 " ] || bad "GitHub, charte illisible : codes $codes, attendu 2 1 2 1"
[ "$(run_gitlab "$tmp/gitlab.sh" "$brk")" != 0 ] || bad "GitLab, charte illisible : job vert"
exit $fail
