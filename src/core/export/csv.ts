// CSV for the seller's spreadsheet. A cell that starts with = + - @, a tab or a carriage return would be
// run as a formula by Excel, LibreOffice or Sheets (OWASP "CSV injection"): such cells get a leading
// apostrophe, which spreadsheets show as text. Plain numbers are written as numbers, never neutralised,
// so that a negative amount stays -12.5.
const FORMULA_START = /^[=+\-@\t\r]/;

export type CsvCell = string | number | boolean | null | undefined;

export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(cells: readonly CsvCell[]): string {
  return cells.map(csvCell).join(',');
}

/** A whole CSV document (header + rows), lines ended with CRLF as RFC 4180 says. */
export function toCsv(header: readonly string[], rows: Iterable<readonly CsvCell[]>): string {
  const lines = [csvRow(header)];
  for (const row of rows) lines.push(csvRow(row));
  return `${lines.join('\r\n')}\r\n`;
}
