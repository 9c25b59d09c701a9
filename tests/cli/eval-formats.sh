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
# --au defaults to today, and is printed.
(cd "$tmp/a" && "$CHARTE" eval "$AMP" --donnees donnees --format json) | grep -q "\"au\": \"$(date +%Y-%m-%d)\"" \
  || { echo "--au par défaut : pas la date du jour"; fail=1; }
exit $fail
