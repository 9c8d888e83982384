// Dates as exports write them, to calendar days in the data's own local dates: an offset such as `+02:00`
// or `Z` is not applied, because the seller's day is the day written (INTERFACES.md). Day/month order is
// never guessed: `03/04/2024` is ambiguous until a date such as `25/04/2024` or an explicit order settles it.
import { civilDay, isValidCivil } from './dates.ts';

export type DateOrder = 'dmy' | 'mdy';

/** What a date text says. Reused between calls so the hot path allocates nothing. */
export interface DateReading {
  /**
   * 0 not a date; 1 a definite day; 2 ambiguous (`day` reads it day-first, `altDay` month-first);
   * 3 definite and it proves day-first order; 4 definite and it proves month-first order.
   */
  kind: 0 | 1 | 2 | 3 | 4;
  day: number;
  altDay: number;
}

export const NOT_A_DATE = 0;
export const DEFINITE = 1;
export const AMBIGUOUS = 2;
export const PROVES_DMY = 3;
export const PROVES_MDY = 4;

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
  january: 1, february: 2, march: 3, april: 4, june: 6, july: 7, august: 8, september: 9, october: 10,
  november: 11, december: 12,
};

function digits(s: string, from: number, count: number): number {
  let v = 0;
  for (let i = from; i < from + count; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

// Lines come in date order more often than not: the last day read is usually the next one too.
let lastKey = -1;
let lastDay = NaN;

function day(y: number, m: number, d: number): number {
  if (m < 1 || m > 12 || d < 1 || d > 31) return NaN;
  const key = (y * 16 + m) * 32 + d;
  if (key === lastKey) return lastDay;
  const value = isValidCivil(y, m, d) ? civilDay(y, m, d) : NaN;
  lastKey = key;
  lastDay = value;
  return value;
}

/** Two-digit years: 00-69 are 20xx, 70-99 are 19xx (the POSIX `%y` pivot that spreadsheets also use). */
function fullYear(text: string): number {
  const y = Number(text);
  if (text.length === 4) return y;
  return y < 70 ? 2000 + y : 1900 + y;
}

const NUMERIC = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?:$|[T\s,])/;
const YMD_SLASH = /^(\d{4})([/.])(\d{1,2})\2(\d{1,2})(?:$|[T\s,])/;
const ISO_LOOSE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T\s,])/;
const DAY_MONTH_NAME = /^(\d{1,2})[\s-]+([A-Za-z]{3,9})\.?[\s-]+(\d{4}|\d{2})(?:$|[T\s,])/;
const MONTH_NAME_DAY = /^(?:[A-Za-z]{3,9},?\s+)?([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?:$|[T\s,])/;

/**
 * The day of `text[start, end)` when it is an ISO date (`YYYY-MM-DD`, optionally followed by a time) that
 * readDate would read on its fast path, else NaN (not that form, or not a valid day: ask readDate).
 */
export function isoDayAt(text: string, start: number, end: number): number {
  if (end - start < 10 || text.charCodeAt(start + 4) !== 45 || text.charCodeAt(start + 7) !== 45) return NaN;
  const after = end - start > 10 ? text.charCodeAt(start + 10) : 0;
  if (!(after === 0 || after === 84 || after === 32 || after === 116)) return NaN;
  const y = digits(text, start, 4);
  const m = digits(text, start + 5, 2);
  const d = digits(text, start + 8, 2);
  return y >= 0 && m >= 0 && d >= 0 ? day(y, m, d) : NaN;
}

/**
 * Reads `text` into `out`. `order` is the file's day/month order when known (given or already proven);
 * with it, slash and dash dates are definite.
 */
export function readDate(text: string, order: DateOrder | null, out: DateReading): DateReading {
  out.kind = NOT_A_DATE;
  let s = text;
  const c0 = s.charCodeAt(0);
  if (c0 === 32 || c0 === 9 || s.charCodeAt(s.length - 1) === 32) s = s.trim();
  // Fast path: ISO `YYYY-MM-DD...` (Amazon, Shopify, WooCommerce, Online Retail), and CDNOW's YYYYMMDD.
  if (s.length >= 10 && s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45) {
    const after = s.length > 10 ? s.charCodeAt(10) : 0;
    if (after === 0 || after === 84 || after === 32 || after === 116) {
      const y = digits(s, 0, 4);
      const m = digits(s, 5, 2);
      const d = digits(s, 8, 2);
      if (y >= 0 && m >= 0 && d >= 0) return definite(out, day(y, m, d));
    }
  }
  if (s.length === 8) {
    const v = digits(s, 0, 8);
    if (v >= 0) return definite(out, day(Math.floor(v / 10000), Math.floor(v / 100) % 100, v % 100));
  }
  let m = ISO_LOOSE.exec(s);
  if (m) return definite(out, day(Number(m[1]), Number(m[2]), Number(m[3])));
  m = YMD_SLASH.exec(s);
  if (m) return definite(out, day(Number(m[1]), Number(m[3]), Number(m[4])));
  m = NUMERIC.exec(s);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[3]);
    const y = fullYear(m[4]);
    // A dotted date is day-first wherever it is written (DD.MM.YYYY); slashes and dashes depend on the file.
    if (m[2] === '.') return definite(out, day(y, b, a));
    if (order === 'dmy') return definite(out, day(y, b, a));
    if (order === 'mdy') return definite(out, day(y, a, b));
    const dmy = day(y, b, a);
    const mdy = day(y, a, b);
    if (Number.isNaN(dmy) && Number.isNaN(mdy)) return out;
    if (Number.isNaN(mdy)) return proven(out, PROVES_DMY, dmy);
    if (Number.isNaN(dmy)) return proven(out, PROVES_MDY, mdy);
    if (dmy === mdy) return definite(out, dmy);
    out.kind = AMBIGUOUS;
    out.day = dmy;
    out.altDay = mdy;
    return out;
  }
  m = DAY_MONTH_NAME.exec(s);
  if (m) {
    const month = MONTHS[m[2].toLowerCase()];
    if (month) return definite(out, day(fullYear(m[3]), month, Number(m[1])));
    return out;
  }
  m = MONTH_NAME_DAY.exec(s);
  if (m) {
    const month = MONTHS[m[1].toLowerCase()];
    if (month) return definite(out, day(Number(m[3]), month, Number(m[2])));
  }
  return out;
}

function definite(out: DateReading, d: number): DateReading {
  if (Number.isNaN(d)) {
    out.kind = NOT_A_DATE;
    return out;
  }
  out.kind = DEFINITE;
  out.day = d;
  out.altDay = d;
  return out;
}

function proven(out: DateReading, kind: 3 | 4, d: number): DateReading {
  out.kind = kind;
  out.day = d;
  out.altDay = d;
  return out;
}

/** A fresh reading to pass to readDate. */
export function dateReading(): DateReading {
  return { kind: NOT_A_DATE, day: 0, altDay: 0 };
}

/** Whether a text is written in a day/month form whose order the file decides (`03/04/2024`, `3-4-24`). */
export function isOrderDependent(text: string): boolean {
  const m = NUMERIC.exec(text.trim());
  return m !== null && m[2] !== '.';
}
