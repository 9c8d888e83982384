// The period chooser of the brand view and the sentences that say which days a figure covers. Pure.
import { formatDay } from '../../../core/ingest/dates.ts';
import type { PeriodRange } from '../../../state/types.ts';

export interface PeriodOption {
  key: string;
  label: string;
}

/** All time first (the default, as the command line reports it), then the last N days, then calendar years. */
export function periodOptions(years: readonly number[]): PeriodOption[] {
  return [
    { key: 'all', label: 'All time' },
    { key: 'last-30', label: 'Last 30 days' },
    { key: 'last-90', label: 'Last 90 days' },
    { key: 'last-365', label: 'Last 365 days' },
    ...years.map((y) => ({ key: `year-${y}`, label: String(y) })),
  ];
}

export function rangeText(start: number, end: number): string {
  return start === end ? formatDay(start) : `${formatDay(start)} to ${formatDay(end)}`;
}

/** What the tiles cover and what their changes compare with, in one sentence. */
export function periodSentence(period: PeriodRange, firstDay: number): string {
  const days = period.end - period.start + 1;
  const covered = `Purchases from ${rangeText(period.start, period.end)} (${days.toLocaleString('en-US')} days)`;
  if (period.key === 'all') return `${covered}: your whole history, so there is no earlier period to compare with.`;
  if (!period.previousComplete) {
    return `${covered}. Your data begin on ${formatDay(firstDay)}, so the ${days} days before are not all there and no change is shown.`;
  }
  return `${covered}, compared with the ${days} days before (${rangeText(period.previousStart, period.previousEnd)}).`;
}
