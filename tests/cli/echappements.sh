#!/usr/bin/env bash
# tests/cli/echappements.sh: control characters from files (data, charter, paths) never reach the terminal raw: shown as control pictures (␛) in every text output, escaped in JSON, defused in CSV; the caret under a source line stays aligned.
set -u
. "$ROOT/tests/cli/lib/hostile.sh"

ESC=$'\e' BEL=$'\a'
# no_raw NAME FILE: FILE has no ESC, BEL or CSI (U+009B) byte sequence.
no_raw() {
  if grep -q "[$ESC$BEL]" "$2" || grep -q $'\xc2\x9b' "$2"; then
    echo "$1 : caractère de contrôle brut"; grep -n "[$ESC$BEL]" "$2" | head -3 | cat -v; failures=$((failures + 1))
  fi
}
# has NAME FILE PATTERN: FILE contains PATTERN (fixed string).
has() {
  grep -qF -- "$3" "$2" || { echo "$1 : « $3 » absent"; head -5 "$2"; failures=$((failures + 1)); }
}

# Data: a contract id that clears the screen, an owner that sets the window
# title (OSC … BEL), an id with a C1 CSI.
cp -r "$ROOT/examples/amp/donnees" "$tmp/d"
perl -i -pe 's/^M0002;(.*?);(.*?);Métropole AMP;/M\e[2J\e[31mX;$1;$2;Bailleur\e]0:pwn\a;/ if $. == 3;
              s/^M0003;/M\xc2\x9b3;/ if $. == 4' "$tmp/d/marches.csv"
amp=$ROOT/examples/amp/amp.charte
run_eval() { "$CHARTE" eval "$amp" --donnees "$tmp/d" --au 31/12/2024 "$@"; }

# Text report, on stdout and with -o.
run_eval >"$tmp/r.txt" 2>"$tmp/err" || { echo "eval : échec"; cat "$tmp/err"; failures=$((failures + 1)); }
run_eval -o "$tmp/r-o.txt" 2>"$tmp/err"
for f in r.txt r-o.txt; do
  no_raw "rapport texte ($f)" "$tmp/$f"
  has "rapport texte ($f)" "$tmp/$f" 'M␛[2J␛[31mX'
  has "rapport texte ($f)" "$tmp/$f" 'Bailleur␛]0:pwn␇'
  has "rapport texte ($f)" "$tmp/$f" 'M�3'
done
# The columns stay aligned: each picture is one column, like the byte it shows.
perl -CSD -ne 'if (/^  March/) { $h = index($_, "Famille") } if (/X\s+espaces_verts/) { $r = index($_, "espaces_verts") }
               END { exit(!(defined $h && $h == $r)) }' "$tmp/r.txt" ||
  { echo "rapport texte : colonnes décalées"; grep -n 'Marché\|X  ' "$tmp/r.txt" | head -3; failures=$((failures + 1)); }

# JSON escapes as JSON does; CSV keeps the data and defuses formulas as before.
# (JSON escapes C0 controls, ESC and BEL among them; a C1 control is an
# ordinary character for JSON, so it is not asked for here.)
run_eval --format json >"$tmp/r.json" 2>"$tmp/err"
grep -q "[$ESC$BEL]" "$tmp/r.json" && { echo "rapport JSON : ESC ou BEL brut"; failures=$((failures + 1)); }
has "rapport JSON" "$tmp/r.json" 'M\u001b[2J\u001b[31mX'
# HTML shows them as the text report does: a raw ESC is no HTML (nor XML, for the charts'
# SVG), and the page may be printed to a terminal.
run_eval --format html >"$tmp/r.html" 2>"$tmp/err"
no_raw "rapport HTML" "$tmp/r.html"
has "rapport HTML" "$tmp/r.html" 'M␛[2J␛[31mX'
has "rapport HTML" "$tmp/r.html" 'Bailleur␛]0:pwn␇'
has "rapport HTML" "$tmp/r.html" 'M�3'
# A carriage return in a quoted cell: the page and its charts' SVG show it as ␍
# (base/visible.h's rule, one for every output), never raw.
cp -r "$ROOT/examples/amp/donnees" "$tmp/cr"
perl -i -pe 's/^M0002;(.*?);(.*?);Métropole AMP;/M0002;$1;$2;"Bail\rleur";/ if $. == 3' "$tmp/cr/marches.csv"
"$CHARTE" eval "$amp" --donnees "$tmp/cr" --au 31/12/2024 --format html >"$tmp/cr.html" 2>"$tmp/err"
grep -q $'\r' "$tmp/cr.html" && { echo "rapport HTML : retour chariot brut"; failures=$((failures + 1)); }
has "rapport HTML (retour chariot)" "$tmp/cr.html" 'Bail␍leur</text>'
has "rapport HTML (retour chariot)" "$tmp/cr.html" 'Bail␍leur</td>'

# A rejected value quoted in its reason: every control shown as '?', C1 (CSI) as C0, in
# every format (the reason is made once for all of them).
printf 'M0005;P00001;01/2023;7,5;ai\xc2\x9b31m\x7fx\n' >>"$tmp/d/heures.csv"
for f in json html; do
  run_eval --format $f >"$tmp/q.$f" 2>"$tmp/err"
  grep -q $'\xc2\x9b31m' "$tmp/q.$f" && { echo "rapport $f : CSI brut dans un motif"; failures=$((failures + 1)); }
  has "rapport $f (motif)" "$tmp/q.$f" 'ai?31m?x'
done
perl -i -pe 's/^M0004;/=M0004;/ if $. == 5' "$tmp/d/marches.csv"
run_eval --format csv >"$tmp/r.csv" 2>"$tmp/err"
has "rapport CSV" "$tmp/r.csv" "'=M0004"

# Diagnostics: controls in a charter's strings, a path with ESC; the caret
# stays under the span that follows a control character on the same line.
mkdir -p "$tmp/c"
printf 'charte « A\e[31mB »\n\nutilise anru\n\narticle 1 « P »\n  périmètre x : commune « C\e]0;t\a\e[2J » dans inconnu\n' >"$tmp/c/ch$ESC[2J.charte"
"$CHARTE" check "$tmp/c/ch$ESC[2J.charte" >"$tmp/diag" 2>&1
no_raw "diagnostics" "$tmp/diag"
has "diagnostics" "$tmp/diag" 'ch␛[2J.charte:6:'
has "diagnostics" "$tmp/diag" '« C␛]0;t␇␛[2J » dans inconnu'
perl -CSD -ne 'if (/^\s+6 \| (.*)$/) { $line = $1; $pos = index($line, "inconnu") }
               if (defined $line && /^\s+\| ( *)\^/) { $caret = length($1); last }
               END { exit(!(defined $pos && $pos == $caret)) }' "$tmp/diag" ||
  { echo "diagnostics : caret décalé"; grep -A2 ' 6 |' "$tmp/diag"; failures=$((failures + 1)); }
"$CHARTE" check --format json "$tmp/c/ch$ESC[2J.charte" >"$tmp/diag.json" 2>&1
no_raw "diagnostics JSON" "$tmp/diag.json"
grep -qi 'ch\\u001b\[2J.charte' "$tmp/diag.json" || { echo "diagnostics JSON : nom échappé absent"; failures=$((failures + 1)); }
# GitHub's annotations are read by people, in the log and beside the lines: shown, never raw
# (a string's ESC, in a message, and the path's, in the group and the file property).
printf 'charte « A »\n\nutilise anru\n\narticle 1 « P »\n  constante x : « \e[31mrouge\a » + 1\n' >"$tmp/c/gh$ESC[2J.charte"
"$CHARTE" check --format github "$tmp/c/gh$ESC[2J.charte" "$tmp/c/ch$ESC[2J.charte" >"$tmp/diag.gh" 2>&1
no_raw "annotations GitHub" "$tmp/diag.gh"
has "annotations GitHub" "$tmp/diag.gh" '::group::'"$tmp"'/c/gh␛[2J.charte'
has "annotations GitHub" "$tmp/diag.gh" '« « ␛[31mrouge␇ » »'

# Messages about files: a missing charter whose name holds ESC.
"$CHARTE" check "$tmp/absent$ESC[2J.charte" >"$tmp/msg" 2>&1
no_raw "message d'erreur" "$tmp/msg"
has "message d'erreur" "$tmp/msg" 'absent␛[2J.charte'

# charte test: a failing example whose title holds ESC.
{ sed -n '1,/^-- ====/p' "$amp" | sed '$d'
  printf 'exemple « E\e[31m »\n  au 31/12/2022\n  marché Z : famille nettoyage, perimetre aix, maitre_ouvrage « X », montant_ht 100 000 €, date_notification 01/02/2022, heures_travaillees 1 000 h\n  attendu Z : atteint\n'; } >"$tmp/c/ex.charte"
"$CHARTE" test "$tmp/c/ex.charte" >"$tmp/test" 2>&1
no_raw "charte test" "$tmp/test"
has "charte test" "$tmp/test" 'E␛[31m'

[ $failures -eq 0 ]
