import { civilDay, isValidCivil } from './dates.ts';

/** A day number from the date formats seen so far: ISO (with time and offset), and CDNOW's YYYYMMDD. */
export function parseDay(text: string): number | null {
  const s = text.trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T ])/.exec(s);
  if (!m) m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return isValidCivil(y, mo, d) ? civilDay(y, mo, d) : null;
}

/** A plain decimal number (`12.5`, `-3`), or null. */
export function parseNumber(text: string): number | null {
  const s = text.trim();
  if (s === '' || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}
