/**
 * The statistics of the what-if estimate: a figure on the observed cases, and its 95% interval from a
 * bootstrap — the cases resampled with replacement, each resample's figure computed, the 2.5th and
 * 97.5th percentiles of those taken. The generator is seeded, so the same question gets the same answer.
 */

export interface Figure {
  value: number;
  /** The 95% interval (bootstrap percentiles). */
  low: number;
  high: number;
}

export interface Summary {
  mean: Figure;
  median: Figure;
  p90: Figure;
}

type Figures = { mean: number; median: number; p90: number };

/** mulberry32: small, fast, and the same sequence for the same seed on every platform. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The nearest-rank percentile (an observed value, as SQL's percentile_disc): the smallest with a share p at or below it. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] as number;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

function figuresOf(values: readonly number[]): Figures {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    mean: values.reduce((s, v) => s + v, 0) / values.length,
    median: percentile(sorted, 0.5),
    p90: percentile(sorted, 0.9),
  };
}

/**
 * Figures of a resample counted by value rather than sorted: the totals are whole working days in a
 * narrow range, so a resample of twenty thousand cases costs a pass over them and over the range.
 */
function countedFigures(counts: Int32Array, offset: number, n: number): Figures {
  let sum = 0;
  let seen = 0;
  let median: number | undefined;
  let p90: number | undefined;
  const rankMedian = Math.max(1, Math.ceil(0.5 * n));
  const rankP90 = Math.max(1, Math.ceil(0.9 * n));
  for (let i = 0; i < counts.length; i += 1) {
    const c = counts[i] as number;
    if (c === 0) continue;
    sum += c * (i + offset);
    seen += c;
    if (median === undefined && seen >= rankMedian) median = i + offset;
    if (p90 === undefined && seen >= rankP90) p90 = i + offset;
  }
  return { mean: sum / n, median: median ?? offset, p90: p90 ?? offset };
}

/**
 * Resamples the cases `samples` times (the same draws for every series, so a proposal and the baseline
 * are compared on the same cases) and gives each series' 95% interval of each figure.
 */
export function bootstrap(
  series: readonly (readonly number[])[],
  samples: number,
  seed: number,
): { mean: [number, number]; median: [number, number]; p90: [number, number] }[] {
  const random = prng(seed);
  const n = series[0]?.length ?? 0;
  const ranges = series.map((values) => {
    const min = Math.min(...values);
    return { min, counts: new Int32Array(Math.max(...values) - min + 1) };
  });
  const drawn = series.map(() => ({ mean: [] as number[], median: [] as number[], p90: [] as number[] }));
  for (let b = 0; b < samples; b += 1) {
    for (const r of ranges) r.counts.fill(0);
    for (let k = 0; k < n; k += 1) {
      const i = Math.floor(random() * n);
      series.forEach((values, s) => {
        const r = ranges[s] as (typeof ranges)[number];
        const at = (values[i] as number) - r.min;
        r.counts[at] = (r.counts[at] ?? 0) + 1;
      });
    }
    series.forEach((_, s) => {
      const r = ranges[s] as (typeof ranges)[number];
      const f = countedFigures(r.counts, r.min, n);
      const d = drawn[s] as (typeof drawn)[number];
      d.mean.push(f.mean);
      d.median.push(f.median);
      d.p90.push(f.p90);
    });
  }
  const interval = (values: number[]): [number, number] => {
    const sorted = values.sort((a, b) => a - b);
    return [percentile(sorted, 0.025), percentile(sorted, 0.975)];
  };
  return drawn.map((d) => ({ mean: interval(d.mean), median: interval(d.median), p90: interval(d.p90) }));
}

/** The figures of the observed values with their intervals, to two decimals. */
export function summarize(
  values: readonly number[],
  intervals: { mean: [number, number]; median: [number, number]; p90: [number, number] } | undefined,
): Summary {
  const f = figuresOf(values);
  const figure = (value: number, range: [number, number] | undefined): Figure => ({
    value: round2(value),
    low: round2(range?.[0] ?? value),
    high: round2(range?.[1] ?? value),
  });
  return {
    mean: figure(f.mean, intervals?.mean),
    median: figure(f.median, intervals?.median),
    p90: figure(f.p90, intervals?.p90),
  };
}
