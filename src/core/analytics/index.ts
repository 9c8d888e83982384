// The analytics engine in one import, for the analytics worker and the benchmark: every function here is
// pure, takes typed columns and returns typed arrays or a few small objects.
export * from './analysis.ts';
export * from './brand.ts';
export * from './cohorts.ts';
export * from './customers.ts';
export * from './live.ts';
export * from './occasions.ts';
export * from './periods.ts';
export * from './rfm.ts';
export * from './segment-maps.ts';
export * from './segments.ts';
export * from './tiers.ts';
