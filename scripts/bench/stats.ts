/** Summary of repeated timings. Percentiles use the nearest-rank method (a value that was actually measured). */
export interface Summary {
  runs: number;
  p50: number;
  p90: number;
  p99: number;
  min: number;
  max: number;
}

/** The nearest-rank percentile `p` (0 < p <= 100) of the samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new RangeError('percentile of no samples');
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile must be in (0, 100], got ${p}`);
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

export function summarize(samples: readonly number[]): Summary {
  return {
    runs: samples.length,
    p50: percentile(samples, 50),
    p90: percentile(samples, 90),
    p99: percentile(samples, 99),
    min: Math.min(...samples),
    max: Math.max(...samples),
  };
}
