// tests/lsp/bench.js: make bench-lsp: the language server's soak (10 000 edits of the AMP example) and the re-check of a 5 000-line charter after one edit.
//
// node tests/lsp/bench.js CHARTE ROOT [EDITS]
// Prints the figures docs/performance.md quotes ("Language server"); exits 1 when the soak
// grows past 2× or the median re-check of the 5 000-line charter is over 30 ms.
'use strict';
const path = require('path');
const fs = require('fs');
const os = require('os');
const cp = require('child_process');
const { edits, soak, check, failed } = require('./session.js');

const charte = path.resolve(process.argv[2] || 'build/charte');
const root = path.resolve(process.argv[3] || '.');
const n = Number(process.argv[4] || 10000);

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(s.length * p))]; };

(async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'charte-lsp-bench-'));
  try {
    const r = await soak(n);
    // 5 000 lines: 2 492 families, each with its target (tests/bench/scale-gen.sh).
    cp.execFileSync(path.join(root, 'tests/bench/scale-gen.sh'), ['families', '2492', tmp]);
    const file = path.join(tmp, 'main.charte');
    const text = fs.readFileSync(file, 'utf8');
    const lines = text.split('\n').length - 1;
    const figure = text.match(/ 10 %/);
    check(figure, `the generated charter has a figure to edit (${lines} lines)`);
    // Each edit changes one target (10 % -> 11 %, 12 %…) as an editor sends it, one range
    // (incremental sync); the whole charter is checked again. Then the same with the whole
    // text in each change (full sync), for comparison.
    const at = text.indexOf(' 10 %');
    const line = text.slice(0, at).split('\n').length - 1;
    const col = at - text.lastIndexOf('\n', at) - 1;
    const r2 = { start: { line, character: col + 1 }, end: { line, character: col + 3 } };
    const big = await edits(100, file, text, (t, v) => [{ range: r2, text: String(10 + (v % 9)) }]);
    const full = await edits(30, file, text, (t, v) => t.replace(' 10 %', ` ${10 + (v % 9)} %`));
    const cli = [];
    for (let i = 0; i < 20; i++) {
      const t0 = process.hrtime.bigint();
      cp.spawnSync(charte, ['check', file]);
      cli.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    const f = (x) => x.toFixed(1);
    console.log(`# ${lines}-line charter, 100 edits: re-check after one edit (change sent to diagnostics received) median ${f(median(big.times))} ms, p90 ${f(pct(big.times, 0.9))} ms, max ${f(Math.max(...big.times))} ms`);
    console.log(`# the server's CPU time per re-check of the ${lines}-line charter: ${f(big.cpuPerEdit)} ms (incremental sync), ${f(full.cpuPerEdit)} ms (the whole text in each change)`);
    console.log(`# the same file through charte check (a process each time): median ${f(median(cli))} ms`);
    console.log(`# soak: ${n} edits of the AMP example, median ${f(median(r.times))} ms per edit, RSS ${f(r.after100 / 1048576)} MiB after 100, ${f(r.end / 1048576)} MiB after ${n}`);
    // The machine may be shared: the server's own CPU time is the figure that does not depend on it.
    check(big.cpuPerEdit < 30, `re-check of a ${lines}-line charter after one edit: under 30 ms of CPU (${f(big.cpuPerEdit)} ms)`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  process.exit(failed() ? 1 : 0);
})();
