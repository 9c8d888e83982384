import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FLAG_CANCELLED, FLAG_RETURN } from '../../../src/core/columns/table.ts';
import { AmbiguousDateOrderError, IngestError } from '../../../src/core/ingest/errors.ts';
import { saltedSha256 } from '../../../src/core/ingest/identity.ts';
import { IngestCancelled, readCustomerSummary } from '../../../src/core/ingest/ingest.ts';
import { mappingKey } from '../../../src/core/ingest/formats.ts';
import { expectCountsAddUp, fixture, ingestAnyBytes, ingestBytes, pieces, rows, utf8 } from './helpers.ts';

const sum = (xs: readonly number[]) => Math.round(xs.reduce((s, x) => s + x, 0) * 100) / 100;

describe('Shopify orders_export', () => {
  it('fills order-level fields down, excludes voided and cancelled orders, and turns refunds into returns', async () => {
    const result = await ingestBytes(fixture('shopify-orders-export.csv'), {}, 97);
    const r = rows(result);
    expectCountsAddUp(result.report);
    expect(result.report).toMatchObject({ rows: 10, accepted: 9, rejected: 1, cancelled: 3, refunds: 2, rejectedByReason: { 'missing-customer': 1 } });
    expect(result.report.rejects).toEqual([{ line: 11, column: 2, reason: 'missing-customer', detail: 'Email (column 2) is empty' }]);
    // #1001's second line has no Email or Currency of its own: it inherits the first line's.
    expect(r.filter((x) => x.order === '#1001').map((x) => [x.customer, x.currency, x.amount, x.day])).toEqual([
      ['alice@example.com', 'USD', 19, '2025-12-07'],
      ['alice@example.com', 'USD', 40, '2025-12-07'],
    ]);
    // #1002: 2 x 25.00 less a 5.00 line discount, then a 10.00 partial refund; the email is normalised.
    expect(r.filter((x) => x.order === '#1002').map((x) => [x.customer, x.amount, x.flags])).toEqual([
      ['bob@example.com', 45, 0],
      ['bob@example.com', -10, FLAG_RETURN],
    ]);
    expect(r.filter((x) => x.flags & FLAG_CANCELLED).map((x) => x.order)).toEqual(['#1003', '#1004', '#1004']);
    // #1005 is refunded in full without a refunded amount: the order total comes back.
    expect(r.filter((x) => x.order === '#1005').map((x) => x.amount)).toEqual([30, -30]);
    expect(r.find((x) => x.order === '#1006')?.amount).toBe(12.5);
    expect(r.find((x) => x.order === '#1008')).toMatchObject({ customer: 'alice@example.com', currency: 'EUR', day: '2025-12-14' });
    expect(result.report.currencies).toEqual(['USD', 'EUR']);
  });
});

describe('Amazon reports', () => {
  it('All Orders: approximate identity from ship postal code, city and country, labelled as such', async () => {
    const result = await ingestBytes(fixture('amazon-all-orders.tsv'), {}, 64);
    const r = rows(result);
    expectCountsAddUp(result.report);
    expect(result.report).toMatchObject({ identity: 'approximate', variant: 'all-orders', accepted: 4, cancelled: 1, rejected: 2 });
    // ZIP+4 and ZIP5, city in other case and spacing: one approximate customer.
    expect(r[0].customer).toBe(r[1].customer);
    expect(r.map((x) => x.marketplace)).toEqual(['Amazon.com', 'Amazon.com', 'Amazon.com', 'Amazon.it']);
    expect(r[3]).toMatchObject({ currency: 'EUR', amount: 79.95 });
    expect(r[2]).toMatchObject({ flags: FLAG_CANCELLED, amount: 0 });
    expect(result.report.rejects.map((x) => [x.line, x.reason])).toEqual([[5, 'bad-value'], [7, 'missing-customer']]);
    expect(result.report.rejects[0].detail).toMatch(/Pending/);
  });

  it('All Orders without the approximate identity asks for a buyer column', async () => {
    await expect(ingestBytes(fixture('amazon-all-orders.tsv'), { approximateIdentity: false })).rejects.toMatchObject({ code: 'missing-columns' });
  });

  it('a cancelled item of a shipped order is a cancelled line (the real example row)', async () => {
    const { readFileSync } = await import('node:fs');
    const bytes = new Uint8Array(readFileSync(new URL('../../../../shared/datasets/formats/amazon_all_orders_example_row.tsv', import.meta.url)));
    const result = await ingestBytes(bytes);
    expect(rows(result)).toEqual([expect.objectContaining({ flags: FLAG_CANCELLED, currency: 'EUR', marketplace: 'Amazon.it', day: '2017-06-17', amount: 89.95 })]);
  });

  it('reports with buyer-email identify buyers exactly, per line currency and marketplace', async () => {
    const result = await ingestBytes(fixture('amazon-merchant-orders.txt'));
    expect(result.report.identity).toBe('exact');
    expect(rows(result).map((x) => [x.customer, x.order, x.quantity, x.amount, x.currency, x.marketplace, x.day])).toEqual([
      ['x7yzab1cd2ef3gh@marketplace.amazon.de', '302-1234567-1234567', 2, 31.98, 'EUR', 'Amazon.de', '2024-02-29'],
      ['x7yzab1cd2ef3gh@marketplace.amazon.de', '302-1234567-1234567', 1, 4.99, 'EUR', 'Amazon.de', '2024-02-29'],
      ['qwerty123@marketplace.amazon.co.uk', '026-7654321-7654321', 1, 13.49, 'GBP', 'Amazon.co.uk', '2024-03-01'],
    ]);
  });
});

describe('WooCommerce', () => {
  it('line-item export: cancelled, failed and refunded orders', async () => {
    const result = await ingestBytes(fixture('woocommerce-orders.csv'));
    const r = rows(result);
    expectCountsAddUp(result.report);
    expect(result.report).toMatchObject({ accepted: 6, cancelled: 2, refunds: 2 });
    expect(r.map((x) => [x.order, x.sku, x.amount, x.currency, x.flags])).toEqual([
      ['2001', 'SCARF-W', 25, 'GBP', 0],
      ['2001', 'GLOVE', 15, 'GBP', 0],
      ['2002', 'HAT', 15, 'GBP', 0],
      ['2002', null, -20, 'GBP', FLAG_RETURN],
      ['2003', 'HAT', 25, 'GBP', FLAG_CANCELLED],
      ['2004', 'HAT', 25, 'GBP', FLAG_CANCELLED],
      ['2005', 'SCARF-C', 100, 'EUR', 0],
      ['2005', null, -12.5, 'EUR', FLAG_RETURN],
    ]);
    expect(new Set(r.filter((x) => x.order === '2001' || x.order === '2005').map((x) => x.customer))).toEqual(new Set(['jane@example.co.uk']));
  });

  it('Analytics export: one line per order, customers by name (approximate)', async () => {
    const result = await ingestBytes(fixture('woocommerce-analytics-orders.csv'), { currency: 'GBP' });
    expect(result.report.identity).toBe('approximate');
    expect(rows(result).map((x) => [x.customer, x.order, x.quantity, x.amount, x.currency])).toEqual([
      ['Jane Smith', '2005', 1, 100, 'GBP'],
      ['Amy Jones', '2003', 2, 45, 'GBP'],
      ['Jane Smith', '2001', 2, 40, 'GBP'],
    ]);
  });
});

describe('UCI Online Retail (II naming)', () => {
  it('C invoices are returns, lines without a customer are rejected with a reason, amounts are quantity x price', async () => {
    const result = await ingestBytes(fixture('online-retail-ii.csv'));
    expectCountsAddUp(result.report);
    expect(result.report).toMatchObject({ format: 'online-retail', rows: 5, accepted: 4, returns: 1, rejected: 1 });
    expect(result.report.rejects).toEqual([{ line: 4, column: 7, reason: 'missing-customer', detail: 'Customer ID (column 7) is empty' }]);
    expect(rows(result).map((x) => [x.customer, x.order, x.amount, x.currency, x.flags])).toEqual([
      ['13085', '489434', 83.4, 'GBP', 0],
      ['13085', '489434', 81, 'GBP', 0],
      ['16321', 'C489449', -35.4, 'GBP', FLAG_RETURN],
      ['13078', '489436', 59.5, 'GBP', 0],
    ]);
  });
});

describe('event logs and any other CSV', () => {
  it('reads semicolons, decimal commas, DD.MM.YYYY and a currency column', async () => {
    const result = await ingestBytes(fixture('events-eu.csv'), { currency: 'EUR' });
    expect(result.report).toMatchObject({ delimiter: ';', decimalSeparator: ',', returns: 1 });
    expect(rows(result).map((x) => [x.customer, x.day, x.amount, x.currency])).toEqual([
      ['anna@example.de', '2024-02-01', 1234.56, 'EUR'],
      ['ben@example.de', '2024-02-03', 12.5, 'EUR'],
      ['anna@example.de', '2024-03-15', -20, 'EUR'],
    ]);
  });

  it('an unknown header is refused until a mapping says which column is which', async () => {
    const bytes = fixture('custom-export.csv');
    await expect(ingestBytes(bytes)).rejects.toMatchObject({ code: 'unknown-format', line: 1 });
    const mapping = { customer: 'Kundennummer', date: 'Bestelldatum', value: 'Umsatz', order: 'Beleg', quantity: 'Menge', sku: 'Artikel' };
    const result = await ingestBytes(bytes, { mapping, dateOrder: 'dmy' });
    expect(result.report).toMatchObject({ format: 'events', variant: 'mapped', mapping, dateOrder: 'dmy', dateOrderSource: 'option' });
    expect(rows(result).map((x) => [x.customer, x.day, x.order, x.sku, x.quantity, x.amount, x.flags])).toEqual([
      ['K-1', '2024-01-05', 'B-1', 'A-1', 1, 1299, 0],
      ['K-2', '2024-01-06', 'B-2', 'A-2', 3, 12, 0],
      ['K-1', '2024-01-07', 'B-3', 'A-2', -1, -5, FLAG_RETURN],
    ]);
  });

  it('a mapping saved for a header is used again when the same header comes', async () => {
    const bytes = fixture('custom-export.csv');
    const key = mappingKey(['Kundennummer', 'Bestelldatum', 'Umsatz', 'Beleg', 'Menge', 'Artikel']);
    const saved = new Map([[key, { customer: 'Kundennummer', date: 'Bestelldatum', value: 'Umsatz' }]]);
    const result = await ingestBytes(bytes, { savedMappings: saved, dateOrder: 'mdy' });
    expect(result.report.mappingKey).toBe(key);
    expect(rows(result).map((x) => x.day)).toEqual(['2024-05-01', '2024-06-01', '2024-07-01']);
    const other = new Map([['h6-0', saved.get(key)!]]);
    await expect(ingestBytes(bytes, { savedMappings: other, dateOrder: 'mdy' })).rejects.toMatchObject({ code: 'unknown-format' });
  });

  it('a forced format reads a header that detection would not', async () => {
    const bytes = utf8('who,when,paid\nann,2024-01-01,5\n');
    await expect(ingestBytes(bytes, { format: 'events' })).rejects.toMatchObject({ code: 'missing-columns', message: expect.stringMatching(/no customer, date, value columns/) });
    await expect(ingestBytes(fixture('online-retail-ii.csv'), { format: 'shopify' })).rejects.toMatchObject({ code: 'missing-columns' });
  });
});

describe('day/month order is never guessed', () => {
  const ambiguous = 'customer,date,value\na,03/04/2024,1\nb,05/06/2024,2\nc,07/08/2024,3\n';

  it('refuses a file whose dates all read both ways, naming an example, and stores nothing', async () => {
    let stored = 0;
    const error = await ingestBytes(utf8(ambiguous), { onChunk: () => void stored++ }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AmbiguousDateOrderError);
    expect(error).toMatchObject({ code: 'ambiguous-date-order', line: 2, examples: [{ line: 2, text: '03/04/2024' }, { line: 3, text: '05/06/2024' }, { line: 4, text: '07/08/2024' }] });
    expect((error as Error).message).toMatch(/^test\.csv, line 2: the dates \(such as "03\/04\/2024"\) read both as day\/month and as month\/day/);
    expect(stored).toBe(0);
  });

  it('reads them either way when told', async () => {
    expect(rows(await ingestBytes(utf8(ambiguous), { dateOrder: 'dmy' })).map((r) => r.day)).toEqual(['2024-04-03', '2024-06-05', '2024-08-07']);
    expect(rows(await ingestBytes(utf8(ambiguous), { dateOrder: 'mdy' })).map((r) => r.day)).toEqual(['2024-03-04', '2024-05-06', '2024-07-08']);
  });

  it('a date far down the file settles the order, and the lines before it are corrected', async () => {
    // 3,000 ambiguous lines (beyond the sample of 1,000 records), in chunks of 500 lines, then a proof.
    for (const [proof, order] of [['12/25/2024', 'mdy'], ['25/12/2024', 'dmy']] as const) {
      const lines = ['customer,date,value'];
      for (let i = 0; i < 3000; i++) lines.push(`c${i % 97},0${1 + (i % 9)}/1${i % 3}/2024,${i}`);
      lines.push(`z,${proof},1`);
      const result = await ingestBytes(utf8(`${lines.join('\n')}\n`), { chunkLines: 500 }, 4096);
      expect(result.report).toMatchObject({ dateOrder: order, dateOrderSource: 'data', accepted: 3001 });
      expect(result.chunks).toBe(7);
      const days = rows(result).map((r) => r.day);
      // Line 2 is "c0,01/10/2024": 1 October when month-first, 10 January when day-first.
      expect(days[0]).toBe(order === 'mdy' ? '2024-01-10' : '2024-10-01');
      expect(days[1]).toBe(order === 'mdy' ? '2024-02-11' : '2024-11-02');
      // Line 3001 is "c89,03/12/2024".
      expect(days[2999]).toBe(order === 'mdy' ? '2024-03-12' : '2024-12-03');
      expect(days[3000]).toBe('2024-12-25');
      expect(result.report.firstDay).toBe(Math.min(...result.columns.day));
      expect(result.report.lastDay).toBe(Math.max(...result.columns.day));
    }
  });

  it('the report\'s first and last day follow the settled order', async () => {
    const result = await ingestBytes(utf8('customer,date,value\na,01/12/2024,1\nb,01/13/2024,2\n'), { sampleChars: 30 }, 8);
    expect(result.report).toMatchObject({ dateOrder: 'mdy' });
    expect(rows(result).map((r) => r.day)).toEqual(['2024-01-12', '2024-01-13']);
    expect([result.report.firstDay, result.report.lastDay]).toEqual([Date.UTC(2024, 0, 12) / 86_400_000, Date.UTC(2024, 0, 13) / 86_400_000]);
  });

  it('once settled, a date that contradicts the order is rejected, not reread', async () => {
    const result = await ingestBytes(utf8('customer,date,value\na,25/04/2024,1\nb,04/25/2024,2\nc,01/02/2024,3\n'));
    expect(result.report).toMatchObject({ dateOrder: 'dmy', accepted: 2, rejected: 1 });
    expect(result.report.rejects[0]).toMatchObject({ line: 3, column: 2, reason: 'bad-date' });
    expect(result.report.rejects[0].detail).toMatch(/day\/month/);
    expect(rows(result).map((r) => r.day)).toEqual(['2024-04-25', '2024-02-01']);
  });
});

describe('identity', () => {
  it('emails are trimmed and lower-cased; other keys trimmed only', async () => {
    const result = await ingestBytes(utf8('customer,date,value\n" Ann@Shop.COM ",2024-01-01,1\nann@shop.com,2024-01-02,2\n Key-7 ,2024-01-03,3\nkey-7,2024-01-04,4\n'));
    expect(rows(result).map((r) => r.customer)).toEqual(['ann@shop.com', 'ann@shop.com', 'Key-7', 'key-7']);
  });

  it('a pseudonymised import stores only salted SHA-256 hashes, one per identity', async () => {
    const hasher = saltedSha256('pepper', (d) => createHash('sha256').update(d).digest());
    let calls = 0;
    const counting = async (id: string) => {
      calls++;
      return hasher(id);
    };
    const bytes = utf8('customer,date,value\nAnn@Shop.com,2024-01-01,1\nbob,2024-01-02,2\nann@shop.com,2024-01-03,3\n');
    const result = await ingestBytes(bytes, { pseudonymise: counting, dictionaries: { customer: ['existing'] } });
    const expected = createHash('sha256').update('pepper\u0000ann@shop.com').digest('hex');
    expect(result.report.pseudonymised).toBe(true);
    expect(result.dictionaries.customer).toEqual(['existing', expected, createHash('sha256').update('pepper\u0000bob').digest('hex')]);
    expect(rows(result).map((r) => r.customer)).toEqual([expected, result.dictionaries.customer[2], expected]);
    expect(JSON.stringify(result.dictionaries)).not.toMatch(/ann|bob/i);
    expect(calls).toBe(2);
  });
});

describe('nothing twice', () => {
  it('the same file twice and an overlapping export add nothing the second time', async () => {
    const a = utf8('customer,date,value,order\nann,2024-01-01,5,1\nann,2024-01-01,5,1\nbob,2024-01-02,6,2\n');
    const b = utf8('customer,date,value,order\nbob,2024-01-02,6,2\ncat,2024-01-03,7,3\n');
    const first = await ingestBytes(a);
    // The same line twice in one file is two lines (two of the same item), with keys of their own.
    expect(new Set(first.columns.lineKey).size).toBe(3);
    const known = new Set(first.columns.lineKey);
    const again = await ingestBytes(a, { knownLineKeys: known });
    expect(again.report).toMatchObject({ accepted: 0, rejected: 3, rejectedByReason: { 'duplicate-line': 3 } });
    const overlap = await ingestBytes(b, { knownLineKeys: known });
    expect(overlap.report).toMatchObject({ accepted: 1, rejected: 1 });
    expect(rows(overlap).map((r) => r.customer)).toEqual(['cat']);
  });

  it('an Amazon line keeps its key when the export is downloaded again with a new status', async () => {
    const first = await ingestBytes(fixture('amazon-merchant-orders.txt'));
    const text = new TextDecoder().decode(fixture('amazon-merchant-orders.txt')).replace(/Standard/g, 'Expedited');
    const second = await ingestBytes(utf8(text));
    expect(Array.from(second.columns.lineKey)).toEqual(Array.from(first.columns.lineKey));
  });
});

describe('hostile input never crashes', () => {
  it('formula-like and markup names are kept as plain text; bad lines are rejected with line, column and reason', async () => {
    const result = await ingestBytes(fixture('hostile-names.csv'), {}, 13);
    expectCountsAddUp(result.report);
    expect(rows(result).map((r) => r.customer)).toEqual(['+SUM(A1:A9)', '@cmd', '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', 'Ann 5" vinyl', 'carl']);
    expect(result.report.rejects.map(({ line, column, reason }) => [line, column, reason])).toEqual([
      [2, 2, 'malformed-quotes'],
      [8, 1, 'malformed-quotes'],
      [12, 2, 'bad-date'],
      [13, 3, 'bad-value'],
      [14, null, 'wrong-field-count'],
    ]);
    expect(result.report.blankLines).toBe(2);
    expect(result.report.rows).toBe(11);
  });

  it('an unterminated quote is one clear error with its line', async () => {
    const bytes = utf8('customer,date,value\na,2024-01-01,5\nb,"2024-01-02,6\nc,2024-01-03,7\n');
    await expect(ingestBytes(bytes, { fileName: 'broken.csv' }, 3)).rejects.toMatchObject({
      name: 'IngestError', code: 'unterminated-quote', line: 3, column: 2, message: expect.stringMatching(/^broken\.csv, line 3, column 2: a quoted field is never closed/),
    });
  });

  it('a 0-byte file, a blank file and a header-only file', async () => {
    await expect(ingestBytes(new Uint8Array(0))).rejects.toMatchObject({ code: 'empty' });
    await expect(ingestBytes(utf8('\n \r\n'))).rejects.toMatchObject({ code: 'empty' });
    const header = await ingestBytes(utf8('customer,date,value\n'));
    expect(header.report).toMatchObject({ rows: 0, accepted: 0, rejected: 0 });
  });

  it('a truncated file: the cut line is rejected, the rest kept', async () => {
    const result = await ingestBytes(fixture('truncated.csv'));
    expect(result.report).toMatchObject({ rows: 3, accepted: 2, rejected: 1 });
    expect(result.report.rejects[0]).toMatchObject({ line: 4, reason: 'wrong-field-count' });
  });

  it('a huge field is read, and a file that is one endless record is refused', async () => {
    const big = 'x'.repeat(1 << 20);
    const result = await ingestBytes(utf8(`customer,date,value,note\n"${big}",2024-01-01,5,"${big}"\nann,2024-01-01,5,${big}\n`), {}, 65536);
    expect(result.report.accepted).toBe(2);
    expect(rows(result)[0].customer.length).toBe(1 << 20);
    const endless = async function* () {
      yield utf8('customer,date,value\na,2024-01-01,"');
      for (let i = 0; i < 40; i++) yield new Uint8Array(1 << 20).fill(0x61);
    };
    await expect(ingestAnyBytes(new Uint8Array(0))).rejects.toBeInstanceOf(IngestError);
    const { ingest } = await import('../../../src/core/ingest/ingest.ts');
    await expect(ingest(endless(), { fileName: 'x.csv', onChunk: () => undefined })).rejects.toMatchObject({ code: 'record-too-long', line: 2 });
  });

  it('CRLF, CR-only, BOM and blank lines give the same lines as LF', async () => {
    const lf = 'customer,date,value\nann,2024-01-01,5\n\nbob,2024-01-02,"6"\n';
    const base = rows(await ingestBytes(utf8(lf)));
    expect(rows(await ingestBytes(utf8(lf.replace(/\n/g, '\r\n'))))).toEqual(base);
    expect(rows(await ingestBytes(utf8(lf.replace(/\n/g, '\r'))))).toEqual(base);
    expect(rows(await ingestBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(lf)])))).toEqual(base);
  });
});

describe('progress and cancel', () => {
  it('cancel stops the import with nothing stored after it', async () => {
    const lines = ['customer,date,value', ...Array.from({ length: 20_000 }, (_, i) => `c${i},2024-01-01,${i}`)];
    const bytes = utf8(lines.join('\n'));
    let pieceCount = 0;
    const source = (async function* () {
      for await (const p of pieces(bytes, 4096)) {
        pieceCount++;
        yield p;
      }
    })();
    await expect(ingestBytes(new Uint8Array(0))).rejects.toBeDefined();
    const { ingest } = await import('../../../src/core/ingest/ingest.ts');
    await expect(ingest(source, { fileName: 'x.csv', onChunk: () => undefined, isCancelled: () => pieceCount >= 60 })).rejects.toBeInstanceOf(IngestCancelled);
    expect(pieceCount).toBeLessThan(70);
  });

  it('reports progress in bytes and lines, ending at the whole file', async () => {
    const bytes = utf8(['customer,date,value', ...Array.from({ length: 5000 }, (_, i) => `c${i},2024-01-01,${i}`)].join('\n'));
    const seen: { bytes: number; lines: number; accepted: number }[] = [];
    await ingestBytes(bytes, { onProgress: (p) => seen.push(p), totalBytes: bytes.length }, 1000);
    expect(seen.at(-1)).toMatchObject({ bytes: bytes.length, totalBytes: bytes.length, accepted: 5000, lines: 5001 });
  });
});

describe('per-customer summary file', () => {
  it('is its own result: columns for the models, bad lines rejected with reasons', async () => {
    const { report, summary } = await readCustomerSummary(pieces(fixture('customer-summary.csv'), 10), { fileName: 'summary.csv' });
    expectCountsAddUp(report);
    expect(summary.customer).toEqual(['c1', 'c2']);
    expect(Array.from(summary.frequency)).toEqual([2, 0]);
    expect(Array.from(summary.recency)).toEqual([30.5, 0]);
    expect(Array.from(summary.T)).toEqual([38.86, 38.86]);
    expect(summary.monetary[0]).toBe(25.1);
    expect(summary.monetary[1]).toBeNaN();
    expect(report.rejects.map((r) => [r.line, r.reason])).toEqual([[4, 'bad-summary'], [5, 'bad-summary'], [6, 'duplicate-customer'], [7, 'missing-customer']]);
  });

  it('ingest() says a summary is not order lines; readCustomerSummary says order lines are not a summary', async () => {
    await expect(ingestBytes(fixture('customer-summary.csv'))).rejects.toMatchObject({ code: 'summary-file' });
    await expect(readCustomerSummary(pieces(fixture('events-eu.csv')), { fileName: 'e.csv' })).rejects.toMatchObject({ code: 'not-summary-file' });
    const any = await ingestAnyBytes(fixture('customer-summary.csv'));
    expect(any.kind).toBe('summary');
  });
});

describe('fast path and state machine agree', () => {
  it.each(['shopify-orders-export.csv', 'hostile-names.csv', 'woocommerce-orders.csv', 'amazon-all-orders.tsv', 'events-eu.csv'])('%s', async (name) => {
    const fast = await ingestBytes(fixture(name), {}, 50);
    const slow = await ingestBytes(fixture(name), { parser: 'state-machine' }, 50);
    expect(rows(slow)).toEqual(rows(fast));
    expect(slow.report).toEqual(fast.report);
    expect(sum(Array.from(fast.columns.amount))).toBe(sum(Array.from(slow.columns.amount)));
  });
});
