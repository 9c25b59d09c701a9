#!/usr/bin/env bash
# tests/cli/bench-accord.sh: the harness of make bench (tests/bench/run.sh) on the demo profile, timing nothing: charte (this build, every data format), the hand-written baseline and amp-ref must agree, and a charte that computes otherwise must stop it.
set -u
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
B=$ROOT/build
for tool in gen-donnees amp-ref classeur; do
  [ -x "$B/$tool" ] || { echo "build/$tool manquant (make tools)"; exit 1; }
done
bench() {   # BUILD_DIR: the harness, sqlite3 and DuckDB left out (nothing to install in make test)
  BENCH=demo BENCH_SQL=0 BENCH_AGREE_ONLY=1 BENCH_DOC=0 "$ROOT/tests/bench/run.sh" "$1"
}
build_dir() {   # DIR CHARTE: the tools of build/, and CHARTE as charte
  mkdir -p "$1"
  for tool in gen-donnees amp-ref classeur; do ln -s "$B/$tool" "$1/$tool"; done
  ln -s "$2" "$1/charte"
}
status=0
build_dir "$tmp/ok" "$CHARTE"
if ! bench "$tmp/ok" > "$tmp/ok.log" 2>&1; then
  echo "make bench's harness fails on the demo profile:"; sed 's/^/  /' "$tmp/ok.log" | tail -20; status=1
elif ! grep -q "identical results for charte charte-1 charte-n baseline amp-ref charte-csv-fr charte-csv-1252 charte-json charte-xlsx charte-ods" "$tmp/ok.log"; then
  echo "make bench's harness did not compare every program:"; sed 's/^/  /' "$tmp/ok.log" | tail -5; status=1
fi
# A charte whose report says "non_atteint" where it should say "atteint".
cat > "$tmp/wrong-charte" <<W
#!/usr/bin/env bash
set -o pipefail
"$CHARTE" "\$@" | sed 's/"statut": "atteint"/"statut": "non_atteint"/'
W
chmod +x "$tmp/wrong-charte"
build_dir "$tmp/wrong" "$tmp/wrong-charte"
if bench "$tmp/wrong" > "$tmp/wrong.log" 2>&1 || ! grep -q "charte and amp-ref DISAGREE" "$tmp/wrong.log"; then
  echo "make bench's harness does not stop on a charte that disagrees:"; sed 's/^/  /' "$tmp/wrong.log" | tail -5; status=1
fi
exit $status
