#!/usr/bin/env bash
# tests/cli/install.sh: make install into a temporary DESTDIR: the installed program runs the AMP example, man -l reads every page, bash and zsh completion work, every --option=value is accepted, make uninstall leaves nothing.
set -u
cd "$ROOT" || exit 1
bad=0
complain() { printf 'install: %s\n' "$*"; bad=1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
build=$(dirname "$CHARTE")
dest=$tmp/dest prefix=/usr
bin=$dest$prefix/bin/charte

# make install is tools/install.sh with the Makefile's PREFIX and DESTDIR.
grep -q 'tools/install.sh install $(BUILD) "$(DESTDIR)" "$(PREFIX)"' Makefile || complain "make install does not call tools/install.sh"
out=$(tools/install.sh install "$build" "$dest" "$prefix" 2>&1) || complain "install failed: $out"
[ -x "$bin" ] || complain "no $bin"

# The installed program, from another folder, on the AMP example.
(cd "$tmp" && "$bin" check --strict "$ROOT/examples/amp/amp.charte" 2>/dev/null) || complain "installed charte check --strict amp.charte: exit $?"
(cd "$tmp" && "$bin" test "$ROOT/examples/amp/amp.charte" >/dev/null 2>&1) || complain "installed charte test amp.charte: exit $?"
(cd "$tmp" && "$bin" eval "$ROOT/examples/amp/amp.charte" --donnees "$ROOT/examples/amp/donnees" --au 2025-12-31 --format json -o r.json 2>/dev/null) \
  && grep -q '"format_version"' "$tmp/r.json" || complain "installed charte eval amp.charte"
"$bin" --version | grep -q '^charte [0-9]' || complain "installed charte --version"
for f in stdlib/*.charte; do
  cmp -s "$f" "$dest$prefix/share/charte/$f" || complain "share/charte/$f differs from $f"
done
# The installed language server opens the installed stdlib.
lsp_frame() { local b=$1; printf 'Content-Length: %d\r\n\r\n%s' "$(LC_ALL=C; echo ${#b})" "$b"; }
text=$(sed 's/\\/\\\\/g; s/"/\\"/g' examples/amp/amp.charte | awk '{ printf "%s\\n", $0 }')
use=$(( $(grep -n '^utilise anru' examples/amp/amp.charte | cut -d: -f1) - 1 ))
reply=$({ lsp_frame '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}'
          lsp_frame '{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file://'"$tmp"'/amp.charte","version":1,"text":"'"$text"'"}}}'
          lsp_frame '{"jsonrpc":"2.0","id":2,"method":"textDocument/definition","params":{"textDocument":{"uri":"file://'"$tmp"'/amp.charte"},"position":{"line":'"$use"',"character":9}}}'
          lsp_frame '{"jsonrpc":"2.0","id":3,"method":"shutdown"}'; lsp_frame '{"jsonrpc":"2.0","method":"exit"}'; } | "$bin" lsp)
grep -q "\"id\":2,\"result\":{\"uri\":\"file://$dest$prefix/share/charte/stdlib/anru.charte\"" <<<"$reply" \
  || complain "installed charte lsp: the definition of anru is not the installed stdlib: $(tail -c 400 <<<"$reply")"

# The pages and the completions are made from the help of the build installed. Under the
# sanitizer build they are compared, byte for byte, with those the normal build's help makes
# (so that build's help ran under ASan to the last page), and not read again with man, groff
# and bash: the normal pass reads the same bytes so.
read_pages=1
. "$ROOT/tests/cli/lib/builds.sh"
if charte_in_san_pass; then
  normal=$(charte_normal) || complain "no normal build beside $CHARTE"
  tools/man-pages.sh "$normal" "$tmp/ref/man" >/dev/null && tools/completions.sh "$normal" "$tmp/ref/completion" >/dev/null \
    || complain "the normal build's pages and completions could not be made"
  for d in man completion; do
    diff -r "$tmp/ref/$d" "$build/share/$d" >/dev/null || complain "share/$d made by $CHARTE differs from the normal build's"
  done
  read_pages=0
fi

if [ $read_pages = 1 ]; then
  # Every page, French and English: charte.1 and one per command of charte help.
  commands=$("$CHARTE" help --lang en | awk '/^[^ ].*:$/ { n++; next } n == 1 && /^  [a-z]/ { print $1 }')
  [ "$(wc -w <<<"$commands")" -ge 6 ] || complain "commands: $commands"
  declare -A options=()
  for dir in man1 fr/man1; do
    for page in charte $(sed 's/^/charte-/' <<<"$commands"); do
      f=$dest$prefix/share/man/$dir/$page.1
      [ -f "$f" ] || { complain "no $dir/$page.1"; continue; }
      txt=$(LC_ALL=C.UTF-8 MANWIDTH=100 man -l "$f" 2>"$tmp/man.err") || complain "man -l $dir/$page.1: exit $?"
      [ -s "$tmp/man.err" ] && complain "man -l $dir/$page.1: $(cat "$tmp/man.err")"
      # (The page's text searched by bash, as grep -q would search its lines: a grep each was a fork and exec
      # of some 7 ms of processor, 250 of them a pass; journal, `suite23`.)
      [[ $'\n'$txt == *$'\nSYNOPSIS'* ]] || complain "$dir/$page.1: no SYNOPSIS"
      warn=$(groff -k -man -Tutf8 -ww -z "$f" 2>&1); [ -z "$warn" ] || complain "groff warns on $dir/$page.1: $warn"
      if [ "$page" != charte ]; then
        cmd=${page#charte-}
        [[ $txt == *"charte $cmd"* ]] || complain "$dir/$page.1 does not show charte $cmd"
        # Every option of the command's help is in its page (the help read once for both pages).
        [ -n "${options[$cmd]+set}" ] || options[$cmd]=$(CHARTE_LANG=en "$CHARTE" help "$cmd" \
          | awk '/^Options:$/ { on = 1; next } /^[^ ]/ { on = 0 } on && /^  -/ { sub(/   .*/, ""); print }' | grep -o -- '--*[a-z][a-z-]*' | sort -u)
        for o in ${options[$cmd]}; do
          [[ $txt == *"$o"* ]] || complain "$dir/$page.1 lacks $o"
        done
      fi
    done
  done
  LC_ALL=C.UTF-8 man -l "$dest$prefix/share/man/fr/man1/charte-check.1" | grep -q '^CODES DE SORTIE' || complain "the French page is not in French"
  LC_ALL=C.UTF-8 man -l "$dest$prefix/share/man/man1/charte-check.1" | grep -q '^EXIT STATUS' || complain "the English page is not in English"

  # bash completion, through the function itself.
  comp=$dest$prefix/share/bash-completion/completions/charte
  complete_words() { bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); _charte; printf "%s\n" "${COMPREPLY[@]}"' _ "$comp" "$@"; }
  bash -c "source '$comp'; complete -p charte" | grep -q -- '-F _charte' || complain "complete -p charte"
  [ "$(complete_words charte '' | sort | tr '\n' ' ')" == "$(printf '%s\n' $commands --help --version | sort | tr '\n' ' ')" ] \
    || complain "commands completed: $(complete_words charte '' | tr '\n' ' ')"
  [ "$(complete_words charte check --format '' | tr '\n' ' ')" == "text json sarif github " ] || complain "check --format: $(complete_words charte check --format '')"
  [ "$(complete_words charte check --format=s | tr '\n' ' ')" == "--format=sarif " ] || complain "check --format=s: $(complete_words charte check --format=s)"
  complete_words charte eval --do | grep -qx -- --donnees || complain "eval --do does not complete to --donnees"
  complete_words charte vérifier --st | grep -qx -- --strict || complain "the French spelling vérifier does not complete its options"
  mkdir -p "$tmp/c/sous" && touch "$tmp/c/a.charte" "$tmp/c/b.txt"
  (cd "$tmp/c" && complete_words charte check '') | sort | tr '\n' ' ' | grep -qx 'a.charte sous ' || complain "files: $(cd "$tmp/c" && complete_words charte check '')"
  # zsh: the function parses (it is tested by hand in zsh, see docs/editeurs.md).
  if command -v zsh >/dev/null; then zsh -n "$dest$prefix/share/zsh/site-functions/_charte" || complain "_charte does not parse"; else complain "zsh missing"; fi
fi

# --option=value for every option that takes a value.
amp=$ROOT/examples/amp/amp.charte
"$bin" check --format=json --lang=en "$amp" | grep -q '"format_version"' || complain "check --format=json --lang=en"
"$bin" test --format=junit --lang=en "$amp" | grep -q '<testsuites' || complain "test --format=junit"
"$bin" eval "$amp" --donnees="$ROOT/examples/amp/donnees" --au=2025-12-31 --format=csv --output="$tmp/r.csv" && [ -s "$tmp/r.csv" ] || complain "eval --donnees= --au= --format= --output="
"$bin" eval "$amp" --data="$ROOT/examples/amp/donnees" --as-of=31/12/2025 --sortie="$tmp/r2.csv" --format=csv && cmp -s "$tmp/r.csv" "$tmp/r2.csv" || complain "eval --data= --as-of= --sortie="
"$bin" fmt --lang=en --check "$amp" || complain "fmt --lang=en"
"$bin" help --lang=en eval | grep -q '^Usage: charte eval' || complain "help --lang=en"
printf '' | "$bin" lsp --lang=en; [ $? -eq 1 ] || complain "lsp --lang=en (a closed stream is exit 1)"

# make uninstall: nothing left below the prefix.
out=$(tools/install.sh uninstall "$build" "$dest" "$prefix" 2>&1) || complain "uninstall failed: $out"
left=$(find "$dest$prefix" -mindepth 1)
[ -z "$left" ] || complain "uninstall left:"$'\n'"$left"
# An uninstall with nothing installed is not an error.
tools/install.sh uninstall "$build" "$dest" "$prefix" >/dev/null || complain "a second uninstall failed"
exit $bad
