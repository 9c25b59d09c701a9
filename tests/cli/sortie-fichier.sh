#!/usr/bin/env bash
# tests/cli/sortie-fichier.sh: -o never destroys an input (charter, import, data file, through links), says every problem with the output before any work, takes any name the file system takes, follows a symbolic link, keeps a file's mode, refuses a read-only file; a report's format by its file's extension; several -o: one evaluation's reports, each the one a lone run writes, all prepared before any work and all or none written (a full disk, a signal), the same file twice, an unknown extension, --format and -o - refused.
set -u
. "$ROOT/tests/cli/lib/hostile.sh"

cp -r "$ROOT/examples/amp/donnees" "$tmp/D"
cp -r "$ROOT/examples/amp/donnees" "$tmp/D.orig"
# The AMP charter, importing one of its articles from a file of its folder.
cp "$ROOT/examples/amp/amp.charte" "$tmp/AMP.charte"
printf 'charte « Vide »\n' >"$tmp/lib.charte"
sed -i 's/^utilise anru$/utilise anru\nutilise « lib.charte »/' "$tmp/AMP.charte"
cp "$tmp/AMP.charte" "$tmp/AMP.orig"; cp "$tmp/lib.charte" "$tmp/lib.orig"
cd "$tmp"

# run NAME WANT_RC PATTERN ARGS…: charte eval AMP.charte --donnees D ARGS…
run() {
  local name=$1 want=$2 pattern=$3 rc; shift 3
  "$CHARTE" eval AMP.charte --donnees D --au 31/12/2024 "$@" >out 2>err
  rc=$?
  if [ $rc -ne "$want" ]; then
    echo "$name : code $rc ($want attendu)"; head -3 err; failures=$((failures + 1))
  elif [ -n "$pattern" ] && ! grep -Eq "$pattern" err; then
    echo "$name : message attendu ($pattern) absent"; head -3 err; failures=$((failures + 1))
  fi
}
# intact NAME: the inputs are as they were.
intact() {
  if ! diff -r D D.orig >/dev/null || ! cmp -s AMP.charte AMP.orig || ! cmp -s lib.charte lib.orig; then
    echo "$1 : une entrée a été modifiée"; failures=$((failures + 1))
    rm -rf D; cp -r D.orig D; cp AMP.orig AMP.charte; cp lib.orig lib.charte
  fi
}

# 1. An output that is an input: refused (exit 2), the input untouched.
entree='aussi une entrée'
run "-o fichier de données" 2 "$entree" -o D/marches.csv; intact "-o fichier de données"
# (.charte says no report format: --format text, so that the input is what is refused.)
run "-o charte" 2 "$entree" --format text -o AMP.charte; intact "-o charte"
run "-o module importé" 2 "$entree" --format text -o lib.charte; intact "-o module importé"
run "-o charte sans --format" 2 'extension « \.charte » ne dit aucun format' -o AMP.charte; intact "-o charte sans --format"
run "-o ./D/../D/heures.csv" 2 "$entree" -o ./D/../D/heures.csv; intact "-o chemin détourné"
ln -s D/participants.csv lien; run "-o lien vers une donnée" 2 "$entree" -o lien; intact "-o lien"
ln D/heures.csv dur; run "-o lien dur vers une donnée" 2 "$entree" -o dur; intact "-o lien dur"
[ -L lien ] || { echo "-o lien : le lien a été remplacé"; failures=$((failures + 1)); }
# …or one at the next run: a table's file or a workbook written into the data folder (that run
# would find two files for a table, C0803), even through a link; another name there, or a
# table's name elsewhere, is written.
suivante='le dossier des données \(« D »\) le lirait comme une table'
run "-o D/rapport.xlsx" 2 "$suivante" -o D/rapport.xlsx; intact "-o D/rapport.xlsx"
run "-o D/heures.json" 2 "$suivante" -o D/heures.json; intact "-o D/heures.json"
ln -s D lienD; run "-o lienD/R.ODS" 2 'le lirait comme une table' -o lienD/R.ODS; intact "-o lienD/R.ODS"
run "-o D/rapport.html" 0 '' -o D/rapport.html
[ -s D/rapport.html ] || { echo "-o D/rapport.html : rapport absent"; failures=$((failures + 1)); }
rm -f D/rapport.html
run "-o heures.json hors des données" 0 '' -o heures.json
[ -s heures.json ] || { echo "-o heures.json hors des données : rapport absent"; failures=$((failures + 1)); }

# 2. Every problem with the output comes before any work: with a charter
# in error, only the output is reported (no diagnostic, exit 2 not 1).
cp AMP.charte bad.charte; printf 'article 99 « X »\n  constante a : b\n' >>bad.charte
before_work() {
  local name=$1 pattern=$2 rc; shift 2
  "$CHARTE" eval bad.charte --donnees D --au 31/12/2024 "$@" >out 2>err
  rc=$?
  # The output's own error (C0008, C0007 for a second -o) is the only line.
  if [ $rc -ne 2 ] || grep -v '^charte: error\[C000[78]\]: ' err | grep -q . || ! grep -Eq "$pattern" err; then
    echo "$name : code $rc, ou message après le travail"; head -3 err; failures=$((failures + 1))
  fi
}
before_work "-o dossier absent" 'dossier introuvable' -o absent/r.txt
before_work "-o dossier" 'est un dossier' -o D
before_work "-o sous un fichier" "pas un dossier" -o AMP.orig/r.txt
before_work "-o nom de 256 octets" 'nom trop long' -o "$(printf 'n%.0s' $(seq 256))"
touch lecture-seule.txt; chmod 444 lecture-seule.txt
before_work "-o lecture seule" 'lecture seule' -o lecture-seule.txt
[ -s lecture-seule.txt ] && { echo "-o lecture seule : fichier modifié"; failures=$((failures + 1)); }
# Several -o: what is wrong with any of them is said before the work, and none is written.
before_work "-o deux fois le même fichier" 'sont le même fichier' -o a.txt -o ./a.txt
before_work "-o extension inconnue" "l'extension « \.doc » ne dit aucun format de rapport \(\.txt, .* ou \.ods\) : changez-la \(avec plusieurs -o" -o a.txt -o b.doc
before_work "-o sans extension (plusieurs)" 'quel format \? avec plusieurs -o, chaque fichier le dit par son extension \(\.txt, .*\) : ajoutez-la' -o a.txt -o b
before_work "--format et plusieurs -o" 'format ne dirait pas lequel' --format json -o a.json -o b.csv
before_work "-o - et un autre" 'la sortie standard\) ne va pas' -o a.txt -o -
before_work "-o neuf fois" 'au plus 8 rapports' $(for i in 1 2 3 4 5 6 7 8 9; do printf -- '-o %s.txt ' $i; done)
[ -n "$(ls -A | grep -E '^([a-b]|[1-9])(\.(txt|json|csv|doc))?$')" ] && { echo "plusieurs -o refusés : un fichier a été écrit"; failures=$((failures + 1)); }
before_work "-o fichier de données (charte en erreur)" "$entree" -o D/marches.csv
before_work "-o classeur dans les données (charte en erreur)" 'le lirait comme une table' -o D/r.xlsx
# A folder that cannot be written (root ignores permission bits: drop the
# capabilities for that one command, as in faults-fichiers.sh).
mkdir ferme; chmod 555 ferme
if [ "$(id -u)" != 0 ]; then
  before_work "-o dossier non inscriptible" 'Permission|refus' -o ferme/r.txt
elif command -v setpriv >/dev/null && setpriv --bounding-set -dac_override,-dac_read_search true 2>/dev/null; then
  real=$CHARTE; CHARTE="$tmp/sans-droits"
  printf '#!/bin/sh\nexec setpriv --bounding-set -dac_override,-dac_read_search "%s" "$@"\n' "$real" >"$CHARTE"; chmod +x "$CHARTE"
  before_work "-o dossier non inscriptible" 'Permission|refus' -o ferme/r.txt
  CHARTE=$real
fi

# 3. Any name the file system takes: 248 to 255 bytes, and nothing else left.
mkdir noms
for len in 248 255; do
  name=$(printf 'r%.0s' $(seq "$len"))
  run "-o nom de $len octets" 0 '' -o "noms/$name"
  [ -s "noms/$name" ] || { echo "-o nom de $len octets : rapport absent"; failures=$((failures + 1)); }
done
[ "$(ls -A noms | wc -l)" -eq 2 ] || { echo "-o noms longs : fichiers en trop"; ls -A noms; failures=$((failures + 1)); }

# 4. A symbolic link: its target gets the report, the link stays a link.
printf 'ancien\n' >cible.txt; chmod 640 cible.txt; ln -s cible.txt vers-cible
run "-o lien symbolique" 0 '' -o vers-cible
{ [ -L vers-cible ] && grep -q 'Évaluation au' cible.txt; } ||
  { echo "-o lien symbolique : cible non écrite ou lien remplacé"; failures=$((failures + 1)); }
# …and the file replaced keeps its mode.
[ "$(stat -c %a cible.txt)" = 640 ] || { echo "-o : mode $(stat -c %a cible.txt) au lieu de 640"; failures=$((failures + 1)); }
# A device is written in place, and so is a pipe behind /dev/stdout.
run "-o /dev/null" 0 '' -o /dev/null
[ -c /dev/null ] || { echo "/dev/null remplacé"; failures=$((failures + 1)); }
"$CHARTE" eval AMP.charte --donnees D --au 31/12/2024 -o /dev/stdout 2>err | grep -q 'Évaluation au' ||
  { echo "-o /dev/stdout dans un tube : rapport absent"; head -3 err; failures=$((failures + 1)); }
# 5. A report's format by its file's extension (any case), --format winning over it; text for
# a name without one; any other extension refused, with the fix.
# The formats and their extensions as docs/sortie.md and docs/en/sortie.md list them ("text .txt",
# "html .html .htm"): both pages alike, and the same as the program's one table says them in its
# help (name, extensions, in order) and in its messages (--format's names, -o's extensions).
doc_formats() { sed -n 's/^| `\([a-z]*\)` | \(`\.[a-z]*`\(, `\.[a-z]*`\)*\) | .*/\1 \2/p' "$1" | tr -d '`,'; }
formats=$(doc_formats "$ROOT/docs/sortie.md")
[ "$(wc -l <<<"$formats")" -ge 6 ] || { echo "docs/sortie.md : pas de table des formats"; failures=$((failures + 1)); }
[ "$formats" = "$(doc_formats "$ROOT/docs/en/sortie.md")" ] || { echo "docs/sortie.md et docs/en/sortie.md : tables des formats différentes"; failures=$((failures + 1)); }
for lang in fr en; do
  aide=$("$CHARTE" help eval --lang $lang | sed -n 's/^ \{30\}\([a-z]\{1,5\}\) \+\(\.[a-z]\+\( \.[a-z]\+\)*\)  .*/\1 \2/p')
  [ "$aide" = "$formats" ] || { echo "help eval --lang $lang : formats différents de docs/sortie.md :"; diff <(echo "$aide") <(echo "$formats"); failures=$((failures + 1)); }
done
"$CHARTE" eval AMP.charte --donnees D --format pdf 2>err >/dev/null
noms=$(sed -n 's/.*--format attend \(.*\) (pas « pdf »)$/\1/p' err | sed 's/, / /g; s/ ou / /')
[ "$noms" = "$(cut -d' ' -f1 <<<"$formats" | tr '\n' ' ' | sed 's/ $//')" ] || { echo "--format pdf : noms ($noms) différents de docs/sortie.md"; failures=$((failures + 1)); }
run "-o rapport.tsv" 2 "^charte: error\[C0007\]: eval : -o « rapport\.tsv » : l'extension « \.tsv » ne dit aucun format de rapport \(.*\) : changez-la, ou donnez --format text\|json\|csv\|html\|xlsx\|ods$" -o rapport.tsv
extensions=$(sed -n 's/.*ne dit aucun format de rapport (\(.*\)) : changez-la.*/\1/p' err | sed 's/, / /g; s/ ou / /')
[ "$extensions" = "$(cut -d' ' -f2- <<<"$formats" | tr '\n' ' ' | sed 's/ $//')" ] || { echo "-o rapport.tsv : extensions ($extensions) différentes de docs/sortie.md"; failures=$((failures + 1)); }
run "-o rapport.csv.gz" 2 "l'extension « \.gz » ne dit aucun format" -o rapport.csv.gz
run "-o rapport.xls" 2 "l'extension « \.xls » ne dit aucun format" -o rapport.xls
[ -e rapport.tsv ] || [ -e rapport.csv.gz ] || [ -e rapport.xls ] && { echo "-o extension inconnue : un fichier a été écrit"; failures=$((failures + 1)); }
run "--format text -o rapport.tsv" 0 '' --format text -o rapport.tsv
grep -q 'Évaluation au' rapport.tsv || { echo "--format text -o rapport.tsv : pas le texte"; failures=$((failures + 1)); }
run "-o rapport.html" 0 '' -o rapport.html
head -c 15 rapport.html | grep -q '<!DOCTYPE html>' || { echo "-o rapport.html : pas une page HTML"; failures=$((failures + 1)); }
run "-o RAPPORT.XLSX" 0 '' -o RAPPORT.XLSX
[ "$(head -c 2 RAPPORT.XLSX)" = PK ] || { echo "-o RAPPORT.XLSX : pas un classeur"; failures=$((failures + 1)); }
run "--format json -o rapport.txt" 0 '' --format json -o rapport.txt
jq -e .marches rapport.txt >/dev/null 2>&1 || { echo "--format json -o rapport.txt : pas du JSON"; failures=$((failures + 1)); }
run "-o rapport" 0 '' -o rapport
grep -q 'Évaluation au' rapport || { echo "-o rapport (sans extension) : pas le texte"; failures=$((failures + 1)); }

# A workbook never goes to a terminal, -o - (standard output, as without -o) included; the
# message gives the format's extension.
if command -v script >/dev/null; then
  script -qec "$CHARTE eval AMP.charte --donnees D --au 31/12/2024 --format ods -o -" /dev/null >tty 2>&1
  grep -q "^charte: error\[C0007\]: eval : un classeur ne s'affiche pas dans un terminal : donnez -o FICHIER\.ods, ou redirigez la sortie (> FICHIER\.ods)" tty ||
    { echo "--format ods -o - vers un terminal :"; head -c 300 tty; failures=$((failures + 1)); }
  script -qec "$CHARTE eval AMP.charte --donnees D --au 31/12/2024 --format xlsx --lang en" /dev/null >tty 2>&1
  grep -q "^charte: error\[C0007\]: eval: a workbook cannot be shown in a terminal: give -o FILE\.xlsx, or redirect the output (> FILE\.xlsx)" tty ||
    { echo "--format xlsx to a terminal:"; head -c 300 tty; failures=$((failures + 1)); }
fi

# 6. Several -o: each file the report a lone run writes in its format, from one evaluation
# (with 1 and 2 threads: a lone JSON report is written beside the run's end, not these).
mkdir plusieurs seuls
for threads in 1 2; do
  run "six -o (--threads $threads)" 0 '' --threads $threads -o plusieurs/r.txt -o plusieurs/r.json -o plusieurs/r.csv \
    -o plusieurs/r.html -o plusieurs/r.xlsx -o plusieurs/r.ods
  while read -r name ext more; do
    "$CHARTE" eval AMP.charte --donnees D --au 31/12/2024 --threads $threads --format "$name" -o "seuls/r$ext" 2>/dev/null
    cmp -s "seuls/r$ext" "plusieurs/r$ext" || { echo "six -o (--threads $threads) : r$ext diffère du rapport seul"; failures=$((failures + 1)); }
  done <<<"$formats"
done
# Every extension of the docs' table, in capitals too, gives its format's report: one run, an -o each.
mkdir extensions; args=()
while read -r name ext more; do
  for e in $ext $more; do args+=(-o "extensions/$name${e^^}"); done
done <<<"$formats"
run "-o chaque extension de la documentation" 0 '' "${args[@]}"
while read -r name ext more; do
  for e in $ext $more; do
    cmp -s "seuls/r$ext" "extensions/$name${e^^}" || { echo "-o r${e^^} : pas le rapport $name"; failures=$((failures + 1)); }
  done
done <<<"$formats"
[ "$(ls -A plusieurs | wc -l)" = 6 ] || { echo "six -o : fichiers en trop ou manquants"; ls -A plusieurs; failures=$((failures + 1)); }
# --derivations goes into the JSON ones, and needs one.
run "--derivations et deux -o" 0 '' --derivations -o plusieurs/d.json -o plusieurs/d.csv
"$CHARTE" eval AMP.charte --donnees D --au 31/12/2024 --derivations --format json -o seuls/d.json 2>/dev/null
cmp -s seuls/d.json plusieurs/d.json && cmp -s seuls/r.csv plusieurs/d.csv \
  || { echo "--derivations et deux -o : rapports différents des rapports seuls"; failures=$((failures + 1)); }
run "--derivations sans JSON" 2 'derivations va avec' --derivations -o plusieurs/e.csv -o plusieurs/e.html
# All or none: a full disk met by one report (a link to /dev/full, written in place) leaves
# the others as they were, the new ones not created; a workbook that cannot be written the same.
printf 'ancien\n' >plusieurs/r.csv; ln -s /dev/full plein.json
run "-o vers un disque plein" 2 'incomplète \(disque plein' -o plusieurs/r.csv -o plein.json -o plusieurs/neuf.html
[ "$(cat plusieurs/r.csv)" = ancien ] && [ ! -e plusieurs/neuf.html ] \
  || { echo "-o vers un disque plein : un rapport a pris son nom"; failures=$((failures + 1)); }
# English.
"$CHARTE" eval AMP.charte --donnees D --au 31/12/2024 --lang en -o a.txt -o b.doc 2>err >/dev/null
grep -q 'the extension “.doc” names no report format (.txt, .*): change it (with several -o' err || { echo "-o b.doc en anglais :"; cat err; failures=$((failures + 1)); }
"$CHARTE" eval AMP.charte --donnees D --au 31/12/2024 --lang en -o rapport.xls 2>err >/dev/null
grep -q '^charte: error\[C0007\]: eval: -o “rapport.xls”: the extension “.xls” names no report format (.txt, .* or .ods): change it, or give --format text|json' err || { echo "-o rapport.xls en anglais :"; cat err; failures=$((failures + 1)); }
intact "fin"

[ $failures -eq 0 ]
