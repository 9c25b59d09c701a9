#!/usr/bin/env bash
# tests/cli/donnees-entetes.sh: data as exports write it (issue 11 §1-2): headers with joining words, units and aliases, a charter's own export names, every missing column of every file at once, values as spreadsheets write them, and the notes each format prints.
#   Under the sanitizer build (charte_in_san_pass) a JSON table with no key ([] and [{}]) is read once each, []
#   in French and [{}] in English: the two shapes and the two languages of the same one-line error
#   each taken once under ASan (the normal pass reads each shape in both). Every other run and
#   assertion is the normal pass's.
set -u
. "$ROOT/tests/cli/lib/builds.sh"
san=false; charte_in_san_pass && san=true
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
AMP=$ROOT/examples/amp/amp.charte
DATA=$ROOT/examples/amp/donnees
BOM=$'\xEF\xBB\xBF'
PY=/usr/bin/python3
fail=0

# The AMP data with another header line (the BOM kept, so that nothing else differs).
reheader() {  # reheader DIR TABLE "HEADER"
  { printf '%s%s\r\n' "$BOM" "$3"; tail -n +2 "$DATA/$2.csv"; } > "$1/$2.csv"
}

# The report without what names the files or the notes: the figures only.
figures() { sed -n '1,/"fichiers"/p' "$1"; }

# both_say CASE DIR WANT...: the report on DIR, in French (DIR/out.fr) and in English
# (DIR/out.en), holds each WANT, written "fr:text" or "en:text".
both_say() {
  local name=$1 dir=$2 want; shift 2
  "$CHARTE" eval "$AMP" --donnees "$dir" --au 2025-12-31 >"$dir/out.fr" 2>/dev/null
  "$CHARTE" eval "$AMP" --donnees "$dir" --au 2025-12-31 --lang en >"$dir/out.en" 2>/dev/null
  for want; do
    grep -qF -- "${want#*:}" "$dir/out.${want%%:*}" || { echo "$name (${want%%:*}) : attendu « ${want#*:} » :"; grep -E 'heures\.|sans nom|unnamed' "$dir/out.${want%%:*}"; fail=1; }
  done
}

canonical=$tmp/canonique.json
"$CHARTE" eval "$AMP" --donnees "$DATA" --au 2025-12-31 --format json > "$canonical" || { echo "AMP : échec"; exit 1; }

# 1. Each standard column under the rule's forms, then under the national charter's export names:
# the same figures as the canonical headers, and no column ignored.
check_headers() {  # check_headers NAME "MARCHES" "PARTICIPANTS" "HEURES"
  local d=$tmp/$1; mkdir -p "$d"; cp "$DATA/embauches.csv" "$d"/
  reheader "$d" marches "$2"; reheader "$d" participants "$3"; reheader "$d" heures "$4"
  if ! "$CHARTE" eval "$AMP" --donnees "$d" --au 2025-12-31 --format json > "$d/out.json" 2> "$d/err"; then
    echo "$1 : échec :"; cat "$d/err"; fail=1; return
  fi
  diff <(figures "$canonical") <(figures "$d/out.json") > /dev/null || { echo "$1 : chiffres différents"; fail=1; }
  grep -q 'ignorées' "$d/out.json" && { echo "$1 : une colonne ignorée :"; grep ignorées "$d/out.json"; fail=1; }
}
check_headers regle \
  "MARCHÉ;Intitulé;Famille;Maître d'ouvrage;Périmètre;Montant HT (€);Date de notification;Heures travaillées (h)" \
  "Participant;Sexe;Date de naissance;QPV;Date d'entrée;Mois d'inscription;RSA;ASS;AAH;RQTH;Niveau;Pass IAE" \
  "Marché;Participant;Mois;Heures [h];Modalité"
check_headers alias \
  "N° de marché;Objet du marché;Famille de marchés;MOA;Perimetre;Montant hors taxes;DATE_NOTIFICATION;Heures travaillees" \
  "Identifiant du participant;Genre;date naissance;Code QPV;date entree;mois inscription;rsa;ass;aah;rqth;Niveau de qualification;pass-iae" \
  "Numéro de marché;Participant;Mois travaillé;Nombre d'heures;Modalité de mise en œuvre"
check_headers alias2 \
  "marche;intitule;famille;maitre_ouvrage;perimetre;montant_ht;date_notification;heures_travaillees" \
  "participant;sexe;date_naissance;Quartier prioritaire;date_entree;mois_inscription;rsa;ass;aah;rqth;niveau;pass_iae" \
  "marche;participant;mois;Heures réalisées;modalite"

# 2. A charter names its export's columns once: colonne « … », also for a standard column.
local_charter=$tmp/locale.charte
{ cat "$AMP"; printf '\narticle 99 « Export du territoire »\n  données marches {\n    maitre_ouvrage : texte, colonne « MOA / Bailleur »\n  }\n'; } > "$local_charter"
d=$tmp/locale; mkdir -p "$d"; cp "$DATA"/*.csv "$d"/
reheader "$d" marches "Marché;Intitulé;Famille;MOA / Bailleur;Périmètre;Montant HT;Date notification;Heures travaillées"
"$CHARTE" eval "$local_charter" --donnees "$d" --au 2025-12-31 --format json > "$d/out.json" 2> "$d/err" \
  || { echo "colonne « MOA / Bailleur » : échec :"; cat "$d/err"; fail=1; }
diff <(figures "$canonical" | grep -v '"charte"\|"empreinte_charte"') <(figures "$d/out.json" | grep -v '"charte"\|"empreinte_charte"') > /dev/null \
  || { echo "colonne « MOA / Bailleur » : chiffres différents"; fail=1; }

# 3. Two headers for one column: an error naming both.
d=$tmp/double; mkdir -p "$d"; cp "$DATA"/*.csv "$d"/
reheader "$d" marches "Marché;Intitulé;Famille;Maître d'ouvrage;Périmètre;Montant HT;Date notification;MOA"
"$CHARTE" eval "$AMP" --donnees "$d" --au 2025-12-31 > /dev/null 2> "$d/err"; rc=$?
want="$d/marches.csv: error[C0806]: les colonnes « Maître d'ouvrage » et « MOA » désignent toutes deux « maitre_ouvrage »"
[ $rc -eq 2 ] && grep -qxF "$want" "$d/err" || { echo "doublon : exit $rc, attendu « $want » :"; cat "$d/err"; fail=1; }

# Two extra columns that only the header rule joins ("Date", "Date (2)") name nothing: ignored, no error.
d=$tmp/extra; mkdir -p "$d"; cp "$DATA"/*.csv "$d"/
{ printf '%s%s\r\n' "$BOM" "Marché;Intitulé;Famille;Maître d'ouvrage;Périmètre;Montant HT;Date notification;Heures travaillées;Date;Date (2)"
  tail -n +2 "$DATA/marches.csv" | sed 's/\r$/;x;y\r/'; } > "$d/marches.csv"
"$CHARTE" eval "$AMP" --donnees "$d" --au 2025-12-31 > "$d/out" 2> "$d/err" || { echo "colonnes en trop : échec :"; cat "$d/err"; fail=1; }
grep -qF "colonnes ignorées (aucune déclaration ne les nomme) : « Date », « Date (2) »" "$d/out" \
  || { echo "colonnes en trop : note absente"; fail=1; }

# 4. Every missing column of every file in one run, each with the closest header present.
d=$tmp/absentes; mkdir -p "$d"; cp "$DATA"/*.csv "$d"/
reheader "$d" marches "Marché;Intitulé;Famille;Maitre d'ouvrage;Perimetre;Montant TTC;Date notif;Heures travaillées"
reheader "$d" heures "Marché;Participant;Mois;Nb heures;Type de contrat"
"$CHARTE" eval "$AMP" --donnees "$d" --au 2025-12-31 > "$d/out" 2> "$d/err"; rc=$?
cat > "$d/attendu" <<EOT
$d/marches.csv: error[C0806]: colonne obligatoire « montant_ht » absente ; vouliez-vous dire « Montant TTC » ?
$d/marches.csv: error[C0806]: colonne obligatoire « date_notification » absente ; vouliez-vous dire « Date notif » ?
$d/heures.csv: error[C0806]: colonne obligatoire « heures » absente ; vouliez-vous dire « Nb heures » ?
$d/heures.csv: error[C0806]: colonne obligatoire « modalite » absente (colonnes lues : « Marché », « Participant », « Mois », « Nb heures », « Type de contrat »)
EOT
[ $rc -eq 2 ] || { echo "colonnes absentes : exit $rc au lieu de 2"; fail=1; }
[ -s "$d/out" ] && { echo "colonnes absentes : un rapport a été écrit"; fail=1; }
diff "$d/attendu" "$d/err" || { echo "colonnes absentes : diagnostics différents"; fail=1; }
"$CHARTE" eval "$AMP" --donnees "$d" --au 2025-12-31 --format json --lang en > "$d/out.json" 2> /dev/null
[ "$(grep -c '"code": "C0806"' "$d/out.json")" = 4 ] || { echo "colonnes absentes : 4 diagnostics attendus en JSON"; cat "$d/out.json"; fail=1; }
grep -qF "required column “heures” is missing; did you mean “Nb heures”?" "$d/out.json" \
  || { echo "colonnes absentes : message anglais"; fail=1; }

# 5. Values as spreadsheets write them: the same figures, and one note per column changed, in every format.
d=$tmp/valeurs; mkdir -p "$d"; cp "$DATA"/*.csv "$d"/
# every date of marches with a midnight time, one notification at 10:30 (same day); codes in other cases
# (the note lists them in the order the data first has them)
sed -E '2,$ s#;([0-9]{2}/[0-9]{2}/[0-9]{4});#;\1 00:00;#; 2 s#00:00;#10:30;#' "$DATA/marches.csv" > "$d/marches.csv"
sed -E '2,$ s#;([0-9]{2})/([0-9]{2})/([0-9]{4});#;\3-\2-\1T00:00:00;#g; 2,$ s#;H;#;h;#' "$DATA/participants.csv" > "$d/participants.csv"
sed -E '2,$ s#;etti\r$#;ETTI\r#; 2,$ s#;formation\r$#;Formation\r#; 2,$ s#;embauche_directe\r$#;Embauche directe\r#' "$DATA/heures.csv" > "$d/heures.csv"
"$CHARTE" eval "$AMP" --donnees "$d" --au 2025-12-31 --format json > "$d/out.json" 2> "$d/err" \
  || { echo "valeurs : échec :"; cat "$d/err"; fail=1; }
diff <(figures "$canonical") <(figures "$d/out.json") > /dev/null || { echo "valeurs : chiffres différents"; fail=1; }
notes=(
  "marches.csv : colonne « date_notification » : des dates portent une heure autre que minuit ; l'heure est ignorée, seule la date compte"
  "participants.csv : colonne « sexe » : codes lus sans tenir compte de la casse ni des accents : H"
  "heures.csv : colonne « modalite » : codes lus sans tenir compte de la casse ni des accents : « Formation » → formation, « ETTI » → etti, « Embauche directe » → embauche_directe"
)
for fmt in text json csv html; do
  # (the JSON report is the run above's: the same command)
  [ $fmt = json ] || "$CHARTE" eval "$AMP" --donnees "$d" --au 2025-12-31 --format $fmt 2>/dev/null | sed "s/&#39;/'/g" > "$d/out.$fmt"
  for n in "${notes[@]}"; do
    [ "$(grep -cF -- "$n" "$d/out.$fmt")" = 1 ] || { echo "valeurs ($fmt) : note absente ou répétée : $n"; fail=1; }
  done
  # participants' dates carry midnight only: no note for them
  grep -q 'participants.csv : colonne « date' "$d/out.$fmt" && { echo "valeurs ($fmt) : note d'heure en trop"; fail=1; }
done
grep -q '^note;' "$d/out.csv" || { echo "valeurs (csv) : lignes note; absentes"; fail=1; }
"$CHARTE" eval "$AMP" --donnees "$d" --au 2025-12-31 --lang en > "$d/out.en" 2>/dev/null
grep -qF "heures.csv: column “modalite”: codes read regardless of case and accents: “Formation” → formation" "$d/out.en" \
  || { echo "valeurs (en) : note anglaise absente"; fail=1; }
# a participant's spelling is never quoted
grep -qF '« h »' "$d/out.text" && { echo "valeurs : la graphie d'un participant est citée"; fail=1; }
# An export's title above the header (then an empty line): where the header seems to be, alone (not the
# required columns the title row lacks), in both languages; a header that lacks a column with no header below: nothing of it.
d=$tmp/titre; mkdir -p "$d"; cp "$DATA"/*.csv "$d"/
{ printf 'Export du 01/12/2025\r\n\r\n'; sed '1s/^\xEF\xBB\xBF//' "$DATA/heures.csv"; } >"$d/heures.csv"
"$CHARTE" eval "$AMP" --donnees "$d" --au 2025-12-31 >"$d/out" 2>"$d/err.fr"; rc=$?
CHARTE_LANG=en "$CHARTE" eval "$AMP" --donnees "$d" --au 2025-12-31 >"$d/out" 2>"$d/err.en"
[ $rc = 2 ] && grep -q "heures.csv: error\[C0806\]: la ligne 3 semble être l'en-tête, et non la ligne 1 (« Export du 01/12/2025 ») : supprimez les lignes au-dessus$" "$d/err.fr" \
  && grep -q "heures.csv: error\[C0806\]: line 3 looks like the header, not line 1 (“Export du 01/12/2025”): delete the rows above it$" "$d/err.en" \
  && [ "$(wc -l <"$d/err.fr")" = 1 ] && [ "$(wc -l <"$d/err.en")" = 1 ] \
  || { echo "titre : en-tête en ligne 3 attendu (exit $rc) :"; cat "$d/err.fr" "$d/err.en"; fail=1; }
# The header below the title with columns renamed besides: said while it names more than half the
# required columns (3 of 5: with what it lacks), not below (2 of 5: nothing looks like the header). A file
# shorter than the rows looked at (title, header, one row) is said too.
for case in "3:Heures effectuées;Modalité de l'action" "2:Heures effectuées;Modalité de l'action;Période"; do
  named=${case%%:*}; IFS=';' read -r h m p <<<"${case#*:}"
  d=$tmp/titre-$named; mkdir -p "$d"; cp "$DATA"/*.csv "$d"/
  { printf 'Export du 01/12/2025\n'; sed "1s/^\xEF\xBB\xBF//; 1s/;Heures;/;$h;/; 1s/;Modalité\(\r\?\)\$/;$m\1/; 1s/;Mois;/;${p:-Mois};/" "$DATA/heures.csv" | head -3; } >"$d/heures.csv"
  "$CHARTE" eval "$AMP" --donnees "$d" --au 2025-12-31 >"$d/out" 2>"$d/err.fr"; rc=$?
  # (in English only where its message is read: named 3)
  [ "$named" = 3 ] && CHARTE_LANG=en "$CHARTE" eval "$AMP" --donnees "$d" --au 2025-12-31 >"$d/out" 2>"$d/err.en"
  if [ "$named" = 3 ]; then
    [ $rc = 2 ] && grep -q "heures.csv: error\[C0806\]: la ligne 2 semble être l'en-tête, et non la ligne 1 (« Export du 01/12/2025 ») : supprimez les lignes au-dessus ; il y manque encore « heures » (vouliez-vous dire « Heures effectuées » ?), « modalite » (vouliez-vous dire « Modalité de l'action » ?)$" "$d/err.fr" \
      && grep -q "heures.csv: error\[C0806\]: line 2 looks like the header, not line 1 (“Export du 01/12/2025”): delete the rows above it; it still lacks “heures” (did you mean “Heures effectuées”?), “modalite” (did you mean “Modalité de l'action”?)$" "$d/err.en" \
      || { echo "titre-3 : en-tête en ligne 2, sans heures ni modalite, attendu (exit $rc) :"; cat "$d/err.fr" "$d/err.en"; fail=1; }
  else
    [ $rc = 2 ] && grep -q 'colonne obligatoire « marche » absente' "$d/err.fr" && ! grep -q "semble être l'en-tête" "$d/err.fr" \
      || { echo "titre-2 : rien sur l'en-tête attendu (exit $rc) :"; cat "$d/err.fr"; fail=1; }
  fi
done
d=$tmp/sans-modalite; mkdir -p "$d"; cp "$DATA"/*.csv "$d"/
sed 's/;[^;]*$//' "$DATA/heures.csv" >"$d/heures.csv"
"$CHARTE" eval "$AMP" --donnees "$d" --au 2025-12-31 >"$d/out" 2>"$d/err"
grep -q 'colonne obligatoire « modalite » absente' "$d/err" && ! grep -q "semble être l'en-tête" "$d/err" \
  || { echo "sans-modalite : colonne absente sans en-tête plus bas attendu :"; cat "$d/err"; fail=1; }

# 6. Columns with no name (a cell left empty in the header, trailing separators): said by their number
# or counted in their place, never quoted empty (« »), in both languages: in the columns ignored, in the
# columns read when one is missing, in a long field's rejection; a JSON key "" the same.
d=$tmp/sans-nom; mkdir -p "$d"; cp "$DATA"/*.csv "$d"/
"$PY" - "$DATA/heures.csv" "$d/heures.csv" <<'EOP'
import sys
rows = open(sys.argv[1], encoding='utf-8-sig', newline='').read().split('\r\n')
out = ['Marché;Participant;;Mois;Heures;Modalité;Commentaire;;']
for i, r in enumerate(x for x in rows[1:] if x):
    c = r.split(';')
    out.append(';'.join(c[:2] + ['y' * 70000 if i == 3 else ''] + c[2:] + ['x', '', '']))
open(sys.argv[2], 'w', newline='').write('\r\n'.join(out) + '\r\n')
EOP
"$CHARTE" eval "$AMP" --donnees "$d" --au 2025-12-31 >"$d/out.fr" 2>"$d/err"
"$CHARTE" eval "$AMP" --donnees "$d" --au 2025-12-31 --lang en >"$d/out.en" 2>>"$d/err"
for want in "fr:heures.csv : colonnes ignorées (aucune déclaration ne les nomme) : une colonne sans nom, « Commentaire », 2 colonnes sans nom" \
            "en:heures.csv: columns ignored (no declaration names them): an unnamed column, “Commentaire”, 2 unnamed columns" \
            "fr:heures.csv:5 : champ de plus de 65 536 octets (colonne n° 3) : ligne rejetée" \
            "en:heures.csv:5: field longer than 65,536 bytes (column #3): row rejected"; do
  grep -qF -- "${want#*:}" "$d/out.${want%%:*}" || { echo "sans-nom (${want%%:*}) : attendu « ${want#*:} » :"; grep -E 'ignor|octets|bytes' "$d/out.${want%%:*}"; fail=1; }
done
grep -qF '«  »' "$d/out.fr" "$d/out.en" && { echo "sans-nom : une colonne citée vide"; fail=1; }
sed -i '1s/;Heures;/;;/' "$d/heures.csv"
"$CHARTE" eval "$AMP" --donnees "$d" --au 2025-12-31 >/dev/null 2>"$d/err.fr"
"$CHARTE" eval "$AMP" --donnees "$d" --au 2025-12-31 --lang en >/dev/null 2>"$d/err.en"
grep -qxF "$d/heures.csv: error[C0806]: colonne obligatoire « heures » absente (colonnes lues : « Marché », « Participant », une colonne sans nom, « Mois », une colonne sans nom, « Modalité », « Commentaire », 2 colonnes sans nom)" "$d/err.fr" \
  && grep -qxF "$d/heures.csv: error[C0806]: required column “heures” is missing (columns read: “Marché”, “Participant”, an unnamed column, “Mois”, an unnamed column, “Modalité”, “Commentaire”, 2 unnamed columns)" "$d/err.en" \
  || { echo "sans-nom : colonnes lues :"; cat "$d/err.fr" "$d/err.en"; fail=1; }
# Columns no declaration names are never read (docs/donnees.md): an object, an
# array or a NUL in one of them, unnamed or named (an export's address object),
# rejects nothing, and the figures are the CSV's; the same in a read column
# rejects its row, naming the column.
d=$tmp/cle-vide; mkdir -p "$d"; cp "$DATA"/{marches,participants,embauches}.csv "$d"/
"$PY" - "$DATA/heures.csv" "$d/heures.json" <<'EOP'
import csv, json, sys
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline=''), delimiter=';'))
out = [dict(zip(rows[0], r)) for r in rows[1:] if r]
json.dump(out, open(sys.argv[2] + '.propre', 'w'), ensure_ascii=False, indent=1)
out[2][''] = {'a': 1}
out[3][''] = 'x\u0000'
out[4]['Adresse'] = {'rue': '3 rue des Lilas', 'ville': ['Trifouilly']}
out[5]['Adresse'] = 'x\u0000'
json.dump(out, open(sys.argv[2], 'w'), ensure_ascii=False, indent=1)
EOP
mkdir -p "$d/propre"; cp "$d"/*.csv "$d/propre"/; mv "$d/heures.json.propre" "$d/propre/heures.json"
"$CHARTE" eval "$AMP" --donnees "$d/propre" --au 2025-12-31 --format json >"$d/propre.json" 2>/dev/null
"$CHARTE" eval "$AMP" --donnees "$d" --au 2025-12-31 --format json >"$d/out.json" 2>/dev/null
both_say cle-vide "$d" "fr:heures.json : colonnes ignorées (aucune déclaration ne les nomme) : une colonne sans nom, « Adresse »" \
  "en:heures.json: columns ignored (no declaration names them): an unnamed column, “Adresse”"
grep -E 'imbriquée|nested|caractère nul|NUL character|Lilas|Trifouilly' "$d/out.fr" "$d/out.en" "$d/out.json" \
  && { echo "cle-vide : une colonne ignorée a rejeté une ligne ou paru dans le rapport"; fail=1; }
diff <(figures "$d/propre.json" | sed "s/\"ligne\": [0-9]*//") <(figures "$d/out.json" | sed "s/\"ligne\": [0-9]*//") >/dev/null || { echo "cle-vide : chiffres différents sans les colonnes ignorées"; fail=1; }
"$PY" - "$d/heures.json" <<'EOP'
import json, sys
rows = json.load(open(sys.argv[1], encoding='utf-8'))
rows[2]['Heures'] = {'a': 1}
rows[3]['Modalité'] = 'ai\u0000'
json.dump(rows, open(sys.argv[1], 'w'), ensure_ascii=False, indent=1)
EOP
both_say cle-lue "$d" "fr:heures.json:16 : valeur imbriquée (objet ou tableau) dans « Heures » : une cellule doit être un texte, un nombre ou un booléen" \
  "en:heures.json:16: nested value (object or array) in “Heures”: a cell must be text, a number or a boolean" \
  "fr:heures.json:28 : texte contenant un caractère nul (\\u0000) dans « Modalité »" \
  "en:heures.json:28: text containing a NUL character (\\u0000) in “Modalité”"
# A JSON array with no key in it ([] or [{}]): no column read, said so, never an empty list "()".
for j in '[]' '[{}]'; do
  printf '%s\n' "$j" >"$d/heures.json"
  langs="fr en"; $san && { [ "$j" = '[]' ] && langs=fr || langs=en; }
  for lang in $langs; do
    want="$d/heures.json: error[C0806]: colonne obligatoire « marche » absente (aucune colonne lue)" args=()
    [ $lang = en ] && want="$d/heures.json: error[C0806]: required column “marche” is missing (no column read)" args=(--lang en)
    "$CHARTE" eval "$AMP" --donnees "$d" --au 2025-12-31 "${args[@]}" >/dev/null 2>"$d/err.$lang"
    grep -qxF "$want" "$d/err.$lang" || { echo "JSON $j ($lang) : aucune colonne lue attendu :"; cat "$d/err.$lang"; fail=1; }
  done
done

# clean data: no note, and the CSV report ends with its contracts
"$CHARTE" eval "$AMP" --donnees "$DATA" --au 2025-12-31 --format csv | grep -q '^note;' && { echo "AMP : une note en CSV"; fail=1; }

exit $fail
