#!/usr/bin/env bash
# tests/cli/limits-erreurs.sh: a million syntax or lexical errors: `charte check` stops early (C0702), prints a bounded report, exit 1.
set -u
: "${CHARTE:?}" "${ROOT:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

# hostile NAME FILE PATTERN: `charte check FILE` ends within 20 s, exit 1 or
# 2, never a signal; it says something matching PATTERN, in at most 1 MB.
hostile() {
  local name=$1 file=$2 pattern=$3 rc size
  timeout 20 "$CHARTE" check "$file" >"$tmp/out" 2>&1
  rc=$?
  last_rc=$rc
  size=$(wc -c <"$tmp/out")
  if [ $rc -eq 124 ]; then
    echo "$name : plus de 20 s"
  elif [ $rc -ge 128 ]; then
    echo "$name : tué par le signal $((rc - 128))"
  elif [ $rc -ne 1 ] && [ $rc -ne 2 ]; then
    echo "$name : code de sortie $rc (1 ou 2 attendu)"
  elif [ "$size" -gt 1000000 ]; then
    echo "$name : sortie de $size octets (1 Mo au plus)"
  elif ! grep -Eq "$pattern" "$tmp/out"; then
    echo "$name : message attendu ($pattern) absent"
  else
    return 0
  fi
  head -c 2000 "$tmp/out" | head -20
  failures=$((failures + 1))
}

# bounded NAME MAX: the last report has at most MAX lines.
bounded() {
  local lines
  lines=$(wc -l <"$tmp/out")
  if [ "$lines" -gt "$2" ]; then
    echo "$1 : $lines lignes de diagnostics ($2 au plus)"
    failures=$((failures + 1))
  fi
}

head_charter='charte « Erreurs »

article 1 « Bruit »
'

# A million syntax errors: one per line.
{ printf '%s' "$head_charter"; perl -e 'print "  0 0 0\n" x 1000000'; } >"$tmp/syntaxe.charte"
hostile "un million d'erreurs de syntaxe" "$tmp/syntaxe.charte" 'C0702'
bounded "un million d'erreurs de syntaxe" 200

# A million lexical errors on short lines, then on one long line.
{ printf '%s' "$head_charter"; perl -e 'print "  § ¤ @\n" x 1000000'; } >"$tmp/lexique.charte"
hostile "un million d'erreurs lexicales" "$tmp/lexique.charte" 'C0702'
bounded "un million d'erreurs lexicales" 200
{ printf '%s' "$head_charter"; perl -e 'print "  ", "@" x 60000, "\n"'; } >"$tmp/lexique-ligne.charte"
hostile "60 000 erreurs sur une ligne" "$tmp/lexique-ligne.charte" 'C0702'
bounded "60 000 erreurs sur une ligne" 200

# Half a million unterminated strings (13 MB: under the source limit).
{ printf '%s' "$head_charter"; perl -e 'print "  constante x : « pas fini\n" x 500000'; } >"$tmp/chaines.charte"
# 26 MB: past the 16 MiB source limit, which answers first, as clearly.
hostile "500 000 chaînes non terminées" "$tmp/chaines.charte" 'C0702'
bounded "500 000 chaînes non terminées" 200

# Half a million checker errors: valid syntax, every line names an unknown
# constant (and redeclares one). The list of diagnostics may be long; what
# is printed must not be.
{ printf '%s' "$head_charter"; perl -e 'print "  constante a : b\n" x 500000'; } >"$tmp/noms.charte"
hostile "500 000 erreurs du vérificateur" "$tmp/noms.charte" 'error|erreur'
bounded "500 000 erreurs du vérificateur" 400

# The JSON report is bounded the same way.
for f in syntaxe noms; do
  timeout 20 "$CHARTE" check --json "$tmp/$f.charte" >"$tmp/out" 2>&1
  rc=$?
  if [ $rc -ne 1 ] || [ "$(wc -c <"$tmp/out")" -gt 1000000 ]; then
    echo "--json, $f.charte : code $rc, $(wc -c <"$tmp/out") octets (1, au plus 1 Mo attendus)"
    failures=$((failures + 1))
  fi
done

[ $failures -eq 0 ]
