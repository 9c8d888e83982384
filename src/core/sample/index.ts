// The seeded sample store: what the page's "load sample" and the benchmark import from.
export {
  DEFAULT_SAMPLE_SEED, SAMPLE_DAYS, SAMPLE_END_DAY, SAMPLE_MARKETPLACES, SAMPLE_PARAMETERS,
  generateSampleStore, sampleCalendar, sampleCostTable,
  type SampleCostTable, type SampleCurrency, type SampleMarketplace, type SampleStore, type SampleStoreOptions,
} from './store.ts';
export { SAMPLE_PRODUCTS, sampleProduct, sampleProductName, skuFor, type ProductCategory, type SampleProduct } from './catalogue.ts';
export { SAMPLE_EMAIL_DOMAIN } from './names.ts';
export { Random, cumulativeWeights, deriveSeed } from './random.ts';
