// A segment map being edited on the page: a plain, mutable copy of the map, and which rules the check's
// problems name (so the editor can mark them). Pure, so it is tested.
import type { SegmentMap, SegmentMapProblem } from '../../../core/analytics/segments.ts';

export type Range = [number, number];
export interface DraftRule {
  r: Range;
  f: Range;
  m: Range;
}
export interface DraftSegment {
  name: string;
  description: string;
  rules: DraftRule[];
}
export interface DraftMap {
  id: string;
  name: string;
  segments: DraftSegment[];
}

export function draftOf(map: SegmentMap): DraftMap {
  return {
    id: map.id,
    name: map.name,
    segments: map.segments.map((s) => ({
      name: s.name,
      description: s.description,
      rules: s.rules.map((r) => ({ r: [r.r[0], r.r[1]], f: [r.f[0], r.f[1]], m: [r.m[0], r.m[1]] })),
    })),
  };
}

/** A new rule for a segment: every score (the check then names the rules it overlaps, to be narrowed). */
export function newRule(): DraftRule {
  return { r: [1, 1], f: [1, 1], m: [1, 5] };
}

export function ruleKey(segment: string, rule: number): string {
  return `${segment}\u0000${rule}`;
}

/** Keys (ruleKey) of every rule a problem names. */
export function rulesAtFault(problems: readonly SegmentMapProblem[]): Set<string> {
  const keys = new Set<string>();
  for (const p of problems) for (const r of p.rules) keys.add(ruleKey(r.segment, r.rule));
  return keys;
}
