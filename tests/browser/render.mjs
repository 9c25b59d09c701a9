// tests/browser/render.mjs: the rendered charter (charte render --format html) in Debian's Chromium: self-contained, every link lands, the consolidated table whole, axe clean, A4 print, PNG.
//
// node render.mjs DIR   (tests/browser/run.sh prepares DIR: charte.html and charte.md — the
// consolidated AMP charter at 2024-07-01 in both formats —, charte-en.html, litteraire.html, and
// belvance.html, belvance.md, belvance-en.html: the consolidated Belvance charter at 2024-07-01.)
// Prints one line per failed check and exits 1 when any failed.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const puppeteer = require('puppeteer-core');
const axePath = require.resolve('axe-core/axe.min.js');
const dir = path.resolve(process.argv[2] || '.');

let failures = 0, checks = 0;
function check(ok, what) {
  checks++;
  if (!ok) {
    failures++;
    console.log(`ÉCHEC rendu : ${what}`);
  }
}

// The Markdown rendering of the same document: its tables, cell by cell, and its headings.
const unmd = (s) => s.replace(/\[([^\]]*)\]\(#[^)]*\)/g, '$1').replace(/`/g, '').replace(/\*\*/g, '').replace(/\\(.)/g, '$1').trim();
function readMd(file) {
  const md = readFileSync(path.join(dir, file), 'utf8');
  return {
    rows: md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('|---')).map((l) => l.slice(2, -2).split(' | ').map(unmd)),
    headings: md.split('\n').filter((l) => /^##? /.test(l)).map((l) => unmd(l.replace(/^#+ /, ''))),
  };
}

// The HTML holds the Markdown's document: the same headings, every table cell as the Markdown has it.
async function sameAsMarkdown(page, file, mdFile) {
  const md = readMd(mdFile);
  const headings = await page.$$eval('h1, h2', (hs) => hs.map((h) => h.textContent.trim()));
  check(headings.filter((h) => h !== 'Sommaire').join('\n') === md.headings.join('\n'),
    `${file} : titres : ${headings.join(' / ')} ≠ ${md.headings.join(' / ')}`);
  const rows = await page.$$eval('table tr', (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent.trim())));
  check(rows.length === md.rows.length && rows.length > 15, `${file} : lignes de tableaux : ${rows.length} en HTML, ${md.rows.length} en Markdown`);
  rows.forEach((r, i) => check(JSON.stringify(r) === JSON.stringify(md.rows[i]), `${file} : ligne ${i + 1} : ${JSON.stringify(r)} ≠ ${JSON.stringify(md.rows[i])}`));
}

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--font-render-hinting=none'],
});

async function open(file, lang) {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900, deviceScaleFactor: 1 });
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  const url = 'file://' + path.join(dir, file);
  await page.goto(url, { waitUntil: 'load' });
  check(requests.length === 1 && requests[0] === url, `${file} : requêtes hors du fichier : ${requests.filter((u) => u !== url).join(' ')}`);
  check(await page.evaluate(() => document.scripts.length === 0), `${file} : un script`);
  check(await page.evaluate(() => document.documentElement.lang) === lang, `${file} : lang="${lang}" attendu`);
  // Every internal link lands on an element of the page; the table of contents lists every article.
  const links = await page.$$eval('a[href^="#"]', (as) => as.map((a) => [a.getAttribute('href').slice(1), !!document.getElementById(a.getAttribute('href').slice(1))]));
  for (const [id, found] of links) check(found, `${file} : le lien #${id} ne mène nulle part`);
  const toc = await page.$$eval('nav li a', (as) => as.map((a) => a.getAttribute('href').slice(1)));
  const anchored = await page.$$eval('h2[id]', (hs) => hs.map((h) => h.id));
  check(toc.length >= 8 && toc.join(' ') === anchored.join(' '), `${file} : le sommaire (${toc.join(' ')}) ≠ les articles (${anchored.join(' ')})`);
  // Accessibility: axe-core, WCAG 2 A and AA.
  await page.addScriptTag({ path: axePath });
  const axe = await page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return { violations: r.violations.map((v) => `${v.id} (${v.nodes.length}) : ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`), passes: r.passes.length };
  });
  for (const v of axe.violations) check(false, `${file} : axe : ${v}`);
  check(axe.passes > 10, `${file} : axe : trop peu de règles passées (${axe.passes})`);
  return page;
}

try {
  const page = await open('charte.html', 'fr');
  await sameAsMarkdown(page, 'charte.html', 'charte.md');
  // The consolidated table: one row per family × scope of the rules, each field with the article that sets it;
  // a family the charter names (both examples do) is its name and its id.
  const consolidated = await page.$$eval('#consolide ~ table', (ts) => [...ts[0].querySelectorAll('tbody tr')].map((tr) => [...tr.cells].map((c) => c.textContent.trim())));
  check(consolidated.length === 10, `texte consolidé : ${consolidated.length} lignes au lieu de 10`);
  check(consolidated.some((r) => r[0] === 'Enlèvement des encombrants (encombrants)' && r[2] === '15\u00a0% des heures' && r[3] === 'avenant 2'),
    'texte consolidé : encombrants à 15 % par l\'avenant 2 au Grand Saint-Barthélemy');
  // Print on A4.
  await page.emulateMediaType('print');
  const pdfPath = path.join(dir, 'charte.pdf');
  await page.pdf({ path: pdfPath, format: 'A4', printBackground: true });
  const pdfText = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' }).replace(/[\u202f\u00a0]/g, ' ')
    .replace(/-\n\s*/g, '-').replace(/\s+/g, ' ');   // lines broken after a hyphen, then any run of spaces
  const info = execFileSync('pdfinfo', [pdfPath], { encoding: 'utf8' });
  check(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/.test(info), `PDF pas en A4 : ${info.match(/Page size:.*/)}`);
  for (const k of ['Charte locale d\'insertion de la Métropole Aix-Marseille-Provence', 'Objectifs en vigueur au 01/07/2024',
    'Article 4 — Objectifs d\'heures d\'insertion', 'Avenant 2 — Objectif renforcé'])
    check(pdfText.includes(k), `PDF : « ${k} » absent`);
  await page.emulateMediaType('screen');
  await page.screenshot({ path: path.join(dir, 'charte.png'), fullPage: true });

  // Belvance: pooled targets, with where each is assessed and the article that says so; its hires targets.
  const bel = await open('belvance.html', 'fr');
  await sameAsMarkdown(bel, 'belvance.html', 'belvance.md');
  const belRows = await bel.$$eval('#consolide ~ table', (ts) => ts.slice(0, 2).map((t) => [...t.querySelectorAll('tbody tr')].map((tr) => [...tr.cells].map((c) => c.textContent.trim()))));
  check(belRows.length === 2 && belRows[0].length === 7 && belRows[1].length === 2,
    `belvance : tableaux consolidés de ${belRows.map((t) => t.length).join(' et ')} lignes au lieu de 7 et 2`);
  check((belRows[0] || []).some((r) => r[0] === 'Travaux (travaux)' && r[2] === '7\u00a0% des heures' && r[3] === 'avenant 1' && r[6] === 'mutualisé' && r[7] === 'avenant 1'),
    'belvance : travaux mutualisés à 7 % par l\'avenant 1');
  check((belRows[0] || []).some((r) => r[0] === 'Nettoyage (nettoyage)' && r[6] === 'mutualisé par maître d\'ouvrage' && r[7] === 'article 5'),
    'belvance : nettoyage mutualisé par maître d\'ouvrage (article 5)');
  check((belRows[1] || []).some((r) => r[0] === 'fonctionnement_equipement' && r[2] === '20\u00a0% des embauches' && r[3] === 'article 6'),
    'belvance : objectif d\'embauches du fonctionnement des équipements');
  await open('belvance-en.html', 'en');
  await open('charte-en.html', 'en');
  const lit = await open('litteraire.html', 'fr');
  // A literate charter keeps its prose, and its blocks are rendered, not shown as code.
  const text = await lit.evaluate(() => document.body.textContent);
  check(text.includes('La présente charte décline localement'), 'littéraire : la prose du préambule manque');
  check(!text.includes('```') && !text.includes('charte « Charte locale'), 'littéraire : un bloc charte est resté tel quel');
  await lit.screenshot({ path: path.join(dir, 'litteraire.png'), fullPage: true });
} finally {
  await browser.close();
}
console.log(`rendu : ${checks} vérifications, ${failures} en échec`);
process.exit(failures ? 1 : 0);
