// The live import chart, made ahead of time: drawn with made-up imports while the import page is idle
// (prepareChart), so that a real import finds it built and its code compiled and optimised.
import type { EChartsCoreOption } from 'echarts/core';
import { importLiveOption } from '../../charts/options/import-live.ts';
import { formatInteger } from '../../format.ts';

/** The name LiveImport's chart takes the prepared chart by. */
export const LIVE_CHART = 'import-live';

/**
 * `draws` made-up views that grow from 1 to 24 months, as a file read from its start does. Measured in
 * Chromium on the bench machine, an update of the chart after one earlier drawing takes 10 to 25 ms, after
 * about thirty 4 to 8 ms.
 */
export function liveChartDrafts(draws = 32): EChartsCoreOption[] {
  const out: EChartsCoreOption[] = [];
  for (let d = 1; d <= draws; d++) {
    const n = Math.max(1, Math.round((24 * d) / draws));
    const months = Array.from({ length: n }, (_, i) => `${2024 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
    const lines = months.map((_, i) => 1000 * d * (5 + ((i * 7) % 11)));
    const newCustomers = lines.map((v) => Math.round(v / 3));
    out.push(importLiveOption({ months, lines, newCustomers, customers: newCustomers.reduce((s, v) => s + v, 0) }, formatInteger));
  }
  return out;
}
