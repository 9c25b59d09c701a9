#!/usr/bin/env bash
# tests/cli/faults-fichiers.sh: a missing file, a folder, an unreadable file, a read error, a truncated charter: a clear message and the right exit code.
set -u
. "$ROOT/tests/cli/lib/hostile.sh"

# io_error NAME FILE PATTERN: the same, and the exit code is 2 (an I/O error, not a finding).
io_error() {
  hostile "$@" || return
  if [ "$last_rc" -ne 2 ]; then
    echo "$1 : code de sortie $last_rc (2 attendu pour une erreur d'entrée-sortie)"
    failures=$((failures + 1))
  fi
}

io_error "fichier absent" "$tmp/absent.charte" 'absent|introuvable|existe pas|not found|No such'
io_error "chemin sous un fichier" "$ROOT/stdlib/anru.charte/x.charte" 'absent|introuvable|existe pas|not found|No such'
mkdir "$tmp/dossier.charte"
io_error "dossier" "$tmp/dossier.charte" 'dossier|directory'

# Unreadable: tests run as root, which chmod 000 does not stop. Dropping
# CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH from the bounding set (setpriv,
# util-linux) makes root obey the permission bits for that one command.
printf 'charte « secret »\n' >"$tmp/illisible.charte"
chmod 000 "$tmp/illisible.charte"
if [ "$(id -u)" != 0 ]; then
  io_error "fichier illisible" "$tmp/illisible.charte" 'illisible|unreadable|Permission'
elif command -v setpriv >/dev/null && setpriv --bounding-set -dac_override,-dac_read_search true 2>/dev/null; then
  real_charte=$CHARTE
  CHARTE="$tmp/sans-droits"
  printf '#!/bin/sh\nexec setpriv --bounding-set -dac_override,-dac_read_search "%s" "$@"\n' "$real_charte" >"$CHARTE"
  chmod +x "$CHARTE"
  io_error "fichier illisible" "$tmp/illisible.charte" 'illisible|unreadable|Permission'
  CHARTE=$real_charte
else
  echo "fichier illisible : ignoré (root sans setpriv utilisable : chmod 000 ne l'arrête pas)"
fi

# A read error after a successful open: /proc/self/mem fails with EIO at offset 0.
io_error "erreur de lecture" /proc/self/mem 'illisible|unreadable|erreur|error'

# Truncated charters: the AMP example cut inside a table, inside a « string »
# and inside a UTF-8 sequence ('é' is two bytes). Findings (exit 1), not a crash.
amp=$ROOT/examples/amp/amp.charte
# (A cut inside a comment or between two articles leaves a valid, shorter
# charter: nothing can tell it from one written that way, so those cuts are
# not asked to fail.)
for cut in 700 1500; do
  head -c "$cut" "$amp" >"$tmp/tronque-$cut.charte"
  hostile "amp.charte tronqué à $cut octets" "$tmp/tronque-$cut.charte" 'error|erreur'
done
head -c $(( $(grep -bo 'é' "$amp" | head -40 | tail -1 | cut -d: -f1) + 1 )) "$amp" >"$tmp/tronque-utf8.charte"
hostile "amp.charte tronqué au milieu d'un caractère" "$tmp/tronque-utf8.charte" 'C0002|UTF-8'

# An empty file and a file of blank lines: a message, not a crash.
: >"$tmp/vide.charte"
hostile "fichier vide" "$tmp/vide.charte" 'error|erreur'
printf '\n\n   \n\t\n' >"$tmp/blanc.charte"
hostile "fichier blanc" "$tmp/blanc.charte" 'error|erreur'

[ $failures -eq 0 ]
