#!/usr/bin/env bash
# tests/cli/fmt.sh: charte fmt: goldens per construct, idempotence and meaning on every charter of the repository and the fuzz corpus, -w, --check, errors, and eval before/after.
set -u
: "${CHARTE:?}" "${ROOT:?}"
cd "$ROOT"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
bad() { printf 'ÉCHEC %s\n' "$1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | head -20; failures=$((failures + 1)); }

# The sanitizer pass takes its second answers on a docs block (the formatted
# block formatted again, and its outline) from the normal build: the
# formatted block has the tree of the block, whose formatting and outline
# the sanitizer build has just run, so they take no path of their own.
. "$ROOT/tests/cli/lib/builds.sh"
oracle=$(charte_normal) || exit 1

# The outline of the tree (check --dump-ast; BIN, $CHARTE by default), with numbers compared by their
# digits: "40000 €" and "40 000 €", "12.5" and "12,5" are the same literal.
outline() {
  "${2:-$CHARTE}" check --dump-ast "$1" 2>/dev/null |
    perl -CSD -pe 's/(?<=\d)[ \x{a0}\x{202f}](?=\d{3})//g; s/(?<=\d)[.,](?=\d)/./g'
}

# 1. Goldens: one file per construct of the grammar (UPDATE=1 rewrites them).
for f in tests/fmt/*.charte; do
  want=${f%.charte}.attendu
  got=$("$CHARTE" fmt "$f" 2>&1; echo "exit $?")
  if [ -n "${UPDATE:-}" ]; then printf '%s\n' "${got%$'\n'exit 0}" > "$want"; continue; fi
  [ "$got" == "$(<"$want")"$'\n'"exit 0" ] || bad "golden $f" "$(diff "$want" <(printf '%s\n' "$got"))"   # (the golden read by bash: no cat)
done

# 2. Idempotence and meaning on every charter of the repository and of the
#    fuzz corpus are in tests/unit/test_fmt.c (in-process, 500 files); here,
#    the ```charte blocks of the docs, through the command.
mkdir -p "$tmp/docs"
for doc in docs/*.md docs/en/*.md; do
  [ -f "$doc" ] || continue
  awk -v dir="$tmp/docs" -v stem="$(echo "$doc" | tr / -)" '
    /^```charte[[:space:]]*$/ { n++; f = sprintf("%s/%s-%02d.charte", dir, stem, n); inb = 1; next }
    /^```/ && inb { inb = 0; close(f); next }
    inb { print > f }' "$doc"
done
blocks=0
for f in "$tmp"/docs/*.charte; do
  [ -f "$f" ] || continue
  out=$("$CHARTE" fmt "$f" 2>&1) || { "$CHARTE" check "$f" >/dev/null 2>&1 && bad "fmt refuse un bloc que check accepte : $f" "$out"; continue; }
  blocks=$((blocks + 1))
  printf '%s\n' "$out" > "$tmp/f1.charte"
  again=$("$oracle" fmt "$tmp/f1.charte" 2>&1)
  [ "$again" == "$out" ] || bad "pas idempotent : $f" "$(diff <(printf '%s\n' "$out") <(printf '%s\n' "$again"))"
  [ "$(outline "$f")" == "$(outline "$tmp/f1.charte" "$oracle")" ] || bad "arbre différent : $f"
done
[ $blocks -gt 0 ] || bad "aucun bloc charte dans docs/"
# the example of the fmt pages is the golden tests/fmt/page-doc, before and after
for stem in docs-fmt.md docs-en-fmt.md; do
  cmp -s "$tmp/docs/$stem-01.charte" tests/fmt/page-doc.charte || bad "$stem : l'exemple « avant » n'est pas tests/fmt/page-doc.charte"
  cmp -s "$tmp/docs/$stem-02.charte" tests/fmt/page-doc.attendu || bad "$stem : l'exemple « après » n'est pas tests/fmt/page-doc.attendu"
done

# 3. The repository's own charters are formatted (the CI step).
out=$("$CHARTE" fmt --check stdlib/*.charte $(find examples tests/render -name '*.charte' -o -name '*.charte.md' | sort) 2>&1); rc=$?
[ $rc -eq 0 ] || bad "fmt --check stdlib examples : exit $rc (lancer charte fmt -w)" "$out"

# 4. The checker's verdict before and after, file by file: tests/unit/test_fmt.c.

# 5. The evaluation of the AMP example is byte-identical with its charter formatted.
mkdir -p "$tmp/amp"
"$CHARTE" fmt examples/amp/amp.charte > "$tmp/amp/amp.charte" || bad "fmt amp"
for fmt in json csv text; do
  a=$("$CHARTE" eval examples/amp/amp.charte --donnees examples/amp/donnees --au 31/12/2024 --format $fmt 2>&1)
  b=$("$CHARTE" eval "$tmp/amp/amp.charte" --donnees examples/amp/donnees --au 31/12/2024 --format $fmt 2>&1)
  [ -n "$a" ] && [ "$a" == "$b" ] || bad "eval amp --format $fmt différent après fmt" "$(diff <(printf '%s\n' "$a") <(printf '%s\n' "$b"))"
done

# 6. -w rewrites in place keeping the mode, --check names what would change.
cp tests/fmt/tables.charte "$tmp/t.charte"
chmod 640 "$tmp/t.charte"
"$CHARTE" fmt --check "$tmp/t.charte" > "$tmp/out" 2>/dev/null; rc=$?
[ $rc -eq 1 ] && grep -qx "$tmp/t.charte" "$tmp/out" || bad "--check sur un fichier pas en forme : exit $rc" "$(cat "$tmp/out")"
"$CHARTE" fmt -w "$tmp/t.charte" > "$tmp/out" 2>&1; rc=$?
[ $rc -eq 0 ] && [ ! -s "$tmp/out" ] || bad "-w : exit $rc" "$(cat "$tmp/out")"
cmp -s "$tmp/t.charte" tests/fmt/tables.attendu || bad "-w n'a pas écrit la forme canonique"
[ "$(stat -c %a "$tmp/t.charte")" = 640 ] || bad "-w a changé le mode : $(stat -c %a "$tmp/t.charte")"
[ -z "$(ls -A "$tmp" | grep '^\.')" ] || bad "-w a laissé un fichier temporaire : $(ls -A "$tmp")"
"$CHARTE" fmt --check "$tmp/t.charte" > "$tmp/out" 2>&1; rc=$?
[ $rc -eq 0 ] && [ ! -s "$tmp/out" ] || bad "--check sur un fichier en forme : exit $rc" "$(cat "$tmp/out")"

# A charter saved with Windows line ends keeps them: in form, --check passes; -w mends its
# layout and keeps CRLF (a Windows checkout of a charter in form is in form).
sed 's/$/\r/' tests/fmt/tables.attendu > "$tmp/crlf.charte"
"$CHARTE" fmt --check "$tmp/crlf.charte" > "$tmp/out" 2>&1; rc=$?
[ $rc -eq 0 ] && [ ! -s "$tmp/out" ] || bad "--check sur une charte en forme aux fins de ligne CRLF : exit $rc" "$(cat "$tmp/out")"
sed 's/$/\r/' tests/fmt/tables.charte > "$tmp/crlf-w.charte"
"$CHARTE" fmt -w "$tmp/crlf-w.charte" > "$tmp/out" 2>&1; rc=$?
cmp -s "$tmp/crlf-w.charte" "$tmp/crlf.charte" || bad "-w sur une charte CRLF : forme canonique en CRLF attendue (exit $rc)" "$(od -c "$tmp/crlf-w.charte" | head -3)"
# A literate charter saved with CRLF keeps them in its blocks too (they came out in LF, inside
# a CRLF document, so --check failed on a Windows checkout of one in form).
{ printf '# Charte\r\n\r\n```charte\r\n'; cat "$tmp/crlf.charte"; printf '```\r\n\r\nFin.\r\n'; } > "$tmp/crlf.charte.md"
"$CHARTE" fmt --check "$tmp/crlf.charte.md" > "$tmp/out" 2>&1; rc=$?
[ $rc -eq 0 ] && [ ! -s "$tmp/out" ] || bad "--check sur une charte littéraire en forme aux fins de ligne CRLF : exit $rc" "$(cat "$tmp/out")"
{ printf '# Charte\r\n\r\n```charte\r\n'; sed 's/$/\r/' tests/fmt/tables.charte; printf '```\r\n\r\nFin.\r\n'; } > "$tmp/crlf-w.charte.md"
"$CHARTE" fmt -w "$tmp/crlf-w.charte.md" > "$tmp/out" 2>&1; rc=$?
cmp -s "$tmp/crlf-w.charte.md" "$tmp/crlf.charte.md" || bad "-w sur une charte littéraire CRLF : forme canonique en CRLF attendue (exit $rc)" "$(od -c "$tmp/crlf-w.charte.md" | sed -n 3,6p)"
# A byte order mark (Notepad's « UTF-8 avec BOM ») stays too: in form with it, --check passes;
# -w mends the layout and keeps it, with CRLF as well.
{ printf '\357\273\277'; cat tests/fmt/tables.attendu; } > "$tmp/bom.charte"
"$CHARTE" fmt --check "$tmp/bom.charte" > "$tmp/out" 2>&1; rc=$?
[ $rc -eq 0 ] && [ ! -s "$tmp/out" ] || bad "--check sur une charte en forme avec BOM : exit $rc" "$(cat "$tmp/out")"
{ printf '\357\273\277'; cat "$tmp/crlf.charte"; } > "$tmp/bom-crlf.charte"
sed 's/$/\r/' tests/fmt/tables.charte | { printf '\357\273\277'; cat; } > "$tmp/bom-crlf-w.charte"
"$CHARTE" fmt -w "$tmp/bom-crlf-w.charte" > "$tmp/out" 2>&1; rc=$?
cmp -s "$tmp/bom-crlf-w.charte" "$tmp/bom-crlf.charte" || bad "-w sur une charte CRLF avec BOM : forme canonique avec BOM et CRLF attendue (exit $rc)" "$(od -c "$tmp/bom-crlf-w.charte" | head -3)"
# a read-only charter is left as it is, nothing left beside it, and the message names -w (it
# said « -o », an option of other commands, which fmt does not take)
mkdir "$tmp/ro"; cp tests/fmt/tables.charte "$tmp/ro/lu.charte"; chmod 444 "$tmp/ro/lu.charte"
"$CHARTE" fmt -w "$tmp/ro/lu.charte" > "$tmp/out" 2>&1; rc=$?
[ $rc -eq 2 ] && cmp -s "$tmp/ro/lu.charte" tests/fmt/tables.charte && [ "$(ls -A "$tmp/ro")" = lu.charte ] &&
  grep -q -- '-w « .*lu.charte » : fichier en lecture seule' "$tmp/out" && ! grep -q -- '-o' "$tmp/out" ||
  bad "-w sur une charte en lecture seule : exit $rc" "$(cat "$tmp/out")"
"$CHARTE" fmt --lang en -w "$tmp/ro/lu.charte" > "$tmp/out" 2>&1
grep -q -- "-w “.*lu.charte”: read-only file" "$tmp/out" || bad "-w on a read-only charter, in English" "$(cat "$tmp/out")"
# the option is named as the user wrote it: --write, --écrire (it said -w whatever was written)
"$CHARTE" fmt --write "$tmp/ro/lu.charte" > "$tmp/out" 2>&1
grep -q -- '--write « .*lu.charte » : fichier en lecture seule' "$tmp/out" && ! grep -q -- ' -w ' "$tmp/out" ||
  bad "--write sur une charte en lecture seule : --write attendu" "$(cat "$tmp/out")"
"$CHARTE" fmt --lang en --écrire "$tmp/ro/lu.charte" > "$tmp/out" 2>&1
grep -q -- "^charte: error\[C0008\]: --écrire “.*lu.charte”: read-only file" "$tmp/out" ||
  bad "--écrire on a read-only charter, in English" "$(cat "$tmp/out")"
# a symbolic link is not replaced by a plain file
cp tests/fmt/tables.charte "$tmp/cible.charte"; ln -s "$tmp/cible.charte" "$tmp/lien.charte"
"$CHARTE" fmt -w "$tmp/lien.charte" > "$tmp/out" 2>&1; rc=$?
[ $rc -eq 2 ] && [ -L "$tmp/lien.charte" ] && cmp -s "$tmp/cible.charte" tests/fmt/tables.charte &&
  grep -q 'pas un fichier ordinaire' "$tmp/out" || bad "-w sur un lien : exit $rc" "$(cat "$tmp/out")"
"$CHARTE" fmt --write "$tmp/lien.charte" > "$tmp/out" 2>&1
grep -q "(--write n'écrit que des fichiers)" "$tmp/out" || bad "--write sur un lien : --write attendu" "$(cat "$tmp/out")"

# 7. Bad input: an unparseable file is diagnosed as check does, exit 2, untouched by -w.
printf 'charte « Cassée »\n\narticle 1 « A »\n  objectif : :\n' > "$tmp/casse.charte"
cp "$tmp/casse.charte" "$tmp/casse.orig"
"$CHARTE" fmt -w "$tmp/casse.charte" > "$tmp/out" 2>&1; rc=$?
want=$("$CHARTE" check "$tmp/casse.charte" 2>&1)
[ $rc -eq 2 ] && [ "$(cat "$tmp/out")" == "$want" ] && cmp -s "$tmp/casse.charte" "$tmp/casse.orig" ||
  bad "fichier illisible : exit $rc" "$(diff <(printf '%s\n' "$want") "$tmp/out")"
"$CHARTE" fmt --check "$tmp/casse.charte" >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] || bad "--check sur un fichier illisible : exit $rc (2 attendu)"
"$CHARTE" fmt "$tmp/absent.charte" > "$tmp/out" 2>&1; rc=$?
[ $rc -eq 2 ] && grep -q 'absent.charte' "$tmp/out" || bad "fichier absent : exit $rc" "$(cat "$tmp/out")"
"$CHARTE" fmt -w --check tests/fmt/tables.charte > "$tmp/out" 2>&1; rc=$?
[ $rc -eq 2 ] && grep -q "s'excluent" "$tmp/out" || bad "-w --check : exit $rc" "$(cat "$tmp/out")"
"$CHARTE" fmt --lang en -w --check tests/fmt/tables.charte > "$tmp/out" 2>&1; rc=$?
[ $rc -eq 2 ] && grep -q "exclude each other" "$tmp/out" || bad "--lang en -w --check : exit $rc" "$(cat "$tmp/out")"
"$CHARTE" fmt --lang en --write --verifier tests/fmt/tables.charte > "$tmp/out" 2>&1; rc=$?
[ $rc -eq 2 ] && grep -qx "charte: error\[C0007\]: fmt: --write and --verifier exclude each other" "$tmp/out" ||
  bad "--write --verifier : les options telles qu'écrites attendues (exit $rc)" "$(cat "$tmp/out")"
"$CHARTE" fmt --lang en "$tmp/casse.charte" > "$tmp/out" 2>&1
grep -q 'error\[C0101\]' "$tmp/out" || bad "--lang en : diagnostic pas en anglais" "$(cat "$tmp/out")"

# The unreadable file's diagnostic shown in docs/fmt.md and docs/en/fmt.md is the program's.
"$CHARTE" fmt "$tmp/casse.charte" 2>&1 | sed "s|^$tmp/||" > "$tmp/casse.fr"
"$CHARTE" fmt --lang en "$tmp/casse.charte" 2>&1 | sed "s|^$tmp/||" > "$tmp/casse.en"
for pair in "docs/fmt.md:fr" "docs/en/fmt.md:en"; do
  doc=${pair%%:*}; lang=${pair##*:}
  awk '/^\$ charte fmt .*casse\.charte$/ { on = 1; next } on && /^```$/ { exit } on' "$doc" > "$tmp/casse.doc"
  cmp -s "$tmp/casse.doc" "$tmp/casse.$lang" || bad "$doc : le diagnostic de casse.charte n'est pas celui du programme" "$(diff "$tmp/casse.doc" "$tmp/casse.$lang")"
done

# --check says where a file departs from its layout, as docs/fmt.md and docs/en/fmt.md show it:
# the page's "Before" charter, checked under its name, prints the page's lines, exit 1.
mkdir "$tmp/page"
awk '/^(Avant|Before)[^a-z]*:$/ { on = 1; next } on && /^```charte$/ { code = 1; next } code && /^```$/ { exit } code' docs/fmt.md > "$tmp/page/pertuis.charte"
for pair in "docs/fmt.md:fr:" "docs/en/fmt.md:en:--lang en "; do
  IFS=: read -r doc lang opts <<< "$pair"
  awk -v cmd="\$ charte fmt ${opts}--check pertuis.charte" '$0 == cmd { on = 1; next } on && /^\$ echo/ { exit } on' "$doc" > "$tmp/page/doc.$lang"
  (cd "$tmp/page" && "$CHARTE" fmt $opts --check pertuis.charte > "out.$lang" 2>&1); rc=$?
  [ $rc -eq 1 ] && [ -s "$tmp/page/doc.$lang" ] && cmp -s "$tmp/page/doc.$lang" "$tmp/page/out.$lang" \
    || bad "$doc : fmt --check (exit $rc) ne dit pas ce que montre la page" "$(diff "$tmp/page/doc.$lang" "$tmp/page/out.$lang")"
done

# --check's last line is the command that lays out the files it named, only those, each as a
# shell reads it back (a space, an apostrophe; ./ kept); run as it is, it leaves nothing
# to lay out. A file in error beside them does not take the line away.
mkdir "$tmp/fix"
for f in "a b.charte" "it's.charte" "-tiret.charte" "net.charte"; do
  printf 'charte "Charte de Pertuis"\n' > "$tmp/fix/$f"
done
"$CHARTE" fmt -w "$tmp/fix/net.charte" 2>/dev/null
fixline=$(cd "$tmp/fix" && "$CHARTE" fmt --check "a b.charte" "it's.charte" ./-tiret.charte net.charte absent.charte 2>&1 >/dev/null | tail -1)
want="charte fmt : les fichiers ci-dessus ne sont pas en forme ; pour les y mettre : charte fmt -w 'a b.charte' 'it'\\''s.charte' ./-tiret.charte"
[ "$fixline" = "$want" ] || bad "fmt --check : dernière ligne « $fixline »" "attendu : « $want »"
(cd "$tmp/fix" && PATH="$(dirname "$CHARTE"):$PATH" sh -c "${fixline#*pour les y mettre : }" >/dev/null 2>&1) \
  || bad "fmt --check : la commande de la dernière ligne échoue"
(cd "$tmp/fix" && "$CHARTE" fmt --check "a b.charte" "it's.charte" ./-tiret.charte net.charte >/dev/null 2>&1) \
  || bad "fmt --check : la commande de la dernière ligne n'a pas tout mis en forme"

# 8. Help in both languages.
"$CHARTE" fmt --help | grep -q '^Usage : charte fmt' || bad "charte fmt --help"
"$CHARTE" fmt --help --lang en | grep -q '^Usage: charte fmt' || bad "charte fmt --help --lang en"

[ $failures -eq 0 ] || { echo "$failures échec(s)"; exit 1; }
