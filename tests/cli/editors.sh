#!/usr/bin/env bash
# tests/cli/editors.sh: the editor files (editors/): grammars up to date with lang/vocab.def, the TextMate grammar through vscode-tmgrammar-test, the Vim files headless, the VS Code extension's manifest.
set -u
cd "$ROOT" || exit 1
bad=0
complain() { printf 'editors: %s\n' "$*"; bad=1; }
tmgrammar=tests/editors/node_modules/.bin/vscode-tmgrammar-test
[ -x "$tmgrammar" ] || { echo "editors: $tmgrammar missing (make editor-deps)"; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# 1. The committed grammars are what tools/editor-grammars.js makes of lang/vocab.def today.
node tools/editor-grammars.js "$tmp/gen" || complain "tools/editor-grammars.js failed"
for f in vscode/syntaxes/charte.tmLanguage.json vim/syntax/charte.vim; do
  cmp -s "$tmp/gen/$f" "editors/$f" || complain "editors/$f is not up to date with lang/vocab.def (make editors):"$'\n'"$(diff "editors/$f" "$tmp/gen/$f" | head -20)"
done

# 2. One grammar test per construct, and every spelling of the vocabulary (read from the
# table by a script of its own, not by the generator).
out=$("$tmgrammar" --config editors/vscode/package.json 'tests/editors/grammar/*.charte' 2>&1) || complain "vscode-tmgrammar-test:"$'\n'"$out"
n=$(grep -c 'run successfuly' <<<"$out"); want=$(ls tests/editors/grammar/*.charte | wc -l)
[ "$n" -eq "$want" ] && [ "$want" -ge 7 ] || complain "$n of $want grammar tests passed"
node tests/editors/every-word.js "$tmp" >/dev/null || complain "tests/editors/every-word.js failed"
out=$("$tmgrammar" --config editors/vscode/package.json "$tmp/mots.charte" 2>&1) || complain "every word of lang/vocab.def:"$'\n'"$(head -30 <<<"$out")"

# 3. Vim: an error after accents and « », through charte check. (Vim reads the column as a
# screen column, %v: right for these, one off per double-width character such as an emoji.)
line='  comité de pilotage « Comité été » à l'"'"'échelle inconnu'
sed "s/^  comité de pilotage .*\$/$line/" examples/amp/amp.charte > "$tmp/erreur.charte"
grep -qF "$line" "$tmp/erreur.charte" || complain "the broken line was not written"
(cd "$tmp" && "$CHARTE" check erreur.charte) > "$tmp/erreur.txt" 2>&1
expect_line=$(grep -nF "$line" "$tmp/erreur.charte" | cut -d: -f1)
prefix=${line%%inconnu*}
expect_byte=$(LC_ALL=C; echo $(( ${#prefix} + 1 )))
if command -v vim >/dev/null; then
  (cd "$tmp" && PATH="$(dirname "$CHARTE"):$PATH" ROOT="$ROOT" OUT="$tmp" EXPECT_LINE=$expect_line EXPECT_BYTE=$expect_byte \
     vim -N -u NONE -i NONE -es -S "$ROOT/tests/editors/vim-test.vim" </dev/null >/dev/null 2>&1) \
    || complain "vim: $(cat "$tmp/vim.log" 2>/dev/null || echo 'no log')"
  checks=$(sed -n 's/^checks: //p' "$tmp/vim.log" 2>/dev/null)
  [ "${checks:-0}" -ge 200 ] || complain "vim: only ${checks:-0} checks ran"
else
  complain "vim missing (make deps-test installs it)"
fi

# 4. The VS Code extension: its manifest names files that exist, its code parses.
node -e '
  const fs = require("fs"), p = JSON.parse(fs.readFileSync("editors/vscode/package.json", "utf8"));
  const files = [p.main, ...p.contributes.grammars.map((g) => g.path), ...p.contributes.languages.map((l) => l.configuration)];
  for (const f of files) if (!fs.existsSync("editors/vscode/" + f)) { console.log("missing " + f); process.exit(1); }
  JSON.parse(fs.readFileSync("editors/vscode/language-configuration.json", "utf8"));
  if (!p.contributes.languages[0].extensions.includes(".charte")) process.exit(1);' || complain "editors/vscode/package.json"
node --check editors/vscode/extension.js || complain "editors/vscode/extension.js does not parse"
grep -q "'lsp'" editors/vscode/extension.js || complain "the extension does not start charte lsp"
grep -q "pattern: '\*\*/\*\.charte\.md'" editors/vscode/extension.js || complain "the extension does not give literate charters (.charte.md) to charte lsp"
exit $bad
