// SellerLegend's customer tiers (reference 002, "Segmentation Rules"): per marketplace, a threshold type
// and up to 10 named tiers; "the customer is assigned to the Tier Name when he/she exceeds the
// number/amount specified in Threshold", the highest such tier winning ("exceeds $200 -> Platinum;
// exceeds $100, up to $199.99 -> Gold"); "thresholds can be negative" (a tier for loss-making customers).
import type { CustomerSummary } from './customers.ts';

export type ThresholdType = 'orders' | 'units' | 'revenue' | 'profit';
export const THRESHOLD_TYPES: readonly ThresholdType[] = ['orders', 'units', 'revenue', 'profit'];

/** The marketplace value of a rule set that covers all marketplaces together. */
export const ALL_MARKETPLACES = '*';
/** The name under which customers above no threshold are counted (INTERFACES.md). */
export const NO_TIER = '(none)';
export const MAX_TIERS = 10;

export interface TierDefinition {
  name: string;
  threshold: number;
}

/** The INTERFACES.md tier rule set: `{ "thresholdType": "revenue", "marketplace": "*", "tiers": [...] }`. */
export interface TierRuleSet {
  thresholdType: ThresholdType;
  marketplace: string;
  tiers: TierDefinition[];
}

export type TierRulesParse = { ok: true; ruleSets: TierRuleSet[] } | { ok: false; errors: string[] };

function setLabel(index: number, count: number, marketplace: unknown): string {
  const where = typeof marketplace === 'string' ? ` (marketplace "${marketplace}")` : '';
  return count > 1 ? `rule set ${index + 1}${where}` : `the rule set${where}`;
}

/**
 * Reads a tier rule file (JSON text, or the value JSON.parse made of it): one rule set or an array of
 * them. Every problem is reported, each in a sentence naming the rule set and tier.
 */
export function parseTierRuleSets(input: unknown, options: { hasCosts?: boolean } = {}): TierRulesParse {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (error) {
      return { ok: false, errors: [`The tier rules are not valid JSON: ${(error as Error).message}.`] };
    }
  }
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) return { ok: false, errors: ['The tier rule file holds an empty list; it needs at least one rule set.'] };
  const errors: string[] = [];
  const ruleSets: TierRuleSet[] = [];
  list.forEach((raw: unknown, i) => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      errors.push(`${setLabel(i, list.length, undefined)} is not an object with thresholdType, marketplace and tiers.`);
      return;
    }
    const o = raw as Record<string, unknown>;
    const label = setLabel(i, list.length, o.marketplace);
    const known = new Set(['thresholdType', 'marketplace', 'tiers']);
    for (const key of Object.keys(o)) if (!known.has(key)) errors.push(`${label} has an unknown field "${key}" (expected thresholdType, marketplace, tiers).`);
    if (o.marketplace !== undefined && typeof o.marketplace !== 'string') errors.push(`${label}: marketplace must be a name or "*" (all marketplaces).`);
    if (!Array.isArray(o.tiers)) {
      errors.push(`${label} has no "tiers" list.`);
      return;
    }
    const tiers: TierDefinition[] = [];
    o.tiers.forEach((t: unknown, j) => {
      if (typeof t !== 'object' || t === null) {
        errors.push(`${label}, tier ${j + 1}: expected { "name": ..., "threshold": ... }.`);
        return;
      }
      const tier = t as Record<string, unknown>;
      // A threshold that is not a number goes on to validation, which names it.
      tiers.push({ name: typeof tier.name === 'string' ? tier.name : '', threshold: tier.threshold as number });
    });
    ruleSets.push({
      thresholdType: o.thresholdType as ThresholdType,
      marketplace: typeof o.marketplace === 'string' ? o.marketplace : ALL_MARKETPLACES,
      tiers,
    });
  });
  errors.push(...validateTierRuleSets(ruleSets, options));
  return errors.length > 0 ? { ok: false, errors } : { ok: true, ruleSets };
}

/**
 * Problems of rule sets, one sentence each (empty when they are usable): an unknown threshold type, no
 * tiers or more than 10, a nameless tier, two tiers of one set with the same name or the same threshold
 * (which of them wins would be arbitrary), a threshold that is not a finite number, "(none)" as a
 * name, profit without a cost table, two rule sets for one marketplace.
 */
export function validateTierRuleSets(ruleSets: readonly TierRuleSet[], options: { hasCosts?: boolean } = {}): string[] {
  const errors: string[] = [];
  const markets = new Map<string, number>();
  ruleSets.forEach((set, i) => {
    const label = setLabel(i, ruleSets.length, set.marketplace);
    if (!THRESHOLD_TYPES.includes(set.thresholdType)) {
      errors.push(`${label}: thresholdType must be one of ${THRESHOLD_TYPES.join(', ')}, not ${JSON.stringify(set.thresholdType) ?? 'missing'}.`);
    } else if (set.thresholdType === 'profit' && !options.hasCosts) {
      errors.push(`${label} measures profit, but there is no product cost table; import one or choose revenue, orders or units.`);
    }
    const market = (set.marketplace ?? '').trim().toLowerCase();
    if (market === '') errors.push(`${label} names no marketplace; use "*" for all marketplaces.`);
    else if (markets.has(market)) errors.push(`${label} repeats the marketplace of rule set ${markets.get(market)! + 1}; a marketplace has one rule set.`);
    else markets.set(market, i);
    const tiers = set.tiers ?? [];
    if (tiers.length === 0) errors.push(`${label} has no tiers.`);
    if (tiers.length > MAX_TIERS) errors.push(`${label} has ${tiers.length} tiers; at most ${MAX_TIERS} are allowed.`);
    const names = new Map<string, number>();
    const thresholds = new Map<number, string>();
    tiers.forEach((tier, j) => {
      const name = typeof tier.name === 'string' ? tier.name.trim() : '';
      const where = `${label}, tier ${j + 1}${name ? ` "${name}"` : ''}`;
      if (name === '') errors.push(`${where} has no name.`);
      else if (name === NO_TIER) errors.push(`${where}: "${NO_TIER}" is reserved for customers above no threshold.`);
      else if (names.has(name.toLowerCase())) errors.push(`${label} names two tiers "${name}" (tiers ${names.get(name.toLowerCase())! + 1} and ${j + 1}).`);
      else names.set(name.toLowerCase(), j);
      if (typeof tier.threshold !== 'number' || !Number.isFinite(tier.threshold)) {
        const shown = tier.threshold === undefined ? 'missing' : typeof tier.threshold === 'number' ? String(tier.threshold) : JSON.stringify(tier.threshold);
        errors.push(`${where}: the threshold must be a finite number, not ${shown}.`);
      } else if (thresholds.has(tier.threshold)) {
        errors.push(`${label}: tiers "${thresholds.get(tier.threshold)}" and "${name}" have the same threshold ${tier.threshold}, so neither can be the higher one.`);
      } else thresholds.set(tier.threshold, name);
    });
  });
  return errors;
}

/**
 * The tier index (into thresholds sorted high to low) of a total: the first threshold the total
 * strictly exceeds; -1 when it exceeds none. A total equal to a threshold does not exceed it.
 */
export function tierIndex(total: number, descendingThresholds: Float64Array): number {
  for (let t = 0; t < descendingThresholds.length; t++) if (total > descendingThresholds[t]) return t;
  return -1;
}

export const TIER_NONE = -1;
/** A customer with no lines in the rule set's marketplace is outside it (not counted, not even as none). */
export const TIER_OUTSIDE = -2;

export interface TierAssignment {
  ruleSet: TierRuleSet;
  /** Tier names from the highest threshold to the lowest. */
  names: string[];
  thresholds: Float64Array;
  /** Per customer: index into names, TIER_NONE, or TIER_OUTSIDE. */
  tier: Int8Array;
  /** Customers per tier (same order as names), then those in none. */
  counts: Int32Array;
  /** Customers with lines in the rule set's marketplace(s). */
  customersInScope: number;
}

function marketplaceIndex(names: readonly string[], marketplace: string): number {
  const wanted = marketplace.trim().toLowerCase();
  return names.findIndex((n) => n.trim().toLowerCase() === wanted);
}

/**
 * Tiers one rule set gives: totals are counted over the rule set's marketplace only ("*": over all of a
 * customer's lines). Orders are distinct orders, units net of returns, revenue net of returns, profit
 * net revenue minus cost of net units.
 */
export function assignTiers(cs: CustomerSummary, ruleSet: TierRuleSet, marketplaceNames: readonly string[]): TierAssignment {
  const problems = validateTierRuleSets([ruleSet], { hasCosts: cs.profit !== null });
  if (problems.length > 0) throw new Error(problems.join(' '));
  const sorted = [...ruleSet.tiers].sort((a, b) => b.threshold - a.threshold);
  const thresholds = Float64Array.from(sorted, (t) => t.threshold);
  const names = sorted.map((t) => t.name.trim());
  const n = cs.customers;
  const tier = new Int8Array(n);
  const counts = new Int32Array(names.length + 1);
  const none = names.length;
  const type = ruleSet.thresholdType;
  let inScope = 0;
  if (ruleSet.marketplace.trim() === ALL_MARKETPLACES) {
    const total =
      type === 'orders' ? cs.orderCount : type === 'units' ? cs.units : type === 'revenue' ? cs.netRevenue : (cs.profit as Float64Array);
    for (let k = 0; k < n; k++) {
      const t = tierIndex(total[k], thresholds);
      tier[k] = t;
      counts[t < 0 ? none : t]++;
    }
    inScope = n;
  } else {
    const mp = marketplaceIndex(marketplaceNames, ruleSet.marketplace);
    const total =
      type === 'orders' ? cs.marketOrders : type === 'units' ? cs.marketUnits : type === 'revenue' ? cs.marketRevenue : (cs.marketProfit as Float64Array);
    for (let k = 0; k < n; k++) {
      tier[k] = TIER_OUTSIDE;
      if (mp < 0) continue;
      for (let row = cs.marketStart[k]; row < cs.marketStart[k + 1]; row++) {
        if (cs.market[row] !== mp) continue;
        const t = tierIndex(total[row], thresholds);
        tier[k] = t;
        counts[t < 0 ? none : t]++;
        inScope++;
        break;
      }
    }
  }
  return { ruleSet, names, thresholds, tier, counts, customersInScope: inScope };
}

export function assignTierSets(cs: CustomerSummary, ruleSets: readonly TierRuleSet[], marketplaceNames: readonly string[]): TierAssignment[] {
  const problems = validateTierRuleSets(ruleSets, { hasCosts: cs.profit !== null });
  if (problems.length > 0) throw new Error(problems.join(' '));
  return ruleSets.map((set) => assignTiers(cs, set, marketplaceNames));
}

/**
 * `tiers.counts` of INTERFACES.md: customers per tier name, highest tier first, then "(none)". With one
 * rule set per marketplace, a customer is counted once in each marketplace whose rule set covers them
 * (the counts of the per-marketplace pie charts, added up by tier name).
 */
export function tierCounts(assignments: readonly TierAssignment[]): Record<string, number> {
  const counts: Record<string, number> = {};
  let none = 0;
  for (const a of assignments) {
    a.names.forEach((name, t) => {
      counts[name] = (counts[name] ?? 0) + a.counts[t];
    });
    none += a.counts[a.names.length];
  }
  counts[NO_TIER] = none;
  return counts;
}
