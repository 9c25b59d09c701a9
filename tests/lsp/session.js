// tests/lsp/session.js: scripted sessions of `charte lsp` driven by the protocol's own client library (vscode-languageserver-protocol, pinned in package.json).
//
// node tests/lsp/session.js CHARTE ROOT [SOAK_EDITS]
// Every check prints "ok - …" or "not ok - …"; the exit status is the number of failures
// (capped). SOAK_EDITS (default 0) sends that many edits of the AMP example in one session
// and compares the server's resident memory after the first 100 and at the end.
'use strict';
const path = require('path');
const fs = require('fs');
const os = require('os');
const cp = require('child_process');
const rpc = require('vscode-languageserver-protocol/node');

const [charteArg, rootArg, soakArg] = process.argv.slice(2);
const charte = path.resolve(charteArg || 'build/charte'), root = path.resolve(rootArg || '.');
const soakEdits = Number(soakArg || 0);
let failures = 0, lastChecked = '(none yet)';
function check(cond, what, detail) {
  lastChecked = what;
  if (cond) console.log(`ok - ${what}`);
  else { failures++; console.log(`not ok - ${what}${detail !== undefined ? '\n  ' + JSON.stringify(detail).slice(0, 2000) : ''}`); }
}
// What the session waits for now. No wait here has a time limit: a loaded machine (make
// mutants runs at nice 19 beside every other job) may take minutes over what takes a second
// when quiet, and a test must not fail for that. A server that exits ends the wait at once;
// one that hangs is stopped by tests/cli/lsp.sh's wall limit (against hangs only), whose
// SIGTERM makes the session say what it was waiting for.
const waiting = new Set();
process.on('SIGTERM', () => {
  console.log(`not ok - stopped by the wall limit while waiting for: ${[...waiting].join('; ') || 'a reply'} (last check: ${lastChecked})`);
  process.exit(1);
});
const uriOf = (p) => 'file://' + p.split('/').map(encodeURIComponent).join('/');
const ampPath = path.join(root, 'examples/amp/amp.charte');
const amp = fs.readFileSync(ampPath, 'utf8');
const ampLines = amp.split('\n');
const lineOf = (text, needle, from = 0) => text.split('\n').findIndex((l, i) => i >= from && l.includes(needle));

function start(args = [], binary = charte) {
  const child = cp.spawn(binary, ['lsp', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const server = { child, stderr: () => stderr, status: undefined };
  server.exited = new Promise((resolve) => child.on('exit', (code, signal) => {
    server.status = code === null ? signal : code;
    resolve(code);
  }));
  return server;
}

// A connection through the library: it frames, numbers and matches requests itself.
function connect(server) {
  const conn = rpc.createProtocolConnection(new rpc.StreamMessageReader(server.child.stdout),
                                            new rpc.StreamMessageWriter(server.child.stdin));
  const diagnostics = new Map();
  const waiters = [];
  const wake = () => { for (const w of waiters.splice(0)) w(); };
  conn.onNotification(rpc.PublishDiagnosticsNotification.type, (p) => {
    diagnostics.set(p.uri, p);
    wake();
  });
  server.exited.then(wake);
  conn.listen();
  conn.lastDiagnostics = (uri) => diagnostics.get(uri);
  // The diagnostics of uri once their version is at least v, however long the server takes;
  // an error if it exits before sending them.
  conn.diagnosticsOf = (uri, v) => new Promise((resolve, reject) => {
    const what = `the diagnostics of ${uri} v${v}`;
    waiting.add(what);
    const look = () => {
      const d = diagnostics.get(uri);
      if (d && (v === undefined || d.version >= v)) {
        waiting.delete(what);
        resolve(d);
      } else if (server.status !== undefined) {
        waiting.delete(what);
        reject(new Error(`the server exited (${server.status}) before ${what}: ${server.stderr().slice(0, 500)}`));
      } else waiters.push(look);
    };
    look();
  });
  return conn;
}

async function initialize(conn, locale) {
  const r = await conn.sendRequest(rpc.InitializeRequest.type,
    { processId: process.pid, rootUri: null, capabilities: {}, locale });
  await conn.sendNotification(rpc.InitializedNotification.type, {});
  return r;
}

const open = (conn, uri, text, version = 1) => conn.sendNotification(rpc.DidOpenTextDocumentNotification.type,
  { textDocument: { uri, languageId: 'charte', version, text } });
// A change is the whole text (a string) or a list of {range, text}.
const change = (conn, uri, text, version) => conn.sendNotification(rpc.DidChangeTextDocumentNotification.type,
  { textDocument: { uri, version }, contentChanges: typeof text === 'string' ? [{ text }] : text });
const range = (l1, c1, l2, c2) => ({ start: { line: l1, character: c1 }, end: { line: l2, character: c2 } });
const at = (uri, line, character) => ({ textDocument: { uri }, position: { line, character } });

// A test charter opened under tmp (its imports resolve there, lib/ copied by mainSession);
// hover(needle, word) gives the hover's text on the first letter of word in the line holding
// needle (its uri, text and lines beside).
function opener(conn, tmp) {
  return async (rel, name) => {
    const text = fs.readFileSync(path.join(root, rel), 'utf8'), lines = text.split('\n');
    const uri = uriOf(path.join(tmp, name));
    await open(conn, uri, text);
    await conn.diagnosticsOf(uri, 1);
    const hover = async (needle, word) => {
      const l = lineOf(text, needle);
      const h = await conn.sendRequest(rpc.HoverRequest.type, at(uri, l, lines[l].indexOf(word) + 1));
      return h && h.contents.value;
    };
    return Object.assign(hover, { uri, text, lines });
  };
}

// A binary with no copy of the stdlib near it (neither installed nor in a source tree): the
// modules are embedded and have no file an editor could open, so a definition into them gives
// nothing, while the hover on `utilise anru` still says what the module brings.
async function detachedSession(tmp) {
  const bin = path.join(tmp, 'seul', 'bin');
  fs.mkdirSync(bin, { recursive: true });
  fs.copyFileSync(charte, path.join(bin, 'charte'));
  fs.chmodSync(path.join(bin, 'charte'), 0o755);
  const server = start([], path.join(bin, 'charte'));
  const conn = connect(server);
  await initialize(conn, 'fr');
  const ampUri = uriOf(ampPath);
  await open(conn, ampUri, amp);
  await conn.diagnosticsOf(ampUri, 1);
  const useLine = lineOf(amp, 'utilise anru'), famLine = lineOf(amp, '| nettoyage     | « Nettoyage »');
  const defUse = await conn.sendRequest(rpc.DefinitionRequest.type, at(ampUri, useLine, 10));
  const defCat = await conn.sendRequest(rpc.DefinitionRequest.type, at(ampUri, famLine, ampLines[famLine].indexOf('gestion') + 1));
  const hu = await conn.sendRequest(rpc.HoverRequest.type, at(ampUri, useLine, 3));
  check(defUse === null && defCat === null && hu && hu.contents.value.includes('**module** `anru`'),
        'stdlib embedded with no file: no definition into it, the hover on `utilise anru` still answers', { defUse, defCat, hu });
  await conn.sendRequest(rpc.ShutdownRequest.type);
  await conn.sendNotification(rpc.ExitNotification.type);
  await server.exited;
  conn.dispose();
}

// The same server answering in English (locale en): the words of render and diff.
async function englishSession(tmp) {
  const server = start();
  const conn = connect(server);
  await initialize(conn, 'en');
  const openCharter = opener(conn, tmp);
  // A target pooled per owner: the hover says it as render and diff do.
  const ownerHover = await openCharter('tests/check/c0431-plancher-heures-ok.charte', 'par-maitre-ouvrage.charte');
  const oh = await ownerHover('mutualisé par maître d\'ouvrage', 'nettoyage 12');
  check(oh && /12 % of hours, pooled per contracting authority \(article 2/.test(oh),
        'hover (English) on a target pooled per owner: in render\'s and diff\'s words', oh);
  // What `utilise anru` brings, in English; the rhythms after `bilan`, said in English.
  const ampUri = uriOf(ampPath);
  await open(conn, ampUri, amp);
  await conn.diagnosticsOf(ampUri, 1);
  const useLine = lineOf(amp, 'utilise anru'), bilanLine = lineOf(amp, 'bilan semestriel');
  const hu = await conn.sendRequest(rpc.HoverRequest.type, at(ampUri, useLine, 3));
  const vu = hu && hu.contents.value;
  check(vu && vu.includes('**module** `anru`: “Charte nationale d\'insertion de l\'ANRU (NPNRU)”')
        && vu.includes('- article 5 “Données de suivi”') && vu.includes('Data tables: `marches`'),
        'hover (English) on `utilise anru`: title, articles, data tables', vu);
  const compB = await conn.sendRequest(rpc.CompletionRequest.type, at(ampUri, bilanLine, ampLines[bilanLine].length));
  check(compB.items.length === 4 && compB.items.every((i) => i.detail === 'reporting rhythm'),
        'completion (English) after `bilan`: the rhythms, said in English', compB.items);
  const conflictHover = await openCharter('tests/check/c0403-conflit.charte', 'conflict.charte');
  const ch = await conflictHover('nettoyage 12 %', 'nettoyage');
  const lineNo = (needle) => lineOf(conflictHover.text, needle) + 1;
  check(ch && ch.includes(`conflict between article 2 “Familles et objectifs”, line ${lineNo('nettoyage 10 %')} and `
                          + `article 2 “Familles et objectifs”, line ${lineNo('nettoyage 12 %')}`),
        'hover (English) on a conflict within one article: the two rules told apart by their lines', ch);
  await conn.sendRequest(rpc.ShutdownRequest.type);
  await conn.sendNotification(rpc.ExitNotification.type);
  check(await server.exited === 0, 'English session: shutdown then exit, status 0', server.stderr());
  conn.dispose();
}

async function mainSession(tmp) {
  const server = start();
  const conn = connect(server);
  const init = await initialize(conn, 'fr');
  const caps = init.capabilities;
  check(caps.textDocumentSync && caps.textDocumentSync.change === 2 && caps.hoverProvider && caps.definitionProvider
        && caps.documentSymbolProvider && caps.completionProvider && caps.documentFormattingProvider,
        'initialize: incremental sync, hover, definition, symbols, completion, formatting', caps);

  // Diagnostics on open: the AMP example is clean.
  const ampUri = uriOf(ampPath);
  await open(conn, ampUri, amp);
  const clean = await conn.diagnosticsOf(ampUri, 1);
  check(clean.diagnostics.length === 0, 'didOpen: the AMP example has no diagnostic', clean.diagnostics);

  // An error after accents, « » and a character outside the BMP on the same line: the
  // column is in UTF-16 code units, which is what a JavaScript string index counts.
  const badLine = '  comité de pilotage « Comité 🏗 été » à l\'échelle inconnu';
  const bad = amp.replace(/^ {2}comité de pilotage .*$/m, badLine);
  const badUri = uriOf(path.join(tmp, 'erreur.charte'));
  await open(conn, badUri, bad);
  const d1 = await conn.diagnosticsOf(badUri, 1);
  const line = lineOf(bad, badLine);
  const err = d1.diagnostics.find((d) => d.range.start.line === line);
  check(err && err.range.start.character === badLine.indexOf('inconnu')
        && err.range.end.character === badLine.indexOf('inconnu') + 'inconnu'.length,
        `diagnostic column in UTF-16 units (${badLine.indexOf('inconnu')}) after « », accents and 🏗`, d1.diagnostics);
  check(err && /^C\d{4}$/.test(err.code) && err.severity === 1 && err.source === 'charte'
        && err.codeDescription && /erreurs\/C\d{4}\.md$/.test(err.codeDescription.href),
        'diagnostic: code, severity, source and a link to its page', err);
  // The same text through check: the same code at the same line.
  fs.writeFileSync(path.join(tmp, 'erreur.charte'), bad);
  const cli = cp.spawnSync(charte, ['check', '--format', 'json', path.join(tmp, 'erreur.charte')], { encoding: 'utf8' });
  const cliDiags = JSON.parse(cli.stdout).diagnostics;
  check(cliDiags.length === d1.diagnostics.length
        && cliDiags.every((c, i) => c.code === d1.diagnostics[i].code && c.line - 1 === d1.diagnostics[i].range.start.line),
        'the diagnostics are those of charte check, in the same order', { cli: cliDiags, lsp: d1.diagnostics });

  // A target under the national floor: its note points into the stdlib, as related information.
  const floorLine = ampLines[lineOf(amp, '| nettoyage     | 10 %')];
  const under = amp.replace(floorLine, floorLine.replace('10 %', '8 % '));
  await change(conn, badUri, under, 2);
  const d2 = await conn.diagnosticsOf(badUri, 2);
  const c0401 = d2.diagnostics.find((d) => d.code === 'C0401');
  const rel = c0401 && c0401.relatedInformation && c0401.relatedInformation[0];
  check(d2.version === 2 && c0401 && rel && rel.location.uri === uriOf(path.join(root, 'stdlib/anru.charte'))
        && rel.location.range.start.line === lineOf(fs.readFileSync(path.join(root, 'stdlib/anru.charte'), 'utf8'), 'plancher gestion')
        && /plancher/.test(rel.message),
        'didChange: C0401 with its note (the national floor in stdlib/anru.charte) as relatedInformation', d2.diagnostics);
  await change(conn, badUri, bad, 3);
  await conn.diagnosticsOf(badUri, 3);
  // Incremental changes, in UTF-16 columns after « », accents and 🏗: the unknown scope
  // becomes amp, then a second change in the same message inserts a comment line.
  const at0 = badLine.indexOf('inconnu');
  await change(conn, badUri, [{ range: range(line, at0, line, at0 + 'inconnu'.length), text: 'amp' },
                              { range: range(line + 1, 0, line + 1, 0), text: '  -- ajouté 🏗\n' }], 4);
  const d3 = await conn.diagnosticsOf(badUri, 4);
  check(d3.version === 4 && d3.diagnostics.length === 0, 'incremental didChange (UTF-16 ranges): the fixed text clears the diagnostics', d3.diagnostics);
  // The server's text is the editor's: the new name, and every later line one further down.
  const h0 = await conn.sendRequest(rpc.HoverRequest.type, at(badUri, line, at0 + 1));
  const fam0 = lineOf(amp, '| nettoyage     | « Nettoyage »'), tgt0 = lineOf(amp, '| nettoyage     | 10 %');
  const def0 = await conn.sendRequest(rpc.DefinitionRequest.type, at(badUri, tgt0 + 1, 5));
  check(h0 && h0.contents.value.includes('**périmètre** `amp`') && Array.isArray(def0)
        && def0[0].uri === badUri && def0[0].range.start.line === fam0 + 1,
        'incremental didChange: the edited name, and later lines one further down', { h0, def0 });

  // Hover on a family where it is declared: its category, parameters and article.
  const famLine = lineOf(amp, '| nettoyage     | « Nettoyage »');
  const h1 = await conn.sendRequest(rpc.HoverRequest.type, at(ampUri, famLine, ampLines[famLine].indexOf('nettoyage') + 3));
  const v1 = h1 && h1.contents.value;
  check(v1 && v1.includes('**famille** `nettoyage`') && v1.includes('catégorie `gestion`') && v1.includes('80 %')
        && v1.includes('25 €/h') && v1.includes('article 3 « Familles de marchés »'),
        'hover on a family: declaration, category, units, article', v1);
  check(h1 && h1.range.start.line === famLine && h1.range.start.character === ampLines[famLine].indexOf('nettoyage'),
        'hover: the range of the word', h1 && h1.range);
  // Hover on a family in a target row: rate and threshold in force for that family x scope.
  const tgtLine = lineOf(amp, '| nettoyage     | 10 %');
  const h2 = await conn.sendRequest(rpc.HoverRequest.type, at(ampUri, tgtLine, ampLines[tgtLine].indexOf('nettoyage')));
  const v2 = h2 && h2.contents.value;
  check(v2 && v2.includes('**famille × périmètre**') && v2.includes('`nettoyage` × `amp` : 10 % des heures')
        && /seuil 40\s000\s€/.test(v2) && v2.includes('article 4 « Objectifs d\'heures d\'insertion »'),
        'hover on family × scope: rate, threshold, the articles that set them', v2);
  // The scope a project nests in: the rules resolved there, an amendment among them.
  const sbLine = lineOf(amp, '| saint_barthelemy |');
  const h3 = await conn.sendRequest(rpc.HoverRequest.type, at(ampUri, sbLine, 5));
  const v3 = h3 && h3.contents.value;
  check(v3 && v3.includes('**périmètre** `saint_barthelemy`') && v3.includes('échelle `projet`')
        && v3.includes('dans `marseille`') && /avenant 2/.test(v3),
        'hover on a scope: level, parent, the rules in force there (an amendment included)', v3);
  // A column of the standard schema, declared in the stdlib.
  const colLine = lineOf(amp, 'montant_ht', lineOf(amp, 'exemple'));
  const h4 = await conn.sendRequest(rpc.HoverRequest.type, at(ampUri, colLine, ampLines[colLine].indexOf('montant_ht') + 1));
  const v4 = h4 && h4.contents.value;
  check(v4 && v4.includes('**colonne** `montant_ht`') && v4.includes('table `marches`') && v4.includes('€'),
        'hover on a column: its table, type and unit', v4);
  const h5 = await conn.sendRequest(rpc.HoverRequest.type, at(ampUri, 0, 0));
  check(h5 === null, 'hover on a comment: nothing', h5);

  // Definition: in the same file, in the stdlib, on the import line.
  const def1 = await conn.sendRequest(rpc.DefinitionRequest.type, at(ampUri, tgtLine, ampLines[tgtLine].indexOf('nettoyage') + 2));
  check(Array.isArray(def1) && def1.length === 1 && def1[0].uri === ampUri && def1[0].range.start.line === famLine
        && def1[0].range.start.character === ampLines[famLine].indexOf('nettoyage'),
        'definition of a family: its row in article 3', def1);
  const def2 = await conn.sendRequest(rpc.DefinitionRequest.type, at(ampUri, famLine, ampLines[famLine].indexOf('gestion') + 1));
  const anru = fs.readFileSync(path.join(root, 'stdlib/anru.charte'), 'utf8');
  check(Array.isArray(def2) && def2.length === 1 && def2[0].uri === uriOf(path.join(root, 'stdlib/anru.charte'))
        && def2[0].range.start.line === lineOf(anru, 'catégorie gestion'),
        'definition of a category: the national charter (stdlib/anru.charte)', def2);
  const useLine = lineOf(amp, 'utilise anru');
  const def3 = await conn.sendRequest(rpc.DefinitionRequest.type, at(ampUri, useLine, 10));
  check(def3 && !Array.isArray(def3) && def3.uri === uriOf(path.join(root, 'stdlib/anru.charte')),
        'definition on `utilise anru`: the stdlib module', def3);
  // Hover on `utilise anru`: what the module brings (title, articles, data tables).
  const hu = await conn.sendRequest(rpc.HoverRequest.type, at(ampUri, useLine, 3));
  const vu = hu && hu.contents.value;
  check(vu && vu.includes('**module** `anru` : « Charte nationale d\'insertion de l\'ANRU (NPNRU) »')
        && vu.includes('- article 2 « Catégories et planchers nationaux (charte NPNRU, 2015) »')
        && vu.includes('Tables de données : `marches`, `participants`, `heures`, `embauches`')
        && hu.range.start.line === useLine,
        'hover on `utilise anru`: the module\'s title, articles and data tables', hu);
  // Definition on `modifie l'article 4`: the article the amendment amends, in the same charter.
  const amendsLine = lineOf(amp, 'modifie l\'article 4');
  const def5 = await conn.sendRequest(rpc.DefinitionRequest.type, at(ampUri, amendsLine, ampLines[amendsLine].indexOf('4')));
  check(Array.isArray(def5) && def5.length === 1 && def5[0].uri === ampUri && def5[0].range.start.line === lineOf(amp, 'article 4 «'),
        'definition on `modifie l\'article 4`: article 4 of the charter', def5);
  // Completion after `bilan `: the reporting rhythms only.
  const bilanLine = lineOf(amp, 'bilan semestriel');
  const compB = await conn.sendRequest(rpc.CompletionRequest.type, at(ampUri, bilanLine, ampLines[bilanLine].indexOf('semestriel') + 3));
  const rhythms = compB.items.map((i) => i.label).sort();
  check(JSON.stringify(rhythms) === JSON.stringify(['annuel', 'mensuel', 'semestriel', 'trimestriel'])
        && compB.items.every((i) => i.detail === 'rythme de bilan'),
        'completion after `bilan`: the four reporting rhythms', compB.items);
  // Elsewhere (the second word of another line), everything as before.
  const pilotLine = lineOf(amp, 'structure pilote');
  const compP = await conn.sendRequest(rpc.CompletionRequest.type, at(ampUri, pilotLine, ampLines[pilotLine].indexOf('pilote') + 2));
  check(compP.items.length > 20 && compP.items.some((i) => i.label === 'nettoyage') && !compP.items.some((i) => i.label === 'mensuel'),
        'completion after another line\'s first word: the words and names, no rhythm', compP.items.length);

  // Across an import of a file of our own.
  fs.mkdirSync(path.join(tmp, 'lib'));
  fs.copyFileSync(path.join(root, 'tests/check/lib/base.charte'), path.join(tmp, 'lib/base.charte'));
  const libText = fs.readFileSync(path.join(tmp, 'lib/base.charte'), 'utf8');
  const mainText = fs.readFileSync(path.join(root, 'tests/check/c0420-colonne-inconnue-ok.charte'), 'utf8');
  const mainUri = uriOf(path.join(tmp, 'principal.charte'));
  await open(conn, mainUri, mainText);
  await conn.diagnosticsOf(mainUri, 1);
  const ampUse = lineOf(mainText, 'à l\'échelle amp');
  const def4 = await conn.sendRequest(rpc.DefinitionRequest.type,
    at(mainUri, ampUse, mainText.split('\n')[ampUse].indexOf('amp') + 1));
  check(Array.isArray(def4) && def4.length === 1 && def4[0].uri === uriOf(path.join(tmp, 'lib/base.charte'))
        && def4[0].range.start.line === lineOf(libText, 'amp'),
        'definition across an import: the scope declared in lib/base.charte', def4);

  const openCharter = opener(conn, tmp);

  // Accepted warnings: shown as Information (no squiggle that asks for a fix), the acceptance
  // as the last related information and in the message; the others still warnings; the same
  // diagnostics as charte check --format json, in the same order.
  const accRel = 'tests/check/c0470-avertissement-ok.charte';
  const accText = fs.readFileSync(path.join(root, accRel), 'utf8');
  const accUri = uriOf(path.join(tmp, 'acceptes.charte'));
  await open(conn, accUri, accText);
  const accD = (await conn.diagnosticsOf(accUri, 1)).diagnostics;
  const accCli = JSON.parse(cp.spawnSync(charte, ['check', '--format', 'json', path.basename(accRel)],
    { encoding: 'utf8', cwd: path.join(root, 'tests/check') }).stdout).diagnostics;
  check(accCli.length === accD.length && accCli.every((c, i) => c.code === accD[i].code && c.line - 1 === accD[i].range.start.line
        && (c.accepted ? 3 : 2) === accD[i].severity),
        'accepted warnings: the diagnostics of charte check, Information when accepted, Warning otherwise',
        { cli: accCli, lsp: accD });
  const accepted = accD.filter((d) => d.severity === 3);
  const accLine = lineOf(accText, 'avertissement accepté C0432 : « Avenant');
  const lastRel = accepted.length === 2 && accepted[1].relatedInformation[accepted[1].relatedInformation.length - 1];
  check(lastRel && lastRel.location.uri === accUri && lastRel.location.range.start.line === accLine
        && /^avertissement accepté \(avenant 1 « Seuil des travaux »\) : « Avenant du 05\/01\/2024/.test(lastRel.message)
        && accepted[1].message.endsWith('\navertissement accepté (avenant 1 « Seuil des travaux ») : « Avenant du 05/01/2024 : seuil aligné sur le marché type »'),
        'accepted warning: its acceptance as the last related information and in its message', accepted);
  // A hover on the accepted code says what its page says: the reader knows what was accepted.
  const accCodeLine = lineOf(accText, 'C0432 : « Relèvement');
  const hc = await conn.sendRequest(rpc.HoverRequest.type,
    at(accUri, accCodeLine, accText.split('\n')[accCodeLine].indexOf('C0432') + 2));
  const vc = hc && hc.contents.value;
  check(vc && vc.startsWith('**avertissement** `C0432` — seuil relevé\n\nUne règle plus étroite'),
        'hover on an accepted code: its severity, title and the first paragraph of its page', vc);

  // A target of hires: the hover says that target (the amendment's rate in force today), never
  // the hours target of the same family and scope, which the line does not set; a nature that
  // is not a family, and a target reserved to an owner, likewise.
  const hiresHover = await openCharter('tests/check/c0403-heures-et-embauches-ok.charte', 'embauches.charte');
  const hh1 = await hiresHover('nettoyage 20 % des embauches', 'nettoyage 20');
  check(hh1 && hh1.includes("**objectif d'embauches**") && hh1.includes('`nettoyage` × `amp` : 25 % des embauches (avenant 1')
        && !hh1.includes('des heures'), 'hover on a target of hires: that target in force (an amendment), not the hours target', hh1);
  const hh2 = await hiresHover('fonctionnement_equipement 10 %', 'amp');
  check(hh2 && hh2.includes('`fonctionnement_equipement` × `amp` : 10 % des embauches'),
        'hover on the scope of a target of hires whose nature is not a family', hh2);
  const hh3 = await hiresHover('nettoyage 30 % des embauches', 'marseille');
  check(hh3 && hh3.includes('maître d\'ouvrage « 13 Habitat »') && hh3.includes('30 % des embauches') && !hh3.includes('12 %'),
        'hover on a target of hires reserved to an owner', hh3);
  // Outside a rule, the family lists each hires target once, with its rule in force, however
  // many rules set it (two rules for nettoyage × amp: article 2 and amendment 1).
  const hh4 = await hiresHover('famille nettoyage', 'nettoyage');
  const count = (t, re) => (t.match(re) || []).length;
  check(hh4 && count(hh4, /`nettoyage` × `amp` : [^\n]*des embauches/g) === 1
        && hh4.includes('`nettoyage` × `amp` : 25 % des embauches (avenant 1')
        && count(hh4, /30 % des embauches/g) === 1 && count(hh4, /% des embauches/g) === 2,
        'hover on a family: each hires target once, several rules on one target', hh4);

  // A conflict between two rules of one article: the hover tells them apart by their lines.
  const conflictHover = await openCharter('tests/check/c0403-conflit.charte', 'conflit.charte');
  const ch = await conflictHover('nettoyage 12 %', 'nettoyage');
  const lineNo = (needle) => lineOf(conflictHover.text, needle) + 1;
  check(ch && ch.includes(`conflit entre article 2 « Familles et objectifs », ligne ${lineNo('nettoyage 10 %')} et `
                          + `article 2 « Familles et objectifs », ligne ${lineNo('nettoyage 12 %')}`),
        'hover on a conflict within one article: the two rules told apart by their lines', ch);

  // A pooled target: the hover says it is pooled (assessed once over its members); a
  // narrower rule of the same family that is not pooled does not.
  const poolHover = await openCharter('tests/check/c0430-heures-fixes-ok.charte', 'mutualisation.charte');
  const ph1 = await poolHover('objectif mutualisé à l\'échelle amp', 'nettoyage 3');
  const ph2 = await poolHover('objectif à l\'échelle belle_de_mai', 'nettoyage 5');
  check(ph1 && /3\s000 h, mutualisé \(article 2/.test(ph1) && ph2 && ph2.includes('500 h (article 2') && !ph2.includes('mutualisé ('),
        'hover on a pooled target says it is pooled; a narrower one that is not, not', { ph1, ph2 });

  // âge is no declared name, but the hover says what the checker reads it as.
  const ageHover = await openCharter('tests/check/syntaxe/c0102-parenthese-ok.charte', 'age.charte');
  const ha = await ageHover('âge < 26 ans', 'âge');
  check(ha && ha.includes('**âge**') && ha.includes('`date_naissance` et `date_entree`'),
        'hover on âge: the full years between date_naissance and date_entree', ha);

  // Document symbols: articles with what they declare, amendments, examples.
  const syms = await conn.sendRequest(rpc.DocumentSymbolRequest.type, { textDocument: { uri: ampUri } });
  const names = syms.map((s) => s.name);
  const art3 = syms.find((s) => s.name === 'article 3');
  check(names.includes('article 1') && names.includes('avenant 1') && names.includes('avenant 2')
        && names.filter((n) => n.startsWith('exemple « ')).length === (amp.match(/^exemple /gm) || []).length
        && art3 && art3.detail === 'Familles de marchés' && art3.children.some((c) => c.name === 'nettoyage'),
        'documentSymbol: articles (and the families they declare), amendments, examples', names);

  // Completion: words of lang/vocab.def, names, families, scopes, stdlib modules.
  const comp = await conn.sendRequest(rpc.CompletionRequest.type, at(ampUri, famLine, 2));
  const labels = new Set(comp.items.map((i) => i.label));
  const vocab = fs.readFileSync(path.join(root, 'lang/vocab.def'), 'utf8');
  const keywords = [...vocab.matchAll(/^VOCAB_KEYWORD\(\w+, "([^"]+)"/gm)].map((m) => m[1]);
  const missing = keywords.filter((k) => !labels.has(k));
  check(keywords.length > 20 && missing.length === 0, `completion: every keyword of lang/vocab.def (${keywords.length})`, missing);
  check(['nettoyage', 'amp', 'saint_barthelemy', 'gestion', 'montant_ht', 'anru'].every((l) => labels.has(l)),
        'completion: families, scopes, categories, columns, stdlib modules', [...labels].slice(0, 80));

  // Formatting: one edit whose text is what charte fmt prints.
  const messy = amp.replace('bilan semestriel', 'bilan    semestriel');
  const fmtUri = uriOf(path.join(tmp, 'mise-en-forme.charte'));
  await open(conn, fmtUri, messy);
  fs.writeFileSync(path.join(tmp, 'mise-en-forme.charte'), messy);
  const expected = cp.spawnSync(charte, ['fmt', path.join(tmp, 'mise-en-forme.charte')], { encoding: 'utf8' }).stdout;
  const edits = await conn.sendRequest(rpc.DocumentFormattingRequest.type,
    { textDocument: { uri: fmtUri }, options: { tabSize: 2, insertSpaces: true } });
  check(Array.isArray(edits) && edits.length === 1 && edits[0].newText === expected && expected.includes('bilan semestriel')
        && edits[0].range.start.line === 0, 'formatting: the canonical text of charte fmt', edits);
  const none = await conn.sendRequest(rpc.DocumentFormattingRequest.type,
    { textDocument: { uri: ampUri }, options: { tabSize: 2, insertSpaces: true } });
  check(Array.isArray(none) && none.length === 0, 'formatting an already canonical charter: no edit', none);

  // A document over the 16 MiB of a charter: one diagnostic (C0006, as check says of such a
  // file), nothing parsed; closing a document clears its diagnostics.
  const hugeUri = uriOf(path.join(tmp, 'enorme.charte'));
  await open(conn, hugeUri, '-- ' + 'x'.repeat(16 * 1024 * 1024 + 10) + '\n');
  const dh = await conn.diagnosticsOf(hugeUri, 1);
  check(dh.diagnostics.length === 1 && dh.diagnostics[0].code === 'C0006', 'a document over the size bound: C0006', dh.diagnostics);
  await conn.sendNotification(rpc.DidCloseTextDocumentNotification.type, { textDocument: { uri: hugeUri } });
  let closedHover;
  try { await conn.sendRequest(rpc.HoverRequest.type, at(hugeUri, 0, 0)); } catch (e) { closedHover = e.code; }
  // The server answers in order: the notification of the close came before this answer.
  const dc = conn.lastDiagnostics(hugeUri);
  check(dc && dc.diagnostics.length === 0 && closedHover === -32602,
        'didClose: its diagnostics cleared, the document forgotten', { dc, closedHover });

  // An unknown method: -32601, and the session goes on.
  let code;
  try { await conn.sendRequest('charte/inconnue', {}); } catch (e) { code = e.code; }
  check(code === -32601, 'unknown method: error -32601', code);
  let closed;
  try { await conn.sendRequest(rpc.HoverRequest.type, at('file:///nulle/part.charte', 0, 0)); } catch (e) { closed = e.code; }
  check(closed === -32602, 'a request about a document not open: invalid params', closed);

  await conn.sendRequest(rpc.ShutdownRequest.type);
  await conn.sendNotification(rpc.ExitNotification.type);
  const status = await server.exited;
  check(status === 0, 'shutdown then exit: exit status 0', { status, stderr: server.stderr() });
  conn.dispose();
}

// A literate charter (.charte.md, opened as Markdown): its ```charte blocks are the charter, as
// charte check reads it; the prose is left alone (no diagnostic, hover or completion there),
// formatting touches the blocks only, as charte fmt does.
async function literateSession(tmp) {
  const server = start();
  const conn = connect(server);
  await initialize(conn, 'fr');
  const md = fs.readFileSync(path.join(root, 'examples/amp/amp.charte.md'), 'utf8'), mdLines = md.split('\n');
  // The lines inside ```charte blocks (fences excluded).
  const inBlock = (text) => { let on = false; return text.split('\n').map((l) => { if (/^```/.test(l)) { on = /^```charte/.test(l); return false; } return on; }); };
  const blocks = inBlock(md);
  const openMd = (uri, text) => conn.sendNotification(rpc.DidOpenTextDocumentNotification.type,
    { textDocument: { uri, languageId: 'markdown', version: 1, text } });
  const mdUri = uriOf(path.join(tmp, 'amp.charte.md'));
  await openMd(mdUri, md);
  const d0 = await conn.diagnosticsOf(mdUri, 1);
  check(d0.diagnostics.length === 0, 'literate charter: the AMP example in Markdown has no diagnostic (its prose is no charter)', d0.diagnostics.slice(0, 3));
  // An untitled document has no path: opened as Markdown, it is read the same way.
  await openMd('untitled:brouillon-1', md);
  const du = await conn.diagnosticsOf('untitled:brouillon-1', 1);
  check(du.diagnostics.length === 0, 'literate charter: an untitled Markdown document (languageId) is read by its blocks', du.diagnostics.slice(0, 3));

  // An error after accents, « » and 🏗 inside a block: the diagnostics of charte check on the
  // same file, at the Markdown's lines, in UTF-16 columns.
  const badLine = '  comité de pilotage « Comité 🏗 été » à l\'échelle inconnu';
  const bad = md.replace(/^ {2}comité de pilotage .*$/m, badLine), line = lineOf(bad, badLine);
  const badPath = path.join(tmp, 'erreur.charte.md'), badUri = uriOf(badPath);
  fs.writeFileSync(badPath, bad);
  await openMd(badUri, bad);
  const d1 = await conn.diagnosticsOf(badUri, 1);
  const cliDiags = JSON.parse(cp.spawnSync(charte, ['check', '--format', 'json', badPath], { encoding: 'utf8' }).stdout).diagnostics;
  const err = d1.diagnostics.find((d) => d.range.start.line === line);
  check(d1.diagnostics.length > 0 && cliDiags.length === d1.diagnostics.length
        && cliDiags.every((c, i) => c.code === d1.diagnostics[i].code && c.line - 1 === d1.diagnostics[i].range.start.line)
        && d1.diagnostics.every((d) => blocks[d.range.start.line])
        && err && err.range.start.character === badLine.indexOf('inconnu'),
        'literate charter: the diagnostics of charte check, at the Markdown\'s lines and UTF-16 columns, none in the prose',
        { cli: cliDiags, lsp: d1.diagnostics });

  // A prose line naming a family and a scope, added by an incremental change: no diagnostic,
  // and nothing to hover or complete there; the same family in a block is hovered.
  const proseAt = lineOf(md, 'Chaque marché relève');
  await change(conn, mdUri, [{ range: range(proseAt, 0, proseAt, 0), text: 'La famille nettoyage, à l\'échelle amp : 🏗 été.\n' }], 2);
  const d2 = await conn.diagnosticsOf(mdUri, 2);
  const famLine = lineOf(md, '| nettoyage     | « Nettoyage »') + 1;
  const hProse = await conn.sendRequest(rpc.HoverRequest.type, at(mdUri, proseAt, 12));
  const cProse = await conn.sendRequest(rpc.CompletionRequest.type, at(mdUri, proseAt, 12));
  const hBlock = await conn.sendRequest(rpc.HoverRequest.type, at(mdUri, famLine, mdLines[famLine - 1].indexOf('nettoyage') + 2));
  check(d2.version === 2 && d2.diagnostics.length === 0 && hProse === null && cProse === null
        && hBlock && hBlock.contents.value.includes('**famille** `nettoyage`') && hBlock.range.start.line === famLine,
        'literate charter: prose edited incrementally, no diagnostic, hover or completion in it; a block\'s name hovered one line down',
        { d2: d2.diagnostics.slice(0, 3), hProse, cProse: cProse && cProse.items && cProse.items.length, hBlock });
  // Definition from a block to a block, and the outline: at the Markdown's lines.
  const tgtLine = lineOf(md, '| nettoyage     | 10 %') + 1;
  const def = await conn.sendRequest(rpc.DefinitionRequest.type, at(mdUri, tgtLine, mdLines[tgtLine - 1].indexOf('nettoyage') + 1));
  const syms = await conn.sendRequest(rpc.DocumentSymbolRequest.type, { textDocument: { uri: mdUri } });
  check(Array.isArray(def) && def[0].uri === mdUri && def[0].range.start.line === famLine
        && Array.isArray(syms) && syms.length > 0 && syms.every((x) => blocks[x.range.start.line - (x.range.start.line > proseAt ? 1 : 0)]),
        'literate charter: definition and document symbols at the Markdown\'s lines', { def, syms: syms && syms.map((x) => x.range.start.line) });

  // Formatting: what charte fmt writes for the .md file, by edits inside the blocks only.
  const messy = md.replace('| nettoyage     | « Nettoyage »                  | gestion        |', '|nettoyage|  « Nettoyage » |   gestion |').replace('  bilan semestriel', '    bilan   semestriel');
  const messyPath = path.join(tmp, 'desordre.charte.md'), messyUri = uriOf(messyPath);
  fs.writeFileSync(messyPath, messy);
  const expected = cp.spawnSync(charte, ['fmt', messyPath], { encoding: 'utf8' }).stdout;
  await openMd(messyUri, messy);
  await conn.diagnosticsOf(messyUri, 1);
  const edits = await conn.sendRequest(rpc.DocumentFormattingRequest.type, { textDocument: { uri: messyUri }, options: { tabSize: 2, insertSpaces: true } });
  const messyLines = inBlock(messy);
  let applied = messy.split('\n');
  for (const e of [...(edits || [])].reverse()) {
    const head = applied.slice(0, e.range.start.line), tail = applied.slice(e.range.end.line);
    const joined = applied[e.range.start.line].slice(0, e.range.start.character) + e.newText + applied[e.range.end.line].slice(e.range.end.character);
    applied = head.concat(joined.split('\n'), tail.slice(1));
  }
  check(Array.isArray(edits) && edits.length === 2 && expected !== messy && applied.join('\n') === expected
        && edits.every((e) => messyLines[e.range.start.line] && (messyLines[e.range.end.line] || (e.range.end.character === 0 && messyLines[e.range.end.line - 1]))),
        'literate charter: formatting is charte fmt\'s, by one edit inside each block that changes', edits);
  const none = await conn.sendRequest(rpc.DocumentFormattingRequest.type, { textDocument: { uri: mdUri }, options: { tabSize: 2, insertSpaces: true } });
  check(Array.isArray(none) && none.length === 0, 'literate charter: formatting a canonical one gives no edit', none);

  await conn.sendRequest(rpc.ShutdownRequest.type);
  await conn.sendNotification(rpc.ExitNotification.type);
  check(await server.exited === 0, 'literate session: shutdown then exit, status 0', server.stderr());
  conn.dispose();
}

// A charter of n families, each with a target at pays_aix, its families named name(i): the two
// hover sessions below read the rules of a scope with thousands of families.
function familiesCharter(title, n, name) {
  let text = `charte « ${title} »\n  en vigueur du 01/01/2021 au 31/12/2030\n\nutilise anru\n\narticle 1 « Périmètres »\n`
    + '  périmètre pays_aix : intercommunal « Pays d\'Aix » dans national\n\narticle 2 « Familles »\n';
  for (let i = 0; i < n; i++) text += `  famille ${name(i)} : gestion, part de main-d'œuvre 80 %, coût horaire 25 €/h\n`;
  text += '\narticle 3 « Objectifs »\n';
  for (let i = 0; i < n; i++) text += `  objectif à l'échelle pays_aix : ${name(i)} 10 %, seuil 40 000 €\n`;
  return text;
}

// The hover's text on the scope pays_aix of text, opened as uri once its diagnostics are in.
async function hoverOnPaysAix(conn, uri, text) {
  const lines = text.split('\n');
  await open(conn, uri, text);
  await conn.diagnosticsOf(uri, 1);
  const l = lineOf(text, 'périmètre pays_aix');
  const h = await conn.sendRequest(rpc.HoverRequest.type, at(uri, l, lines[l].indexOf('pays_aix') + 1));
  return h ? h.contents.value : '';
}

// The hover on a scope lists the rules in force for each family there: with 3 000 families, every
// one of them, with short names and with names 200 letters longer. The hover's text is built by
// appending (lsp_hover.c); that its cost stays linear is measured by hand, not asserted here:
// make test times nothing (the journal's fifteenth run gives the figures).
async function hoverScaleSession() {
  const server = start();
  const conn = connect(server);
  await initialize(conn, 'fr');
  const n = 3000;
  const hoverRules = async (pad) => {
    const text = familiesCharter('Échelle', n, (i) => `f${'x'.repeat(pad)}${i}`);
    const v = await hoverOnPaysAix(conn, `file:///nulle/part/echelle-${pad}.charte`, text);
    return (v.match(/\n- `f/g) || []).length;
  };
  const short = await hoverRules(0), long = await hoverRules(200);
  check(short === n && long === n, `hover on a scope with ${n} families: every family's rule listed`, { short, long });
  await conn.sendRequest(rpc.ShutdownRequest.type);
  await conn.sendNotification(rpc.ExitNotification.type);
  await server.exited;
  conn.dispose();
}

// The hover on a scope resolves the rules in force for each family there, as eval does: with
// 16 000 families, each resolution used to scan all 16 000 rules (4.2 s for one hover, 2026-12-05);
// they now read the model's index of rules by family and scope. Checked here: the right rule for
// the first family, and for the last, whose amendment replaces its article's rate (not a time).
async function hoverFamiliesSession() {
  const server = start();
  const conn = connect(server);
  await initialize(conn, 'fr');
  const n = 16000;
  const text = familiesCharter('Familles', n, (i) => `f${i}`)
    + `\navenant 1 « Relèvement »\n  applicable aux marchés notifiés à partir du 01/07/2024\n  modifie l'article 3\n`
    + `  objectif à l'échelle pays_aix : f${n - 1} 15 %\n`;
  const v = await hoverOnPaysAix(conn, 'file:///nulle/part/familles.charte', text);
  const line = (f) => (v.split('\n').find((x) => x.startsWith(`- \`${f}\` × \`pays_aix\``)) || '');
  const first = line('f0'), last = line(`f${n - 1}`), listed = (v.match(/\n- `f/g) || []).length;
  check(listed === n && /^- `f0` × `pays_aix` : 10\s%.*\(article 3 « Objectifs »\) ; seuil 40\s000\s€ \(article 3 « Objectifs »\)$/.test(first)
        && /^- `f15999` × `pays_aix` : 15\s%.*\(avenant 1 « Relèvement »\) ; seuil 40\s000\s€ \(article 3 « Objectifs »\)$/.test(last),
        `hover on a scope with ${n} families: each family's rule in force, an amendment's included`, { listed, first, last });
  await conn.sendRequest(rpc.ShutdownRequest.type);
  await conn.sendNotification(rpc.ExitNotification.type);
  await server.exited;
  conn.dispose();
}

// Raw bytes: a message cut across reads, two in one write, malformed JSON, a body too large.
async function rawSession() {
  const server = start();
  const replies = [], arrived = [];
  const wake = () => { for (const w of arrived.splice(0)) w(); };
  const reader = new rpc.StreamMessageReader(server.child.stdout);
  reader.listen((m) => { replies.push(m); wake(); });
  server.exited.then(wake);
  const frame = (obj) => {
    const body = Buffer.from(typeof obj === 'string' ? obj : JSON.stringify(obj), 'utf8');
    return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]);
  };
  const write = (b) => new Promise((resolve) => server.child.stdin.write(b, resolve));
  const pause = (ms) => new Promise((r) => setTimeout(r, ms));
  // The first reply that pred accepts, however long it takes; undefined once the server has
  // exited without sending it.
  const waitFor = (pred, what) => new Promise((resolve) => {
    waiting.add(what);
    const look = () => {
      const m = replies.find(pred);
      if (m || server.status !== undefined) {
        waiting.delete(what);
        resolve(m);
      } else arrived.push(look);
    };
    look();
  });
  // initialize, split in three writes: inside the header, inside the body (within a UTF-8 sequence).
  const init = frame({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { capabilities: {}, locale: 'fr', rootUri: 'file:///tmp/é' } });
  const cut1 = 7, cut2 = init.indexOf(Buffer.from('é')) + 1;
  await write(init.subarray(0, cut1)); await pause(50);
  await write(init.subarray(cut1, cut2)); await pause(50);
  await write(init.subarray(cut2));
  const r1 = await waitFor((m) => m.id === 1, 'the reply to initialize (id 1)');
  check(r1 && r1.result && r1.result.capabilities, 'a message split across three reads (header, mid-character) is read whole', r1);
  // Two messages in one write.
  await write(Buffer.concat([frame({ jsonrpc: '2.0', method: 'initialized', params: {} }),
                             frame({ jsonrpc: '2.0', id: 2, method: 'charte/inconnue' })]));
  const r2 = await waitFor((m) => m.id === 2, 'the reply to charte/inconnue (id 2)');
  check(r2 && r2.error && r2.error.code === -32601, 'two messages in one read: both handled (-32601 for the second)', r2);
  // Malformed JSON: -32700 with a null id, and the session goes on.
  const badJson = '{"jsonrpc": "2.0", "id": 3, "method": ';
  await write(frame(badJson));
  const r3 = await waitFor((m) => m.error && m.error.code === -32700, 'error -32700');
  check(r3 && r3.id === null, 'malformed JSON: error -32700, id null', r3);
  // A body over the bound (64 MiB): refused without being held, then the next message is answered.
  const big = 64 * 1024 * 1024 + 1;
  await write(Buffer.from(`Content-Length: ${big}\r\n\r\n`, 'ascii'));
  const chunk = Buffer.alloc(1024 * 1024, 0x20);
  for (let sent = 0; sent < big; sent += chunk.length) await write(sent + chunk.length <= big ? chunk : chunk.subarray(0, big - sent));
  await write(frame({ jsonrpc: '2.0', id: 4, method: 'shutdown' }));
  const r4 = await waitFor((m) => m.error && m.error.code === -32600, 'error -32600');
  const r5 = await waitFor((m) => m.id === 4, 'the reply to shutdown (id 4)');
  check(r4 && /too large/.test(r4.error.message) && r5 && r5.result === null,
        'a Content-Length over the bound: refused (-32600), the next message answered', { r4, r5 });
  const status = fs.readFileSync(`/proc/${server.child.pid}/status`, 'utf8');
  const hwm = Number((status.match(/VmHWM:\s+(\d+)/) || [])[1]) * 1024;
  const sanitized = process.env.SANITIZED_BUILD === '1';
  check(sanitized || hwm < 48 * 1024 * 1024, `the refused body was never held (peak RSS ${Math.round(hwm / 1048576)} MiB < 48)`, hwm);
  // exit without shutdown would be 1; here shutdown came first.
  await write(frame({ jsonrpc: '2.0', method: 'exit' }));
  check(await server.exited === 0, 'exit after shutdown: status 0');
  // exit without shutdown: status 1, as the protocol says.
  const other = start();
  other.child.stdin.end(Buffer.concat([frame({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { capabilities: {} } }),
                                       frame({ jsonrpc: '2.0', method: 'exit' })]));
  check(await other.exited === 1, 'exit without shutdown: status 1');
  // The bad frames above were said on stderr (the editor's log), with their byte in the stream,
  // in the session's language (French: locale fr); the session went on after each.
  const log = server.stderr().split('\n').filter((l) => l);
  const jsonAt = init.length + frame({ jsonrpc: '2.0', method: 'initialized', params: {} }).length
                 + frame({ jsonrpc: '2.0', id: 2, method: 'charte/inconnue' }).length + frame(badJson).length - Buffer.byteLength(badJson);
  check(log.length === 2 && /^charte: error\[C0010\]: corps de message qui n'est pas du JSON, erreur près de l'octet \d+ du flux /.test(log[0])
        && log[0].includes(`(corps à l'octet ${jsonAt})`)
        && /^charte: error\[C0010\]: message de 67 108 865 octets refusé \(limite : 67 108 864\), corps à l'octet \d+ du flux ; la session continue$/.test(log[1]),
        'a body that is not JSON and one too large: one line each on stderr, with its byte (the sizes grouped as every count, the byte plain)', log);

  // A stream that cannot be read on: one line on stderr saying what and at which byte, in the
  // language of --lang or of CHARTE_LANG, and exit status 2 (not 1, a session ended without exit).
  const broken = async (bytes, args, env, what, re) => {
    const child = cp.spawn(charte, ['lsp', ...args], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let err = '', out = '';
    child.stderr.on('data', (d) => { err += d; });
    child.stdout.on('data', (d) => { out += d; });
    // 'close': the process has exited and its stdout and stderr are read to their end.
    const code = await new Promise((resolve) => { child.on('close', resolve); child.stdin.end(bytes); });
    const lines = err.split('\n').filter((l) => l);
    check(code === 2 && lines.length === 1 && re.test(lines[0]), what, { code, err, out: out.slice(0, 200) });
    return out;
  };
  await broken(Buffer.from('Content-Length: abc\r\n\r\n{}'), ['--lang', 'fr'], {},
    'a Content-Length that is not a number: said with the header\'s byte, exit 2',
    /^charte: error\[C0010\]: Content-Length « abc » n'est pas un nombre d'octets, dans l'en-tête à l'octet 0 du flux ; la session s'arrête$/);
  await broken(Buffer.from('Content-Length: 12 octets\r\n\r\n{}'), ['--lang', 'fr'], {},
    'a Content-Length followed by other words: not a number either',
    /^charte: error\[C0010\]: Content-Length « 12 octets » n'est pas un nombre d'octets/);
  const initFrame = frame({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { capabilities: {} } });
  const out = await broken(Buffer.concat([initFrame, frame({ jsonrpc: '2.0', method: 'initialized', params: {} }),
                                          Buffer.from('Content-Length: 50\r\n\r\n{"jsonrpc":')]), ['--lang', 'en'], {},
    'a body cut short (English, --lang en): the bytes received and announced, the body\'s byte, exit 2',
    new RegExp('^charte: error\\[C0010\\]: the stream ends inside a message: 11 bytes received of the 50 announced by Content-Length, body started at byte '
               + (initFrame.length + frame({ jsonrpc: '2.0', method: 'initialized', params: {} }).length + 22) + '$'));
  check(/"id":1,"result":\{"capabilities"/.test(out), 'the messages before the cut one were answered', out.slice(0, 200));
  await broken(Buffer.concat([Buffer.from('Content-Length: 5000\r\n\r\n'), Buffer.alloc(1100, 0x20)]), ['--lang', 'en'], {},
    'a body cut short past 1,000 bytes: the sizes grouped ("1,100", "5,000"), the body\'s byte plain',
    /^charte: error\[C0010\]: the stream ends inside a message: 1,100 bytes received of the 5,000 announced by Content-Length, body started at byte 24$/);
  await broken(Buffer.from('Content-Type: application/vscode-jsonrpc\r\n\r\n{}'), [], { CHARTE_LANG: 'en' },
    'a header without Content-Length (English by CHARTE_LANG): said, exit 2',
    /^charte: error\[C0010\]: message header without Content-Length, at byte 0 of the stream; the session ends$/);
  await broken(Buffer.concat([initFrame, Buffer.from('Content-Le')]), ['--lang', 'fr'], {},
    'a stream cut inside a header: said with the header\'s byte, exit 2',
    new RegExp(`^charte: error\\[C0010\\]: le flux s'arrête au milieu d'un en-tête de message, commencé à l'octet ${initFrame.length}$`));
  await broken(Buffer.alloc(9000, 0x41), ['--lang', 'fr'], {},
    'a header with no blank line within 8192 bytes: said (« 8 192 », grouped), exit 2',
    /^charte: error\[C0010\]: en-tête de message sans ligne vide dans ses 8 192 premiers octets, à l'octet 0 du flux ; la session s'arrête$/);
}

// The server's CPU time (user + system) so far: what an edit costs, whatever the load of the machine.
function cpuMs(pid) {
  const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) * 1000 / 100;   /* utime, stime in clock ticks (USER_HZ 100) */
}

function rss(pid) {
  const s = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(s.match(/VmRSS:\s+(\d+)/)[1]) * 1024;
}

// N edits of one text in one session, each waited for (its diagnostics): the time of each,
// from the change sent to its diagnostics received, and the resident memory after the first
// 100 and at the end.
async function edits(n, file, text, edit) {
  const server = start();
  const conn = connect(server);
  await initialize(conn, 'fr');
  const uri = uriOf(file);
  await open(conn, uri, text);
  await conn.diagnosticsOf(uri, 1);
  let after100 = 0;
  const times = [];
  const cpu0 = cpuMs(server.child.pid);
  for (let v = 2; v <= n + 1; v++) {
    const t0 = process.hrtime.bigint();
    await change(conn, uri, edit(text, v), v);
    await conn.diagnosticsOf(uri, v);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (v === 101) after100 = rss(server.child.pid);
  }
  const end = rss(server.child.pid);
  const cpu = cpuMs(server.child.pid) - cpu0;
  await conn.sendRequest(rpc.ShutdownRequest.type);
  await conn.sendNotification(rpc.ExitNotification.type);
  await server.exited;
  conn.dispose();
  return { times, cpuPerEdit: cpu / n, after100: after100 || end, end };
}

// Each edit of the AMP example is a new text; one in ten has an error.
const ampEdit = (text, v) => text.replace('bilan semestriel', v % 10 === 0 ? 'bilan ' : `bilan semestriel -- ${v}`);

async function soak(n) {
  const r = await edits(n, ampPath, amp, ampEdit);
  const mib = (b) => (b / 1048576).toFixed(1);
  const total = r.times.reduce((x, y) => x + y, 0);
  console.log(`# soak: ${n} edits in ${total.toFixed(0)} ms (${(total / n).toFixed(2)} ms per edit), RSS after 100: ${mib(r.after100)} MiB, at the end: ${mib(r.end)} MiB`);
  check(r.end < 2 * r.after100, `soak: ${n} edits keep the resident memory within 2× of after the first 100 (${mib(r.after100)} → ${mib(r.end)} MiB)`);
  return r;
}

module.exports = { edits, soak, check, failed: () => failures };

if (require.main === module) (async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'charte-lsp-'));
  try {
    await mainSession(tmp);
    await englishSession(tmp);
    await detachedSession(tmp);
    await literateSession(tmp);
    await hoverScaleSession();
    await hoverFamiliesSession();
    await rawSession();
    if (soakEdits > 0) await soak(soakEdits);
  } catch (e) {
    failures++;
    console.log(`not ok - session aborted: ${e && e.stack}`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  process.exit(Math.min(failures, 100));
})();
