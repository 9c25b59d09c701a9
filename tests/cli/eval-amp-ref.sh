#!/usr/bin/env bash
# tests/cli/eval-amp-ref.sh: charte eval on the AMP charter agrees with the independent amp-ref on every figure of the report (contracts, rows and reasons, aggregates, indicators with secrecy), in every data format, invalid rows mixed in, and on the hand-computed cases.
set -u
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
B=$ROOT/build
for tool in gen-donnees amp-ref eval-canon; do
  [ -x "$B/$tool" ] || { echo "build/$tool manquant (make tools)"; exit 1; }
done
status=0
. "$ROOT/tests/tools/ref-compare.sh"
compare() { ref_compare "$ROOT/examples/amp/amp.charte" amp "$@"; }
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
