// The tier view's figures, for the analytics worker: one SellerLegend rule set per marketplace, kept in the
// dataset's `tiers` setting (the INTERFACES.md rule-set format, so a saved set can be
// given to `npm run analyze -- --tiers`), and the customers per tier of each marketplace. A marketplace's
// totals are counted in its own currency: amounts in different currencies are never added.
import { assignTiers, NO_TIER, tierCounts, validateTierRuleSets, type TierAssignment, type TierRuleSet } from '../core/analytics/tiers.ts';
import { deleteDatasetSetting, getDatasetSetting, putDatasetSetting } from '../data/dataset-settings.ts';
import { customersOf, db, loadDataset, type LoadedDataset } from './dataset-cache.ts';

export interface MarketplaceTiers {
  marketplace: string;
  /** The currency of the marketplace's revenue and profit (the one most of its lines are in). */
  currency: string | null;
  ruleSet: TierRuleSet;
  /** Tier names from the highest threshold to the lowest, with their thresholds. */
  names: string[];
  thresholds: number[];
  /** Customers per tier (same order as names), then NO_TIER's count last. */
  counts: number[];
  /** Customers who bought in this marketplace. */
  customers: number;
}

export interface TierView {
  /** True when the dataset holds no purchases yet. */
  empty: boolean;
  /** False while the default rules are shown (none saved for the dataset). */
  saved: boolean;
  /** A product cost table exists, so profit tiers can be used. */
  hasCosts: boolean;
  marketplaces: MarketplaceTiers[];
  /** Customers per tier name over all marketplaces (INTERFACES.md `tiers.counts`), "(none)" last. */
  totals: Record<string, number>;
  /** Time the re-tiering took in the worker. */
  ms: number;
}

export interface TierProblem {
  marketplace: string;
  message: string;
}

export type TierApply = { ok: true; view: TierView } | { ok: false; problems: TierProblem[] };

/** SellerLegend's example tiers, on net revenue in the marketplace's currency, until the seller sets their own. */
export function defaultRuleSet(marketplace: string): TierRuleSet {
  return {
    thresholdType: 'revenue',
    marketplace,
    tiers: [
      { name: 'Platinum', threshold: 500 },
      { name: 'Gold', threshold: 200 },
      { name: 'Silver', threshold: 50 },
    ],
  };
}

const marketCurrencies = new WeakMap<LoadedDataset, (string | null)[]>();

/** Per marketplace index: the currency most of its lines are in. */
function currencyOfMarketplaces(data: LoadedDataset): (string | null)[] {
  let found = marketCurrencies.get(data);
  if (!found) {
    const { marketplace, currency, length } = data.table.columns;
    const markets = data.table.dictionaries.marketplace.length;
    const currencies = data.table.dictionaries.currency.length;
    const lines = new Float64Array(Math.max(markets * currencies, 1));
    for (let i = 0; i < length; i++) lines[marketplace[i] * currencies + currency[i]]++;
    found = data.table.dictionaries.marketplace.map((_, m) => {
      let best = -1;
      for (let c = 0; c < currencies; c++) if (lines[m * currencies + c] > 0 && (best < 0 || lines[m * currencies + c] > lines[m * currencies + best])) best = c;
      return best < 0 ? null : data.table.dictionaries.currency[best];
    });
    marketCurrencies.set(data, found);
  }
  return found;
}

/** Marketplaces that have order lines, in dictionary order. */
function marketplacesOf(data: LoadedDataset): { name: string; currency: string | null }[] {
  const currencies = currencyOfMarketplaces(data);
  return data.table.dictionaries.marketplace.map((name, m) => ({ name, currency: currencies[m] })).filter((m) => m.currency !== null);
}

/** The saved rule sets of the dataset (only valid ones are ever saved), or null. */
export async function loadTierRules(datasetId: string): Promise<TierRuleSet[] | null> {
  const value = await getDatasetSetting(db, datasetId, 'tiers');
  return Array.isArray(value) ? (value as TierRuleSet[]) : null;
}

function sameMarket(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** Every problem of the rule sets, each sentence naming the marketplace, the tier and what is wrong. */
function problemsOf(ruleSets: readonly TierRuleSet[], hasCosts: boolean): TierProblem[] {
  return ruleSets.flatMap((set) => validateTierRuleSets([set], { hasCosts }).map((message) => ({ marketplace: set.marketplace, message })));
}

function tierView(data: LoadedDataset, saved: readonly TierRuleSet[] | null, started: number): TierView {
  const hasCosts = data.unitCost !== null;
  const marketplaces = marketplacesOf(data);
  const assignments: TierAssignment[] = [];
  const result: MarketplaceTiers[] = marketplaces.map(({ name, currency }) => {
    const mine = saved?.find((s) => sameMarket(s.marketplace, name));
    const ruleSet = mine && problemsOf([mine], hasCosts).length === 0 ? mine : defaultRuleSet(name);
    const { customers: cs } = customersOf(data, currency ?? undefined);
    const a = assignTiers(cs, ruleSet, data.table.dictionaries.marketplace);
    assignments.push(a);
    return { marketplace: name, currency, ruleSet, names: a.names, thresholds: Array.from(a.thresholds), counts: Array.from(a.counts), customers: a.customersInScope };
  });
  const totals = assignments.length > 0 ? tierCounts(assignments) : { [NO_TIER]: 0 };
  return { empty: marketplaces.length === 0, saved: saved !== null, hasCosts, marketplaces: result, totals, ms: performance.now() - started };
}

export const tiersApi = {
  async tierView(datasetId: string): Promise<TierView> {
    const started = performance.now();
    const data = await loadDataset(datasetId);
    return tierView(data, await loadTierRules(datasetId), started);
  },

  /**
   * Re-tiers every customer with the given rule sets (one per marketplace) and saves them; rules with a
   * problem are refused, nothing is saved, and each problem names its marketplace and tier.
   */
  async applyTierRules(datasetId: string, ruleSets: TierRuleSet[]): Promise<TierApply> {
    const started = performance.now();
    const data = await loadDataset(datasetId);
    const problems = problemsOf(ruleSets, data.unitCost !== null);
    const markets = marketplacesOf(data);
    for (const set of ruleSets) {
      if (!markets.some((m) => sameMarket(m.name, set.marketplace))) problems.push({ marketplace: set.marketplace, message: `There is no marketplace "${set.marketplace}" in this dataset.` });
    }
    if (problems.length > 0) return { ok: false, problems };
    const clean = ruleSets.map((s) => ({ thresholdType: s.thresholdType, marketplace: s.marketplace, tiers: s.tiers.map((t) => ({ name: t.name.trim(), threshold: t.threshold })) }));
    await putDatasetSetting(db, datasetId, 'tiers', clean);
    return { ok: true, view: tierView(data, clean, started) };
  },

  /** Forgets the saved rules: every marketplace goes back to the default tiers. */
  async resetTierRules(datasetId: string): Promise<TierView> {
    const started = performance.now();
    await deleteDatasetSetting(db, datasetId, 'tiers');
    return tierView(await loadDataset(datasetId), null, started);
  },
};
