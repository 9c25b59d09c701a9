#!/usr/bin/env bash
# tests/cli/bench-accord.sh: the harness of make bench (tests/bench/run.sh) on the demo profile, timing nothing: charte (this build, every data format), the hand-written baseline and amp-ref must agree, and a charte that computes otherwise must stop it.
set -u
. "$ROOT/tests/cli/lib/builds.sh"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
B=$ROOT/build
for tool in gen-donnees amp-ref classeur; do
  [ -x "$B/$tool" ] || { echo "build/$tool manquant (make tools)"; exit 1; }
done
bench() {   # BUILD_DIR: the harness, sqlite3 and DuckDB left out (nothing to install in make test)
  BENCH=demo BENCH_SQL=0 BENCH_AGREE_ONLY=1 BENCH_DOC=0 "$ROOT/tests/bench/run.sh" "$1"
}
build_dir() {   # DIR CHARTE [TOOLS_DIR]: the tools of build/ (and the harness's, compiled in TOOLS_DIR), and CHARTE as charte
  mkdir -p "$1"
  for tool in gen-donnees amp-ref classeur; do ln -s "$B/$tool" "$1/$tool"; done
  # The programs the harness compiles when they are missing: taken from the first run's
  # folder, the second run does not compile them again (1 s of processor).
  [ -n "${3:-}" ] && for tool in baseline inflate-floor eval-canon; do ln -s "$3/$tool" "$1/$tool"; done
  ln -s "$2" "$1/charte"
}
# The sanitizer pass runs the harness once, on this build: the checks of the inflate-floor
# tool and of the harness stopping on a wrong charte run nothing of this build (the wrong
# charte only rewrites the report of the same runs as the first), and the normal pass makes them.
sanitized=0
charte_in_san_pass && sanitized=1
status=0
build_dir "$tmp/ok" "$CHARTE"
if ! bench "$tmp/ok" > "$tmp/ok.log" 2>&1; then
  echo "make bench's harness fails on the demo profile:"; sed 's/^/  /' "$tmp/ok.log" | tail -20; status=1
elif ! grep -q "identical results for charte charte-1 charte-n baseline amp-ref charte-csv-fr charte-csv-1252 charte-json charte-xlsx charte-ods" "$tmp/ok.log"; then
  echo "make bench's harness did not compare every program:"; sed 's/^/  /' "$tmp/ok.log" | tail -5; status=1
fi
[ $sanitized -eq 1 ] && exit $status
# The workbooks' floor (tests/bench/inflate-floor.c, built by the harness above): every part of
# the example workbooks inflated with its CRC right; a stored part with one byte changed (the
# ODS's mimetype) found; a CSV refused as not a zip.
floor=$tmp/ok/inflate-floor
for book in donnees.xlsx donnees.ods; do
  out=$("$floor" "$ROOT/examples/amp/$book" 2>&1); rc=$?
  if [ $rc != 0 ] || [ "$(grep -c 'crc ok$' <<< "$out")" != "$(wc -l <<< "$out")" ]; then
    echo "inflate-floor on examples/amp/$book (exit $rc):"; sed 's/^/  /' <<< "$out" | head -5; status=1
  fi
done
cp "$ROOT/examples/amp/donnees.ods" "$tmp/bad.ods"
at=$(grep -abo 'application/vnd.oasis' "$tmp/bad.ods" | head -1 | cut -d: -f1)
printf 'A' | dd of="$tmp/bad.ods" bs=1 seek="$at" conv=notrunc status=none
out=$("$floor" "$tmp/bad.ods" 2>&1); rc=$?
if [ $rc != 1 ] || ! grep -q '^mimetype: .*CRC WRONG$' <<< "$out"; then
  echo "inflate-floor does not find a changed byte (exit $rc):"; sed 's/^/  /' <<< "$out" | head -3; status=1
fi
# -w: windows of 4 KiB (a call per 4 KiB, the history carried across them) read the same parts;
# -n: the changed byte no longer looked for; a window under 4 KiB refused.
out=$("$floor" -w 4096 "$ROOT/examples/amp/donnees.xlsx" 2>&1); rc=$?
if [ $rc != 0 ] || [ "$out" != "$("$floor" "$ROOT/examples/amp/donnees.xlsx" 2>&1)" ]; then
  echo "inflate-floor -w 4096 reads otherwise (exit $rc):"; sed 's/^/  /' <<< "$out" | head -3; status=1
fi
out=$("$floor" -n "$tmp/bad.ods" 2>&1); rc=$?
if [ $rc != 0 ] || ! grep -q '^mimetype: .*crc not checked$' <<< "$out"; then
  echo "inflate-floor -n checks a CRC (exit $rc):"; sed 's/^/  /' <<< "$out" | head -3; status=1
fi
out=$("$floor" -w 10 "$tmp/bad.ods" 2>&1); rc=$?
if [ $rc != 2 ] || ! grep -q '^usage' <<< "$out"; then
  echo "inflate-floor takes a window of 10 bytes (exit $rc): $out"; status=1
fi
out=$("$floor" "$ROOT/examples/amp/donnees/heures.csv" 2>&1); rc=$?
if [ $rc != 2 ] || ! grep -q 'not a zip file' <<< "$out"; then
  echo "inflate-floor reads a CSV as a zip (exit $rc): $out"; status=1
fi
# A charte whose report says "non_atteint" where it should say "atteint".
cat > "$tmp/wrong-charte" <<W
#!/usr/bin/env bash
set -o pipefail
"$CHARTE" "\$@" | sed 's/"statut": "atteint"/"statut": "non_atteint"/'
W
chmod +x "$tmp/wrong-charte"
build_dir "$tmp/wrong" "$tmp/wrong-charte" "$tmp/ok"
if bench "$tmp/wrong" > "$tmp/wrong.log" 2>&1 || ! grep -q "charte and amp-ref DISAGREE" "$tmp/wrong.log"; then
  echo "make bench's harness does not stop on a charte that disagrees:"; sed 's/^/  /' "$tmp/wrong.log" | tail -5; status=1
fi
exit $status
