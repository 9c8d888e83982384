// The shipped segment maps, as data: each segment is a union of boxes over the R, F and M scores (1..5,
// both ends included). segments.ts proves each map complete (every one of the 125 cells in exactly one
// segment) before it is used, and the tests do so for these two.
import type { SegmentMap } from './segments.ts';

const ANY = [1, 5] as const;

/**
 * Amazon's four loyalty segments (Customer Loyalty Analytics guide, reference 000): "Top Tier: frequent
 * buyers who spend the most. Promising: occasional buyers with above-average spending. At-Risk: customers
 * who haven't bought recently. Hibernating: inactive customers with infrequent purchases." Amazon does
 * not publish its cut-offs; these rules read the guide literally: "recently" is R 3-5, "frequent" F 4-5,
 * "spend the most" M 4-5; lapsed customers split on frequency into At-Risk (F 3-5) and Hibernating.
 * Recent customers who are not yet Top Tier are the ones to grow, so they are Promising.
 */
export const AMAZON_SEGMENT_MAP: SegmentMap = {
  id: 'amazon',
  name: 'Amazon (4 segments)',
  segments: [
    {
      name: 'Top Tier',
      description: 'Recent, frequent buyers who spend the most.',
      rules: [{ r: [3, 5], f: [4, 5], m: [4, 5] }],
    },
    {
      name: 'Promising',
      description: 'Recent buyers who are not yet frequent top spenders.',
      rules: [
        { r: [3, 5], f: [1, 3], m: ANY },
        { r: [3, 5], f: [4, 5], m: [1, 3] },
      ],
    },
    {
      name: 'At-Risk',
      description: 'Repeat buyers who have not bought recently.',
      rules: [{ r: [1, 2], f: [3, 5], m: ANY }],
    },
    {
      name: 'Hibernating',
      description: 'Inactive customers with infrequent purchases.',
      rules: [{ r: [1, 2], f: [1, 2], m: ANY }],
    },
  ],
};

/**
 * The classic eleven RFM segments, laid out on the usual recency x frequency grid (rows R 5 to 1,
 * columns F 1 to 5), with monetary value separating Can't Lose Them from At Risk:
 *
 *   R5  New            Potential Loyalist  Potential Loyalist  Champions        Champions
 *   R4  Promising      Potential Loyalist  Potential Loyalist  Loyal            Loyal
 *   R3  About to Sleep About to Sleep      Need Attention      Loyal            Loyal
 *   R2  Hibernating    Hibernating         At Risk             At Risk / Can't Lose Them (M 4-5)
 *   R1  Lost           Lost                At Risk             At Risk / Can't Lose Them (M 4-5)
 */
export const CLASSIC_SEGMENT_MAP: SegmentMap = {
  id: 'classic',
  name: 'Classic RFM (11 segments)',
  segments: [
    { name: 'Champions', description: 'Bought most recently and most often.', rules: [{ r: [5, 5], f: [4, 5], m: ANY }] },
    { name: 'Loyal', description: 'Buy often and still fairly recently.', rules: [{ r: [3, 4], f: [4, 5], m: ANY }] },
    {
      name: 'Potential Loyalist',
      description: 'Recent customers with a few purchases.',
      rules: [{ r: [4, 5], f: [2, 3], m: ANY }],
    },
    { name: 'New', description: 'Bought for the first time very recently.', rules: [{ r: [5, 5], f: [1, 1], m: ANY }] },
    { name: 'Promising', description: 'Recent first-time buyers.', rules: [{ r: [4, 4], f: [1, 1], m: ANY }] },
    { name: 'Need Attention', description: 'Middling recency and frequency.', rules: [{ r: [3, 3], f: [3, 3], m: ANY }] },
    { name: 'About to Sleep', description: 'Few purchases, and the last one is fading.', rules: [{ r: [3, 3], f: [1, 2], m: ANY }] },
    {
      name: 'At Risk',
      description: 'Bought often, but not for a long time.',
      rules: [
        { r: [1, 2], f: [3, 3], m: ANY },
        { r: [1, 2], f: [4, 5], m: [1, 3] },
      ],
    },
    {
      name: "Can't Lose Them",
      description: 'Among the most frequent and biggest spenders, gone quiet.',
      rules: [{ r: [1, 2], f: [4, 5], m: [4, 5] }],
    },
    { name: 'Hibernating', description: 'Few purchases, long ago.', rules: [{ r: [2, 2], f: [1, 2], m: ANY }] },
    { name: 'Lost', description: 'Fewest purchases, longest ago.', rules: [{ r: [1, 1], f: [1, 2], m: ANY }] },
  ],
};

export type SegmentMapId = 'amazon' | 'classic';

export const SEGMENT_MAPS: Readonly<Record<SegmentMapId, SegmentMap>> = {
  amazon: AMAZON_SEGMENT_MAP,
  classic: CLASSIC_SEGMENT_MAP,
};
