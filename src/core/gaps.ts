import type { Gap, GapKind } from './model';

/** Collects gaps, merging repeats of the same kind and detail into one counted entry. */
export class GapList {
  private readonly byKey = new Map<string, Gap>();

  add(kind: GapKind, detail: string, where?: { source?: string; line?: number }, count = 1): void {
    const key = `${kind}\u0000${detail}`;
    const known = this.byKey.get(key);
    if (known) {
      known.count += count;
      return;
    }
    this.byKey.set(key, { kind, detail, count, source: where?.source, line: where?.line });
  }

  addAll(gaps: readonly Gap[]): void {
    for (const g of gaps) this.add(g.kind, g.detail, g, g.count);
  }

  get size(): number {
    return this.byKey.size;
  }

  toArray(): Gap[] {
    return [...this.byKey.values()].map((g) => ({ ...g }));
  }
}
