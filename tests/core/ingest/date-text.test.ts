import { describe, expect, it } from 'vitest';
import { formatDay } from '../../../src/core/ingest/dates.ts';
import { dateReading, readDate, type DateOrder } from '../../../src/core/ingest/date-text.ts';

function read(text: string, order: DateOrder | null = null) {
  const r = readDate(text, order, dateReading());
  return { kind: r.kind, day: r.kind ? formatDay(r.day) : null, alt: r.kind ? formatDay(r.altDay) : null };
}

describe('dates as exports write them', () => {
  it.each([
    ['2024-03-01', '2024-03-01'],
    ['2024-03-01T23:30:00-05:00', '2024-03-01'],
    ['2017-06-17T08:04:21+00:00', '2017-06-17'],
    ['2025-12-07 19:08:25 +0000', '2025-12-07'],
    ['2024-03-01T10:22:31Z', '2024-03-01'],
    ['2010-12-01 08:26:00', '2010-12-01'],
    ['2024-3-1', '2024-03-01'],
    ['2024/03/01', '2024-03-01'],
    ['19970101', '1997-01-01'],
    ['01.02.2024', '2024-02-01'],
    ['01.02.2024 14:05', '2024-02-01'],
    ['1 Dec 2010', '2010-12-01'],
    ['01-Dec-2010', '2010-12-01'],
    ['Dec 1, 2010', '2010-12-01'],
    ['Wednesday, December 1st, 2010', '2010-12-01'],
    [' 2024-02-29 ', '2024-02-29'],
    ['05/05/2024', '2024-05-05'],
  ])('%s is %s, definitely', (text, day) => {
    expect(read(text)).toEqual({ kind: 1, day, alt: day });
  });

  it('uses the local date as written, never the offset', () => {
    expect(read('2024-12-31T23:59:59-12:00').day).toBe('2024-12-31');
    expect(read('2024-01-01T00:00:01+14:00').day).toBe('2024-01-01');
  });

  it('says when day and month could be either, and which a date proves', () => {
    expect(read('03/04/2024')).toEqual({ kind: 2, day: '2024-04-03', alt: '2024-03-04' });
    expect(read('3-4-24 10:00')).toEqual({ kind: 2, day: '2024-04-03', alt: '2024-03-04' });
    expect(read('25/04/2024')).toEqual({ kind: 3, day: '2024-04-25', alt: '2024-04-25' });
    expect(read('04/25/2024 8:26 PM')).toEqual({ kind: 4, day: '2024-04-25', alt: '2024-04-25' });
  });

  it('reads slash dates by a known order', () => {
    expect(read('03/04/2024', 'dmy').day).toBe('2024-04-03');
    expect(read('03/04/2024', 'mdy').day).toBe('2024-03-04');
    expect(read('12/1/2010 8:26', 'mdy').day).toBe('2010-12-01');
    expect(read('25/04/2024', 'mdy').kind).toBe(0);
  });

  it.each(['', 'not a date', '2024-02-30', '2024-13-01', '31/31/2024', '2024-00-33', '0000-01-01', '12345678', 'yesterday'])('%j is not a date', (text) => {
    expect(read(text).kind).toBe(0);
  });
});
