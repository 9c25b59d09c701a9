#!/usr/bin/env bash
# tests/cli/bibliotheques.sh: libzip and libxlsxwriter are opened by the first workbook read or written: when they cannot be, a workbook gets its error (C0802 reading, C0836 writing) and no file, while CSV data and every other format are untouched.
set -u
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
AMP=$ROOT/examples/amp/amp.charte
D=$ROOT/examples/amp
fail=0

# Only a program that is not linked with them opens them late (the tools and the
# fuzzers link them; charte's builds, the sanitizer ones too, do not): there, a broken
# copy on the library path would stop the program before main, as for any linked library.
if ldd "$CHARTE" 2>/dev/null | grep -q 'libzip\|libxlsxwriter'; then
  echo "# $CHARTE est lié à libzip et libxlsxwriter : rien à ouvrir en cours de route"
  ldd "$CHARTE" | grep -q 'libzip' && ldd "$CHARTE" | grep -q 'libxlsxwriter' || { echo "liée à l'une des deux bibliothèques seulement"; fail=1; }
  exit $fail
fi

# The sonames the program opens, and a broken file under each on the library path.
sonames=$(grep -ao 'lib\(zip\|xlsxwriter\)\.so[.0-9]*' "$CHARTE" | sort -u)
[ "$(echo "$sonames" | wc -l)" -eq 2 ] || { echo "noms des bibliothèques introuvables dans $CHARTE : $sonames"; exit 1; }
mkdir "$tmp/lib"
for s in $sonames; do echo "pas une bibliothèque" > "$tmp/lib/$s"; done
broken() { LD_LIBRARY_PATH="$tmp/lib" "$CHARTE" "$@"; }

# Nothing opens them: --version, check, and CSV data in every format but the workbooks.
broken --version >/dev/null || { echo "--version : code $?"; fail=1; }
broken check "$AMP" >/dev/null 2>&1 || { echo "check : code $?"; fail=1; }
for fmt in json texte csv html; do
  "$CHARTE" eval "$AMP" --donnees "$D/donnees" --au 2025-12-31 --format $fmt > "$tmp/bon.$fmt" 2>/dev/null
  broken eval "$AMP" --donnees "$D/donnees" --au 2025-12-31 --format $fmt > "$tmp/casse.$fmt" 2>"$tmp/err" \
    || { echo "CSV, --format $fmt : code $?"; cat "$tmp/err"; fail=1; }
  cmp -s "$tmp/bon.$fmt" "$tmp/casse.$fmt" || { echo "CSV, --format $fmt : rapport différent sans les bibliothèques des classeurs"; fail=1; }
  [ -s "$tmp/err" ] && { echo "CSV, --format $fmt : message inattendu"; cat "$tmp/err"; fail=1; }
done

# Reading a workbook: C0802 naming the library and the loader's reason, in
# French and in English, as the only message; exit 2.
for book in donnees.xlsx donnees.ods; do
  broken eval "$AMP" --donnees "$D/$book" --au 2025-12-31 --format json > "$tmp/out" 2>"$tmp/err"
  rc=$?
  [ $rc -eq 2 ] || { echo "$book : code $rc au lieu de 2"; fail=1; }
  grep -q "error\[C0802\]: libzip inutilisable : classeurs illisibles (.*libzip\.so[.0-9]*: file too short)" "$tmp/err" \
    || { echo "$book : pas de C0802 avec la raison du chargeur"; cat "$tmp/err"; fail=1; }
  [ "$(wc -l < "$tmp/err")" -eq 1 ] || { echo "$book : un autre message que le C0802"; cat "$tmp/err"; fail=1; }
  broken eval "$AMP" --donnees "$D/$book" --au 2025-12-31 --format json --lang en > "$tmp/out" 2>"$tmp/err"
  grep -q "error\[C0802\]: libzip unusable: workbooks cannot be read (.*file too short)" "$tmp/err" \
    || { echo "$book (en) : pas de C0802 avec la raison du chargeur"; cat "$tmp/err"; fail=1; }
  [ "$(wc -l < "$tmp/err")" -eq 1 ] || { echo "$book (en) : un autre message que le C0802"; cat "$tmp/err"; fail=1; }
done

# Writing a workbook: C0836 naming the library's reason, exit 2, and no output file.
for fmt in xlsx ods; do
  for lang in fr en; do
    broken eval "$AMP" --donnees "$D/donnees" --au 2025-12-31 --format $fmt -o "$tmp/r.$fmt" --lang $lang 2>"$tmp/err"
    rc=$?
    [ $rc -eq 2 ] || { echo "--format $fmt ($lang) : code $rc au lieu de 2"; fail=1; }
    case $lang in
      fr) want="error\[C0836\]: le classeur ${fmt^^} n'a pas pu être écrit : bibliothèque inutilisable (.*file too short)" ;;
      en) want="error\[C0836\]: the ${fmt^^} workbook could not be written: unusable library (.*file too short)" ;;
    esac
    grep -q "$want" "$tmp/err" || { echo "--format $fmt ($lang) : pas de C0836 avec la raison du chargeur"; cat "$tmp/err"; fail=1; }
    [ "$(wc -l < "$tmp/err")" -eq 1 ] || { echo "--format $fmt ($lang) : un autre message que le C0836"; cat "$tmp/err"; fail=1; }
    [ -e "$tmp/r.$fmt" ] && { echo "--format $fmt ($lang) : un fichier de sortie est resté"; fail=1; }
  done
done

# A real library that lacks a function the program calls: the function is named.
mkdir "$tmp/vide"
echo 'int charte_rien(void) { return 0; }' > "$tmp/vide.c"
for s in $sonames; do
  ${CC:-cc} -shared -fPIC -o "$tmp/vide/$s" "$tmp/vide.c" || { echo "bibliothèque vide : compilation"; fail=1; }
done
LD_LIBRARY_PATH="$tmp/vide" "$CHARTE" eval "$AMP" --donnees "$D/donnees.ods" --au 2025-12-31 --format json > "$tmp/out" 2>"$tmp/err"
grep -q "error\[C0802\]: libzip inutilisable : classeurs illisibles (libzip\.so[.0-9]*: undefined symbol: zip_" "$tmp/err" \
  || { echo "bibliothèque sans ses fonctions : la fonction manquante n'est pas nommée"; cat "$tmp/err"; fail=1; }
LD_LIBRARY_PATH="$tmp/vide" "$CHARTE" eval "$AMP" --donnees "$D/donnees" --au 2025-12-31 --format xlsx -o "$tmp/r.xlsx" 2>"$tmp/err"
grep -q "bibliothèque inutilisable (libxlsxwriter\.so[.0-9]*: undefined symbol: " "$tmp/err" \
  || { echo "libxlsxwriter sans ses fonctions : la fonction manquante n'est pas nommée"; cat "$tmp/err"; fail=1; }
[ -e "$tmp/r.xlsx" ] && { echo "libxlsxwriter sans ses fonctions : un fichier de sortie est resté"; fail=1; }

# With the libraries where they are, the same workbook reads.
"$CHARTE" eval "$AMP" --donnees "$D/donnees.xlsx" --au 2025-12-31 --format json >/dev/null 2>&1 || { echo "donnees.xlsx : illisible avec les bibliothèques"; fail=1; }

[ $fail -eq 0 ]
