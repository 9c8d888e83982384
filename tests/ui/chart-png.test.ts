import { describe, expect, it } from 'vitest';
import { chartFileName, fileSlug } from '../../src/ui/charts/png.ts';

describe('chart image file names', () => {
  it('are the dataset, the chart and its marketplace as lower-case words joined by dashes', () => {
    expect(chartFileName(['My store', 'sales-trend'])).toBe('my-store-sales-trend.png');
    expect(chartFileName(['Café Zürich', 'tiers', 'Amazon.de'])).toBe('cafe-zurich-tiers-amazon-de.png');
  });

  it('turn hostile text into plain words, and never into a path, markup or an empty name', () => {
    expect(chartFileName(['<img src=x onerror=alert(1)>', 'tiers', '"><svg onload=alert(1)> market'])).toBe('img-src-x-onerror-alert-1-tiers-svg-onload-alert-1-market.png');
    expect(chartFileName(['../../etc/passwd', 'holdout'])).toBe('etc-passwd-holdout.png');
    expect(chartFileName(['\u202Egnp.exe', '', '   '])).toBe('gnp-exe.png');
    expect(chartFileName(['日本の店'])).toBe('chart.png');
    expect(fileSlug('W'.repeat(600))).toHaveLength(48);
    expect(fileSlug(`${'a'.repeat(47)}-b`)).toBe('a'.repeat(47));
  });
});
