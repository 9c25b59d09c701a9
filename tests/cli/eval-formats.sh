#!/usr/bin/env bash
# tests/cli/eval-formats.sh: the three report formats: CSV for spreadsheets, JSON exact, text in both languages, and the same bytes whatever the row order.
set -u
. "$ROOT/tests/cli/lib/generees.sh"
mkdir "$tmp/a" "$tmp/b"
"$B/gen-donnees" --profil demo --graine 5 --format csv --invalides 0 --sortie "$tmp/a/donnees" >/dev/null || exit 1
# The same rows in reverse order (header kept first; a quoted field may hold a line break,
# so a record ends where its quotes balance).
reverse_records() {
  awk 'NR == 1 { print; next }
       { rec = rec == "" ? $0 : rec "\n" $0; q = gsub(/"/, "\"", rec) }
       q % 2 == 0 { recs[n++] = rec; rec = "" }
       END { for (i = n - 1; i >= 0; i--) print recs[i] }' "$1"
}
mkdir "$tmp/b/donnees"
for f in "$tmp/a/donnees"/*.csv; do
  reverse_records "$f" > "$tmp/b/donnees/$(basename "$f")"
done
for fmt in text json csv; do
  for lang in fr en; do
    (cd "$tmp/a" && "$CHARTE" eval "$AMP" --donnees donnees --au 2025-12-31 --format $fmt --lang $lang > "$tmp/a.$fmt.$lang") || { echo "$fmt $lang: exit $?"; fail=1; }
    (cd "$tmp/b" && "$CHARTE" eval "$AMP" --donnees donnees --au 2025-12-31 --format $fmt --lang $lang > "$tmp/b.$fmt.$lang") || fail=1
    cmp -s "$tmp/a.$fmt.$lang" "$tmp/b.$fmt.$lang" || { echo "$fmt $lang: l'ordre des lignes change la sortie"; diff "$tmp/a.$fmt.$lang" "$tmp/b.$fmt.$lang" | head; fail=1; }
  done
done
csv=$tmp/a.csv.fr
head -c 3 "$csv" | od -An -tx1 | grep -q 'ef bb bf' || { echo "CSV sans BOM"; fail=1; }
head -n 1 "$csv" | grep -q $'^\xef\xbb\xbfmarche;famille;perimetre;maitre_ouvrage;statut;taux;seuil;heures_base;heures_objectif;heures_realisees;ecart;intitule;montant_ht;articles;au\r$' \
  || { echo "CSV : en-tête inattendu"; head -n 1 "$csv" | od -c | head; fail=1; }
[ "$(grep -c $'\r$' "$csv")" -eq "$(wc -l < "$csv")" ] || { echo "CSV : fins de ligne non CRLF"; fail=1; }
grep -q '[0-9]\.[0-9]' <(cut -d';' -f6-11 "$csv") && { echo "CSV : point décimal"; fail=1; }
json=$tmp/a.json.fr
grep -q '"au": "2025-12-31"' "$json" || { echo "JSON sans au"; fail=1; }
[ "$(tail -n +2 "$csv" | grep -vc $';2025-12-31\r$')" -eq 0 ] || { echo "CSV : date d'évaluation absente d'une ligne"; fail=1; }
grep -Eq '[0-9][eE][+-]?[0-9]' <(grep -v '"motif"\|"note"\|"empreinte_charte"' "$json") && { echo "JSON : nombre en exposant"; fail=1; }
grep -q '"lignes"' "$json" && grep -q '"rejets"' "$json" || { echo "JSON : clés manquantes"; fail=1; }
grep -q 'Évaluation au 31/12/2025' "$tmp/a.text.fr" || { echo "texte : date d'évaluation absente"; fail=1; }
grep -q 'Evaluation as of 2025-12-31' "$tmp/a.text.en" || { echo "text: evaluation date missing"; fail=1; }
# English figures: the text for people groups thousands with a comma ("2,631"), as French
# groups them with a space; the JSON and the CSV of the same run keep the plain number.
read -r id hours < <(jq -r '[.marches[] | select(.heures_objectif != null and .heures_objectif >= 1000)][0] | "\(.marche) \(.heures_objectif)"' "$tmp/a.json.en")
grouped=$(printf '%s' "$hours" | sed -E ':a; s/^([0-9]+)([0-9]{3})/\1,\2/; ta')
if [ -z "$id" ] || [ "$id" = null ] || [ "$grouped" = "$hours" ]; then
  echo "no contract with a target of 1,000 h or more in the generated data ($id $hours)"; fail=1
else
  grep "^  $id " "$tmp/a.text.en" | grep -qF " $grouped " || { echo "text en: $id's target $hours not written $grouped: $(grep "^  $id " "$tmp/a.text.en")"; fail=1; }
  grep "^  $id " "$tmp/a.text.en" | grep -qw "$hours" && { echo "text en: $id's target written $hours, without its comma"; fail=1; }
  grep -q "\"marche\": \"$id\"" "$tmp/a.json.en" && grep -Eq "\"heures_objectif\": $hours[,}]" "$tmp/a.json.en" \
    || { echo "json en: $id's target not the plain number $hours"; fail=1; }
  grep -qF "$grouped" "$tmp/a.json.en" && { echo "json en: $grouped grouped in the JSON"; fail=1; }
  [ "$(awk -F';' -v id="$id" '$1 == id { print $9 }' "$tmp/a.csv.en")" = "${hours/./,}" ] \
    || { echo "csv en: $id's heures_objectif not the plain number ${hours/./,}: $(grep "^$id;" "$tmp/a.csv.en")"; fail=1; }
fi
# The rows read are counts beside figures, grouped the same way in the text (« heures 5 003 »,
# "hours 5,003"), and the JSON's counts stay plain numbers.
read_hours=$(jq -r '.lignes.heures.lues' "$tmp/a.json.en")
if [ "${read_hours:-0}" -lt 1000 ] 2>/dev/null; then
  echo "fewer than 1,000 hour rows in the generated data ($read_hours)"; fail=1
else
  en=$(printf '%s' "$read_hours" | sed -E ':a; s/^([0-9]+)([0-9]{3})/\1,\2/; ta')
  fr=$(printf '%s' "$read_hours" | sed -E ':a; s/^([0-9]+)([0-9]{3})/\1\xE2\x80\xAF\2/; ta')
  grep -E "^  heures +$en " "$tmp/a.text.en" >/dev/null || { echo "text en: hours rows read not written $en: $(grep '^  heures ' "$tmp/a.text.en")"; fail=1; }
  grep -E "^  heures +$fr " "$tmp/a.text.fr" >/dev/null || { echo "texte fr : lignes d'heures lues non écrites $fr : $(grep '^  heures ' "$tmp/a.text.fr")"; fail=1; }
  grep -Eq '"lues": [0-9]+,' "$tmp/a.json.en" || { echo "json: rows read not plain numbers"; fail=1; }
fi
# --au defaults to today, and is printed.
(cd "$tmp/a" && "$CHARTE" eval "$AMP" --donnees donnees --format json) | grep -q "\"au\": \"$(date +%Y-%m-%d)\"" \
  || { echo "--au par défaut : pas la date du jour"; fail=1; }
exit $fail
