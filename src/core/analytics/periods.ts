// Calendar buckets of day numbers (days since 1970-01-01) for trends, cohorts and snapshots.
import { civilDay, dayToCivil, formatDay } from '../ingest/dates.ts';

export type Granularity = 'day' | 'week' | 'month' | 'quarter';
export const GRANULARITIES: readonly Granularity[] = ['day', 'week', 'month', 'quarter'];

/** First day of the bucket that holds `day`. Weeks start on Monday (ISO 8601); 1970-01-01 was a Thursday. */
export function bucketStart(day: number, granularity: Granularity): number {
  switch (granularity) {
    case 'day':
      return day;
    case 'week':
      return day - (((day + 3) % 7) + 7) % 7;
    case 'month': {
      const { year, month } = dayToCivil(day);
      return civilDay(year, month, 1);
    }
    case 'quarter': {
      const { year, month } = dayToCivil(day);
      return civilDay(year, month - ((month - 1) % 3), 1);
    }
  }
}

/** First day of the bucket after the one starting on `start`. */
export function nextBucketStart(start: number, granularity: Granularity): number {
  switch (granularity) {
    case 'day':
      return start + 1;
    case 'week':
      return start + 7;
    case 'month':
    case 'quarter': {
      const { year, month } = dayToCivil(start);
      const m = month + (granularity === 'month' ? 1 : 3);
      return m > 12 ? civilDay(year + 1, m - 12, 1) : civilDay(year, m, 1);
    }
  }
}

/** `2024-03-04` (day; week by its Monday), `2024-03` (month), `2024-Q1` (quarter). */
export function bucketLabel(start: number, granularity: Granularity): string {
  if (granularity === 'day' || granularity === 'week') return formatDay(start);
  const { year, month } = dayToCivil(start);
  if (granularity === 'month') return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
  return `${String(year).padStart(4, '0')}-Q${Math.floor((month - 1) / 3) + 1}`;
}

/** Consecutive buckets covering the days first..last, with a lookup from day to bucket index. */
export interface BucketRange {
  granularity: Granularity;
  /** First day of each bucket. */
  starts: Int32Array;
  labels: string[];
  /** The first day the lookup covers; `indexOf[d - firstDay]` is the bucket of day d. */
  firstDay: number;
  indexOf: Int32Array;
}

export function bucketRange(firstDay: number, lastDay: number, granularity: Granularity): BucketRange {
  const starts: number[] = [];
  const indexOf = new Int32Array(Math.max(lastDay - firstDay + 1, 0));
  if (lastDay >= firstDay) {
    let s = bucketStart(firstDay, granularity);
    while (s <= lastDay) {
      const next = nextBucketStart(s, granularity);
      const b = starts.length;
      starts.push(s);
      for (let d = Math.max(s, firstDay); d < next && d <= lastDay; d++) indexOf[d - firstDay] = b;
      s = next;
    }
  }
  return {
    granularity,
    starts: Int32Array.from(starts),
    labels: starts.map((s) => bucketLabel(s, granularity)),
    firstDay,
    indexOf,
  };
}
