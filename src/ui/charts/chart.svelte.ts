// The one chart attachment: it owns a chart's lifecycle (init, setOption when the option changes, resize,
// dispose). Use as `<div {@attach chart(() => option)}></div>`; the option comes from a pure builder.
import type { Attachment } from 'svelte/attachments';
import { echarts, type EChartsCoreOption } from './registry.ts';

export function chart(option: () => EChartsCoreOption): Attachment<HTMLElement> {
  return (node) => {
    const instance = echarts.init(node, null, { renderer: 'canvas' });
    const resize = new ResizeObserver(() => instance.resize());
    resize.observe(node);
    $effect(() => {
      instance.setOption(option(), { notMerge: true });
    });
    return () => {
      resize.disconnect();
      instance.dispose();
    };
  };
}
