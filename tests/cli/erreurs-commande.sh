#!/usr/bin/env bash
# tests/cli/erreurs-commande.sh: every error of the command line itself (usage C0007, an unreadable charter C0006, an output refused or not written C0008) is one line `charte: error[CNNNN]: …` on stderr, with its code and its message in French and in English, exit 2, and each code has its page in both languages.
set -u
. "$ROOT/tests/cli/lib/hostile.sh"

cp "$ROOT/examples/amp/amp.charte" "$tmp/A.charte"
cp -r "$ROOT/examples/amp/donnees" "$tmp/D"
cp -r "$ROOT/examples/amp/donnees" "$tmp/D.orig"
cd "$tmp"

# says NAME WANT ARGS…: charte ARGS… exits 2 with exactly the line WANT on stderr and nothing on stdout.
says() {
  local name=$1 want=$2 rc; shift 2
  "$CHARTE" "$@" >out 2>err
  rc=$?
  if [ $rc -ne 2 ] || [ "$(cat err)" != "$want" ] || [ -s out ]; then
    echo "$name : code $rc (2 attendu), stderr :"; cat err; echo "attendu : $want"; failures=$((failures + 1))
  fi
}
EVAL=(eval A.charte --donnees D --au 31/12/2024)

says "option inconnue (fr)" "charte: error[C0007]: option inconnue « --bogus » (voir charte --help)" \
  "${EVAL[@]}" --bogus
says "option inconnue (en)" "charte: error[C0007]: unknown option “--bogus” (see charte --help)" \
  "${EVAL[@]}" --bogus --lang en
says "--donnees absent (fr)" "charte: error[C0007]: eval : --donnees DOSSIER manque (le dossier de marches, participants, heures)" \
  eval A.charte --au 31/12/2024
says "--donnees absent (en)" "charte: error[C0007]: eval: --donnees FOLDER is missing (the folder of marches, participants, heures)" \
  eval A.charte --au 31/12/2024 --lang en
says "commande inconnue (fr)" "charte: error[C0007]: commande inconnue « frob » (check, eval, explain, test, fmt, render, diff, lsp ou help ; voir charte help)" \
  frob
says "commande inconnue (en)" "charte: error[C0007]: unknown command “frob” (check, eval, explain, test, fmt, render, diff, lsp or help; see charte help)" \
  frob --lang en
says "aide inconnue (fr)" "charte: error[C0007]: commande inconnue « frob » (voir charte help)" help frob
says "aide inconnue (en)" "charte: error[C0007]: unknown command “frob” (see charte help)" help frob --lang en
says "fmt -w --check (fr)" "charte: error[C0007]: fmt : -w et --check s'excluent" fmt -w --check A.charte
says "fmt -w --check (en)" "charte: error[C0007]: fmt: -w and --check exclude each other" fmt -w --check A.charte --lang en
says "option inconnue de check (en)" "charte: error[C0007]: unknown option “--stricte” (see charte --help)" \
  check --stricte A.charte --lang en

# A refused value is named, whatever the option and the command.
says "--format refusé (fr)" "charte: error[C0007]: --format attend text, json, csv, html, xlsx ou ods (pas « pdf »)" "${EVAL[@]}" --format pdf
says "--format refusé (en)" "charte: error[C0007]: --format expects text, json, csv, html, xlsx or ods (not “pdf”)" "${EVAL[@]}" --format pdf --lang en
# -o FILE whose extension says no format: the known extensions, from the one table of formats, and the fix.
says "-o extension inconnue (fr)" "charte: error[C0007]: eval : -o « r.csv.gz » : l'extension « .gz » ne dit aucun format de rapport (.txt, .json, .csv, .html, .htm, .xlsx ou .ods) : changez-la, ou donnez --format text|json|csv|html|xlsx|ods" \
  "${EVAL[@]}" -o r.csv.gz
says "-o extension inconnue (en)" "charte: error[C0007]: eval: --sortie “r.xls”: the extension “.xls” names no report format (.txt, .json, .csv, .html, .htm, .xlsx or .ods): change it, or give --format text|json|csv|html|xlsx|ods" \
  "${EVAL[@]}" --sortie r.xls --lang en
says "-o sans extension parmi plusieurs (fr)" "charte: error[C0007]: eval : -o « r » : quel format ? avec plusieurs -o, chaque fichier le dit par son extension (.txt, .json, .csv, .html, .htm, .xlsx ou .ods) : ajoutez-la" \
  "${EVAL[@]}" -o a.txt -o r
says "-o extension inconnue parmi plusieurs (en)" "charte: error[C0007]: eval: -o “r.tsv”: the extension “.tsv” names no report format (.txt, .json, .csv, .html, .htm, .xlsx or .ods): change it (with several -o, --format would not say which file it means)" \
  "${EVAL[@]}" -o a.txt -o r.tsv --lang en
[ -e r.csv.gz ] || [ -e r.xls ] || [ -e r ] || [ -e r.tsv ] || [ -e a.txt ] && { echo "-o extension inconnue : un fichier a été écrit"; failures=$((failures + 1)); }
says "--format de render (en)" "charte: error[C0007]: --format expects md or html (not “pdf”)" render A.charte --format pdf --lang en
# An option every command reads alike, last on the line with no value: what it expects, not only that it expects one.
says "--format sans valeur (fr)" "charte: error[C0007]: --format attend text, json, csv, html, xlsx ou ods (rien n'est donné après l'option)" "${EVAL[@]}" --format
says "--format sans valeur (en)" "charte: error[C0007]: --format expects text, json, csv, html, xlsx or ods (nothing is given after the option)" "${EVAL[@]}" --lang en --format
says "--format de render sans valeur" "charte: error[C0007]: --format attend md ou html (rien n'est donné après l'option)" render A.charte --format
says "--au sans valeur (fr)" "charte: error[C0007]: --au attend une date (jj/mm/aaaa ou aaaa-mm-jj), rien n'est donné après l'option" eval A.charte --donnees D --au
says "--au sans valeur (en)" "charte: error[C0007]: --au expects a date (dd/mm/yyyy or yyyy-mm-dd), nothing is given after the option" eval A.charte --donnees D --lang en --au
# --depuis: the first day of a month, at most --au, and --au given (docs/evaluation.md §13); read as --au is.
says "--depuis en cours de mois (fr)" "charte: error[C0007]: eval : --depuis 15/03/2025 : une période commence le premier jour d'un mois, les heures étant déclarées par mois (donnez 01/03/2025 ou 01/04/2025)" \
  eval A.charte --donnees D --au 31/12/2025 --depuis 15/03/2025
says "--since en cours de mois (en)" "charte: error[C0007]: eval: --since 2024-12-31: a period starts on the first day of a month, as hours are reported by month (give 2024-12-01 or 2025-01-01)" \
  eval A.charte --donnees D --au 31/12/2025 --since 2024-12-31 --lang en
says "--depuis après --au (fr)" "charte: error[C0007]: eval : --depuis 01/01/2026 est après --au 31/12/2025 : la période serait vide" \
  eval A.charte --donnees D --au 31/12/2025 --depuis 01/01/2026
says "--depuis après --au (en)" "charte: error[C0007]: eval: --depuis 2026-01-01 is after --au 2025-12-31: the period would be empty" \
  eval A.charte --donnees D --au 31/12/2025 --depuis 01/01/2026 --lang en
says "--depuis sans --au (fr)" "charte: error[C0007]: eval : --depuis va avec --au DATE, la fin de la période (une période jusqu'à aujourd'hui changerait d'un jour à l'autre)" \
  eval A.charte --donnees D --depuis 01/01/2025
says "--since sans --au (en)" "charte: error[C0007]: eval: --since goes with --au DATE, the period's end (a period up to today would change from one day to the next)" \
  eval A.charte --donnees D --since 2025-01-01 --lang en
says "--depuis sans valeur (fr)" "charte: error[C0007]: --depuis attend une date (jj/mm/aaaa ou aaaa-mm-jj), rien n'est donné après l'option" \
  eval A.charte --donnees D --au 31/12/2025 --depuis
says "--since illisible (en)" "charte: error[C0007]: --since expects a date (dd/mm/yyyy or yyyy-mm-dd), not “2025-13-01”" \
  eval A.charte --donnees D --au 31/12/2025 --since 2025-13-01 --lang en
# A period from the first day there is would subtract an evaluation at a day no date names (31/12/0000).
says "--depuis au premier jour (fr)" "charte: error[C0007]: eval : --depuis 01/01/0001 : une période se compte depuis l'évaluation de la veille de son premier jour, et les dates commencent le 01/01/0001 (donnez 01/02/0001 au plus tôt)" \
  eval A.charte --donnees D --au 31/12/2025 --depuis 01/01/0001
says "--since au premier jour (en)" "charte: error[C0007]: eval: --since 0001-01-01: a period is counted from the evaluation of the day before its first day, and dates start on 0001-01-01 (give 0001-02-01 at the earliest)" \
  eval A.charte --donnees D --au 31/12/2025 --since 0001-01-01 --lang en
# explain takes --depuis with the same rules, told by the same code under its own name.
says "explain --depuis en cours de mois (fr)" "charte: error[C0007]: explain : --depuis 15/03/2025 : une période commence le premier jour d'un mois, les heures étant déclarées par mois (donnez 01/03/2025 ou 01/04/2025)" \
  explain A.charte --donnees D --au 31/12/2025 --depuis 15/03/2025 M0001
says "explain --since après --au (en)" "charte: error[C0007]: explain: --since 2026-01-01 is after --au 2025-12-31: the period would be empty" \
  explain A.charte --donnees D --au 31/12/2025 --since 2026-01-01 --lang en M0001
says "explain --depuis sans --au (fr)" "charte: error[C0007]: explain : --depuis va avec --au DATE, la fin de la période (une période jusqu'à aujourd'hui changerait d'un jour à l'autre)" \
  explain A.charte --donnees D --depuis 01/01/2025 M0001
says "explain --depuis au premier jour (fr)" "charte: error[C0007]: explain : --depuis 01/01/0001 : une période se compte depuis l'évaluation de la veille de son premier jour, et les dates commencent le 01/01/0001 (donnez 01/02/0001 au plus tôt)" \
  explain A.charte --donnees D --au 31/12/2025 --depuis 01/01/0001 --mutualisation amp/travaux
says "explain --since sans valeur (en)" "charte: error[C0007]: --since expects a date (dd/mm/yyyy or yyyy-mm-dd), nothing is given after the option" \
  explain A.charte --donnees D --au 31/12/2025 M0001 --lang en --since
says "--donnees sans valeur (fr)" "charte: error[C0007]: --donnees attend le dossier des tables ou un classeur .xlsx ou .ods (rien n'est donné après l'option)" eval A.charte --au 31/12/2024 --donnees
says "--data sans valeur (en)" "charte: error[C0007]: --data expects the folder of the tables or an .xlsx or .ods workbook (nothing is given after the option)" explain A.charte --lang en --data
says "-o sans valeur (fr)" "charte: error[C0007]: -o attend un nom de fichier, ou - pour la sortie standard (rien n'est donné après l'option)" "${EVAL[@]}" -o
says "--sortie sans valeur (en)" "charte: error[C0007]: --sortie expects a file name, or - for standard output (nothing is given after the option)" "${EVAL[@]}" --lang en --sortie
says "--lang sans valeur, eval" "charte: error[C0007]: --lang attend fr ou en (rien n'est donné après l'option)" "${EVAL[@]}" --lang
says "--langue sans valeur, diff" "charte: error[C0007]: --langue attend fr ou en (rien n'est donné après l'option)" diff A.charte A.charte --langue
says "--lang sans valeur, check" "charte: error[C0007]: --lang attend fr ou en (rien n'est donné après l'option)" check A.charte --lang
says "--format sans valeur, check" "charte: error[C0007]: --format attend text, json, sarif ou github (rien n'est donné après l'option)" check A.charte --format
says "--format sans valeur, test (en)" "charte: error[C0007]: --format expects text, json, junit or github (nothing is given after the option)" test A.charte --lang en --format
# A command's own option, last with no value or empty: what it expects too, named as written.
says "--threads sans valeur" "charte: error[C0007]: --threads attend un nombre de fils entre 1 et 256, rien n'est donné après l'option" "${EVAL[@]}" --threads
says "--fils sans valeur (en)" "charte: error[C0007]: --fils expects a number of threads from 1 to 256, nothing is given after the option" "${EVAL[@]}" --lang en --fils
says "--echec-si sans valeur" "charte: error[C0007]: --echec-si attend tout, effet, moins-strict ou jamais (rien n'est donné après l'option)" diff A.charte A.charte --echec-si
says "--echec-si= refusé" "charte: error[C0007]: --echec-si attend tout, effet, moins-strict ou jamais (pas « x »)" diff A.charte A.charte --echec-si=x
says "--fail-on= vide (en)" "charte: error[C0007]: --fail-on expects any, effect, less-strict or never (not an empty value)" diff A.charte A.charte --lang en --fail-on=
says "--pool sans valeur" "charte: error[C0007]: --pool attend un objectif mutualisé, périmètre/famille[/maître d'ouvrage] comme eval l'écrit (rien n'est donné après l'option)" \
  explain A.charte --donnees D --pool
says "--embauches sans valeur (en)" "charte: error[C0007]: --embauches expects a hires target, scope/nature[/owner] (nothing is given after the option)" \
  explain A.charte --donnees D --lang en --embauches
says "--au= vide" "charte: error[C0007]: --au attend une date (jj/mm/aaaa ou aaaa-mm-jj), pas une valeur vide" eval A.charte --donnees D --au=
says "--format= vide, check (en)" "charte: error[C0007]: --format expects text, json, sarif or github (not an empty value)" check A.charte --lang en --format=
says "--lang refusé (fr)" "charte: error[C0007]: --lang attend fr ou en (pas « de »)" "${EVAL[@]}" --lang de
says "--lang refusé, check" "charte: error[C0007]: --lang attend fr ou en (pas « de »)" check A.charte --lang de
says "--lang refusé, test" "charte: error[C0007]: --lang attend fr ou en (pas « de »)" test A.charte --lang de
says "--lang refusé, fmt" "charte: error[C0007]: --lang attend fr ou en (pas « de »)" fmt A.charte --lang de
says "--lang refusé, lsp" "charte: error[C0007]: --lang attend fr ou en (pas « de »)" lsp --lang de
says "--lang refusé (en)" "charte: error[C0007]: --lang expects fr or en (not “de”)" check A.charte --lang en --lang de
# --langue, the French spelling of --lang, read by the one reader every parser, help's topic and main share.
# A refused value names the option as it was written.
says "--langue refusé, eval" "charte: error[C0007]: --langue attend fr ou en (pas « de »)" "${EVAL[@]}" --langue de
says "--langue=, lsp" "charte: error[C0007]: --langue attend fr ou en (pas « de »)" lsp --langue=de
says "--lang refusé, test" "charte: error[C0007]: --lang attend fr ou en (pas « de »)" test A.charte --lang de
says "--langue sans valeur, fmt" "charte: error[C0007]: --langue attend fr ou en (rien n'est donné après l'option)" fmt A.charte --langue
says "--langue en, fmt" "charte: error[C0007]: fmt: -w and --check exclude each other" fmt -w --check A.charte --langue en
says "--langue en, check" "charte: error[C0007]: unknown option “--stricte” (see charte --help)" check --stricte A.charte --langue=en
says "--langue en, commande inconnue" "charte: error[C0007]: unknown command “frob” (check, eval, explain, test, fmt, render, diff, lsp or help; see charte help)" \
  frob --langue en
says "--langue en, aide inconnue" "charte: error[C0007]: unknown command “frob” (see charte help)" help --langue en frob
says "--fail-on refusé (fr)" "charte: error[C0007]: --fail-on attend tout, effet, moins-strict ou jamais (pas « x »)" diff A.charte A.charte --fail-on x
says "--fail-on refusé (en)" "charte: error[C0007]: --fail-on expects any, effect, less-strict or never (not “x”)" diff A.charte A.charte --fail-on x --lang en

says "charte absente (fr)" "charte: error[C0006]: absente.charte : fichier introuvable" fmt absente.charte
says "charte absente (en)" "charte: error[C0006]: absente.charte: file not found" fmt absente.charte --lang en

says "-o sur une entrée (fr)" "charte: error[C0008]: -o « D/heures.csv » est aussi une entrée de la commande (« D/heures.csv ») : l'écrire la détruirait" \
  "${EVAL[@]}" -o D/heures.csv
says "-o sur une entrée (en)" "charte: error[C0008]: -o “D/heures.csv” is also an input of the command (“D/heures.csv”): writing it would destroy it" \
  "${EVAL[@]}" -o D/heures.csv --lang en
# render and diff evaluate nothing: the input is the command's, never "the evaluation's".
says "-o sur la charte, render (fr)" "charte: error[C0008]: -o « A.charte » est aussi une entrée de la commande (« A.charte ») : l'écrire la détruirait" \
  render A.charte -o A.charte
says "-o sur la charte, diff (en)" "charte: error[C0008]: -o “A.charte” is also an input of the command (“A.charte”): writing it would destroy it" \
  diff A.charte A.charte -o A.charte --lang en
diff -r D D.orig >/dev/null || { echo "-o sur une entrée : les données ont changé"; failures=$((failures + 1)); }
# …or one the data folder would read at the next run (eval, explain and diff alike).
says "-o classeur dans les données (fr)" "charte: error[C0008]: -o « D/rapport.xlsx » : le dossier des données (« D ») le lirait comme une table à l'évaluation suivante : écrivez-le ailleurs" \
  "${EVAL[@]}" -o D/rapport.xlsx
says "-o table dans les données, explain (en)" "charte: error[C0008]: -o “D/heures.json”: the data folder (“D”) would read it as a table at the next evaluation: write it elsewhere" \
  explain A.charte --donnees D --au 31/12/2024 -o D/heures.json --lang en M0003
diff -r D D.orig >/dev/null || { echo "-o dans les données : les données ont changé"; failures=$((failures + 1)); }
says "-o dossier absent (fr)" "charte: error[C0008]: -o « absent/r.txt » : dossier introuvable (« absent ») : créez-le d'abord" "${EVAL[@]}" -o absent/r.txt
says "-o dossier absent (en)" "charte: error[C0008]: -o “absent/r.txt”: no such folder (“absent”): create it first" "${EVAL[@]}" -o absent/r.txt --lang en
[ -e absent ] && { echo "-o dossier absent : un dossier a été créé"; failures=$((failures + 1)); }
says "-o sur un dossier (fr)" "charte: error[C0008]: -o « D » : est un dossier, pas un fichier : donnez un nom de fichier dans ce dossier" render A.charte -o D
says "-o sur un dossier (en)" "charte: error[C0008]: -o “D”: is a folder, not a file: give a file name inside it" render A.charte -o D --lang en
says "-o dossier/ (fr)" "charte: error[C0008]: -o « D/ » : est un dossier, pas un fichier : donnez un nom de fichier dans ce dossier" "${EVAL[@]}" -o D/
mkdir rapports.2024
says "-o dossier.2024 (en)" "charte: error[C0008]: -o “rapports.2024”: is a folder, not a file: give a file name inside it" "${EVAL[@]}" -o rapports.2024 --lang en
says "-o dossier.2024 parmi plusieurs (fr)" "charte: error[C0008]: -o « rapports.2024 » : est un dossier, pas un fichier : donnez un nom de fichier dans ce dossier" "${EVAL[@]}" -o a.txt -o rapports.2024
says "-o sur ./ (en)" "charte: error[C0008]: -o “D/.”: is a folder, not a file: give a file name inside it" render A.charte -o D/. --lang en
# -o named as the user wrote it (it said -o for --sortie and --output too)
says "--sortie sur un dossier (fr)" "charte: error[C0008]: --sortie « D » : est un dossier, pas un fichier : donnez un nom de fichier dans ce dossier" render A.charte --sortie D
says "--output sur un dossier (en)" "charte: error[C0008]: --output “D”: is a folder, not a file: give a file name inside it" "${EVAL[@]}" --output D --lang en
says "--output=… sur une entrée (en)" "charte: error[C0008]: --output “A.charte” is also an input of the command (“A.charte”): writing it would destroy it" \
  diff A.charte A.charte --output=A.charte --lang en
# C0920: an id that differs from a contract's only in case is offered, however short (its page says so).
# The charter's own warnings come first: the last line of stderr is the error.
ends_with() {
  local name=$1 want=$2 rc; shift 2
  "$CHARTE" "$@" >out 2>err
  rc=$?
  if [ $rc -ne 2 ] || [ "$(tail -n 1 err)" != "$want" ] || [ -s out ]; then
    echo "$name : code $rc (2 attendu), fin de stderr :"; tail -n 1 err; echo "attendu : $want"; failures=$((failures + 1))
  fi
}
X=$ROOT/tests/cli/explain
ends_with "explain, casse de l'identifiant (fr)" \
  "$X/donnees/marches.csv: error[C0920]: aucun marché « m1 » dans l'évaluation au 31/12/2025 ; vouliez-vous dire « M1 » ?" \
  explain "$X/essai.charte" --donnees "$X/donnees" --au 31/12/2025 m1
ends_with "explain, casse de l'identifiant (en)" \
  "$X/donnees/marches.csv: error[C0920]: no contract “m1” in the evaluation as of 2025-12-31; did you mean “M1”?" \
  explain "$X/essai.charte" --donnees "$X/donnees" --au 31/12/2025 m1 --lang en
ends_with "explain, rien de proche (fr)" \
  "$X/donnees/marches.csv: error[C0920]: aucun marché « mx » dans l'évaluation au 31/12/2025" \
  explain "$X/essai.charte" --donnees "$X/donnees" --au 31/12/2025 mx
# An evaluation with no target of the kind asked says it has none: no spelling would find one.
A=$ROOT/examples/amp
ends_with "explain, aucun objectif d'embauches (fr)" \
  "$A/donnees: error[C0920]: aucun objectif d'embauches « amp/travaux » dans l'évaluation au 31/12/2025 ; elle n'en a aucun" \
  explain "$A/amp.charte" --donnees "$A/donnees" --au 31/12/2025 --embauches amp/travaux
ends_with "explain, no pooled target (en)" \
  "$A/donnees: error[C0920]: no pooled target “amp/travaux” in the evaluation as of 2025-12-31; it has none" \
  explain "$A/amp.charte" --donnees "$A/donnees" --au 31/12/2025 --pool amp/travaux --lang en
# A write that fails at the end (a full disk: /dev/full is written in place).
if [ -w /dev/full ]; then
  says "écriture impossible (fr)" "charte: error[C0008]: écriture de « /dev/full » incomplète (disque plein ?)" "${EVAL[@]}" -o /dev/full
  says "écriture impossible (en)" "charte: error[C0008]: incomplete write to “/dev/full” (disk full?)" "${EVAL[@]}" -o /dev/full --lang en
fi

# A usage error is also in the JSON document (C0007), as before.
"$CHARTE" "${EVAL[@]}" --bogus --format json >u.json 2>/dev/null
[ "$(jq -r '.diagnostics[0].code' u.json 2>/dev/null)" = C0007 ] || { echo "JSON : C0007 absent du document"; failures=$((failures + 1)); }
# check's --json is --format json, read before the option refused ahead of it: the error is in the document.
"$CHARTE" check A.charte --bogus --json >u.json 2>/dev/null
[ "$(jq -r '.diagnostics[0].code' u.json 2>/dev/null)" = C0007 ] || { echo "check --json après une option refusée : C0007 absent du document"; failures=$((failures + 1)); }

for code in C0006 C0007 C0008 C0009; do
  for dir in docs/erreurs docs/en/erreurs; do
    [ -f "$ROOT/$dir/$code.md" ] && grep -q "\[$code\]($code.md)" "$ROOT/$dir/README.md" \
      || { echo "$code : page ou ligne de $dir/README.md absente"; failures=$((failures + 1)); }
  done
done
# No message of the command line is printed without its code any more.
! grep -rn --include='*.c' 'charte: erreur :\|"charte: error: ' "$ROOT/cli" "$ROOT/runtime" \
  || { echo "un message sans code reste dans le code"; failures=$((failures + 1)); }

[ $failures -eq 0 ]
