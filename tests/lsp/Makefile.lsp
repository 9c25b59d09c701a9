# tests/lsp/Makefile.lsp: the pinned npm packages of the editor tests (tests/lsp, tests/editors), `make bench-lsp` and `make editors`.
#
# Included by the main Makefile; make test and test-fast depend on editor-deps.
#   editor-deps   npm ci of tests/lsp (vscode-languageserver-protocol) and tests/editors
#                 (vscode-tmgrammar-test), exactly the lock files' versions
#   bench-lsp     the language server's soak (10 000 edits of the AMP example) and the
#                 re-check of a 5 000-line charter after one edit (docs/performance.md);
#                 make bench runs it too

EDITOR_NPM := tests/lsp/node_modules/.package-lock.json tests/editors/node_modules/.package-lock.json
LSP_EDITS  ?= 10000

.PHONY: editor-deps bench-lsp
editor-deps: $(EDITOR_NPM)

tests/lsp/node_modules/.package-lock.json: tests/lsp/package.json tests/lsp/package-lock.json
	cd tests/lsp && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

tests/editors/node_modules/.package-lock.json: tests/editors/package.json tests/editors/package-lock.json
	cd tests/editors && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

bench-lsp: $(BUILD)/charte editor-deps
	node tests/lsp/bench.js $(BUILD)/charte . $(LSP_EDITS)

bench: bench-lsp

# make editors: rewrites the editors' grammars (editors/vscode/syntaxes, editors/vim/syntax)
# from lang/vocab.def; tests/cli/editors.sh fails until they are rewritten after a change.
.PHONY: editors
editors:
	node tools/editor-grammars.js editors
