/**
 * How long legacy's recent successful reads took, to decide when a read has become slow
 * enough to hedge: a fixed window of the last `size` durations (ms), and a quantile of them
 * once `minSamples` are in.
 */
export class RecentLatencies {
  private readonly samples: number[] = [];
  private next = 0;

  constructor(
    private readonly size = 200,
    private readonly minSamples = 20,
  ) {}

  record(ms: number): void {
    if (this.samples.length < this.size) this.samples.push(ms);
    else this.samples[this.next] = ms;
    this.next = (this.next + 1) % this.size;
  }

  /** The q-quantile (nearest rank) of the window; undefined until `minSamples` were recorded. */
  quantile(q: number): number | undefined {
    if (this.samples.length < this.minSamples) return undefined;
    const sorted = [...this.samples].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
  }
}
