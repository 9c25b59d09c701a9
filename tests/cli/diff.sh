#!/usr/bin/env bash
# tests/cli/diff.sh: charte diff: goldens of every case of tests/diff/ in every format and language, JSON valid against docs/schemas/diff.schema.json, an amendment and the same rules written in place agree on the data, an amendment listed but not counted, two amendments of overlapping dates each with the effect of its own rule, the change that moved each contract (causes.charte, the amendment, counting, families, an owner's rule in conflict), fmt output and reordering give no change, --fail-on and exit codes, bad input (unparseable, two territories, data that do not load).
#   UPDATE=1 rewrites the goldens (read the diff before committing).
#   Under the sanitizer (charte_in_san_pass) it runs every case of the goldens once, in one format and language
#   rotating over the six (so every case, format and language is taken under ASan), compared to that section of
#   its golden; ajv does not
#   run (the goldens' bytes and the failure documents, validated by the normal pass; jq reads its own). Every other charte command and
#   assertion runs: each distinct command is a code path taken once, and re-running a path with the same or
#   same-shaped input finds no memory or undefined-behaviour fault the first run missed.
#   In both passes a command run twice is run once (diff_run gives the first run's output again; section 5
#   checks with two real runs that a run's bytes do not change), and the JSON goldens' documents that ajv
#   validates are the bytes those runs wrote.
set -u
. "$ROOT/tests/cli/lib/builds.sh"
: "${CHARTE:?}" "${ROOT:?}"
cd "$ROOT"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
bad() { printf 'ÉCHEC %s\n' "$1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | head -30; failures=$((failures + 1)); }
BASE=tests/diff/base.charte
DATA=(--donnees examples/amp/donnees --au 2025-12-31)

# 1. Goldens: each tests/diff/NAME.charte but the base, against the base, with the AMP data,
#    in the three formats and both languages; stdout and the exit code (stderr has check's notes).
#    tests/diff/belvance/NAME.charte likewise against tests/diff/belvance/base.charte, with the
#    Belvance data (pooled targets, hires targets, a family whose target is a share of its hires).
#    Under the sanitizer each case is run in one format and language (rotating over the six,
#    so every case and every format and language is still taken under ASan) and compared to that
#    section of its golden; the normal pass compares all six.
every_format() {   # the old charter, the new one, the data's arguments
  local old=$1 new=$2 fmt lang combo=-1; shift 2
  cases_run=$((cases_run + 1))
  for fmt in text md json; do
    for lang in fr en; do
      combo=$((combo + 1))
      $san && [ $((combo % 6)) != $((cases_run % 6)) ] && continue
      printf '==== %s %s\n' "$fmt" "$lang"
      diff_run "$old" "$new" "$@" --format "$fmt" --lang "$lang" 2>/dev/null
      local rc=$? folder=${new%/*} stem=${new##*/}
      printf 'exit %s\n' $rc
      # (the document the golden holds, kept for section 2's ajv run: the run above's bytes, its memo)
      [ "$fmt" = json ] && ! $san && cp "$diff_key" "$tmp/json/${folder##*/}-${stem%.charte}-$lang.json"
    done
  done
}
# diff_run ARGS...: charte diff ARGS, its stderr dropped. A command already run gives its first run's
# output and exit code again, in both passes (section 3 asks again for documents of section 1, section 5
# for a text of section 3): the same arguments on the same files, and section 5 checks, with two real
# runs, that two runs give the same bytes; what ASan can find in a run, the first run found.
# The memo's file is named by the arguments themselves, quoted by %q (which writes no byte 1) with
# each / as a byte 1: one name per command, and no process to compute it (a fork costs about what
# the normal build's run of a small diff does).
# diff_key is left naming that file. Its bytes are printed by bash (print_file): a cat each was a fork and
# exec of some 7 ms of processor, 157 of them a pass (journal, `suite23`).
diff_run() {
  local rc; printf -v diff_key '%q ' "$@"; diff_key=$tmp/memo/${diff_key//\//$'\001'}
  [ -e "$diff_key.rc" ] || { "$CHARTE" diff "$@" > "$diff_key" 2>/dev/null; echo $? > "$diff_key.rc"; }
  read -r rc < "$diff_key.rc"; print_file "$diff_key"; return "$rc"
}
# print_file FILE: FILE's bytes on stdout, as cat prints them (a text: read stops at a NUL byte, which no
# output of charte holds; a golden compared with such a text would differ).
print_file() { local text; IFS= read -r -d '' text < "$1"; printf '%s' "$text"; }
# golden_part GOLDEN: under the sanitizer, the section of GOLDEN the case ran (its header to the next).
golden_part() {
  $san || { print_file "$1"; return; }
  local want; want=$(head -1 "$tmp/got")
  awk -v want="$want" '/^==== / { on = ($0 == want) } on' "$1"
}
mkdir -p "$tmp/json" "$tmp/memo"
san=false; charte_in_san_pass && san=true
cases_run=-1
BV_BASE=tests/diff/belvance/base.charte
BV_DATA=(--donnees examples/belvance/donnees --au 2025-12-31)
for new in tests/diff/*.charte tests/diff/belvance/*.charte; do
  case $new in "$BASE"|"$BV_BASE"|tests/diff/territoire.charte) continue ;; esac
  want=${new%.charte}.attendu
  case $new in
    tests/diff/belvance/*) every_format "$BV_BASE" "$new" "${BV_DATA[@]}" > "$tmp/got" ;;
    *) every_format "$BASE" "$new" "${DATA[@]}" > "$tmp/got" ;;
  esac
  if [ -n "${UPDATE:-}" ]; then $san || cp "$tmp/got" "$want"; continue; fi
  cmp -s "$tmp/got" <(golden_part "$want") || bad "golden $want" "$(diff <(golden_part "$want") "$tmp/got")"
  grep -q '^exit 1$' "$tmp/got" || bad "$new : des changements, mais pas de code 1"
done

# 2. Every JSON document is valid against its schema (ajv, as the other outputs are).
#    Not under the sanitizer: its documents are the goldens' bytes (compared above), which the
#    normal pass validates; ajv runs no charte.
AJV=$ROOT/tests/validators/node_modules/.bin/ajv
if $san; then :
elif [ -x "$AJV" ]; then
  "$CHARTE" diff "$BASE" "$BASE" --format json > "$tmp/json/same.json"
  n=$(ls "$tmp"/json/*.json | wc -l)
  [ "$n" -ge 17 ] || bad "ajv : $n documents seulement"
  # (validated in 6b, with the failure documents, by one ajv run)
else
  bad "validateurs absents : make validators (tests/validators/)"
fi

# 3. An amendment evaluated against its base gives what the same rules written in place give:
#    the data part of the two reports is the same, and so is the exit code.
for lang in fr en; do
  # (the causes name where each version writes the rule: avenant 3, or article 4; compared apart below)
  diff_run "$BASE" tests/diff/avenant.charte "${DATA[@]}" --format json --lang $lang 2>/dev/null | jq -S '.donnees | del(.marches[].causes)' > "$tmp/b.json"
  diff_run "$BASE" tests/diff/consolide.charte "${DATA[@]}" --format json --lang $lang 2>/dev/null | jq -S '.donnees | del(.marches[].causes)' > "$tmp/c.json"
  [ -s "$tmp/b.json" ] && ! grep -qx null "$tmp/b.json" || bad "avenant : pas de données comparées"
  cmp -s "$tmp/b.json" "$tmp/c.json" || bad "avenant et texte consolidé ne donnent pas le même effet ($lang)" "$(diff "$tmp/b.json" "$tmp/c.json")"
  [ "$(jq '.marches | length' "$tmp/b.json")" -gt 0 ] || bad "avenant : aucun marché ne change"
done
# Both say the rate of nettoyage went from 10 % to 12 %, stricter; the amendment names itself.
for v in avenant consolide; do
  diff_run "$BASE" tests/diff/$v.charte --format json 2>/dev/null > "$tmp/$v.json"
  got=$(jq -r '.changements[] | select(.sujet == "regle" and .famille == "nettoyage" and .perimetre == "amp" and .champ == "objectif")
               | "\(.avant.valeur) \(.apres.valeur) \(.effet)"' "$tmp/$v.json")
  [ "$got" = "10 12 plus_strict" ] || bad "$v : objectif de nettoyage × amp « $got »"
done
jq -e '[.changements[] | select(.champ == "objectif") | .articles[]] | index("avenant 3 « Nettoyage : objectif relevé »")' "$tmp/avenant.json" >/dev/null \
  || bad "avenant : l'avenant 3 n'est pas cité"
# The summary counts changes, not containers: avenant 3 carries three stricter rule changes;
# its addition is listed (compte false), not counted as a fourth; the consolidated text says 3 too.
for v in avenant consolide; do
  got=$(jq -c '[.par_effet.plus_strict, ([.changements[] | select(.compte)] | length),
                ([.changements[] | select(.sujet == "avenant" and (.compte | not))] | length)]' "$tmp/$v.json")
  want='[3,3,1]'; [ $v = consolide ] && want='[3,3,0]'
  [ "$got" = "$want" ] || bad "$v : compte des changements $got (attendu $want)"
done
diff_run "$BASE" tests/diff/avenant.charte 2>/dev/null | grep -q '^Changements : 3 (plus strict 3, .*) ; 1 avenant ajouté, retiré ou déplacé, listé sans être compté' \
  || bad "avenant : le résumé compte l'avenant" "$(diff_run "$BASE" tests/diff/avenant.charte 2>/dev/null | sed -n 4p)"

# Two amendments of overlapping dates, each with its own rule (avenants.charte): each takes the effect of
# the rule change it carries, avenant 3 stricter and avenant 4 less strict, not the join of every rule change
# on its dates (both read « indéterminé » before).
got=$(diff_run "$BASE" tests/diff/avenants.charte --format json 2>/dev/null \
      | jq -r '[.changements[] | select(.sujet == "avenant") | "\(.nom) \(.effet) \(.compte)"] | join("; ")')
[ "$got" = "avenant 3 plus_strict false; avenant 4 moins_strict false" ] || bad "avenants : effets « $got »"

# Which change moved each contract (docs/diff.md, « Ce qui a fait bouger un marché »): causes.charte
# raises gardiennage at marseille (M0009 there, M0021 and M0041 in air_bel, M0027 in saint_barthelemy,
# all by the marseille row, line 54 in both), gives travaux its own row at aix (M0017: amp's line 47
# before, aix's line 57 after) and raises the training cap (M0042, M0043: the cap's own listed change).
causes() {   # a diff's JSON, a contract: its causes as "family×scope field old lines→new lines" or "type name"
  jq -r --arg m "$2" '. as $r | [.donnees.marches[] | select(.marche == $m) | .causes[]
      | if .type == "regle" and .changement != null
        then ($r.changements[.changement] | "\(.famille)×\(.perimetre)\(if .maitre_ouvrage then "×" + .maitre_ouvrage else "" end) \(.champ)")
             + " \([.avant[].ligne] | join(","))→\([.apres[].ligne] | join(","))"
        elif .changement != null then "\(.type) \(.nom) ← " + ($r.changements[.changement] | "\(.sujet) \(.nom) \(.champ)")
        else "\(.type) \(.nom // .champ)" end] | join("; ")' "$1"
}
diff_run "$BASE" tests/diff/causes.charte "${DATA[@]}" --format json 2>/dev/null > "$tmp/causes.json"
for want in "M0009=gardiennage×marseille objectif 54→54" "M0021=gardiennage×marseille objectif 54→54" \
            "M0027=gardiennage×marseille objectif 54→54" "M0041=gardiennage×marseille objectif 54→54" \
            "M0017=travaux×aix objectif 47→57" "M0042=plafond formation ← comptage formation plafond" \
            "M0043=plafond formation ← comptage formation plafond"; do
  got=$(causes "$tmp/causes.json" "${want%%=*}")
  [ "$got" = "${want#*=}" ] || bad "causes ${want%%=*} : « $got » (attendu « ${want#*=} »)"
done
[ "$(jq '.donnees.marches | length' "$tmp/causes.json")" = 7 ] || bad "causes : $(jq '.donnees.marches | length' "$tmp/causes.json") marchés changent (attendu 7)"
# The amendment: nettoyage's target and threshold, from article 4 line 43 to avenant 3 line 83, for each
# contract, air_bel's included (its threshold is amp's rule: named once, where it is written).
diff_run "$BASE" tests/diff/avenant.charte "${DATA[@]}" --format json 2>/dev/null > "$tmp/avenant-data.json"
for m in M0001 M0007 M0013 M0025 M0031; do
  got=$(causes "$tmp/avenant-data.json" $m)
  [ "$got" = "nettoyage×amp objectif 43→83; nettoyage×amp seuil 43→83" ] || bad "avenant, causes $m : « $got »"
done
got=$(causes "$tmp/avenant-data.json" M0019)
[ "$got" = "nettoyage×amp seuil 43→83" ] || bad "avenant, causes M0019 : « $got »"
# The consolidated text names the same changes, at article 4's line 43 in both versions.
diff_run "$BASE" tests/diff/consolide.charte "${DATA[@]}" --format json 2>/dev/null > "$tmp/consolide-data.json"
got=$(causes "$tmp/consolide-data.json" M0007)
[ "$got" = "nettoyage×amp objectif 43→43; nettoyage×amp seuil 43→43" ] || bad "consolidé, causes M0007 : « $got »"
# Counting rules changed only: every cause is outside the rules section, never a rule.
diff_run "$BASE" tests/diff/comptage.charte "${DATA[@]}" --format json 2>/dev/null > "$tmp/comptage-data.json"
got=$(jq -c '[.donnees.marches[].causes[].type] | unique' "$tmp/comptage-data.json")
# (The training cap rises too, but with the shorter window no contract's training hours reach 20 % of its
# target hours: under either cap the same hours count, so the cap is no cause.)
[ "$got" = '["arrondi","heures_comptees"]' ] || bad "comptage : causes $got"
jq -e '[.donnees.marches[] | (.causes | length) > 0] | all' "$tmp/comptage-data.json" > /dev/null || bad "comptage : un marché sans cause"
diff_run "$BASE" tests/diff/declarations.charte "${DATA[@]}" --format json 2>/dev/null > "$tmp/declarations-data.json"
# Families' parameters changed: the estimated base hours, tied to both listed changes of nettoyage.
got=$(causes "$tmp/declarations-data.json" M0007)
[ "$got" = "heures_base nettoyage ← famille nettoyage part_mo; heures_base nettoyage ← famille nettoyage cout_horaire" ] \
  || bad "déclarations, causes M0007 : « $got »"
# Counting rules: the hours counted before caps by their kind only (several declarations), the rounding
# tied to its listed change.
got=$(causes "$tmp/comptage-data.json" M0002)
[ "$got" = "heures_comptees null; arrondi null ← comptage null arrondi" ] || bad "comptage, causes M0002 : « $got »"
jq -e '[.donnees.marches[] | select(.famille == "nettoyage") | .causes[] | select(.type == "heures_base") | .nom] | length > 0 and all(. == "nettoyage")' \
  "$tmp/declarations-data.json" > /dev/null || bad "déclarations : heures de base de nettoyage non dites" "$(jq -c '[.donnees.marches[] | {marche, causes: [.causes[].texte]}]' "$tmp/declarations-data.json")"
# An owner's rule at amp now rivals marseille's general row: no class resolves to the contract's rules in
# both versions; the owner's change that brings the conflict is named (its line 58 beside line 54).
awk '{ print } /^  \| encagnane \| travaux/ { print ""; print "  objectif à l'"'"'échelle amp pour le maître d'"'"'ouvrage « Ville de Marseille » : gardiennage 15 %" }' \
  "$BASE" > "$tmp/owner.charte"
"$CHARTE" diff "$BASE" "$tmp/owner.charte" "${DATA[@]}" --format json 2>/dev/null > "$tmp/owner.json"
for m in M0009 M0021 M0027; do
  got=$(causes "$tmp/owner.json" $m)
  [ "$got" = "gardiennage×amp×Ville de Marseille objectif 54→54,58" ] || bad "maître d'ouvrage, causes $m : « $got »"
done

# Belvance: hires targets (at their own scope, even for a family with an hours target) and a
# level of assessment; with its data, the pools and hires targets whose figures change.
awk '/^exemple/ { exit } { print }' examples/belvance/belvance.charte > "$tmp/bv.charte"
sed -e 's/travaux 10 % des embauches/travaux 12 % des embauches/' \
    -e 's/fonctionnement_equipement 20 % des embauches/fonctionnement_equipement 15 % des embauches/' \
    -e "s/objectif mutualisé par maître d'ouvrage à l'échelle bm : nettoyage 10 %/objectif à l'échelle bm : nettoyage 10 %/" \
    "$tmp/bv.charte" > "$tmp/bv2.charte"
"$CHARTE" diff "$tmp/bv.charte" "$tmp/bv2.charte" --donnees examples/belvance/donnees --au 2025-12-31 --format json 2>/dev/null > "$tmp/bv.json"
got=$(jq -r '[.changements[] | "\(.sujet) \(.nature // .famille) \(.champ) \(.avant.valeur) \(.apres.valeur) \(.effet)"] | join("; ")' "$tmp/bv.json")
want="regle nettoyage niveau mutualise_par_maitre_ouvrage par_marche plus_strict; embauches travaux objectif_embauches 10 12 plus_strict; embauches fonctionnement_equipement objectif_embauches 20 15 moins_strict"
[ "$got" = "$want" ] || bad "belvance : changements « $got »"
got=$(jq -r '[.donnees.embauches[] | "\(.objectif) \(.avant.embauches_objectif) \(.apres.embauches_objectif)"] | join("; ")' "$tmp/bv.json")
[ "$got" = "bm/travaux 2.8 3.36; bm/fonctionnement_equipement 3.2 2.4" ] || bad "belvance : embauches « $got »"
[ "$(jq '[.donnees.mutualisations[] | select(.apres == null)] | length' "$tmp/bv.json")" = 3 ] \
  || bad "belvance : les trois mutualisations par maître d'ouvrage ne disparaissent pas" "$(jq .donnees.mutualisations "$tmp/bv.json")"
[ "$(jq '[.donnees.marches[] | select(.avant.statut == "mutualise")] | length' "$tmp/bv.json")" -ge 4 ] \
  || bad "belvance : les marchés ne quittent pas leur mutualisation"

# Pooled targets, hires targets and shares of hires (tests/diff/belvance/): each pool, hires target and contract
# that moves names the change that moved it, as a contract does; none is left to « un changement que ce rapport
# ne relie pas » (type autre), which every one of them read before.
item_causes() {   # a diff's JSON, the array of .donnees, its key, the item: its causes as "subject what scope field" or "type"
  jq -r --arg a "$2" --arg k "$3" --arg id "$4" '. as $r | [.donnees[$a][] | select(.[$k] == $id) | .causes[]
      | if .changement != null then ($r.changements[.changement] | "\(.sujet) \(.famille // .nature // .nom // "-") \(.perimetre // "-") \(.champ)")
        else .type end] | join("; ")' "$1"
}
expect_causes() {   # a diff's JSON, then "array/key/item=causes"…
  local json=$1 want a k id; shift
  for want in "$@"; do
    IFS=/ read -r a k id <<<"${want%%=*}"
    got=$(item_causes "$json" "$a" "$k" "$id")
    [ "$got" = "${want#*=}" ] || bad "causes $(basename "$json") $id : « $got » (attendu « ${want#*=} »)"
  done
  [ "$(jq '[.donnees | .marches[], .mutualisations[], .embauches[] | .causes[] | select(.type == "autre")] | length' "$json")" = 0 ] \
    || bad "$(basename "$json") : une cause « autre »" "$(jq -c '[.donnees | .marches[], .mutualisations[], .embauches[] | select(any(.causes[]; .type == "autre"))]' "$json")"
}
diff_run "$BV_BASE" tests/diff/belvance/mutualisation.charte "${BV_DATA[@]}" --format json 2>/dev/null > "$tmp/bv-mut.json"
expect_causes "$tmp/bv-mut.json" "mutualisations/mutualisation/tilleuls/travaux=regle travaux tilleuls objectif" \
  "mutualisations/mutualisation/bm/nettoyage/Belvance Habitat=regle nettoyage bm objectif" \
  "mutualisations/mutualisation/bm/nettoyage/Belvance Métropole=regle nettoyage bm objectif; comptage formation - plafond" \
  "marches/marche/M0023=regle travaux tilleuls objectif"
diff_run "$BV_BASE" tests/diff/belvance/embauches.charte "${BV_DATA[@]}" --format json 2>/dev/null > "$tmp/bv-emb.json"
expect_causes "$tmp/bv-emb.json" "embauches/objectif/bm/travaux=embauches travaux bm objectif_embauches" \
  "embauches/objectif/bm/encombrants=embauches encombrants bm objectif_embauches" \
  "marches/marche/M0004=embauches encombrants bm objectif_embauches" "marches/marche/M0035=embauches encombrants bm objectif_embauches"
# The share of hires is written on line 65 in both versions; the contract's rule is it, in both.
got=$(jq -r '[.donnees.marches[] | select(.marche == "M0010") | .causes[] | "\(.champ) \([.avant[].ligne] | join(","))→\([.apres[].ligne] | join(","))"] | join("; ")' "$tmp/bv-emb.json")
[ "$got" = "objectif_embauches 65→65" ] || bad "embauches, M0010 : « $got »"
# A pool's member that leaves it (M0044, 135 200 € under the new 150 000 € threshold): the pool moves for
# the threshold, not for the other members' thresholds that moved nothing in it.
sed "s/objectif mutualisé à l'échelle bm : travaux 6 %, seuil 100 000 €/objectif mutualisé à l'échelle bm : travaux 6 %, seuil 150 000 €/" \
  "$BV_BASE" > "$tmp/bv-seuil.charte"
"$CHARTE" diff "$BV_BASE" "$tmp/bv-seuil.charte" "${BV_DATA[@]}" --format json 2>/dev/null > "$tmp/bv-seuil.json"
expect_causes "$tmp/bv-seuil.json" "mutualisations/mutualisation/bm/travaux=regle travaux bm seuil"
# The rounding, applied once to each pool.
sed "s/heures objectif arrondies à l'heure supérieure/heures objectif arrondies à l'heure la plus proche/" "$BV_BASE" > "$tmp/bv-arrondi.charte"
"$CHARTE" diff "$BV_BASE" "$tmp/bv-arrondi.charte" "${BV_DATA[@]}" --format json 2>/dev/null > "$tmp/bv-arrondi.json"
expect_causes "$tmp/bv-arrondi.json" "mutualisations/mutualisation/tilleuls/travaux=comptage - - arrondi"
# From the example's hours target for encombrants to the base's share of its hires: both changes set the
# contracts' rate (the hours target removed, the share of hires added), and the threshold removed.
"$CHARTE" diff "$tmp/bv.charte" "$BV_BASE" "${BV_DATA[@]}" --format json 2>/dev/null > "$tmp/bv-part.json"
expect_causes "$tmp/bv-part.json" \
  "marches/marche/M0004=regle encombrants bm objectif; embauches encombrants bm objectif_embauches; regle encombrants bm seuil"

# Eligibility: `éligible aussi` widens (less strict), `éligible seulement si` narrows (stricter);
# two conditions that do not surely compare are undetermined.
with_line() { awk -v line="$2" '{ print } /^article 5 / { print line }' "$BASE" > "$1"; }
with_line "$tmp/aussi.charte" "  éligible aussi : âge < 26 ans"
with_line "$tmp/moins60.charte" "  éligible seulement si : âge < 60 ans"
with_line "$tmp/moins50.charte" "  éligible seulement si : âge < 50 ans"
eligibility() { diff_run "$1" "$2" --format json 2>/dev/null | jq -r '[.changements[] | select(.sujet == "eligibilite") | "\(.apres.valeur) \(.effet)"] | join("; ")'; }
[ "$(eligibility "$BASE" "$tmp/aussi.charte")" = "elargie moins_strict" ] || bad "éligible aussi : « $(eligibility "$BASE" "$tmp/aussi.charte") »"
[ "$(eligibility "$tmp/aussi.charte" "$BASE")" = "restreinte plus_strict" ] || bad "éligible aussi retiré : « $(eligibility "$tmp/aussi.charte" "$BASE") »"
[ "$(eligibility "$BASE" "$tmp/moins60.charte")" = "restreinte plus_strict" ] || bad "éligible seulement si : « $(eligibility "$BASE" "$tmp/moins60.charte") »"
[ "$(eligibility "$tmp/moins60.charte" "$tmp/moins50.charte")" = "autre indetermine" ] \
  || bad "deux conditions incomparables : « $(eligibility "$tmp/moins60.charte" "$tmp/moins50.charte") »"
[ "$(eligibility "$tmp/moins60.charte" "$tmp/moins60.charte")" = "" ] || bad "la même condition : un changement"

# 3b. Accepted warnings: added, removed, reason changed, each one neutral change named by its
#     article and code; moved to another article, removed here and added there.
acceptance() {
  diff_run "$1" "$2" --format json | jq -r '.changements[] | select(.sujet == "avertissement")
    | "\(.nom) \(.champ) \(.effet) \(.avant.valeur // "-") > \(.apres.valeur // "-")"'
}
AV=tests/diff/avertissement.charte
sed 's/« Seuil du gardiennage à Marseille relevé, comité/« Seuil relevé, comité/' "$AV" > "$tmp/raison.charte"
sed 's/^  avertissement accepté C0432/  avertissement accepté C0404/' "$AV" > "$tmp/autre-code.charte"
[ "$(acceptance "$AV" "$BASE")" = "article 4 C0432 neutre Seuil du gardiennage à Marseille relevé, comité de pilotage du 12/03/2026 > -" ] \
  || bad "acceptation retirée" "$(acceptance "$AV" "$BASE")"
[ "$(acceptance "$AV" "$tmp/raison.charte")" = "article 4 C0432 neutre Seuil du gardiennage à Marseille relevé, comité de pilotage du 12/03/2026 > Seuil relevé, comité de pilotage du 12/03/2026" ] \
  || bad "raison changée" "$(acceptance "$AV" "$tmp/raison.charte")"
[ "$(acceptance "$AV" "$tmp/autre-code.charte" | sort | tr '\n' '|')" = "article 4 C0404 neutre - > Seuil du gardiennage à Marseille relevé, comité de pilotage du 12/03/2026|article 4 C0432 neutre Seuil du gardiennage à Marseille relevé, comité de pilotage du 12/03/2026 > -|" ] \
  || bad "code changé" "$(acceptance "$AV" "$tmp/autre-code.charte")"
[ "$(acceptance "$AV" "$AV")" = "" ] || bad "la même acceptation : un changement"

# 4. Rules matched by what they are: fmt's layout, rows and articles reordered: no change, exit
#    0; the example and its literate version: their families' names only; no data figure moves.
"$CHARTE" fmt "$BASE" > "$tmp/fmt.charte" || bad "fmt $BASE"
# Article 4's first table upside down, and articles 5 and 6 swapped (each block up to the next blank line).
awk '
  /^article 5 / { hold = 1 }
  /^article 6 / { hold = 0; swap = 1 }
  hold { five = five $0 "\n"; next }
  swap && /^$/ { printf "%s\n", ""; printf "%s", five; swap = 0; next }
  { print }' "$tmp/fmt.charte" > "$tmp/swapped.charte"
python3 - "$tmp/swapped.charte" > "$tmp/reordered.charte" <<'PY'
import sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
i = next(k for k, l in enumerate(lines) if l.startswith("  | nettoyage"))
j = i
while lines[j].startswith("  | "):
    j += 1
lines[i:j] = reversed(lines[i:j])
print("\n".join(lines), end="")
PY
cmp -s "$tmp/fmt.charte" "$tmp/reordered.charte" && bad "la charte réordonnée est identique : le test ne réordonne rien"
grep -n '^article' "$tmp/reordered.charte" | head -6 | tr '\n' ' ' | grep -q 'article 6.*article 5' || bad "articles 5 et 6 non permutés"
# The examples name their families (article 3's nom column), which $BASE does not: six neutral
# changes, one a family, and nothing else (exit 1: any change fails by default).
named="neutre famille nettoyage : nom (aucun) → Nettoyage|neutre famille espaces_verts : nom (aucun) → Espaces verts"
named="$named|neutre famille gardiennage : nom (aucun) → Gardiennage|neutre famille encombrants : nom (aucun) → Enlèvement des encombrants"
named="$named|neutre famille travaux : nom (aucun) → Travaux|neutre famille ingenierie : nom (aucun) → Ingénierie"
for new in "$tmp/fmt.charte" "$tmp/reordered.charte" examples/amp/amp.charte examples/amp/amp.charte.md; do
  want= want_rc=0; case $new in examples/*) want=$named want_rc=1 ;; esac
  out=$("$CHARTE" diff "$BASE" "$new" "${DATA[@]}" --format json 2>&1); rc=$?
  [ $rc -eq $want_rc ] || bad "diff $BASE $new : exit $rc (attendu $want_rc)" "$out"
  got=$(jq -r '[.changements[] | "\(.effet) \(.chemin) \(.avant.texte) → \(.apres.texte)"] | join("|")' <<<"$out")
  [ "$got" = "$want" ] || bad "diff $BASE $new : des changements autres que les noms des familles" "$got"
  [ "$(jq '.donnees.marches | length' <<<"$out")" = 0 ] || bad "diff $BASE $new : des marchés changent"
done
"$CHARTE" diff "$BASE" "$tmp/reordered.charte" > "$tmp/out" 2>&1
grep -q '^Changements : 0 ' "$tmp/out" || bad "texte sans changement" "$(cat "$tmp/out")"

# 5. Exit codes: --fail-on picks which changes fail.
exit_of() { "$CHARTE" diff "$@" >/dev/null 2>&1; echo $?; }
# A title change alone is neutral.
sed 's/^charte « \(.*\) »$/charte « \1, version 2 »/' "$BASE" > "$tmp/titre.charte"
expect() { local want=$1; shift; local got; got=$(exit_of "$@"); [ "$got" = "$want" ] || bad "diff $* : exit $got (attendu $want)"; }
expect 1 "$BASE" "$tmp/titre.charte"
expect 0 "$BASE" "$tmp/titre.charte" --fail-on effet
expect 0 "$BASE" tests/diff/avenant.charte --fail-on moins-strict
expect 1 "$BASE" tests/diff/avenant.charte --fail-on effect
expect 1 "$BASE" tests/diff/comptage.charte --fail-on less-strict
expect 0 "$BASE" tests/diff/declarations.charte --fail-on jamais
expect 0 "$BASE" "$BASE"
expect 0 examples/amp/amp.charte examples/amp/amp.charte.md --fail-on tout
"$CHARTE" comparer "$BASE" tests/diff/avenant.charte > "$tmp/alias" 2>/dev/null
diff_run "$BASE" tests/diff/avenant.charte > "$tmp/main" 2>/dev/null
cmp -s "$tmp/alias" "$tmp/main" || bad "charte comparer diffère de charte diff"
# Deterministic: the same bytes twice.
"$CHARTE" diff "$BASE" tests/diff/declarations.charte "${DATA[@]}" --format md > "$tmp/md1" 2>/dev/null
"$CHARTE" diff "$BASE" tests/diff/declarations.charte "${DATA[@]}" --format md > "$tmp/md2" 2>/dev/null
cmp -s "$tmp/md1" "$tmp/md2" || bad "deux exécutions, deux sorties"

# 6. Bad input: exit 2, a clear message, nothing on stdout.
fails() {   # what, expected stderr pattern, then the arguments
  local what=$1 pattern=$2; shift 2
  "$CHARTE" diff "$@" > "$tmp/out" 2> "$tmp/err"; local rc=$?
  [ $rc -eq 2 ] || bad "$what : exit $rc (attendu 2)" "$(cat "$tmp/err")"
  [ -s "$tmp/out" ] && bad "$what : une sortie" "$(cat "$tmp/out")"
  grep -q -- "$pattern" "$tmp/err" || bad "$what : message « $pattern » absent" "$(cat "$tmp/err")"
}
fails "deux territoires" "territoire.charte:3:[0-9]*: error\[C0910\]: .*Communauté du Pays d'Aix" "$BASE" tests/diff/territoire.charte
fails "deux territoires (note)" "base.charte:3:[0-9]*: note: le territoire de l'ancienne version" "$BASE" tests/diff/territoire.charte
fails "deux territoires (en)" "error\[C0910\]: .*not two versions of one charter" "$BASE" tests/diff/territoire.charte --lang en
printf 'charte « x »\narticle 1 « y »\n  objectif à\n' > "$tmp/casse.charte"
fails "charte illisible" "casse.charte:[0-9]*:[0-9]*: error\[C0" "$BASE" "$tmp/casse.charte"
fails "charte absente" "absente.charte" "$BASE" "$tmp/absente.charte"
fails "deux chartes illisibles, deux diagnostics" "absente.charte" "$tmp/casse.charte" "$tmp/absente.charte"
grep -q "casse.charte:[0-9]*:[0-9]*: error" "$tmp/err" || bad "la première charte en erreur n'est pas signalée" "$(cat "$tmp/err")"
fails "données absentes" "error\[C08" "$BASE" tests/diff/avenant.charte --donnees "$tmp/rien" --au 2025-12-31
mkdir "$tmp/sans-heures"; cp examples/amp/donnees/marches.csv examples/amp/donnees/participants.csv "$tmp/sans-heures/"
fails "table manquante" "heures" "$BASE" tests/diff/avenant.charte --donnees "$tmp/sans-heures" --au 2025-12-31
fails "une seule charte" "quelles chartes" "$BASE"
fails "trois chartes" "de trop" "$BASE" "$BASE" "$BASE"
fails "format inconnu" "--format" "$BASE" "$BASE" --format html
fails "niveau inconnu" "--fail-on" "$BASE" "$BASE" --fail-on parfois
fails "--au sans données" "--donnees" "$BASE" "$BASE" --au 2025-12-31
fails "date illisible" "--au" "$BASE" "$BASE" --donnees examples/amp/donnees --au 31/02/2025
cp tests/diff/avenant.charte "$tmp/entree.charte"
fails "sortie sur une entrée" "entree.charte" "$BASE" "$tmp/entree.charte" -o "$tmp/entree.charte"
cmp -s tests/diff/avenant.charte "$tmp/entree.charte" || bad "diff -o a remplacé une charte"

# 6b. With --format json a failure is a document (ok false, the diagnostics), as eval's; valid
# against the schema; with -o FILE nothing on stdout and no file.
json_fails() {   # what, expected code (a prefix), then the arguments
  local what=$1 code=$2; shift 2
  "$CHARTE" diff "$@" --format json > "$tmp/jf.json" 2> /dev/null; local rc=$?
  [ $rc -eq 2 ] || bad "JSON $what : exit $rc (attendu 2)"
  jq -e --arg c "$code" '.ok == false and .command == "diff" and .exit_code == 2
      and ([.diagnostics[].code | startswith($c)] | any)' "$tmp/jf.json" > /dev/null \
    || bad "JSON $what : pas de document d'échec $code" "$(head -c 600 "$tmp/jf.json")"
  # (kept, named after what, for one ajv run over all of them below)
  cp "$tmp/jf.json" "$tmp/jf-docs/${what// /_}.json"
  "$CHARTE" diff "$@" --format json -o "$tmp/jf-o.json" > "$tmp/jf-o.out" 2> /dev/null
  [ -s "$tmp/jf-o.out" ] && bad "JSON $what avec -o : une sortie sur stdout" "$(head -c 300 "$tmp/jf-o.out")"
  [ -e "$tmp/jf-o.json" ] && bad "JSON $what avec -o : un fichier écrit"
  rm -f "$tmp/jf-o.json"
}
mkdir "$tmp/jf-docs"
json_fails "deux territoires" C0910 "$BASE" tests/diff/territoire.charte
jq -e '.diagnostics[0].notes[0].message == "le territoire de l'"'"'ancienne version"' "$tmp/jf.json" > /dev/null \
  || bad "JSON deux territoires : la note manque" "$(cat "$tmp/jf.json")"
json_fails "charte illisible" C01 "$BASE" "$tmp/casse.charte"
json_fails "charte absente" C0006 "$BASE" "$tmp/absente.charte"
json_fails "données absentes" C0801 "$BASE" tests/diff/avenant.charte --donnees "$tmp/rien" --au 2025-12-31
json_fails "table manquante" C08 "$BASE" tests/diff/avenant.charte --donnees "$tmp/sans-heures" --au 2025-12-31
json_fails "une seule charte" C0007 "$BASE"
json_fails "date illisible" C0007 "$BASE" "$BASE" --donnees examples/amp/donnees --au 31/02/2025
# Each document of section 2 and each failure document valid against the schema: one ajv run (a node
# start costs more than the validation). Not under the sanitizer: the jq assertions above read its own
# documents; the schema is the normal pass's check of the same documents, which ajv, running no charte,
# adds nothing to under ASan.
if ! $san && [ -x "$AJV" ]; then
  args=(); for f in "$tmp"/json/*.json "$tmp"/jf-docs/*.json; do args+=(-d "$f"); done
  "$AJV" validate --spec=draft2020 --strict=true -c ajv-formats -s docs/schemas/diff.schema.json \
    -r docs/schemas/check.schema.json "${args[@]}" > "$tmp/ajv" 2>&1 || bad "invalide selon diff.schema.json" "$(grep -v ' valid$' "$tmp/ajv")"
  [ "$(grep -c ' valid$' "$tmp/ajv")" = $((n + 7)) ] || bad "ajv : $n documents et 7 d'échec, $(grep -c ' valid$' "$tmp/ajv") valides"
fi
"$CHARTE" diff "$BASE" tests/diff/territoire.charte --format json --lang en 2> /dev/null \
  | jq -e '.diagnostics[0].message | test("not two versions of one charter")' > /dev/null || bad "JSON deux territoires : pas en anglais"
# Both charters' errors, once each, in the document as on stderr.
"$CHARTE" diff "$tmp/casse.charte" "$tmp/casse.charte" --format json > "$tmp/jf.json" 2> "$tmp/jf.err"
[ "$(jq '.errors' "$tmp/jf.json")" = "$(grep -c ': error\[' "$tmp/jf.err")" ] && [ "$(jq '.errors' "$tmp/jf.json")" -ge 2 ] \
  || bad "JSON deux chartes en erreur : $(jq .errors "$tmp/jf.json") diagnostics, stderr : $(cat "$tmp/jf.err")"

# 7. The outputs pasted in docs/diff.md and docs/en/diff.md are the program's own.
for page in docs/diff.md docs/en/diff.md; do
  lang=fr; [ "$page" = docs/en/diff.md ] && lang=en
  n=0
  while IFS= read -r cmd; do
    n=$((n + 1))
    awk -v want="$cmd" 'index($0, "$ ") == 1 && substr($0, 3) == want { on = 1; next } on && /^```/ { exit } on' "$page" > "$tmp/pasted"
    read -r -a words <<<"${cmd#charte }"
    "$CHARTE" "${words[@]}" > "$tmp/real" 2>/dev/null
    cmp -s "$tmp/pasted" "$tmp/real" || bad "$page : la sortie de « $cmd » n'est plus celle du programme" "$(diff "$tmp/pasted" "$tmp/real")"
  done < <(sed -n 's/^\$ \(charte diff .*\)$/\1/p' "$page")
  [ $n -ge 2 ] || bad "$page : $n sorties collées trouvées"
  awk '/^```markdown$/ { on = 1; next } on && /^```/ { exit } on' "$page" > "$tmp/pasted"
  diff_run "$BASE" tests/diff/declarations.charte --format md --lang $lang > "$tmp/real" 2>/dev/null
  cmp -s "$tmp/pasted" "$tmp/real" || bad "$page : le Markdown collé n'est plus celui du programme" "$(diff "$tmp/pasted" "$tmp/real")"
done

[ $failures -eq 0 ]
