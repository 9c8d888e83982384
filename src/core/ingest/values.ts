// Amounts as exports write them: `12.5`, `-3`, `1,234.56`, `1.234,56`, `€ 12,50`, `$1,299.00`, `(12.00)`,
// `12.00 EUR`. A value whose separators say what they are is read that way; only a value such as `1,234`
// or `1.234` (a thousands group, or three decimals?) follows the file's decimal separator, which is decided
// once from the first lines (or given), so the result does not depend on where a chunk ends.
import { dateReading, readDate } from './date-text.ts';

export type DecimalSeparator = '.' | ',';

const CURRENCY_SYMBOLS: Record<string, string> = {
  '€': 'EUR', '£': 'GBP', '¥': 'JPY', '₹': 'INR', '₩': 'KRW', '₺': 'TRY', '₽': 'RUB', '₪': 'ILS', 'zł': 'PLN',
  'kr': '', 'R$': 'BRL', 'CHF': 'CHF', 'Fr.': 'CHF',
};

const POWERS_OF_TEN = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
const SLOW_CLEAN = /[\s\u00a0\u202f'’]/g;
const NUMBER_SHAPE = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;
const UNSIGNED_SHAPE = /^(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

/**
 * Reads amounts and quantities. After each `read`, `currency` holds the ISO code the text carried (`€`,
 * `EUR`), if any: lines keep their own currency when the export has no currency column.
 */
export class AmountReader {
  currency: string | null = null;

  constructor(readonly decimal: DecimalSeparator = '.') {}

  read(text: string): number | null {
    this.currency = null;
    const n = text.length;
    if (n === 0) return null;
    // Fast path: optional minus, digits, at most one dot, digits.
    let i = text.charCodeAt(0) === 45 ? 1 : 0;
    let dot = -1;
    let plain = i < n;
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === 46 && dot < 0) dot = i;
      else if (c < 48 || c > 57) {
        plain = false;
        break;
      }
    }
    if (plain && dot !== n - 1 && !(this.decimal === ',' && dot >= 0 && n - dot - 1 === 3)) {
      const v = Number(text);
      if (Number.isFinite(v)) return v;
    }
    return this.slow(text);
  }

  /**
   * The plain number `text[start, end)` (optional minus, at most 15 digits, at most one dot, as on read's
   * fast path) without cutting it out, or NaN when it is not that simple (ask read). m / 10^k of exact
   * integers is correctly rounded, so the value is the one Number() gives.
   */
  plainAt(text: string, start: number, end: number): number {
    let i = start;
    const negative = i < end && text.charCodeAt(i) === 45;
    if (negative) i++;
    if (i >= end) return NaN;
    let mantissa = 0;
    let digitCount = 0;
    let dot = -1;
    for (; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === 46 && dot < 0) dot = i;
      else if (c >= 48 && c <= 57) {
        mantissa = mantissa * 10 + (c - 48);
        digitCount++;
      } else return NaN;
    }
    if (digitCount === 0 || digitCount > 15 || dot === end - 1) return NaN;
    const decimals = dot < 0 ? 0 : end - dot - 1;
    if (this.decimal === ',' && decimals === 3) return NaN;
    const value = decimals === 0 ? mantissa : mantissa / POWERS_OF_TEN[decimals];
    return negative ? -value : value;
  }

  private slow(text: string): number | null {
    let s = text.trim().replace(/\u2212/g, '-');
    if (s === '') return null;
    let negative = false;
    if (s.startsWith('(') && s.endsWith(')')) {
      negative = true;
      s = s.slice(1, -1).trim();
    }
    // Currency: an ISO code or a symbol before or after the number.
    const code = /^([A-Z]{3})\s*|\s*([A-Z]{3})$/.exec(s);
    if (code) {
      this.currency = code[1] ?? code[2];
      s = s.slice(0, code.index) + s.slice(code.index + code[0].length);
    }
    for (const [symbol, iso] of Object.entries(CURRENCY_SYMBOLS)) {
      const at = s.indexOf(symbol);
      if (at >= 0) {
        if (iso !== '') this.currency ??= iso;
        s = s.slice(0, at) + s.slice(at + symbol.length);
        break;
      }
    }
    if (s.startsWith('$')) s = s.slice(1);
    else if (s.endsWith('$')) s = s.slice(0, -1);
    s = s.replace(SLOW_CLEAN, '');
    if (s.startsWith('-')) {
      negative = !negative;
      s = s.slice(1);
    } else if (s.endsWith('-')) {
      negative = !negative;
      s = s.slice(0, -1);
    } else if (s.startsWith('+')) s = s.slice(1);
    // A currency sign may also sit between the minus and the digits: -$12.00.
    if (s.startsWith('$')) s = s.slice(1);
    const lastComma = s.lastIndexOf(',');
    const lastDot = s.lastIndexOf('.');
    if (lastComma >= 0 && lastDot >= 0) {
      // Both: the last one is the decimal separator, the other groups thousands.
      s = lastComma > lastDot ? s.replace(/\./g, '').replace(',', '.') : s.replace(/,/g, '');
    } else if (lastComma >= 0) {
      const groups = /^\d{1,3}(,\d{3})+$/.test(s);
      const several = s.indexOf(',') !== lastComma;
      if (several && groups) s = s.replace(/,/g, '');
      else if (several) return null;
      else if (groups && this.decimal === '.') s = s.replace(',', '');
      else s = s.replace(',', '.');
    } else if (lastDot >= 0) {
      const groups = /^\d{1,3}(\.\d{3})+$/.test(s);
      const several = s.indexOf('.') !== lastDot;
      if (several && groups) s = s.replace(/\./g, '');
      else if (several) return null;
      else if (groups && this.decimal === ',') s = s.replace('.', '');
    }
    if (!UNSIGNED_SHAPE.test(s)) return null;
    const v = Number(s);
    if (!Number.isFinite(v)) return null;
    return negative ? -v : v;
  }
}

/**
 * What a value says about the file's decimal separator: 1 it can only be a decimal comma (`12,50`,
 * `1.234,56`), -1 only a decimal point (`12.50`, `1,234.56`), 0 it says nothing (`1,234`, `12`).
 */
export function decimalEvidence(text: string): -1 | 0 | 1 {
  const s = text.replace(/[^\d.,]/g, '');
  const lastComma = s.lastIndexOf(',');
  const lastDot = s.lastIndexOf('.');
  if (lastComma >= 0 && lastDot >= 0) return lastComma > lastDot ? 1 : -1;
  if (lastComma >= 0) {
    if (s.indexOf(',') !== lastComma) return 0;
    return s.length - lastComma - 1 === 3 ? 0 : 1;
  }
  if (lastDot >= 0) {
    if (s.indexOf('.') !== lastDot) return 0;
    return s.length - lastDot - 1 === 3 ? 0 : -1;
  }
  return 0;
}

/** The decimal separator of a file from sample values; with no evidence, `,` for `;`-separated files. */
export function detectDecimalSeparator(values: Iterable<string>, delimiter: string): DecimalSeparator {
  let comma = 0;
  let dot = 0;
  for (const v of values) {
    const e = decimalEvidence(v);
    if (e > 0) comma++;
    else if (e < 0) dot++;
  }
  if (comma > dot) return ',';
  if (dot > comma) return '.';
  return delimiter === ';' ? ',' : '.';
}

// The first helpers of the foundation, kept for callers that want a single value.

const scratch = dateReading();

/** A day number from an unambiguous date text (ISO with time and offset, YYYYMMDD, DD.MM.YYYY), or null. */
export function parseDay(text: string): number | null {
  const r = readDate(text, null, scratch);
  return r.kind === 1 || r.kind === 3 || r.kind === 4 ? r.day : null;
}

/** A plain decimal number (`12.5`, `-3`), or null. */
export function parseNumber(text: string): number | null {
  const s = text.trim();
  if (s === '' || !NUMBER_SHAPE.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}
