// The segment view's figures, for the analytics worker: RFM scores and the chosen segment map's
// per-segment figures (recomputed from the cached per-customer summary, the benchmark's recompute path),
// monthly snapshots of membership and the migration between two of them, and the seller's edited map
// kept as the dataset's `segment-map` setting.
import { transfer } from 'comlink';
import type { CustomerSummary } from '../core/analytics/customers.ts';
import { recomputeLive } from '../core/analytics/live.ts';
import { RFM_TIE_RULE } from '../core/analytics/rfm.ts';
import { AMAZON_SEGMENT_MAP, CLASSIC_SEGMENT_MAP } from '../core/analytics/segment-maps.ts';
import {
  checkSegmentMap, editSegmentMap, migrationMatrix, segmentSnapshots,
  type SegmentMap, type SegmentMapProblem, type SegmentSnapshots, type SegmentSummary,
} from '../core/analytics/segments.ts';
import { formatDay } from '../core/ingest/dates.ts';
import { deleteDatasetSetting, getDatasetSetting, putDatasetSetting } from '../data/dataset-settings.ts';
import { customersOf, db, loadDataset, type LoadedDataset } from './dataset-cache.ts';

export type SegmentMapChoice = 'amazon' | 'classic' | 'edited';

export interface SegmentFigures {
  /** True when the dataset holds no purchases yet (everything else is then empty). */
  empty: boolean;
  /** The currency of the sales figures, and the dataset's currencies (never added together). */
  currency: string | null;
  currencies: string[];
  /** The map the figures use ('edited' falls back to 'amazon' when no edited map is saved). */
  choice: SegmentMapChoice;
  map: SegmentMap;
  /** The seller's edited map, when one is saved for the dataset. */
  edited: SegmentMap | null;
  tieRule: string;
  /** Recency is measured up to this day (the last purchase in the data). */
  asOf: string | null;
  customers: number;
  segments: SegmentSummary[];
  /** Quintile cuts (rfm.ts): R in days since the last purchase, F in purchase days, M in net revenue. */
  cuts: { recencyDays: number[]; frequency: number[]; monetary: number[] };
  /** Time the recompute took in the worker. */
  ms: number;
}

export interface SegmentMigration {
  /** Snapshot labels (`2024-03`), oldest first; the last one is taken on the last purchase day. */
  labels: string[];
  names: string[];
  /** counts[t * names.length + s]: customers in segment s at snapshot t, and of those, repeat customers. */
  counts: Int32Array;
  repeatCustomers: Int32Array;
  /**
   * boughtAgain[t * names.length + s]: of the counts[(t - 1) * names.length + s] customers in segment s at
   * the end of month t - 1, those who bought during month t (row 0 is all zeros: there is no month before).
   */
  boughtAgain: Int32Array;
  from: number;
  to: number;
  /** matrix[from * size + to] over the segments followed by "(not yet a customer)". */
  matrixLabels: string[];
  matrix: Int32Array;
}

export type SegmentMapSave = { ok: true } | { ok: false; problems: SegmentMapProblem[] };

const SHIPPED: Record<'amazon' | 'classic', SegmentMap> = { amazon: AMAZON_SEGMENT_MAP, classic: CLASSIC_SEGMENT_MAP };

/** The saved edited map, if any and if it is still complete (a damaged record is ignored, not used). */
export async function loadEditedMap(datasetId: string): Promise<SegmentMap | null> {
  const map = (await getDatasetSetting(db, datasetId, 'segment-map')) as SegmentMap | undefined;
  if (!map) return null;
  return checkSegmentMap(map).ok ? map : null;
}

/**
 * The map a choice stands for: 'edited' is the dataset's saved edited map, Amazon's when none is saved.
 * The customer list (customers-api.ts) labels customers with the same map the Segments view shows.
 */
export async function segmentMapFor(datasetId: string, choice: SegmentMapChoice): Promise<{ choice: SegmentMapChoice; map: SegmentMap; edited: SegmentMap | null }> {
  const edited = await loadEditedMap(datasetId);
  if (choice === 'edited' && edited) return { choice, map: edited, edited };
  const shipped = choice === 'classic' ? 'classic' : 'amazon';
  return { choice: shipped, map: SHIPPED[shipped], edited };
}

/** The last purchase day (the brand view's asOf), or null without customers. */
function lastPurchaseDay(cs: CustomerSummary): number | null {
  let last: number | null = null;
  for (let k = 0; k < cs.customers; k++) if (last === null || cs.lastDay[k] > last) last = cs.lastDay[k];
  return last;
}

/**
 * Amazon's "repeat purchase" trend per segment: for each month, how many of the customers a segment held at
 * the end of the month before bought again during the month. One pass over the purchase occasions.
 */
export function boughtAgainByMonth(cs: CustomerSummary, snapshots: SegmentSnapshots): Int32Array {
  const t = snapshots.labels.length;
  const s = snapshots.names.length;
  const n = snapshots.customers;
  const out = new Int32Array(t * s);
  const days = snapshots.days;
  for (let k = 0; k < n; k++) {
    let month = 0;
    let counted = -1;
    for (let j = cs.start[k]; j < cs.start[k + 1]; j++) {
      const day = cs.day[j];
      while (month < t && days[month] < day) month++;
      if (month >= t) break;
      if (month === 0 || month === counted) continue;
      counted = month;
      const g = snapshots.segment[(month - 1) * n + k];
      if (g < s) out[month * s + g]++;
    }
  }
  return out;
}

// Snapshots score every customer at every month end: worth keeping while only the pair of months changes.
let snapshotCache: { key: string; data: LoadedDataset; snapshots: SegmentSnapshots; boughtAgain: Int32Array } | null = null;

export const segmentsApi = {
  async segmentFigures(datasetId: string, options: { choice?: SegmentMapChoice; currency?: string } = {}): Promise<SegmentFigures> {
    const started = performance.now();
    const data = await loadDataset(datasetId);
    const { choice, map, edited } = await segmentMapFor(datasetId, options.choice ?? 'amazon');
    const { currency, customers: cs } = customersOf(data, options.currency);
    const asOf = lastPurchaseDay(cs);
    const base = { currency, currencies: data.currencies, choice, map, edited, tieRule: RFM_TIE_RULE };
    if (asOf === null) {
      return { ...base, empty: true, asOf: null, customers: 0, segments: [], cuts: { recencyDays: [], frequency: [], monetary: [] }, ms: 0 };
    }
    const live = recomputeLive(cs, data.table.dictionaries.marketplace, { asOf, segmentMap: map });
    const cuts = live.rfm.cuts;
    return {
      ...base,
      empty: false,
      asOf: formatDay(asOf),
      customers: cs.customers,
      segments: live.segments,
      cuts: { recencyDays: Array.from(cuts.recencyDays), frequency: Array.from(cuts.frequency), monetary: Array.from(cuts.monetary) },
      ms: performance.now() - started,
    };
  },

  /** Monthly snapshots and the migration from snapshot `from` to `to` (default: the last two). */
  async segmentMigration(datasetId: string, options: { choice?: SegmentMapChoice; currency?: string; from?: number; to?: number } = {}): Promise<SegmentMigration> {
    const data = await loadDataset(datasetId);
    const { map } = await segmentMapFor(datasetId, options.choice ?? 'amazon');
    const { currency, customers: cs } = customersOf(data, options.currency);
    const asOf = lastPurchaseDay(cs) ?? 0;
    const key = `${data.key}|${currency}|${asOf}|${JSON.stringify(map.segments)}`;
    if (snapshotCache?.key !== key || snapshotCache.data !== data) {
      const check = checkSegmentMap(map);
      if (!check.ok) throw new Error(check.problems.map((p) => p.message).join(' '));
      const names = map.segments.map((s) => s.name);
      const snapshots = segmentSnapshots(cs, check.lookup, names, { asOf, granularity: 'month' });
      snapshotCache = { key, data, snapshots, boughtAgain: boughtAgainByMonth(cs, snapshots) };
    }
    const snapshots = snapshotCache.snapshots;
    const t = snapshots.labels.length;
    const clamp = (v: number | undefined, fallback: number) => (v !== undefined && Number.isInteger(v) && v >= 0 && v < t ? v : fallback);
    const to = clamp(options.to, t - 1);
    const from = clamp(options.from, Math.max(to - 1, 0));
    const counts = snapshots.counts.slice();
    const repeatCustomers = snapshots.repeatCustomers.slice();
    const boughtAgain = snapshotCache.boughtAgain.slice();
    const buffers = [counts.buffer, repeatCustomers.buffer, boughtAgain.buffer];
    if (t === 0) {
      return transfer({ labels: [], names: snapshots.names, counts, repeatCustomers, boughtAgain, from: 0, to: 0, matrixLabels: [], matrix: new Int32Array(0) }, buffers);
    }
    const move = migrationMatrix(snapshots, from, to);
    return transfer(
      { labels: snapshots.labels, names: snapshots.names, counts, repeatCustomers, boughtAgain, from, to, matrixLabels: move.labels, matrix: move.counts },
      [...buffers, move.counts.buffer],
    );
  },

  /**
   * Saves an edit of `basedOn` as the dataset's edited map, only if every customer still lands in exactly
   * one segment; otherwise nothing is saved and the problems name the rules at fault.
   */
  async saveSegmentMap(datasetId: string, proposed: SegmentMap, basedOn: SegmentMap): Promise<SegmentMapSave> {
    const check = editSegmentMap(basedOn, proposed);
    if (!check.ok) return { ok: false, problems: check.problems };
    const name = proposed.name.startsWith('Edited') ? proposed.name : `Edited ${proposed.name}`;
    const map: SegmentMap = {
      id: 'edited',
      name,
      segments: proposed.segments.map((s) => ({ name: s.name.trim(), description: s.description, rules: s.rules.map((r) => ({ r: [r.r[0], r.r[1]], f: [r.f[0], r.f[1]], m: [r.m[0], r.m[1]] })) })),
    };
    await putDatasetSetting(db, datasetId, 'segment-map', map);
    return { ok: true };
  },

  async deleteSegmentMap(datasetId: string): Promise<void> {
    await deleteDatasetSetting(db, datasetId, 'segment-map');
  },
};
