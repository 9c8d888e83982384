// The bundled CDNOW sample (public/data/cdnow-sample.txt, made by scripts/make-cdnow-asset.mjs) must stay
// small, stay readable by the ingest as the headerless CDNOW sample, and hold the same data as the papers'
// 1/10 sample it comes from (../shared/datasets/cdnow/CDNOW_sample.txt).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { concatColumns, type OrderLineColumns } from '../../../src/core/columns/table.ts';
import { ingest } from '../../../src/core/ingest/ingest.ts';

const ASSET = 'public/data/cdnow-sample.txt';
const SAMPLE = '../shared/datasets/cdnow/CDNOW_sample.txt';

async function load(path: string) {
  const chunks: OrderLineColumns[] = [];
  async function* bytes() { yield new Uint8Array(readFileSync(path)); }
  const { report, dictionaries } = await ingest(bytes(), { fileName: path, onChunk: (c) => { chunks.push(c); } });
  return { report, dictionaries, columns: concatColumns(chunks) };
}

describe('the bundled CDNOW sample', () => {
  it('is small: the sample without its padding', () => {
    expect(statSync(ASSET).size).toBeLessThan(200 * 1024);
    expect(statSync(ASSET).size).toBeLessThan(0.85 * statSync(SAMPLE).size);
  });

  it('is what the script makes from the sample today', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cdnow-'));
    try {
      execFileSync(process.execPath, ['scripts/make-cdnow-asset.mjs', join(dir, 'cdnow-sample.txt')], { stdio: 'pipe' });
      expect(readFileSync(join(dir, 'cdnow-sample.txt')).equals(readFileSync(ASSET))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads as the headerless CDNOW sample with the same lines: 6,919 rows of 2,357 customers', async () => {
    const [asset, sample] = await Promise.all([load(ASSET), load(SAMPLE)]);
    expect(asset.report).toMatchObject({ format: 'cdnow', variant: 'sample', rows: 6_919, accepted: 6_919, rejected: 0, delimiter: 'whitespace' });
    expect(asset.dictionaries.customer).toHaveLength(2_357);
    // Customer ids (the master's) lose only their zero padding (00004 -> 4); days, quantities, amounts are identical.
    expect(asset.dictionaries.customer).toEqual(sample.dictionaries.customer.map((id) => String(Number(id))));
    for (const name of ['day', 'customer', 'quantity', 'amount', 'flags'] as const) {
      expect(asset.columns[name], name).toEqual(sample.columns[name]);
    }
  });
});
