#!/usr/bin/env bash
# tests/cli/limits-imbrication.sh: 100 000-deep expressions (parentheses, `non non non …`, long operator chains): a message, exit 1 or 2, never a stack overflow.
set -u
. "$ROOT/tests/cli/lib/hostile.sh"

# survives NAME FILE: same, but exit 0 is fine too (the input is valid).
survives() {
  local name=$1 file=$2 rc
  guarded "$CHARTE" check "$file" >"$tmp/out" 2>&1
  rc=$?
  if [ $rc -eq 124 ] || [ $rc -eq 152 ]; then
    echo "$name : plus de 300 s ou 60 s de processeur"
  elif [ $rc -gt 2 ]; then
    echo "$name : code de sortie $rc$([ $rc -ge 128 ] && echo " (signal $((rc - 128)))")"
  else
    return 0
  fi
  head -c 2000 "$tmp/out" | head -20
  failures=$((failures + 1))
}

head_charter='charte « Imbrication »

article 1 « Constantes »
'
N=100000

# Parentheses, one per line so that no line reaches the line limit (inside
# parentheses a line break does not end the declaration).
{ printf '%s  constante x : ' "$head_charter"; perl -e "print \"(\n\" x $N, \"1\n\", \")\n\" x $N"; } >"$tmp/parentheses.charte"
hostile "$N parenthèses" "$tmp/parentheses.charte" 'C0703'

# The same on one line, 30 000 deep (60 000 bytes: under the 64 KiB line limit).
{ printf '%s  constante x : ' "$head_charter"; perl -e 'print "(" x 30000, "1", ")" x 30000, "\n"'; } >"$tmp/parentheses-ligne.charte"
hostile "30 000 parenthèses sur une ligne" "$tmp/parentheses-ligne.charte" 'C0703'

# `non non non … vrai`, ten per line inside one pair of parentheses.
{ printf '%s  constante x : (' "$head_charter"; perl -e "for (1..$N/10) { print \"non \" x 10, \"\n\" } print \"vrai)\n\""; } >"$tmp/non.charte"
hostile "$N × non" "$tmp/non.charte" 'C0703'

# Unary minus, the other right-recursive prefix.
{ printf '%s  constante x : (' "$head_charter"; perl -e "for (1..$N/10) { print \"- \" x 10, \"\n\" } print \"1)\n\""; } >"$tmp/moins.charte"
hostile "$N × moins unaire" "$tmp/moins.charte" 'C0703|error|erreur'

# 1 + 1 + … (a line ending with an operator continues): the grammar
# reduces as it goes, but the tree is $N deep for whatever walks it
# afterwards (the checker, the printer). Such a charter may be accepted:
# here only a crash or a hang fails.
{ printf '%s  constante x : ' "$head_charter"; perl -e "for (1..$N/10) { print \"1 + \" x 10, \"\n\" } print \"1\n\""; } >"$tmp/somme.charte"
survives "somme de $N termes" "$tmp/somme.charte"

# A chain of `et`, equally deep.
{ printf '%s  constante x : ' "$head_charter"; perl -e "for (1..$N/10) { print \"vrai et \" x 10, \"\n\" } print \"vrai\n\""; } >"$tmp/et.charte"
survives "$N × et" "$tmp/et.charte"

[ $failures -eq 0 ]
