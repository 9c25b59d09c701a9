#!/usr/bin/env bash
# tests/cli/eval-natures.sh: a hire's nature written in another case, or unknown, again and again (each spelling is matched once per run, then remembered): the report is the one of the same hires with the natures written as declared.
set -u
: "${CHARTE:?}" "${ROOT:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
CASE=$ROOT/tests/eval/embauches

# hires NATURE...: one hire per nature, on the case's first target, after its rows.
hires() {
  local i=40 n
  for n in "$@"; do
    printf 'E%d;Office;p1;01/0%d/2023;%s;M1;;cdd;6\n' "$i" $((i % 9 + 1)) "$n"
    i=$((i + 1))
  done
}

for d in as-written as-declared; do
  mkdir -p "$tmp/$d"
  cp "$CASE"/*.csv "$CASE/charte.charte" "$tmp/$d/"
done
hires Travaux TRAVAUX travaux plomberie Fonctionnement_Equipement Travaux plomberie tràvaux >>"$tmp/as-written/embauches.csv"
hires travaux travaux travaux plomberie fonctionnement_equipement travaux plomberie travaux >>"$tmp/as-declared/embauches.csv"

for d in as-written as-declared; do
  (cd "$tmp/$d" && "$CHARTE" eval charte.charte --donnees . --au "$(cat "$CASE/au")" --format json) >"$tmp/$d.json" 2>"$tmp/$d.err"
  rc=$?
  [ $rc -eq 0 ] || { echo "$d : code de sortie $rc"; cat "$tmp/$d.err"; exit 1; }
done
if ! cmp -s "$tmp/as-written.json" "$tmp/as-declared.json"; then
  echo "natures écrites autrement : rapport différent"
  diff "$tmp/as-declared.json" "$tmp/as-written.json" | head -40
  exit 1
fi
# the eight rows were read: six counted or not, the two unknown natures rejected
grep -q '"embauches.csv"' "$tmp/as-written.json" || { echo "embauches.csv absent du rapport"; exit 1; }
[ "$(grep -c plomberie "$tmp/as-written.json")" -ge 3 ] || { echo "les deux natures inconnues ne sont pas rejetées"; exit 1; }
exit 0
