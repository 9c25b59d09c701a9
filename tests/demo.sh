#!/usr/bin/env bash
# tests/demo.sh: what `make demo` shows: the AMP charter checked, then its example data evaluated.
set -euo pipefail
BUILD=${1:-build}
cd "$(dirname "$0")/.."
echo "\$ charte check --strict examples/amp/amp.charte"
"$BUILD/charte" check --strict examples/amp/amp.charte
echo
echo "\$ charte eval examples/amp/amp.charte --donnees examples/amp/donnees --au 2025-12-31"
"$BUILD/charte" eval examples/amp/amp.charte --donnees examples/amp/donnees --au 2025-12-31
