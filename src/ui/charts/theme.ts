// Colours and text styles shared by the option builders, matching app.css.
export const PALETTE = ['#2f6fdf', '#f08a24', '#1f9d75', '#c2417a', '#7b61d1', '#8a8f98', '#d4a20c', '#2aa6c4'];
export const AXIS_TEXT = { color: '#5b6270', fontSize: 11 };
export const GRID = { left: 8, right: 16, top: 24, bottom: 8, containLabel: true };
/** The top margin of a chart with nothing above its plot, so that its PNG control (chart.svelte.ts) covers no data. */
export const CONTROL_ROOM = 28;
