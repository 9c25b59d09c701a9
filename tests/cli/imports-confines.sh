#!/usr/bin/env bash
# tests/cli/imports-confines.sh: a charter imports only the stdlib or files inside its own folder tree: absolute paths, '..' that leaves it and symlinks out of it are C0206.
set -u
: "${CHARTE:?}" "${ROOT:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
mkdir -p "$tmp/charte/sous" "$tmp/dehors"

. "$ROOT/tests/cli/lib/importe.sh"
module_commun "$tmp/dehors/commun.charte"
cp "$tmp/dehors/commun.charte" "$tmp/charte/sous/commun.charte"
ln -s "$tmp/dehors/commun.charte" "$tmp/charte/lien.charte"
ln -s "$tmp/dehors" "$tmp/charte/lien-dossier"

expect() {   # expect NAME IMPORT CODE: check exits 1 with CODE, or 0 when CODE is "ok"
  local name=$1 import=$2 code=$3 out rc
  charte_qui_importe "$import" > "$tmp/charte/main.charte"
  out=$(timeout 300 "$CHARTE" check "$tmp/charte/main.charte" 2>&1); rc=$?
  if [ "$code" = ok ]; then
    if [ $rc -ne 0 ] && ! printf '%s' "$out" | grep -q 'warning'; then echo "$name : code $rc, attendu 0"; printf '%s\n' "$out" | head -5; failures=$((failures + 1)); fi
  elif [ $rc -ne 1 ] || ! printf '%s' "$out" | grep -q "$code"; then
    echo "$name : code $rc, $code attendu"; printf '%s\n' "$out" | head -5; failures=$((failures + 1))
  fi
}

expect "chemin absolu" "$tmp/dehors/commun.charte" C0206
expect "'..' qui sort du dossier" "../dehors/commun.charte" C0206
expect "lien symbolique vers l'extérieur" "lien.charte" C0206
expect "dossier lié vers l'extérieur" "lien-dossier/commun.charte" C0206
expect "sous-dossier" "sous/commun.charte" ok
expect "'..' qui reste dans le dossier" "sous/../sous/commun.charte" ok
[ $failures -eq 0 ]
