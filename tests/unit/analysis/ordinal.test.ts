/**
 * The count-based rank statistics must equal the value-based ones in statistics.ts, which are tested
 * against published reference values.
 */
import fc from "fast-check";
import { expect, test } from "vitest";
import { describeCounts, kruskalWallisFromCounts, mannWhitneyFromCounts } from "../../../analysis/ordinal.ts";
import { describe as describeValues, kruskalWallis, mannWhitney } from "../../../analysis/statistics.ts";

const LEVELS = [1, 2, 3, 4, 5];
const expand = (counts: number[]) => counts.flatMap((c, j) => Array.from({ length: c }, () => LEVELS[j]!));
const counts5 = fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 5, maxLength: 5 });

test("describeCounts equals describe on the expanded answers", () => {
  fc.assert(
    fc.property(counts5, (counts) => {
      const values = expand(counts);
      fc.pre(values.length > 0);
      const a = describeCounts(counts, LEVELS);
      const b = describeValues(values);
      for (const key of ["n", "mean", "sd", "median", "q1", "q3"] as const) expect(a[key]).toBeCloseTo(b[key], 10);
    }),
    { numRuns: 300, seed: 7 },
  );
});

test("Kruskal-Wallis from counts equals Kruskal-Wallis on the answers", () => {
  fc.assert(
    fc.property(fc.array(counts5, { minLength: 2, maxLength: 5 }), (groups) => {
      const a = kruskalWallisFromCounts(groups);
      fc.pre(!Number.isNaN(a.statistic));
      const b = kruskalWallis(groups.map(expand).filter((g) => g.length > 0));
      expect(a.statistic).toBeCloseTo(b.statistic, 9);
      expect(a.p).toBeCloseTo(b.p, 9);
      expect(a.epsilonSquared).toBeCloseTo(b.epsilonSquared, 9);
    }),
    { numRuns: 300, seed: 8 },
  );
});

test("Mann-Whitney from counts equals the tie-corrected normal approximation on the answers", () => {
  fc.assert(
    fc.property(counts5, counts5, (a, b) => {
      const x = expand(a);
      const y = expand(b);
      fc.pre(x.length > 0 && y.length > 0 && new Set([...x, ...y]).size > 1 && x.length * y.length > 0);
      const fromCounts = mannWhitneyFromCounts(a, b);
      const fromValues = mannWhitney(x, y);
      expect(fromCounts.u).toBeCloseTo(fromValues.u, 9);
      if (fromValues.method === "normal") expect(fromCounts.p).toBeCloseTo(fromValues.p, 9);
      expect(fromCounts.rankBiserial).toBeCloseTo(fromValues.rankBiserial, 9);
    }),
    { numRuns: 300, seed: 9 },
  );
});
