/** Strings coded as dense integer indexes, in order of first appearance. */
export class Dictionary {
  readonly values: string[];
  private readonly index = new Map<string, number>();

  constructor(values: readonly string[] = []) {
    this.values = [];
    for (const value of values) this.code(value);
  }

  // Consecutive lines often repeat a value (the same order, currency, marketplace): comparing with the
  // last one is cheaper than hashing the string again.
  private lastValue: string | null = null;
  private lastCode = -1;

  /** The index of `value`, adding it when new. */
  code(value: string): number {
    if (value === this.lastValue) return this.lastCode;
    let at = this.index.get(value);
    if (at === undefined) {
      at = this.values.length;
      const own = ownCopy(value);
      this.values.push(own);
      this.index.set(own, at);
    }
    this.lastValue = value;
    this.lastCode = at;
    return at;
  }

  lookup(value: string): number | undefined {
    return this.index.get(value);
  }

  get size(): number {
    return this.values.length;
  }
}

/**
 * A copy of a string that does not keep its source alive. A field cut from a megabyte of parsed text is, in
 * V8, a view into that text: kept in a dictionary it would pin every block of the file in memory.
 */
export function ownCopy(value: string): string {
  return value.length < 13 ? value : (` ${value}`).slice(1);
}
