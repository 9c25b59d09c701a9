#!/bin/sh
# tools/embed.sh: writes the C initialisers that embed stdlib/*.charte in the binary (see lang/prelude.c).
set -eu
for f in "$@"; do
  name=$(basename "$f" .charte)
  printf '{ "%s", (const unsigned char[]){ ' "$name"
  od -An -v -tx1 "$f" | tr -s ' \n' ' ' | sed -e 's/^ //' -e 's/ $//' -e 's/\([0-9a-f][0-9a-f]\)/0x\1,/g'
  printf ' 0x00 }, %s },\n' "$(wc -c < "$f" | tr -d ' ')"
done
