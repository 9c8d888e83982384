// The running summary behind the import page's live chart: counts per month from chunks as they come.
import { describe, expect, it } from 'vitest';
import { LiveSummary } from '../../../src/core/columns/live-summary.ts';
import { allocateColumns, trimColumns } from '../../../src/core/columns/table.ts';
import { civilDay } from '../../../src/core/ingest/dates.ts';

function chunk(lines: [string, number][]) {
  const c = allocateColumns(lines.length);
  lines.forEach(([date, customer], i) => {
    const [y, m, d] = date.split('-').map(Number);
    c.day[i] = civilDay(y, m, d);
    c.customer[i] = customer;
    c.length = i + 1;
  });
  return trimColumns(c);
}

describe('LiveSummary', () => {
  it('counts lines and first-seen customers per month across chunks, with empty months in between', () => {
    const live = new LiveSummary(2); // customers 0 and 1 were in the dataset before
    live.add(chunk([['2024-01-03', 0], ['2024-01-09', 2], ['2024-01-31', 2]]));
    expect(live.view()).toEqual({ months: ['2024-01'], lines: [3], newCustomers: [1], customers: 2 });
    live.add(chunk([['2024-04-01', 3], ['2024-04-02', 1], ['2023-12-31', 5], ['2024-04-03', 2]]));
    expect(live.view()).toEqual({
      months: ['2023-12', '2024-01', '2024-02', '2024-03', '2024-04'],
      lines: [1, 3, 0, 0, 3],
      newCustomers: [1, 1, 0, 0, 1],
      customers: 5,
    });
  });

  it('is empty before any line', () => {
    expect(new LiveSummary().view()).toEqual({ months: [], lines: [], newCustomers: [], customers: 0 });
  });

  it('gives the same view when a later part, coded its own way, is summed apart and added after the first', () => {
    // Global customers: 0 and 1 known before; 2, 3, 4 new. The later part codes 4 as 0, 2 as 1, 1 as 2.
    const whole = new LiveSummary(2);
    whole.add(chunk([['2024-01-03', 0], ['2024-01-09', 2], ['2024-02-01', 3]]));
    whole.add(chunk([['2024-02-05', 4], ['2024-03-02', 2], ['2024-03-09', 1], ['2024-05-01', 4]]));

    const inParts = new LiveSummary(2);
    inParts.add(chunk([['2024-01-03', 0], ['2024-01-09', 2], ['2024-02-01', 3]]));
    const later = new LiveSummary(0, true);
    later.add(chunk([['2024-02-05', 0], ['2024-03-02', 1], ['2024-03-09', 2], ['2024-05-01', 0]]));
    const toMerged = [4, 2, 1];
    // While the later part is read, its lines already count (its customers not yet).
    expect(inParts.view([later.monthLines()]).lines).toEqual(whole.view().lines);
    inParts.addPart(later.part(), (code) => toMerged[code]);
    expect(inParts.view()).toEqual(whole.view());
  });
});
