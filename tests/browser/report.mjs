// tests/browser/report.mjs: the HTML report in Debian's Chromium: figures equal to the JSON report, bars to scale, secrecy kept, axe clean, A4 print, PNG.
//
// node report.mjs DIR   (tests/browser/run.sh prepares DIR: rapport.html, rapport.json,
// revele.json — the JSON of the same run with statistical secrecy at 1, i.e. the values the
// report must hide — and, for the English page, rapport-en.html.)
// Prints one line per failed check and exits 1 when any failed.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const puppeteer = require('puppeteer-core');
const axePath = require.resolve('axe-core/axe.min.js');

const dir = path.resolve(process.argv[2] || '.');
const json = JSON.parse(readFileSync(path.join(dir, 'rapport.json'), 'utf8'));
const revealed = JSON.parse(readFileSync(path.join(dir, 'revele.json'), 'utf8'));
const shot = process.env.SHOT || '';

let failures = 0, checks = 0;
function check(ok, what) {
  checks++;
  if (!ok) {
    failures++;
    console.log(`ÉCHEC ${what}`);
  }
}

// "1 234,5 h", "-578,1 h", "+94,6 h", "155,8 %", "12 %" → { value, decimals }; null when not a number.
function parseFrench(text) {
  const t = text.replace(/[\u202f\u00a0 ]/g, '').replace(/(h|%|€)$/, '').replace('−', '-');
  if (!/^[+-]?\d+(,\d+)?$/.test(t)) return null;
  const [, frac = ''] = t.split(',');
  return { value: Number(t.replace(',', '.')), decimals: frac.length };
}

// "1,234.5 h", "-578.1 h", "12 %" → { value, decimals }: an English figure, its thousands grouped
// with commas; null when not one (a figure of 1,000 or more written without its commas included).
function parseEnglish(text) {
  const t = text.replace(/[\u202f\u00a0 ]/g, '').replace(/(h|%|€)$/, '').replace('−', '-');
  if (!/^[+-]?\d{1,3}(,\d{3})*(\.\d+)?$/.test(t)) return null;
  const [, frac = ''] = t.split('.');
  return { value: Number(t.replace(/,/g, '')), decimals: frac.length };
}

function jsonAt(obj, p) {
  return p.split('.').reduce((o, k) => (o == null ? undefined : o[/^\d+$/.test(k) ? Number(k) : k]), obj);
}

// A figure shown with d decimals equals the JSON's when the JSON's, rounded to d, is it.
function sameFigure(shown, expected) {
  return Math.abs(shown.value - expected) <= 0.5 * 10 ** -shown.decimals + 1e-9;
}

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--font-render-hinting=none'],
});
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900, deviceScaleFactor: 1 });
  // A self-contained page asks for nothing but itself.
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  const url = 'file://' + path.join(dir, 'rapport.html');
  await page.goto(url, { waitUntil: 'load' });
  check(requests.length === 1 && requests[0] === url, `requêtes hors du fichier : ${requests.filter((u) => u !== url).join(' ')}`);
  check(await page.evaluate(() => document.scripts.length === 0), 'le rapport contient un script');
  check(await page.evaluate(() => document.documentElement.lang) === 'fr', 'lang="fr" attendu');

  // 1. Every figure cell that names its JSON path shows the JSON's figure.
  const cells = await page.$$eval('[data-j]', (els) => els.map((e) => ({ path: e.dataset.j, text: e.textContent.trim() })));
  check(cells.length > 300, `trop peu de cellules data-j : ${cells.length}`);
  for (const c of cells) {
    const v = jsonAt(json, c.path);
    if (v === 'secret') check(c.text === 'secret', `${c.path} : « ${c.text} » au lieu de secret`);
    else if (v === null) check(c.text === '—', `${c.path} : « ${c.text} » au lieu de —`);
    else if (typeof v === 'number') {
      const shown = parseFrench(c.text);
      check(shown && sameFigure(shown, v), `${c.path} : « ${c.text} » ≠ ${v} (JSON)`);
    } else check(false, `${c.path} : absent du JSON (${JSON.stringify(v)})`);
  }

  // 1b. Hours waived by thresholds: a row per JSON entry (their figures are data-j cells above).
  const waived = await page.$$eval('#exemptions-seuils tbody tr', (rows) => rows.length);
  check(json.exemptions_seuils.length > 0 && waived === json.exemptions_seuils.length,
    `heures exemptées : ${waived} lignes pour ${json.exemptions_seuils.length} dans le JSON`);

  // 2. Rows that add families up: overall and per category, from the JSON's family aggregates.
  const famRows = await page.$$eval('tr[data-families]', (rows) => rows.map((r) => ({
    families: r.dataset.families.split(' '),
    cells: [...r.querySelectorAll('td')].map((td) => td.textContent.trim()),
  })));
  check(famRows.length >= 2, 'tableau par catégorie absent');
  for (const r of famRows) {
    const fams = json.agregats.familles.filter((f) => r.families.includes(f.cle));
    const sum = (k) => fams.reduce((s, f) => s + f[k], 0);
    const expect = [sum('marches'), sum('soumis'), sum('atteints'), sum('heures_objectif'), sum('heures_realisees')];
    expect.forEach((v, i) => {
      const shown = parseFrench(r.cells[i]);
      check(shown && Math.abs(shown.value - v) < 0.006, `catégorie ${r.families.join('+')} colonne ${i + 1} : ${r.cells[i]} ≠ ${v}`);
    });
  }

  // 3. Status counts and gap bins, counted from the JSON's contracts.
  const statusRows = await page.$$eval('tr[data-status]', (rows) => rows.map((r) => [r.dataset.status, r.querySelector('td.num').textContent]));
  check(statusRows.length > 0, 'tableau des statuts absent');
  for (const [st, text] of statusRows)
    check(parseFrench(text)?.value === json.marches.filter((m) => m.statut === st).length, `statut ${st} : ${text}`);
  const binRows = await page.$$eval('tr[data-bin-min]', (rows) => rows.map((r) => ({
    lo: Number(r.dataset.binMin), hi: r.dataset.binMax === undefined ? Infinity : Number(r.dataset.binMax), text: r.querySelector('td.num').textContent,
  })));
  const notMet = json.marches.filter((m) => m.statut === 'non_atteint').map((m) => -m.ecart);
  check(binRows.reduce((s, b) => s + parseFrench(b.text).value, 0) === notMet.length, 'les tranches d\'écart ne couvrent pas les marchés non atteints');
  for (const b of binRows)
    check(parseFrench(b.text).value === notMet.filter((g) => g >= b.lo && g < b.hi).length, `tranche ${b.lo}–${b.hi} : ${b.text}`);

  // 4. Bars to scale. For each chart, the axis (line.scale) spans 0…the largest value or target;
  //    values come from the JSON (or from the chart's table for months).
  const monthTable = Object.fromEntries(await page.$$eval('tr[data-key^="mois:"]', (rows) =>
    rows.map((r) => [r.dataset.key, r.querySelectorAll('td')[1].textContent])));
  const charts = await page.$$eval('figure svg', (svgs) => svgs.map((svg) => {
    const box = (e) => { const r = e.getBoundingClientRect(); return { x: r.x, y: r.y, w: r.width, h: r.height }; };
    return {
      id: svg.closest('figure').id,
      scale: box(svg.querySelector('line.scale')),
      bars: [...svg.querySelectorAll('rect[data-key]')].map((r) => ({ key: r.dataset.key, ...box(r) })),
      targets: [...svg.querySelectorAll('line.target[data-key]')].map((l) => ({ key: l.dataset.key, ...box(l) })),
    };
  }));
  check(charts.length >= 7, `graphiques attendus : 7 au moins, trouvés ${charts.length}`);
  const binOf = Object.fromEntries(binRows.map((b, i) => [`ecart:${i}`, parseFrench(b.text).value]));
  function valueOf(key) {
    if (key.startsWith('agregats.')) return jsonAt(json, key).heures_realisees;
    if (key.startsWith('statut:')) return json.marches.filter((m) => m.statut === key.slice(7)).length;
    if (key.startsWith('ecart:')) return binOf[key];
    if (key.startsWith('mois:')) return parseFrench(monthTable[key]).value;
    if (key.startsWith('indicateurs.')) return jsonAt(json, key).valeur;
    return undefined;
  }
  const targetOf = (key) => jsonAt(json, key).heures_objectif;
  let bars = 0, markers = 0;
  for (const c of charts) {
    const values = c.bars.map((b) => valueOf(b.key));
    const all = [...values, ...c.targets.map((t) => targetOf(t.key))];
    check(values.every((v) => typeof v === 'number'), `${c.id} : une barre sans valeur connue`);
    const max = Math.max(...all);
    const vertical = c.scale.h > c.scale.w;
    const px = (vertical ? c.scale.h : c.scale.w) / max;
    c.bars.forEach((b, i) => {
      const len = vertical ? b.h : b.w;
      check(Math.abs(len - values[i] * px) <= 0.5, `${c.id} ${b.key} : barre de ${len.toFixed(2)} px pour ${values[i]} (attendu ${(values[i] * px).toFixed(2)})`);
      if (!vertical) check(Math.abs(b.x - c.scale.x) <= 0.5, `${c.id} ${b.key} : barre hors de l'axe`);
      bars++;
    });
    for (const t of c.targets) {
      const at = t.x + t.w / 2 - c.scale.x;
      check(Math.abs(at - targetOf(t.key) * px) <= 0.5, `${c.id} ${t.key} : repère d'objectif à ${at.toFixed(2)} px au lieu de ${(targetOf(t.key) * px).toFixed(2)}`);
      markers++;
    }
  }
  check(bars > 60 && markers > 20, `trop peu de barres (${bars}) ou de repères (${markers}) vérifiés`);

  // 5. Secrecy: a cell secret in the JSON is "secret", is not drawn, and its true value
  //    (revele.json) appears nowhere in the indicators' tables, charts and attributes.
  const secrets = [];
  json.indicateurs.liste.forEach((ind, i) => (ind.cases || []).forEach((c, k) => {
    if (c.valeur === 'secret') secrets.push({ key: `indicateurs.liste.${i}.cases.${k}`, truth: revealed.indicateurs.liste[i].cases[k].valeur });
  }));
  check(secrets.length >= 1, 'les données d\'exemple devraient avoir une case secrète');
  const exposed = await page.evaluate((keys) => {
    const sec = document.querySelector('#indicateurs');
    const clone = sec.cloneNode(true);
    clone.querySelectorAll('figcaption').forEach((e) => e.remove());   // "Figure 7."
    // Ids, JSON paths (data-j="indicateurs.liste.3…") and the SVG namespace (w3.org/2000)
    // name places, not figures: a secret value of 3 equal to one of their digits is no leak.
    // Nor is a y coordinate: the charts' rows and legend sit at fixed heights (the legend's
    // text at y="16"); what a value decides is a bar's width.
    const names = new Set(['id', 'data-j', 'data-key', 'aria-labelledby', 'aria-describedby', 'href', 'xmlns', 'y']);
    const attrs = [...clone.querySelectorAll('*')].flatMap((e) => [...e.attributes].filter((a) => !names.has(a.name)).map((a) => a.value));
    return {
      text: clone.textContent + ' ' + attrs.join(' '),
      drawn: keys.filter((k) => document.querySelector(`rect[data-key="${k}"]`)),
    };
  }, secrets.map((s) => s.key));
  check(exposed.drawn.length === 0, `cases secrètes dessinées : ${exposed.drawn.join(' ')}`);
  const numbers = (exposed.text.match(/\d+(?:[\u202f\u00a0]\d{3})*(?:,\d+)?/g) || []).map((t) => parseFrench(t)?.value);
  for (const s of secrets) {
    check(typeof s.truth === 'number', `${s.key} : valeur révélée absente`);
    check(!numbers.includes(s.truth), `${s.key} : la valeur secrète ${s.truth} apparaît dans les indicateurs`);
  }
  if (revealed.indicateurs.participants !== json.indicateurs.participants)
    check(false, 'participants : secrets différents entre les deux runs');

  // 6. Accessibility: axe-core, WCAG 2 A and AA.
  await page.addScriptTag({ path: axePath });
  const axe = await page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return { violations: r.violations.map((v) => `${v.id} (${v.nodes.length}) : ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`), passes: r.passes.length };
  });
  for (const v of axe.violations) check(false, `axe : ${v}`);
  check(axe.passes > 10, `axe : trop peu de règles passées (${axe.passes})`);

  // 7. Print on A4: the PDF holds the key figures (pdftotext).
  await page.emulateMediaType('print');
  const pdfPath = path.join(dir, 'rapport.pdf');
  await page.pdf({ path: pdfPath, format: 'A4', printBackground: true });
  const pdfText = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' }).replace(/[\u202f\u00a0]/g, ' ')
    .replace(/-\n\s*/g, '-').replace(/\s+/g, ' ');   // lines broken after a hyphen, then any run of spaces
  const info = execFileSync('pdfinfo', [pdfPath], { encoding: 'utf8' });
  check(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/.test(info), `PDF pas en A4 : ${info.match(/Page size:.*/)}`);
  const all = json.agregats.perimetres[0];
  // The rate from the hours, not from the JSON's rounded rate: rounding 95.65 again to one
  // decimal gives 95,7 where the page rightly shows 95,6 (95.645…).
  const fr = (n, d) => n.toLocaleString('fr-FR', { maximumFractionDigits: d }).replace(/[\u202f\u00a0]/g, ' ');
  const keyFigures = [json.charte, `${fr(all.heures_realisees, 2)} h`, `${fr(all.heures_objectif, 2)} h`,
    `${fr(all.heures_realisees / all.heures_objectif * 100, 1)} %`, 'Marchés par statut', 'Heures retenues par mois', json.marches[json.marches.length - 1].marche];
  // The month table is folded on screen (<details>) and must still print.
  const firstMonth = Object.keys(monthTable)[0].slice(5).split('-').reverse().join('/');
  keyFigures.push(`${firstMonth} ${monthTable[Object.keys(monthTable)[0]].replace(/[\u202f\u00a0]/g, ' ')}`);
  for (const k of keyFigures) check(pdfText.includes(k), `PDF : « ${k} » absent`);
  await page.emulateMediaType('screen');

  // 8. A full-page PNG for a person to look at; SHOT: the top of the page, for docs/.
  await page.screenshot({ path: path.join(dir, 'rapport.png'), fullPage: true });
  if (shot) {
    await page.setViewport({ width: 1100, height: 900, deviceScaleFactor: 1 });
    await page.screenshot({ path: shot, clip: { x: 0, y: 0, width: 1100, height: 2300 } });
  }

  // 9. The English page: lang="en", figures in English form, axe clean too.
  const en = await browser.newPage();
  await en.goto('file://' + path.join(dir, 'rapport-en.html'), { waitUntil: 'load' });
  check(await en.evaluate(() => document.documentElement.lang) === 'en', 'rapport anglais : lang="en" attendu');
  await en.addScriptTag({ path: axePath });
  const axeEn = await en.evaluate(async () => (await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } })).violations.map((v) => v.id));
  check(axeEn.length === 0, `axe (en) : ${axeEn.join(' ')}`);
  // The English page shows the JSON's figures as English writes them: "23,812 h", never "23812 h".
  const cellsEn = await en.$$eval('[data-j]', (els) => els.map((e) => ({ path: e.dataset.j, text: e.textContent.trim() })));
  check(cellsEn.length === cells.length, `rapport anglais : ${cellsEn.length} cellules data-j pour ${cells.length}`);
  let thousands = 0;
  for (const c of cellsEn) {
    const v = jsonAt(json, c.path);
    if (typeof v !== 'number') continue;
    const shown = parseEnglish(c.text);
    check(shown && sameFigure(shown, v), `en ${c.path} : “${c.text}” ≠ ${v} (JSON)`);
    if (Math.abs(v) >= 1000) thousands++;
  }
  check(thousands > 10, `rapport anglais : ${thousands} chiffres de 1 000 ou plus seulement`);
  writeFileSync(path.join(dir, 'checks.txt'), `${checks} checks, ${failures} failed\n`);
} finally {
  await browser.close();
}
console.log(`${checks} vérifications, ${failures} en échec`);
process.exit(failures ? 1 : 0);
