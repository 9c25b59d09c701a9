#!/usr/bin/env bash
# tests/cli/json-flux.sh: JSON tables are streamed: a row holding a 30 MiB string is one rejected row, read in bounded memory, and the rest of the report is unchanged.
set -u
. "$ROOT/tests/cli/lib/builds.sh"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
AMP=$ROOT/examples/amp/amp.charte
src=$ROOT/examples/amp/donnees-json
fail=0
mkdir "$tmp/d"
cp "$src"/*.json "$tmp/d/"
# After the first row of heures.json, a copy of it whose modalite is 30 MiB long.
{
  head -n 2 "$src/heures.json"
  printf '{"marche": "M0019", "participant": "P00073", "mois": "2023-01", "heures": 7.5, "modalite": "'
  head -c $((30 * 1024 * 1024)) /dev/zero | tr '\0' 'x'
  printf '"},\n'
  tail -n +3 "$src/heures.json"
} > "$tmp/d/heures.json"
"$CHARTE" eval "$AMP" --donnees "$src" --au 2025-12-31 --format json > "$tmp/ref.json" || { echo "données de référence : code $?"; fail=1; }
# Peak memory, except under the sanitizers (their shadow memory is not the reader's).
if charte_in_san_pass; then mem=(); else mem=(/usr/bin/time -f '%M' -o "$tmp/rss"); fi
"${mem[@]}" "$CHARTE" eval "$AMP" --donnees "$tmp/d" --au 2025-12-31 --format json > "$tmp/big.json" \
  || { echo "ligne de 30 Mio : code $?"; fail=1; }
grep -q '"ligne": 3, "motif": "champ de plus de 65 536 octets' "$tmp/big.json" \
  || { echo "ligne de 30 Mio : pas rejetée comme champ trop long"; fail=1; }
if [ -f "$tmp/rss" ]; then
  rss=$(tail -1 "$tmp/rss")
  # The whole-document reader took 136 MB here; a stream holds a chunk and one row.
  [ "$rss" -lt 40000 ] || { echo "ligne de 30 Mio : $rss Ko de mémoire au plus fort (40 000 au plus)"; fail=1; }
fi
# The hour lines: one more read, one more rejected, the same counted.
counts() { grep -o '"heures": { "lues": [0-9]*, "comptees": [0-9]*, "non_comptees": [0-9]*, "rejetees": [0-9]*' "$1" | grep -o '[0-9]*' | tr '\n' ' '; }
read -r lues comptees non rejetees <<< "$(counts "$tmp/ref.json")"
[ -n "${rejetees:-}" ] || { echo "comptes des heures introuvables"; fail=1; }
want="$((lues + 1)) $comptees $non $((rejetees + 1)) "
[ "$(counts "$tmp/big.json")" = "$want" ] || { echo "comptes des heures : $(counts "$tmp/big.json")au lieu de $want"; fail=1; }
exit $fail
