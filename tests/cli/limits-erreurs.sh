#!/usr/bin/env bash
# tests/cli/limits-erreurs.sh: a million syntax or lexical errors: `charte check` stops early (C0702), prints a bounded report, exit 1.
set -u
. "$ROOT/tests/cli/lib/builds.sh"
. "$ROOT/tests/cli/lib/hostile.sh"

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
# is printed must not be. The sanitizer pass checks 62 500 such lines: the
# same checker paths, and still 125 times what is printed (DIAG_MAX_PRINTED,
# DIAG_MAX_JSON, lang/diag.h), where 500 000 cost it 8 s of processor.
names=500000
charte_in_san_pass && names=62500
{ printf '%s' "$head_charter"; perl -e 'print "  constante a : b\n" x $ARGV[0]' "$names"; } >"$tmp/noms.charte"
hostile "$names erreurs du vérificateur" "$tmp/noms.charte" 'error|erreur'
bounded "$names erreurs du vérificateur" 400

# The JSON report is bounded the same way.
for f in syntaxe noms; do
  guarded "$CHARTE" check --json "$tmp/$f.charte" >"$tmp/out" 2>&1
  rc=$?
  if [ $rc -ne 1 ] || [ "$(wc -c <"$tmp/out")" -gt 1000000 ]; then
    echo "--json, $f.charte : code $rc, $(wc -c <"$tmp/out") octets (1, au plus 1 Mo attendus)"
    failures=$((failures + 1))
  fi
done

[ $failures -eq 0 ]
