#!/usr/bin/env bash
# tests/cli/render.sh: charte render: a golden per construct (md and html, fr and en), the AMP and Belvance renderings committed under examples/*/rendu/ kept current, self-contained HTML whose links all land, the consolidated targets against eval, escaping, errors and -o.
#   UPDATE=1 rewrites the goldens and the committed renderings (read the diff before committing).
#   Under the sanitizer build (*/san/charte) the script runs the same checks on fewer repeats of
#   one shape: each golden in md and html in one language (fr and en alternating across the
#   files, so every construct is rendered by both writers and both languages are taken), compared
#   with that part of the golden; and the consolidated tables section 4 reads for each contract's
#   date (~100 renders of one command, `render CHARTER --au DATE`, which section 2 already runs
#   under ASan for both charters) come from the normal build beside it, while eval's answers they
#   are compared with stay the sanitizer build's. Every construct, format, language, option and
#   error is still taken under ASan/UBSan; other dates of one shape take no new path.
set -u
: "${CHARTE:?}" "${ROOT:?}"
cd "$ROOT"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
bad() { printf 'ÉCHEC %s\n' "$1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | head -20; failures=$((failures + 1)); }
. "$ROOT/tests/cli/lib/builds.sh"
SAN=; charte_in_san_pass && SAN=1
TABLES=$(charte_normal) || exit 1   # the normal build, as oracle

# 1. Goldens: tests/render/NAME.charte (or .charte.md), and the national charter, in the four
#    renderings; NAME.au gives --au. The stylesheet is left out: it is the report's, checked
#    whole in examples/amp/rendu/*.html below.
langs="fr en"; turn=0
all_four() {
  local f=$1 au=() fmt lang
  [ -f "${f%%.charte*}.au" ] && au=(--au "$(cat "${f%%.charte*}.au")")
  for fmt in md html; do
    for lang in $langs; do
      printf '==== %s %s\n' "$fmt" "$lang"
      "$CHARTE" render "$f" "${au[@]}" --format "$fmt" --lang "$lang" 2>/dev/null | sed '/^<style>$/,/^<\/style>$/c\<style>…</style>'
      printf 'exit %s\n' "${PIPESTATUS[0]}"
    done
  done
}
for f in tests/render/*.charte tests/render/*.charte.md stdlib/anru.charte; do
  [ -f "$f" ] || continue
  base=$(basename "$f"); want=tests/render/${base%%.charte*}.attendu
  if [ -n "$SAN" ] && [ -z "${UPDATE:-}" ]; then   # one language per file, alternating
    langs=fr; [ $((turn % 2)) = 1 ] && langs=en; turn=$((turn + 1))
    awk -v l="$langs" '/^==== / { on = ($3 == l) } on' "$want" > "$tmp/want"; want_cut=$tmp/want
  else
    want_cut=$want
  fi
  all_four "$f" > "$tmp/got"
  if [ -n "${UPDATE:-}" ]; then cp "$tmp/got" "$want"; continue; fi
  cmp -s "$tmp/got" "$want_cut" || bad "golden $want" "$(diff "$want_cut" "$tmp/got")"
  grep -q '^exit [^0]' "$tmp/got" && bad "render $f : code de sortie non nul" "$(grep '^exit' "$tmp/got")"
  # An article is named once where it is said: no table cell, list item or sentence links it twice
  # (two rules of one article in conflict are "two rules of article 4, lines 25 and 26").
  twice=$(perl -ne 'for my $part (split m{</td>|</li>|\s\|\s}) { my %n;
             for ($part =~ /(?:href="|\]\()#([^")]+)/g) { print "$_: $part\n" if $n{$_}++ == 1 } }' "$tmp/got")
  [ -z "$twice" ] || bad "render $f : un article lié deux fois au même endroit" "$twice"
done

# 2. The renderings committed under examples/amp/rendu/ and examples/belvance/rendu/ are those
#    of the current program.
renderings() {   # example folder, file name, then the arguments of charte render
  local dir=examples/$1/rendu name=$2; shift 2
  local got=$tmp/rendu-$name
  "$CHARTE" render "$@" -o "$got" 2>"$tmp/err" || { bad "render $*: exit $?" "$(cat "$tmp/err")"; return; }
  if [ -n "${UPDATE:-}" ]; then mkdir -p "$dir"; cp "$got" "$dir/$name"; return; fi
  cmp -s "$got" "$dir/$name" \
    || bad "$dir/$name n'est plus à jour (UPDATE=1 tests/run.sh)" "$(diff "$dir/$name" "$got")"
}
renderings amp amp.md examples/amp/amp.charte --format md
renderings amp amp.en.md examples/amp/amp.charte --format md --lang en
renderings amp amp.html examples/amp/amp.charte --format html
renderings amp amp.en.html examples/amp/amp.charte --format html --lang en
renderings amp amp-au-2024-07-01.md examples/amp/amp.charte --format md --au 2024-07-01
renderings amp amp-au-2024-07-01.html examples/amp/amp.charte --format html --au 2024-07-01
renderings amp amp-litteraire.md examples/amp/amp.charte.md --format md
renderings amp amp-litteraire.html examples/amp/amp.charte.md --format html
# Belvance: pooled targets, hires targets, a local public; at 01/07/2024 its amendment 1 is in force.
renderings belvance belvance.md examples/belvance/belvance.charte --format md
renderings belvance belvance.en.md examples/belvance/belvance.charte --format md --lang en
renderings belvance belvance.html examples/belvance/belvance.charte --format html
renderings belvance belvance.en.html examples/belvance/belvance.charte --format html --lang en
renderings belvance belvance-au-2024-07-01.md examples/belvance/belvance.charte --format md --au 2024-07-01
renderings belvance belvance-au-2024-07-01.html examples/belvance/belvance.charte --format html --au 2024-07-01
# Nothing committed there that the program no longer writes.
if [ -z "${UPDATE:-}" ]; then
  for f in examples/amp/rendu/* examples/belvance/rendu/*; do
    [ -f "$tmp/rendu-$(basename "$f")" ] || bad "$f : plus produit par ce test (à supprimer ?)"
  done
fi

# Belvance says, in sentences, what it pools, its hires targets and its local public.
bel=$tmp/belvance-espaces.md
sed 's/\xc2\xa0/ /g' "$tmp/rendu-belvance.md" > "$bel"   # no-break spaces read as spaces
for phrase in "Objectif mutualisé : il s'apprécie une fois" "Objectif mutualisé par maître d'ouvrage" \
  "au moins 20 % des embauches liées au fonctionnement des équipements vont à des personnes éligibles" \
  "**Est aussi éligible** un participant relevant du public « Jeunes sans qualification »" \
  "nombre de participants relevant du public « Jeunes sans qualification »"; do
  grep -qF -- "$phrase" "$bel" || bad "belvance.md : « $phrase » absent"
done
# 3. Every HTML page: self-contained (no script, no URL to load), in its language, with a
#    table of contents, its style the report's own stylesheet, every internal link landing.
report=$tmp/report.html
"$CHARTE" eval examples/amp/amp.charte --donnees examples/amp/donnees --au 2025-12-31 --format html > "$report"
style() { sed -n '/^<style>$/,/^<\/style>$/p' "$1"; }
for page in examples/amp/rendu/*.html examples/belvance/rendu/*.html; do
  grep -qi '<script' "$page" && bad "$page : <script>"
  grep -qiE '(src|href)="(https?:)?//' "$page" && bad "$page : ressource externe"
  grep -qiE '@import|url\(' "$page" && bad "$page : feuille de style externe"
  case $page in *.en.html) lang=en ;; *) lang=fr ;; esac
  grep -q "<html lang=\"$lang\">" "$page" || bad "$page : lang=\"$lang\" absent"
  grep -q '<nav aria-label=' "$page" || bad "$page : pas de sommaire"
  [ "$(style "$page")" == "$(style "$report")" ] || bad "$page : la feuille de style n'est pas celle du rapport"
  # Every link's target, each once, looked for in one perl run per page (not a grep per link).
  for target in $(perl -0777 -ne 'my %seen; for my $t (sort grep { !$seen{$_}++ } /href="#([^"\n]*)"/g) {
                    print "$t\n" if index($_, "id=\"$t\"") < 0 }' "$page"); do
    bad "$page : le lien #$target ne mène nulle part"
  done
done

# 4. The consolidated text says what eval computes: for contracts of the example data, the
#    rate and the article in the consolidated table at the contract's notification date (the
#    row of its scope, or of the nearest scope above it in article 1) are eval's own. A family's
#    cell is « Nom (`id`) » when the charter names it (both examples do), `id` otherwise.
"$CHARTE" eval examples/amp/amp.charte --donnees examples/amp/donnees --au 2025-12-31 --format json > "$tmp/eval.json"
"$CHARTE" render examples/amp/amp.charte > "$tmp/plain.md"
cat > "$tmp/agree.js" <<'JS'
const fs = require("fs"), { execFileSync } = require("child_process");
const [charte, evalJson, plainMd] = process.argv.slice(2);
const parent = {}, stack = [];
for (const line of fs.readFileSync(plainMd, "utf8").split("\n")) {
  const m = /^( *)- \*\*.*?\*\* \(`([^`]+)`\), /.exec(line);
  if (!m) continue;
  const depth = m[1].length / 2;
  stack[depth] = m[2];
  parent[m[2]] = depth > 0 ? stack[depth - 1] : null;
}
const tables = {};
function table(date) {
  if (tables[date]) return tables[date];
  const md = execFileSync(charte, ["render", "examples/amp/amp.charte", "--au", date], { encoding: "utf8" });
  const rows = {};
  for (const line of md.split("\n")) {
    const m = /^\| (?:[^|`]+ \()?`([^`]+)`\)? \| .*? \(`([^`]+)`\) \| ([0-9,]+)\u00a0% des heures \| \[([^\]]+)\]/.exec(line);
    if (m) rows[m[1] + "/" + m[2]] = { taux: Number(m[3].replace(",", ".")), article: m[4] };
  }
  return (tables[date] = rows);
}
const contracts = JSON.parse(fs.readFileSync(evalJson, "utf8")).marches.filter(c => c.taux !== null);
let checked = 0;
for (const c of contracts.slice(0, 60)) {
  const rows = table(c.date_notification);
  let s = c.perimetre, row;
  while (s && !(row = rows[c.famille + "/" + s])) s = parent[s];
  if (!row) { console.log(`${c.marche}: aucune ligne pour ${c.famille} au-dessus de ${c.perimetre}`); process.exit(1); }
  if (row.taux !== c.taux || !c.articles.some(a => a.startsWith(row.article + " ")))
    { console.log(`${c.marche} (${c.famille}, ${c.perimetre}, ${c.date_notification}): eval ${c.taux} % ${c.articles}, texte consolidé ${row.taux} % ${row.article}`); process.exit(1); }
  checked++;
}
if (checked < 40 || Object.keys(parent).length < 6) { console.log(`trop peu de cas : ${checked} marchés, ${Object.keys(parent).length} périmètres`); process.exit(1); }
JS
out=$(node "$tmp/agree.js" "$TABLES" "$tmp/eval.json" "$tmp/plain.md" 2>&1) || bad "texte consolidé ≠ eval" "$out"

# 4b. The same for Belvance, with where each target is assessed: a contract subject to a target
#    is a member of a pool (eval's statut mutualise) exactly when its row says « mutualisé… », and
#    the hires targets at the evaluation date are eval's, rate and article.
"$CHARTE" eval examples/belvance/belvance.charte --donnees examples/belvance/donnees --au 2025-12-31 --format json > "$tmp/bel.json" 2>/dev/null
cat > "$tmp/bel.js" <<'JS'
const fs = require("fs"), { execFileSync } = require("child_process");
const [charte, evalJson] = process.argv.slice(2);
const render = (date) => execFileSync(charte, ["render", "examples/belvance/belvance.charte", "--au", date], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
const parent = {}, stack = [];
for (const line of render("2025-12-31").split("\n")) {
  const m = /^( *)- \*\*.*?\*\* \(`([^`]+)`\), /.exec(line);
  if (!m) continue;
  const depth = m[1].length / 2;
  stack[depth] = m[2];
  parent[m[2]] = depth > 0 ? stack[depth - 1] : null;
}
const num = (s) => Number(s.replace(",", "."));
const tables = {};
function table(date) {
  if (tables[date]) return tables[date];
  const rows = {}, hires = {};
  for (const line of render(date).split("\n")) {
    let m = /^\| (?:[^|`]+ \()?`([^`]+)`\)? \| .*? \(`([^`]+)`\) \| ([0-9,]+)\u00a0% des heures \| \[([^\]]+)\].*\| (par marché|mutualisé[^|]*) \| \[([^\]]+)\]\([^)]*\) \|$/.exec(line);
    if (m) rows[m[1] + "/" + m[2]] = { taux: num(m[3]), article: m[4], appreciation: m[5].trim() };
    m = /^\| (?:[^|`]+ \()?`([^`]+)`\)? \| .*? \(`([^`]+)`\) \| ([0-9,]+)\u00a0% des embauches \| \[([^\]]+)\]/.exec(line);
    if (m) hires[m[1] + "/" + m[2]] = { taux: num(m[3]), article: m[4] };
  }
  return (tables[date] = { rows, hires });
}
const report = JSON.parse(fs.readFileSync(evalJson, "utf8"));
let checked = 0, pooled = 0;
for (const c of report.marches.filter((c) => ["atteint", "non_atteint", "mutualise"].includes(c.statut))) {
  const { rows } = table(c.date_notification);
  let s = c.perimetre, row;
  while (s && !(row = rows[c.famille + "/" + s])) s = parent[s];
  const says = row && row.appreciation.startsWith("mutualisé");
  if (!row || row.taux !== c.taux || says !== (c.statut === "mutualise") || !c.articles.some((a) => a.startsWith(row.article + " ")))
    { console.log(`${c.marche} (${c.famille}, ${c.perimetre}, ${c.date_notification}, ${c.statut} ${c.taux} % ${c.articles}): texte consolidé ${JSON.stringify(row)}`); process.exit(1); }
  checked++; pooled += says;
}
const { hires } = table(report.au);
for (const h of report.embauches.objectifs) {
  const row = hires[h.nature + "/" + h.perimetre];
  if (!row || row.taux !== h.taux || !h.articles.some((a) => a.startsWith(row.article + " ")))
    { console.log(`embauches ${h.nature}/${h.perimetre} : eval ${h.taux} % ${h.articles}, texte consolidé ${JSON.stringify(row)}`); process.exit(1); }
  checked++;
}
if (checked < 40 || pooled < 10 || report.embauches.objectifs.length < 2) { console.log(`trop peu de cas : ${checked}, dont ${pooled} mutualisés`); process.exit(1); }
JS
out=$(node "$tmp/bel.js" "$TABLES" "$tmp/bel.json" 2>&1) || bad "texte consolidé de Belvance ≠ eval" "$out"

# 5. Text of the charter is text: markup escaped in HTML, Markdown's characters in Markdown.
sed 's/^charte « Charte locale/charte « <script>x<\/script> \& *Charte* [l](#z) | _locale_/' examples/amp/amp.charte > "$tmp/hostile.charte"
"$CHARTE" render "$tmp/hostile.charte" --format html > "$tmp/hostile.html" 2>/dev/null || bad "hostile html : exit $?"
grep -q '&lt;script&gt;x&lt;/script&gt; &amp; \*Charte\* \[l\](#z) | _locale_' "$tmp/hostile.html" || bad "html : titre non échappé" "$(grep -m1 '<h1>' "$tmp/hostile.html")"
grep -qi '<script' "$tmp/hostile.html" && bad "html : balise venue de la charte"
"$CHARTE" render "$tmp/hostile.charte" > "$tmp/hostile.md" 2>/dev/null || bad "hostile md : exit $?"
grep -qF '# \<script\>x\</script\> & \*Charte\* \[l\](#z) \| \_locale\_' "$tmp/hostile.md" || bad "md : titre non échappé" "$(head -1 "$tmp/hostile.md")"

# 6. Errors: exit 2 for usage and unreadable files, 1 for a charter with errors; nothing written.
expect() {   # code, message pattern, arguments…
  local code=$1 pattern=$2; shift 2
  out=$("$CHARTE" render "$@" 2>&1 >/dev/null); rc=$?
  [ "$rc" = "$code" ] || bad "render $*: exit $rc, attendu $code" "$out"
  grep -q -- "$pattern" <<<"$out" || bad "render $*: message attendu « $pattern »" "$out"
}
expect 2 "quelle charte" --format md
expect 2 "fichier introuvable" "$tmp/absente.charte"
expect 2 "--au attend une date" examples/amp/amp.charte --au 2024-13-45
expect 2 "--format attend md ou html" examples/amp/amp.charte --format pdf
expect 2 "option inconnue" examples/amp/amp.charte --donnees x
expect 2 "une seule charte" examples/amp/amp.charte examples/amp/amp.charte.md
printf 'charte « x »\narticle 1 « a »\n  périmètre : ???\n' > "$tmp/casse.charte"
expect 1 "error\[" "$tmp/casse.charte"
cp examples/amp/amp.charte "$tmp/garde.charte"
expect 2 "" "$tmp/garde.charte" -o "$tmp/garde.charte"
cmp -s "$tmp/garde.charte" examples/amp/amp.charte || bad "-o sur la charte l'a modifiée"
"$CHARTE" render "$tmp/casse.charte" -o "$tmp/jamais.md" 2>/dev/null
[ -e "$tmp/jamais.md" ] && bad "une charte en erreur a laissé un fichier -o"
"$CHARTE" render examples/amp/amp.charte -o "$tmp/o.md" && "$CHARTE" render examples/amp/amp.charte | cmp -s - "$tmp/o.md" \
  || bad "-o et la sortie standard diffèrent"
# The charter's period bounds the consolidated text (tests/render/hors-periode.charte, whose golden
# is the day before): its first and last days have the table, the day after its end none.
periode() {   # date, language, what the consolidated section must say
  "$CHARTE" render tests/render/hors-periode.charte --au "$1" --lang "$2" 2>&1 | sed -n '/id="consolide"/,/id="article-1"/p' > "$tmp/periode"
  grep -qF -- "$3" "$tmp/periode" || bad "render --au $1 --lang $2 : « $3 » attendu" "$(cat "$tmp/periode")"
}
periode 01/01/2022 fr '| `nettoyage` | Ville d'"'"'essai (`ville`)'
periode 31/12/2030 fr '| `nettoyage` | Ville d'"'"'essai (`ville`)'
periode 01/01/2031 fr "Aucun : la charte s'applique aux marchés notifiés jusqu'au 31/12/2030 ; un marché notifié le 01/01/2031 n'y est pas soumis."
periode 2031-01-01 en "None: the charter applies to contracts notified up to 2030-12-31; a contract notified on 2031-01-01 is not subject to it."
periode 2022-01-01 en '| `nettoyage` | Ville d'"'"'essai (`ville`)'
# A secrecy threshold of 1 is said in the singular, in the reports' words (report_fewer_than_persons).
for lang in fr en; do
  want="une case de moins d'une personne n'est pas publiée"; [ $lang = en ] && want="a cell of fewer than one person is not published"
  "$CHARTE" render tests/eval/conditions/charte.charte --lang $lang | grep -qF -- "$want" || bad "render secret 1 --lang $lang : « $want » attendu"
done
for alias in rendu rendre; do
  "$CHARTE" "$alias" examples/amp/amp.charte | cmp -s - "$tmp/o.md" || bad "charte $alias ≠ charte render"
done

# 7. The output pasted in docs/rendu.md (and its English twin) is the program's: each
#    ```markdown block is a piece of a committed rendering.
for doc in docs/rendu.md docs/en/rendu.md; do
  n=0
  while IFS= read -r -d '' block; do
    n=$((n + 1))
    found=0
    for f in examples/amp/rendu/*.md examples/belvance/rendu/*.md; do
      grep -qF -- "$(head -1 <<<"$block")" "$f" && [[ "$(cat "$f")" == *"$block"* ]] && found=1
    done
    [ $found = 1 ] || bad "$doc : le bloc markdown n° $n n'est pas une sortie de charte render" "$block"
  done < <(awk '/^```markdown$/ { on = 1; b = ""; next } /^```$/ && on { on = 0; printf "%s%c", b, 0; next } on { b = b (b == "" ? "" : "\n") $0 }' "$doc")
  [ $n -ge 2 ] || bad "$doc : blocs de sortie attendus (trouvés : $n)"
done

[ "$failures" -eq 0 ]
