// Order statistics of timing samples. Benchmarks report medians and tails, never means, because a
// shared 2-core machine produces long outliers that would drag a mean.

/** The value at quantile `q` (0..1) of `samples`, by the nearest-rank method. */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] as number;
}

export function median(samples: readonly number[]): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** The rounds every ratio of the summary rests on, at least: fewer cannot tell a change from noise. */
export const SUMMARY_ROUNDS = 5;

/** A ratio measured once per interleaved round: its median and its spread over the rounds. */
export type RoundRatio = { median: number; min: number; max: number; rounds: number };

/**
 * `values[i] / baselines[i]` for every round `i` (both measured in the same round, so that a burst
 * of load hits both alike), summarised. Undefined when no round has both numbers.
 */
export function roundRatios(values: readonly number[] | undefined, baselines: readonly number[] | undefined): RoundRatio | undefined {
  if (!values || !baselines) return undefined;
  const ratios: number[] = [];
  for (let i = 0; i < Math.min(values.length, baselines.length); i++) {
    const ratio = (values[i] as number) / (baselines[i] as number);
    if (Number.isFinite(ratio)) ratios.push(ratio);
  }
  if (ratios.length === 0) return undefined;
  return { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios), rounds: ratios.length };
}
