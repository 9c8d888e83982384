// The bundled CDNOW copy (public/data/cdnow.txt, made by scripts/make-cdnow-asset.mjs) must stay small,
// stay readable by the ingest as CDNOW, and hold the same data as the master file it comes from.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { concatColumns, type OrderLineColumns } from '../../../src/core/columns/table.ts';
import { ingest } from '../../../src/core/ingest/ingest.ts';

const ASSET = 'public/data/cdnow.txt';
const MASTER = '../shared/datasets/cdnow/CDNOW_master.txt';

async function load(path: string) {
  const chunks: OrderLineColumns[] = [];
  async function* bytes() { yield new Uint8Array(readFileSync(path)); }
  const { report, dictionaries } = await ingest(bytes(), { fileName: path, onChunk: (c) => { chunks.push(c); } });
  return { report, dictionaries, columns: concatColumns(chunks) };
}

describe('the bundled CDNOW copy', () => {
  it('is small', () => {
    expect(statSync(ASSET).size).toBeLessThan(1.5 * 1024 * 1024);
    expect(statSync(ASSET).size).toBeLessThan(0.85 * statSync(MASTER).size);
  });

  it('is what the script makes from the master file today', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cdnow-'));
    try {
      execFileSync(process.execPath, ['scripts/make-cdnow-asset.mjs', join(dir, 'cdnow.txt')], { stdio: 'pipe' });
      expect(readFileSync(join(dir, 'cdnow.txt')).equals(readFileSync(ASSET))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads as CDNOW with the same lines as the master: 69,659 rows of 23,570 customers', async () => {
    const [asset, master] = await Promise.all([load(ASSET), load(MASTER)]);
    expect(asset.report.format).toBe('cdnow');
    expect(asset.report.rows).toBe(69_659);
    expect(asset.report.accepted).toBe(69_659);
    expect(asset.report.rejected).toBe(0);
    expect(asset.dictionaries.customer).toHaveLength(23_570);
    // Customer ids lose only their zero padding (00001 -> 1); days, quantities and amounts are identical.
    expect(asset.dictionaries.customer).toEqual(master.dictionaries.customer.map((id) => String(Number(id))));
    for (const name of ['day', 'customer', 'quantity', 'amount', 'flags'] as const) {
      expect(asset.columns[name], name).toEqual(master.columns[name]);
    }
  });
});
