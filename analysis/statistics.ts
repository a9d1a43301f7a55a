/**
 * The inferential statistics behind the study's reports: tests of association for cross-tabulated answers
 * (chi-square, Fisher/Freeman-Halton), rank tests for Likert items across groups (Kruskal-Wallis,
 * Mann-Whitney), multiplicity corrections, scale reliability and plain descriptives. They live here, as
 * small pure functions, rather than in a statistics package because the reports need R's exact
 * conventions (tolerances, tie corrections, continuity corrections, Monte Carlo p) so that every number
 * can be re-checked by a reviewer in R, and because samples from a prison study are small and messy:
 * empty groups, all-equal answers and sparse tables are normal, so nothing here throws on them. Where a
 * statistic is undefined the result carries NaN (or null) instead, and each function says when.
 */
import { mean, quantileSorted, sampleStandardDeviation } from "simple-statistics";

// ---------------------------------------------------------------------------------------------------------
// Special functions
// ---------------------------------------------------------------------------------------------------------

// Lanczos approximation, g = 7, n = 9: about 15 significant digits for real arguments, which is what the
// incomplete gamma needs for its prefactor.
const LANCZOS_G = 7;
const LANCZOS_COEFFICIENTS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
] as const;
const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** log Γ(z) for z > 0 (reflection below 0.5 keeps the Lanczos sum in its accurate range). */
function logGamma(z: number): number {
  if (z < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * z))) - logGamma(1 - z);
  const w = z - 1;
  let sum = LANCZOS_COEFFICIENTS[0];
  for (let i = 1; i < LANCZOS_COEFFICIENTS.length; i++) sum += LANCZOS_COEFFICIENTS[i]! / (w + i);
  const t = w + LANCZOS_G + 0.5;
  return HALF_LOG_TWO_PI + (w + 0.5) * Math.log(t) - t + Math.log(sum);
}

const GAMMA_EPS = 1e-16;
const GAMMA_MAX_ITERATIONS = 100_000;
const TINY = 1e-300;

/** e^-x x^a / Γ(a): the factor shared by the series and the continued fraction. */
function gammaPrefactor(a: number, x: number): number {
  return Math.exp(-x + a * Math.log(x) - logGamma(a));
}

/** Series for P(a, x); converges fast for x < a + 1. */
function gammaPSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < GAMMA_MAX_ITERATIONS; n++) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * GAMMA_EPS) break;
  }
  return sum * gammaPrefactor(a, x);
}

/** Continued fraction (modified Lentz) for Q(a, x); converges fast for x >= a + 1. */
function gammaQContinuedFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < GAMMA_MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < GAMMA_EPS) break;
  }
  return h * gammaPrefactor(a, x);
}

/**
 * Regularised lower incomplete gamma P(a, x) = γ(a, x) / Γ(a), accurate to about 1e-14 for the shape
 * parameters the tests here produce (a up to a few hundred): series for x < a + 1, continued fraction
 * otherwise, log-gamma by Lanczos. NaN for a <= 0, x < 0 or NaN arguments.
 *
 * @example regularizedGammaP(1, 2) // 1 - e^-2 = 0.8646647167633873
 */
export function regularizedGammaP(a: number, x: number): number {
  if (!(a > 0) || !(x >= 0) || a === Infinity) return Number.NaN;
  if (x === 0) return 0;
  if (x === Infinity) return 1;
  return x < a + 1 ? gammaPSeries(a, x) : 1 - gammaQContinuedFraction(a, x);
}

/**
 * Regularised upper incomplete gamma Q(a, x) = 1 - P(a, x). Computed directly (not as 1 - P) in the
 * tail, so small p-values keep their relative accuracy. NaN for a <= 0, x < 0 or NaN arguments.
 */
export function regularizedGammaQ(a: number, x: number): number {
  if (!(a > 0) || !(x >= 0) || a === Infinity) return Number.NaN;
  if (x === 0) return 1;
  if (x === Infinity) return 0;
  return x < a + 1 ? 1 - gammaPSeries(a, x) : gammaQContinuedFraction(a, x);
}

/**
 * Upper tail of the chi-square distribution: P(X >= x) with `df` degrees of freedom (df > 0, not
 * necessarily an integer). 1 for x <= 0; NaN for df <= 0 or NaN arguments.
 *
 * @example chiSquareSurvival(3.841458820694124, 1) // 0.05
 */
export function chiSquareSurvival(x: number, df: number): number {
  if (Number.isNaN(x) || !(df > 0) || df === Infinity) return Number.NaN;
  if (x <= 0) return 1;
  return regularizedGammaQ(df / 2, x / 2);
}

/**
 * Two-sided p for a standard normal z: P(|Z| >= |z|) = erfc(|z| / √2) = Q(1/2, z² / 2), computed from
 * the incomplete gamma rather than a table. NaN for NaN.
 *
 * @example normalTwoSidedP(1.959963984540054) // 0.05
 */
export function normalTwoSidedP(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  return regularizedGammaQ(0.5, (z * z) / 2);
}

/** P(Z >= z) for a standard normal, from the same erfc. */
function normalUpperTail(z: number): number {
  const half = normalTwoSidedP(z) / 2;
  return z >= 0 ? half : 1 - half;
}

// ---------------------------------------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------------------------------------

/** log k! for k = 0..n, as one table so that enumeration and simulation compare identical numbers. */
function logFactorials(n: number): Float64Array {
  const table = new Float64Array(n + 1);
  for (let k = 2; k <= n; k++) table[k] = table[k - 1]! + Math.log(k);
  return table;
}

interface RankSums {
  /** Σ of the mid-ranks (1-based, ties averaged) of each group's values in the pooled sample. */
  rankSums: Float64Array;
  /** Σ (t³ - t) over groups of t tied values: the tie correction of both rank tests. */
  tieTerm: number;
  hasTies: boolean;
}

/**
 * Rank sums per group by a k-way merge of the groups, each sorted in place as a typed array (numeric,
 * no comparator callback). The merge visits each run of equal values once, so ties, their mid-rank and
 * the tie term fall out without materialising a rank per value; a binary heap over the group heads keeps
 * it O(N log k). This is what keeps Kruskal-Wallis on 100,000 answers well inside its time budget.
 * `groups` must hold finite values and is sorted in place.
 */
function rankSumsByGroup(groups: Float64Array[]): RankSums {
  const k = groups.length;
  for (const g of groups) g.sort();
  const rankSums = new Float64Array(k);
  const next = new Int32Array(k); // index of each group's head
  // Min-heap of group indices keyed by their head value.
  const heap = new Int32Array(k);
  let size = 0;
  const head = (g: number) => groups[g]![next[g]!]!;
  const siftDown = (from: number) => {
    let i = from;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= size) return;
      const r = l + 1;
      const child = r < size && head(heap[r]!) < head(heap[l]!) ? r : l;
      if (head(heap[child]!) >= head(heap[i]!)) return;
      const tmp = heap[i]!;
      heap[i] = heap[child]!;
      heap[child] = tmp;
      i = child;
    }
  };
  for (let g = 0; g < k; g++) if (groups[g]!.length > 0) heap[size++] = g;
  for (let i = (size >>> 1) - 1; i >= 0; i--) siftDown(i);

  const runGroup = new Int32Array(k);
  const runCount = new Int32Array(k);
  let position = 0; // values already ranked
  let tieTerm = 0;
  let hasTies = false;
  while (size > 0) {
    const v = head(heap[0]!);
    // Take every group whose head equals v, with its whole run of v.
    let runs = 0;
    let t = 0;
    while (size > 0 && head(heap[0]!) === v) {
      const g = heap[0]!;
      const values = groups[g]!;
      let end = next[g]!;
      while (end < values.length && values[end] === v) end++;
      runGroup[runs] = g;
      runCount[runs] = end - next[g]!;
      t += end - next[g]!;
      runs++;
      next[g] = end;
      if (end < values.length) siftDown(0);
      else {
        heap[0] = heap[--size]!;
        siftDown(0);
      }
    }
    const midRank = position + (t + 1) / 2;
    for (let i = 0; i < runs; i++) rankSums[runGroup[i]!]! += runCount[i]! * midRank;
    if (t > 1) {
      tieTerm += t * t * t - t;
      hasTies = true;
    }
    position += t;
  }
  return { rankSums, tieTerm, hasTies };
}

/** The finite values (non-finite ones are missing answers) as a fresh typed array. */
function finiteArray(values: readonly number[]): Float64Array {
  const n = values.length;
  const out = new Float64Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (v - v === 0) out[m++] = v; // false for NaN and ±Infinity, cheaper than Number.isFinite per value
  }
  return m === n ? out : out.slice(0, m);
}

function finiteOnly(values: readonly number[]): number[] {
  return values.filter((v) => Number.isFinite(v));
}

/** Checks a table's shape and counts; a malformed table is a programming error, not degenerate data. */
function checkTable(table: readonly (readonly number[])[], integers: boolean): void {
  const width = table[0]?.length ?? 0;
  for (const row of table) {
    if (row.length !== width) throw new RangeError("contingency table rows must all have the same length");
    for (const v of row) {
      if (!Number.isFinite(v) || v < 0) throw new RangeError(`contingency table counts must be >= 0, got ${v}`);
      if (integers && !Number.isInteger(v)) throw new RangeError(`Fisher's test needs integer counts, got ${v}`);
    }
  }
}

/** Indices of the rows and columns with a non-zero total, and those totals. */
function nonEmptyMargins(table: readonly (readonly number[])[]) {
  const width = table[0]?.length ?? 0;
  const rowTotals = table.map((row) => row.reduce((s, v) => s + v, 0));
  const colTotals = Array.from({ length: width }, (_, j) => table.reduce((s, row) => s + row[j]!, 0));
  const rows = rowTotals.flatMap((t, i) => (t > 0 ? [i] : []));
  const cols = colTotals.flatMap((t, j) => (t > 0 ? [j] : []));
  const total = rowTotals.reduce((s, v) => s + v, 0);
  return { rowTotals, colTotals, rows, cols, total };
}

// ---------------------------------------------------------------------------------------------------------
// Chi-square test of independence
// ---------------------------------------------------------------------------------------------------------

export interface ChiSquareResult {
  statistic: number;
  df: number;
  p: number;
  cramersV: number;
  /** Expected counts in the shape of the input table (0 in dropped all-zero rows and columns). */
  expected: number[][];
  /** Cochran's rule: no expected < 1 and at most 20% of cells below 5. */
  cochranOk: boolean;
}

/**
 * Pearson chi-square test of independence on an r x c table of counts; rows or columns that are all zero
 * are dropped first (they carry no information and would divide by zero). `yates` applies the
 * continuity correction as R does (|O - E| reduced by min(0.5, min |O - E|)), only when the table left is
 * 2x2; default false.
 *
 * Cramér's V = √(X² / (N (min(r, c) - 1))) always uses the uncorrected X², so the effect size does not
 * depend on the correction. Cochran's rule is judged on the cells left after dropping.
 *
 * Degenerate tables (no counts, or fewer than two non-empty rows or columns) give statistic, p and V NaN,
 * df 0 and cochranOk false. Throws RangeError only for a malformed table (ragged rows, negative or
 * non-finite counts).
 *
 * @example chiSquareTest([[762, 327, 468], [484, 239, 477]]).p // 2.95e-7
 */
export function chiSquareTest(table: number[][], options: { yates?: boolean } = {}): ChiSquareResult {
  checkTable(table, false);
  const { rowTotals, colTotals, rows, cols, total } = nonEmptyMargins(table);
  const expected = table.map((row, i) =>
    row.map((_, j) => (total > 0 ? (rowTotals[i]! * colTotals[j]!) / total : 0)),
  );
  const r = rows.length;
  const c = cols.length;
  if (r < 2 || c < 2) {
    return { statistic: Number.NaN, df: 0, p: Number.NaN, cramersV: Number.NaN, expected, cochranOk: false };
  }

  let yates = 0;
  if (options.yates === true && r === 2 && c === 2) {
    yates = 0.5;
    for (const i of rows) for (const j of cols) yates = Math.min(yates, Math.abs(table[i]![j]! - expected[i]![j]!));
  }
  let statistic = 0;
  let uncorrected = 0;
  let below1 = 0;
  let below5 = 0;
  for (const i of rows) {
    for (const j of cols) {
      const e = expected[i]![j]!;
      const deviation = Math.abs(table[i]![j]! - e);
      statistic += (deviation - yates) ** 2 / e;
      uncorrected += (deviation * deviation) / e;
      if (e < 1) below1++;
      if (e < 5) below5++;
    }
  }
  const df = (r - 1) * (c - 1);
  return {
    statistic,
    df,
    p: chiSquareSurvival(statistic, df),
    cramersV: Math.sqrt(uncorrected / (total * (Math.min(r, c) - 1))),
    expected,
    cochranOk: below1 === 0 && below5 <= 0.2 * r * c,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Fisher's exact test and the Freeman-Halton extension
// ---------------------------------------------------------------------------------------------------------

export interface FisherResult {
  p: number;
  method: "exact" | "monte-carlo";
  /** Tables with the observed margins that were enumerated (exact method); null for Monte Carlo. */
  tablesVisited: number | null;
  simulation: { seed: number; samples: number } | null;
}

/** R's relative tolerance: tables whose probability is within 1e-7 of the observed count as "as extreme". */
const FISHER_RELATIVE_TOLERANCE = 1e-7;
const LOG_FISHER_TOLERANCE = Math.log1p(FISHER_RELATIVE_TOLERANCE);

/**
 * Fisher's exact test.
 *
 * - 2x2: the hypergeometric distribution of the top-left cell. Two-sided p sums the probabilities <= the
 *   observed one times (1 + 1e-7), as R does; `alternative: "less"` / `"greater"` give P(X <= x) /
 *   P(X >= x) for x = table[0][0] (odds ratio below / above 1).
 * - r x c (Freeman-Halton): full enumeration of the tables with the observed margins while the number of
 *   tables visited stays within `maxTables` (default 1e6); beyond that, a seeded Monte Carlo:
 *   `samples` (default 10000) random tables with the observed margins by Patefield's algorithm, drawn
 *   with a mulberry32 generator seeded by `seed` (default 20250101), p = (1 + #{sim prob <= observed
 *   prob (1 + 1e-7)}) / (1 + samples) as R's simulate.p.value computes it. The result says which method
 *   was used; the same seed always gives the same p.
 *
 * All-zero rows and columns are dropped first. With fewer than two non-empty rows or columns only the
 * observed table has those margins, so p = 1; with no counts at all p is NaN. One-sided alternatives
 * exist only for 2x2 tables: asking for one on a larger table throws RangeError (as in R), as do
 * negative, fractional or ragged counts.
 *
 * @example
 * fisherExactTest([[3, 1], [1, 3]], { alternative: "greater" }).p // 0.2428571429
 * fisherExactTest(bigTable).method // "monte-carlo" when enumeration would pass maxTables
 */
export function fisherExactTest(
  table: number[][],
  options: {
    alternative?: "two-sided" | "less" | "greater";
    maxTables?: number;
    samples?: number;
    seed?: number;
  } = {},
): FisherResult {
  checkTable(table, true);
  const alternative = options.alternative ?? "two-sided";
  const maxTables = options.maxTables ?? 1e6;
  const samples = options.samples ?? 10_000;
  const seed = options.seed ?? 20250101;
  if (!Number.isInteger(samples) || samples < 1) throw new RangeError("samples must be a positive integer");

  const { rows, cols, total } = nonEmptyMargins(table);
  if (total === 0) return { p: Number.NaN, method: "exact", tablesVisited: 0, simulation: null };
  if (rows.length < 2 || cols.length < 2) return { p: 1, method: "exact", tablesVisited: 1, simulation: null };
  const reduced = rows.map((i) => cols.map((j) => table[i]![j]!));

  if (reduced.length === 2 && reduced[0]!.length === 2) return fisher2x2(reduced, alternative);
  if (alternative !== "two-sided") {
    throw new RangeError("one-sided alternatives are only defined for 2x2 tables");
  }

  // Enumerate with the shorter dimension as the rows (fewer cells per column, more tables per inner loop).
  const oriented = reduced.length <= reduced[0]!.length ? reduced : transpose(reduced);
  const exact = enumerateFreemanHalton(oriented, maxTables);
  if (exact !== null) return { p: exact.p, method: "exact", tablesVisited: exact.visited, simulation: null };
  return {
    p: monteCarloFreemanHalton(oriented, samples, seed),
    method: "monte-carlo",
    tablesVisited: null,
    simulation: { seed, samples },
  };
}

function transpose(m: number[][]): number[][] {
  return m[0]!.map((_, j) => m.map((row) => row[j]!));
}

function fisher2x2(t: number[][], alternative: "two-sided" | "less" | "greater"): FisherResult {
  const x = t[0]![0]!;
  const m = x + t[0]![1]!; // first row total
  const n = t[1]![0]! + t[1]![1]!; // second row total
  const k = x + t[1]![0]!; // first column total
  const lf = logFactorials(m + n);
  const lo = Math.max(0, k - n);
  const hi = Math.min(k, m);
  // Normalising by the sum (as R's dnhyper does) rather than by the binomial coefficient keeps the
  // probabilities summing to 1 exactly enough for the 1e-7 comparison.
  const logd = (j: number) => -lf[j]! - lf[m - j]! - lf[k - j]! - lf[n - k + j]!;
  const top = logd(Math.min(hi, Math.max(lo, Math.round((m * k) / (m + n)))));
  const d: number[] = [];
  for (let j = lo; j <= hi; j++) d.push(Math.exp(logd(j) - top));
  const sum = d.reduce((s, v) => s + v, 0);
  const density = d.map((v) => v / sum);
  const observed = density[x - lo]!;
  let p = 0;
  const limit = observed * (1 + FISHER_RELATIVE_TOLERANCE);
  density.forEach((v, idx) => {
    const j = lo + idx;
    const counts = alternative === "less" ? j <= x : alternative === "greater" ? j >= x : v <= limit;
    if (counts) p += v;
  });
  return { p: Math.min(1, p), method: "exact", tablesVisited: hi - lo + 1, simulation: null };
}

/**
 * Walks every table with the observed margins column by column. Columns are sorted so the two largest
 * come last: the last column is implied by the remaining row totals, so each cell of the second-to-last
 * column fixes two cells at once and the innermost loop visits one whole table per iteration without a
 * function call. Sums are accumulated per subtree (pairwise-like) so that adding ~1e8 probabilities loses
 * no more than a few ulps. Returns null as soon as the count would pass maxTables.
 */
function enumerateFreemanHalton(table: number[][], maxTables: number): { p: number; visited: number } | null {
  const r = table.length;
  const rowTotals = Int32Array.from(table.map((row) => row.reduce((s, v) => s + v, 0)));
  const colTotals = Int32Array.from(table[0]!.map((_, j) => table.reduce((s, row) => s + row[j]!, 0))).sort();
  const c = colTotals.length;
  const total = rowTotals.reduce((s, v) => s + v, 0);
  const lf = logFactorials(total);

  let observedLog = 0;
  for (const row of table) for (const v of row) observedLog -= lf[v]!;
  const threshold = observedLog + LOG_FISHER_TOLERANCE;
  // log of Π r_i! Π c_j! / N!, added back to each table's -Σ log n_ij!.
  let logConstant = -lf[total]!;
  for (const v of rowTotals) logConstant += lf[v]!;
  for (const v of colTotals) logConstant += lf[v]!;

  const remaining = Int32Array.from(rowTotals);
  // suffix[j * r + i]: sum of remaining row totals below row i when column j is being filled.
  const suffix = new Int32Array(c * r);
  let visited = 0;
  let aborted = false;

  const computeSuffix = (j: number) => {
    let s = 0;
    for (let i = r - 1; i >= 0; i--) {
      suffix[j * r + i] = s;
      s += remaining[i]!;
    }
  };

  // Second-to-last column: every choice of its cells fixes the last column as well.
  const penultimate = (j: number, i: number, colLeft: number, logAcc: number): number => {
    const below = suffix[j * r + i]!;
    const lo = Math.max(0, colLeft - below);
    const hi = Math.min(remaining[i]!, colLeft);
    const rowI = remaining[i]!;
    let sum = 0;
    if (i === r - 2) {
      visited += hi - lo + 1;
      if (visited > maxTables) {
        aborted = true;
        return 0;
      }
      const rowLast = remaining[r - 1]!;
      for (let n = lo; n <= hi; n++) {
        const nLast = colLeft - n;
        const lp = logAcc - lf[n]! - lf[rowI - n]! - lf[nLast]! - lf[rowLast - nLast]!;
        if (lp <= threshold) sum += Math.exp(lp + logConstant);
      }
      return sum;
    }
    for (let n = lo; n <= hi && !aborted; n++) {
      sum += penultimate(j, i + 1, colLeft - n, logAcc - lf[n]! - lf[rowI - n]!);
    }
    return sum;
  };

  const fill = (j: number, i: number, colLeft: number, logAcc: number): number => {
    if (i === r - 1) {
      // The last row of a column is implied by the column total.
      remaining[i]! -= colLeft;
      computeSuffix(j + 1);
      const s =
        j + 1 === c - 2
          ? penultimate(j + 1, 0, colTotals[j + 1]!, logAcc - lf[colLeft]!)
          : fill(j + 1, 0, colTotals[j + 1]!, logAcc - lf[colLeft]!);
      remaining[i]! += colLeft;
      return s;
    }
    const below = suffix[j * r + i]!;
    const lo = Math.max(0, colLeft - below);
    const hi = Math.min(remaining[i]!, colLeft);
    let sum = 0;
    for (let n = lo; n <= hi && !aborted; n++) {
      remaining[i]! -= n;
      sum += fill(j, i + 1, colLeft - n, logAcc - lf[n]!);
      remaining[i]! += n;
    }
    return sum;
  };

  computeSuffix(0);
  const p = c === 2 ? penultimate(0, 0, colTotals[0]!, 0) : fill(0, 0, colTotals[0]!, 0);
  return aborted ? null : { p: Math.min(1, p), visited };
}

/** mulberry32: tiny, fast and good enough for resampling; its whole state is the 32-bit seed. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Patefield (1981, AS 159) draws each free cell from its conditional hypergeometric distribution given the
 * cells already drawn, searching outwards from the mode so that only a handful of probabilities are
 * evaluated per cell. Returns -Σ log n_ij! of each simulated table, the only thing the test compares.
 */
function monteCarloFreemanHalton(table: number[][], samples: number, seed: number): number {
  const r = table.length;
  const c = table[0]!.length;
  const rowTotals = table.map((row) => row.reduce((s, v) => s + v, 0));
  const colTotals = table[0]!.map((_, j) => table.reduce((s, row) => s + row[j]!, 0));
  const total = rowTotals.reduce((s, v) => s + v, 0);
  const lf = logFactorials(total);
  const random = mulberry32(seed);

  let observedLog = 0;
  for (const row of table) for (const v of row) observedLog -= lf[v]!;
  const threshold = observedLog + LOG_FISHER_TOLERANCE;

  /**
   * One draw of the cell from its conditional hypergeometric distribution: `rowLeft` of the `blockTotal`
   * units still unplaced are in this row, `colLeft` in this column.
   */
  const drawCell = (rowLeft: number, colLeft: number, blockTotal: number): number => {
    const rest = blockTotal - rowLeft - colLeft; // n + rest >= 0 bounds n from below
    let u = random();
    for (;;) {
      const mode = Math.floor((rowLeft * colLeft) / blockTotal + 0.5);
      const pMode = Math.exp(
        lf[rowLeft]! + lf[blockTotal - rowLeft]! + lf[colLeft]! + lf[blockTotal - colLeft]! - lf[blockTotal]! -
          lf[mode]! - lf[colLeft - mode]! - lf[rowLeft - mode]! - lf[rest + mode]!,
      );
      if (pMode >= u) return mode;
      let cumulative = pMode;
      let up = mode;
      let down = mode;
      let pUp = pMode;
      let pDown = pMode;
      let upDone = false;
      let downDone = false;
      while (!upDone || !downDone) {
        if (!upDone) {
          const factor = (colLeft - up) * (rowLeft - up);
          if (factor === 0) upDone = true;
          else {
            up++;
            pUp *= factor / (up * (rest + up));
            cumulative += pUp;
            if (cumulative >= u) return up;
          }
        }
        if (!downDone) {
          const factor = down * (rest + down);
          if (factor === 0) downDone = true;
          else {
            down--;
            pDown *= factor / ((colLeft - down) * (rowLeft - down));
            cumulative += pDown;
            if (cumulative >= u) return down;
          }
        }
      }
      // Rounding left the total mass a hair below u: redraw within the mass actually computed.
      u = random() * cumulative;
    }
  };

  const colLeft = new Int32Array(c);
  let extreme = 0;
  for (let s = 0; s < samples; s++) {
    for (let j = 0; j < c; j++) colLeft[j] = colTotals[j]!;
    let blockTotal = total; // units left in rows l.. (all columns)
    let logProb = 0;
    for (let l = 0; l < r - 1; l++) {
      let rowLeft = rowTotals[l]!;
      let block = blockTotal; // units left in rows l.., columns m..
      blockTotal -= rowLeft;
      for (let m = 0; m < c - 1; m++) {
        const id = colLeft[m]!;
        let n = 0;
        if (rowLeft > 0 && id > 0) n = drawCell(rowLeft, id, block);
        block -= id;
        rowLeft -= n;
        colLeft[m] = id - n;
        logProb -= lf[n]!;
      }
      logProb -= lf[rowLeft]!; // last column of row l
      colLeft[c - 1]! -= rowLeft;
    }
    for (let j = 0; j < c; j++) logProb -= lf[colLeft[j]!]!; // last row
    if (logProb <= threshold) extreme++;
  }
  return (1 + extreme) / (1 + samples);
}

// ---------------------------------------------------------------------------------------------------------
// Rank tests
// ---------------------------------------------------------------------------------------------------------

export interface KruskalWallisResult {
  statistic: number;
  df: number;
  p: number;
  epsilonSquared: number;
}

/**
 * Kruskal-Wallis H with the tie correction, p from chi-square with k - 1 df (k = non-empty groups), and
 * epsilon-squared = H / (N - 1) (Tomczak & Tomczak 2014). Empty groups and non-finite values (missing
 * answers) are ignored.
 *
 * Undefined cases give NaN statistic, p and epsilonSquared (as R and scipy do): fewer than two non-empty
 * groups (df is then 0), or every value equal (the tie correction is 0, H = 0/0).
 *
 * Runs in O(N log N) with typed-array sorting: 100,000 values take about 10 ms (Likert answers) to 25 ms
 * (continuous values).
 */
export function kruskalWallis(groups: number[][]): KruskalWallisResult {
  const kept = groups.map(finiteArray).filter((g) => g.length > 0);
  const k = kept.length;
  const undefinedResult = { statistic: Number.NaN, df: Math.max(0, k - 1), p: Number.NaN, epsilonSquared: Number.NaN };
  if (k < 2) return undefinedResult;

  const n = kept.reduce((s, g) => s + g.length, 0);
  const { rankSums, tieTerm } = rankSumsByGroup(kept);
  const correction = 1 - tieTerm / (n * n * n - n);
  if (!(correction > 0)) return undefinedResult;

  // Σ n_g (mean rank_g - mean rank)² is never negative, unlike Σ R²/n - 3(N+1) after rounding.
  const grandMean = (n + 1) / 2;
  let between = 0;
  kept.forEach((g, i) => {
    const deviation = rankSums[i]! / g.length - grandMean;
    between += g.length * deviation * deviation;
  });
  const statistic = (12 / (n * (n + 1))) * between / correction;
  const df = k - 1;
  return { statistic, df, p: chiSquareSurvival(statistic, df), epsilonSquared: statistic / (n - 1) };
}

export interface MannWhitneyResult {
  /** U of `x` (R's W): pairs with x > y, plus half the tied pairs. */
  u: number;
  /** Continuity-corrected z of the normal approximation; null for the exact method or when undefined. */
  z: number | null;
  p: number;
  method: "exact" | "normal";
  /** 2 U_x / (n1 n2) - 1 = 1 - 2 U_y / (n1 n2): +1 when every x exceeds every y, -1 the reverse. */
  rankBiserial: number;
}

const EXACT_MANN_WHITNEY_MAX_PAIRS = 2500;

/**
 * Mann-Whitney U (Wilcoxon rank-sum) for two independent samples, following R's wilcox.test. U is the U
 * of `x` (R's W). Exact p from the null distribution of U (dynamic programming over counts) when there
 * are no ties and n1 n2 <= 2500; otherwise the normal approximation with tie-corrected variance and a
 * continuity correction of 0.5 towards the mean. "greater" tests whether x tends to be larger than y.
 * The rank-biserial correlation is positive when x tends to be larger.
 *
 * Non-finite values are ignored. With an empty sample everything but `u` (0) is NaN; when every value is
 * tied the normal approximation has zero variance, so z is null and p NaN.
 *
 * @example
 * const x = [0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46];
 * mannWhitney(x, [1.15, 0.88, 0.9, 0.74, 1.21], { alternative: "greater" }) // u 35, exact p 0.1272
 */
export function mannWhitney(
  x: number[],
  y: number[],
  options: { alternative?: "two-sided" | "less" | "greater" } = {},
): MannWhitneyResult {
  const alternative = options.alternative ?? "two-sided";
  const xs = finiteArray(x);
  const ys = finiteArray(y);
  const n1 = xs.length;
  const n2 = ys.length;
  if (n1 === 0 || n2 === 0) return { u: 0, z: null, p: Number.NaN, method: "normal", rankBiserial: Number.NaN };

  const { rankSums, tieTerm, hasTies } = rankSumsByGroup([xs, ys]);
  const u = rankSums[0]! - (n1 * (n1 + 1)) / 2;
  const pairs = n1 * n2;
  const rankBiserial = (2 * u) / pairs - 1;

  if (!hasTies && pairs <= EXACT_MANN_WHITNEY_MAX_PAIRS) {
    const counts = mannWhitneyNullCounts(n1, n2);
    const lower = (w: number) => tailSum(counts, 0, w); // P(U <= w), unnormalised
    const upper = (w: number) => tailSum(counts, w, pairs); // P(U >= w), unnormalised
    const all = tailSum(counts, 0, pairs);
    let p: number;
    if (alternative === "less") p = lower(u) / all;
    else if (alternative === "greater") p = upper(u) / all;
    else p = Math.min(1, (2 * (u > pairs / 2 ? upper(u) : lower(u))) / all);
    return { u, z: null, p, method: "exact", rankBiserial };
  }

  const n = n1 + n2;
  const sigma = Math.sqrt((pairs / 12) * (n + 1 - tieTerm / (n * (n - 1))));
  const centred = u - pairs / 2;
  const correction = alternative === "two-sided" ? Math.sign(centred) * 0.5 : alternative === "greater" ? 0.5 : -0.5;
  if (!(sigma > 0)) return { u, z: null, p: Number.NaN, method: "normal", rankBiserial };
  const z = (centred - correction) / sigma;
  const p =
    alternative === "less"
      ? 1 - normalUpperTail(z)
      : alternative === "greater"
        ? normalUpperTail(z)
        : Math.min(1, normalTwoSidedP(z));
  return { u, z, p, method: "normal", rankBiserial };
}

function tailSum(counts: Float64Array, from: number, to: number): number {
  let s = 0;
  for (let k = Math.max(0, Math.ceil(from)); k <= Math.min(counts.length - 1, Math.floor(to)); k++) s += counts[k]!;
  return s;
}

/**
 * Number of orderings giving each U = 0..n1 n2 under the null. Recurrence on the largest observation
 * (it belongs to the first sample, adding n2 to U, or to the second): N(u; i, j) = N(u - j; i - 1, j) +
 * N(u; i, j - 1). Only additions, so no cancellation; counts up to C(100, 50) ≈ 1e29 are fine as
 * doubles. U's distribution is symmetric in the two sizes, so the smaller one indexes the tables.
 */
function mannWhitneyNullCounts(n1: number, n2: number): Float64Array {
  const m = Math.min(n1, n2);
  const n = Math.max(n1, n2);
  const size = m * n + 1;
  // byI[i] holds N(.; i, j) for the current j.
  const byI = Array.from({ length: m + 1 }, () => new Float64Array(size));
  for (const counts of byI) counts[0] = 1; // j = 0: only U = 0
  for (let j = 1; j <= n; j++) {
    for (let i = 1; i <= m; i++) {
      const current = byI[i]!;
      const previous = byI[i - 1]!;
      for (let u = i * j; u >= j; u--) current[u]! += previous[u - j]!;
    }
  }
  return byI[m]!;
}

// ---------------------------------------------------------------------------------------------------------
// Multiple comparisons
// ---------------------------------------------------------------------------------------------------------

/** Indices of the non-NaN p-values, sorted by p ascending (stable). */
function orderOfDefined(pValues: readonly number[]): number[] {
  return pValues
    .map((p, i) => [p, i] as const)
    .filter(([p]) => !Number.isNaN(p))
    .sort((a, b) => a[0] - b[0] || a[1] - b[1])
    .map(([, i]) => i);
}

/**
 * Holm step-down adjusted p-values, in the same order as the input, capped at 1 and monotone in the
 * sorted p. NaN p-values stay NaN and are not counted among the tests (as R's p.adjust).
 *
 * @example holm([0.01, 0.02, 0.03, 0.04, 0.05]) // [0.05, 0.08, 0.09, 0.09, 0.09]
 */
export function holm(pValues: number[]): number[] {
  const order = orderOfDefined(pValues);
  const m = order.length;
  const adjusted = pValues.map(() => Number.NaN);
  let running = 0;
  order.forEach((index, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * pValues[index]!));
    adjusted[index] = running;
  });
  return adjusted;
}

/**
 * Benjamini-Hochberg (false discovery rate) adjusted p-values, in the same order as the input, capped at
 * 1. NaN p-values stay NaN and are not counted among the tests (as R's p.adjust).
 *
 * @example benjaminiHochberg([0.01, 0.02, 0.03, 0.04, 0.05]) // all 0.05
 */
export function benjaminiHochberg(pValues: number[]): number[] {
  const order = orderOfDefined(pValues);
  const m = order.length;
  const adjusted = pValues.map(() => Number.NaN);
  let running = 1;
  for (let rank = m - 1; rank >= 0; rank--) {
    const index = order[rank]!;
    running = Math.min(running, (m / (rank + 1)) * pValues[index]!);
    adjusted[index] = running;
  }
  return adjusted;
}

// ---------------------------------------------------------------------------------------------------------
// Reliability and descriptives
// ---------------------------------------------------------------------------------------------------------

function sampleVariance(values: readonly number[]): number {
  const m = values.reduce((s, v) => s + v, 0) / values.length;
  return values.reduce((s, v) => s + (v - m) * (v - m), 0) / (values.length - 1);
}

/**
 * Cronbach's alpha for k items (columns) over n respondents (rows): k/(k-1) (1 - Σ var(item) /
 * var(total)), with sample variances (n - 1). Only complete cases count: rows as long as the longest row
 * with every value finite. NaN when undefined: fewer than 2 items or 2 complete rows, or a total score
 * with no variance.
 *
 * @example cronbachAlpha([[1, 2, 2], [2, 2, 3], [3, 4, 3], [4, 4, 5]]) // 46/49
 */
export function cronbachAlpha(rows: number[][]): number {
  const k = rows.reduce((w, row) => Math.max(w, row.length), 0);
  const complete = rows.filter((row) => row.length === k && row.every((v) => Number.isFinite(v)));
  const n = complete.length;
  if (k < 2 || n < 2) return Number.NaN;
  let itemVariances = 0;
  for (let j = 0; j < k; j++) itemVariances += sampleVariance(complete.map((row) => row[j]!));
  const totalVariance = sampleVariance(complete.map((row) => row.reduce((s, v) => s + v, 0)));
  if (!(totalVariance > 0)) return Number.NaN;
  return (k / (k - 1)) * (1 - itemVariances / totalVariance);
}

export interface Descriptives {
  n: number;
  mean: number;
  sd: number;
  median: number;
  q1: number;
  q3: number;
}

/**
 * Mean, sample SD (n - 1; 0 for n = 1), median and R type-7 quartiles (simple-statistics
 * `quantileSorted` on one sorted copy). Non-finite values (missing answers) are ignored; for n = 0 every
 * field but n is NaN.
 */
export function describe(values: number[]): Descriptives {
  const finite = finiteOnly(values);
  const n = finite.length;
  if (n === 0) return { n: 0, mean: Number.NaN, sd: Number.NaN, median: Number.NaN, q1: Number.NaN, q3: Number.NaN };
  // Moments from the sorted copy too, so that the same answers in another order give identical numbers.
  const sorted = Array.from(Float64Array.from(finite).sort());
  return {
    n,
    mean: mean(sorted),
    sd: n === 1 ? 0 : sampleStandardDeviation(sorted),
    median: quantileSorted(sorted, 0.5),
    q1: quantileSorted(sorted, 0.25),
    q3: quantileSorted(sorted, 0.75),
  };
}
