/**
 * Disclosure control: small groups merged or left out, small cells hidden, and no hidden cell left alone
 * in a published sum where it could be recovered by subtraction.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { planGroups, protectCells, protectGroupTable } from "../../../analysis/disclosure.ts";

describe("planGroups", () => {
  test("a youth band under the threshold is merged with its smaller neighbour", () => {
    const plan = planGroups({ "under-18": 3, "18-21": 27, "22-25": 32, "60-70": 40, "over-70": 12 }, "published", 5);
    expect(plan.groups.map((g) => [g.key, g.n])).toEqual([
      ["under-18+18-21", 30],
      ["22-25", 32],
      ["60-70", 40],
      ["over-70", 12],
    ]);
    expect(plan.groups[0]!.label.lv).toBe("līdz 18 gadiem + 18–21 gads");
    expect(plan.notes).toHaveLength(1);
    expect(plan.omitted).toEqual([]);
  });

  test("a population too small even merged is left out, and the plan says so", () => {
    const plan = planGroups({ "18-21": 10, "mothers-26-plus": 3 }, "published", 5);
    expect(plan.groups.map((g) => g.key)).toEqual(["18-21"]);
    expect(plan.omitted).toEqual([{ members: ["mothers-26-plus"], reason: expect.objectContaining({ lv: expect.stringContaining("mazāk nekā 5") }) }]);
  });

  test("merging repeats until every group reaches the threshold", () => {
    const plan = planGroups({ "under-18": 2, "18-21": 2, "22-25": 9 }, "published", 5);
    expect(plan.groups.map((g) => [g.key, g.n])).toEqual([["under-18+18-21+22-25", 13]]);
  });

  test("internal mode keeps every group as it is", () => {
    const plan = planGroups({ "under-18": 3, "18-21": 7 }, "internal", 5);
    expect(plan.groups.map((g) => [g.key, g.n])).toEqual([
      ["under-18", 3],
      ["18-21", 7],
    ]);
  });
});

describe("protectCells", () => {
  test("hides counts of 1..k-1 but not zeros", () => {
    expect(protectCells([0, 3, 5, 12], [], 5)).toEqual([false, true, false, false]);
  });

  test("hides a second cell where one hidden cell could be recovered from the sum", () => {
    // Row 10 = 3 + 7: showing 7 and the base would give the 3 away.
    expect(protectCells([3, 7, 20], [[0, 1, 2]], 5)).toEqual([true, true, false]);
  });
});

describe("protectGroupTable", () => {
  const isSafe = (rows: number[][], hidden: boolean[][], rowsAddUp: boolean): boolean => {
    const relations: [number, number][][] = [];
    if (rowsAddUp) rows.forEach((row, r) => relations.push(row.map((_, c) => [r, c])));
    (rows[0] ?? []).forEach((_, c) => relations.push(rows.map((_, r) => [r, c])));
    return relations.every((rel) => rel.filter(([r, c]) => hidden[r]![c]).length !== 1);
  };

  test("no row or column sum ever leaves exactly one hidden cell (1,000 random tables)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((groups) =>
          fc.array(fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 5, maxLength: 5 }), { minLength: groups, maxLength: groups }),
        ),
        fc.integer({ min: 2, max: 10 }),
        fc.boolean(),
        (groups, threshold, rowsAddUp) => {
          const all = groups[0]!.map((_, c) => groups.reduce((s, g) => s + g[c]!, 0));
          const rows = [...groups, all];
          const hidden = protectGroupTable(rows, threshold, rowsAddUp);
          rows.forEach((row, r) => row.forEach((v, c) => v > 0 && v < threshold && expect(hidden[r]![c]).toBe(true)));
          expect(isSafe(rows, hidden, rowsAddUp)).toBe(true);
        },
      ),
      { numRuns: 1000, seed: 42 },
    );
  });
});
