#!/usr/bin/env bash
# tests/cli/sortie-fichier.sh: -o never destroys an input (charter, import, data file, through links), says every problem with the output before any work, takes any name the file system takes, follows a symbolic link, keeps a file's mode, refuses a read-only file and a second -o.
set -u
. "$ROOT/tests/cli/lib/hostile.sh"

cp -r "$ROOT/examples/amp/donnees" "$tmp/D"
cp -r "$ROOT/examples/amp/donnees" "$tmp/D.orig"
# The AMP charter, importing one of its articles from a file of its folder.
cp "$ROOT/examples/amp/amp.charte" "$tmp/AMP.charte"
printf 'charte « Vide »\n' >"$tmp/lib.charte"
sed -i 's/^utilise anru$/utilise anru\nutilise « lib.charte »/' "$tmp/AMP.charte"
cp "$tmp/AMP.charte" "$tmp/AMP.orig"; cp "$tmp/lib.charte" "$tmp/lib.orig"
cd "$tmp"

# run NAME WANT_RC PATTERN ARGS…: charte eval AMP.charte --donnees D ARGS…
run() {
  local name=$1 want=$2 pattern=$3 rc; shift 3
  "$CHARTE" eval AMP.charte --donnees D --au 31/12/2024 "$@" >out 2>err
  rc=$?
  if [ $rc -ne "$want" ]; then
    echo "$name : code $rc ($want attendu)"; head -3 err; failures=$((failures + 1))
  elif [ -n "$pattern" ] && ! grep -Eq "$pattern" err; then
    echo "$name : message attendu ($pattern) absent"; head -3 err; failures=$((failures + 1))
  fi
}
# intact NAME: the inputs are as they were.
intact() {
  if ! diff -r D D.orig >/dev/null || ! cmp -s AMP.charte AMP.orig || ! cmp -s lib.charte lib.orig; then
    echo "$1 : une entrée a été modifiée"; failures=$((failures + 1))
    rm -rf D; cp -r D.orig D; cp AMP.orig AMP.charte; cp lib.orig lib.charte
  fi
}

# 1. An output that is an input: refused (exit 2), the input untouched.
entree='aussi une entrée'
run "-o fichier de données" 2 "$entree" -o D/marches.csv; intact "-o fichier de données"
run "-o charte" 2 "$entree" -o AMP.charte; intact "-o charte"
run "-o module importé" 2 "$entree" -o lib.charte; intact "-o module importé"
run "-o ./D/../D/heures.csv" 2 "$entree" -o ./D/../D/heures.csv; intact "-o chemin détourné"
ln -s D/participants.csv lien; run "-o lien vers une donnée" 2 "$entree" -o lien; intact "-o lien"
ln D/heures.csv dur; run "-o lien dur vers une donnée" 2 "$entree" -o dur; intact "-o lien dur"
[ -L lien ] || { echo "-o lien : le lien a été remplacé"; failures=$((failures + 1)); }

# 2. Every problem with the output comes before any work: with a charter
# in error, only the output is reported (no diagnostic, exit 2 not 1).
cp AMP.charte bad.charte; printf 'article 99 « X »\n  constante a : b\n' >>bad.charte
before_work() {
  local name=$1 pattern=$2 rc; shift 2
  "$CHARTE" eval bad.charte --donnees D --au 31/12/2024 "$@" >out 2>err
  rc=$?
  # The output's own error (C0008, C0007 for a second -o) is the only line.
  if [ $rc -ne 2 ] || grep -v '^charte: error\[C000[78]\]: ' err | grep -q . || ! grep -Eq "$pattern" err; then
    echo "$name : code $rc, ou message après le travail"; head -3 err; failures=$((failures + 1))
  fi
}
before_work "-o dossier absent" 'dossier introuvable' -o absent/r.txt
before_work "-o dossier" 'est un dossier' -o D
before_work "-o sous un fichier" "pas un dossier" -o AMP.orig/r.txt
before_work "-o nom de 256 octets" 'nom trop long' -o "$(printf 'n%.0s' $(seq 256))"
touch lecture-seule.txt; chmod 444 lecture-seule.txt
before_work "-o lecture seule" 'lecture seule' -o lecture-seule.txt
[ -s lecture-seule.txt ] && { echo "-o lecture seule : fichier modifié"; failures=$((failures + 1)); }
before_work "-o donné deux fois" 'deux fois' -o a.txt -o b.txt
[ -e a.txt ] || [ -e b.txt ] && { echo "-o deux fois : un fichier a été écrit"; failures=$((failures + 1)); }
before_work "-o fichier de données (charte en erreur)" "$entree" -o D/marches.csv
# A folder that cannot be written (root ignores permission bits: drop the
# capabilities for that one command, as in faults-fichiers.sh).
mkdir ferme; chmod 555 ferme
if [ "$(id -u)" != 0 ]; then
  before_work "-o dossier non inscriptible" 'Permission|refus' -o ferme/r.txt
elif command -v setpriv >/dev/null && setpriv --bounding-set -dac_override,-dac_read_search true 2>/dev/null; then
  real=$CHARTE; CHARTE="$tmp/sans-droits"
  printf '#!/bin/sh\nexec setpriv --bounding-set -dac_override,-dac_read_search "%s" "$@"\n' "$real" >"$CHARTE"; chmod +x "$CHARTE"
  before_work "-o dossier non inscriptible" 'Permission|refus' -o ferme/r.txt
  CHARTE=$real
fi

# 3. Any name the file system takes: 248 to 255 bytes, and nothing else left.
mkdir noms
for len in 248 255; do
  name=$(printf 'r%.0s' $(seq "$len"))
  run "-o nom de $len octets" 0 '' -o "noms/$name"
  [ -s "noms/$name" ] || { echo "-o nom de $len octets : rapport absent"; failures=$((failures + 1)); }
done
[ "$(ls -A noms | wc -l)" -eq 2 ] || { echo "-o noms longs : fichiers en trop"; ls -A noms; failures=$((failures + 1)); }

# 4. A symbolic link: its target gets the report, the link stays a link.
printf 'ancien\n' >cible.txt; chmod 640 cible.txt; ln -s cible.txt vers-cible
run "-o lien symbolique" 0 '' -o vers-cible
{ [ -L vers-cible ] && grep -q 'Évaluation au' cible.txt; } ||
  { echo "-o lien symbolique : cible non écrite ou lien remplacé"; failures=$((failures + 1)); }
# …and the file replaced keeps its mode.
[ "$(stat -c %a cible.txt)" = 640 ] || { echo "-o : mode $(stat -c %a cible.txt) au lieu de 640"; failures=$((failures + 1)); }
# A device is written in place, and so is a pipe behind /dev/stdout.
run "-o /dev/null" 0 '' -o /dev/null
[ -c /dev/null ] || { echo "/dev/null remplacé"; failures=$((failures + 1)); }
"$CHARTE" eval AMP.charte --donnees D --au 31/12/2024 -o /dev/stdout 2>err | grep -q 'Évaluation au' ||
  { echo "-o /dev/stdout dans un tube : rapport absent"; head -3 err; failures=$((failures + 1)); }
intact "fin"

[ $failures -eq 0 ]
