#!/usr/bin/env bash
# tools/layers.sh: fails when a source file includes a header from a layer above its own.
#
#   tools/layers.sh [ROOT]     exit 0 when every "#include" points down or sideways, 1 otherwise
#
# The layers, bottom up (README.md, "Layout"): base/ (memory, numbers, dates, values,
# UTF-8, maps) < lang/ (text to checked model) < runtime/ (data, evaluation, reports)
# < cli/ (the command line). The scanner and parser that bison and flex generate into
# build/gen, and the embedded stdlib (*.inc), belong to lang/.
set -u
ROOT=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$ROOT" || exit 2
LAYERS=(base lang runtime cli)

rank_of_folder() {
  local i
  for i in "${!LAYERS[@]}"; do [ "${LAYERS[$i]}" = "$1" ] && { echo "$i"; return; }; done
  echo -1
}

# The layer of an included name: the folder that holds it, or lang/ for generated files.
rank_of_header() {
  local h=$1 d
  case "$h" in parser.h|lexer.h|*.inc) rank_of_folder lang; return ;; esac
  for d in "${LAYERS[@]}"; do [ -f "$d/$h" ] && { rank_of_folder "$d"; return; }; done
  echo -1
}

bad=0
for dir in "${LAYERS[@]}"; do
  own=$(rank_of_folder "$dir")
  for f in "$dir"/*.[chly]; do
    [ -f "$f" ] || continue
    while IFS=: read -r line h; do
      r=$(rank_of_header "$h")
      if [ "$r" -lt 0 ]; then
        echo "$f:$line: \"$h\" is in no layer (base, lang, runtime, cli)"; bad=1
      elif [ "$r" -gt "$own" ]; then
        echo "$f:$line: includes \"$h\" from ${LAYERS[$r]}/, a layer above $dir/"; bad=1
      fi
    done < <(grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$f" \
             | sed 's/^\([0-9]*\):[^"]*"\([^"]*\)".*/\1:\2/')
  done
done
exit $bad
