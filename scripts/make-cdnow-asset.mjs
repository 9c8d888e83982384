// Makes the bundled CDNOW data, public/data/cdnow-sample.txt, from ../shared/datasets/cdnow/CDNOW_sample.txt:
// the 1/10 sample (2,357 customers, 6,919 rows) on which the lifetime-value papers publish their values
// (Fader, Hardie & Lee 2005; ../shared/datasets/README.md), so that `load-cdnow` shows those values.
//
// The sample pads every field with spaces and zeros (` 00004 0001 19970101  2   29.33`, CRLF) for 228 kB.
// The copy keeps its layout, five whitespace-separated fields and no header (master_id sample_id date cds
// dollars), so the ingest reads it exactly as it reads the original through the file input (formats.ts
// headerlessCdnow), and drops only padding: one space between fields, ids without leading zeros, LF line
// ends. Dates and dollar values are kept verbatim, every row in order.
// Run: `node scripts/make-cdnow-asset.mjs [OUTPUT]` (default the asset).
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const source = resolve(root, '../shared/datasets/cdnow/CDNOW_sample.txt');
const target = process.argv[2] ? resolve(process.argv[2]) : resolve(root, 'public/data/cdnow-sample.txt');
const EXPECTED_ROWS = 6_919;
const EXPECTED_CUSTOMERS = 2_357;

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

const out = [];
const customers = new Set();
const sampleIds = new Set();
const lines = text.split(/\r?\n/);
for (let i = 0; i < lines.length; i++) {
  const line = lines[i].trim();
  if (line === '') continue;
  const fields = line.split(/\s+/);
  const [masterId, sampleId, date, cds, dollars] = fields;
  if (fields.length !== 5 || !/^\d+$/.test(masterId) || !/^\d+$/.test(sampleId) || !/^\d{8}$/.test(date) || !/^\d+$/.test(cds) || !/^\d+\.\d\d$/.test(dollars)) {
    fail(`line ${i + 1} of ${source} is not "master_id sample_id yyyymmdd cds dollars": "${line}"`);
  }
  const customer = String(Number(masterId));
  const sample = String(Number(sampleId));
  customers.add(customer);
  sampleIds.add(`${customer} ${sample}`);
  out.push(`${customer} ${sample} ${date} ${cds} ${dollars}`);
}

// One sample id per customer: stripping the zeros must not have merged two customers.
if (out.length !== EXPECTED_ROWS || customers.size !== EXPECTED_CUSTOMERS || sampleIds.size !== EXPECTED_CUSTOMERS) {
  fail(`expected ${EXPECTED_ROWS} rows of ${EXPECTED_CUSTOMERS} customers, found ${out.length} rows of ${customers.size} (${sampleIds.size} id pairs)`);
}

mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, out.join('\n') + '\n');
const bytes = statSync(target).size;
console.log(`wrote ${target}: ${out.length} rows, ${customers.size} customers, ${bytes} bytes (from ${statSync(source).size})`);
