// How numbers read on the page. One place, so every view says "$1,234.50" and "48.9 %" the same way.
const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

export function formatInteger(value: number): string {
  return integer.format(value);
}

export function formatMoney(value: number, currency = 'USD'): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency, maximumFractionDigits: Math.abs(value) >= 100_000 ? 0 : 2 }).format(value);
}

export function formatPercent(fraction: number): string {
  return `${decimal.format(fraction * 100)} %`;
}

export function formatDays(days: number): string {
  return `${integer.format(days)} ${days === 1 ? 'day' : 'days'}`;
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${decimal.format(bytes / 1024)} KB`;
  if (bytes < 1024 ** 3) return `${decimal.format(bytes / 1024 ** 2)} MB`;
  return `${decimal.format(bytes / 1024 ** 3)} GB`;
}

/** Short money for chart axes: $400K, $1.2M. */
export function formatMoneyCompact(value: number, currency = 'USD'): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 }).format(value);
}
