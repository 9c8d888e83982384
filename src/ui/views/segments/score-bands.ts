// What each RFM score means in the seller's own units, read from the quintile cuts (rfm.ts): a value
// scores 1 + the number of cuts it strictly exceeds; R's cuts are days since the last purchase and work
// the other way round. Pure, so it is tested; a score no customer can get is said to be unused.
export interface ScoreBand {
  score: number;
  recency: string;
  frequency: string;
  monetary: string;
}

export interface ScoreCuts {
  recencyDays: readonly number[];
  frequency: readonly number[];
  monetary: readonly number[];
}

const UNUSED = 'unused (ties)';

function days(n: number): string {
  return `${n} ${n === 1 ? 'day' : 'days'}`;
}

/** Days since the last purchase for R = score: from D[score] up to D[score-1] - 1 (D[0] = infinity). */
function recencyBand(cuts: readonly number[], score: number): string {
  const low = score === 5 ? 0 : cuts[score - 1];
  const high = score === 1 ? Infinity : cuts[score - 2] - 1;
  if (low > high) return UNUSED;
  if (high === Infinity) return `${days(low)} or more ago`;
  return low === high ? `${days(low)} ago` : `${low}–${days(high)} ago`;
}

/** Purchase days for F = score: more than F[score-2], up to F[score-1]. */
function frequencyBand(cuts: readonly number[], score: number): string {
  const low = score === 1 ? 1 : Math.floor(cuts[score - 2]) + 1;
  const high = score === 5 ? Infinity : cuts[score - 1];
  if (low > high) return UNUSED;
  const unit = (n: number) => `${n} purchase ${n === 1 ? 'day' : 'days'}`;
  if (high === Infinity) return `${unit(low)} or more`;
  return low === high ? unit(low) : `${low}–${unit(high)}`;
}

function monetaryBand(cuts: readonly number[], score: number, money: (v: number) => string): string {
  const low = score === 1 ? -Infinity : cuts[score - 2];
  const high = score === 5 ? Infinity : cuts[score - 1];
  if (!(low < high)) return UNUSED;
  if (low === -Infinity) return `up to ${money(high)}`;
  if (high === Infinity) return `over ${money(low)}`;
  return `over ${money(low)}, up to ${money(high)}`;
}

/** Scores 5 (best) to 1, each with its range of recency, frequency and net revenue. */
export function scoreBands(cuts: ScoreCuts, money: (v: number) => string): ScoreBand[] {
  if (cuts.recencyDays.length !== 4 || cuts.frequency.length !== 4 || cuts.monetary.length !== 4) return [];
  return [5, 4, 3, 2, 1].map((score) => ({
    score,
    recency: recencyBand(cuts.recencyDays, score),
    frequency: frequencyBand(cuts.frequency, score),
    monetary: monetaryBand(cuts.monetary, score, money),
  }));
}
