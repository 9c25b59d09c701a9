#!/usr/bin/env bash
# tests/cli/limits-lineaire.sh: a charter large in one dimension is checked within a memory ceiling that a cost growing with the square of that dimension would break (the figures per dimension: make bench-scale, docs/performance.md).
set -u
. "$ROOT/tests/cli/lib/builds.sh"
. "$ROOT/tests/cli/lib/hostile.sh"

# 16 000 amendments of one rule took 2.1 GB when each amendment allocated an
# array as long as all the `modifie` lines together; linear, they take about
# 60 MB. The normal build runs under a 1 GiB address-space ceiling (ASan's
# shadow memory needs terabytes of address space, so the sanitizer build only
# runs the largest case, under the time limit of hostile).
#
# The sanitizer pass runs every command below (each reader, checker pass and
# writer the normal pass takes) on charters an eighth as large (amendments of
# 2 000, 4 000 communes, 16 000 publics…): ASan and UBSan find a fault on
# the path a run takes, and a commune more of the same shape takes no new one;
# the ceilings, which are what the sizes are for, bind only the normal build.
# Every output check names the last item of the size run, whichever it is.
sanitized=0 shrink=1
charte_in_san_pass && sanitized=1 shrink=8
# size N: N for the normal build, N / shrink for the sanitizer build.
size() { echo $(($1 / shrink)); }
# thousands N: a pattern for N (a multiple of 1000) as a report writes it, 128 000.
thousands() { echo "${1%000}.*000"; }

# scaled DIMENSION N RC [PATTERN]: generates the charter, checks it (`test`
# for examples) under the ceiling, and expects exit code RC and PATTERN.
scaled() {
  local dim=$1 n=$2 want=$3 pattern=${4:-} cmd=check rc
  [ "$dim" = examples ] && cmd=test
  rm -rf "$tmp/$dim"
  "$ROOT/tests/bench/scale-gen.sh" "$dim" "$n" "$tmp/$dim"
  ( [ $sanitized -eq 1 ] || ulimit -v 1048576
    exec timeout 300 "$CHARTE" "$cmd" "$tmp/$dim/main.charte" ) >"$tmp/out" 2>&1
  rc=$?
  if [ $rc -ne "$want" ]; then
    echo "$dim × $n : code $rc ($want attendu ; mémoire épuisée ?)"; tail -3 "$tmp/out"; failures=$((failures + 1))
  elif [ -n "$pattern" ] && ! grep -Eq "$pattern" "$tmp/out"; then
    echo "$dim × $n : « $pattern » absent"; tail -3 "$tmp/out"; failures=$((failures + 1))
  fi
}

scaled amendments "$(size 16000)" 1 'C0403'
if [ $sanitized -eq 0 ]; then
  scaled articles 4000 0 'C0203'
  scaled scopes 4000 0
  scaled scope-depth 4000 1 'C0416'
  scaled families 4000 0
  scaled targets 4000 0
  scaled publics 4000 0 'C0203'
  scaled examples 4000 0 '4000 passed, 0 failed'
  scaled imports 2000 0
  scaled table-rows 4000 0
  scaled hires 16000 0
fi

# The same charter of 16 000 hires targets (one per contracting authority) evaluated and
# rendered at a date: grouping the targets by comparing each with every other took 3 GB
# (eval kept, per target, an array as long as all the rules) and 26 s of processor (render)
# at 16 000; grouped by one key each, 35 MB and under a second.
# limited LABEL CPU WHAT CHARTER ARGS…: charte WHAT CHARTER ARGS… under 1 GiB of address space
# (not for the sanitizer build) and CPU seconds of processor; exit $want expected (default 0).
limited() {
  local label=$1 cpu=$2 what=$3 want=${want:-0} rc; shift 3
  ( [ $sanitized -eq 1 ] || ulimit -v 1048576
    ulimit -t "$cpu"
    exec timeout 600 "$CHARTE" "$what" "$@" ) >"$tmp/out" 2>&1
  rc=$?
  [ $rc -eq "$want" ] || { echo "$label, $what : code $rc ($want attendu ; mémoire ou temps épuisés ?)"; tail -3 "$tmp/out"; failures=$((failures + 1)); }
}
hires_run() {   # what, then the arguments of charte after the charter
  local what=$1; shift
  limited "hires × 16000" 10 "$what" "$tmp/hires/main.charte" "$@"
}
if [ $sanitized -eq 0 ]; then
  d=$tmp/hires-donnees
  mkdir -p "$d"
  printf 'marche;intitule;famille;maitre_ouvrage;perimetre;montant_ht;date_notification;heures_travaillees\nM1;Marché 1;nettoyage;Bailleur 1;pays_aix;100000;01/02/2024;1000\n' >"$d/marches.csv"
  printf 'participant;sexe;date_naissance;qpv;date_entree\nP1;F;01/01/1990;QN01309C;01/01/2024\n' >"$d/participants.csv"
  printf 'marche;participant;mois;heures;modalite\nM1;P1;03/2024;100;etti\n' >"$d/heures.csv"
  printf 'embauche;maitre_ouvrage;perimetre;date_embauche;nature;marche;participant;type_contrat;duree_mois\nE1;Bailleur 16000;pays_aix;01/03/2024;nettoyage;M1;P1;cdi;\n' >"$d/embauches.csv"
  hires_run eval --donnees "$d" --au 2025-12-31 --format json
  grep -q '"maitre_ouvrage": "Bailleur 16000", "nature": "nettoyage", "statut": "non_atteint"' "$tmp/out" || { echo "hires : l'objectif de « Bailleur 16000 » absent du rapport"; failures=$((failures + 1)); }
  hires_run render --au 2025-01-01
  grep -q '^| `nettoyage` | .* | Bailleur 16000 | 10[^|]*% des embauches | \[article 5\]' "$tmp/out" || { echo "hires : la ligne de « Bailleur 16000 » absente du texte consolidé"; failures=$((failures + 1)); }
  # diff looked each owner's target up by a pass over all the rules, for each target and date (and
  # compared each rule's class with every class before it): 16000 targets took about a minute.
  sed 's/« Bailleur 16000 » : nettoyage 10 %/« Bailleur 16000 » : nettoyage 12 %/' "$tmp/hires/main.charte" >"$tmp/hires/avenant.charte"
  want=1 hires_run diff "$tmp/hires/avenant.charte"
  grep -A1 '^\[plus strict\] nettoyage × pays_aix (maître d.ouvrage « Bailleur 16000 ») : objectif d.embauches' "$tmp/out" | grep -q '10.*%.*→.*12.*%' \
    && grep -q 'Changements : 1 ' "$tmp/out" || { echo "hires : le diff ne dit pas le seul changement, celui de « Bailleur 16000 »"; failures=$((failures + 1)); }
fi

# 32 000 communes, each with its local target, and one contract in each: every rule resolved
# scanned all the rules (eval_resolve), render passed over every rule, scope and family at each
# declaration, eval and diff looked each scope up by a pass over them all and put them in tree
# order by a pass at each. The old binary took 38 to 91 s of processor for each command below;
# indexed, under a second each (the sanitizer build: a few seconds). 10 s of processor (60 for
# the sanitizer build) are far from both.
cpu=10; [ $sanitized -eq 1 ] && cpu=60
n=$(size 32000)
"$ROOT/tests/bench/scale-gen.sh" targets "$n" "$tmp/targets"
d=$tmp/targets-donnees
mkdir -p "$d"
{ printf 'marche;intitule;famille;maitre_ouvrage;perimetre;montant_ht;date_notification;heures_travaillees\n'
  perl -e 'printf "M%d;Marché %d;nettoyage;Bailleur;c%d;100000;01/02/2024;1000\n", $_, $_, $_ for 1..$ARGV[0]' "$n"; } >"$d/marches.csv"
printf 'participant;sexe;date_naissance;qpv;date_entree\nP1;F;01/01/1990;QN01309C;01/01/2024\n' >"$d/participants.csv"
printf 'marche;participant;mois;heures;modalite\nM%d;P1;03/2024;100;etti\n' "$n" >"$d/heures.csv"
limited "targets × $n" $cpu render "$tmp/targets/main.charte" --au 2025-01-01
# the last commune's row, with the article of its own target, and its threshold inherited
grep -q "^| \`nettoyage\` | C$n (\`c$n\`) |"' 12[^|]*% des heures | \[article 6\][^|]* | 40[^|]*000[^|]*€ | \[article 3\]' "$tmp/out" \
  || { echo "targets : la ligne de c$n absente du texte consolidé"; failures=$((failures + 1)); }
limited "targets × $n" $cpu render "$tmp/targets/main.charte"
grep -q "Pour les marchés de nettoyage à l.échelle de .*C$n.*, au moins 12.*% des heures travaillées, dès 40.*000.*€ HT (seuil fixé à l.*article 3" "$tmp/out" \
  || { echo "targets : la phrase de l'objectif de c$n absente du rendu"; failures=$((failures + 1)); }
limited "targets × $n" $cpu eval "$tmp/targets/main.charte" --donnees "$d" --au 2025-12-31 --format json
grep -A3 "\"marche\": \"M$n\"" "$tmp/out" | tr -d '\n' | grep -q '"taux": 12, "seuil": 40000.*"articles": \["article 6 « Objectifs locaux »", "article 3 « Objectifs »"\]' \
  || { echo "targets : le marché M$n, son taux de 12 % et ses articles absents du rapport"; failures=$((failures + 1)); }
sed "s/c$n : nettoyage 12 %/c$n : nettoyage 15 %/" "$tmp/targets/main.charte" >"$tmp/targets/avenant.charte"
want=1 limited "targets × $n" $cpu diff "$tmp/targets/main.charte" "$tmp/targets/avenant.charte"
grep -q 'Changements : 1 ' "$tmp/out" && grep -A1 "^\\[plus strict\\] nettoyage × c$n : objectif d.heures" "$tmp/out" | grep -q '12.*%.*→.*15.*%' \
  || { echo "targets : le diff ne dit pas le seul changement, celui de c$n"; failures=$((failures + 1)); }

# 128 000 publics and 128 000 indicators, one a line: render passed over every public and every
# indicator at each of their declarations (the old binary: 17 s of processor at 100 000, the square
# of it at 128 000); placed once by where they start, about 1.5 s (the sanitizer build: 5 s). 8 s
# of processor (60 for the sanitizer build) are far from both; so are they for the cases below.
cpu=8; [ $sanitized -eq 1 ] && cpu=60
n=$(size 128000)
"$ROOT/tests/bench/scale-gen.sh" indicators "$n" "$tmp/indicators"
limited "indicators × $n" $cpu render "$tmp/indicators/main.charte"
grep -q "^- \\*\\*p$n\\*\\* (\`p$n\`) : un participant pour qui \`mois_inscription\` vaut au moins $(thousands "$n")\\.\$" "$tmp/out" \
  && grep -q "^- \\*\\*I$n\\*\\* (\`i$n\`) : nombre de participants .*p$n.*\\.\$" "$tmp/out" \
  || { echo "indicators : le public p$n ou l'indicateur i$n absent du rendu"; failures=$((failures + 1)); }

# A literate charter of 100 000 articles, each in its own ```charte block: render passed over every
# item of the charter at each block (the old binary: about 20 s of processor); blocks and items are
# both in the text's order, walked together.
n=$(size 100000)
"$ROOT/tests/bench/scale-gen.sh" literate "$n" "$tmp/literate"
limited "literate × $n" $cpu render "$tmp/literate/main.charte.md"
grep -q "^Commune $n\\.\$" "$tmp/out" && grep -A4 "^## Article $((n + 4)) — C$n\$" "$tmp/out" | grep -q "^- \\*\\*C$n\\*\\* (\`c$n\`), commune" \
  || { echo "literate : la dernière commune, sa prose et son article, absente du rendu"; failures=$((failures + 1)); }

# Two passes of the checker: a threshold per commune, each compared with every threshold rule of
# its family (check_raised_thresholds; 100 000 communes: about a minute of processor), and a general
# target per commune beside an owner's hires target each at the scope above, each general rule
# walking every owner's rule (check_owner_rules; 8 000 of each: 21 s and 3.2 GB). Read through the
# rule index, a fraction of a second each; the one warning each charter holds is still said.
n=$(size 100000)
"$ROOT/tests/bench/scale-gen.sh" thresholds "$n" "$tmp/thresholds"
limited "thresholds × $n" $cpu check "$tmp/thresholds/main.charte"
[ "$(grep -c 'warning\[C0432\]' "$tmp/out")" = 1 ] && grep -q "warning\\[C0432\\]: le seuil de 50.*000 € pour « nettoyage » à l.échelle c$n .*le seuil de 40.*000 € fixé à l.échelle pays_aix" "$tmp/out" \
  || { echo "thresholds : le seul seuil relevé, celui de c$n, n'est pas dit une fois"; tail -3 "$tmp/out"; failures=$((failures + 1)); }
n=$(size 16000)
"$ROOT/tests/bench/scale-gen.sh" owners "$n" "$tmp/owners"
limited "owners × $n" $cpu check "$tmp/owners/main.charte"
[ "$(grep -c 'warning\[C0404\]' "$tmp/out")" = 1 ] && grep -q 'warning\[C0404\]: la règle de « nettoyage » à l.échelle c1 pour le maître d.ouvrage « Bailleur 1 » et la règle générale à l.échelle q1 ' "$tmp/out" \
  || { echo "owners : la seule paire de règles incomparables, Bailleur 1 à c1 et q1, n'est pas dite une fois"; tail -3 "$tmp/out"; failures=$((failures + 1)); }

[ $failures -eq 0 ]
