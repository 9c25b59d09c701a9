#!/usr/bin/env bash
# tests/cli/chiffres-lecteurs.sh: every count a person reads is grouped as the report's figures are (« 5 003 » with U+202F, "5,003"), in both languages: the text and HTML reports, data errors, explain, diff, check's summary and diagnostics, the readers' limits; each case at 1 000 or more, built by small loops from the example data, two eval goldens' folders and generated charters.
set -u
. "$ROOT/tests/cli/lib/builds.sh"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
AMP=$ROOT/examples/amp/amp.charte
fail=0
NNBSP=$'\xE2\x80\xAF'
fr() { printf '%s' "$1" | sed -E ":a; s/^([0-9]+)([0-9]{3})/\1$NNBSP\2/; ta"; }
en() { printf '%s' "$1" | sed -E ':a; s/^([0-9]+)([0-9]{3})/\1,\2/; ta'; }
# has FILE TEXT: TEXT (fixed) is in FILE.
has() { grep -qF -- "$2" "$1" || { echo "$(basename "$1") : « $2 » absent :"; grep -m3 -F -- "${3:-$2}" "$1" | cut -c1-300; fail=1; }; }
# big N WHAT: N is 1 000 or more, or the case tests nothing.
big() { [ "${1:-0}" -ge 1000 ] 2>/dev/null || { echo "$2 : $1 < 1000, le cas ne teste rien"; fail=1; }; }

# --- The reports, on the example's data with 1 100 contracts added (above the threshold, no hours: not
# met), 1 100 notified after the evaluation date, 1 100 hour lines of M0019 and 1 100 rows rejected
# for one reason (more than the HTML lists).
G=$tmp/g; cp -r "$ROOT/examples/amp/donnees" "$G"
rest=$(sed -n 2p "$G/marches.csv" | tr -d '\r' | awk 'BEGIN { FS = OFS = ";" } { $6 = "100000"; $1 = ""; print substr($0, 2) }')
case $rest in *";17/04/2023;"*) ;; *) echo "marches.csv : la première ligne a changé : $rest"; fail=1 ;; esac
for i in $(seq 1 1100); do
  printf 'Z%d;%s\r\nL%d;%s\r\n' "$i" "$rest" "$i" "${rest/;17\/04\/2023;/;01/06/2026;}"
done >> "$G/marches.csv"
for i in $(seq 1 1100); do printf 'M0019;P00073;01/2023;1;ai\r\nM0019;P00073;01/2023;-1;ai\r\n'; done >> "$G/heures.csv"
"$CHARTE" eval "$AMP" --donnees "$G" --au 2025-12-31 --format json > "$tmp/g.json" || { echo "eval json: exit $?"; fail=1; }
for l in fr en; do
  "$CHARTE" eval "$AMP" --donnees "$G" --au 2025-12-31 --lang $l > "$tmp/g.$l.txt" || { echo "eval $l: exit $?"; fail=1; }
  "$CHARTE" eval "$AMP" --donnees "$G" --au 2025-12-31 --lang $l --format html -o "$tmp/g.$l.html" || { echo "eval html $l: exit $?"; fail=1; }
done
n=$(jq '.marches | length' "$tmp/g.json"); big "$n" marchés
has "$tmp/g.fr.txt" "Marchés ($(fr "$n"))" "Marchés ("
has "$tmp/g.en.txt" "Contracts ($(en "$n"))" "Contracts ("
# The contracts notified after the evaluation date: the section's count.
late=$(jq '.marches_non_evalues | length' "$tmp/g.json"); big "$late" "non évalués"
has "$tmp/g.fr.txt" "non évalués ($(fr "$late"))" "non évalués ("
has "$tmp/g.en.txt" "not evaluated ($(en "$late"))" "not evaluated ("
# The HTML chart of the gaps says how many contracts it counts.
m=$(jq '[.marches[] | select(.statut == "non_atteint")] | length' "$tmp/g.json"); big "$m" "non atteints"
has "$tmp/g.fr.html" "$(fr "$m") marchés non atteints, comptés" "marchés non atteints, comptés"
has "$tmp/g.en.html" "$(en "$m") contracts not met, counted" "contracts not met, counted"
# The rejected rows of one reason past the 20 the HTML lists.
has "$tmp/g.fr.html" "… et $(fr 1080) autres (toutes avec --format json)" "autres (toutes"
has "$tmp/g.en.html" "… and $(en 1080) more (all of them with --format json)" "more (all of them"
# explain: M0019's hour lines.
"$CHARTE" explain "$AMP" --donnees "$G" --au 2025-12-31 M0019 > "$tmp/x.fr" || { echo "explain: exit $?"; fail=1; }
"$CHARTE" explain "$AMP" --donnees "$G" --au 2025-12-31 --lang en M0019 > "$tmp/x.en" || { echo "explain en: exit $?"; fail=1; }
grep -Eq "lignes d'heures du marché : [0-9]{1,3}($NNBSP[0-9]{3})+ \(comptées : [0-9]{1,3}($NNBSP[0-9]{3})+ pour" "$tmp/x.fr" \
  || { echo "explain fr : lignes d'heures non groupées : $(grep "lignes d'heures" "$tmp/x.fr")"; fail=1; }
grep -Eq "hour lines of the contract: [0-9]{1,3}(,[0-9]{3})+ \(counted: [0-9]{1,3}(,[0-9]{3})+ for" "$tmp/x.en" \
  || { echo "explain en: hour lines not grouped: $(grep "hour lines" "$tmp/x.en")"; fail=1; }
# diff: the contracts compared in the national total.
for l in fr en; do
  "$CHARTE" diff "$ROOT/tests/diff/base.charte" "$ROOT/tests/diff/avenant.charte" --donnees "$G" --au 2025-12-31 --lang $l > "$tmp/d.$l.txt" 2>/dev/null
  "$CHARTE" diff "$ROOT/tests/diff/base.charte" "$ROOT/tests/diff/avenant.charte" --donnees "$G" --au 2025-12-31 --lang $l --format md > "$tmp/d.$l.md" 2>/dev/null
done
has "$tmp/d.fr.txt" "sur $(fr "$n") → $(fr "$n")" "  national"
has "$tmp/d.en.txt" "of $(en "$n") → $(en "$n")" "  national"
has "$tmp/d.fr.md" "/ $(fr "$n") → $(fr "$n") |" "| national"
has "$tmp/d.en.md" "/ $(en "$n") → $(en "$n") |" "| national"

# --- A data column's bounds in its error: « entier entre 1 000 et 99 999 attendu ».
D=$tmp/bornes; cp -r "$ROOT/examples/amp/donnees" "$D"
{ cat "$AMP"; printf '\narticle 99 « Données locales »\n  données marches {\n    code_insee : entier entre 1000 et 99999, facultatif\n  }\n'; } > "$tmp/bornes.charte"
awk 'BEGIN { FS = OFS = ";" } { sub(/\r$/, "") } NR == 1 { print $0 ";code_insee\r"; next } NR == 2 { print $0 ";12\r"; next } { print $0 ";13001\r" }' \
  "$ROOT/examples/amp/donnees/marches.csv" > "$D/marches.csv"
"$CHARTE" eval "$tmp/bornes.charte" --donnees "$D" --au 2025-12-31 > "$tmp/b.fr" 2>&1
"$CHARTE" eval "$tmp/bornes.charte" --donnees "$D" --au 2025-12-31 --lang en > "$tmp/b.en" 2>&1
has "$tmp/b.fr" "« 12 » invalide ; entier entre $(fr 1000) et $(fr 99999) attendu" "code_insee"
has "$tmp/b.en" "invalid value “12”; whole number between $(en 1000) and $(en 99999) expected" "code_insee"

# golden_plus CASE OUT ROW: an eval golden's folder with 1 000 contracts added (ROW, a printf
# format of the row for i), evaluated in both languages into $tmp/OUT.fr and $tmp/OUT.en.
golden_plus() {
  local d=$tmp/$2
  cp -r "$ROOT/tests/eval/$1" "$d"
  for i in $(seq 1 1000); do printf "$3\n" "$i"; done >> "$d/marches.csv"
  (cd "$d" && "$CHARTE" eval charte.charte --donnees . --au "$(cat au)" > "$tmp/$2.fr" 2>/dev/null &&
   "$CHARTE" eval charte.charte --donnees . --au "$(cat au)" --lang en > "$tmp/$2.en" 2>/dev/null) || { echo "$1 + 1 000: exit $?"; fail=1; }
}
# Contracts waived by a threshold with their base hours unknown: « (+1 001 ?) ».
golden_plus exemptions-inconnues e 'Z%d;Sans base sous le seuil;gardiennage;Office;metro;39999;15/01/2023;'
has "$tmp/e.fr" "(+$(fr 1001) ?)" "gardiennage    metro"
has "$tmp/e.en" "(+$(en 1001) ?)" "gardiennage    metro"
# A fixed-hours pool with 1 002 members of unknown base hours: its note.
golden_plus mutualisation-base-inconnue p 'K4_%d,Gardiennage métropolitain sans heures,gardiennage,Office,mel,30000,2023-01-01,'
has "$tmp/p.fr" "heures de base inconnues de $(fr 1002) membres" "heures de base inconnues de"
has "$tmp/p.en" "base hours unknown for $(en 1002) members" "base hours unknown for"

# --- explain of a pool of 1 010 contracts and of a hires target of 1 028 rows (Belvance's example, rows added).
V=$tmp/belvance; cp -r "$ROOT/examples/belvance/donnees" "$V"
BELV=$ROOT/examples/belvance/belvance.charte
member=$(grep -m1 '^M[0-9]*;[^"]*;travaux;[^;]*;bm;' "$V/marches.csv" | tr -d '\r')
hire=$(grep -m1 '^E[0-9]*;[^;]*;bm;[^;]*;travaux;' "$V/embauches.csv" | tr -d '\r')
[ -n "$member" ] && [ -n "$hire" ] || { echo "belvance : pas de marché de travaux ni d'embauche de travaux dans bm"; fail=1; }
for i in $(seq 1 1000); do printf 'Z%d;%s\r\n' "$i" "${member#*;}"; done >> "$V/marches.csv"
for i in $(seq 1 1000); do printf 'Z%d;%s\r\n' "$i" "${hire#*;}"; done >> "$V/embauches.csv"
"$CHARTE" eval "$BELV" --donnees "$V" --au 2025-12-31 --format json > "$tmp/v.json" || { echo "belvance eval: exit $?"; fail=1; }
members=$(jq '[.mutualisations[] | select(.mutualisation == "bm/travaux")][0].membres | length' "$tmp/v.json"); big "$members" "membres de bm/travaux"
for l in fr en; do
  "$CHARTE" explain "$BELV" --donnees "$V" --au 2025-12-31 --lang $l --pool bm/travaux > "$tmp/vp.$l" || { echo "explain --pool ($l): exit $?"; fail=1; }
  "$CHARTE" explain "$BELV" --donnees "$V" --au 2025-12-31 --lang $l --hires bm/travaux > "$tmp/vh.$l" || { echo "explain --hires ($l): exit $?"; fail=1; }
done
has "$tmp/vp.fr" ", $(fr "$members") marchés" "objectif mutualisé"
has "$tmp/vp.fr" "marchés membres : $(fr "$members")," "marchés membres"
has "$tmp/vp.en" ", $(en "$members") contracts" "pooled target"
has "$tmp/vp.en" "member contracts: $(en "$members")," "member contracts"
grep -Eq "lignes d'embauches de l'objectif : [0-9]{1,3}($NNBSP[0-9]{3})+ \(comptées : [0-9]{1,3}($NNBSP[0-9]{3})+ dont" "$tmp/vh.fr" \
  || { echo "explain --hires fr : $(grep "lignes d'embauches" "$tmp/vh.fr")"; fail=1; }
grep -Eq "embauches de la période jusqu'au [0-9/]+ : [0-9]{1,3}($NNBSP[0-9]{3})+, dont" "$tmp/vh.fr" \
  || { echo "explain --hires fr : $(grep "embauches de la période" "$tmp/vh.fr")"; fail=1; }
grep -Eq "hire rows of the target: [0-9]{1,3}(,[0-9]{3})+ \(counted: [0-9]{1,3}(,[0-9]{3})+ of which" "$tmp/vh.en" \
  || { echo "explain --hires en: $(grep "hire rows" "$tmp/vh.en")"; fail=1; }
grep -Eq "hires of the period up to [0-9-]+: [0-9]{1,3}(,[0-9]{3})+, of which" "$tmp/vh.en" \
  || { echo "explain --hires en: $(grep "hires of the period" "$tmp/vh.en")"; fail=1; }

# --- check: 1 100 unused constants (1 101 warnings, 1 051 not shown), a gap in 1 100 scopes, 1 000 files.
small() {
  printf 'charte « Essai »\n  territoire « T »\n  en vigueur du 01/01/2022 au 31/12/2030\n\nutilise anru\n\n'
  printf 'article 1 « Périmètres »\n  périmètre p : commune « P » dans national\n\n'
  printf 'article 2 « Gouvernance »\n  comité de pilotage « C » à l'\''échelle p\n  structure pilote « S »\n  bilan annuel\n'
}
K=$tmp/constantes.charte
{ small; printf '\narticle 3 « Constantes »\n'; for i in $(seq 1 1100); do printf '  constante c%d : 40 000 €\n' "$i"; done; } > "$K"
"$CHARTE" check "$K" > "$tmp/k.fr" 2>&1; "$CHARTE" check "$K" --lang en > "$tmp/k.en" 2>&1
has "$tmp/k.fr" "charte: $(fr 1051) autres diagnostics non affichés" "non affichés"
has "$tmp/k.en" "charte: $(en 1051) more diagnostics not shown" "not shown"
has "$tmp/k.fr" "aucune erreur, $(fr 1101) avertissements" "aucune erreur"
has "$tmp/k.en" "no errors, $(en 1101) warnings" "no errors"
# communes N RATE: N communes, each with its own target for nettoyage at RATE %; travaux only in the first (a gap elsewhere).
communes() {
  printf 'charte « Communes »\n  territoire « T »\n  en vigueur du 01/01/2021 au 31/12/2030\n\nutilise anru\n\n'
  printf 'article 1 « Périmètres »\n  | périmètre | niveau | nom | dans |\n  | t | intercommunal | « T » | national |\n'
  for i in $(seq 1 "$1"); do printf '  | c%d | commune | « C%d » | t |\n' "$i" "$i"; done
  printf '\narticle 2 « Gouvernance »\n  comité de pilotage « C » à l'\''échelle t\n  structure pilote « S »\n  bilan annuel\n\n'
  printf 'article 3 « Familles »\n  | famille | catégorie | part de main-d'\''œuvre | coût horaire |\n'
  printf '  | nettoyage | gestion | 80 %% | 25 €/h |\n  | travaux | investissement | 35 %% | 40 €/h |\n\n'
  printf 'article 4 « Objectifs »\n  | périmètre | famille | part des heures | seuil |\n  | c1 | travaux | 5 %% | 100 000 € |\n'
  for i in $(seq 1 "$1"); do printf '  | c%d | nettoyage | %s %% | 40 000 € |\n' "$i" "$2"; done
}
communes 1100 10 > "$tmp/c10.charte"; communes 1100 12 > "$tmp/c12.charte"
"$CHARTE" check "$tmp/c10.charte" > "$tmp/c.fr" 2>&1; "$CHARTE" check "$tmp/c10.charte" --lang en > "$tmp/c.en" 2>&1
has "$tmp/c.fr" "la famille « travaux » dans $(fr 1100) périmètres" "« travaux » dans"
has "$tmp/c.fr" "c10 et $(fr 1090) autres" "périmètres sans objectif pour « travaux »"
has "$tmp/c.en" "family “travaux” in $(en 1100) scopes" "“travaux” in"
has "$tmp/c.en" "c10 and $(en 1090) more" "scopes without a target for “travaux”"
# diff: 1 100 changes of rate, counted in the text and in Markdown.
for l in fr en; do
  "$CHARTE" diff "$tmp/c10.charte" "$tmp/c12.charte" --lang $l > "$tmp/cd.$l.txt" 2>/dev/null
  "$CHARTE" diff "$tmp/c10.charte" "$tmp/c12.charte" --lang $l --format md > "$tmp/cd.$l.md" 2>/dev/null
done
has "$tmp/cd.fr.txt" "Changements : $(fr 1100) (plus strict $(fr 1100), moins strict 0" "Changements"
has "$tmp/cd.en.txt" "Changes: $(en 1100) (stricter $(en 1100), less strict 0" "Changes"
has "$tmp/cd.fr.md" "**$(fr 1100) changements** : plus strict $(fr 1100)," "changements"
has "$tmp/cd.en.md" "**$(en 1100) changes**: stricter $(en 1100)," "changes"
# 1 000 files checked at once (the same one named 1 000 times). The sanitizer pass checks them
# once, in French (2 s of processor each time under ASan): its English run names 2 files, which
# takes the same English line; "1,000" itself is grouped by the function that grouped "1,101"
# in k.en above, and each run checks every file the same way whatever its language.
small > "$tmp/petite.charte"
files=(); for i in $(seq 1 1000); do files+=("$tmp/petite.charte"); done
n_en=1000
charte_in_san_pass && n_en=2
"$CHARTE" check "${files[@]}" > "$tmp/f.fr" 2>&1; "$CHARTE" check "${files[@]:0:n_en}" --lang en > "$tmp/f.en" 2>&1
has "$tmp/f.fr" "charte : $(fr 1000) fichiers vérifiés, aucune erreur" "vérifié"
has "$tmp/f.en" "charte: $(en "$n_en") files checked, no errors" "checked"

# --- A charter line past the limit: its length and the limit, both grouped.
{ printf 'charte « Longue »\n-- '; head -c 70000 /dev/zero | tr '\0' x; printf '\n'; } > "$tmp/longue.charte"
"$CHARTE" check "$tmp/longue.charte" > "$tmp/l.fr" 2>&1; "$CHARTE" check "$tmp/longue.charte" --lang en > "$tmp/l.en" 2>&1
has "$tmp/l.fr" "ligne trop longue ($(fr 70003) octets ; limite : $(fr 65536))" "trop longue"
has "$tmp/l.en" "line too long ($(en 70003) bytes; limit: $(en 65536))" "too long"
exit $fail
