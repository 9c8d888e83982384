// Makes the bundled CDNOW sample, public/data/cdnow.txt, from ../shared/datasets/cdnow/CDNOW_master.txt.
//
// The master file pads every field with spaces and zeros (` 00001 19970101  1   11.77`, CRLF) for 1.95 MB.
// The copy keeps the same whitespace layout and header, so the ingest reads it as CDNOW (formats.ts
// detectLayout), and drops only padding: one space between fields, customer ids without leading zeros,
// LF line ends. Dates and dollar values are kept verbatim. Every row is kept, in order: 23,570 customers and
// 69,659 rows, as in the original. Run: `node scripts/make-cdnow-asset.mjs [OUTPUT]` (default the asset).
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const source = resolve(root, '../shared/datasets/cdnow/CDNOW_master.txt');
const target = process.argv[2] ? resolve(process.argv[2]) : resolve(root, 'public/data/cdnow.txt');
const EXPECTED_ROWS = 69_659;
const EXPECTED_CUSTOMERS = 23_570;

function fail(message) {
  console.error(`make-cdnow-asset: ${message}`);
  process.exit(1);
}

let text;
try {
  text = readFileSync(source, 'utf8');
} catch (error) {
  fail(`cannot read ${source} (${error.code ?? error.message}); the reference data sits beside this checkout.`);
}

const lines = text.split(/\r?\n/);
const header = lines[0].trim().split(/\s+/);
if (header.join(' ') !== 'customer_id date number_of_cds dollar_value') fail(`unexpected header in ${source}: "${lines[0].trim()}"`);

const out = [header.join(' ')];
const customers = new Set();
for (let i = 1; i < lines.length; i++) {
  const line = lines[i].trim();
  if (line === '') continue;
  const fields = line.split(/\s+/);
  const [id, date, cds, dollars] = fields;
  if (fields.length !== 4 || !/^\d+$/.test(id) || !/^\d{8}$/.test(date) || !/^\d+$/.test(cds) || !/^\d+\.\d\d$/.test(dollars)) {
    fail(`line ${i + 1} of ${source} is not "id yyyymmdd cds dollars": "${line}"`);
  }
  const customer = String(Number(id));
  customers.add(customer);
  out.push(`${customer} ${date} ${cds} ${dollars}`);
}

const rows = out.length - 1;
if (rows !== EXPECTED_ROWS || customers.size !== EXPECTED_CUSTOMERS) {
  fail(`expected ${EXPECTED_ROWS} rows of ${EXPECTED_CUSTOMERS} customers, found ${rows} rows of ${customers.size}`);
}

mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, out.join('\n') + '\n');
const bytes = statSync(target).size;
console.log(`wrote ${target}: ${rows} rows, ${customers.size} customers, ${bytes} bytes (from ${statSync(source).size})`);
