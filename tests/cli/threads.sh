#!/usr/bin/env bash
# tests/cli/threads.sh: eval --threads: every report format byte-identical with 1, 2, 3 and 7 threads (demo data, generated data with invalid rows, French and Windows-1252 CSV, quoted fields holding line breaks across slices, CRLF, lone-CR and mixed line ends, a larger table, a quote never closed, a NUL byte, a Windows-1252 byte past the first MiB of ASCII rows, rejected rows at every slice's edges at the lines counted from the file, rows longer than their slice, no hour line (the hires read by the first thread); contracts and participants, then hour lines and hires, loaded at once, failing in either or both; the hour table's first slices cut while the participants load, failing there; the files opened on two threads, failing to), also under ThreadSanitizer; bad values refused.
# The sanitizer pass (fils_sample, lib/threads-same.sh) reads each case once with ASan+UBSan, its
# thread count in turn 2, 7, 3, 1 over the cases (the demo on 2 threads, the generated set on 7,
# every format), and once with ThreadSanitizer on 2, 7 or 3 threads for the cases whose threads
# meet differently (slices, quotes, encodings, the ring, failures on either loader, opening),
# each compared with the normal build's one thread: the same input on another count of the same
# kind takes no path that another case does not take under the sanitizer already.
set -u
. "$ROOT/tests/cli/lib/generees.sh"
. "$ROOT/tests/cli/lib/threads-same.sh"
. "$ROOT/tests/cli/lib/fixtures.sh"
TSAN=$(charte_tsan) || exit 1   # lib/builds.sh: its cases at the end, in the sanitizer pass
fils_sample=1
# The data, made once for both passes (tests/cli/lib/fixtures.sh): some 3 s of gen-donnees, awk, cp, tail and their
# forks a pass before (journal, `suite23`). Each case is a folder of DIR; the cases read it, never write there.
make_data() {   # DIR
  local tmp=$1 lines d
  {
  "$B/gen-donnees" --profil demo --graine 11 --format csv --invalides 300 --sortie "$tmp/invalides" >/dev/null || return 1
  "$B/gen-donnees" --profil demo --graine 12 --format csv-fr --invalides 100 --sortie "$tmp/fr" >/dev/null || return 1
  "$B/gen-donnees" --profil demo --graine 13 --format csv-1252 --invalides 100 --sortie "$tmp/w1252" >/dev/null || return 1
  # A column no declaration names, quoted, holding a separator and a line break
  # every few rows: slices are cut at line feeds, some of them inside these fields.
  mkdir "$tmp/quotes"
  cp "$tmp/invalides"/{marches,participants,embauches}.csv "$tmp/quotes/"
  awk 'NR == 1 { print $0 ",commentaire"; next }
       NR % 5 == 0 { print $0 ",\"vu le " NR ",\nrelancé\""; next }
       { print $0 "," }' "$tmp/invalides/heures.csv" > "$tmp/quotes/heures.csv"
  grep -q 'relancé' "$tmp/quotes/heures.csv" || { echo "données à guillemets non écrites"; return 1; }
  # Windows line ends (CRLF) and old Mac ones (a lone CR): slices are cut and
  # their lines counted with both, so rejected rows keep their line numbers.
  for ends in crlf cr; do
    mkdir "$tmp/$ends"
    cp "$tmp/invalides"/{marches,participants,embauches}.csv "$tmp/$ends/"
  done
  sed 's/$/\r/' "$tmp/invalides/heures.csv" > "$tmp/crlf/heures.csv"
  tr '\n' '\r' < "$tmp/invalides/heures.csv" > "$tmp/cr/heures.csv"
  # Hours so large that a contract's 64-bit sum overflows into a rational, in a thread's share too,
  # and a month's (the HTML report's chart of the months: a share's month added to a thread's total).
  mkdir "$tmp/grandes"
  cp "$tmp/invalides"/{marches,participants,embauches}.csv "$tmp/grandes/"
  awk -F, 'BEGIN { OFS = "," } NR > 1 && NR % 2 == 0 && $4 ~ /^[0-9.]+$/ { $4 = "9999999999999999.99" } { print }' \
    "$tmp/invalides/heures.csv" > "$tmp/grandes/heures.csv"

  # Windows-1252 with accented letters on every row, not only in the header:
  # the main reader converted its first buffer, and gives back to the slices
  # what it did not parse by counting its characters (one per byte of the file).
  mkdir "$tmp/accents"
  cp "$tmp/w1252"/{marches,participants,embauches}.csv "$tmp/accents/"
  LC_ALL=C awk 'NR == 1 { print $0 ";Commentaire"; next } { print $0 ";vu \340 l\47\351t\351, relanc\351 " NR }' \
    "$tmp/w1252/heures.csv" > "$tmp/accents/heures.csv"
  [ "$(LC_ALL=C grep -c $'\xe9t\xe9' "$tmp/accents/heures.csv")" -gt 1000 ] || { echo "accents Windows-1252 non écrits"; return 1; }

  # Windows-1252 over many slices and buffers (the rows fourteen times, 2.4 MB),
  # accents in the header and in two of the copies only, some of them in rejected
  # values: a slice or buffer of ASCII bytes alone is parsed where it lies, the
  # others converted. Its report is the one of the same file in UTF-8, but for
  # the encoding it names and its notes.
  mkdir "$tmp/w1252_grand" "$tmp/utf8_grand"
  cp "$tmp/w1252"/{marches,participants,embauches}.csv "$tmp/w1252_grand/"
  { head -n 1 "$tmp/w1252/heures.csv" | tr -d '\r' | LC_ALL=C awk '{ printf "%s;Commentaire\r\n", $0 }'
    for i in $(seq 14); do
      tail -n +2 "$tmp/w1252/heures.csv" | tr -d '\r' | LC_ALL=C awk -F';' -v copy=$i 'BEGIN { OFS = ";" }
        copy == 4 || copy == 9 { if (copy == 9 && NR % 50 == 0) $4 = "dix-sept \351t\351"; printf "%s;vu \340 l\47\351t\351 %d\r\n", $0, NR; next }
        { printf "%s;\r\n", $0 }'
    done; } > "$tmp/w1252_grand/heures.csv"
  for f in "$tmp/w1252_grand"/*.csv; do iconv -f WINDOWS-1252 -t UTF-8 "$f" > "$tmp/utf8_grand/${f##*/}" || return 1; done
  [ "$(LC_ALL=C grep -c $'[\x80-\xff]' "$tmp/w1252_grand/heures.csv")" -gt 1000 ] \
    && [ "$(wc -c < "$tmp/w1252_grand/heures.csv")" -gt 2200000 ] || { echo "grand fichier Windows-1252 mal écrit"; return 1; }

  # A larger hour table (the generated rows eight times over, 1.4 MB): many
  # slices, taken by whichever thread is free, cut smaller towards the end.
  for d in grand ouvert nul; do
    mkdir "$tmp/$d"
    cp "$tmp/invalides"/{marches,participants,embauches}.csv "$tmp/$d/"
  done
  { head -n 1 "$tmp/invalides/heures.csv"
    for i in 1 2 3 4 5 6 7 8; do tail -n +2 "$tmp/invalides/heures.csv"; done; } > "$tmp/grand/heures.csv"
  lines=$(wc -l < "$tmp/grand/heures.csv")
  # Line ends mixed: the first half CRLF, the rest LF. Slices without a CR have
  # their lines counted as their LFs, the others by the CR-aware count.
  mkdir "$tmp/mixte"
  cp "$tmp/invalides"/{marches,participants,embauches}.csv "$tmp/mixte/"
  awk -v half=$((lines / 2)) 'NR <= half { printf "%s\r\n", $0; next } { print }' "$tmp/grand/heures.csv" > "$tmp/mixte/heures.csv"
  # A quote opened a third of the way and never closed: the rest of the file is
  # one rejected row, every later slice starts inside it, and the reader of the
  # slice before reads on through all of them.
  awk -v at=$((lines / 3)) '{ print } NR == at { print "X,\"jamais fermé" }' "$tmp/grand/heures.csv" > "$tmp/ouvert/heures.csv"
  # A NUL byte two thirds of the way: the same error, on the same line.
  awk -v at=$((2 * lines / 3)) '{ print } NR == at { printf "X,%c\n", 0 }' "$tmp/grand/heures.csv" > "$tmp/nul/heures.csv"
  mkdir "$tmp/sans_marches"
  cp "$tmp/invalides"/{participants,heures,embauches}.csv "$tmp/sans_marches/"
  head -n 1 "$tmp/invalides/marches.csv" > "$tmp/sans_marches/marches.csv"
  # Two rows longer than a slice can be (1.2 MB, past a slot's MiB; a third of
  # the way and near the end, where slices are small): their slices outgrow the
  # slot they were lent in the ring's region and move to a buffer of their own.
  mkdir "$tmp/longues"
  cp "$tmp/invalides"/{marches,participants,embauches}.csv "$tmp/longues/"
  awk -v a=$((lines / 3)) -v b=$((lines - 40)) 'BEGIN { x = "x"; while (length(x) < 1200000) x = x x }
       NR == 1 { print $0 ",commentaire"; next }
       NR == a || NR == b { print $0 "," substr(x, 1, 1200000); next }
       { print $0 "," }' "$tmp/grand/heures.csv" > "$tmp/longues/heures.csv"
  [ "$(awk 'length($0) >= 1200000' "$tmp/longues/heures.csv" | wc -l)" -eq 2 ] || { echo "lignes longues non écrites"; return 1; }
  # Rejected rows at every slice's edges, in every slice: every other row of the
  # larger table rejected (its hours « abc »), a quoted line break every seventh
  # row (so that a row's line is not its number), and no line feed at the end
  # (the last slice ends inside its last row). Beyond being the same with 1, 2,
  # 3 and 7 threads, each report puts them at the lines counted here from the
  # file itself: a slice's first line is the count of the line ends of every
  # slice before it (table_split_scan_ends), quoted ones included.
  mkdir "$tmp/bords"
  cp "$tmp/invalides"/{marches,participants,embauches}.csv "$tmp/bords/"
  awk -v n="$lines" 'BEGIN { FS = OFS = "," } NR == 1 { print $0 ",commentaire"; next }
       { if (NR % 2 == 1 || NR == n) $4 = "abc"; printf "%s%s,%s", (NR > 2 ? "\n" : ""), $0, (NR % 7 == 0 ? "\"vu\nrelancé\"" : "") }' \
    "$tmp/grand/heures.csv" > "$tmp/bords/heures.csv"
  # A Windows-1252 byte late in a table of ASCII rows:
  # the slices before are checked by one scan (plain ASCII), the one holding it
  # by the encoding's check, which finds the file Windows-1252 from there on.
  mkdir "$tmp/tardif"
  cp "$tmp/invalides"/{marches,participants,embauches}.csv "$tmp/tardif/"
  # (past the first MiB, which opening reads and checks itself: the table twice over, the byte at three quarters)
  { cat "$tmp/grand/heures.csv"; tail -n +2 "$tmp/grand/heures.csv"; } | LC_ALL=C grep -v '[^ -~]' \
    | LC_ALL=C awk -v at=$((3 * lines / 2)) '{ print } NR == at { printf "M1,P1,2024-01,1,\351t\351\n" }' > "$tmp/tardif/heures.csv"
  [ "$(LC_ALL=C grep -n '[^ -~]' "$tmp/tardif/heures.csv" | cut -d: -f1)" -gt 0 ] \
    && [ "$(LC_ALL=C head -n "$((3 * lines / 2))" "$tmp/tardif/heures.csv" | wc -c)" -gt 1200000 ] || { echo "table tardive mal écrite"; return 1; }
  # Contracts and participants load at once with two threads or more: the first
  # failure in table order is the one said, whichever thread meets its own first.
  # (a NUL byte past the first MiB, which opening reads: an error met while the
  # rows are read; the generated rows over and over make the file that long,
  # the repeated contracts rejected as duplicates).
  for d in nul_participants nul_deux; do
    mkdir "$tmp/$d"
    cp "$tmp/invalides"/{marches,participants,heures,embauches}.csv "$tmp/$d/"
  done
  long_with_nul() {   # long_with_nul FILE: its rows repeated past 1.2 MB, then a NUL byte
    local size=$(wc -c < "$1") rows i
    # The rows read once (their trailing line ends kept by the x), then written by printf, a builtin: a tail a copy
    # was some 130 forks and execs a call, 7 ms of processor each here (journal, `suite22`).
    rows=$(tail -n +2 "$1"; echo x) rows=${rows%x}
    { cat "$1"; for ((i = 0; i < 1300000 / size + 1; i++)); do printf '%s' "$rows"; done; printf 'X,\0\n'; }
  }
  long_with_nul "$tmp/invalides/participants.csv" > "$tmp/nul_participants/participants.csv"
  cp "$tmp/nul_participants/participants.csv" "$tmp/nul_deux/participants.csv"
  long_with_nul "$tmp/invalides/marches.csv" > "$tmp/nul_deux/marches.csv"
  # Hour lines and hires load at once too: a NUL byte in the hires alone, then
  # in the hires and in the hour lines (the hour lines' error is said).
  for d in nul_embauches nul_heures_embauches; do
    mkdir "$tmp/$d"
    cp "$tmp/invalides"/{marches,participants}.csv "$tmp/$d/"
    long_with_nul "$tmp/invalides/embauches.csv" > "$tmp/$d/embauches.csv"
  done
  cp "$tmp/grand/heures.csv" "$tmp/nul_embauches/"
  { cat "$tmp/grand/heures.csv"; printf 'X,\0\n'; } > "$tmp/nul_heures_embauches/heures.csv"   # past the first MiB
  # No hour line (the header alone): the hires, given to the second thread
  # before it reads, are read by the first one, which has no slice to read;
  # failing there too.
  for d in sans_heures sans_heures_nul; do
    mkdir "$tmp/$d"
    cp "$tmp/invalides"/{marches,participants,embauches}.csv "$tmp/$d/"
    head -n 1 "$tmp/invalides/heures.csv" > "$tmp/$d/heures.csv"
  done
  cp "$tmp/nul_embauches/embauches.csv" "$tmp/sans_heures_nul/"
  # The hour table's first slices are cut while the participants load (the ring
  # full: some 6 MiB with two threads, 3.6 MiB with seven). A NUL byte past the
  # first MiB but inside them (the rows over 8 MB, the NUL at 2 MB) is met then,
  # and said as the hour lines' error when they load; with the participants
  # failing too, theirs only (table order), the slices cut ahead dropped.
  for d in nul_tot nul_tot_participants; do
    mkdir "$tmp/$d"
    cp "$tmp/invalides"/{marches,embauches}.csv "$tmp/$d/"
  done
  cp "$tmp/invalides/participants.csv" "$tmp/nul_tot/"
  cp "$tmp/nul_participants/participants.csv" "$tmp/nul_tot_participants/"
  { cat "$tmp/grand/heures.csv"; for i in 1 2 3 4 5; do tail -n +2 "$tmp/grand/heures.csv"; done; } \
    | awk -v at=$((3 * lines / 2)) '{ print } NR == at { printf "X,%c\n", 0 }' > "$tmp/nul_tot/heures.csv"
  cp "$tmp/nul_tot/heures.csv" "$tmp/nul_tot_participants/"
  [ "$(wc -c < "$tmp/nul_tot/heures.csv")" -gt 8000000 ] || { echo "table d'heures de 8 Mo mal écrite"; return 1; }
  # The same 8 MB of rows without the NUL: the slices cut ahead, and those cut after, counted.
  mkdir "$tmp/tot"
  cp "$tmp/invalides"/{marches,participants,embauches}.csv "$tmp/tot/"
  tr -d '\000' < "$tmp/nul_tot/heures.csv" | grep -v '^X,$' > "$tmp/tot/heures.csv"
  # With two threads or more the files open on two threads (contracts and hour
  # lines, participants and hires): every problem of every file is said, in
  # table order, as with one; a missing folder once.
  mkdir "$tmp/ouverture"
  cut -d, -f2- "$tmp/invalides/marches.csv" > "$tmp/ouverture/marches.csv"          # no « marche » column
  cut -d, -f1,2,4- "$tmp/invalides/heures.csv" > "$tmp/ouverture/heures.csv"       # no « mois »
  cut -d, -f2- "$tmp/invalides/embauches.csv" > "$tmp/ouverture/embauches.csv"     # and no participants.csv
  } >&2
}
DATA=$(fixture threads "$ROOT/tests/cli/threads.sh" "$B/gen-donnees" -- make_data) || { echo "données non écrites"; exit 1; }
lines=$(wc -l < "$DATA/grand/heures.csv")

same_outputs "$CHARTE" "$ROOT/examples/amp/donnees" text json csv html xlsx ods
same_outputs "$CHARTE" "$DATA/invalides" text json csv html xlsx ods
# The data do have what the threads must keep in order: rejected hour lines, and reasons.
cp "$tmp/out.1.json" "$tmp/out.1.invalides.json"   # (its checks with the others, at the end: one python3)
# With two threads or more, the JSON report's contracts are written beside the
# aggregates (report_json_contracts_ahead), in the run's language (a note), as
# one thread writes them: a golden with notes, in both languages, -o and stdout;
# with --derivations (written after them); and without any contract (no bytes).
conflit=$ROOT/tests/eval/conflit-seuil
for lang in fr en; do
  for n in 1 $(fils_compares "$CHARTE"); do
    (cd "$conflit" && "$CHARTE" eval charte.charte --donnees . --au "$(cat au)" --format json --lang $lang --threads $n) \
      > "$tmp/notes.$lang.$n.json" 2>/dev/null
    (cd "$conflit" && "$CHARTE" eval charte.charte --donnees . --au "$(cat au)" --format json --lang $lang --threads $n \
      --derivations -o "$tmp/derivations.$lang.$n.json") 2>/dev/null
    [ $n = 1 ] && continue
    cmp -s "$tmp/notes.$lang.1.json" "$tmp/notes.$lang.$n.json" || { echo "notes $lang : --threads $n diffère"; fail=1; }
    cmp -s "$tmp/derivations.$lang.1.json" "$tmp/derivations.$lang.$n.json" \
      || { echo "--derivations $lang : --threads $n diffère"; fail=1; }
  done
done
cmp -s "$conflit/attendu.json" "$tmp/notes.fr.2.json" || { echo "conflit-seuil : rapport JSON différent de l'attendu"; fail=1; }
grep -q '"note": "two rules of equal rank set the threshold"' "$tmp/notes.en.2.json" \
  || { echo "notes en : « $(grep -o '"note": "[^"]*"' "$tmp/notes.en.2.json") »"; fail=1; }
grep -q '"derivations"\|"derivation"' "$tmp/derivations.fr.2.json" || { echo "--derivations : pas de dérivation"; fail=1; }
same_outputs "$CHARTE" "$DATA/sans_marches" json
cp "$tmp/out.1.json" "$tmp/out.1.sans_marches.json"   # the same bytes as every count's
same_outputs "$CHARTE" "$DATA/fr" json text
same_outputs "$CHARTE" "$DATA/w1252" json text
same_outputs "$CHARTE" "$DATA/accents" json text
grep -q 'Windows-1252' "$tmp/out.1.text" || { echo "accents : fichier non lu en Windows-1252"; fail=1; }
same_outputs "$CHARTE" "$DATA/w1252_grand" json
cp "$tmp/out.1.json" "$tmp/out.1.w1252_grand.json"
same_outputs "$CHARTE" "$DATA/utf8_grand" json
cp "$tmp/out.1.json" "$tmp/out.1.utf8_grand.json"
grep -q '"Windows-1252"' "$tmp/out.1.w1252_grand.json" || { echo "grand fichier : pas lu en Windows-1252"; fail=1; }
same_outputs "$CHARTE" "$DATA/quotes" json text
same_outputs "$CHARTE" "$DATA/grandes" json html
grep -q '[0-9]\{19,\}' "$tmp/out.1.json" || { echo "les grandes heures ne dépassent pas 64 bits"; fail=1; }
grep -q 'colonnes ignorées' "$tmp/out.1.text" || { echo "la colonne à guillemets n'a pas été lue"; fail=1; }
same_outputs "$CHARTE" "$DATA/crlf" json
cmp -s "$tmp/out.1.json" "$tmp/out.1.invalides.json" \
  || { echo "fins de ligne CRLF : rapport différent de celui des fins LF"; fail=1; }
same_outputs "$CHARTE" "$DATA/cr" json
cmp -s "$tmp/out.1.json" "$tmp/out.1.invalides.json" || { echo "fins de ligne CR : rapport différent de celui des fins LF"; fail=1; }

same_outputs "$CHARTE" "$DATA/grand" json text
cp "$tmp/out.1.json" "$tmp/out.1.grand.json"
same_outputs "$CHARTE" "$DATA/mixte" json
cmp -s "$tmp/out.1.json" "$tmp/out.1.grand.json" || { echo "fins de ligne mélangées : rapport différent de celui des fins LF"; fail=1; }
same_outputs "$CHARTE" "$DATA/longues" json
same_outputs "$CHARTE" "$DATA/ouvert" json text
cp "$tmp/out.1.json" "$tmp/out.1.ouvert.json"
same_failure "$CHARTE" "$DATA/nul"
grep -q "error\[C0804\]: octet nul ligne $((2 * lines / 3 + 1))" "$tmp/fail.1" || { echo "octet nul : « $(cat "$tmp/fail.1") »"; fail=1; }
same_outputs "$CHARTE" "$DATA/bords" json
bords=()   # this call's reports (every count's, or the two of the sanitizer pass), checked at the end
for n in ref $fils_runs; do
  t=1; [ $n = ref ] || { fils_tag "$CHARTE" $n; t=$fils_t; }
  cp "$tmp/out.$t.json" "$tmp/bords.$t.json" && bords+=("$tmp/bords.$t.json")
done
same_outputs "$CHARTE" "$DATA/tardif" json
grep -q '"encodage": "Windows-1252"' "$tmp/out.1.json" && grep -q '« été » invalide' "$tmp/out.1.json" \
  || { echo "octet Windows-1252 tardif : encodage ou valeur mal lus"; fail=1; }

same_failure "$CHARTE" "$DATA/nul_participants"
grep -q "participants.csv:$(wc -l < "$DATA/nul_participants/participants.csv"): error\[C0804\]" "$tmp/fail.1" \
  || { echo "octet nul des participants : « $(cat "$tmp/fail.1") »"; fail=1; }
same_failure "$CHARTE" "$DATA/nul_deux"
grep -q "marches.csv:$(wc -l < "$DATA/nul_deux/marches.csv"): error\[C0804\]" "$tmp/fail.1" && ! grep -q "participants.csv" "$tmp/fail.1" \
  || { echo "deux octets nuls : « $(cat "$tmp/fail.1") »"; fail=1; }
same_failure "$CHARTE" "$DATA/nul_embauches"
grep -q "embauches.csv:$(wc -l < "$DATA/nul_embauches/embauches.csv"): error\[C0804\]" "$tmp/fail.1" \
  || { echo "octet nul des embauches : « $(cat "$tmp/fail.1") »"; fail=1; }
same_outputs "$CHARTE" "$DATA/sans_heures" json text
cp "$tmp/out.1.json" "$tmp/out.1.sans_heures.json"
same_failure "$CHARTE" "$DATA/sans_heures_nul"
grep -q "embauches.csv:$(wc -l < "$DATA/sans_heures_nul/embauches.csv"): error\[C0804\]" "$tmp/fail.1" \
  || { echo "sans heures, octet nul des embauches : « $(cat "$tmp/fail.1") »"; fail=1; }
same_failure "$CHARTE" "$DATA/nul_heures_embauches"
grep -q "heures.csv:$((lines + 1)): error\[C0804\]" "$tmp/fail.1" && ! grep -q "embauches.csv" "$tmp/fail.1" \
  || { echo "octets nuls des heures et des embauches : « $(cat "$tmp/fail.1") »"; fail=1; }
same_failure "$CHARTE" "$DATA/nul_tot"
grep -q "heures.csv:$((3 * lines / 2 + 1)): error\[C0804\]" "$tmp/fail.1" \
  || { echo "octet nul des premières tranches : « $(cat "$tmp/fail.1") »"; fail=1; }
same_failure "$CHARTE" "$DATA/nul_tot_participants"
grep -q "participants.csv:$(wc -l < "$DATA/nul_tot_participants/participants.csv"): error\[C0804\]" "$tmp/fail.1" \
  && ! grep -q "heures.csv" "$tmp/fail.1" \
  || { echo "octets nuls des participants et des premières tranches : « $(cat "$tmp/fail.1") »"; fail=1; }
"$CHARTE" eval "$AMP" --donnees "$DATA/grand" --au 2025-12-31 --format json --threads 1 -o "$tmp/grand.json" || fail=1
same_outputs "$CHARTE" "$DATA/tot" json
cp "$tmp/out.1.json" "$tmp/out.1.tot.json"
same_failure "$CHARTE" "$DATA/ouverture"
[ "$(grep -c 'error\[C080[16]\]' "$tmp/fail.1")" = 4 ] \
  && [ "$(sed 's/: error.*//; s|.*/||' "$tmp/fail.1" | tr '\n' ' ')" = "marches.csv ouverture heures.csv embauches.csv " ] \
  || { echo "fichiers illisibles, dans l'ordre des tables : « $(cat "$tmp/fail.1") »"; fail=1; }
same_failure "$CHARTE" "$tmp/absent"
[ "$(grep -c 'error' "$tmp/fail.1")" = 1 ] || { echo "dossier absent : « $(cat "$tmp/fail.1") »"; fail=1; }
# The reports' contents, kept above under their case's name: one python3 for them all.
python3 - "$tmp" "$DATA" "$lines" "${bords[@]}" <<'PY' || fail=1
import csv, json, sys
tmp, data, lines, bords = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
def report(name):
    return json.load(open("%s/out.1.%s.json" % (tmp, name)))
def hours(name):
    return report(name)["lignes"]["heures"]
bad = False
def check(ok, message):
    global bad
    if not ok:
        print(message)
        bad = True
inv = report("invalides")
h = inv["lignes"]["heures"]
# The data do have what the threads must keep in order: rejected hour lines, and reasons.
check(h["rejetees"] >= 100 and h["non_comptees"] > 0, "données de test sans lignes d'heures rejetées")
check(report("sans_marches")["marches"] == [], "sans marchés : liste de marchés non vide")
def plain(name):
    d = report(name)
    d.pop("notes")
    for t in d["fichiers"]:
        t.pop("encodage")
    return d
w, u = plain("w1252_grand"), plain("utf8_grand")
check(w == u and w["lignes"]["heures"]["rejetees"] > 14 * 20 and "dix-sept été" in json.dumps(w, ensure_ascii=False),
      "grand fichier Windows-1252 : rapport différent de celui en UTF-8")
# Every row of the larger table read, kept or rejected: eight times those of the generated table.
g = hours("grand")
check(all(g[k] == 8 * h[k] for k in ("lues", "comptees", "non_comptees", "rejetees")), "la grande table d'heures n'a pas été lue entière")
check(hours("ouvert")["lues"] < lines / 2, "le guillemet jamais fermé n'a pas couru jusqu'à la fin")
# Rejected rows at every slice's edge, at the lines counted from the file (see bords above).
expected, end = [], 0
with open(data + "/bords/heures.csv", newline="") as f:
    rows = csv.reader(f)
    for row in rows:
        start, end = end + 1, rows.line_num
        if len(row) > 3 and row[3] == "abc":
            expected.append(start)
last = expected[-1] == end   # the last row, without its line feed, is one of them
for b in bords:
    rejected = {r["ligne"]: r["motif"] for r in json.load(open(b))["rejets"] if r["fichier"] == "heures.csv"}
    abc = sorted(l for l, why in rejected.items() if "« abc »" in why)
    check(len(expected) > 20000 and last and all(l in rejected for l in expected) and set(abc) <= set(expected),
          "rejets aux bords des tranches, %s : lignes fausses" % b.rsplit("/", 1)[1])
check(len(bords) >= 2, "rejets aux bords des tranches : %d rapport(s)" % len(bords))
d = report("sans_heures")["lignes"]
check(d["heures"]["lues"] == 0 and d["embauches"]["lues"] > 0, "sans heures : lignes d'heures lues, ou embauches non lues")
check(hours("tot")["lues"] == 6 * json.load(open(tmp + "/grand.json"))["lignes"]["heures"]["lues"], "8 Mo d'heures : lignes lues")
# Both tables have rejected rows, kept in the order of one thread.
l = inv["lignes"]
check(l["marches"]["rejetees"] > 0 and l["participants"]["rejetees"] > 0, "données de test sans marchés ni participants rejetés")
sys.exit(1 if bad else 0)
PY

# ThreadSanitizer: the threaded cases again.
if [ -n "$TSAN" ]; then
  same_outputs "$TSAN" "$ROOT/examples/amp/donnees" json
  same_outputs "$TSAN" "$DATA/invalides" json
  same_outputs "$TSAN" "$DATA/quotes" json
  same_outputs "$TSAN" "$DATA/w1252" json
  same_outputs "$TSAN" "$DATA/grand" json
  same_outputs "$TSAN" "$DATA/ouvert" json
  same_failure "$TSAN" "$DATA/nul"
  same_failure "$TSAN" "$DATA/nul_deux"
  same_failure "$TSAN" "$DATA/nul_heures_embauches"
  same_failure "$TSAN" "$DATA/nul_tot"
  same_failure "$TSAN" "$DATA/nul_tot_participants"
  same_failure "$TSAN" "$DATA/ouverture"
fi

# Bad values: a usage error, exit 2, said in both languages.
for v in 0 -1 abc 1.5 "" 257 99999999999; do
  out=$("$CHARTE" eval "$AMP" --donnees "$ROOT/examples/amp/donnees" --au 2025-12-31 --threads "$v" 2>&1 >/dev/null); rc=$?
  [ $rc -eq 2 ] || { echo "--threads '$v' : exit $rc au lieu de 2"; fail=1; }
  case $out in *"--threads attend un nombre de fils entre 1 et 256"*) ;; *) echo "--threads '$v' : message « $out »"; fail=1 ;; esac
done
out=$("$CHARTE" eval "$AMP" --donnees "$ROOT/examples/amp/donnees" --threads x --lang en 2>&1 >/dev/null)
case $out in *"--threads expects a number of threads from 1 to 256, not “x”"*) ;; *) echo "--lang en : « $out »"; fail=1 ;; esac
out=$("$CHARTE" eval "$AMP" --donnees "$ROOT/examples/amp/donnees" --threads 2>&1 >/dev/null); rc=$?
[ $rc -eq 2 ] || { echo "--threads sans valeur : exit $rc"; fail=1; }
# The French spelling is named as typed; an empty value is said so; the error is C0007 in a JSON
# document, whose page names --threads; given twice, the last value counts (a bad one anywhere fails).
D=$ROOT/examples/amp/donnees
out=$("$CHARTE" eval "$AMP" --donnees "$D" --au 2025-12-31 --fils 0 2>&1 >/dev/null)
[ "$out" = "charte: error[C0007]: --fils attend un nombre de fils entre 1 et 256, pas « 0 »" ] || { echo "--fils 0 : « $out »"; fail=1; }
out=$("$CHARTE" eval "$AMP" --donnees "$D" --au 2025-12-31 --fils=abc --lang en 2>&1 >/dev/null)
[ "$out" = "charte: error[C0007]: --fils expects a number of threads from 1 to 256, not “abc”" ] || { echo "--fils=abc (en) : « $out »"; fail=1; }
out=$("$CHARTE" eval "$AMP" --donnees "$D" --au 2025-12-31 --threads= 2>&1 >/dev/null)
[ "$out" = "charte: error[C0007]: --threads attend un nombre de fils entre 1 et 256, pas une valeur vide" ] || { echo "--threads= : « $out »"; fail=1; }
"$CHARTE" eval "$AMP" --donnees "$D" --au 2025-12-31 --format json --threads 0 >"$tmp/usage.json" 2>/dev/null; rc=$?
[ $rc -eq 2 ] && grep -q '"code": "C0007"' "$tmp/usage.json" || { echo "--threads 0 --format json : C0007 attendu (exit $rc)"; fail=1; }
for page in "$ROOT/docs/erreurs/C0007.md" "$ROOT/docs/en/erreurs/C0007.md"; do
  grep -q -- '--threads' "$page" || { echo "$page : --threads absent"; fail=1; }
done
for twice in "--threads 2 --threads 0" "--threads 0 --threads 2"; do
  "$CHARTE" eval "$AMP" --donnees "$D" --au 2025-12-31 $twice >/dev/null 2>&1; rc=$?
  [ $rc -eq 2 ] || { echo "$twice : exit $rc au lieu de 2"; fail=1; }
done
"$CHARTE" eval "$AMP" --donnees "$D" --au 2025-12-31 --threads 1 --threads 2 >/dev/null 2>&1 || { echo "--threads 1 --threads 2 : échec"; fail=1; }
exit $fail
