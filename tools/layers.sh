#!/usr/bin/env bash
# tools/layers.sh: fails when a source file includes a header from a layer above its own.
#
#   tools/layers.sh [ROOT]     exit 0 when every "#include" points down or sideways, 1 otherwise
#
# The layers, bottom up (README.md, "Layout"): base/ (memory, numbers, dates, values,
# UTF-8, maps) < lang/ (text to checked model) < runtime/ (data, evaluation, reports)
# < cli/ (the command line). The scanner and parser that bison and flex generate into
# build/gen, and the embedded stdlib (*.inc), belong to lang/.
#
# One awk pass over every source file: the shell loop it replaces forked twice per
# include (6 s a call, five calls a test run, in both builds' lanes).
set -u
ROOT=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$ROOT" || exit 2
LAYERS="base lang runtime cli"

# The files each layer holds, "rank name" a line (a header found in two layers takes the
# lowest, as the first match of the loop before did).
holds() {
  local rank=0 d f
  for d in $LAYERS; do
    for f in "$d"/*; do [ -f "$f" ] && printf '%d %s\n' "$rank" "${f#"$d"/}"; done
    rank=$((rank + 1))
  done
}

sources=()
for d in $LAYERS; do
  for f in "$d"/*.[chly]; do [ -f "$f" ] && sources+=("$f"); done
done
[ ${#sources[@]} -gt 0 ] || exit 0

holds | awk -v layers="$LAYERS" '
  BEGIN { n = split(layers, name, " "); for (i = 1; i <= n; i++) rank[name[i]] = i - 1 }
  NR == FNR { if (!($2 in where)) where[$2] = $1; next }
  FNR == 1 { split(FILENAME, parts, "/"); own = rank[parts[1]] }
  /^[[:space:]]*#[[:space:]]*include[[:space:]]*"/ {
    h = $0; sub(/^[^"]*"/, "", h); sub(/".*/, "", h)
    if (h == "parser.h" || h == "lexer.h" || h ~ /\.inc$/) r = rank["lang"]
    else if (h in where) r = where[h]
    else r = -1
    if (r < 0) { printf "%s:%d: \"%s\" is in no layer (base, lang, runtime, cli)\n", FILENAME, FNR, h; bad = 1 }
    else if (r > own) { printf "%s:%d: includes \"%s\" from %s/, a layer above %s/\n", FILENAME, FNR, h, name[r + 1], parts[1]; bad = 1 }
  }
  END { exit bad }
' - "${sources[@]}"
