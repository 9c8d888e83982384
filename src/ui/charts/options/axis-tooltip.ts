// The axis tooltip of the bar and line charts: the category, then one row per series, every text escaped
// (series names and categories may carry customer-supplied text).
import { escapeHtml } from '../escape.ts';
import { AXIS_TEXT } from '../theme.ts';

interface AxisItem { name: string; seriesName: string; value: number }

export function axisTooltip(formatValue: (v: number) => string, { total = false }: { total?: boolean } = {}) {
  return {
    trigger: 'axis' as const,
    axisPointer: { type: 'shadow' as const },
    formatter: (items: AxisItem[]) => {
      if (!items.length) return '';
      const rows = items.map((i) => `${escapeHtml(i.seriesName)}: <b>${escapeHtml(formatValue(i.value))}</b>`);
      if (total) rows.push(`Total: <b>${escapeHtml(formatValue(items.reduce((s, i) => s + i.value, 0)))}</b>`);
      return [escapeHtml(items[0].name), ...rows].join('<br/>');
    },
  };
}

/** The legend at the chart's top left, in the axis text style. */
export const TOP_LEFT_LEGEND = { top: 0, left: 0, itemWidth: 12, itemHeight: 10, textStyle: AXIS_TEXT };
