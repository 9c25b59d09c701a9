#!/usr/bin/env bash
# tests/cli/eval-amp-ref.sh: charte eval on the AMP charter agrees with the independent amp-ref, in every data format, invalid rows mixed in.
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
for fmt in csv-fr csv csv-1252 json; do
  for seed in 1 42; do
    d=$tmp/$fmt-$seed
    "$B/gen-donnees" --profil demo --graine "$seed" --format "$fmt" --invalides 25 --sortie "$d" >/dev/null || exit 1
    for au in 2023-06-30 2025-12-31; do
      "$B/amp-ref" --donnees "$d" --au "$au" | sed 's/^\(rejet;[^;]*;[0-9]*\);.*/\1/' > "$tmp/ref" || exit 1
      "$CHARTE" eval "$ROOT/examples/amp/amp.charte" --donnees "$d" --au "$au" --format json > "$tmp/json"
      rc=$?
      if [ $rc -ne 0 ]; then echo "$fmt graine $seed au $au: exit $rc"; status=1; continue; fi
      "$canon" --lines-only < "$tmp/json" > "$tmp/mine" || { status=1; continue; }
      if ! diff -q "$tmp/ref" "$tmp/mine" >/dev/null; then
        echo "$fmt graine $seed au $au: charte et amp-ref diffèrent"
        diff "$tmp/ref" "$tmp/mine" | head -20
        status=1
      fi
    done
  done
done
exit $status
