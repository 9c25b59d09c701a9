#!/usr/bin/env bash
# tests/cli/eval-amp-ref.sh: charte eval on the AMP charter agrees with the independent amp-ref on every figure of the report (contracts, rows and reasons, aggregates, indicators with secrecy), in every data format, invalid rows mixed in, and on the hand-computed cases.
set -u
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
B=$ROOT/build
for tool in gen-donnees amp-ref; do
  [ -x "$B/$tool" ] || { echo "build/$tool manquant (make tools)"; exit 1; }
done
canon=$B/eval-canon
if [ ! -x "$canon" ]; then
  canon=$tmp/eval-canon
  cc -std=c11 -O1 -o "$canon" "$ROOT/tests/tools/eval-canon.c" -ljansson || exit 1
fi
status=0
# compare DIR AU LABEL: every figure of charte's JSON report against amp-ref --complet.
compare() {
  "$B/amp-ref" --donnees "$1" --au "$2" --complet | sed 's/^\(rejet;[^;]*;[0-9]*\);.*/\1/' > "$tmp/ref" || { status=1; return; }
  "$CHARTE" eval "$ROOT/examples/amp/amp.charte" --donnees "$1" --au "$2" --format json > "$tmp/json"
  local rc=$?
  if [ $rc -ne 0 ]; then echo "$3: exit $rc"; status=1; return; fi
  "$canon" --lines-only --complet < "$tmp/json" > "$tmp/mine" || { status=1; return; }
  if ! diff -q "$tmp/ref" "$tmp/mine" >/dev/null; then
    echo "$3: charte et amp-ref diffèrent"
    diff "$tmp/ref" "$tmp/mine" | head -20
    status=1
  fi
}
# The oracle itself on the hand-computed cases, then charte against it.
for d in "$ROOT"/tests/eval/cas/*/; do
  [ -f "$d/amp-ref.csv" ] || continue
  if ! "$B/amp-ref" --donnees "$d" --au "$(cat "$d/au")" | diff -q "$d/amp-ref.csv" - >/dev/null; then
    echo "amp-ref diffère du calcul à la main dans $d"; status=1
  fi
  compare "$d" "$(cat "$d/au")" "cas $(basename "$d")"
done
for fmt in csv-fr csv csv-1252 json; do
  for seed in 1 42; do
    d=$tmp/$fmt-$seed
    "$B/gen-donnees" --profil demo --graine "$seed" --format "$fmt" --invalides 25 --sortie "$d" >/dev/null || exit 1
    for au in 2023-06-30 2025-12-31; do
      compare "$d" "$au" "$fmt graine $seed au $au"
    done
  done
done
exit $status
