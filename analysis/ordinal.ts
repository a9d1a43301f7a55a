/**
 * Rank statistics computed from level counts. A 1-5 item has five distinct values, so mean, SD, R type-7
 * quartiles, Kruskal-Wallis and Mann-Whitney can be computed from how many answered each level: the work
 * is the same for ten responses or a million, where sorting every answer for every item and group would
 * not be. Tests check these against the value-based functions in statistics.ts.
 */
import { chiSquareSurvival, normalTwoSidedP, type Descriptives } from "./statistics.ts";

/** The same summary as `describe` in statistics.ts gives for raw values. */
export type LevelDescriptives = Descriptives;

/** The value at 0-based position `index` of the sorted answers. */
function valueAt(counts: readonly number[], levels: readonly number[], index: number): number {
  let seen = 0;
  for (let j = 0; j < counts.length; j += 1) {
    seen += counts[j] ?? 0;
    if (index < seen) return levels[j] ?? NaN;
  }
  return NaN;
}

/** R type-7 quantile of the answers described by `counts` over `levels`. */
export function quantileFromCounts(counts: readonly number[], levels: readonly number[], p: number): number {
  const n = counts.reduce((a, b) => a + b, 0);
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const low = valueAt(counts, levels, lo);
  return h === lo ? low : low + (h - lo) * (valueAt(counts, levels, lo + 1) - low);
}

/** n, mean, sample SD (0 for n = 1), median and quartiles; NaN fields when n = 0. */
export function describeCounts(counts: readonly number[], levels: readonly number[]): LevelDescriptives {
  let n = 0;
  let sum = 0;
  counts.forEach((c, j) => {
    n += c;
    sum += c * (levels[j] ?? 0);
  });
  const mean = n > 0 ? sum / n : NaN;
  let squares = 0;
  counts.forEach((c, j) => (squares += c * ((levels[j] ?? 0) - mean) ** 2));
  return {
    n,
    mean,
    sd: n > 1 ? Math.sqrt(squares / (n - 1)) : n === 1 ? 0 : NaN,
    median: quantileFromCounts(counts, levels, 0.5),
    q1: quantileFromCounts(counts, levels, 0.25),
    q3: quantileFromCounts(counts, levels, 0.75),
  };
}

/** Midrank of each level in the pooled sample, and the tie term Σ(t³ - t). */
function midranks(groups: readonly (readonly number[])[]): { ranks: number[]; tieTerm: number; total: number } {
  const width = Math.max(0, ...groups.map((g) => g.length));
  const ranks: number[] = [];
  let before = 0;
  let tieTerm = 0;
  for (let j = 0; j < width; j += 1) {
    const t = groups.reduce((s, g) => s + (g[j] ?? 0), 0);
    ranks.push(before + (t + 1) / 2);
    tieTerm += t ** 3 - t;
    before += t;
  }
  return { ranks, tieTerm, total: before };
}

export interface KruskalWallisCounts {
  statistic: number;
  df: number;
  p: number;
  epsilonSquared: number;
}

/**
 * Kruskal-Wallis H with tie correction from counts per group and level (groups with no answers are
 * ignored). NaN statistic and p when every answer is the same level: there is nothing to rank.
 */
export function kruskalWallisFromCounts(groups: readonly (readonly number[])[]): KruskalWallisCounts {
  const used = groups.filter((g) => g.some((c) => c > 0));
  const { ranks, tieTerm, total: n } = midranks(used);
  const df = used.length - 1;
  if (used.length < 2 || n < 2) return { statistic: NaN, df, p: NaN, epsilonSquared: NaN };
  let sum = 0;
  for (const g of used) {
    const size = g.reduce((a, b) => a + b, 0);
    const rankSum = g.reduce((s, c, j) => s + c * (ranks[j] ?? 0), 0);
    sum += (rankSum * rankSum) / size;
  }
  const h = (12 / (n * (n + 1))) * sum - 3 * (n + 1);
  const correction = 1 - tieTerm / (n ** 3 - n);
  if (correction <= 0) return { statistic: NaN, df, p: NaN, epsilonSquared: NaN };
  const statistic = h / correction;
  return { statistic, df, p: chiSquareSurvival(statistic, df), epsilonSquared: statistic / (n - 1) };
}

export interface MannWhitneyCounts {
  u: number;
  z: number;
  p: number;
  /** 2U/(n1 n2) - 1: positive when the first group tends to answer higher. */
  rankBiserial: number;
}

/**
 * Mann-Whitney U of group `a` against `b` from level counts: normal approximation with tie-corrected
 * variance and a continuity correction of 0.5 (ties are certain on a five-point scale, so no exact test).
 */
export function mannWhitneyFromCounts(a: readonly number[], b: readonly number[]): MannWhitneyCounts {
  const { ranks, tieTerm, total: n } = midranks([a, b]);
  const n1 = a.reduce((x, y) => x + y, 0);
  const n2 = b.reduce((x, y) => x + y, 0);
  if (n1 === 0 || n2 === 0) return { u: NaN, z: NaN, p: NaN, rankBiserial: NaN };
  const rankSum = a.reduce((s, c, j) => s + c * (ranks[j] ?? 0), 0);
  const u = rankSum - (n1 * (n1 + 1)) / 2;
  const mean = (n1 * n2) / 2;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  const diff = u - mean;
  const z = variance > 0 ? (diff - 0.5 * Math.sign(diff)) / Math.sqrt(variance) : NaN;
  return { u, z, p: variance > 0 ? normalTwoSidedP(z) : NaN, rankBiserial: (2 * u) / (n1 * n2) - 1 };
}
