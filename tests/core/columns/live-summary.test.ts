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
});
