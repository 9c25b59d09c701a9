#!/usr/bin/env bash
# tests/cli/empreinte.sh: the charter's version (docs/evaluation.md): the same text gives the same version whatever its path, line ends, BOM or final line end; one changed character, an imported file or a literate charter's prose gives another; every report and charte render name the same one, equal to its recipe computed here by perl and sha256sum.
set -u
: "${CHARTE:?}" "${ROOT:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
. "$ROOT/tests/cli/lib/importe.sh"
bad() { printf 'ÉCHEC %s\n' "$1"; failures=$((failures + 1)); }
AMP=$ROOT/examples/amp/amp.charte
DATA=$ROOT/examples/amp/donnees

# version CHARTER [DIR]: the 64 digits of the JSON report, run from DIR (default: the repository).
version() { (cd "${2:-$ROOT}" && "$CHARTE" eval "$1" --donnees "$DATA" --au 2025-12-31 --format json 2>/dev/null) \
              | sed -n 's/^  "empreinte_charte": "\([0-9a-f]*\)",$/\1/p'; }
# recipe FILE…: each text (BOM out, CR LF as LF, a final line end) and its length on 8 bytes.
recipe() { perl -e 'for (@ARGV) { open my $f, "<", $_ or die; local $/; my $t = <$f>;
                      $t =~ s/^\xEF\xBB\xBF//; $t =~ s/\r\n/\n/g; $t .= "\n" unless $t =~ /\n\z/;
                      print $t, pack("Q<", length $t) }' "$@" | sha256sum | cut -c1-64; }

v=$(version examples/amp/amp.charte)
[ ${#v} -eq 64 ] || bad "JSON : empreinte_charte absente ou mal formée (« $v »)"
[ "$v" = "$(recipe "$ROOT/stdlib/anru.charte" "$AMP")" ] || bad "JSON : $v n'est pas la recette de docs/evaluation.md"

# 1. The same text by other paths, line ends, BOM, final line end: the same version.
mkdir -p "$tmp/ailleurs"
cp "$AMP" "$tmp/ailleurs/copie.charte"
sed 's/$/\r/' "$AMP" > "$tmp/crlf.charte"
{ printf '\xEF\xBB\xBF'; cat "$AMP"; } > "$tmp/bom.charte"
head -c -1 "$AMP" > "$tmp/sans-fin.charte"
for c in "./amp.charte:$ROOT/examples/amp" "amp.charte:$ROOT/examples/amp" "copie.charte:$tmp/ailleurs" \
         "$tmp/ailleurs/copie.charte:/" "$tmp/crlf.charte:$tmp" "$tmp/bom.charte:$tmp" "$tmp/sans-fin.charte:$tmp"; do
  got=$(version "${c%%:*}" "${c#*:}")
  [ "$got" = "$v" ] || bad "même texte, autre version : ${c%%:*} depuis ${c#*:} donne « $got » au lieu de $v"
done

# 2. Another text: another version (one character, an imported file, a literate charter's prose).
sed '0,/10 %/s//11 %/' "$AMP" > "$tmp/autre.charte"
cmp -s "$AMP" "$tmp/autre.charte" && bad "le test n'a rien changé à la charte"
[ "$(version "$tmp/autre.charte")" != "$v" ] || bad "un caractère changé, même version"
mkdir -p "$tmp/imp"
charte_qui_importe commun.charte > "$tmp/imp/main.charte"
module_commun "$tmp/imp/commun.charte"
rendered() { "$CHARTE" render "$1" 2>/dev/null | sed -n 's/^- \*\*Version de la charte :\*\* \([0-9a-f]*\)$/\1/p'; }
r1=$(rendered "$tmp/imp/main.charte")
[ "$r1" = "$(recipe "$ROOT/stdlib/anru.charte" "$tmp/imp/commun.charte" "$tmp/imp/main.charte" | cut -c1-12)" ] \
  || bad "render : « $r1 » n'est pas la recette (anru, puis l'import, puis la charte)"
printf '  constante autre : 1 €\n' >> "$tmp/imp/commun.charte"
r2=$(rendered "$tmp/imp/main.charte")
[ -n "$r1" ] && [ -n "$r2" ] && [ "$r1" != "$r2" ] || bad "fichier importé modifié, même version ($r1, $r2)"
cp "$ROOT/examples/amp/amp.charte.md" "$tmp/lit.charte.md"
l1=$(rendered "$tmp/lit.charte.md")
printf '\nUne phrase de plus dans la prose.\n' >> "$tmp/lit.charte.md"
l2=$(rendered "$tmp/lit.charte.md")
[ -n "$l1" ] && [ -n "$l2" ] && [ "$l1" != "$l2" ] || bad "charte littéraire : prose modifiée, même version ($l1, $l2)"
# One letter of the prose changed, the length kept: the charter's blocks read the same, the
# document signed does not.
sed -i 's/dans la prose\./dans la prosE./' "$tmp/lit.charte.md"
l3=$(rendered "$tmp/lit.charte.md")
[ -n "$l3" ] && [ "$l2" != "$l3" ] || bad "charte littéraire : une lettre de la prose changée, même version ($l2, $l3)"

# 3. Every report and the document name the same version.
short=${v:0:12}
(cd "$ROOT" && "$CHARTE" eval examples/amp/amp.charte --donnees "$DATA" --au 2025-12-31) | sed -n 2p | grep -qx "Version de la charte $short" \
  || bad "texte : 2e ligne « Version de la charte $short » attendue"
(cd "$ROOT" && "$CHARTE" eval examples/amp/amp.charte --donnees "$DATA" --au 2025-12-31 --lang en) | sed -n 2p | grep -qx "Charter version $short" \
  || bad "text: 2nd line \"Charter version $short\" expected"
# explain's text names the version in the very line of eval's text report, in both languages.
for lang in fr en; do
  line=$(cd "$ROOT" && "$CHARTE" eval examples/amp/amp.charte --donnees "$DATA" --au 2025-12-31 --lang $lang | sed -n 2p)
  (cd "$ROOT" && "$CHARTE" explain examples/amp/amp.charte --donnees "$DATA" --au 2025-12-31 --lang $lang M0003) | sed -n 2p \
    | grep -qxF -- "$line" || bad "explain $lang: 2nd line \"$line\" (eval's) expected"
done
(cd "$ROOT" && "$CHARTE" eval examples/amp/amp.charte --donnees "$DATA" --au 2025-12-31 --format html) \
  | grep -q "version de la charte <span title=\"SHA-256 $v\">$short</span>" || bad "html : version $short absente"
[ "$(rendered "$AMP")" = "$short" ] || bad "render md : version $short attendue"
"$CHARTE" render "$AMP" --format html --lang en 2>/dev/null | grep -q "Charter version:</strong> $short" \
  || bad "render html en : « Charter version: $short » attendue"
"$CHARTE" eval "$AMP" --donnees "$DATA" --au 2025-12-31 --format xlsx -o "$tmp/r.xlsx" 2>/dev/null
/usr/bin/python3 - "$tmp/r.xlsx" "$v" <<'EOT' || bad "xlsx : version $v absente de la synthèse"
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).worksheets[0]
sys.exit(0 if any(r[1] == sys.argv[2] for r in ws.iter_rows(values_only=True) if len(r) > 1) else 1)
EOT

# 4. A comparison names the version of each side, an explanation the version it explains: a
#    reviewer ties them to the report and to the signed text.
v2=$(version "$tmp/autre.charte")
(cd "$ROOT" && "$CHARTE" diff examples/amp/amp.charte "$tmp/autre.charte") | sed -n 2p \
  | grep -qx "Versions de la charte : $short → ${v2:0:12}" || bad "diff texte : 2e ligne « Versions de la charte : $short → ${v2:0:12} » attendue"
(cd "$ROOT" && "$CHARTE" diff examples/amp/amp.charte "$tmp/autre.charte" --lang en) | sed -n 2p \
  | grep -qx "Charter versions: $short → ${v2:0:12}" || bad "diff text: 2nd line \"Charter versions: $short → ${v2:0:12}\" expected"
(cd "$ROOT" && "$CHARTE" diff examples/amp/amp.charte "$tmp/crlf.charte") | sed -n 2p \
  | grep -qx "Version de la charte : $short (le même texte)" || bad "diff texte : même texte, « Version de la charte : $short (le même texte) » attendue"
(cd "$ROOT" && "$CHARTE" diff examples/amp/amp.charte "$tmp/autre.charte" --format md) \
  | grep -qx "Versions de la charte : \`$short\` → \`${v2:0:12}\`." || bad "diff md : versions $short → ${v2:0:12} absentes"
(cd "$ROOT" && "$CHARTE" diff examples/amp/amp.charte "$tmp/autre.charte" --format md --lang en) \
  | grep -qx "Charter versions: \`$short\` → \`${v2:0:12}\`." || bad "diff md en: versions $short → ${v2:0:12} missing"
got=$( (cd "$ROOT" && "$CHARTE" diff examples/amp/amp.charte "$tmp/autre.charte" --format json) | jq -r '"\(.ancienne.empreinte_charte) \(.nouvelle.empreinte_charte)"')
[ "$got" = "$v $v2" ] || bad "diff json : empreinte_charte « $got » au lieu de « $v $v2 »"
for l in fr en; do
  want="Version de la charte $short"; [ $l = en ] && want="Charter version $short"
  (cd "$ROOT" && "$CHARTE" explain examples/amp/amp.charte --donnees "$DATA" --au 2025-12-31 --lang $l M0003) | sed -n 2p \
    | grep -qx "$want" || bad "explain texte ($l) : 2e ligne « $want » attendue"
done
got=$( (cd "$ROOT" && "$CHARTE" explain examples/amp/amp.charte --donnees "$DATA" --au 2025-12-31 --format json M0003) | jq -r .empreinte_charte)
[ "$got" = "$v" ] || bad "explain json : empreinte_charte « $got » au lieu de $v"

[ "$failures" -eq 0 ]
