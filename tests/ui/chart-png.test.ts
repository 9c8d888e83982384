import { describe, expect, it } from 'vitest';
import { repeatLadderOption } from '../../src/ui/charts/options/brand-repeat-ladder.ts';
import { tierPieOption } from '../../src/ui/charts/options/tiers.ts';
import { chartFileName, fileSlug, pieWithLegend } from '../../src/ui/charts/png.ts';

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

describe('a pie in an image', () => {
  it('gets a legend with each slice\'s count beside it, since the page\'s table does not go with it', () => {
    const option = tierPieOption([{ name: '<b>Gold</b>', customers: 1200 }, { name: 'Silver', customers: 30 }], { name: '(none)', customers: 5 }, String);
    const image = pieWithLegend(option, 200, 200)!;
    expect(image.width).toBeGreaterThan(200);
    const legend = image.option.legend as { formatter: (name: string) => string; left: number };
    expect(legend.left).toBeGreaterThanOrEqual(200);
    expect(legend.formatter('<b>Gold</b>')).toBe('<b>Gold</b>  1,200');
    expect(legend.formatter('(none)')).toBe('(none)  5');
    expect((image.option.series as { center: unknown[] }[])[0].center[0]).toBe(100);
    // The page's own option is left as it was.
    expect(option.legend).toBeUndefined();
  });

  it('leaves every other chart as the page draws it', () => {
    expect(pieWithLegend(repeatLadderOption([{ n: 1, customers: 10, continued: 5, probability: 0.5 }]), 600, 200)).toBeNull();
  });
});
