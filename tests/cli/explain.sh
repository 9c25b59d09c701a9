#!/usr/bin/env bash
# tests/cli/explain.sh: charte explain: goldens in text and JSON, French and English; the text drawn from the JSON tree; every figure agreeing with eval's; why-not checked by adding exactly the hours it names to real rows (met) and one hundredth less (not met); eval --derivations; bad input (C0920, C0921, charter, data). UPDATE=1 rewrites the goldens.
#   Under the sanitizer (charte_in_san_pass): every golden case in both formats and each of its languages, compared
#   to its golden (not re-drawn against the JSON tree nor re-validated: the goldens' bytes, which the normal pass
#   checks), one not-met AMP contract's why-not instead of three (the same path with other figures), and every
#   other command and assertion: each mode (contract, pool, hires), format, language, error and -o refusal is a
#   code path taken at least once, and a path re-run with same-shaped input finds no fault the first run missed.
set -u
. "$ROOT/tests/cli/lib/builds.sh"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "explain: $*"; fail=1; }
cd "$ROOT" || exit 1
G=tests/cli/explain
ESSAI="$G/essai.charte --donnees $G/donnees --au 2025-12-31"
AMP=examples/amp/amp.charte
AMPD=examples/amp/donnees
V=$ROOT/tests/validators/node_modules
AJV=$V/.bin/ajv
[ -x "$AJV" ] || { echo "validateurs absents : make validators (tests/validators/)"; exit 1; }
san=false; charte_in_san_pass && san=true

# json_valid FILE...: every file valid against docs/schemas/explain.schema.json; eval_valid FILE...: against
# eval.schema.json. Both are noted and checked at the end, by one ajv run per schema (a node start costs
# more than the validation); the files stay in $tmp until then.
explained=() evaluated=()
json_valid() { explained+=("$@"); }
eval_valid() { evaluated+=("$@"); }
# schema_check SCHEMA FILE...: one ajv run over the files, any invalid one reported.
schema_check() {
  local schema=$1 data=(); shift; [ $# -gt 0 ] || return 0
  for f in "$@"; do data+=(-d "$f"); done
  "$AJV" validate --spec=draft2020 --strict=true -c ajv-formats -s docs/schemas/$schema.schema.json \
    -r docs/schemas/check.schema.json "${data[@]}" > "$tmp/ajv.out" 2>&1 \
    || bad "invalide selon $schema.schema.json : $(grep -v ' valid$' "$tmp/ajv.out" | head -20)"
}

# ---- goldens: every kind of step, in every format -------------------------------------------------
# NAME|ARGS|LANGS: the contract (or pool) explained, and the languages of its goldens.
cases="M1|M1|fr en
M2|M2|fr
M3|M3|fr
M4|M4|fr
M5|M5|fr
M6|M6|fr
M7|M7|fr
M9|M9|fr
pool|--mutualisation quartier/travaux|fr en
embauches-travaux|--embauches bm/travaux|fr en|hires
embauches-fonctionnement|--embauches bm/fonctionnement_equipement|fr|hires"
# Hires: every kind of row (eligible, not eligible and why, no participant, after the
# evaluation date, outside the charter's period, rejected) in the Belvance hires case.
HIRES="tests/eval/belvance/charte.charte --donnees tests/eval/belvance/embauches --au 2024-12-31"
jsons=()
while IFS='|' read -r name args langs data; do
  base=$ESSAI; [ "$data" = hires ] && base=$HIRES
  for lang in $langs; do
    for fmt in text json; do
      ext=$([ $fmt = text ] && echo txt || echo json)
      golden=$G/$name.$lang.$ext
      # shellcheck disable=SC2086
      "$CHARTE" explain $base $args --format $fmt --lang $lang > "$tmp/out" 2>/dev/null; rc=$?
      [ $rc -eq 0 ] || bad "$name $fmt $lang : exit $rc"
      if [ "${UPDATE:-}" = 1 ]; then cp "$tmp/out" "$golden"; fi
      cmp -s "$tmp/out" "$golden" || bad "$name $fmt $lang diffère de $golden : $(diff "$golden" "$tmp/out" | head -10)"
      [ $fmt = json ] && { cp "$tmp/out" "$tmp/$name.$lang.json"; jsons+=("$tmp/$name.$lang.json"); }
    done
    # The text is the JSON tree drawn: the same steps, in the same order, with the same sources.
    # (Not under the sanitizer: both its outputs were the goldens' bytes, which the normal pass checks.)
    $san && continue
    # shellcheck disable=SC2086
    diff <("$CHARTE" explain $base $args --lang $lang 2>/dev/null | tail -n +5 | sed -E 's/^[│├└─ ]*//') \
         <(jq -r '.derivation | .. | objects | select(has("etape")) | .texte + (if .source then "  [" + .source + "]" else "" end)' \
              "$tmp/$name.$lang.json") > "$tmp/d" || bad "$name $lang : le texte n'est pas l'arbre JSON : $(head -6 "$tmp/d")"
  done
done <<< "$cases"
$san || json_valid "${jsons[@]}"   # (under the sanitizer: the goldens' bytes, validated by the normal pass)

# What the goldens must say, so that a regenerated golden cannot lose it silently.
j=$tmp/M1.fr.json
jq -e '.statut == "non_atteint" and .pourquoi_pas.heures_manquantes == 90 and .pourquoi_pas.dont_plafonnees.formation == 0' "$j" > /dev/null \
  || bad "M1 : pourquoi-pas attendu 90 h dont 0 h de formation"
# missing_motifs JSON MOTIF...: the motifs no step of JSON gives (one jq for all); fails if JSON is unreadable.
missing_motifs() {
  local j=$1; shift
  jq -r '[.. | objects | .motif] as $have | $ARGS.positional[] | select(. as $m | $have | index($m) | not)' "$j" --args "$@"
}
missing=$(missing_motifs "$j" apres_date_evaluation avant_notification participant_non_eligible modalite_non_retenue avant_entree \
             hors_periode_eligibilite participant_inconnu pas_en_vigueur) || bad "M1 : JSON illisible"
for motif in $missing; do bad "M1 : motif $motif absent"; done
jq -e '[.. | objects | select(.etape == "plafond")][0].valeur == 10' "$j" > /dev/null || bad "M1 : le plafond retire 10 h"
jq -e '[.. | objects | select(.etape == "public")] | length == 6' "$j" > /dev/null || bad "M1 : les 6 publics non remplis de P2"
jq -e '[.. | objects | select(.etape == "plancher")] | length == 1' "$tmp/pool.fr.json" > /dev/null || bad "pool : plancher absent"
jq -e '.statut == "conflit"' "$tmp/M9.fr.json" > /dev/null || bad "M9 : conflit attendu"
jq -e '.statut == "non_evalue"' "$tmp/M7.fr.json" > /dev/null || bad "M7 : non évalué attendu"
jq -e '([.. | objects | select(.etape == "heures_base")][0] | .valeur == 1600 and (.texte | test("estimées : montant 50.000 € × part de main-d.œuvre 80.% ÷ coût horaire 25 €/h")))
       and ([.. | objects | select(.motif == "hors_perimetre")] | length == 1)' \
  "$tmp/M2.fr.json" > /dev/null || bad "M2 : formule de l'estimation ou règle hors périmètre absente"

j=$tmp/embauches-fonctionnement.fr.json
missing=$(missing_motifs "$j" eligible participant_non_eligible sans_participant apres_date_evaluation hors_periode_charte ligne_rejetee) \
  || bad "embauches : JSON illisible"
for motif in $missing; do bad "embauches : motif $motif absent"; done
jq -e '[.. | objects | select(.motif == "hors_periode_eligibilite")] | length == 1' "$tmp/embauches-travaux.fr.json" > /dev/null \
  || bad "embauches : motif hors_periode_eligibilite absent"

# ---- every figure is eval's: all the contracts and pools of the AMP and Belvance data ----------------
for ex in amp belvance; do
  "$CHARTE" eval examples/$ex/$ex.charte --donnees examples/$ex/donnees --au 2025-12-31 --format json --derivations \
    > "$tmp/$ex.json" 2>/dev/null || bad "eval --derivations $ex : exit $?"
  "$CHARTE" eval examples/$ex/$ex.charte --donnees examples/$ex/donnees --au 2025-12-31 --format json \
    > "$tmp/$ex.plain.json" 2>/dev/null
  # The option adds its key, nothing else changes.
  cmp -s <(jq -S 'del(.derivations)' "$tmp/$ex.json") <(jq -S . "$tmp/$ex.plain.json") || bad "$ex : --derivations change le rapport"
  eval_valid "$tmp/$ex.json"
  jq -c '.empreinte_charte as $v | .derivations[] | {format_version: 1, charte: "x", empreinte_charte: $v, au: "2025-12-31"} + .' "$tmp/$ex.json" | head -12 \
    | split -l 1 --additional-suffix=.json - "$tmp/$ex.d."
  json_valid "$tmp/$ex.d."*
  # Per contract: the same status; counted lines minus what the caps removed = eval's counted hours.
  jq -r '.marches[] | [.marche, .statut, .heures_realisees] | @tsv' "$tmp/$ex.json" > "$tmp/$ex.eval"
  jq -r '.derivations[] | select(.objet == "marche") | [.id, .statut,
          (([.derivation | .. | objects | select(.etape == "ligne" and .verdict == "comptee") | .valeur] | add // 0)
           - ([.derivation | .. | objects | select(.etape == "plafond") | .valeur] | add // 0))] | @tsv' "$tmp/$ex.json" \
    | awk -F'\t' '{ printf "%s\t%s\t%.2f\n", $1, $2, $3 }' > "$tmp/$ex.explain"
  # (jq adds in floating point: both sides to the hundredth, the data's precision)
  awk -F'\t' '{ printf "%s\t%s\t%.2f\n", $1, $2, $3 }' "$tmp/$ex.eval" > "$tmp/$ex.eval2"
  d=$(diff "$tmp/$ex.eval2" "$tmp/$ex.explain") || bad "$ex : statuts ou heures retenues différents de eval : $d"
  # The total the lines step states is the sum of its counted lines (a reader's addition), and
  # that total minus what the caps removed is eval's counted hours.
  d=$(jq -r '.derivations[] | select(.objet == "marche") | .derivation | .. | objects | select(.etape == "lignes")
             | [(.valeur // "absent"), ([.etapes[]? | select(.etape == "ligne" and .verdict == "comptee") | .valeur] | add // 0)]
             | select((.[0] | type) != "number" or ((.[0] - .[1]) | fabs) > 0.005) | @tsv' "$tmp/$ex.json")
  [ -z "$d" ] || bad "$ex : total des lignes comptées faux ou absent : $(head -3 <<<"$d")"
  jq -r '.derivations[] | select(.objet == "marche") | [.id, .statut,
          (([.derivation | .. | objects | select(.etape == "lignes") | .valeur] | add // 0)
           - ([.derivation | .. | objects | select(.etape == "plafond") | .valeur] | add // 0))] | @tsv' "$tmp/$ex.json" \
    | awk -F'\t' '{ printf "%s\t%s\t%.2f\n", $1, $2, $3 }' > "$tmp/$ex.total"
  d=$(diff "$tmp/$ex.eval2" "$tmp/$ex.total") || bad "$ex : total des lignes moins plafonds différent de eval : $d"
  # Every counted line of the report is in one derivation.
  [ "$(jq '[.derivations[] | select(.objet == "marche") | .derivation | .. | objects | select(.etape == "ligne" and .verdict == "comptee")] | length' "$tmp/$ex.json")" \
    = "$(jq '.lignes.heures.comptees' "$tmp/$ex.json")" ] || bad "$ex : lignes comptées différentes de eval"
  # Pools: the same status and counted hours.
  d=$(diff <(jq -r '.mutualisations[]? | [.mutualisation, .statut, .heures_realisees] | @tsv' "$tmp/$ex.json") \
           <(jq -r '.derivations[] | select(.objet == "mutualisation") | [.id, .statut,
               ([.derivation | .. | objects | select(.etape == "heures_retenues")][0].valeur)] | @tsv' "$tmp/$ex.json")) \
    || bad "$ex : mutualisations différentes de eval : $d"
done
# A target of hires: the figures of eval's section; its rows add up to eval's hires and
# eligible hires, and each counted row adds its rate to the target.
for target in travaux fonctionnement_equipement; do
  "$CHARTE" explain examples/belvance/belvance.charte --donnees examples/belvance/donnees --au 2025-12-31 \
    --embauches bm/$target --format json > "$tmp/h-$target.json" 2>/dev/null || bad "embauches bm/$target : exit $?"
  json_valid "$tmp/h-$target.json"
  want=$(jq -c --arg n $target '.embauches.objectifs[] | select(.perimetre == "bm" and .nature == $n) | [.statut, .objectif, .ecart, .embauches, .eligibles]' "$tmp/belvance.json")
  got=$(jq -c '[.statut, ([.. | objects | select(.etape == "objectif")][0].valeur), ([.. | objects | select(.etape == "statut")][0].valeur),
                ([.. | objects | select(.etape == "embauche" and .verdict == "comptee")] | length),
                ([.. | objects | select(.etape == "embauche" and .motif == "eligible")] | length)]' "$tmp/h-$target.json")
  [ -n "$want" ] && [ "$want" = "$got" ] || bad "embauches bm/$target : $got au lieu de $want"
  jq -e '(([.. | objects | select(.etape == "embauche" and .verdict == "comptee") | .valeur] | add) * 100 | round)
         == (([.. | objects | select(.etape == "objectif")][0].valeur) * 10000 | round)' "$tmp/h-$target.json" > /dev/null \
    || bad "embauches bm/$target : les taux des lignes comptées ne font pas l'objectif"
done

# ---- why-not: exactly that many counted hours meet the target, a hundredth less does not ------------
# cents X: "2322.12" → 232212.   hours C: 232212 → "2322,12".
cents() { local w=$1 f=00; [[ $w == *.* ]] && { f=${w#*.}0; f=${f:0:2}; w=${w%%.*}; }; echo $((10#$w * 100 + 10#$f)); }
hours() { printf '%d,%02d' $(($1 / 100)) $(($1 % 100)); }
# add_rows DIR CONTRACT FREE_CENTS TRAINING_CENTS: a new eligible participant's lines on the contract.
add_rows() {
  printf 'PZ001;F;01/05/1985;QN01341M;01/12/2025;14;oui;non;non;non;4;non\r\n' >> "$1/participants.csv"
  [ "$3" -gt 0 ] && printf '%s;PZ001;12/2025;%s;embauche_directe\r\n' "$2" "$(hours "$3")" >> "$1/heures.csv"
  [ "$4" -gt 0 ] && printf '%s;PZ001;12/2025;%s;formation\r\n' "$2" "$(hours "$4")" >> "$1/heures.csv"
  return 0
}
# status_after CHARTER DATA CONTRACT FREE TRAINING JQ: the status (of the contract, or of the pool JQ selects) with those rows added.
status_after() {
  rm -rf "$tmp/w"; cp -r "$2" "$tmp/w"; add_rows "$tmp/w" "$3" "$4" "$5"
  "$CHARTE" eval "$1" --donnees "$tmp/w" --au 2025-12-31 --format json 2>/dev/null | jq -r "$6"
}
# why_not CHARTER DATA ID CONTRACT JQ [explain options]: the four checks of one target not met.
why_not() {
  local charter=$1 data=$2 id=$3 contract=$4 sel=$5; shift 5
  "$CHARTE" explain "$charter" --donnees "$data" --au 2025-12-31 --format json "$@" > "$tmp/wn.json" 2>/dev/null
  local w t; w=$(cents "$(jq -r '.pourquoi_pas.heures_manquantes' "$tmp/wn.json")")
  t=$(cents "$(jq -r '.pourquoi_pas.dont_plafonnees.formation' "$tmp/wn.json")")
  [ "$w" -gt 0 ] || { bad "$id : pas d'heures manquantes"; return; }
  [ "$(status_after "$charter" "$data" "$contract" "$w" 0 "$sel")" = atteint ] || bad "$id : $(hours "$w") h ajoutées ne suffisent pas"
  [ "$(status_after "$charter" "$data" "$contract" $((w - 1)) 0 "$sel")" = non_atteint ] || bad "$id : $(hours $((w - 1))) h suffisent déjà"
  [ "$t" -gt 0 ] || return 0
  [ "$(status_after "$charter" "$data" "$contract" $((w - t)) "$t" "$sel")" = atteint ] \
    || bad "$id : $(hours "$t") h de formation et le reste ne suffisent pas"
  [ "$(status_after "$charter" "$data" "$contract" $((w - t - 1)) $((t + 1)) "$sel")" = non_atteint ] \
    || bad "$id : le plafond de formation n'est pas celui annoncé ($(hours "$t") h)"
}
not_met=$(jq -r '.marches[] | select(.statut == "non_atteint") | .marche' "$tmp/amp.json")
[ "$(wc -w <<< "$not_met")" -ge 10 ] || bad "AMP : trop peu de marchés non atteints pour l'essai ($not_met)"
$san && not_met=$(head -1 <<< "$not_met") || not_met=$(head -3 <<< "$not_met")
for c in $not_met; do
  why_not $AMP $AMPD "$c" "$c" ".marches[] | select(.marche == \"$c\") | .statut" "$c"
done
why_not "$G/essai.charte" "$G/donnees" quartier/travaux M5 '.mutualisations[] | select(.mutualisation == "quartier/travaux") | .statut' \
  --mutualisation quartier/travaux

# Why-not of a target of hires: exactly that many eligible hires at the evaluation date meet
# it, one fewer does not. hires_after DATA N PARTICIPANT AU: the status of bm/travaux.
hires_after() {
  rm -rf "$tmp/w"; cp -r "$1" "$tmp/w"
  for ((k = 1; k <= $2; k++)); do
    printf 'EZ%d;Belvance Métropole;bm;%s;travaux;;%s;cdi;\n' $k "$4" "$3" >> "$tmp/w/embauches.csv"
  done
  "$CHARTE" eval tests/eval/belvance/charte.charte --donnees "$tmp/w" --au 2024-12-31 --format json 2>/dev/null \
    | jq -r '.embauches.objectifs[] | select(.perimetre == "bm" and .nature == "travaux") | .statut'
}
w=$(jq -r '[.. | objects | select(.etape == "pour_atteindre")][0].valeur' "$tmp/embauches-travaux.fr.json")
[ "$w" -ge 1 ] 2>/dev/null || bad "embauches bm/travaux : pas de « pour l'atteindre » ($w)"
[ "$(hires_after tests/eval/belvance/embauches "$w" PE 31/12/2024)" = atteint ] || bad "embauches : $w embauches ne suffisent pas"
[ "$(hires_after tests/eval/belvance/embauches $((w - 1)) PE 31/12/2024)" = non_atteint ] || bad "embauches : $((w - 1)) embauches suffisent"
# A target met has none.
jq -e '[.. | objects | select(.etape == "pour_atteindre")] | length == 0' "$tmp/embauches-fonctionnement.fr.json" > /dev/null \
  || bad "embauches atteint : un « pour l'atteindre »"
# A hires table that cannot be read is a data error.
mkdir "$tmp/h-casse"; cp tests/eval/belvance/embauches/*.csv "$tmp/h-casse/"
sed -i '1s/;nature;/;genre;/' "$tmp/h-casse/embauches.csv"
out=$("$CHARTE" explain tests/eval/belvance/charte.charte --donnees "$tmp/h-casse" --au 2024-12-31 --embauches bm/travaux 2>&1); rc=$?
[ $rc -eq 2 ] && grep -q "error\[C08" <<< "$out" || bad "embauches illisibles : exit $rc, $out"

# ---- bad input -------------------------------------------------------------------------------------
out=$("$CHARTE" explain $ESSAI M01 2>&1 >/dev/null); rc=$?
[ $rc -eq 2 ] && grep -q "donnees/marches.csv: error\[C0920\]: aucun marché « M01 » dans l'évaluation au 31/12/2025 ; vouliez-vous dire « M1 » ?" <<< "$out" \
  || bad "identifiant inconnu : exit $rc, $out"
out=$("$CHARTE" explain $ESSAI QQQQQQ --lang en 2>&1 >/dev/null); rc=$?
[ $rc -eq 2 ] && grep -q "error\[C0920\]: no contract “QQQQQQ” in the evaluation as of 2025-12-31$" <<< "$out" \
  || bad "identifiant inconnu sans suggestion : exit $rc, $out"
out=$("$CHARTE" explain $ESSAI --mutualisation quartier/travau 2>&1 >/dev/null); rc=$?
[ $rc -eq 2 ] && grep -q "error\[C0920\]: aucun objectif mutualisé « quartier/travau ».*« quartier/travaux »" <<< "$out" \
  || bad "mutualisation inconnue : exit $rc, $out"
# A contract whose row is missing from marches while hour lines name it (a contract left out of
# the export): C0920 counts those lines and names the first, rejected in the report as "contract
# unknown", in both languages; one line is said in the singular; no line, nothing more is said.
mkdir "$tmp/sans-m1"; cp "$G"/donnees/*.csv "$tmp/sans-m1/"; sed -i '/^M1;/d' "$tmp/sans-m1/marches.csv"
printf 'M77;P1;04/2023;3;etti\n' >>"$tmp/sans-m1/heures.csv"
for case in "M1|fr|aucun marché « M1 » dans l'évaluation au 31/12/2025 ; 10 lignes d'heures le désignent (heures.csv:2 la première), rejetées (marché inconnu) : sa ligne manque à la table marches, ou son identifiant y est écrit autrement" \
            "M1|en|no contract “M1” in the evaluation as of 2025-12-31; 10 hour lines name it (heures.csv:2 the first), rejected (contract unknown): its row is missing from the marches table, or its id is written otherwise there" \
            "M77|fr|aucun marché « M77 » dans l'évaluation au 31/12/2025 ; 1 ligne d'heures le désigne (heures.csv:18), rejetée (marché inconnu) : sa ligne manque à la table marches, ou son identifiant y est écrit autrement"; do
  IFS='|' read -r id lang want <<<"$case"
  out=$("$CHARTE" explain $G/essai.charte --donnees "$tmp/sans-m1" --au 2025-12-31 --lang $lang "$id" 2>&1 >/dev/null); rc=$?
  [ $rc -eq 2 ] && [ "$(tail -n 1 <<<"$out")" = "$tmp/sans-m1/marches.csv: error[C0920]: $want" ] \
    || bad "marché absent de marches ($id, $lang) : exit $rc, $(tail -n 1 <<<"$out")"
done
out=$("$CHARTE" explain $ESSAI M8 2>&1 >/dev/null); rc=$?
[ $rc -eq 2 ] && grep -q "donnees/marches.csv:9: error\[C0921\]: le marché « M8 » est rejeté" <<< "$out" || bad "marché rejeté : exit $rc, $out"
"$CHARTE" explain $ESSAI M01 --format json > "$tmp/f1.json" 2>/dev/null; rc=$?
[ $rc -eq 2 ] && jq -e '.ok == false and .command == "explain" and .diagnostics[0].code == "C0920"' "$tmp/f1.json" > /dev/null \
  || bad "JSON d'échec C0920 : exit $rc"
printf 'charte « x »\n  article\n' > "$tmp/cassee.charte"
"$CHARTE" explain "$tmp/cassee.charte" --donnees $G/donnees M1 --format json > "$tmp/f2.json" 2>/dev/null; rc=$?
[ $rc -eq 1 ] && jq -e '.exit_code == 1 and (.diagnostics[0].code | startswith("C01"))' "$tmp/f2.json" > /dev/null \
  || bad "charte illisible : exit $rc, $(head -c 300 "$tmp/f2.json")"
out=$("$CHARTE" explain $G/essai.charte --donnees "$tmp/nulle-part" M1 2>&1); rc=$?
[ $rc -eq 2 ] && grep -q "error\[C0801\]" <<< "$out" || bad "données absentes : exit $rc, $out"
mkdir "$tmp/sans-colonne"; cp $G/donnees/*.csv "$tmp/sans-colonne/"
sed -i '1s/;Heures;/;Durée;/' "$tmp/sans-colonne/heures.csv"
out=$("$CHARTE" explain $G/essai.charte --donnees "$tmp/sans-colonne" M1 2>&1); rc=$?
[ $rc -eq 2 ] && grep -q "error\[C0806\]" <<< "$out" || bad "colonne absente : exit $rc, $out"
"$CHARTE" explain $ESSAI > /dev/null 2>&1; [ $? -eq 2 ] || bad "sans identifiant : exit 2 attendu"
"$CHARTE" explain $ESSAI M1 M2 > /dev/null 2>&1; [ $? -eq 2 ] || bad "deux identifiants : exit 2 attendu"
"$CHARTE" eval $ESSAI --derivations > /dev/null 2>&1; [ $? -eq 2 ] || bad "--derivations sans json : exit 2 attendu"
json_valid "$tmp/f1.json" "$tmp/f2.json"
# ---- -o FILE: the output file of the other commands ---------------------------------------------------
"$CHARTE" explain $ESSAI M1 -o "$tmp/M1.txt" > "$tmp/o.out" 2>/dev/null; rc=$?
[ $rc -eq 0 ] && [ ! -s "$tmp/o.out" ] && cmp -s "$tmp/M1.txt" $G/M1.fr.txt || bad "-o : exit $rc, $(head -3 "$tmp/o.out")"
"$CHARTE" explain $ESSAI M1 --format json --lang en --sortie "$tmp/M1.json" 2>/dev/null && cmp -s "$tmp/M1.json" $G/M1.en.json \
  || bad "--sortie json en : pas le golden"
mkdir "$tmp/in"; cp -r $G/donnees "$tmp/in/d"; cp $G/essai.charte "$tmp/in/e.charte"; cp -r "$tmp/in" "$tmp/in.orig"
# refused NAME PATTERN ARGS…: exit 2 before any work, the message, every input as it was.
refused() {
  local name=$1 pattern=$2; shift 2
  "$CHARTE" explain "$tmp/in/e.charte" --donnees "$tmp/in/d" --au 2025-12-31 M1 "$@" > "$tmp/r.out" 2> "$tmp/r.err"; local rc=$?
  [ $rc -eq 2 ] && grep -q -- "$pattern" "$tmp/r.err" && [ ! -s "$tmp/r.out" ] || bad "-o $name : exit $rc, $(head -3 "$tmp/r.err")"
  diff -r "$tmp/in" "$tmp/in.orig" > /dev/null || { bad "-o $name : une entrée a changé"; rm -rf "$tmp/in"; cp -r "$tmp/in.orig" "$tmp/in"; }
}
refused "charte" "aussi une entrée" -o "$tmp/in/e.charte"
refused "table de données" "aussi une entrée" -o "$tmp/in/d/heures.csv"
refused "dossier de données" "est un dossier" -o "$tmp/in/d"
ln -s d/participants.csv "$tmp/in/lien"; cp -P "$tmp/in/lien" "$tmp/in.orig/lien"
refused "lien vers une donnée" "aussi une entrée" -o "$tmp/in/lien"
refused "deux fois" "deux fois" -o "$tmp/a.txt" -o "$tmp/b.txt"
[ -e "$tmp/a.txt" ] || [ -e "$tmp/b.txt" ] && bad "-o deux fois : un fichier écrit"
refused "dossier absent" "dossier introuvable" --format json -o "$tmp/nulle-part/x.json"
# A failure leaves the previous file as it was, and no JSON document on stdout.
printf 'précédent\n' > "$tmp/prev.json"
"$CHARTE" explain $ESSAI M01 --format json -o "$tmp/prev.json" > "$tmp/p.out" 2>/dev/null; rc=$?
[ $rc -eq 2 ] && [ ! -s "$tmp/p.out" ] && [ "$(cat "$tmp/prev.json")" = précédent ] || bad "-o et échec : exit $rc, $(head -c 200 "$tmp/p.out")"
[ "$(ls -A "$tmp" | grep -c '^\.charte-')" = 0 ] || bad "-o : un fichier temporaire reste"

# The pages show a test's real output: the golden, byte for byte.
for lang in fr en; do
  page=docs/explain.md; [ $lang = en ] && page=docs/en/explain.md
  awk '/^\$ charte explain .* M1/ { on = 1; next } on && /^```/ { exit } on' $page | cmp -s - $G/M1.$lang.txt \
    || bad "$page : l'exemple n'est pas $G/M1.$lang.txt"
done
# The hires example of the pages is the golden too.
for lang in fr en; do
  page=docs/explain.md; [ $lang = en ] && page=docs/en/explain.md
  awk '/^\$ charte explain .*--embauches bm\/travaux/ { on = 1; next } on && /^```/ { exit } on' $page \
    | cmp -s - $G/embauches-travaux.$lang.txt || bad "$page : l'exemple d'embauches n'est pas $G/embauches-travaux.$lang.txt"
done
# The French alias.
cmp -s <("$CHARTE" expliquer $ESSAI M1 2>/dev/null) $G/M1.fr.txt || bad "charte expliquer diffère de charte explain"
schema_check explain "${explained[@]}"
schema_check eval "${evaluated[@]}"
exit $fail
