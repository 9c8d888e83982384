// Segment maps over RFM scores: data, a proof of completeness, assignment, per-segment figures, monthly
// snapshots of membership and the migration between two snapshots.
import { medianOfCounts } from './brand.ts';
import type { CustomerSummary } from './customers.ts';
import { bucketRange, type Granularity } from './periods.ts';
import { cellScores, quintileCuts, scoreByCuts } from './rfm.ts';

/** Inclusive range of scores 1..5. */
export type ScoreRange = readonly [number, number];

/** A box of RFM cells: every customer whose three scores lie in the three ranges. */
export interface SegmentRule {
  r: ScoreRange;
  f: ScoreRange;
  m: ScoreRange;
}

export interface SegmentDefinition {
  name: string;
  description: string;
  /** The segment is the union of its rules. */
  rules: readonly SegmentRule[];
}

export interface SegmentMap {
  id: string;
  name: string;
  segments: readonly SegmentDefinition[];
}

export const CELLS = 125;
/** Segment index meaning "no segment": a cell no rule covers, or a customer not yet acquired at a snapshot. */
export const NO_SEGMENT = 255;

/** A rule named as the page shows it: the segment and the rule's 1-based number within it. */
export interface RuleRef {
  segment: string;
  rule: number;
}

export interface SegmentMapProblem {
  kind: 'invalid' | 'gap' | 'overlap';
  message: string;
  /** The rules at fault (overlapping rules; for a gap after an edit, the rules that covered the cells before). */
  rules: RuleRef[];
  /** The cells concerned (0..124, see rfmCell). */
  cells: number[];
}

export type SegmentMapCheck =
  | { ok: true; map: SegmentMap; lookup: Uint8Array }
  | { ok: false; problems: SegmentMapProblem[] };

export function cellLabel(cell: number): string {
  const { r, f, m } = cellScores(cell);
  return `R${r} F${f} M${m}`;
}

function rangeText(letter: string, [lo, hi]: ScoreRange): string {
  if (lo === 1 && hi === 5) return `${letter} any`;
  return lo === hi ? `${letter} ${lo}` : `${letter} ${lo}-${hi}`;
}

/** `R 4-5, F 4-5, M any`. */
export function describeRule(rule: SegmentRule): string {
  return `${rangeText('R', rule.r)}, ${rangeText('F', rule.f)}, ${rangeText('M', rule.m)}`;
}

function ruleName(ref: RuleRef, rule: SegmentRule | undefined): string {
  return `"${ref.segment}" rule ${ref.rule}${rule ? ` (${describeRule(rule)})` : ''}`;
}

function cellList(cells: readonly number[]): string {
  const shown = cells.slice(0, 5).map(cellLabel).join(', ');
  return cells.length > 5 ? `${shown} and ${cells.length - 5} more` : shown;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function isScore(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 5;
}

function checkShape(map: SegmentMap): SegmentMapProblem[] {
  const problems: SegmentMapProblem[] = [];
  const invalid = (message: string, rules: RuleRef[] = []) => problems.push({ kind: 'invalid', message, rules, cells: [] });
  if (!Array.isArray(map.segments) || map.segments.length === 0) {
    invalid('The map has no segments.');
    return problems;
  }
  if (map.segments.length >= NO_SEGMENT) invalid(`A map can have at most ${NO_SEGMENT - 1} segments.`);
  const seen = new Set<string>();
  map.segments.forEach((segment, s) => {
    const name = typeof segment.name === 'string' ? segment.name.trim() : '';
    if (name === '') invalid(`Segment ${s + 1} has no name.`);
    else if (seen.has(name.toLowerCase())) invalid(`Two segments are named "${name}".`);
    seen.add(name.toLowerCase());
    if (!Array.isArray(segment.rules) || segment.rules.length === 0) {
      invalid(`"${name}" has no rule, so no customer can be in it.`);
      return;
    }
    segment.rules.forEach((rule: SegmentRule, i: number) => {
      const ref = { segment: name, rule: i + 1 };
      for (const letter of ['r', 'f', 'm'] as const) {
        const range = rule?.[letter];
        if (!Array.isArray(range) || range.length !== 2 || !isScore(range[0]) || !isScore(range[1])) {
          invalid(`${ruleName(ref, undefined)}: ${letter.toUpperCase()} must be a range of two whole scores from 1 to 5.`, [ref]);
        } else if (range[0] > range[1]) {
          invalid(`${ruleName(ref, undefined)}: the ${letter.toUpperCase()} range ${range[0]}-${range[1]} is empty (from above to).`, [ref]);
        }
      }
    });
  });
  return problems;
}

/** For each cell, the (segment, rule) pairs that cover it. */
function coverage(map: SegmentMap): { segment: number; rule: number }[][] {
  const covers: { segment: number; rule: number }[][] = Array.from({ length: CELLS }, () => []);
  map.segments.forEach((segment, s) => {
    segment.rules.forEach((rule, i) => {
      for (let r = rule.r[0]; r <= rule.r[1]; r++) {
        for (let f = rule.f[0]; f <= rule.f[1]; f++) {
          for (let m = rule.m[0]; m <= rule.m[1]; m++) covers[(r - 1) * 25 + (f - 1) * 5 + (m - 1)].push({ segment: s, rule: i });
        }
      }
    });
  });
  return covers;
}

/**
 * Proves that `map` puts every one of the 125 RFM cells in exactly one segment, and returns the lookup
 * cell -> segment index. Otherwise every problem is listed with the rules at fault: both rules of an
 * overlap; for a gap, the rules of `previous` (the map before an edit) that covered the cells.
 */
export function checkSegmentMap(map: SegmentMap, previous?: SegmentMap): SegmentMapCheck {
  const shape = checkShape(map);
  if (shape.length > 0) return { ok: false, problems: shape };
  const covers = coverage(map);
  const problems: SegmentMapProblem[] = [];
  const refOf = (m: SegmentMap, c: { segment: number; rule: number }): RuleRef => ({ segment: m.segments[c.segment].name.trim(), rule: c.rule + 1 });
  const ruleOf = (m: SegmentMap, c: { segment: number; rule: number }) => m.segments[c.segment].rules[c.rule];

  // Overlaps, grouped by the pair of rules.
  const pairs = new Map<string, { a: { segment: number; rule: number }; b: { segment: number; rule: number }; cells: number[] }>();
  for (let cell = 0; cell < CELLS; cell++) {
    const list = covers[cell];
    for (let x = 0; x < list.length; x++) {
      for (let y = x + 1; y < list.length; y++) {
        const key = `${list[x].segment}.${list[x].rule}|${list[y].segment}.${list[y].rule}`;
        let pair = pairs.get(key);
        if (!pair) pairs.set(key, (pair = { a: list[x], b: list[y], cells: [] }));
        pair.cells.push(cell);
      }
    }
  }
  for (const { a, b, cells } of pairs.values()) {
    const ra = refOf(map, a);
    const rb = refOf(map, b);
    const same = a.segment === b.segment;
    problems.push({
      kind: 'overlap',
      message: `${ruleName(ra, ruleOf(map, a))} and ${ruleName(rb, ruleOf(map, b))} both cover ${plural(cells.length, 'cell')} (${cellList(cells)})${same ? '' : ', so those customers would be in two segments'}.`,
      rules: [ra, rb],
      cells,
    });
  }

  // Gaps, grouped by the rule of the previous map that covered them (if it was itself complete).
  const gaps: number[] = [];
  for (let cell = 0; cell < CELLS; cell++) if (covers[cell].length === 0) gaps.push(cell);
  if (gaps.length > 0) {
    const before = previous && checkShape(previous).length === 0 ? coverage(previous) : null;
    const byRule = new Map<string, { ref: RuleRef | null; rule: SegmentRule | undefined; cells: number[] }>();
    for (const cell of gaps) {
      const owner = before && before[cell].length === 1 ? before[cell][0] : null;
      const key = owner ? `${owner.segment}.${owner.rule}` : '';
      let group = byRule.get(key);
      if (!group) byRule.set(key, (group = { ref: owner && previous ? refOf(previous, owner) : null, rule: owner && previous ? ruleOf(previous, owner) : undefined, cells: [] }));
      group.cells.push(cell);
    }
    for (const { ref, rule, cells } of byRule.values()) {
      problems.push({
        kind: 'gap',
        message: ref
          ? `The edit leaves ${plural(cells.length, 'cell')} (${cellList(cells)}) that ${ruleName(ref, rule)} covered in no segment; customers there would be unassigned.`
          : `No rule covers ${plural(cells.length, 'cell')} (${cellList(cells)}); customers there would be unassigned.`,
        rules: ref ? [ref] : [],
        cells,
      });
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  const lookup = new Uint8Array(CELLS);
  for (let cell = 0; cell < CELLS; cell++) lookup[cell] = covers[cell][0].segment;
  return { ok: true, map, lookup };
}

/** Accepts an edited map only if it is still complete; a refusal names the rules at fault. */
export function editSegmentMap(current: SegmentMap, proposed: SegmentMap): SegmentMapCheck {
  return checkSegmentMap(proposed, current);
}

/**
 * A copy of `map` with rule `ruleNumber` (1-based) of `segment` replaced by `rule`, removed (`null`), or
 * appended (ruleNumber = rule count + 1). Check the result with editSegmentMap before using it.
 */
export function withRule(map: SegmentMap, segment: string, ruleNumber: number, rule: SegmentRule | null): SegmentMap {
  const at = map.segments.findIndex((s) => s.name === segment);
  if (at < 0) throw new Error(`The map has no segment "${segment}".`);
  const rules = [...map.segments[at].rules];
  if (ruleNumber < 1 || ruleNumber > rules.length + 1) throw new Error(`"${segment}" has no rule ${ruleNumber}.`);
  if (rule === null) rules.splice(ruleNumber - 1, 1);
  else rules[ruleNumber - 1] = rule;
  return { ...map, segments: map.segments.map((s, i) => (i === at ? { ...s, rules } : s)) };
}

/** The lookup of a map known to be complete (the shipped ones); throws with the problems otherwise. */
export function segmentLookup(map: SegmentMap): Uint8Array {
  const check = checkSegmentMap(map);
  if (!check.ok) throw new Error(`Segment map "${map.name}" is not complete: ${check.problems.map((p) => p.message).join(' ')}`);
  return check.lookup;
}

/** Segment index of each customer from their RFM cell. */
export function assignSegments(cell: Uint8Array, lookup: Uint8Array, out: Uint8Array = new Uint8Array(cell.length)): Uint8Array {
  for (let k = 0; k < cell.length; k++) out[k] = lookup[cell[k]];
  return out;
}

export function segmentCounts(segmentOf: Uint8Array, segments: number): Int32Array {
  const counts = new Int32Array(segments);
  for (let k = 0; k < segmentOf.length; k++) if (segmentOf[k] < segments) counts[segmentOf[k]]++;
  return counts;
}

/** The Segment View figures of one segment. */
export interface SegmentSummary {
  name: string;
  customers: number;
  /** Share of all customers, 0..1. */
  customerShare: number;
  /** Net revenue of the segment's customers over their whole history, and its share of everyone's. */
  sales: number;
  salesShare: number;
  orders: number;
  /** Sales per order; null without orders. */
  aov: number | null;
  avgSalesPerCustomer: number | null;
  /** Customers with at least two purchase occasions, and their share of the segment. */
  repeatCustomers: number;
  repeatRate: number | null;
  /** Median days between consecutive purchase occasions of the segment's customers. */
  medianRepeatIntervalDays: number | null;
  /** Mean predicted CLV of the segment's customers, when the models have supplied it. */
  predictedClv: number | null;
}

export function segmentSummaries(cs: CustomerSummary, segmentOf: Uint8Array, names: readonly string[], predictedClv?: Float64Array | null): SegmentSummary[] {
  const s = names.length;
  const size = new Int32Array(s);
  const sales = new Float64Array(s);
  const orders = new Int32Array(s);
  const repeaters = new Int32Array(s);
  const clv = new Float64Array(s);
  const span = Math.max(cs.maxDay - cs.minDay + 1, 1);
  const gaps = new Int32Array(s * span);
  let total = 0;
  for (let k = 0; k < cs.customers; k++) {
    total += cs.netRevenue[k];
    const g = segmentOf[k];
    if (g >= s) continue;
    size[g]++;
    sales[g] += cs.netRevenue[k];
    orders[g] += cs.orderCount[k];
    if (predictedClv) clv[g] += predictedClv[k];
    const from = cs.start[k];
    const to = cs.start[k + 1];
    if (to - from > 1) repeaters[g]++;
    for (let j = from + 1; j < to; j++) gaps[g * span + cs.day[j] - cs.day[j - 1]]++;
  }
  const round = (v: number) => Math.round(v * 100) / 100;
  return names.map((name, g) => ({
    name,
    customers: size[g],
    customerShare: cs.customers > 0 ? size[g] / cs.customers : 0,
    sales: round(sales[g]),
    salesShare: total !== 0 ? sales[g] / total : 0,
    orders: orders[g],
    aov: orders[g] > 0 ? round(sales[g] / orders[g]) : null,
    avgSalesPerCustomer: size[g] > 0 ? round(sales[g] / size[g]) : null,
    repeatCustomers: repeaters[g],
    repeatRate: size[g] > 0 ? repeaters[g] / size[g] : null,
    medianRepeatIntervalDays: medianOfCounts(gaps.subarray(g * span, (g + 1) * span)),
    predictedClv: predictedClv && size[g] > 0 ? clv[g] / size[g] : null,
  }));
}

/**
 * Segment membership at the end of each month (or week/quarter) up to asOf: at each snapshot day D,
 * RFM is scored afresh over the customers acquired by D, from their purchases and returns up to D.
 */
export interface SegmentSnapshots {
  names: string[];
  granularity: Granularity;
  labels: string[];
  /** The day each snapshot is taken (the bucket's last day, or asOf for the last bucket). */
  days: Int32Array;
  customers: number;
  /** Row t holds every customer's segment at snapshot t: segment[t * customers + k]; NO_SEGMENT before acquisition. */
  segment: Uint8Array;
  /** counts[t * names.length + g], and of those, customers with two or more occasions by then. */
  counts: Int32Array;
  repeatCustomers: Int32Array;
}

export function segmentSnapshots(
  cs: CustomerSummary,
  lookup: Uint8Array,
  names: readonly string[],
  options: { asOf: number; granularity?: Granularity },
): SegmentSnapshots {
  const granularity = options.granularity ?? 'month';
  const n = cs.customers;
  const s = names.length;
  const last = Math.min(options.asOf, Math.max(cs.maxDay, cs.minDay));
  const range = n > 0 ? bucketRange(cs.minDay, last, granularity) : bucketRange(0, -1, granularity);
  const t = range.starts.length;
  const days = new Int32Array(t);
  for (let i = 0; i < t; i++) days[i] = i + 1 < t ? range.starts[i + 1] - 1 : last;

  const segment = new Uint8Array(t * n).fill(NO_SEGMENT);
  const counts = new Int32Array(t * s);
  const repeatCustomers = new Int32Array(t * s);
  // Running totals per customer, advanced snapshot by snapshot.
  const occAt = cs.start.slice(0, n);
  const retAt = cs.returnStart.slice(0, n);
  const lastDay = new Float64Array(n);
  const occasions = new Float64Array(n);
  const revenue = new Float64Array(n);
  const active = new Int32Array(n);
  let rVals = new Float64Array(0);
  let fVals = new Float64Array(0);
  let mVals = new Float64Array(0);
  const rs = new Uint8Array(n);
  const fs = new Uint8Array(n);
  const ms = new Uint8Array(n);
  for (let i = 0; i < t; i++) {
    const d = days[i];
    let a = 0;
    for (let k = 0; k < n; k++) {
      if (cs.firstDay[k] > d) continue;
      const end = cs.start[k + 1];
      let j = occAt[k];
      while (j < end && cs.day[j] <= d) {
        revenue[k] += cs.value[j];
        lastDay[k] = cs.day[j];
        occasions[k]++;
        j++;
      }
      occAt[k] = j;
      const rend = cs.returnStart[k + 1];
      let e = retAt[k];
      while (e < rend && cs.returnDay[e] <= d) revenue[k] += cs.returnValue[e++];
      retAt[k] = e;
      active[a++] = k;
    }
    if (rVals.length < a) {
      rVals = new Float64Array(n);
      fVals = new Float64Array(n);
      mVals = new Float64Array(n);
    }
    for (let x = 0; x < a; x++) {
      const k = active[x];
      rVals[x] = lastDay[k];
      fVals[x] = occasions[k];
      mVals[x] = revenue[k];
    }
    const rv = rVals.subarray(0, a);
    const fv = fVals.subarray(0, a);
    const mv = mVals.subarray(0, a);
    scoreByCuts(rv, quintileCuts(rv), rs);
    scoreByCuts(fv, quintileCuts(fv), fs);
    scoreByCuts(mv, quintileCuts(mv), ms);
    const row = i * n;
    for (let x = 0; x < a; x++) {
      const k = active[x];
      const g = lookup[(rs[x] - 1) * 25 + (fs[x] - 1) * 5 + (ms[x] - 1)];
      segment[row + k] = g;
      if (g < s) {
        counts[i * s + g]++;
        if (occasions[k] >= 2) repeatCustomers[i * s + g]++;
      }
    }
  }
  return { names: [...names], granularity, labels: range.labels, days, customers: n, segment, counts, repeatCustomers };
}

/** Label of the row and column for customers not yet acquired at a snapshot. */
export const NOT_YET_CUSTOMER = '(not yet a customer)';

/**
 * How customers moved between two snapshots: counts[from * size + to], where rows and columns are the
 * segments followed by NOT_YET_CUSTOMER.
 */
export interface MigrationMatrix {
  labels: string[];
  size: number;
  counts: Int32Array;
  fromLabel: string;
  toLabel: string;
}

export function migrationMatrix(snapshots: SegmentSnapshots, from: number, to: number): MigrationMatrix {
  const t = snapshots.labels.length;
  if (!(from >= 0 && from < t && to >= 0 && to < t)) throw new RangeError(`snapshots are numbered 0..${t - 1}`);
  const s = snapshots.names.length;
  const size = s + 1;
  const counts = new Int32Array(size * size);
  const n = snapshots.customers;
  const a = snapshots.segment.subarray(from * n, (from + 1) * n);
  const b = snapshots.segment.subarray(to * n, (to + 1) * n);
  for (let k = 0; k < n; k++) {
    const x = a[k] < s ? a[k] : s;
    const y = b[k] < s ? b[k] : s;
    counts[x * size + y]++;
  }
  return { labels: [...snapshots.names, NOT_YET_CUSTOMER], size, counts, fromLabel: snapshots.labels[from], toLabel: snapshots.labels[to] };
}
