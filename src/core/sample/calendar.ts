// When the sample store sells: month-of-year and weekday rhythm, Black Friday / Cyber Monday, the December
// gift run, Amazon's Prime Day, and each marketplace's growth. Everything is per day of the window, computed
// once, so that drawing a day is a binary search and thinning a purchase is one array read.
import { civilDay, dayToCivil } from '../ingest/dates.ts';
import { cumulativeWeights } from './random.ts';

/** Relative demand by month, January first: the Q4 peak and the January/February lull of online retail. */
const MONTH = [0.85, 0.82, 0.93, 0.95, 1.0, 0.95, 0.96, 0.9, 0.95, 1.05, 1.25, 1.35];
/** Relative demand by weekday, Sunday first (online orders lean to Sunday and Monday). */
const WEEKDAY = [1.08, 1.07, 1.01, 0.98, 0.96, 0.92, 0.98];

export interface MarketplaceRhythm {
  /** Acquisition growth over the window: the last day's weight over the first day's. */
  growth: number;
  /** Share of the window (0..1) before the marketplace opened; no customer is acquired before it. */
  opensAt: number;
  /** Amazon marketplaces have Prime Day. */
  primeDay: boolean;
}

export interface Calendar {
  startDay: number;
  endDay: number;
  days: number;
  /** Per marketplace: cumulative weights of a customer's first purchase day (seasonality x growth). */
  acquisition: Float64Array[];
  /** Per marketplace: the relative purchase intensity of each day, mean 1 over the window. */
  season: Float64Array[];
  /** Per marketplace: the largest value of `season` (the thinning bound). */
  seasonMax: number[];
  /** 1 on days of the gift season (November to mid-December), when gift products sell. */
  giftSeason: Uint8Array;
}

/** The day after the fourth Thursday of November (US Thanksgiving). */
export function blackFriday(year: number): number {
  const first = civilDay(year, 11, 1);
  const weekday = (first + 4) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
  const firstThursday = first + ((4 - weekday + 7) % 7);
  return firstThursday + 21 + 1;
}

/** Prime Day, approximated as the second Tuesday of July (it has been mid-July, two days, since 2019). */
export function primeDay(year: number): number {
  const first = civilDay(year, 7, 1);
  const weekday = (first + 4) % 7;
  return first + ((2 - weekday + 7) % 7) + 7;
}

function dayFactor(day: number, primeDayMarket: boolean): number {
  const { year, month, day: dom } = dayToCivil(day);
  let f = MONTH[month - 1] * WEEKDAY[(day + 4) % 7];
  const bf = blackFriday(year);
  if (day === bf - 1) f *= 1.4;
  else if (day === bf) f *= 3.2;
  else if (day === bf + 1 || day === bf + 2) f *= 2.0;
  else if (day === bf + 3) f *= 2.8; // Cyber Monday
  else if (day > bf + 3 && day <= bf + 9) f *= 1.3;
  if (month === 12) {
    if (dom <= 17) f *= 1.25;
    else if (dom <= 22) f *= 1.1;
    else if (dom >= 24 && dom <= 26) f *= 0.55;
  }
  if (primeDayMarket) {
    const pd = primeDay(year);
    if (day === pd || day === pd + 1) f *= 2.6;
    else if (day === pd - 1 || day === pd - 2) f *= 1.2;
  }
  return f;
}

export function buildCalendar(startDay: number, endDay: number, rhythms: readonly MarketplaceRhythm[]): Calendar {
  const days = endDay - startDay + 1;
  const giftSeason = new Uint8Array(days);
  for (let i = 0; i < days; i++) {
    const { month, day } = dayToCivil(startDay + i);
    giftSeason[i] = month === 11 || (month === 12 && day <= 18) ? 1 : 0;
  }
  const acquisition: Float64Array[] = [];
  const season: Float64Array[] = [];
  const seasonMax: number[] = [];
  for (const rhythm of rhythms) {
    const s = new Float64Array(days);
    let sum = 0;
    for (let i = 0; i < days; i++) sum += s[i] = dayFactor(startDay + i, rhythm.primeDay);
    let max = 0;
    for (let i = 0; i < days; i++) max = Math.max(max, s[i] *= days / sum);
    const opens = Math.floor(rhythm.opensAt * days);
    const weights = new Float64Array(days);
    for (let i = 0; i < days; i++) {
      if (i < opens) continue;
      // A new marketplace ramps up over its first month rather than opening at full speed.
      const ramp = Math.min(1, (i - opens + 1) / 30);
      weights[i] = s[i] * ramp * (1 + (rhythm.growth - 1) * (i / Math.max(1, days - 1)));
    }
    acquisition.push(cumulativeWeights(weights));
    season.push(s);
    seasonMax.push(max);
  }
  return { startDay, endDay, days, acquisition, season, seasonMax, giftSeason };
}
