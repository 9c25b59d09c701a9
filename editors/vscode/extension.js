// editors/vscode/extension.js: the VS Code extension of charte: starts `charte lsp` for .charte files and literate charters (.charte.md) (diagnostics, hover, definition, outline, completion, formatting).
'use strict';
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

function activate(context) {
  const config = vscode.workspace.getConfiguration('charte');
  const command = config.get('chemin') || 'charte';
  const lang = config.get('langue');
  const args = ['lsp'].concat(lang ? ['--lang', lang] : []);
  client = new LanguageClient('charte', 'charte',
    { run: { command, args }, debug: { command, args } },
    // A literate charter is Markdown to VS Code: the server reads its ```charte blocks.
    { documentSelector: [{ scheme: 'file', language: 'charte' }, { scheme: 'untitled', language: 'charte' },
                         { scheme: 'file', language: 'markdown', pattern: '**/*.charte.md' }] });
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
