/** Strings coded as dense integer indexes, in order of first appearance. */
export class Dictionary {
  readonly values: string[];
  private readonly index = new Map<string, number>();

  constructor(values: readonly string[] = []) {
    this.values = [];
    for (const value of values) this.code(value);
  }

  /** The index of `value`, adding it when new. */
  code(value: string): number {
    let at = this.index.get(value);
    if (at === undefined) {
      at = this.values.length;
      this.values.push(value);
      this.index.set(value, at);
    }
    return at;
  }

  lookup(value: string): number | undefined {
    return this.index.get(value);
  }

  get size(): number {
    return this.values.length;
  }
}
