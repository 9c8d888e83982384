import { describe, expect, it } from 'vitest';
import { civilDay } from '../../../src/core/ingest/dates.ts';
import { blackFriday, buildCalendar, primeDay } from '../../../src/core/sample/calendar.ts';
import { sampleCalendar } from '../../../src/core/sample/index.ts';

describe('the sample calendar', () => {
  it('finds Black Friday (the day after US Thanksgiving) and a mid-July Prime Day', () => {
    expect(blackFriday(2024)).toBe(civilDay(2024, 11, 29));
    expect(blackFriday(2025)).toBe(civilDay(2025, 11, 28));
    expect(blackFriday(2026)).toBe(civilDay(2026, 11, 27));
    expect(primeDay(2025)).toBe(civilDay(2025, 7, 8));
    expect((primeDay(2024) + 4) % 7).toBe(2); // a Tuesday
  });

  it('has seasonal intensities of mean 1, peaking from Black Friday to Cyber Monday, and no German customers before launch', () => {
    const calendar = sampleCalendar();
    expect(calendar.days).toBe(731);
    for (let m = 0; m < 3; m++) {
      const season = calendar.season[m];
      const mean = season.reduce((a, b) => a + b, 0) / season.length;
      expect(mean).toBeCloseTo(1, 10);
      expect(calendar.seasonMax[m]).toBe(Math.max(...season));
      const peakDay = calendar.startDay + season.indexOf(calendar.seasonMax[m]);
      // Black Friday to Cyber Monday, the year's busiest days.
      const bf = peakDay < civilDay(2025, 1, 1) ? blackFriday(2024) : blackFriday(2025);
      expect(peakDay - bf).toBeGreaterThanOrEqual(0);
      expect(peakDay - bf).toBeLessThanOrEqual(3);
    }
    const de = calendar.acquisition[1];
    expect(de[Math.floor(0.2 * calendar.days) - 1]).toBe(0);
    expect(de[de.length - 1]).toBeGreaterThan(0);
    // Growth: the last month acquires more than the same month a year before.
    const acquired = (from: number, to: number) => calendar.acquisition[0][to - calendar.startDay] - calendar.acquisition[0][from - calendar.startDay - 1];
    expect(acquired(civilDay(2025, 6, 1), civilDay(2025, 6, 30))).toBeGreaterThan(1.15 * acquired(civilDay(2024, 6, 1), civilDay(2024, 6, 30)));
  });

  it('marks the gift season from November to mid-December', () => {
    const calendar = buildCalendar(civilDay(2025, 1, 1), civilDay(2025, 12, 31), [{ growth: 1, opensAt: 0, primeDay: false }]);
    const gift = (y: number, m: number, d: number) => calendar.giftSeason[civilDay(y, m, d) - calendar.startDay];
    expect(gift(2025, 10, 31)).toBe(0);
    expect(gift(2025, 11, 1)).toBe(1);
    expect(gift(2025, 12, 18)).toBe(1);
    expect(gift(2025, 12, 19)).toBe(0);
  });
});
