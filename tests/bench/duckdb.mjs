// tests/bench/duckdb.mjs: runs a DuckDB SQL script (in memory) over one data folder and prints its last statement's result, one line per row: the DuckDB baseline of `make bench`.
//
//   node tests/bench/duckdb.mjs SCRIPT.sql DATA_DIR YYYY-MM-DD
//
// DuckDB comes from npm (@duckdb/node-api), installed by tests/bench/run.sh into bench-deps/
// at the root of the repository (ignored by git); DUCKDB_NODE_API overrides that folder.
// The script reads its CSV files by relative name, so it runs from DATA_DIR, with the
// evaluation date as the DuckDB variable `au`.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const [script, dataDir, au] = process.argv.slice(2);
if (!script || !dataDir || !/^\d{4}-\d{2}-\d{2}$/.test(au ?? '')) {
  process.stderr.write('usage: node duckdb.mjs SCRIPT.sql DATA_DIR YYYY-MM-DD\n');
  process.exit(2);
}

const here = dirname(fileURLToPath(import.meta.url));
const deps = process.env.DUCKDB_NODE_API ?? resolve(here, '../../bench-deps');
const require = createRequire(resolve(deps, 'package.json'));
const { DuckDBInstance } = await import(pathToFileURL(require.resolve('@duckdb/node-api')).href);

const sql = readFileSync(script, 'utf8');
process.chdir(dataDir);
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
await connection.run(`SET VARIABLE au = DATE '${au}'`);
const reader = await connection.runAndReadAll(sql);

const lines = reader.getRows().map((row) => row.join(';'));
process.stdout.write(lines.length ? lines.join('\n') + '\n' : '');
connection.closeSync();
