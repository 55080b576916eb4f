/** Items kept sorted by `seq`, so a page after a given seq is a binary search plus a slice (100k users, pages of 999). */
export class SeqList<T extends { seq: number }> {
  private readonly items: T[] = [];

  get size(): number {
    return this.items.length;
  }

  insert(item: T): void {
    const last = this.items[this.items.length - 1];
    if (!last || last.seq < item.seq) {
      this.items.push(item);
      return;
    }
    this.items.splice(this.firstAfter(item.seq - 1), 0, item);
  }

  remove(seq: number): void {
    const index = this.firstAfter(seq - 1);
    if (this.items[index]?.seq === seq) this.items.splice(index, 1);
  }

  /** Up to `limit` items with seq greater than `afterSeq`, and whether more follow. */
  page(afterSeq: number, limit: number): { items: T[]; more: boolean } {
    const start = this.firstAfter(afterSeq);
    const items = this.items.slice(start, start + limit);
    return { items, more: start + limit < this.items.length };
  }

  all(): readonly T[] {
    return this.items;
  }

  private firstAfter(seq: number): number {
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.items[mid] as T).seq <= seq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
