#!/usr/bin/env bash
# tests/cli/fichiers-ordinaires.sh: a FIFO, a socket or a device given as a charter, an import or a data file is refused at once (exit 2 or C0205), never opened for reading (which blocks on a FIFO for ever).
set -u
. "$ROOT/tests/cli/lib/hostile.sh"

# Each run gets 10 s: before the fix, an import naming a FIFO hung until killed.
mkdir -p "$tmp/d"
mkfifo "$tmp/d/tube.charte"
printf 'charte « Importe un tube »\n\nutilise « tube.charte »\n' >"$tmp/d/main.charte"
out=$(timeout 60 "$CHARTE" check "$tmp/d/main.charte" 2>&1); rc=$?
if [ $rc -ne 1 ] || ! grep -q 'C0205.*fichier ordinaire' <<<"$out"; then
  echo "import d'un tube : code $rc (1 et C0205 attendus)"; echo "$out" | head -5; failures=$((failures + 1))
fi

# The charter itself: a FIFO, a character device, stdin as a pipe.
for f in "$tmp/d/tube.charte" /dev/null /dev/zero; do
  out=$(timeout 60 "$CHARTE" check "$f" 2>&1); rc=$?
  if [ $rc -ne 2 ] || ! grep -q 'fichier ordinaire' <<<"$out"; then
    echo "charte $f : code $rc (2 et « fichier ordinaire » attendus)"; echo "$out" | head -5; failures=$((failures + 1))
  fi
done
out=$(printf 'charte « x »\n' | timeout 60 "$CHARTE" check /dev/stdin 2>&1); rc=$?
[ $rc -eq 2 ] || { echo "charte lue dans un tube (/dev/stdin) : code $rc (2 attendu)"; echo "$out"; failures=$((failures + 1)); }

# A data file: marches.csv replaced by a FIFO, then by a link to /dev/zero.
cp -r "$ROOT/examples/amp/donnees" "$tmp/donnees"
rm "$tmp/donnees/marches.csv"
mkfifo "$tmp/donnees/marches.csv"
for kind in tube zero; do
  if [ $kind = zero ]; then rm "$tmp/donnees/marches.csv"; ln -s /dev/zero "$tmp/donnees/marches.csv"; fi
  out=$(timeout 60 "$CHARTE" eval "$ROOT/examples/amp/amp.charte" --donnees "$tmp/donnees" --au 31/12/2024 2>&1); rc=$?
  if [ $rc -ne 2 ] || ! grep -q 'fichier ordinaire' <<<"$out"; then
    echo "données : marches.csv ($kind) : code $rc (2 et « fichier ordinaire » attendus)"; echo "$out" | head -5; failures=$((failures + 1))
  fi
done

[ $failures -eq 0 ]
