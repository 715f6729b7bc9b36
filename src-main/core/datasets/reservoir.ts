import type { Random } from './seeded-random';

/**
 * Seeded reservoir sampling (Vitter's algorithm R): a uniform sample of `size` items from a
 * stream of unknown length, holding only `size` items at a time. That is what lets a 600 MB
 * file be sampled without reading it whole. `take()` returns the sample in stream order.
 */
export class Reservoir<T> {
  private readonly items: Array<{ position: number; item: T }> = [];
  private seen = 0;

  constructor(
    private readonly size: number,
    private readonly random: Random,
  ) {}

  /** Offers the next item of the stream; it may replace an earlier one. */
  offer(item: T): void {
    const position = this.seen;
    this.seen += 1;
    if (this.items.length < this.size) {
      this.items.push({ position, item });
      return;
    }
    const slot = Math.floor(this.random() * this.seen);
    if (slot < this.size) this.items[slot] = { position, item };
  }

  /** Items offered so far. */
  get offered(): number {
    return this.seen;
  }

  take(): T[] {
    return [...this.items].sort((a, b) => a.position - b.position).map((entry) => entry.item);
  }
}
