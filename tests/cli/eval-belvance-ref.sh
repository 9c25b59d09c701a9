#!/usr/bin/env bash
# tests/cli/eval-belvance-ref.sh: charte eval on the second example territory (examples/belvance) agrees with the independent amp-ref --charte belvance on every figure: contracts, pools and their members, hires targets and counts, rows and reasons, aggregates, indicators; on the committed example data and on generated data in every format, invalid rows mixed in.
set -u
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
B=$ROOT/build
CH=$ROOT/examples/belvance/belvance.charte
for tool in gen-donnees amp-ref eval-canon; do
  [ -x "$B/$tool" ] || { echo "build/$tool manquant (make tools)"; exit 1; }
done
status=0
. "$ROOT/tests/tools/ref-compare.sh"
compare() { ref_compare "$CH" belvance "$@"; }
# The comparison must see what it is meant to check: pools, members, hires targets with
# eligible hires, hire rows counted, not counted and rejected, the local public.
must_see() {
  grep -q "$1" "$tmp/ref" || { echo "$2: $3 absent des données (le test ne vérifierait rien)"; status=1; }
}
# The oracle itself on the hand-computed cases (tests/eval/belvance/*/NOTES.md), then charte
# against it.
for d in "$ROOT"/tests/eval/belvance/*/; do
  if ! "$B/amp-ref" --charte belvance --donnees "$d" --au "$(cat "$d/au")" | diff -q "$d/amp-ref.csv" - >/dev/null; then
    echo "amp-ref diffère du calcul à la main dans $d"; status=1
  fi
  compare "$d" "$(cat "$d/au")" "cas $(basename "$d")"
done
compare "$ROOT/examples/belvance/donnees" 2025-12-31 "examples/belvance/donnees"
must_see '^mutualisation;bm/travaux;' "exemple" "mutualisation à l'échelle bm"
must_see '^mutualisation;bm/nettoyage/' "exemple" "mutualisation par maître d'ouvrage"
must_see '^mutualisation;tilleuls/travaux;' "exemple" "mutualisation aux Tilleuls"
must_see '^embauches;bm;;fonctionnement_equipement;\(atteint\|non_atteint\);20;[1-9][0-9]*;[1-9]' "exemple" "embauches éligibles"
must_see '^lignes;embauches;[0-9]*;[1-9][0-9]*;[1-9][0-9]*;[1-9]' "exemple" "embauches comptées, non comptées et rejetées"
must_see '^indicateur;jeunes_sans_qualification;nombre;;[1-9]' "exemple" "public local"
for fmt in csv-fr csv csv-1252 json; do
  for seed in 1 42; do
    d=$tmp/$fmt-$seed
    "$B/gen-donnees" --territoire belvance --profil demo --graine "$seed" --format "$fmt" --invalides 25 \
      --sortie "$d" >/dev/null || exit 1
    for au in 2023-06-30 2025-12-31; do
      compare "$d" "$au" "$fmt graine $seed au $au"
    done
  done
done
exit $status
