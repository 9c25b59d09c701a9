#!/usr/bin/env bash
# tests/demo.sh: what `make demo` shows: the AMP charter checked, then its example data evaluated, as text and as an HTML page, and from the example workbook into a workbook; then the second example territory (Belvance, pools and hires) checked and evaluated.
set -euo pipefail
BUILD=${1:-build}
cd "$(dirname "$0")/.."
echo "\$ charte check --strict examples/amp/amp.charte"
"$BUILD/charte" check --strict examples/amp/amp.charte
echo
echo "\$ charte eval examples/amp/amp.charte --donnees examples/amp/donnees --au 2025-12-31"
"$BUILD/charte" eval examples/amp/amp.charte --donnees examples/amp/donnees --au 2025-12-31
echo
echo "\$ charte eval examples/amp/amp.charte --donnees examples/amp/donnees --au 2025-12-31 --format html -o $BUILD/demo/rapport.html"
mkdir -p "$BUILD/demo"
"$BUILD/charte" eval examples/amp/amp.charte --donnees examples/amp/donnees --au 2025-12-31 --format html -o "$BUILD/demo/rapport.html"
echo "Rapport HTML écrit dans $BUILD/demo/rapport.html : ouvrez-le dans un navigateur, imprimez-le ou envoyez-le (un seul fichier)."
echo
echo "\$ charte eval examples/amp/amp.charte --donnees examples/amp/donnees.xlsx --au 2025-12-31 --format xlsx -o $BUILD/demo/resultats.xlsx"
"$BUILD/charte" eval examples/amp/amp.charte --donnees examples/amp/donnees.xlsx --au 2025-12-31 --format xlsx -o "$BUILD/demo/resultats.xlsx"
echo "Les mêmes données lues dans un classeur Excel ; le rapport écrit en classeur dans $BUILD/demo/resultats.xlsx (une feuille par partie du rapport)."
echo
echo "\$ charte check --strict examples/belvance/belvance.charte"
"$BUILD/charte" check --strict examples/belvance/belvance.charte
echo
echo "\$ charte eval examples/belvance/belvance.charte --donnees examples/belvance/donnees --au 2025-12-31"
"$BUILD/charte" eval examples/belvance/belvance.charte --donnees examples/belvance/donnees --au 2025-12-31
