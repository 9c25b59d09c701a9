# tests/cli/lib/generees.sh: sourced by the tests that generate their data: a private temporary folder removed at exit ($tmp), the AMP charter ($AMP), the build ($B) with its gen-donnees, and fail=0.
# Sourced, not run: tests/run.sh runs only tests/cli/*.sh. Needs $ROOT.
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
AMP=$ROOT/examples/amp/amp.charte
B=$ROOT/build
[ -x "$B/gen-donnees" ] || { echo "build/gen-donnees manquant (make tools)"; exit 1; }
fail=0
