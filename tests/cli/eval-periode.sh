#!/usr/bin/env bash
# tests/cli/eval-periode.sh: eval --depuis: the AMP example's report with the period 2025 in every format (goldens in tests/cli/eval-periode/, UPDATE=1 rewrites them), each period figure of hours and hires equal to the difference of two cumulative JSON reports (jq) and the period's indicators to those of its hour lines alone (with the secrecy across the two tables) on the example, on a generated set and on pools whose target and rule change between the two dates, and the same bytes on 1, 2 and 3 threads.
set -u
. "$ROOT/tests/cli/lib/generees.sh"
G=$ROOT/tests/cli/eval-periode
PY=/usr/bin/python3
export LC_ALL=C.UTF-8

# golden NAME FILE: FILE is G/NAME (rewritten with UPDATE=1).
golden() {
  if [ -n "${UPDATE:-}" ]; then cp "$2" "$G/$1"; return; fi
  cmp -s "$2" "$G/$1" || { echo "$1 : le rapport a changé"; diff "$G/$1" "$2" | head -20; fail=1; }
}

# The example, every format from one evaluation (French), and the text in English.
cd "$ROOT/examples/amp" || exit 1
"$CHARTE" eval amp.charte --donnees donnees --au 2025-12-31 --depuis 2025-01-01 \
  -o "$tmp/r.txt" -o "$tmp/r.json" -o "$tmp/r.csv" -o "$tmp/r.html" -o "$tmp/r.xlsx" -o "$tmp/r.ods" 2>"$tmp/err" \
  || { echo "eval --depuis : code $?"; cat "$tmp/err"; exit 1; }
[ -s "$tmp/err" ] && { echo "eval --depuis : stderr inattendu"; cat "$tmp/err"; fail=1; }
for ext in txt json csv; do golden "attendu.$ext" "$tmp/r.$ext"; done
# The page: what the period changes in the page without it (its style and charts are
# tests/cli/eval-html's), as a diff of the two.
"$CHARTE" eval amp.charte --donnees donnees --au 2025-12-31 -o "$tmp/cumul.html" || { echo "eval html : code $?"; fail=1; }
diff "$tmp/cumul.html" "$tmp/r.html" > "$tmp/r.html.diff"
golden attendu.html.diff "$tmp/r.html.diff"
# Each figure of the period on the page is the JSON report's at its path (data-j), as the page writes it.
"$PY" - "$tmp/r.html" "$tmp/r.json" <<'EOF' || fail=1
import json, re, sys
from decimal import Decimal
page, report = open(sys.argv[1]).read(), json.load(open(sys.argv[2]), parse_float=Decimal)
cells = re.findall(r'data-j="([^"]*(?:heures_realisees|embauches|eligibles|objectif|valeur|participants)_periode)">([^<]*)<', page)
bad = []
for path, shown in cells:
    value = report
    for key in path.split("."):
        value = value[int(key)] if isinstance(value, list) else value[key]
    if shown == "secret" or value == "secret":
        if shown != value:
            bad.append((path, shown, value))
        continue
    text = re.sub(r"[\u202f\u00a0 h%]", "", shown).replace(",", ".")
    if Decimal(text) != round(Decimal(value), 1 if "%" in shown else 2):
        bad.append((path, shown, value))
kinds = {re.sub(r"\.[0-9]+(\.|$)", ".N\\1", p) for p, _ in cells}
if bad or len(kinds) < 9:
    sys.exit("page : chiffres de la période %s, %d sortes de cases (%s)" % (bad[:3], len(kinds), sorted(kinds)))
EOF
for ext in xlsx ods; do
  "$PY" "$G/classeur.py" "$tmp/r.$ext" > "$tmp/r.$ext.tsv" || { echo "$ext illisible"; fail=1; }
  golden "attendu.$ext.tsv" "$tmp/r.$ext.tsv"
done
"$CHARTE" eval amp.charte --donnees donnees --as-of 2025-12-31 --since 2025-01-01 --lang en > "$tmp/r.en.txt" \
  || { echo "eval --since --lang en : code $?"; fail=1; }
golden attendu.en.txt "$tmp/r.en.txt"

# evaluated DIR ARGS...: `charte eval ARGS --format json` run in DIR, stderr dropped; sets $evaluated to the
# file of its report, status 1 (and no file) when it failed. An evaluation asked again, the same arguments
# in the same folder (the cumulative report at --au of each period ending there, a period's report that
# alone and the pools' last check ask again: 7 a pass), gives the first run's report: what a sanitizer can
# find in a run, the first run found (journal, `suite23`). Its folder's files are never changed once read.
mkdir "$tmp/memo"; period=
evaluated() {
  local dir=$1 here=$PWD rc; shift
  printf -v evaluated '%q ' "$dir" "$@"; evaluated=$tmp/memo/${evaluated//\//$'\001'}
  [ -e "$evaluated" ] && return 0
  cd "$dir" || return 1
  "$CHARTE" eval "$@" --format json >"$evaluated" 2>/dev/null; rc=$?
  cd "$here" || return 1
  [ $rc -eq 0 ] || { rm -f "$evaluated"; return 1; }
}
# differs DIR CHARTER AU SINCE: the report with --depuis against the two cumulative ones; $period names
# the first.
differs() {
  local dir=$1 charter=$2 au=$3 since=$4 prev out a b
  prev=$(date -d "$since -1 day" +%F)
  evaluated "$dir" "$charter" --donnees . --au "$au" --depuis "$since" && period=$evaluated \
    && evaluated "$dir" "$charter" --donnees . --au "$au" && a=$evaluated \
    && evaluated "$dir" "$charter" --donnees . --au "$prev" && b=$evaluated \
    || { echo "$dir $since : une évaluation a échoué"; fail=1; return; }
  grep -q '"heures_realisees_periode"' "$period" || { echo "$dir $since : aucun chiffre de la période"; fail=1; }
  out=$(jq -n --argfile p "$period" --argfile a "$a" --argfile b "$b" -f "$G/difference.jq" -c)
  [ -z "$out" ] || { echo "$dir depuis $since : période ≠ différence des deux évaluations"; head -5 <<<"$out"; fail=1; }
}
cp amp.charte "$tmp/amp.charte"
cp -r donnees "$tmp/amp"
# Two more hires, on the period's first day and on the day before it: the first is the period's.
awk -F';' 'BEGIN { OFS = ";" } { print } NR == 2 { $1 = "E9001"; $4 = "01/01/2025"; print; $1 = "E9002"; $4 = "31/12/2024"; print }' \
  donnees/embauches.csv > "$tmp/amp/embauches.csv"
differs "$tmp/amp" ../amp.charte 2025-12-31 2025-01-01
differs "$tmp/amp" ../amp.charte 2025-12-31 2024-07-01
# A period of the evaluation's own month: --depuis on --au's day is a period, not an error.
differs "$tmp/amp" ../amp.charte 2025-12-01 2025-12-01
# Caps: the training hours of comptage, capped below and above their limit before the period.
differs "$ROOT/tests/eval/comptage" charte.charte 2025-12-31 2024-06-01
differs "$ROOT/tests/eval/comptage" charte.charte 2025-12-31 2025-01-01
# Targets of hires whose rate an avenant raises (10 % then 20 % of the hires from 2024): each hire
# of the period at the rate of its date.
differs "$ROOT/tests/eval/embauches" charte.charte 2025-12-31 2024-01-01
differs "$ROOT/tests/eval/embauches" charte.charte 2025-12-31 2025-01-01

# alone DIR CHARTER AU SINCE: the period's indicators against those of the period's hour lines
# alone (lignes.py: the same population, a line counted or not on its own), every figure shown
# the same (indicateurs.py); sets $shown and $hidden (period figures secret where the lines alone
# show them: the secrecy across the two tables), and $period (the period's report).
alone() {
  local dir=$1 charter=$2 au=$3 since=$4 out
  rm -rf "$tmp/alone"; mkdir "$tmp/alone"
  cp "$dir"/*.csv "$tmp/alone/"
  "$PY" "$G/lignes.py" "$dir/heures.csv" "$tmp/alone/heures.csv" "${since%-01}"
  evaluated "$dir" "$charter" --donnees . --au "$au" --depuis "$since" && period=$evaluated \
    && (cd "$tmp/alone" && "$CHARTE" eval "$charter" --donnees . --au "$au" --format json >"$tmp/f.json" 2>/dev/null) \
    || { echo "$dir $since : une évaluation a échoué"; fail=1; return; }
  out=$("$PY" "$G/indicateurs.py" "$period" "$tmp/f.json") || { echo "$dir depuis $since : $out"; fail=1; return; }
  read -r shown hidden <<<"$out"
}
AMPC=$ROOT/examples/amp/amp.charte
alone "$ROOT/examples/amp/donnees" "$AMPC" 2025-12-31 2025-01-01
# Of the 27 under-26s, 21 worked in 2025: the 6 who worked before only would be the difference.
[ "$shown/$hidden" = 8/1 ] || { echo "amp 2025 : $shown chiffres de la période égaux, $hidden secrets en plus (attendu 8/1)"; fail=1; }
[ "$(jq -c '.indicateurs.liste[2] | [.valeur, .valeur_periode]' "$period")/$(jq '.indicateurs.liste[2].valeur' "$tmp/f.json")" \
  = '[21.26,"secret"]/25.61' ] || { echo "amp 2025 : la part des moins de 26 ans de la période n'est pas secrète"; fail=1; }
alone "$ROOT/examples/amp/donnees" "$AMPC" 2025-12-31 2024-06-01
[ "$shown" -ge 6 ] || { echo "amp depuis 2024-06 : $shown chiffres de la période seulement"; fail=1; }
# A period from before the first line: no one worked before it only, and the period's indicators
# are the cumulative ones, no figure made secret by their (empty) difference.
(cd "$ROOT/examples/amp" && "$CHARTE" eval amp.charte --donnees donnees --au 2025-12-31 --depuis 2021-01-01 --format json) \
  > "$tmp/tout.json" || { echo "amp depuis 2021 : code $?"; fail=1; }
got=$(jq -c '.indicateurs | [.participants == .participants_periode, ([.liste[] | .valeur == .valeur_periode,
  (.cases[]? | .valeur == .valeur_periode)] | unique)]' "$tmp/tout.json")
[ "$got" = '[true,[true]]' ] || { echo "amp depuis 2021 : indicateurs de la période ≠ cumulés ($got)"; fail=1; }
# Three persons worked before 2023 only (the pre-2023 lines of six kept): 116 participants, 113 in
# the period, each published alone; beside the cumulative ones every period figure is secret,
# since each would give by subtraction a figure about those three.
mkdir "$tmp/trois"
cp "$ROOT/examples/amp/donnees"/*.csv "$tmp/trois/"
awk -F';' 'NR > 1 && substr($3, 4, 4) < "2023" && !($2 in seen) { seen[$2] = ++k }
  NR == 1 || substr($3, 4, 4) >= "2023" || seen[$2] <= 6' "$ROOT/examples/amp/donnees/heures.csv" > "$tmp/trois/heures.csv"
alone "$tmp/trois" "$AMPC" 2025-12-31 2023-01-01
got=$(jq -c '.indicateurs | [.participants, .participants_periode, ([.liste[] | .valeur_periode, .cases[]?.valeur_periode] | unique)]' "$period")
[ "$got/$(jq '.indicateurs.participants' "$tmp/f.json")/$shown" = '[116,"secret",["secret"]]/113/0' ] \
  || { echo "trois personnes avant la période seulement : $got, $shown chiffres publiés"; fail=1; }
# A period of five participants (December's lines of five kept): secret, the cumulative count shown.
mkdir "$tmp/cinq"
cp "$ROOT/examples/amp/donnees"/*.csv "$tmp/cinq/"
awk -F';' '$3 == "12/2025" && !($2 in seen) { seen[$2] = ++k } $3 != "12/2025" || seen[$2] <= 5' \
  "$ROOT/examples/amp/donnees/heures.csv" > "$tmp/cinq/heures.csv"
alone "$tmp/cinq" "$AMPC" 2025-12-31 2025-12-01
got=$(jq -c '.indicateurs | [.participants, .participants_periode, ([.liste[] | .valeur_periode, .cases[]?.valeur_periode] | unique)]' "$period")
[ "$got/$(jq '.indicateurs.participants' "$tmp/f.json")" = '[122,"secret",["secret"]]/"secret"' ] \
  || { echo "cinq participants dans la période : $got"; fail=1; }

# A generated set (with invalid rows), and its reports on 1, 2 and 3 threads.
"$B/gen-donnees" --profil demo --graine 22 --format csv --invalides 50 --sortie "$tmp/gen" >/dev/null || exit 1
differs "$tmp/gen" "$AMP" 2025-12-31 2025-01-01
differs "$tmp/gen" "$AMP" 2025-06-30 2024-03-01
alone "$tmp/gen" "$AMP" 2025-12-31 2025-01-01
[ "$shown" -ge 8 ] || { echo "données générées : $shown chiffres de la période seulement"; fail=1; }
for n in 1 2 3; do
  (cd "$tmp/gen" && "$CHARTE" eval "$AMP" --donnees . --au 2025-12-31 --depuis 2025-01-01 --threads $n \
     -o "$tmp/t$n.txt" -o "$tmp/t$n.json" -o "$tmp/t$n.csv" -o "$tmp/t$n.html" -o "$tmp/t$n.xlsx" -o "$tmp/t$n.ods") \
    || { echo "--threads $n : code $?"; fail=1; }
done
for n in 2 3; do
  for ext in txt json csv html xlsx ods; do
    cmp -s "$tmp/t1.$ext" "$tmp/t$n.$ext" || { echo "--depuis $ext : --threads $n ≠ --threads 1"; fail=1; }
  done
done

# Participants past sixteen times those a slice activates (the generated ones, and each 35 times
# under other ids, never in an hour line), hour lines in several slices (the generated ones 15
# times): the shares' flags drained through their lists, the period's with them.
mkdir "$tmp/liste"
cp "$tmp/gen"/{marches,embauches}.csv "$tmp/liste/"
awk -F, 'BEGIN { OFS = "," } NR == 1 { print; next } { print; row = $0; for (i = 0; i < 35; i++) { $0 = row; $1 = $1 "X" i; print } }' \
  "$tmp/gen/participants.csv" > "$tmp/liste/participants.csv"
awk 'NR == 1 { print; next } { l[NR] = $0 } END { for (r = 0; r < 15; r++) for (i = 2; i <= NR; i++) print l[i] }' \
  "$tmp/gen/heures.csv" > "$tmp/liste/heures.csv"
for n in 1 2 3; do
  (cd "$tmp/liste" && "$CHARTE" eval "$AMP" --donnees . --au 2025-12-31 --depuis 2025-01-01 --threads $n --format json) \
    > "$tmp/liste.$n.json" || { echo "liste --threads $n : code $?"; fail=1; }
done
for n in 2 3; do cmp -s "$tmp/liste.1.json" "$tmp/liste.$n.json" || { echo "liste : --threads $n ≠ --threads 1"; fail=1; }; done

# Sums past 64 bits (every other line 9 999 999 999 999 999,99 h), compared exactly (the decimals
# of the JSON as fractions), on 1 and 3 threads.
mkdir "$tmp/grandes"
cp "$tmp/gen"/{marches,participants,embauches}.csv "$tmp/grandes/"
awk -F, 'BEGIN { OFS = "," } NR > 1 && NR % 2 == 0 && $4 ~ /^[0-9.]+$/ { $4 = "9999999999999999.99" } { print }' \
  "$tmp/gen/heures.csv" > "$tmp/grandes/heures.csv"
(cd "$tmp/grandes" && "$CHARTE" eval "$AMP" --donnees . --au 2025-12-31 --depuis 2025-01-01 --format json --threads 3 >p.json \
   && "$CHARTE" eval "$AMP" --donnees . --au 2025-12-31 --depuis 2025-01-01 --format json --threads 1 >p1.json \
   && "$CHARTE" eval "$AMP" --donnees . --au 2025-12-31 --format json >a.json \
   && "$CHARTE" eval "$AMP" --donnees . --au 2024-12-31 --format json >b.json) || { echo "grandes : code $?"; fail=1; }
cmp -s "$tmp/grandes/p.json" "$tmp/grandes/p1.json" || { echo "grandes : --threads 3 ≠ --threads 1"; fail=1; }
"$PY" - "$tmp/grandes" <<'EOF' || fail=1
import json, sys
from fractions import Fraction
d = sys.argv[1]
p, a, b = (json.load(open(d + "/" + f), parse_float=Fraction, parse_int=Fraction) for f in ("p.json", "a.json", "b.json"))
before = {m["marche"]: m["heures_realisees"] for m in b["marches"]}
period = {m["marche"]: m["heures_realisees_periode"] for m in p["marches"]}
wrong = [m["marche"] for m in a["marches"] if m["heures_realisees"] - before.get(m["marche"], 0) != period[m["marche"]]]
big = max(period.values())
if wrong or big * 100 < 2 ** 63:   # past 64 bits in hundredths of an hour, as the sums count
    sys.exit("grandes : période inexacte pour %s (plus grand chiffre %s)" % (wrong[:5], big))
EOF

# Pools: the mutualisation case's hours copied to June 2024 and January 2025, so that a pool's
# members, its rule (the avenants) and its target at the day before the period differ from
# those at --au, and its caps bind on both sides: 40 h of training for G1 in June 2024, under
# lille/gardiennage's floor (10 % × 1 500 h = 150 h, above its 100 h) and its cap (20 % × 150 h).
mkdir "$tmp/mut"
cp "$ROOT/tests/eval/mutualisation"/{charte.charte,marches.csv,participants.csv} "$tmp/mut/"
awk -F, 'NR == 1 { print; next } { print; a = $0; sub(/2025-03/, "2024-06", a); print a; b = $0; sub(/2025-03/, "2025-01", b); print b }' \
  "$ROOT/tests/eval/mutualisation/heures.csv" > "$tmp/mut/heures.csv"
echo 'G1,P1,2024-06,40,formation' >> "$tmp/mut/heures.csv"
for since in 2024-07-01 2025-01-01 2025-02-01 2025-04-01; do differs "$tmp/mut" charte.charte 2025-12-31 "$since"; done
# The pool whose fixed hours change with avenant 2 (200 h at 31/12/2024, 250 h at 31/12/2025).
qa=$(jq -c '.mutualisations[] | select(.mutualisation == "qa/espaces_verts") | [.heures_realisees, .heures_realisees_periode]' "$period")
[ "$qa" = "[500,0]" ] || { echo "mutualisation qa/espaces_verts depuis le 01/04/2025 : $qa"; fail=1; }
evaluated "$tmp/mut" charte.charte --donnees . --au 2025-12-31 --depuis 2025-01-01
qa=$(jq -c '.mutualisations[] | select(.mutualisation == "qa/espaces_verts") | [.heures_objectif, .heures_realisees, .heures_realisees_periode]' "$evaluated")
[ "$qa" = "[250,500,380]" ] || { echo "mutualisation qa/espaces_verts en 2025 : $qa (attendu [250,500,380] : 500 − 120 au 31/12/2024)"; fail=1; }
exit $fail
