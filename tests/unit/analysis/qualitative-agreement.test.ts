/**
 * Inter-coder agreement. Kappa is checked against published worked examples (sources and values in
 * tests/fixtures/qualitative/agreement-reference-values.md), against its defining formula on random
 * tables, and on the edge cases a small study hits (a code nobody used, a code used everywhere, no shared
 * session). The unit (session x block, see agreement.ts) is checked by building codings whose unit table
 * is the textbook table.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { cohensKappa, computeAgreement, pooledKappa, type TwoByTwo } from "../../../analysis/qualitative/agreement.ts";
import type { Coding } from "../../../analysis/qualitative/types.ts";
import { ID } from "../../fixtures/qualitative/01-codebook.ts";
import { coding } from "../../fixtures/qualitative/02-codings.ts";

function expectNear(actual: number | null, expected: number, tolerance = 1e-12): void {
  expect(actual).not.toBeNull();
  expect(Math.abs(actual! - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance);
}

describe("cohensKappa against published worked examples", () => {
  test.each([
    ["Wikipedia, 50 grant proposals", { a: 20, b: 5, c: 10, d: 15 }, 0.7, 0.5, 0.4],
    ["easycalculation.com, 20 patients", { a: 12, b: 4, c: 2, d: 2 }, 0.7, 0.62, 0.2105263157894737],
    ["same po, similar margins", { a: 45, b: 15, c: 25, d: 15 }, 0.6, 0.54, 3 / 23],
    ["same po, different margins", { a: 25, b: 35, c: 5, d: 35 }, 0.6, 0.46, 7 / 27],
  ])("%s: po, pe and kappa", (_, table, po, pe, kappa) => {
    const result = cohensKappa(table);
    expectNear(result.po, po);
    expectNear(result.pe, pe);
    expectNear(result.kappa, kappa);
    expect(result.undefinedReason).toBeNull();
  });

  test("kappa is the same whichever coder is called A", () => {
    expect(cohensKappa({ a: 12, b: 2, c: 4, d: 2 }).kappa).toBe(cohensKappa({ a: 12, b: 4, c: 2, d: 2 }).kappa);
  });

  test("equals (po - pe) / (1 - pe) and lies in [-1, 1] on random tables", () => {
    const cell = fc.integer({ min: 0, max: 60 });
    fc.assert(
      fc.property(cell, cell, cell, cell, (a, b, c, d) => {
        const result = cohensKappa({ a, b, c, d });
        if (result.kappa === null) return;
        expect(Math.abs(result.kappa - (result.po! - result.pe!) / (1 - result.pe!))).toBeLessThan(1e-9);
        expect(result.kappa).toBeGreaterThanOrEqual(-1 - 1e-12);
        expect(result.kappa).toBeLessThanOrEqual(1 + 1e-12);
      }),
    );
  });
});

describe("cohensKappa edge cases", () => {
  test("perfect agreement with both values used is 1", () => {
    expect(cohensKappa({ a: 3, b: 0, c: 0, d: 7 }).kappa).toBe(1);
  });

  test("perfect disagreement with balanced margins is -1", () => {
    expect(cohensKappa({ a: 0, b: 5, c: 5, d: 0 }).kappa).toBe(-1);
  });

  test.each([
    ["nobody applied the code", { a: 0, b: 0, c: 0, d: 12 }],
    ["both applied it everywhere", { a: 12, b: 0, c: 0, d: 0 }],
  ])("%s: po = pe = 1, kappa null with a reason", (_, table) => {
    const result = cohensKappa(table);
    expect(result).toMatchObject({ po: 1, pe: 1, kappa: null, undefinedReason: { code: "no-variation" } });
    expect(result.undefinedReason!.text.lv).toMatch(/nav definēta/);
    expect(result.undefinedReason!.text.ru).toMatch(/не определена/);
  });

  test("both constant but opposite (A everywhere, B nowhere) is defined: kappa 0", () => {
    expect(cohensKappa({ a: 0, b: 8, c: 0, d: 0 })).toMatchObject({ po: 0, pe: 0, kappa: 0, undefinedReason: null });
  });

  test("one coder constant, the other not: kappa 0", () => {
    expect(cohensKappa({ a: 3, b: 5, c: 0, d: 0 }).kappa).toBe(0);
  });

  test("no units: everything null, reason given", () => {
    expect(cohensKappa({ a: 0, b: 0, c: 0, d: 0 })).toMatchObject({ po: null, pe: null, kappa: null, undefinedReason: { code: "no-units" } });
  });
});

describe("pooledKappa (De Vries et al. 2008)", () => {
  const wiki: TwoByTwo = { a: 20, b: 5, c: 10, d: 15 };

  test("of identical tables equals their kappa", () => {
    expectNear(pooledKappa([wiki, wiki, wiki]).kappa, 0.4);
  });

  test("stays defined with a constant table: mean po 0.85, mean pe 0.75 -> 0.4", () => {
    const result = pooledKappa([wiki, { a: 0, b: 0, c: 0, d: 50 }]);
    expectNear(result.po, 0.85);
    expectNear(result.pe, 0.75);
    expectNear(result.kappa, 0.4);
  });

  test("differs from the mean of the kappas", () => {
    const t2: TwoByTwo = { a: 2, b: 3, c: 1, d: 44 };
    const mean = (cohensKappa(wiki).kappa! + cohensKappa(t2).kappa!) / 2;
    const pooled = pooledKappa([wiki, t2]).kappa!;
    // po = (0.70 + 0.92) / 2 = 0.81; pe = (0.50 + (5*3 + 45*47)/2500) / 2 = (0.5 + 0.852) / 2 = 0.676
    expectNear(pooled, (0.81 - 0.676) / (1 - 0.676));
    expect(Math.abs(pooled - mean)).toBeGreaterThan(0.01);
  });

  test("is null when every table is constant, or there is nothing", () => {
    expect(pooledKappa([{ a: 0, b: 0, c: 0, d: 5 }, { a: 5, b: 0, c: 0, d: 0 }])).toMatchObject({ kappa: null, undefinedReason: { code: "no-variation" } });
    expect(pooledKappa([])).toMatchObject({ kappa: null, undefinedReason: { code: "no-units" } });
  });
});

/** Codings of two coders on `units` (session, block) whose 2x2 table for `codeId` is `table`. */
function codingsForTable(codeId: string, table: TwoByTwo): { codings: Coding[]; blocks: { sessionId: string; blockKey: string }[] } {
  const n = table.a + table.b + table.c + table.d;
  const blocks = Array.from({ length: n }, (_, i) => ({ sessionId: `s${Math.floor(i / 5) + 1}`, blockKey: `segment:${(i % 5) + 1}` }));
  const codings: Coding[] = [];
  blocks.forEach((unit, i) => {
    const aApplies = i < table.a + table.b;
    const bApplies = i < table.a || (i >= table.a + table.b && i < table.a + table.b + table.c);
    // Two excerpts by coder 1 in one block still make one "applied" for the unit.
    if (aApplies) codings.push(coding({ codeId, ...unit, coderId: 1, start: 0, end: 5 }), coding({ codeId, ...unit, coderId: 1, start: 50, end: 60 }));
    if (bApplies) codings.push(coding({ codeId, ...unit, coderId: 2, start: 3, end: 9 }));
  });
  // Both coders coded every session (with another code in its first block), so every session is shared.
  for (const sessionId of new Set(blocks.map((b) => b.sessionId))) {
    codings.push(coding({ codeId: ID.work, sessionId, blockKey: "segment:1", coderId: 1 }), coding({ codeId: ID.work, sessionId, blockKey: "segment:1", coderId: 2 }));
  }
  return { codings, blocks };
}

describe("computeAgreement: the unit is one (session, block)", () => {
  test("codings that make the Wikipedia table give its kappa", () => {
    const { codings, blocks } = codingsForTable(ID.contact, { a: 20, b: 5, c: 10, d: 15 });
    const result = computeAgreement(codings, { coderA: 1, coderB: 2, codeIds: [ID.contact], blocks });
    expect(result.units).toBe(50);
    expect(result.sessions).toHaveLength(10);
    expect(result.codes[0]).toMatchObject({ codeId: ID.contact, n: 50, a: 20, b: 5, c: 10, d: 15 });
    expectNear(result.codes[0]!.percentAgreement, 70);
    expectNear(result.codes[0]!.kappa, 0.4);
  });

  test("without the list of blocks, the units are the blocks someone coded", () => {
    const { codings } = codingsForTable(ID.contact, { a: 20, b: 5, c: 10, d: 15 });
    const result = computeAgreement(codings, { coderA: 1, coderB: 2, codeIds: [ID.contact] });
    // Coded blocks: the 35 with the code, plus the first block of each session that lies among the 15 "neither" units (s8..s10).
    expect(result.units).toBe(38);
    expect(result.codes[0]).toMatchObject({ a: 20, b: 5, c: 10, d: 3 });
  });

  test("only sessions both coders coded count; other coders are ignored", () => {
    const codings = [
      coding({ codeId: ID.contact, sessionId: "s1", blockKey: "main_challenges", coderId: 1 }),
      coding({ codeId: ID.contact, sessionId: "s1", blockKey: "main_challenges", coderId: 2 }),
      coding({ codeId: ID.contact, sessionId: "s1", blockKey: "child_needs_support", coderId: 1 }),
      coding({ codeId: ID.visits, sessionId: "s1", blockKey: "child_needs_support", coderId: 2 }),
      // s2: only coder 1 -> left out, not counted as disagreement.
      coding({ codeId: ID.contact, sessionId: "s2", blockKey: "main_challenges", coderId: 1 }),
      // coder 3 is not compared.
      coding({ codeId: ID.contact, sessionId: "s1", blockKey: "play_areas", coderId: 3 }),
    ];
    const result = computeAgreement(codings, { coderA: 1, coderB: 2, codeIds: [ID.contact, ID.visits] });
    expect(result.sessions).toEqual(["s1"]);
    expect(result.units).toBe(2);
    expect(result.codes.map(({ codeId, a, b, c, d }) => ({ codeId, a, b, c, d }))).toEqual([
      { codeId: ID.contact, a: 1, b: 1, c: 0, d: 0 },
      { codeId: ID.visits, a: 0, b: 0, c: 1, d: 1 },
    ]);
  });

  test("a child code is not its parent: each code is scored on its own", () => {
    const codings = [
      coding({ codeId: ID.letters, sessionId: "s1", coderId: 1 }),
      coding({ codeId: ID.contact, sessionId: "s1", coderId: 2 }),
    ];
    const result = computeAgreement(codings, { coderA: 1, coderB: 2, codeIds: [ID.contact, ID.letters] });
    expect(result.codes.map((c) => [c.b, c.c])).toEqual([
      [0, 1],
      [1, 0],
    ]);
  });

  test("a code nobody applied: 100% agreement, kappa null with the reason; the pooled kappa stays defined", () => {
    const { codings, blocks } = codingsForTable(ID.contact, { a: 20, b: 5, c: 10, d: 15 });
    const result = computeAgreement(codings, { coderA: 1, coderB: 2, codeIds: [ID.contact, ID.medical], blocks });
    expect(result.codes[1]).toMatchObject({ codeId: ID.medical, a: 0, b: 0, c: 0, d: 50, percentAgreement: 100, kappa: null, undefinedReason: { code: "no-variation" } });
    expectNear(result.pooled.kappa, 0.4);
    expectNear(result.pooled.percentAgreement, 85);
  });

  test("no shared session: no units, every kappa null", () => {
    const codings = [coding({ codeId: ID.contact, sessionId: "s1", coderId: 1 }), coding({ codeId: ID.contact, sessionId: "s2", coderId: 2 })];
    const result = computeAgreement(codings, { coderA: 1, coderB: 2, codeIds: [ID.contact] });
    expect(result).toMatchObject({ sessions: [], units: 0, pooled: { kappa: null, undefinedReason: { code: "no-units" }, percentAgreement: null } });
    expect(result.codes[0]).toMatchObject({ n: 0, percentAgreement: null, kappa: null, undefinedReason: { code: "no-units" } });
  });

  test("listed blocks of sessions not shared are not units", () => {
    const codings = [coding({ codeId: ID.contact, sessionId: "s1", coderId: 1 }), coding({ codeId: ID.contact, sessionId: "s1", coderId: 2 })];
    const blocks = [
      { sessionId: "s1", blockKey: "play_areas" },
      { sessionId: "s9", blockKey: "play_areas" },
    ];
    expect(computeAgreement(codings, { coderA: 1, coderB: 2, codeIds: [ID.contact], blocks }).units).toBe(2);
  });

  test("comparing a coder with themselves is a programming error", () => {
    expect(() => computeAgreement([], { coderA: 1, coderB: 1, codeIds: [] })).toThrow(RangeError);
  });
});
