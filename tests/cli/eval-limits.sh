#!/usr/bin/env bash
# tests/cli/eval-limits.sh: data files past the loader's limits (a 100 MB line, a 100 KB field, 300 columns, a JSON depth bomb, random bytes): a message, bounded time, never a signal.
set -u
: "${CHARTE:?}" "${ROOT:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
AMP=$ROOT/examples/amp/amp.charte
SRC=$ROOT/examples/amp/donnees

# hostile_data NAME DIR PATTERN: eval ends within 30 s, exit 0 (rows rejected), 1 or 2,
# never a signal, and says something matching PATTERN.
hostile_data() {
  local name=$1 dir=$2 pattern=$3 rc
  timeout 300 "$CHARTE" eval "$AMP" --donnees "$dir" --au 2025-12-31 >"$tmp/out" 2>&1
  rc=$?
  if [ $rc -eq 124 ]; then echo "$name : plus de 300 s"
  elif [ $rc -ge 128 ]; then echo "$name : tué par le signal $((rc - 128))"
  elif [ $rc -gt 2 ]; then echo "$name : code de sortie $rc"
  elif ! grep -Eq "$pattern" "$tmp/out"; then echo "$name : message attendu ($pattern) absent"; head -c 1500 "$tmp/out"
  else return 0
  fi
  failures=$((failures + 1))
}

fresh() { rm -rf "$tmp/d"; mkdir -p "$tmp/d"; cp "$SRC"/*.csv "$tmp/d/"; }

# A 100 MB line in the hour lines (the row limit is 1 MiB).
fresh
perl -e 'print "M0001;P00001;03/2024;", "7" x 100_000_000, ";etti\r\n"' >> "$tmp/d/heures.csv"
hostile_data "ligne de 100 Mo" "$tmp/d" 'ligne|line'

# A 100 KB field (the field limit is 64 KiB).
fresh
perl -e 'print "M9999;", "x" x 100_000, ";nettoyage;Ville de Marseille;amp;50000;01/02/2024;\r\n"' >> "$tmp/d/marches.csv"
hostile_data "champ de 100 Ko" "$tmp/d" 'champ|field|ligne'

# A header of 300 columns (the limit is 256).
fresh
{ perl -e 'print join(";", map { "c$_" } 1..300), "\r\n"'; } > "$tmp/d/participants.csv"
hostile_data "300 colonnes" "$tmp/d" 'colonnes|columns'

# A JSON depth bomb in place of the contracts.
fresh
rm "$tmp/d/marches.csv"
perl -e 'print "[" x 100000, "]" x 100000' > "$tmp/d/marches.json"
hostile_data "JSON imbriqué 100 000 fois" "$tmp/d" 'imbriqu|depth|nested'

# Random bytes as each table in turn.
for t in marches participants heures; do
  fresh
  head -c 200000 /dev/urandom > "$tmp/d/$t.csv"
  hostile_data "octets aléatoires ($t.csv)" "$tmp/d" 'erreur|error|rejet|colonne|column'
done
[ $failures -eq 0 ]
