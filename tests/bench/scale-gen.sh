#!/usr/bin/env bash
# tests/bench/scale-gen.sh: writes a charter that is large in one dimension (make bench-scale, tests/cli/limits-lineaire.sh).
#
#   tests/bench/scale-gen.sh DIMENSION N DIR    writes DIR/main.charte (and DIR/m*.charte for imports;
#                                               DIR/main.charte.md for literate)
#
# Every charter is valid except where the dimension cannot be large without errors
# (amendments of one rule: C0403 conflicts, as in the report that found the quadratic
# cost; a chain of scopes deeper than the four levels: C0xxx per level). Valid or not,
# checking it must cost time and memory linear in N.
set -eu
dim=$1 n=$2 dir=$3
mkdir -p "$dir"
out=$dir/main.charte

head() {
  cat <<'H'
charte « Échelle »
  en vigueur du 01/01/2021 au 31/12/2030

utilise anru
H
}
# The articles every charter needs: a scope, a family with its target, governance.
base() {
  cat <<'H'

article 1 « Périmètres »
  périmètre pays_aix : intercommunal « Pays d'Aix » dans national

article 2 « Familles de marchés »
  famille nettoyage : gestion, part de main-d'œuvre 80 %, coût horaire 25 €/h

article 3 « Objectifs »
  objectif à l'échelle pays_aix : nettoyage 10 %, seuil 40 000 €

article 4 « Gouvernance »
  comité de pilotage « Comité de pilotage insertion » à l'échelle pays_aix
  structure pilote « Maison de l'emploi du Pays d'Aix »
  bilan annuel
H
}

case $dim in
  articles)      # N articles of one constant each
    { head; base; perl -e 'for $i (1..$ARGV[0]) { printf "\narticle %d « A%d »\n  constante c%d : %d €\n", $i + 4, $i, $i, $i }' "$n"; } >"$out" ;;
  amendments)    # N amendments of the same rule (every one after the first a C0403 conflict)
    { head; base; perl -e 'for $i (1..$ARGV[0]) { printf "\navenant %d « A »\n  applicable aux marchés notifiés à partir du 01/01/2024\n  modifie l%sarticle 3\n  objectif à l%séchelle pays_aix : nettoyage 12 %%\n", $i, chr(39), chr(39) }' "$n"; } >"$out" ;;
  scopes)        # N communes in one scope, one line each
    { head; base; printf '\narticle 5 « Communes »\n'; perl -e 'printf "  périmètre c%d : commune « C%d » dans pays_aix\n", $_, $_ for 1..$ARGV[0]' "$n"; } >"$out" ;;
  scope-depth)   # a chain of N scopes, each inside the previous (C0 errors past the four levels)
    { head; base; printf '\narticle 5 « Chaîne »\n  périmètre s0 : commune « S0 » dans pays_aix\n'; perl -e 'printf "  périmètre s%d : projet « S%d » dans s%d\n", $_, $_, $_ - 1 for 1..$ARGV[0]' "$n"; } >"$out" ;;
  families)      # N families, each with its target (a table row each)
    { head; cat <<'H'

article 1 « Périmètres »
  périmètre pays_aix : intercommunal « Pays d'Aix » dans national

article 4 « Gouvernance »
  comité de pilotage « Comité de pilotage insertion » à l'échelle pays_aix
  structure pilote « Maison de l'emploi du Pays d'Aix »
  bilan annuel

article 2 « Familles de marchés »
H
      perl -e 'printf "  famille f%d : gestion, part de main-d%sœuvre 80 %%, coût horaire 25 €/h\n", $_, chr(39) for 1..$ARGV[0]' "$n"
      printf '\narticle 3 « Objectifs »\n'
      perl -e 'printf "  objectif à l%séchelle pays_aix : f%d 10 %%, seuil 40 000 €\n", chr(39), $_ for 1..$ARGV[0]' "$n"; } >"$out" ;;
  targets)       # N local targets, one per commune
    { head; base; printf '\narticle 5 « Communes »\n'; perl -e 'printf "  périmètre c%d : commune « C%d » dans pays_aix\n", $_, $_ for 1..$ARGV[0]' "$n"
      printf '\narticle 6 « Objectifs locaux »\n'; perl -e 'printf "  objectif à l%séchelle c%d : nettoyage 12 %%\n", chr(39), $_ for 1..$ARGV[0]' "$n"; } >"$out" ;;
  publics)       # N eligible publics
    { head; base; printf '\narticle 5 « Publics »\n'; perl -e 'printf "  public p%d « Public %d » : mois_inscription >= %d\n", $_, $_, $_ for 1..$ARGV[0]' "$n"; } >"$out" ;;
  examples)      # N examples of one contract each
    { head; base; perl -e 'for $i (1..$ARGV[0]) { printf "\nexemple « E%d »\n  au 31/12/2022\n  marché M%d : famille nettoyage, perimetre pays_aix, maitre_ouvrage « X », montant_ht 100 000 €, date_notification 01/02/2022, heures_travaillees 1 000 h\n  attendu M%d : non_atteint, objectif 100 h, retenu 0 h\n", $i, $i, $i }' "$n"; } >"$out" ;;
  imports)       # N imported files, one commune each
    perl -e 'for $i (1..$ARGV[0]) { open F, ">", "$ARGV[1]/m$i.charte" or die; printf F "charte « M%d »\n\nutilise « base.charte »\n\narticle 1 « P »\n  périmètre c%d : commune « C%d » dans pays_aix\n", $i, $i, $i; close F }' "$n" "$dir"
    { printf 'charte « Base »\n\nutilise anru\n\narticle 1 « P »\n  périmètre pays_aix : intercommunal « Pays d%sAix » dans national\n' "'"; } >"$dir/base.charte"
    { printf 'charte « Échelle »\n  en vigueur du 01/01/2021 au 31/12/2030\n\nutilise anru\nutilise « base.charte »\n'
      perl -e 'printf "utilise « m%d.charte »\n", $_ for 1..$ARGV[0]' "$n"
      base | sed '/^article 1/,/^$/d'; } >"$out" ;;
  table-rows)    # one table of N rows (scopes)
    { head; base; printf '\narticle 5 « Communes »\n  | périmètre | niveau  | nom | dans     |\n  |-----------|---------|-----|----------|\n'
      perl -e 'printf "  | c%d | commune | « C%d » | pays_aix |\n", $_, $_ for 1..$ARGV[0]' "$n"; } >"$out" ;;
  hires)         # N hires targets at one scope, one per contracting authority (N owners compared)
    { head; base; printf '\narticle 5 « Objectifs d%sembauches »\n' "'"
      perl -e 'printf "  objectif à l%séchelle pays_aix pour le maître d%souvrage « Bailleur %d » : nettoyage 10 %% des embauches\n", chr(39), chr(39), $_ for 1..$ARGV[0]' "$n"; } >"$out" ;;
  indicators)    # N publics and N indicators, one a line, each indicator counting one public
    { head; base; printf '\narticle 5 « Publics »\n'; perl -e 'printf "  public p%d : mois_inscription >= %d\n", $_, $_ for 1..$ARGV[0]' "$n"
      printf '\narticle 6 « Indicateurs »\n'; perl -e 'printf "  indicateur i%d « I%d » : nombre de participants où p%d\n", $_, $_, $_ for 1..$ARGV[0]' "$n"; } >"$out" ;;
  thresholds)    # N communes, each with its target and a threshold under pays_aix's, but the last one's, above it (one C0432)
    { head; base; printf '\narticle 5 « Communes »\n'; perl -e 'printf "  périmètre c%d : commune « C%d » dans pays_aix\n", $_, $_ for 1..$ARGV[0]' "$n"
      printf '\narticle 6 « Objectifs locaux »\n'; perl -e 'printf "  objectif à l%séchelle c%d : nettoyage 12 %%, seuil %s €\n", chr(39), $_, $_ < $ARGV[0] ? "30 000" : "50 000" for 1..$ARGV[0]' "$n"; } >"$out" ;;
  owners)        # N communes with a general target each, N owners' hires targets at pays_aix, and one owner's
                 # target at c1 above a project's general target (one C0404)
    { head; base; printf '\narticle 5 « Communes »\n'; perl -e 'printf "  périmètre c%d : commune « C%d » dans pays_aix\n", $_, $_ for 1..$ARGV[0]' "$n"
      printf '  périmètre q1 : projet « Q1 » dans c1\n'
      printf '\narticle 6 « Objectifs locaux »\n'; perl -e 'printf "  objectif à l%séchelle c%d : nettoyage 12 %%\n", chr(39), $_ for 1..$ARGV[0]' "$n"
      printf '  objectif à l%séchelle q1 : nettoyage 14 %%\n' "'"
      printf '  objectif à l%séchelle c1 pour le maître d%souvrage « Bailleur 1 » : nettoyage 15 %%\n' "'" "'"
      printf '\narticle 7 « Objectifs d%sembauches »\n' "'"
      perl -e 'printf "  objectif à l%séchelle pays_aix pour le maître d%souvrage « Bailleur %d » : nettoyage 10 %% des embauches\n", chr(39), chr(39), $_ for 1..$ARGV[0]' "$n"; } >"$out" ;;
  literate)      # a literate charter (DIR/main.charte.md) of N articles, each in its own ```charte block after a line of prose
    { printf '# Échelle\n\n```charte\n'; head; base; printf '```\n'
      perl -e 'printf "\nCommune %d.\n\n```charte\narticle %d « C%d »\n  périmètre c%d : commune « C%d » dans pays_aix\n```\n", $_, $_ + 4, $_, $_, $_ for 1..$ARGV[0]' "$n"; } >"$out.md" ;;
  *) echo "scale-gen.sh: unknown dimension $dim" >&2; exit 2 ;;
esac
