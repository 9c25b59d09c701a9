#!/usr/bin/env bash
# tests/cli/eval-html.sh: the HTML report byte for byte (tests/cli/eval-html/attendu.*.html), the same bytes twice, self-contained, and data escaped.
#   UPDATE=1 rewrites the expected files (read the diff before committing).
set -u
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$ROOT"
AMP=examples/amp/amp.charte
fail=0
for lang in fr en; do
  out=$tmp/rapport.$lang.html
  "$CHARTE" eval $AMP --donnees examples/amp/donnees --au 2025-12-31 --format html --lang $lang > "$out" || { echo "html $lang : exit $?"; fail=1; continue; }
  expected=tests/cli/eval-html/attendu.$lang.html
  if [ -n "${UPDATE:-}" ]; then cp "$out" "$expected"; continue; fi
  cmp -s "$out" "$expected" || { echo "html $lang : différent de $expected"; diff "$expected" "$out" | head -20; fail=1; }
  "$CHARTE" eval $AMP --donnees examples/amp/donnees --au 2025-12-31 --format html --lang $lang | cmp -s - "$out" \
    || { echo "html $lang : deux runs, deux sorties"; fail=1; }
  # Self-contained: no script, no external resource; the only URL is the SVG namespace.
  grep -qi '<script' "$out" && { echo "html $lang : <script>"; fail=1; }
  [ "$(grep -o 'https\?://[^"]*' "$out" | sort -u)" = "http://www.w3.org/2000/svg" ] \
    || { echo "html $lang : URL externe : $(grep -o 'https\?://[^"]*' "$out" | sort -u | grep -v w3.org | head -3)"; fail=1; }
  grep -q "<html lang=\"$lang\">" "$out" || { echo "html $lang : attribut lang"; fail=1; }
done
# The charter's version: SHA-256 of each module's text followed by its length (8 bytes, little
# endian), in load order (the national charter, then the main one), computed here by perl and
# sha256sum (tests/cli/empreinte.sh checks what it leaves out).
digest=$(perl -e 'for (@ARGV) { open my $f, "<", $_ or die; local $/; my $t = <$f>; print $t, pack("Q<", length $t) }' \
           stdlib/anru.charte "$AMP" | sha256sum | cut -c1-64)
grep -q "version de la charte <span title=\"SHA-256 $digest\">${digest:0:12}</span>" "$tmp/rapport.fr.html" \
  || { echo "html fr : version de la charte ${digest:0:12} absente"; fail=1; }
# One more comment in the same file is another version.
cp "$AMP" "$tmp/v.charte"
version() { (cd "$tmp" && "$CHARTE" eval v.charte --donnees "$ROOT/examples/amp/donnees" --au 2025-12-31 --format html \
             | grep -o 'SHA-256 [0-9a-f]*'); }
v1=$(version); printf -- '-- une ligne de commentaire de plus\n' >> "$tmp/v.charte"; v2=$(version)
[ -n "$v1" ] && [ -n "$v2" ] && [ "$v1" != "$v2" ] || { echo "html : version inchangée après une modification ($v1, $v2)"; fail=1; }
nn=$(printf '\xe2\x80\xaf')   # narrow no-break space
grep -q "7${nn}572,4${nn}h" "$tmp/rapport.fr.html" || { echo "html fr : chiffres pas à la française (7 572,4 h)"; fail=1; }
grep -q "94,5${nn}%" "$tmp/rapport.fr.html" || { echo "html fr : pourcentage pas à la française (94,5 %)"; fail=1; }
grep -q "7,572.4${nn}h" "$tmp/rapport.en.html" || { echo "html en : figures not as English writes them (7,572.4 h)"; fail=1; }
grep -q "7572\.4" "$tmp/rapport.en.html" && { echo "html en : 7572.4 without its thousands comma"; fail=1; }
# A secrecy threshold of 1 (tests/eval/conditions): the singular, in both languages, and in the same words as the text report.
secret_un() {   # language, the sentence the report must hold
  "$CHARTE" eval tests/eval/conditions/charte.charte --donnees tests/eval/conditions --au 2025-12-31 --format html --lang "$1" > "$tmp/un.html"
  grep -qF -- "$2" "$tmp/un.html" || { echo "html $1 : « $2 » attendu"; grep -i 'secre' "$tmp/un.html" | head -3; fail=1; }
}
secret_un fr "Secret statistique : un chiffre portant sur moins d&#39;une personne est affiché"
secret_un en "Statistical secrecy: a figure about fewer than one person is shown"
# A breakdown with no secret cell says so, not « 0 case secrète (…), non dessinée ».
secret_un fr "par niveau (ventilé par niveau) : total 4 ; aucune case secrète."
secret_un en "par niveau (broken down by niveau): total 4; no category kept secret."
# A count agrees with its noun, never « marché(s) » / "contract(s)": a scope of one contract (tests/eval/planchers).
for lang in fr en; do
  one="— 1 marché</"; [ $lang = en ] && one="— 1 contract</"
  "$CHARTE" eval tests/eval/planchers/charte.charte --donnees tests/eval/planchers --au 2025-12-31 --format html --lang $lang 2>/dev/null > "$tmp/un.html"
  grep -qF -- "$one" "$tmp/un.html" || { echo "html $lang : « $one » attendu"; fail=1; }
  grep -l '[a-zé](s)' "$tmp/un.html" "$tmp/rapport.$lang.html" && { echo "html $lang : « (s) » écrit par le programme"; fail=1; }
done
# Markup in the data and in the charter comes out as text.
mkdir "$tmp/d"
cp examples/amp/donnees/*.csv "$tmp/d/"
sed -i "s/;Erilia;/;<script>alert(1)<\/script> \& 'Erilia' <b>;/" "$tmp/d/marches.csv"
sed 's/^charte « Charte locale/charte « <i>Charte<\/i> \& "locale"/' $AMP > "$tmp/amp.charte"
"$CHARTE" eval "$tmp/amp.charte" --donnees "$tmp/d" --au 2025-12-31 --format html > "$tmp/hostile.html" || { echo "html hostile : exit $?"; fail=1; }
grep -q '&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#39;Erilia&#39; &lt;b&gt;' "$tmp/hostile.html" || { echo "html : maître d'ouvrage non échappé"; fail=1; }
grep -q '&lt;i&gt;Charte&lt;/i&gt; &amp; &quot;locale&quot;' "$tmp/hostile.html" || { echo "html : titre non échappé"; fail=1; }
grep -qi '<script\|<b>\|<i>' "$tmp/hostile.html" && { echo "html : balise venue des données"; fail=1; }
exit $fail
