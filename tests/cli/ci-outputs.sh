#!/usr/bin/env bash
# tests/cli/ci-outputs.sh: the machine outputs of check and test, each validated by an independent tool: SARIF by Microsoft's multitool with GitHub's rules, JSON by ajv against docs/schemas/, JUnit by xmllint against tests/schemas/junit.xsd; GitHub workflow commands escaped; exit codes the same in every format.
# The sanitizer pass runs a sample of the check cases, and its SARIF and JSON documents are not read by
# the multitool and ajv (some 7 s of processor, a .NET and four node starts): each is the normal build's
# document of the same command, byte for byte with the same exit status (written_by), which the normal
# pass validates, for every case. The sanitizer finds a fault on the path the run takes; the validators
# judge bytes, which are the same.
set -u
. "$ROOT/tests/cli/lib/builds.sh"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "$*"; fail=1; }
san=
if charte_in_san_pass; then san=1 oracle=$(charte_normal) || exit 1; mkdir "$tmp/oracle"; oracle_runs=0; fi

# written_by OUT ARGS...: charte ARGS, its standard output into OUT; its exit status. In the sanitizer
# pass, the normal build's run of the same command in the same folder must write the same bytes with
# the same status: the document the normal pass gives the validators (json_valid, the multitool).
written_by() {
  local out=$1 rc; shift
  "$CHARTE" "$@" >"$out"; rc=$?
  if [ $san ]; then
    # (the normal build's bytes kept aside, each in a file of its own: no rm a run, a fork and exec of some
    # 7 ms of processor, 54 a pass; journal, `suite23`)
    oracle_runs=$((oracle_runs + 1))
    "$oracle" "$@" >"$tmp/oracle/$oracle_runs" 2>/dev/null
    [ $? = $rc ] && cmp -s "$out" "$tmp/oracle/$oracle_runs" \
      || bad "$* : sortie ou code (exit $rc) autres que ceux du build normal : $(diff "$tmp/oracle/$oracle_runs" "$out" | head -5)"
  fi
  return $rc
}
V=$ROOT/tests/validators/node_modules
MULTITOOL=$V/@microsoft/sarif-multitool-linux/Sarif.Multitool
AJV=$V/.bin/ajv
[ -x "$MULTITOOL" ] && [ -x "$AJV" ] || { echo "validateurs absents : make validators (tests/validators/)"; exit 1; }
command -v xmllint >/dev/null || { echo "xmllint absent (paquet libxml2-utils)"; exit 1; }
S=$ROOT/docs/schemas

# json_valid SCHEMA FILE...: every file valid against docs/schemas/SCHEMA.
# One ajv run for all the files (its start-up is most of its time). In the sanitizer pass, every file
# was written by written_by: the normal build's bytes, which the normal pass validates.
json_valid() {
  [ -z "$san" ] || return 0
  local schema=$1 refs=() data=(); shift
  [ "$schema" = check ] || refs=(-r "$S/check.schema.json")
  for f in "$@"; do data+=(-d "$f"); done
  "$AJV" validate --spec=draft2020 --strict=true -c ajv-formats -s "$S/$schema.schema.json" "${refs[@]}" \
    "${data[@]}" > "$tmp/ajv.out" 2>&1 || bad "invalide selon $schema.schema.json : $(grep -v ' valid$' "$tmp/ajv.out" | head -20)"
  [ "$(grep -c ' valid$' "$tmp/ajv.out")" = $# ] || bad "ajv : $# fichiers, $(grep -c ' valid$' "$tmp/ajv.out") valides"
}

cd "$ROOT/tests/check"
cases=$(ls c0*.charte | grep -v -- '-ok\.charte$')
min_cases=60
# The sanitizer build runs a sample: the formats are the same code for every case.
if [ $san ]; then cases=$(head -12 <<< "$cases"); min_cases=12; fi
clean=c0401-plancher-ok.charte

# ---- exit codes do not depend on the format ------------------------------------------------------
mkdir "$tmp/sarif" "$tmp/json"
n=0
for f in $cases $clean "--strict c0203-inutilise.charte" "absente.charte" "--inconnue $clean" \
         "--strict c0472-double-ok.charte" "--strict c0470-avertissement-ok.charte"; do
  n=$((n + 1))
  "$CHARTE" check $f > /dev/null 2>&1; rc_text=$?
  written_by "$tmp/json/$n.json" check --format json $f 2>/dev/null; rc_json=$?
  written_by "$tmp/sarif/$n.sarif" check --format sarif $f 2>/dev/null; rc_sarif=$?
  "$CHARTE" check --format=github $f > "$tmp/$n.gh" 2>/dev/null; rc_gh=$?
  [ "$rc_text $rc_json $rc_sarif $rc_gh" = "$rc_text $rc_text $rc_text $rc_text" ] \
    || bad "check $f : codes de sortie text/json/sarif/github $rc_text $rc_json $rc_sarif $rc_gh"
  printf '%s %s\n' "$tmp/json/$n.json" "$rc_text" >> "$tmp/rc.want"
done
# Each JSON's exit_code is its text run's: one jq for every file (a jq start costs more than its work).
files=(); for ((k = 1; k <= n; k++)); do files+=("$tmp/json/$k.json"); done
jq -r '"\(input_filename) \(.exit_code)"' "${files[@]}" > "$tmp/rc.got" 2>&1
d=$(diff "$tmp/rc.want" "$tmp/rc.got") || bad "check : exit_code du JSON ≠ code du texte : $(head -10 <<< "$d")"
[ "$n" -gt "$min_cases" ] || bad "trop peu de cas de check ($n)"

# ---- SARIF: the multitool with GitHub's rules finds nothing (it exits 0 even on an invalid file) -
# It spends some 0.3 s of processor on each file it reads (it parses the SARIF schema again and
# walks the rules table, 174 KB of each file, every time): the cases are judged together, one
# log whose run holds every file's invocation and results, once each file is known to be one
# run of the same tool (the same rules table), version and column kind, and nothing else, so
# that the log says of every result and invocation what its own file would.
nscanned=$(grep -c 'sarif' <<< "$(ls "$tmp/sarif")")
[ "$nscanned" = "$n" ] || bad "SARIF : $nscanned fichiers pour $n cas"
# In the sanitizer pass, each file is the normal build's (written_by), which the normal pass judges so.
if [ -z "$san" ]; then
  # One jq reads the files: whether each is one run of that shape, how many kinds of tool, rules and
  # version they hold (one), the invocations and results of the log they make together and of the
  # files (a line), then that log (a line), then the log with its last result broken (a line).
  jq -sc '(.[0] + {runs: [.[0].runs[0] + {invocations: [.[].runs[0].invocations[]], results: [.[].runs[0].results[]]}]}) as $log
    | [(map((.runs | length) == 1 and (.runs[0] | keys) == ["columnKind", "invocations", "results", "tool"]) | all),
       (map([.version, ."$schema", .runs[0].tool, .runs[0].columnKind]) | unique | length),
       ($log.runs[0].invocations | length), ($log.runs[0].results | length), (map(.runs[0].results | length) | add)],
      $log, ($log | .runs[0].results[-1].locations[0].physicalLocation.region.startLine = 0)' \
    "$tmp"/sarif/*.sarif > "$tmp/reunion"
  read -r shape kinds ninv nres nsum <<< "$(sed -n '1{s/[][]//g; s/,/ /g; p}' "$tmp/reunion")"
  [ "$shape" = true ] || bad "SARIF : un fichier n'est pas une seule exécution de la forme attendue"
  [ "$kinds" = 1 ] || bad "SARIF : l'outil, ses règles ou la version diffèrent d'un fichier à l'autre"
  [ "$ninv" = "$n" ] || bad "SARIF : les $n invocations ne sont pas toutes réunies"
  [ "$nres" = "$nsum" ] || bad "SARIF : des résultats perdus en réunissant les fichiers"
  mkdir "$tmp/ensemble" "$tmp/casse"
  sed -n 2p "$tmp/reunion" > "$tmp/ensemble/cas.sarif"
  # A broken result is caught, the last of the log (the last file's): the check of the validator
  # itself, and of a result judged wherever it lies in the log. Both logs in one run of the multitool
  # (a .NET start and the SARIF schema read once), its findings told apart by the file they name.
  sed -n 3p "$tmp/reunion" > "$tmp/casse/broken.sarif"
  "$MULTITOOL" validate "$tmp/ensemble/cas.sarif" "$tmp/casse/broken.sarif" --rule-kind "Gh;Sarif" -o "$tmp/validation.sarif" \
    --log ForceOverwrite > "$tmp/mt.out" 2>&1 || bad "multitool : exit $? : $(tail -5 "$tmp/mt.out")"
  grep -q '2 files scanned' "$tmp/mt.out" || bad "multitool : les deux journaux non lus : $(tail -5 "$tmp/mt.out")"
  [ -s "$tmp/validation.sarif" ] || bad "multitool : pas de journal"
  at='(.locations[0].physicalLocation.artifactLocation.uri // "" | endswith("/casse/broken.sarif"))'
  nfound=$(jq "[.runs[].results[]? | select($at | not)] | length" "$tmp/validation.sarif")
  [ "$nfound" = 0 ] || bad "SARIF refusé ($nfound constats) : $(jq -c "[.runs[].results[] | select($at | not) | {ruleId, at: .message.arguments[0]}] | .[0:5]" "$tmp/validation.sarif")"
  [ "$(jq "[.runs[].results[]? | select($at and .level == \"error\")] | length" "$tmp/validation.sarif")" -gt 0 ] || bad "le multitool ne voit pas une ligne 0"
fi

# Content: every page a rule (the run errors as notifications), regions, notes, fingerprints.
"$CHARTE" check --format sarif c0401-plancher.charte > "$tmp/p.sarif"
pages=$(ls "$ROOT"/docs/erreurs/C[0-9]*.md | wc -l)
[ "$(jq '.runs[0].tool.driver.rules | length' "$tmp/p.sarif")" = $((pages - 2)) ] || bad "SARIF : pas une règle par page de docs/erreurs/"
jq -e '.runs[0].tool.driver.rules[] | select(.id == "C0401") | .shortDescription.text == "objectif sous le plancher" and .defaultConfiguration.level == "error" and (.helpUri | endswith("erreurs/C0401.md")) and (.fullDescription.text | length > 40)' "$tmp/p.sarif" > /dev/null || bad "SARIF : règle C0401 incomplète"
jq -e '.runs[0].tool.driver.rules[] | select(.id == "C0203") | .defaultConfiguration.level == "warning"' "$tmp/p.sarif" > /dev/null || bad "SARIF : C0203 n'est pas un avertissement"
jq -e '.runs[0].results[0] | .ruleId == "C0401" and .level == "error" and .locations[0].physicalLocation.artifactLocation.uri == "c0401-plancher.charte" and .locations[0].physicalLocation.region == {startLine: 15, startColumn: 17, endLine: 15, endColumn: 20} and (.relatedLocations[0].message.text | test("anru.charte:23:3"))' "$tmp/p.sarif" > /dev/null || bad "SARIF : résultat C0401 inattendu : $(jq -c '.runs[0].results[0]' "$tmp/p.sarif" | head -c 600)"
# Lines added above a diagnostic keep its fingerprint.
cp -r lib "$tmp/"
{ printf -- '-- ajout\n-- ajout\n'; cat c0401-plancher.charte; } > "$tmp/c0401-plancher.charte"
(cd "$tmp" && "$CHARTE" check --format sarif c0401-plancher.charte > "$tmp/q.sarif")
a=$(jq -c '[.runs[0].results[] | .partialFingerprints]' "$tmp/p.sarif"); b=$(jq -c '[.runs[0].results[] | .partialFingerprints]' "$tmp/q.sarif")
[ "$a" = "$b" ] || bad "SARIF : empreintes changées par deux lignes ajoutées au-dessus ($a / $b)"
[ "$(jq '[.runs[0].results[].partialFingerprints["charte/v1"]] | unique | length' "$tmp/p.sarif")" = 2 ] || bad "SARIF : empreintes non distinctes"
# A run that failed says so.
"$CHARTE" check --format sarif absente.charte > "$tmp/m.sarif" 2>/dev/null
jq -e '.runs[0].invocations[0] | .executionSuccessful == false and .exitCode == 2 and .toolExecutionNotifications[0].descriptor.id == "C0006"' "$tmp/m.sarif" > /dev/null || bad "SARIF : fichier absent non signalé"
# --strict: a warning fails, its severity is kept.
"$CHARTE" check --format sarif --strict c0203-inutilise.charte > "$tmp/s.sarif"
jq -e '.runs[0].results[0] | .level == "error" and .properties.severity == "warning"' "$tmp/s.sarif" > /dev/null || bad "SARIF --strict : gravité d'origine perdue"

# ---- JSON of check: schema, failed runs, strict ---------------------------------------------------
written_by "$tmp/m.json" check --format json absente.charte 2>/dev/null; rc=$?
[ $rc = 2 ] && jq -e '.ok == false and .exit_code == 2 and .diagnostics[0].code == "C0006" and .errors == 1 and .failing == 1' "$tmp/m.json" > /dev/null \
  || bad "JSON : un fichier absent passe pour propre : $(cat "$tmp/m.json")"
written_by "$tmp/u.json" check --format=json --stricte "$clean" 2>/dev/null; rc=$?
[ $rc = 2 ] && jq -e '.ok == false and .diagnostics[0].code == "C0007"' "$tmp/u.json" > /dev/null || bad "JSON : erreur d'usage absente du document"
written_by "$tmp/s.json" check --format json --strict c0203-inutilise.charte
jq -e '.strict and .diagnostics[0].severity == "warning" and .diagnostics[0].fails and .warnings > 0 and .failing == .warnings' "$tmp/s.json" > /dev/null || bad "JSON --strict : gravité d'origine perdue"
# Every check document in one ajv run: the cases' and these three.
json_valid check "$tmp"/json/*.json "$tmp/m.json" "$tmp/u.json" "$tmp/s.json"

# ---- accepted warnings: reported with their reason, failing nothing under --strict -------------------
# c0472-double-ok accepts its two C0432 (one per article); the same charter without its acceptances
# fails --strict in every format, and c0470-avertissement-ok (two accepted, two not) fails it too.
grep -v '^  avertissement accepté' c0472-double-ok.charte > "$tmp/sans-acceptation.charte"
for fmt in text json sarif github; do
  "$CHARTE" check --strict --format $fmt c0472-double-ok.charte > /dev/null 2>&1; rc_ok=$?
  "$CHARTE" check --strict --format $fmt "$tmp/sans-acceptation.charte" > /dev/null 2>&1; rc_without=$?
  "$CHARTE" check --strict --format $fmt c0470-avertissement-ok.charte > /dev/null 2>&1; rc_mixed=$?
  [ "$rc_ok $rc_without $rc_mixed" = "0 1 1" ] || bad "--strict --format $fmt : acceptés, sans acceptation, mêlés : $rc_ok $rc_without $rc_mixed (attendu 0 1 1)"
done
"$CHARTE" check --format sarif --strict c0472-double-ok.charte > "$tmp/a.sarif"
jq -e '[.runs[0].results[] | .level == "warning" and .ruleId == "C0432" and (.properties == null)
        and .suppressions == [{kind: "inSource", status: "accepted",
          justification: "Relèvement voulu, comité de pilotage du 12/03/2026",
          location: .suppressions[0].location}]
        and (.suppressions[0].location.physicalLocation.region.startLine | IN(13, 18))] | length == 2 and all' "$tmp/a.sarif" > /dev/null \
  || bad "SARIF : avertissements acceptés sans suppression inSource : $(jq -c '.runs[0].results[0].suppressions' "$tmp/a.sarif")"
"$CHARTE" check --format json --strict c0470-avertissement-ok.charte > "$tmp/a.json"; rc=$?
[ $rc = 1 ] && jq -e '.warnings == 4 and .accepted == 2 and .failing == 2
  and ([.diagnostics[] | select(.accepted) | .fails] == [false, false])
  and ([.diagnostics[] | select(.accepted) | .accepted.reason] == ["Relèvement voulu, comité de pilotage du 12/03/2026", "Avenant du 05/01/2024 : seuil aligné sur le marché type"])
  and ([.diagnostics[] | select(.accepted == null) | .fails] == [true, true])' "$tmp/a.json" > /dev/null \
  || bad "JSON --strict : avertissements acceptés mal comptés : $(jq -c '{warnings, accepted, failing}' "$tmp/a.json")"
json_valid check "$tmp/a.json"
"$CHARTE" check --format github c0470-avertissement-ok.charte > "$tmp/a.gh"
[ "$(grep -c '^::notice .*title=C0432::' "$tmp/a.gh") $(grep -c '^::warning .*title=C0432::' "$tmp/a.gh")" = "2 2" ] \
  || bad "github : avertissements acceptés non donnés en ::notice : $(cut -c1-80 "$tmp/a.gh")"
grep -q '^::notice file=c0470-avertissement-ok.charte,line=13,.*%0Anote: c0470-avertissement-ok.charte:14:3: avertissement accepté (article 3 « Objectifs de nettoyage ») : « Relèvement voulu' "$tmp/a.gh" \
  || bad "github : raison de l'acceptation absente"
out=$("$CHARTE" check --strict --lang en c0472-double-ok.charte 2>&1 | tail -1)
[ "$out" = "charte: 1 file checked, no errors, 2 accepted warnings" ] || bad "check --strict --lang en, acceptés : « $out »"
out=$("$CHARTE" check c0470-avertissement-ok.charte 2>&1 | tail -1)
[ "$out" = "charte : 1 fichier vérifié, aucune erreur, 2 avertissements, 2 avertissements acceptés" ] || bad "check, acceptés : « $out »"

# ---- GitHub workflow commands: escaping and groups ------------------------------------------------
"$CHARTE" check --format github c0401-plancher.charte c0203-inutilise.charte > "$tmp/gh" 2>&1
grep -qxF '::group::c0203-inutilise.charte' "$tmp/gh" && grep -qxF '::group::c0401-plancher.charte' "$tmp/gh" \
  && [ "$(grep -c '^::endgroup::$' "$tmp/gh")" = 2 ] || bad "github : groupes par fichier absents : $(head -3 "$tmp/gh")"
grep -q '^::error file=c0401-plancher.charte,line=15,col=17,endLine=15,endColumn=20,title=C0401::l.objectif de 8 %25 ' "$tmp/gh" || bad "github : commande C0401 inattendue : $(grep C0401 "$tmp/gh" | head -1)"
grep -q '%0Anote: <stdlib>/anru.charte:23:3: le plancher' "$tmp/gh" || bad "github : note non jointe par %0A"
grep -q '^::warning file=c0203-inutilise.charte,.*title=C0203::' "$tmp/gh" || bad "github : avertissement C0203 absent"
# A file name with every character GitHub asks to escape in a property.
weird=$'a,b:c%d\re\nf.charte'
cp c0401-plancher.charte "$tmp/$weird"
(cd "$tmp" && "$CHARTE" check --format github "$weird" > "$tmp/gh2" 2>/dev/null)
[ "$(wc -l < "$tmp/gh2")" = 4 ] || bad "github : une commande sur plusieurs lignes : $(cat -A "$tmp/gh2" | head -3)"
grep -qF '::error file=a%2Cb%3Ac%25d%0De%0Af.charte,line=15,' "$tmp/gh2" || bad "github : propriété mal échappée : $(grep -a error "$tmp/gh2" | head -1 | cat -A | head -c 200)"
grep -qF '::group::a,b:c%25d%0De%0Af.charte' "$tmp/gh2" || bad "github : nom du groupe mal échappé"
"$CHARTE" check --format github absente.charte > "$tmp/gh3" 2>/dev/null
grep -qxF '::error file=absente.charte,title=C0006::absente.charte : fichier introuvable' "$tmp/gh3" || bad "github : fichier absent : $(cat "$tmp/gh3")"

# ---- text: a clean check says so; --option=value everywhere ------------------------------------------
out=$("$CHARTE" check "$clean" 2>&1) && [ "$out" = "charte : 1 fichier vérifié, aucune erreur" ] || bad "check propre : « $out »"
out=$("$CHARTE" check --lang=en "$clean" c0203-inutilise.charte 2>&1 | tail -1)
[ "$out" = "charte: 2 files checked, no errors, 2 warnings" ] || bad "check propre --lang=en : « $out »"

# ---- charte test: summary, strict, JUnit, JSON ------------------------------------------------------
cp "$ROOT/examples/amp/amp.charte" "$tmp/amp.charte"
printf 'charte « cassée »\nblah\n' > "$tmp/cassee.charte"
sed 's/^\(  | air_bel   | nettoyage   | \)15 %/\114 %/' "$ROOT/examples/amp/amp.charte" > "$tmp/modifiee.charte"
cd "$tmp"
out=$("$CHARTE" test amp.charte cassee.charte 2>/dev/null); rc=$?
[ $rc = 2 ] && [ "$(tail -1 <<< "$out")" = "$(grep -c '^exemple' amp.charte) passed, 1 failed" ] || bad "test avec une charte cassée : exit $rc, « $(tail -1 <<< "$out") »"
out=$("$CHARTE" test --strict "$ROOT/tests/check/$clean" 2>/dev/null); rc=$?
[ $rc = 1 ] && [ "$(tail -1 <<< "$out")" = "0 passed, 1 failed" ] || bad "test --strict sans exemple : exit $rc, « $out »"
out=$("$CHARTE" test "$ROOT/tests/check/$clean" 2>/dev/null); rc=$?
[ $rc = 0 ] || bad "test sans exemple, sans --strict : exit $rc"
for args in "amp.charte" "modifiee.charte" "amp.charte cassee.charte absente.charte" "--strict $ROOT/tests/check/$clean" "--inconnue amp.charte" "--lang=en modifiee.charte"; do
  "$CHARTE" test $args > /dev/null 2>&1; rc_text=$?
  "$CHARTE" test --format=junit $args > "$tmp/j.xml" 2>/dev/null; rc_junit=$?
  written_by "$tmp/t.json" test --format json $args 2>/dev/null; rc_json=$?
  [ "$rc_text $rc_json $rc_junit" = "$rc_text $rc_text $rc_text" ] || bad "test $args : codes text/json/junit $rc_text $rc_json $rc_junit"
  xmllint --noout --schema "$ROOT/tests/schemas/junit.xsd" "$tmp/j.xml" > "$tmp/xl" 2>&1 || bad "JUnit invalide ($args) : $(head -5 "$tmp/xl")"
  cp "$tmp/t.json" "$tmp/test-$rc_text-$RANDOM.json"
  [ "$(jq .exit_code "$tmp/t.json")" = "$rc_text" ] || bad "test $args : exit_code du JSON"
  # The JUnit and the JSON tell the same counts.
  jt=$(xmllint --xpath 'concat(/testsuites/@tests, " ", /testsuites/@failures + /testsuites/@errors)' "$tmp/j.xml")
  js=$(jq -r '"\(.passed + .failed + (if (.diagnostics | length) > 0 then 1 else 0 end)) \(.failed + (if (.diagnostics | length) > 0 then 1 else 0 end))"' "$tmp/t.json")
  [ "$jt" = "$js" ] || bad "test $args : JUnit ($jt) et JSON ($js) diffèrent"
done
json_valid test "$tmp"/test-*.json
"$CHARTE" test --format junit modifiee.charte cassee.charte absente.charte > j.xml 2>/dev/null
[ "$(xmllint --xpath 'count(//testsuite)' j.xml)" = 3 ] || bad "JUnit : pas une testsuite par charte"
[ "$(xmllint --xpath 'count(//testsuite[@name="modifiee.charte"]/testcase)' j.xml)" = "$(grep -c '^exemple' modifiee.charte)" ] || bad "JUnit : pas un testcase par exemple"
xmllint --xpath 'string(//testcase/failure)' j.xml | grep -q '^modifiee.charte:213:26: NB1 : taux attendu 15 %, obtenu 14 %$' || bad "JUnit : texte de l'échec absent du corps"
[ "$(xmllint --xpath 'string(//testsuite[@name="absente.charte"]//error/@type)' j.xml)" = C0006 ] || bad "JUnit : <error> C0006 absent"
xmllint --xpath 'string(//testsuite[@name="cassee.charte"]//error)' j.xml | grep -q 'C0101' || bad "JUnit : diagnostics de la charte cassée absents"
# A charter in error lists its diagnostics in <error>: an accepted warning as a note with its reason.
mkdir -p "$tmp/acc/lib" && cp "$ROOT/tests/check/lib/base.charte" "$tmp/acc/lib/"
{ cat "$ROOT/tests/check/c0472-double-ok.charte"; echo "  objectif à l'échelle inconnu : travaux 5 %"; } > "$tmp/acc/erreur.charte"
"$CHARTE" test --format junit "$tmp/acc/erreur.charte" > ja.xml 2>/dev/null
body=$(xmllint --xpath 'string(//error)' ja.xml)
grep -q 'note\[C0432\]: .* (avertissement accepté (article 3 « Nettoyage ») : « Relèvement voulu' <<< "$body" \
  && ! grep -q 'warning\[C0432\]' <<< "$body" || bad "JUnit : avertissement accepté non dit comme tel : $(head -c 400 <<< "$body")"
# Two examples with one title get two names.
{ cat amp.charte; echo; sed -n '/^exemple « Nettoyage : 10 %/,/^$/p' amp.charte; } > double.charte
"$CHARTE" test --format junit double.charte > d.xml 2>/dev/null
names=$(xmllint --xpath '//testcase/@name' d.xml | tr ' ' '\n' | grep -c 'name=')
unique=$(xmllint --xpath '//testcase/@name' d.xml | sed 's/ name=/\n/g' | sort -u | grep -c .)
[ "$names" -gt 1 ] && [ "$names" = "$unique" ] || bad "JUnit : noms d'exemples en double ($names noms, $unique distincts)"
"$CHARTE" test --format json modifiee.charte > t.json 2>/dev/null
jq -e '.charters[0].examples[] | select(.passed == false) | .failures[0] == {line: 213, column: 26, message: "NB1 : taux attendu 15 %, obtenu 14 %"}' t.json > /dev/null || bad "JSON de test : échec inattendu"

# ---- eval: its JSON against its schema ------------------------------------------------------------
written_by e.json eval "$ROOT/examples/amp/amp.charte" --donnees "$ROOT/examples/amp/donnees" --au 2025-12-31 --format json
written_by e2.json eval "$ROOT/examples/amp/amp.charte" --donnees="$ROOT/examples/amp/donnees" --au=2025-12-31 --format=json --lang=en
# A run that failed writes a document that says so, with the same exit code as in text.
"$CHARTE" eval "$ROOT/examples/amp/amp.charte" --donnees "$tmp/nulle-part" --au 2025-12-31 > /dev/null 2>&1; rc_text=$?
written_by f1.json eval "$ROOT/examples/amp/amp.charte" --donnees "$tmp/nulle-part" --au 2025-12-31 --format json 2>/dev/null; rc=$?
[ $rc = 2 ] && [ $rc_text = 2 ] && jq -e '.ok == false and .exit_code == 2 and (.diagnostics[0].message | test("introuvable"))' f1.json > /dev/null || bad "eval JSON, dossier absent : exit $rc, $(head -c 300 f1.json)"
written_by f2.json eval "$ROOT/tests/check/c0401-plancher.charte" --donnees "$ROOT/examples/amp/donnees" --format=json 2>/dev/null; rc=$?
[ $rc = 1 ] && jq -e '.exit_code == 1 and .diagnostics[0].code == "C0401"' f2.json > /dev/null || bad "eval JSON, charte en erreur : exit $rc"
written_by f3.json eval --format json --inconnue 2>/dev/null; rc=$?
[ $rc = 2 ] && jq -e '.diagnostics[0].code == "C0007"' f3.json > /dev/null || bad "eval JSON, erreur d'usage : exit $rc"
written_by f4.json eval absente.charte --donnees "$ROOT/examples/amp/donnees" --format json 2>/dev/null
jq -e '.diagnostics[0].code == "C0006"' f4.json > /dev/null || bad "eval JSON, charte absente"
# A period's figures (--depuis): contracts, aggregates, hires, and (the mutualisation case) pools.
written_by e3.json eval "$ROOT/examples/amp/amp.charte" --donnees "$ROOT/examples/amp/donnees" --au 2025-12-31 --depuis 2025-01-01 --format json
written_by e4.json eval "$ROOT/tests/eval/mutualisation/charte.charte" --donnees "$ROOT/tests/eval/mutualisation" --au 2025-12-31 --since 2025-01-01 --format json 2>/dev/null
jq -e '.depuis == "2025-01-01" and (.mutualisations[0] | has("heures_realisees_periode"))' e4.json > /dev/null || bad "eval JSON --since : pas de chiffres de la période"
json_valid eval e.json e2.json e3.json e4.json f1.json f2.json f3.json f4.json
exit $fail
