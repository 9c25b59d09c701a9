#!/usr/bin/env bash
# tests/cli/explain-periode.sh: explain --depuis: goldens fr/en of a contract, a pool (its rule, members and caps not the same at the two dates) and a hires target; every contract of the AMP example over two periods, its figures equal to eval --depuis's and to the two cumulative reports (jq), its lines each on the right side of the period and adding up to the figures shown; the same for pools and hires targets; eval --derivations --depuis gives the same trees; bad input. UPDATE=1 rewrites the goldens.
#   Under the sanitizer (charte_in_san_pass): every golden in both formats and languages, and of the AMP
#   comparison one contract in eight of each period (the same code path with other figures: a period's
#   contract is explained by one function whatever its figures), every pool and hires case, every error.
set -u
cd "$ROOT" || exit 1
. tests/cli/lib/builds.sh
san=false; charte_in_san_pass && san=true
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "explain --depuis : $*"; fail=1; }
G=$ROOT/tests/cli/explain-periode
E=tests/cli/explain
AJV=$ROOT/tests/validators/node_modules/.bin/ajv
[ -x "$AJV" ] || { echo "validateurs absents : make validators (tests/validators/)"; exit 1; }
jsons=()

# Pools whose members, rule and target differ at the two dates (as tests/cli/eval-periode.sh makes
# them): the mutualisation case's hours copied to June 2024 and January 2025, 40 h of training in June 2024.
mkdir "$tmp/mut"
cp tests/eval/mutualisation/{charte.charte,marches.csv,participants.csv} "$tmp/mut/"
awk -F, 'NR == 1 { print; next } { print; a = $0; sub(/2025-03/, "2024-06", a); print a; b = $0; sub(/2025-03/, "2025-01", b); print b }' \
  tests/eval/mutualisation/heures.csv > "$tmp/mut/heures.csv"
echo 'G1,P1,2024-06,40,formation' >> "$tmp/mut/heures.csv"

# ---- goldens ----------------------------------------------------------------------------------------
# NAME|DIR|ARGS|LANGS: run from DIR, so that the sources name files as the user gave them.
cases="M1|$ROOT|$E/essai.charte --donnees $E/donnees --au 2025-12-31 --depuis 2023-05-01 M1|fr en
pool|$tmp/mut|charte.charte --donnees . --au 2025-12-31 --depuis 2025-01-01 --mutualisation qa/espaces_verts|fr en
embauches|$ROOT|tests/eval/belvance/charte.charte --donnees tests/eval/belvance/embauches --au 2024-12-31 --depuis 2024-04-01 --embauches bm/travaux|fr en"
while IFS='|' read -r name dir args langs; do
  for lang in $langs; do
    for fmt in text json; do
      ext=$([ $fmt = text ] && echo txt || echo json)
      golden=$G/$name.$lang.$ext
      # shellcheck disable=SC2086
      (cd "$dir" && "$CHARTE" explain $args --format $fmt --lang $lang) > "$tmp/out" 2> "$tmp/err"; rc=$?
      [ $rc -eq 0 ] || bad "$name $fmt $lang : exit $rc, $(head -3 "$tmp/err")"
      [ "${UPDATE:-}" = 1 ] && cp "$tmp/out" "$golden"
      cmp -s "$tmp/out" "$golden" || bad "$name $fmt $lang diffère de $golden : $(diff "$golden" "$tmp/out" | head -10)"
      [ $fmt = json ] && { cp "$tmp/out" "$tmp/g-$name.$lang.json"; jsons+=("$tmp/g-$name.$lang.json"); }
    done
  done
done <<< "$cases"
# What the goldens must show, so that a regenerated golden cannot lose it silently.
jq -e '.depuis == "2023-05-01"
       and ([.. | objects | select(.etape == "periode")][0].valeur == 30)
       and ([.. | objects | select(.etape == "periode_veille")][0].valeur == 30)
       and ([.. | objects | select(.etape == "periode_veille") | .. | objects | select(.etape == "plafond")] | length == 1)
       and ([.. | objects | select(.etape == "periode_lignes")][0].valeur == 40)
       and ([.. | objects | select(.etape == "ligne") | .periode] | sort | unique == ["apres", "avant", "periode"])' \
  "$tmp/g-M1.fr.json" > /dev/null \
  || bad "M1 : attendu 30 h dans la période (60 − 30 h la veille ; 40 h de formation plafonnées à 30 h), lignes des trois côtés"
jq -e '([.. | objects | select(.etape == "periode")][0].valeur == 380)
       and ([.. | objects | select(.etape == "periode_veille")][0] | .valeur == 120 and (.texte | test("heures objectif 200 h")))' \
  "$tmp/g-pool.fr.json" > /dev/null || bad "mutualisation qa/espaces_verts : attendu 380 h (500 − 120 h, objectif 200 h la veille)"
jq -e '[.. | objects | select(.etape == "embauche") | .periode] | index("avant") and index("periode")' \
  "$tmp/g-embauches.fr.json" > /dev/null || bad "embauches : des lignes avant et dans la période attendues"

# ---- every contract of the AMP example over two periods: eval's figures ------------------------------
AMP=examples/amp/amp.charte
AMPD=examples/amp/donnees
for period in 2025-01-01:2025-12-31 2024-07-01:2024-12-31; do
  since=${period%:*} au=${period#*:}
  eve=$(date -d "$since -1 day" +%F)
  "$CHARTE" eval $AMP --donnees $AMPD --au "$au" --depuis "$since" --format json --derivations > "$tmp/p.json" 2>/dev/null \
    && "$CHARTE" eval $AMP --donnees $AMPD --au "$eve" --format json > "$tmp/b.json" 2>/dev/null \
    || { bad "eval $since–$au : exit $?"; continue; }
  # eval's figures: contract, period hours, hours at --au, hours the day before (0 when not evaluated then).
  jq -r --slurpfile b "$tmp/b.json" '($b[0].marches | map({(.marche): .heures_realisees}) | add) as $before
      | .marches[] | [.marche, .heures_realisees_periode, .heures_realisees, ($before[.marche] // 0)] | @tsv' "$tmp/p.json" \
    > "$tmp/eval.tsv"
  ids=$(cut -f1 "$tmp/eval.tsv")
  $san && ids=$(awk 'NR % 8 == 1' <<< "$ids")
  xs=()
  for id in $ids; do
    "$CHARTE" explain $AMP --donnees $AMPD --au "$au" --depuis "$since" --format json "$id" > "$tmp/x-$since-$id.json" 2>/dev/null \
      || { bad "explain $id $since : exit $?"; continue; }
    xs+=("$tmp/x-$since-$id.json")
  done
  jsons+=("${xs[@]}")
  # One jq over every explanation of the period (a jq start costs ~34 ms here), in the order of $ids:
  # "T" rows are its figures for the comparison with eval's below, "E" rows what is wrong with it.
  # Its tree is the one eval --derivations gives for it; its lines each lie on the side their month
  # is (from the month in their words), the counted ones of the period adding up to the figure
  # shown, and those before to the day before's.
  jq -r --slurpfile p "$tmp/p.json" --arg since "$since" --arg s "${since:0:7}" --arg a "${au:0:7}" '
    . as $x | .id as $id
    | ([.. | objects | select(.etape == "ligne")]) as $l
    | (def step(n): [.. | objects | select(.etape == n)][0];
       def sum(side): [$l[] | select(.verdict == "comptee" and .periode == side) | .valeur] | add // 0;
       def near(x; y): ((x - y) | fabs) < 0.005;
       ["T", $id, step("periode").valeur, step("periode_au").valeur, step("periode_veille").valeur],
       (if ([$p[0].derivations[] | select(.objet == "marche" and .id == $id)][0]) == ($x | del(.format_version, .charte, .empreinte_charte, .au, .depuis))
        then empty else ["E", "\($id) \($since) : eval --derivations --depuis ne donne pas l arbre d explain"] end),
       ($l[] | (.texte | capture("^[^,]*, (?<m>[0-9]{2})/(?<y>[0-9]{4})") | "\(.y)-\(.m)") as $m
        | (if $m < $s then "avant" elif $m > $a then "apres" else "periode" end) as $want
        | select(.periode != $want) | ["E", "\($id) \($since) : ligne \(.source) : \(.periode) au lieu de \($want)"]),
       (step("periode_lignes").valeur as $pl | step("periode_veille") as $v | step("periode").valeur as $per
        | step("periode_au").valeur as $at | (step("periode_lignes_avant").valeur // 0) as $before
        | (if near(sum("periode"); $pl) then empty else ["E", "\($id) \($since) : lignes de la période \(sum("periode")) ≠ \($pl)"] end),
          (if near($before; sum("avant")) then empty else ["E", "\($id) \($since) : lignes d avant la période \(sum("avant")) ≠ \($before)"] end),
          (if near($at - $v.valeur; $per) then empty else ["E", "\($id) \($since) : période \($per) ≠ \($at) − \($v.valeur)"] end),
          (if ([.. | objects | select(.etape == "plafond" and .valeur != 0)] | length) == 0 and (near($per; $pl) | not)
           then ["E", "\($id) \($since) : sans plafond appliqué, période \($per) ≠ lignes \($pl)"] else empty end)))
    | @tsv' "${xs[@]}" < /dev/null > "$tmp/checks.tsv" || bad "$since : jq sur les explications : exit $?"
  awk -F'\t' -v OFS='\t' '$1 == "T" { print $2, $3, $4, $5 }' "$tmp/checks.tsv" > "$tmp/explain.tsv"
  d=$(awk -F'\t' '$1 == "E" { print $2 }' "$tmp/checks.tsv")
  [ -z "$d" ] || bad "$(head -3 <<< "$d")"
  d=$(diff <(awk -F'\t' 'NR == FNR { want[$1] = 1; next } $1 in want' <(printf '%s\n' $ids) "$tmp/eval.tsv") "$tmp/explain.tsv") || bad "$since–$au : chiffres de la période différents de eval : $(head -6 <<< "$d")"
  [ "$(wc -l < "$tmp/explain.tsv")" -ge "$($san && echo 4 || echo 30)" ] || bad "$since–$au : trop peu de marchés comparés"
done

# ---- pools and hires targets: eval's figures --------------------------------------------------------
for since in 2024-07-01 2025-01-01 2025-02-01 2025-04-01; do
  (cd "$tmp/mut" && "$CHARTE" eval charte.charte --donnees . --au 2025-12-31 --depuis $since --format json) > "$tmp/m.json" 2>/dev/null \
    || { bad "eval mutualisations $since : exit $?"; continue; }
  while IFS= read -r pool; do
    (cd "$tmp/mut" && "$CHARTE" explain charte.charte --donnees . --au 2025-12-31 --depuis $since --mutualisation "$pool" --format json) \
      > "$tmp/mp.json" 2>/dev/null || { bad "explain --mutualisation $pool $since : exit $?"; continue; }
    want=$(jq -c --arg p "$pool" '.mutualisations[] | select(.mutualisation == $p) | [.heures_realisees_periode, .heures_realisees]' "$tmp/m.json")
    got=$(jq -c '[([.. | objects | select(.etape == "periode")][0].valeur), ([.. | objects | select(.etape == "periode_au")][0].valeur)]' "$tmp/mp.json")
    [ "$want" = "$got" ] || bad "mutualisation $pool depuis $since : $got au lieu de $want"
    jq -e 'def near(x; y): ((x - y) | fabs) < 0.005;
           near([.. | objects | select(.etape == "periode_lignes")][0].valeur;
                [.. | objects | select(.etape == "ligne" and .verdict == "comptee" and .periode == "periode") | .valeur] | add // 0)' \
      "$tmp/mp.json" > /dev/null || bad "mutualisation $pool depuis $since : lignes de la période ≠ leur total"
  done < <(jq -r '.mutualisations[].mutualisation' "$tmp/m.json")
done
cp "$tmp/mp.json" "$tmp/mp-last.json"; jsons+=("$tmp/mp-last.json")
BV="examples/belvance/belvance.charte --donnees examples/belvance/donnees --au 2025-12-31"
for since in 2025-01-01 2025-07-01; do
  # shellcheck disable=SC2086
  "$CHARTE" eval $BV --depuis $since --format json > "$tmp/bv.json" 2>/dev/null || { bad "eval belvance $since : exit $?"; continue; }
  for target in $(jq -r '.embauches.objectifs[] | "\(.perimetre)/\(.nature)"' "$tmp/bv.json"); do
    # shellcheck disable=SC2086
    "$CHARTE" explain $BV --depuis $since --embauches "$target" --format json > "$tmp/h.json" 2>/dev/null \
      || { bad "explain --embauches $target $since : exit $?"; continue; }
    want=$(jq -c --arg t "$target" '.embauches.objectifs[] | select("\(.perimetre)/\(.nature)" == $t)
                                    | [.embauches_periode, .eligibles_periode, .objectif_periode]' "$tmp/bv.json")
    got=$(jq -c '[([.. | objects | select(.etape == "periode_embauches")][0].valeur), ([.. | objects | select(.etape == "periode_eligibles")][0].valeur),
                  ([.. | objects | select(.etape == "periode_objectif")][0].valeur)]' "$tmp/h.json")
    rows=$(jq '[.. | objects | select(.etape == "embauche" and .verdict == "comptee" and .periode == "periode")] | length' "$tmp/h.json")
    [ "$want" = "$got" ] && [ "$rows" = "$(jq '.[0]' <<< "$got")" ] \
      || bad "embauches $target depuis $since : $got ($rows lignes de la période) au lieu de $want"
  done
done
cp "$tmp/h.json" "$tmp/h-last.json"; jsons+=("$tmp/h-last.json")

# ---- the earliest period there is: from 01/02/0001, its eve 31/01/0001 -------------------------------
"$CHARTE" eval $AMP --donnees $AMPD --au 2025-12-31 --depuis 0001-02-01 > "$tmp/r.txt" 2>/dev/null \
  && grep -q "^Période du 01/02/0001 au 31/12/2025 : ses colonnes donnent l'évaluation au 31/12/2025 moins l'évaluation au 31/01/0001$" "$tmp/r.txt" \
  || bad "eval --depuis 01/02/0001 : $(sed -n 3p "$tmp/r.txt")"
"$CHARTE" explain $AMP --donnees $AMPD --au 2025-12-31 --depuis 0001-02-01 M0003 > "$tmp/r.txt" 2>/dev/null \
  && grep -q "au 31/01/0001 : marché notifié le 11/11/2024, dans la période, non évalué ce jour-là : 0 h" "$tmp/r.txt" || bad "explain --depuis 01/02/0001 : $(grep -m1 'veille' "$tmp/r.txt")"

# ---- bad input: each rule, and the JSON document of a failure -----------------------------------------
# refused WANT ARGS…: exit 2, the C0007 line WANT on stderr, nothing on stdout.
refused() {
  local want=$1; shift
  "$CHARTE" explain "$@" > "$tmp/o" 2> "$tmp/e"; local rc=$?
  [ $rc -eq 2 ] && [ "$(cat "$tmp/e")" = "charte: error[C0007]: $want" ] && [ ! -s "$tmp/o" ] \
    || bad "refus attendu ($want) : exit $rc, $(head -2 "$tmp/e")"
}
refused "explain : --depuis 15/03/2025 : une période commence le premier jour d'un mois, les heures étant déclarées par mois (donnez 01/03/2025 ou 01/04/2025)" \
  $AMP --donnees $AMPD --au 2025-12-31 --depuis 15/03/2025 M0003
refused "explain: --since 2025-03-15: a period starts on the first day of a month, as hours are reported by month (give 2025-03-01 or 2025-04-01)" \
  $AMP --donnees $AMPD --au 2025-12-31 --since 2025-03-15 --mutualisation amp/x --lang en
refused "explain : --depuis 01/01/2026 est après --au 31/12/2025 : la période serait vide" \
  $AMP --donnees $AMPD --au 2025-12-31 --depuis 2026-01-01 --embauches amp/travaux
refused "explain : --depuis va avec --au DATE, la fin de la période (une période jusqu'à aujourd'hui changerait d'un jour à l'autre)" \
  $AMP --donnees $AMPD --depuis 2025-01-01 M0003
refused "explain: --depuis 0001-01-01: a period is counted from the evaluation of the day before its first day, and dates start on 0001-01-01 (give 0001-02-01 at the earliest)" \
  $AMP --donnees $AMPD --au 2025-12-31 --depuis 01/01/0001 M0003 --lang en
refused "--depuis attend une date (jj/mm/aaaa ou aaaa-mm-jj), pas « hier »" \
  $AMP --donnees $AMPD --au 2025-12-31 --depuis hier M0003
"$CHARTE" explain $AMP --donnees $AMPD --depuis 2025-01-01 M0003 --format json > "$tmp/f.json" 2>/dev/null; rc=$?
[ $rc -eq 2 ] && jq -e '.ok == false and .command == "explain" and .diagnostics[0].code == "C0007"' "$tmp/f.json" > /dev/null \
  || bad "JSON d'échec C0007 : exit $rc"
jsons+=("$tmp/f.json")

# The pages show the golden's period, byte for byte.
for lang in fr en; do
  page=docs/explain.md; [ $lang = en ] && page=docs/en/explain.md
  awk '/^\$ charte explain .*--depuis 2023-05-01 M1$/ { on = 1; getline; next } on && /^```/ { exit } on' $page \
    | cmp -s - <(tail -n 6 "$G/M1.$lang.txt") || bad "$page : l'exemple de la période n'est pas la fin de $G/M1.$lang.txt"
done

# Every document valid against the schema (one ajv run: a node start costs more than the validation).
data=(); for f in "${jsons[@]}"; do data+=(-d "$f"); done
"$AJV" validate --spec=draft2020 --strict=true -c ajv-formats -s docs/schemas/explain.schema.json \
  -r docs/schemas/check.schema.json "${data[@]}" > "$tmp/ajv.out" 2>&1 \
  || bad "invalide selon explain.schema.json : $(grep -v ' valid$' "$tmp/ajv.out" | head -10)"
exit $fail
