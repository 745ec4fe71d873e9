export type Aggregate = 'sum' | 'mean' | 'min' | 'max' | 'last';

/**
 * One running aggregate: constant memory whatever the number of values.
 * `mean` keeps a sum and a count; `last` the value of the last row read.
 */
export class Accumulator {
  private a = 0;
  private n = 0;
  constructor(readonly op: Aggregate) {
    if (op === 'min') this.a = Infinity;
    else if (op === 'max') this.a = -Infinity;
  }
  add(v: number): void {
    this.n++;
    switch (this.op) {
      case 'sum':
      case 'mean':
        this.a += v;
        break;
      case 'min':
        if (v < this.a) this.a = v;
        break;
      case 'max':
        if (v > this.a) this.a = v;
        break;
      case 'last':
        this.a = v;
        break;
    }
  }
  get count(): number {
    return this.n;
  }
  value(): number | null {
    if (this.n === 0) return null;
    return this.op === 'mean' ? this.a / this.n : this.a;
  }
}

/** How aggregates of groups combine into a total: stocks and sums add up; means, minima and maxima are taken over every row. */
export function totalFromGroups(op: Aggregate): boolean {
  return op === 'sum' || op === 'last';
}

/**
 * Streaming grouped aggregation: rows go in one at a time, memory holds one accumulator
 * per (group, x, value field), never the rows. `total` aggregates across groups per x.
 */
export class GroupedAggregation {
  /** group -> x -> one accumulator per value field */
  readonly groups = new Map<string, Map<string | number, Accumulator[]>>();
  /** x -> accumulators over every row, for means, minima and maxima across groups */
  private readonly direct = new Map<string | number, Accumulator[]>();
  constructor(
    readonly op: Aggregate,
    readonly width: number,
  ) {}

  add(group: string, x: string | number, values: readonly (number | null)[]): void {
    let byX = this.groups.get(group);
    if (!byX) this.groups.set(group, (byX = new Map()));
    let accs = byX.get(x);
    if (!accs) byX.set(x, (accs = this.make()));
    let all: Accumulator[] | undefined;
    if (!totalFromGroups(this.op)) {
      all = this.direct.get(x);
      if (!all) this.direct.set(x, (all = this.make()));
    }
    for (let i = 0; i < this.width; i++) {
      const v = values[i];
      if (v === null || v === undefined || Number.isNaN(v)) continue;
      accs[i]!.add(v);
      all?.[i]!.add(v);
    }
  }

  private make(): Accumulator[] {
    return Array.from({ length: this.width }, () => new Accumulator(this.op));
  }

  /** Per x, the total across groups of each value field (null when no group has a value). */
  totals(): Map<string | number, (number | null)[]> {
    const out = new Map<string | number, (number | null)[]>();
    if (!totalFromGroups(this.op)) {
      for (const [x, accs] of this.direct)
        out.set(
          x,
          accs.map((a) => a.value()),
        );
      return out;
    }
    for (const byX of this.groups.values()) {
      for (const [x, accs] of byX) {
        let t = out.get(x);
        if (!t) out.set(x, (t = new Array<number | null>(this.width).fill(null)));
        accs.forEach((a, i) => {
          const v = a.value();
          if (v !== null) t![i] = (t![i] ?? 0) + v;
        });
      }
    }
    return out;
  }
}
