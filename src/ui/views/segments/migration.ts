// The migration matrix as the page shows it: counts, each cell's share of its row (where the customers of
// a segment went), and one summary sentence, the matrix's text in brief. Pure, so it is tested.
export interface MigrationCell {
  count: number;
  /** Share of the row's customers, 0..1 (0 for an empty row). */
  share: number;
}

export interface MigrationRow {
  label: string;
  total: number;
  cells: MigrationCell[];
}

/** Rows and columns: the segments, then "(not yet a customer)" last. */
export function migrationRows(labels: readonly string[], counts: ArrayLike<number>): MigrationRow[] {
  const size = labels.length;
  return labels.map((label, from) => {
    let total = 0;
    for (let to = 0; to < size; to++) total += counts[from * size + to];
    const cells = labels.map((_, to) => {
      const count = counts[from * size + to];
      return { count, share: total > 0 ? count / total : 0 };
    });
    return { label, total, cells };
  });
}

export interface MigrationSummary {
  /** Customers in a segment at the first snapshot, and how many of them were in the same one at the second. */
  customersBefore: number;
  stayed: number;
  moved: number;
  /** Customers acquired between the two snapshots. */
  newCustomers: number;
}

export function migrationSummary(labels: readonly string[], counts: ArrayLike<number>): MigrationSummary {
  const size = labels.length;
  const segments = size - 1;
  let before = 0;
  let stayed = 0;
  let newCustomers = 0;
  for (let from = 0; from < segments; from++) {
    for (let to = 0; to < size; to++) {
      const n = counts[from * size + to];
      before += n;
      if (to === from) stayed += n;
    }
  }
  for (let to = 0; to < segments; to++) newCustomers += counts[segments * size + to];
  return { customersBefore: before, stayed, moved: before - stayed, newCustomers };
}
