#!/usr/bin/env bash
# tests/cli/literate.sh: literate charters (.charte.md): examples/amp/amp.charte.md means what amp.charte means, diagnostics of every command (check and its JSON, eval, test and its failed examples, render, fmt) point into the Markdown, fmt lays out only the charte blocks, fences read as CommonMark reads them.
set -u
: "${CHARTE:?}" "${ROOT:?}"
cd "$ROOT"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
bad() { printf 'ÉCHEC %s\n' "$1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | head -20; failures=$((failures + 1)); }
AMP=examples/amp/amp.charte
LIT=examples/amp/amp.charte.md

# 1. Same meaning: check clean, the same examples pass, the same evaluation to the byte but for
#    the charter's version (the Markdown's prose is part of the signed text: another version).
"$CHARTE" check "$LIT" >/dev/null 2>"$tmp/err" || bad "check $LIT" "$(cat "$tmp/err")"
grep -q 'warning\|error' "$tmp/err" && bad "check $LIT : diagnostics" "$(cat "$tmp/err")"
a=$("$CHARTE" test "$AMP" | tail -1); b=$("$CHARTE" test "$LIT" | tail -1)
[ "$a" == "$b" ] && [[ "$a" == *" passed, 0 failed" ]] || bad "charte test : $AMP « $a », $LIT « $b »"
for au in 2022-12-31 2025-12-31; do
  for fmt in json text; do
    "$CHARTE" eval "$AMP" --donnees examples/amp/donnees --au $au --format $fmt > "$tmp/a" 2>&1
    "$CHARTE" eval "$LIT" --donnees examples/amp/donnees --au $au --format $fmt > "$tmp/b" 2>&1
    va=$(grep -c '"empreinte_charte": \|^Version de la charte ' "$tmp/a"); vb=$(grep -c '"empreinte_charte": \|^Version de la charte ' "$tmp/b")
    [ "$va" = 1 ] && [ "$vb" = 1 ] && ! cmp -s "$tmp/a" "$tmp/b" || bad "eval $fmt au $au : une version de la charte par rapport, deux versions attendues"
    sed -i '/"empreinte_charte": \|^Version de la charte /d' "$tmp/a" "$tmp/b"
    cmp -s "$tmp/a" "$tmp/b" || bad "eval $fmt au $au : $AMP et $LIT diffèrent" "$(diff "$tmp/a" "$tmp/b")"
  done
done
# The rules of the Markdown are those of amp.charte line for line, in the same order.
strip() { grep -v '^ *--' | grep -v '^ *$'; }
diff <(strip < "$AMP") <(awk '/^```charte *$/ { on = 1; next } /^```/ { on = 0 } on' "$LIT" | strip) > "$tmp/d" \
  || bad "les blocs de $LIT ne sont pas les règles de $AMP" "$(cat "$tmp/d")"

# 2. A diagnostic points at the Markdown file's own line and column.
sed 's/^  | nettoyage     | 10 %            | 40 000 €  |/  | nettoyage     | 8 %             | 40 000 €  |/' "$LIT" > "$tmp/faux.charte.md"
line=$(grep -n '^  | nettoyage     | 8 %' "$tmp/faux.charte.md" | cut -d: -f1)
out=$("$CHARTE" check "$tmp/faux.charte.md" 2>&1); rc=$?
[ "$rc" = 1 ] || bad "check d'une charte littéraire fausse : exit $rc"
grep -q "^$tmp/faux.charte.md:$line:21: error\[C0401\]" <<<"$out" || bad "C0401 attendu en $line:21" "$out"
grep -q "^ *$line | *| nettoyage     | 8 %" <<<"$out" || bad "l'extrait ne montre pas la ligne du Markdown" "$out"

# Every command that reads a charter points into the Markdown: eval, test and render refuse the
# charter with the same diagnostic at the same line (exit codes as for a .charte), check's JSON
# names the file, line and column; a failed example of charte test is at its line of the Markdown.
for cmd in eval render test; do
  case $cmd in eval) args=(--donnees examples/amp/donnees --au 2025-12-31) ;; *) args=() ;; esac
  out=$("$CHARTE" $cmd "$tmp/faux.charte.md" "${args[@]}" 2>&1 >/dev/null); rc=$?
  [ "$rc" != 0 ] && grep -q "^$tmp/faux.charte.md:$line:21: error\[C0401\]" <<<"$out" \
    || bad "charte $cmd : C0401 attendu en $line:21 (exit $rc)" "$out"
done
# fmt refuses a block it cannot read, and says where in the Markdown.
printf '# Titre\n\nTexte.\n\n```charte\ncharte « x »\narticle 1 « a »\n  objectif : :\n```\n' > "$tmp/illisible.charte.md"
out=$("$CHARTE" fmt "$tmp/illisible.charte.md" 2>&1); rc=$?
[ "$rc" = 2 ] && grep -q "^$tmp/illisible.charte.md:8:12: error\[C0101\]" <<<"$out" || bad "fmt : C0101 attendu en 8:12 (exit $rc)" "$out"
"$CHARTE" check --format json "$tmp/faux.charte.md" > "$tmp/faux.json" 2>/dev/null
node -e '
  const d = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).diagnostics.find((x) => x.code === "C0401");
  if (!d || !d.file.endsWith("faux.charte.md") || d.line !== Number(process.argv[2]) || d.column !== 21) { console.log(JSON.stringify(d)); process.exit(1); }' \
  "$tmp/faux.json" "$line" || bad "check --format json : C0401 attendu en $line:21 dans le Markdown"
xline=$(grep -n '^  attendu N1 : atteint' "$LIT" | cut -d: -f1)
sed "${xline}s/attendu N1 : atteint/attendu N1 : non_atteint/" "$LIT" > "$tmp/echec.charte.md"
out=$("$CHARTE" test "$tmp/echec.charte.md" 2>&1); rc=$?
[ "$rc" = 1 ] && grep -q "^$tmp/echec.charte.md:$xline:[0-9]*: échec" <<<"$out" \
  || bad "charte test : l'exemple en échec attendu en ligne $xline du Markdown (exit $rc)" "$out"

# 3. fmt: the example is in form; a block out of form is put back, the prose left as it was,
#    even prose that looks like a charter table.
"$CHARTE" fmt --check "$LIT" || bad "fmt --check $LIT"
sed -e 's/^  | nettoyage     | 10 %            | 40 000 €  |/  |nettoyage|10%|40000 €|/' \
    -e 's/^  bilan semestriel/  bilan    semestriel/' -e 's/^## Le pilotage$/## Le pilotage\n\n  |nettoyage|10%|  texte, pas règle/' "$LIT" > "$tmp/m.charte.md"
"$CHARTE" fmt --check "$tmp/m.charte.md" >/dev/null 2>&1 && bad "fmt --check ne voit pas un bloc hors forme"
"$CHARTE" fmt -w "$tmp/m.charte.md" || bad "fmt -w : exit $?"
sed 's/^## Le pilotage$/## Le pilotage\n\n  |nettoyage|10%|  texte, pas règle/' "$LIT" > "$tmp/want.charte.md"
cmp -s "$tmp/m.charte.md" "$tmp/want.charte.md" || bad "fmt a touché la prose ou mal remis le bloc" "$(diff "$tmp/want.charte.md" "$tmp/m.charte.md")"

# 4. Fences as CommonMark reads them: ~~~charte, a longer fence, an info string after the
#    word, a charte fence inside a text block (not a block), a block left open to the end.
cat > "$tmp/f.charte.md" <<'MD'
# Essai

```text
```charte
ceci n'est pas lu
```

~~~ charte
charte « Clôtures »
  territoire « Bourg »
~~~

````charte {.principal}
utilise anru
```
-- encore la règle : trois accents ne ferment pas quatre
````

```charte
article 1 « Bourg »
  périmètre bourg : intercommunal « Bourg » dans national
  comité de pilotage « Comité » à l'échelle bourg
  structure pilote « Maison de l'emploi »
  bilan annuel
  famille nettoyage : gestion, part de main-d'œuvre 80 %, coût horaire 25 €/h
  famille travaux : investissement, part de main-d'œuvre 35 %, coût horaire 40 €/h
  objectif à l'échelle bourg : nettoyage 10 %, seuil 40 000 €
  objectif à l'échelle bourg : travaux 5 %, seuil 100 000 €
MD
out=$("$CHARTE" check "$tmp/f.charte.md" 2>&1); rc=$?
# The only errors: line 15, three backticks inside the four-backtick block, read as rules.
[ "$rc" = 1 ] && [ -z "$(grep 'error\[' <<<"$out" | grep -v 'f.charte.md:15:[123]: error\[C0003\]')" ] \
  && grep -q "f.charte.md:15:1: error\[C0003\]" <<<"$out" || bad "clôtures : erreurs attendues en 15:1 à 15:3 seulement" "$out"
sed -i '15d' "$tmp/f.charte.md"
"$CHARTE" check "$tmp/f.charte.md" >/dev/null 2>&1 || bad "clôtures : la charte corrigée ne passe pas" "$("$CHARTE" check "$tmp/f.charte.md" 2>&1)"

# 5. A Markdown document without a charte block: C0900 at its first line, not a syntax error
#    on a page of blanks; the same in English.
printf '# Charte de Bourg\n\n```text\ncharte « x »\n```\n' > "$tmp/vide.charte.md"
out=$("$CHARTE" check "$tmp/vide.charte.md" 2>&1); rc=$?
[ "$rc" = 1 ] && grep -q "vide.charte.md:1:1: error\[C0900\]: aucun bloc \`\`\`charte" <<<"$out" && ! grep -q C0101 <<<"$out" \
  || bad "C0900 attendu en 1:1" "$out"
"$CHARTE" check --lang en "$tmp/vide.charte.md" 2>&1 | grep -q "error\[C0900\]: no \`\`\`charte block" || bad "C0900 en anglais"
"$CHARTE" render "$tmp/vide.charte.md" >/dev/null 2>&1; [ $? = 1 ] || bad "render d'un document sans bloc : exit 1 attendu"
# A literate charter saved with the classic Mac line ends (a lone CR): no block can be found in
# one long line, so C0011 says why, at 1:1, rather than C0900.
tr '\n' '\r' < "$ROOT/examples/amp/amp.charte.md" > "$tmp/mac.charte.md"
out=$("$CHARTE" check "$tmp/mac.charte.md" 2>&1); rc=$?
[ "$rc" = 1 ] && grep -q "mac.charte.md:1:1: error\[C0011\]: fin de ligne en retour chariot seul" <<<"$out" && ! grep -q C0900 <<<"$out" \
  || bad "charte littéraire en CR seul : C0011 attendu en 1:1" "$out"

[ "$failures" -eq 0 ]
