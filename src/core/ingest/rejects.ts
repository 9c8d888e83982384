import { ownCopy } from '../columns/dictionary.ts';
import type { RejectReason } from './errors.ts';
import type { IngestReport } from './ingest.ts';

/** Shared by the order-line and summary readers: counting and listing rejects. */
export class RejectList {
  constructor(private readonly report: IngestReport, private readonly max: number) {}

  add(line: number, column: number | null, reason: RejectReason, detail: string): void {
    const r = this.report;
    r.rejected++;
    r.rejectedByReason[reason] = (r.rejectedByReason[reason] ?? 0) + 1;
    if (r.rejects.length < this.max) r.rejects.push({ line, column, reason, detail });
  }
}

/** A value quoted in a reject's sentence: cut to 40 characters, control characters shown as spaces. */
export function clip(text: string): string {
  const t = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  // A copy, so that a listed reject does not keep the block of text it came from in memory.
  return ownCopy(t.replace(/[\u0000-\u001f\u007f]/g, ' '));
}

