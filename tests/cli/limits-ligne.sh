#!/usr/bin/env bash
# tests/cli/limits-ligne.sh: huge files, lines, names, strings and numbers: `charte check` answers with its limit's message, exit 1 or 2, quickly.
# Inputs are generated in a temp folder (never committed); perl-base is part of every Debian system.
set -u
. "$ROOT/tests/cli/lib/hostile.sh"

head_charter='charte « Limites »

article 1 « Constantes »
'

# A 100 MB line: over the 16 MiB source limit, refused before reading.
perl -e 'print "charte « x »\n  constante x : "; print "1" x (100*1024*1024); print "\n"' >"$tmp/ligne-100mo.charte"
hostile "ligne de 100 Mo" "$tmp/ligne-100mo.charte" 'trop gros|too large'

# A 10 MB line fits the source limit: the line limit (C0701) answers.
perl -e 'print "charte « x »\n  constante x : "; print "1 + " x (10*1024*1024/4); print "1\n"' >"$tmp/ligne-10mo.charte"
hostile "ligne de 10 Mo" "$tmp/ligne-10mo.charte" 'C0701'

# A 10 MB identifier: a line too long as well.
perl -e 'print "charte « x »\n\narticle 1 « c »\n  constante "; print "a" x (10*1024*1024); print " : 1\n"' >"$tmp/nom-10mo.charte"
hostile "nom de 10 Mo" "$tmp/nom-10mo.charte" 'C0701|C0704'

# Names, strings and numbers just past their own limits, on lines within the line limit.
{ printf '%s' "$head_charter"; perl -e 'print "  constante ", "é" x 200, " : 1\n"'; } >"$tmp/nom-long.charte"
hostile "nom de 400 octets" "$tmp/nom-long.charte" 'C0704'
{ printf '%s' "$head_charter"; perl -e 'print "  constante x : « ", "texte " x 3000, "»\n"'; } >"$tmp/chaine-longue.charte"
hostile "chaîne de 18 Kio" "$tmp/chaine-longue.charte" 'C0706'
{ printf '%s' "$head_charter"; perl -e 'print "  constante x : ", "9" x 5000, "\n"'; } >"$tmp/nombre-long.charte"
hostile "nombre de 5000 chiffres" "$tmp/nombre-long.charte" 'C0705'

# 16 MB of short lines (just under the 16 MiB source limit): must still end quickly.
{ printf '%s' "$head_charter"; perl -e 'for (1..500000) { print "  -- commentaire de remplissage\n" }'; echo '  constante x : (1'; } >"$tmp/gros-fichier.charte"
hostile "fichier de 16 Mo" "$tmp/gros-fichier.charte" 'error|erreur'

[ $failures -eq 0 ]
