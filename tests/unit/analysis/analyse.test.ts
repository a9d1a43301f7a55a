/**
 * The analysis end to end on small hand-made response sets: Likert numbers by hand, pooling of youth and
 * seniors by the five age groups, "no opportunity" kept out of the base, and small groups protected.
 */
import { describe, expect, test } from "vitest";
import { analyse } from "../../../analysis/analyse.ts";
import type { LikertResult, ChoiceResult, ResponseRecord } from "../../../analysis/types.ts";
import { loadCatalog } from "../../../instruments/catalog.ts";
import { seniorsAnswers, youthAnswers } from "../../fixtures/02-answers.ts";

const catalog = loadCatalog();
const instrument = (id: string) => {
  const c = catalog.find((x) => x.descriptor.id === id)!;
  return { id, title: c.descriptor.title, json: c.json };
};
let serial = 0;
const response = (instrumentId: string, ageGroup: string | null, answers: Record<string, unknown>): ResponseRecord => ({
  id: `00000000-0000-4000-8000-${String((serial += 1)).padStart(12, "0")}`,
  instrumentId,
  ageGroup,
  channel: "tablet",
  site: "jelgava",
  receivedOn: "2026-03-02",
  answers,
});
const run = (responses: ResponseRecord[], mode: "published" | "internal", threshold = 5) =>
  analyse({ study: { id: "s", name: "Vilnis" }, instruments: [instrument("youth"), instrument("seniors")], responses, mode, threshold, generatedOn: "2026-03-03" });
const likert = (result: ReturnType<typeof run>, key: string) => result.items.find((i) => i.item.key === key) as LikertResult;
const values = (cells: { value: number | null }[]) => cells.map((c) => c.value);

describe("a Likert breakdown by hand", () => {
  const days = [5, 5, 4, 3, "no-opportunity", 1];
  const result = run(days.map((d) => response("youth", "22-25", youthAnswers({ age_band: "22-25", age_exact: undefined, family_day_importance: d }))), "internal");
  const row = likert(result, "family_day_importance").byGroup.find((g) => g.group === "22-25")!;

  test("base excludes 'no opportunity', which is counted apart", () => {
    expect(row.base.value).toBe(5);
    expect(row.notApplicable.value).toBe(1);
  });

  test("counts, percents and summary statistics", () => {
    expect(values(row.counts)).toEqual([1, 0, 1, 1, 2]);
    expect(values(row.percents)).toEqual([20, 0, 20, 20, 40]);
    expect(row.mean.value).toBeCloseTo(3.6, 12);
    expect(row.sd.value).toBeCloseTo(Math.sqrt(((1 - 3.6) ** 2 + (3 - 3.6) ** 2 + (4 - 3.6) ** 2 + 2 * (5 - 3.6) ** 2) / 4), 12);
    expect(row.median.value).toBe(4);
    expect([row.q1.value, row.q3.value]).toEqual([3, 5]);
    expect(row.top2.value).toBe(60);
    expect(row.bottom2.value).toBe(20);
  });
});

describe("youth and seniors pooled by the five age groups", () => {
  const groups: [string, string, number][] = [
    ["youth", "under-18", 6],
    ["youth", "18-21", 8],
    ["youth", "22-25", 7],
    ["seniors", "60-70", 9],
    ["seniors", "over-70", 6],
  ];
  const responses = groups.flatMap(([instrumentId, ageGroup, n]) =>
    Array.from({ length: n }, (_, i) =>
      response(
        instrumentId,
        ageGroup,
        instrumentId === "youth"
          ? youthAnswers({ age_band: ageGroup, age_exact: ageGroup === "under-18" ? 15 : undefined, family_day_importance: 1 + (i % 5) })
          : seniorsAnswers({ age_band: ageGroup, family_day_importance: 5 - (i % 5) }),
      ),
    ),
  );
  const result = run(responses, "published");

  test("every shared item reports the five groups and all, from both instruments", () => {
    const days = likert(result, "family_day_importance");
    expect(days.item.instruments).toEqual(["youth", "seniors"]);
    expect(days.byGroup.map((g) => g.group)).toEqual(["under-18", "18-21", "22-25", "60-70", "over-70", "all"]);
    expect(days.byGroup.at(-1)!.base.value).toBe(36);
    expect(result.totalResponses).toBe(36);
  });

  test("the groups are compared with Kruskal-Wallis and Holm-adjusted pairs", () => {
    const test = likert(result, "family_day_importance").test!;
    expect(test.test).toBe("kruskal-wallis");
    expect(test.df).toBe(4);
    expect(test.pairwise).toHaveLength(10);
    expect(test.reading.lv).toMatch(/p [=<] /);
  });

  test("multiple choice counts respondents per option; shares may add to more than 100%", () => {
    const support = result.items.find((i) => i.item.key === "family_support_needed") as ChoiceResult;
    const all = support.byGroup.at(-1)!;
    expect(all.base.value).toBe(36);
    expect(support.test).toBeNull();
    const shares = all.percents.map((p) => p.value ?? 0);
    expect(shares.reduce((a, b) => a + b, 0)).toBeGreaterThan(100);
  });
});

describe("small groups in published results", () => {
  // Three respondents under 18 and seven aged 18-21, threshold 5.
  const responses = [
    ...[1, 2, 5].map((d) => response("youth", "under-18", youthAnswers({ family_day_importance: d }))),
    ...[1, 2, 3, 4, 5, 5, 4].map((d) => response("youth", "18-21", youthAnswers({ age_band: "18-21", age_exact: undefined, family_day_importance: d }))),
    ...[5, 4].map((d) => response("seniors", "over-70", seniorsAnswers({ family_day_importance: d }))),
  ];
  const published = run(responses, "published");
  const text = JSON.stringify(published);

  test("the group of 3 is merged with the group of 7; the seniors' 2 are left out everywhere", () => {
    expect(published.plan.groups.map((g) => [g.key, g.n])).toEqual([["under-18+18-21", 10]]);
    expect(published.plan.omitted.map((o) => o.members)).toEqual([["over-70"]]);
    expect(published.totalResponses).toBe(10);
    expect(published.sample.every((s) => s.group === "under-18+18-21")).toBe(true);
    expect(text).not.toContain('"group":"under-18"');
  });

  test("no published count rests on fewer than 5 respondents, and no row or column gives one away", () => {
    for (const item of published.items) {
      if (item.kind === "text") continue;
      for (const row of item.byGroup) {
        for (const c of row.counts) if (c.value !== null) expect(c.value === 0 || c.value >= 5, `${item.item.key} ${row.group}`).toBe(true);
        const hidden = row.counts.filter((c) => c.suppressed).length;
        if (item.kind !== "multiple") expect(hidden, `${item.item.key} ${row.group}`).not.toBe(1);
      }
    }
  });

  test("internal results show every group and exact numbers", () => {
    const internal = run(responses, "internal");
    expect(internal.plan.groups.map((g) => [g.key, g.n])).toEqual([
      ["under-18", 3],
      ["18-21", 7],
      ["over-70", 2],
    ]);
    expect(likert(internal, "family_day_importance").byGroup[0]!.counts.every((c) => c.value !== null)).toBe(true);
  });
});
