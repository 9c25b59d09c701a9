#!/usr/bin/env bash
# tests/cli/ouverture-dossier.sh: a folder's contracts, participants and hires opened beside the charter's check, and its hour lines and hires opened on the contracts' thread while the participants load, when both opened (two threads or more; cli/cmd_eval.c's EvalEarly), or at once when either failed: the same errors, in table order, and the same exit status with 1, 2, 3 and 7 threads, with the hour lines or the hires short of a column (the participants failing on a NUL byte too: the opening's error only), the contracts or the participants short of a column (with another table's), the hires absent or twice (CSV and JSON); a charter that fails its check (the files opened beside it dropped, nothing said of them); the example's report itself; under ThreadSanitizer for three of them.
set -u
: "${CHARTE:?}" "${ROOT:?}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
AMP=$ROOT/examples/amp/amp.charte
DATA=$ROOT/examples/amp/donnees
fail=0
. "$ROOT/tests/cli/lib/threads-same.sh"
TSAN=$(charte_tsan) || exit 1   # lib/builds.sh: its cases at the end, in the sanitizer pass
# Under the sanitizer build (*/san/charte) each same_failure/same_outputs call runs the sanitized
# binary once, its thread count taken in turn from 1 2 7 3 (fils_sample, threads-same.sh),
# against one thread of the normal build, which the normal pass has checked with 2, 3 and 7:
# 8 runs there instead of 24. The cycle starts at 1 so that the threaded opening is taken under
# ASan by each table failing on its thread: the hour lines with the participants' NUL byte
# (tard_nul, 2), the contracts (marches_seul, 7), the participants and the hires (participants_seul,
# 3), the hires twice (7), no hires (2) and the example in every format (3); one thread by tard
# and the NUL byte alone; the broken charter still runs 1, 2 and 7 threads there. The
# ThreadSanitizer calls below keep every count (fils_sample is off again before them).
fils_sample=1 fils_turn_san=3

# drop FILE K: FILE without its column K (from 0), the BOM and the separator kept.
drop() {
  python3 - "$1" "$2" <<'PY'
import sys
raw = open(sys.argv[1], encoding="utf-8-sig").read().split("\n")
k = int(sys.argv[2])
out = [";".join(c for i, c in enumerate(l.split(";")) if i != k) if l else l for l in raw]
sys.stdout.write("\ufeff" + "\n".join(out))
PY
}

# case NAME TABLES…: the example's files, those of TABLES (table:column) short of that column.
case_dir() {
  local d=$tmp/$1 t
  shift
  mkdir "$d" && cp "$DATA"/*.csv "$d/"
  for t in "$@"; do drop "$DATA/${t%%:*}.csv" "${t#*:}" > "$d/${t%%:*}.csv"; done
}
case_dir tard heures:2 embauches:0
case_dir tard_nul heures:2
case_dir marches_seul marches:0 heures:2
case_dir participants_seul participants:0 embauches:0
# past the first MiB, which the opening reads: met by the loading
{ seq 100000 130000 | awk '{ printf "P%d;F;01/01/1990;;01/01/2024;1;non;N;non;0;;Non\n", $1 }'; printf 'P9;F\0\n'; } \
  >> "$tmp/tard_nul/participants.csv"
[ "$(wc -c < "$tmp/tard_nul/participants.csv")" -gt 1100000 ] || { echo "octet nul non écrit"; fail=1; }

# Each case: its files with errors, in table order (one error each: a missing column).
for c in tard:"heures.csv embauches.csv " tard_nul:"heures.csv " marches_seul:"marches.csv heures.csv " \
         participants_seul:"participants.csv embauches.csv "; do
  same_failure "$CHARTE" "$tmp/${c%%:*}"
  [ "$(grep -c 'error\[C0806\]' "$tmp/fail.1")" = "$(echo ${c#*:} | wc -w)" ] \
    && [ "$(grep -c 'error' "$tmp/fail.1")" = "$(echo ${c#*:} | wc -w)" ] \
    && [ "$(sed 's/: error.*//; s|.*/||' "$tmp/fail.1" | tr '\n' ' ')" = "${c#*:}" ] \
    || { echo "ouverture ${c%%:*}, dans l'ordre des tables : « $(cat "$tmp/fail.1") »"; fail=1; }
done
# The participants' NUL byte is said when nothing else fails.
cp "$DATA/heures.csv" "$tmp/tard_nul/"
same_failure "$CHARTE" "$tmp/tard_nul"
grep -q 'participants.csv:[0-9]*: error\[C0804\]' "$tmp/fail.1" || { echo "octet nul des participants : « $(cat "$tmp/fail.1") »"; fail=1; }

# The hires, opened beside the check too, are read only when the charter and
# the folder want them: a folder without them (the same report), a folder
# with both embauches.csv and embauches.json (that error, in its place).
case_dir sans_embauches
rm "$tmp/sans_embauches/embauches.csv"
same_outputs "$CHARTE" "$tmp/sans_embauches" json text
case_dir deux_embauches marches:0
echo '[]' > "$tmp/deux_embauches/embauches.json"
same_failure "$CHARTE" "$tmp/deux_embauches"
[ "$(sed 's/: error\[\(C080[0-9]\)\].*/ \1/; s|.*/||' "$tmp/fail.1" | tr '\n' ' ')" = "marches.csv C0806 embauches.csv C0803 " ] \
  || { echo "deux fichiers d'embauches : « $(cat "$tmp/fail.1") »"; fail=1; }

# A charter that fails its check: exit 1, its errors only, whatever the threads.
printf 'charte "cassée"\nceci n est pas une charte\n' > "$tmp/cassee.charte"
for n in 1 2 7; do
  "$CHARTE" eval "$tmp/cassee.charte" --donnees "$DATA" --au 2025-12-31 --threads $n >"$tmp/cassee.out.$n" 2>"$tmp/cassee.$n"
  echo "exit $?" >> "$tmp/cassee.$n"
  cmp -s "$tmp/cassee.1" "$tmp/cassee.$n" || { echo "charte cassée : --threads $n diffère"; fail=1; }
done
grep -q '^exit 1$' "$tmp/cassee.1" && ! grep -q '\.csv' "$tmp/cassee.1" || { echo "charte cassée : « $(cat "$tmp/cassee.1") »"; fail=1; }

# The example itself, every report format.
same_outputs "$CHARTE" "$DATA" json text csv

fils_sample=0
if [ -n "$TSAN" ]; then
  same_outputs "$TSAN" "$DATA" json
  same_failure "$TSAN" "$tmp/tard"
  same_failure "$TSAN" "$tmp/marches_seul"
fi
exit $fail
