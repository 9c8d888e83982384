// The real files of ../shared/datasets, whole, through the same streaming path the page and the CLI use.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COLUMN_NAMES, FLAG_RETURN, type OrderLineColumns } from '../../../src/core/columns/table.ts';
import { readCustomerSummary } from '../../../src/core/ingest/ingest.ts';
import { DATASETS, expectCountsAddUp, fileStream, ingestSource, type Ingested } from './helpers.ts';

const ONLINE_RETAIL = `${DATASETS}online-retail/online_retail.csv`;
const CDNOW_MASTER = `${DATASETS}cdnow/CDNOW_master.txt`;
const CDNOW_SAMPLE = `${DATASETS}cdnow/CDNOW_sample.txt`;

function digest(result: Ingested): string {
  const h = createHash('sha256');
  const c: OrderLineColumns = result.columns;
  for (const name of COLUMN_NAMES) h.update(new Uint8Array(c[name].buffer, c[name].byteOffset, c[name].byteLength));
  h.update(JSON.stringify(result.dictionaries));
  h.update(JSON.stringify(result.report));
  return h.digest('hex');
}

/** Independent count of the raw file: data lines, and lines whose CustomerID field is empty. */
function rawOnlineRetailCounts(text: string) {
  const lines = text.split('\n').filter((l) => l !== '');
  let missing = 0;
  let cInvoicesWithCustomer = 0;
  for (const line of lines.slice(1)) {
    // Only the Description field is ever quoted, so the last two fields are plain.
    const parts = line.split(',');
    const customer = parts[parts.length - 2];
    if (customer === '') missing++;
    else if (line.startsWith('C')) cInvoicesWithCustomer++;
  }
  return { rows: lines.length - 1, missing, cInvoicesWithCustomer };
}

describe('UCI Online Retail', () => {
  const text = readFileSync(ONLINE_RETAIL, 'utf8');
  const raw = rawOnlineRetailCounts(text);

  it('every one of the 541,909 lines is accepted or rejected, lines without a customer with that reason', async () => {
    const result = await ingestSource(fileStream(ONLINE_RETAIL));
    const r = result.report;
    expectCountsAddUp(r);
    // The README's figures: 541,909 invoice lines, 135,080 without CustomerID, 4,372 customers.
    expect(raw).toMatchObject({ rows: 541_909, missing: 135_080 });
    expect(r).toMatchObject({ format: 'online-retail', rows: 541_909, rejected: 135_080, rejectedByReason: { 'missing-customer': 135_080 } });
    expect(r.accepted).toBe(541_909 - 135_080);
    expect(result.dictionaries.customer.length).toBe(4_372);
    expect(r.returns).toBe(raw.cInvoicesWithCustomer);
    let cFlagged = 0;
    for (let i = 0; i < result.columns.length; i++) if (result.columns.flags[i] & FLAG_RETURN) cFlagged++;
    expect(cFlagged).toBe(r.returns);
    expect(r).toMatchObject({ encoding: 'utf-8', delimiter: ',', currencies: ['GBP'], identity: 'exact' });
    expect(r.firstDay).toBe(Date.UTC(2010, 11, 1) / 86_400_000);
    expect(r.lastDay).toBe(Date.UTC(2011, 11, 9) / 86_400_000);
  });

  it('gives the same result for 1 KiB, 64 KiB and 1 MiB chunks', async () => {
    const results = [];
    for (const size of [1 << 10, 1 << 16, 1 << 20]) results.push(digest(await ingestSource(fileStream(ONLINE_RETAIL, size), { chunkLines: 50_000 })));
    expect(results[1]).toBe(results[0]);
    expect(results[2]).toBe(results[0]);
  });

  it('importing it twice adds nothing the second time', async () => {
    const first = await ingestSource(fileStream(ONLINE_RETAIL));
    const known = new Set(first.columns.lineKey);
    expect(known.size).toBe(first.columns.length);
    const second = await ingestSource(fileStream(ONLINE_RETAIL), { knownLineKeys: known });
    expect(second.report).toMatchObject({ accepted: 0, rejectedByReason: { 'missing-customer': 135_080, 'duplicate-line': first.report.accepted } });
  });
});

describe('CDNOW', () => {
  it('master: 69,659 transactions of 23,570 customers, in any chunking', async () => {
    const digests = [];
    for (const size of [1 << 10, 1 << 16, 1 << 20]) {
      const result = await ingestSource(fileStream(CDNOW_MASTER, size));
      expectCountsAddUp(result.report);
      expect(result.report).toMatchObject({ format: 'cdnow', rows: 69_659, accepted: 69_659, rejected: 0, delimiter: 'whitespace', currencies: ['USD'] });
      expect(result.dictionaries.customer.length).toBe(23_570);
      digests.push(digest(result));
    }
    expect(new Set(digests).size).toBe(1);
  });

  it('the headerless 1/10 sample: 6,919 transactions of 2,357 customers', async () => {
    const result = await ingestSource(fileStream(CDNOW_SAMPLE));
    expect(result.report).toMatchObject({ format: 'cdnow', variant: 'sample', rows: 6_919, accepted: 6_919 });
    expect(result.dictionaries.customer.length).toBe(2_357);
  });

  it('Hardie\'s calibration summary reads as a summary file of 2,357 customers', async () => {
    const { report, summary } = await readCustomerSummary(fileStream(`${DATASETS}cdnow/cdnow_customers_summary.csv`), { fileName: 'cdnow_customers_summary.csv' });
    expect(report).toMatchObject({ format: 'summary', rows: 2_357, accepted: 2_357, rejected: 0 });
    expect(summary.hasMonetary).toBe(false);
    // 946 customers repeat in the calibration period (the Gamma-Gamma sample of the README).
    expect(Array.from(summary.frequency).filter((x) => x > 0).length).toBe(946);
  });
});
