/**
 * The small-group rule of coarsened exports (analysis/export/coarsen.ts): which age groups, channels and
 * months are shown as "hidden", how the rest of an export (age answer, codebook, SPSS, README) carries it,
 * and the guarantee behind it: every combination of the facts shown beside the answers has 0 or at least k
 * rows.
 */
import { describe, expect, test } from "vitest";
import { rowMaker, type ExportRecord } from "../../../analysis/export/cells.ts";
import { codebookCsvRow, codebookEntries } from "../../../analysis/export/codebook-table.ts";
import { HIDDEN, hideSmallGroups, valuesToHide, type QuasiCount } from "../../../analysis/export/coarsen.ts";
import { planExport, type ExportPlanInput } from "../../../analysis/export/plan.ts";
import { readmeLines } from "../../../analysis/export/readme.ts";
import { spssSyntax } from "../../../analysis/export/spss.ts";
import { loadCatalog } from "../../../instruments/catalog.ts";
import { youthAnswers, youthFamilyAnswers } from "../../fixtures/02-answers.ts";

const catalog = loadCatalog();
const instrument = (id: string) => {
  const c = catalog.find((i) => i.descriptor.id === id)!;
  return { id, title: c.descriptor.title, json: c.json, ageGroups: Object.values(c.descriptor.ageGroup?.map ?? {}), ageQuestion: c.descriptor.ageGroup?.question ?? null };
};
const K = 5;

type Row = Omit<QuasiCount, "n">;
const count = (row: Partial<Row>, n: number): QuasiCount => ({ instrument: "youth", site: "cesis-youth", channel: "tablet", ageGroup: "18-21", month: "2026-03", ...row, n });

describe("valuesToHide", () => {
  test.each([
    ["a group with every value at k or more is untouched", [["under-18", 5], ["18-21", 30], ["22-25", 12]], []],
    ["one small value takes the next smallest with it", [["under-18", 3], ["18-21", 6], ["22-25", 20]], ["18-21", "under-18"]],
    ["two small values reaching k together hide each other only", [["under-18", 2], ["18-21", 3], ["22-25", 20]], ["18-21", "under-18"]],
    ["two small values below k together take the next smallest", [["under-18", 1], ["18-21", 2], ["22-25", 20], ["unknown", 9]], ["18-21", "under-18", "unknown"]],
    ["values without rows play no part", [["under-18", 0], ["18-21", 3], ["22-25", 7]], ["18-21", "22-25"]],
    ["a small group hides everything", [["under-18", 1], ["18-21", 2]], ["18-21", "under-18"]],
    ["ties go to the first in code order", [["a", 1], ["c", 9], ["b", 9]], ["a", "b"]],
  ] as const)("%s", (_, cells, expected) => {
    const hidden = valuesToHide(cells.map(([value, n]) => ({ value, n })), K);
    expect([...hidden].sort()).toEqual(expected);
  });

  test("'age not given' (null) is a value like the others", () => {
    expect([...valuesToHide([{ value: null, n: 2 }, { value: "18-21", n: 40 }, { value: "under-18", n: 4 }], K)].sort()).toEqual([null, "under-18"]);
  });

  test("with k = 1 nothing is ever hidden", () => {
    expect(valuesToHide([{ value: "a", n: 1 }], 1).size).toBe(0);
  });
});

describe("hideSmallGroups", () => {
  test("3 under-18 and 6 aged 18-21 in one prison: both hidden; a prison with every group at k or more untouched", () => {
    const hiding = hideSmallGroups(
      [
        count({ site: "olaine", ageGroup: "under-18" }, 3),
        count({ site: "olaine", ageGroup: "18-21" }, 6),
        count({ site: "cesis-youth", ageGroup: "under-18" }, 5),
        count({ site: "cesis-youth", ageGroup: "18-21" }, 30),
      ],
      K,
    );
    expect(hiding.shown({ ...count({ site: "olaine", ageGroup: "under-18" }, 0) })).toEqual({ ageGroup: HIDDEN, channel: "tablet", month: "2026-03" });
    expect(hiding.shown({ ...count({ site: "olaine", ageGroup: "18-21" }, 0) }).ageGroup).toBe(HIDDEN);
    expect(hiding.shown({ ...count({ site: "cesis-youth", ageGroup: "under-18" }, 0) })).toEqual({ ageGroup: "under-18", channel: "tablet", month: "2026-03" });
    expect(hiding.hiddenRows).toEqual({ ageGroup: 9, channel: 0, month: 0 });
  });

  test("age groups are counted per instrument: youth and the family questionnaire share bands but not rows", () => {
    const hiding = hideSmallGroups(
      [
        count({ ageGroup: "under-18" }, 10),
        count({ ageGroup: "18-21" }, 10),
        count({ instrument: "youth-family", channel: "paper", ageGroup: "under-18" }, 2),
        count({ instrument: "youth-family", channel: "paper", ageGroup: "18-21" }, 8),
      ],
      K,
    );
    expect(hiding.shown(count({ ageGroup: "under-18" }, 0)).ageGroup).toBe("under-18");
    expect(hiding.shown(count({ instrument: "youth-family", channel: "paper", ageGroup: "under-18" }, 0)).ageGroup).toBe(HIDDEN);
    expect(hiding.shown(count({ instrument: "youth-family", channel: "paper", ageGroup: "18-21" }, 0)).ageGroup).toBe(HIDDEN);
  });

  test("channels are hidden within (instrument, prison, age group as shown): two paper forms among 30 tablet answers", () => {
    const hiding = hideSmallGroups([count({ channel: "tablet" }, 30), count({ channel: "paper" }, 2), count({ ageGroup: "22-25" }, 12)], K);
    expect(hiding.shown(count({ channel: "paper" }, 0)).channel).toBe(HIDDEN);
    // Only two would be hidden, so the 30 tablet answers of the same age group go with them.
    expect(hiding.shown(count({ channel: "tablet" }, 0)).channel).toBe(HIDDEN);
    expect(hiding.shown(count({ ageGroup: "22-25" }, 0)).channel).toBe("tablet");
    expect(hiding.hiddenRows).toEqual({ ageGroup: 0, channel: 32, month: 0 });
  });

  test("months are hidden within (instrument, prison, age group, channel as shown): a late session of two", () => {
    const hiding = hideSmallGroups([count({ month: "2026-03" }, 20), count({ month: "2026-04" }, 6), count({ month: "2026-05" }, 2)], K);
    expect(hiding.shown(count({ month: "2026-03" }, 0)).month).toBe("2026-03");
    expect(hiding.shown(count({ month: "2026-04" }, 0)).month).toBe(HIDDEN);
    expect(hiding.shown(count({ month: "2026-05" }, 0)).month).toBe(HIDDEN);
    expect(hiding.hiddenRows.month).toBe(8);
  });

  test("an uncounted combination shows nothing but 'hidden' (fails closed)", () => {
    const hiding = hideSmallGroups([count({}, 40)], K);
    expect(hiding.shown(count({ site: "jelgava" }, 0))).toEqual({ ageGroup: HIDDEN, channel: HIDDEN, month: HIDDEN });
  });

  test("the same combination counted twice is one cell", () => {
    const hiding = hideSmallGroups([count({}, 3), count({}, 3), count({ ageGroup: "under-18" }, 40)], K);
    expect(hiding.shown(count({}, 0)).ageGroup).toBe("18-21");
  });

  // The guarantee, on many random exports: whenever an instrument has at least k responses from a prison
  // (as shown), every combination of the five facts as shown has 0 or at least k rows.
  test("every shown combination has 0 or at least k rows (random exports)", () => {
    let seed = 20260302;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    let hiddenRows = 0;
    for (let run = 0; run < 300; run += 1) {
      const k = 2 + Math.floor(random() * 6);
      const counts: QuasiCount[] = Array.from({ length: 1 + Math.floor(random() * 40) }, () => ({
        instrument: pick(["youth", "seniors"]),
        site: pick(["a", "b", "other", null]),
        channel: pick(["tablet", "tablet", "paper", "online"]),
        ageGroup: pick(["under-18", "18-21", "22-25", null]),
        month: pick(["2026-03", "2026-03", "2026-04", "2026-05"]),
        n: 1 + Math.floor(random() * (random() < 0.5 ? 4 : 30)),
      }));
      const hiding = hideSmallGroups(counts, k);
      hiddenRows += hiding.hiddenRows.ageGroup + hiding.hiddenRows.channel + hiding.hiddenRows.month;
      const blocks = new Map<string, number>();
      const shown = new Map<string, number>();
      for (const c of counts) {
        const block = JSON.stringify([c.instrument, c.site]);
        blocks.set(block, (blocks.get(block) ?? 0) + c.n);
        const s = hiding.shown(c);
        const key = JSON.stringify([block, s.ageGroup, s.channel, s.month]);
        shown.set(key, (shown.get(key) ?? 0) + c.n);
      }
      for (const [key, n] of shown) {
        const block = (JSON.parse(key) as string[])[0]!;
        if (blocks.get(block)! >= k) expect(n, `run ${run}, k ${k}, ${key}`).toBeGreaterThanOrEqual(k);
        else expect(JSON.parse(key).slice(1), `run ${run}: a block below k shows nothing`).toEqual([HIDDEN, HIDDEN, HIDDEN]);
      }
    }
    expect(hiddenRows).toBeGreaterThan(1000);
  });
});

describe("a coarsened export with hidden small groups", () => {
  const SITES = [
    { id: "cesis-youth", name: "Cēsu Audzināšanas iestāde nepilngadīgajiem", responses: 35 },
    { id: "olaine", name: "Olaines cietums", responses: 9 },
  ];
  const COUNTS: QuasiCount[] = [
    count({ site: "olaine", ageGroup: "under-18" }, 3),
    count({ site: "olaine", ageGroup: "18-21" }, 6),
    count({ ageGroup: "under-18" }, 5),
    count({ ageGroup: "18-21" }, 20),
    count({ instrument: "youth-family", site: "cesis-youth", channel: "paper", ageGroup: "under-18" }, 2),
    count({ instrument: "youth-family", site: "cesis-youth", channel: "paper", ageGroup: "22-25" }, 8),
  ];
  const input = (options: Partial<ExportPlanInput> = {}): ExportPlanInput => ({
    instruments: [instrument("youth"), instrument("youth-family")],
    sites: SITES,
    counts: COUNTS,
    detail: "coarsened",
    labels: "values",
    freeText: "omit",
    threshold: K,
    ...options,
  });
  const record = (answers: Record<string, unknown>, overrides: Partial<ExportRecord> = {}): ExportRecord => ({
    instrumentId: "youth",
    channel: "tablet",
    siteId: "olaine",
    ageGroup: "under-18",
    receivedOn: "2026-03-12",
    answers,
    entryCodes: null,
    ...overrides,
  });

  test("hides the age group and the answer that gives it; the prison with groups of k or more keeps both", () => {
    const plan = planExport(input());
    const row = rowMaker(plan, { labels: "values", scrub: (s) => s });
    const cell = (cells: unknown[], name: string) => cells[plan.columns.findIndex((c) => c.name === name)];
    const olaine = row(record(youthAnswers({ age_band: "under-18" })));
    expect([cell(olaine, "site"), cell(olaine, "ageGroup"), cell(olaine, "age_band"), cell(olaine, "submittedOn")]).toEqual(["olaine", HIDDEN, HIDDEN, "2026-03"]);
    const cesis = row(record(youthAnswers({ age_band: "under-18" }), { siteId: "cesis-youth" }));
    expect([cell(cesis, "ageGroup"), cell(cesis, "age_band")]).toEqual(["under-18", "under-18"]);
    // The family questionnaire's age answer is prisoner_age_band; its youth-family rows hide that.
    const family = row(record(youthFamilyAnswers({ prisoner_age_band: "22-25" }), { instrumentId: "youth-family", siteId: "cesis-youth", channel: "paper", ageGroup: "22-25" }));
    expect([cell(family, "ageGroup"), cell(family, "prisoner_age_band")]).toEqual([HIDDEN, HIDDEN]);
    expect(plan.rules.hiddenRows).toEqual({ ageGroup: 19, channel: 0, submittedOn: 0 });
  });

  test("labels=text writes the hidden value's Latvian label", () => {
    const plan = planExport(input({ labels: "text" }));
    const cells = rowMaker(plan, { labels: "text", scrub: (s) => s })(record(youthAnswers({ age_band: "under-18" })));
    expect(cells[plan.columns.findIndex((c) => c.name === "ageGroup")]).toBe("slēpts (maza grupa)");
    expect(cells[plan.columns.findIndex((c) => c.name === "age_band")]).toBe("slēpts (maza grupa)");
  });

  test("a full export is exact: no hidden value anywhere", () => {
    const plan = planExport(input({ detail: "full" }));
    expect(plan.hiding).toBeNull();
    expect(plan.columns.flatMap((c) => c.values).some((v) => v.value === HIDDEN)).toBe(false);
    const cells = rowMaker(plan, { labels: "values", scrub: (s) => s })(record(youthAnswers({ age_band: "under-18", age_exact: 15 })));
    const cell = (name: string) => cells[plan.columns.findIndex((c) => c.name === name)];
    expect([cell("site"), cell("ageGroup"), cell("age_band"), cell("age_exact"), cell("submittedOn")]).toEqual(["olaine", "under-18", "under-18", 15, "2026-03-12"]);
  });

  test("codebook, SPSS syntax and README carry the hidden value, user-missing, in Latvian then English", () => {
    const plan = planExport(input());
    const entries = codebookEntries(plan);
    for (const name of ["ageGroup", "channel", "submittedOn", "age_band", "prisoner_age_band"]) {
      const entry = entries.find((e) => e.variable === name)!;
      expect(entry.values.find((v) => v.value === HIDDEN), name).toEqual({ value: HIDDEN, lv: "slēpts (maza grupa)", en: "hidden (small group)", missing: true, special: "hidden" });
      expect(entry.missing.lv, name).toContain("„hidden” = slēpts (maza grupa)");
    }
    expect(codebookCsvRow(entries.find((e) => e.variable === "ageGroup")!)[5]).toContain("hidden = slēpts (maza grupa) [trūkstošā vērtība]");
    expect(entries.find((e) => e.variable === "ageGroup")!.note?.en).toContain("fewer than 5 responses from one prison");

    const sps = spssSyntax(plan, { study: "S", generatedOn: "2026-03-02", rows: 44, dataFile: "data.csv" });
    expect(sps).toMatch(/\/ageGroup\r\n(    '.*\r\n)*    'hidden' 'slēpts \(maza grupa\)'/);
    expect(sps).toMatch(/MISSING VALUES\r\n {2}channel ageGroup submittedOn\r\n {2}\('hidden'\)\./);
    expect(sps).toMatch(/MISSING VALUES\r\n {2}age_band prisoner_age_band\r\n {2}\('98' '99' 'hidden'\)\./);

    const readme = readmeLines(plan, { study: "S", generatedOn: "2026-03-02", rows: 44, instruments: [], format: "csv" }).join("\n");
    expect(readme.indexOf("Mazas grupas (k = 5)")).toBeLessThan(readme.indexOf("Small groups (k = 5)"));
    expect(readme).toContain("vecuma grupa 19 rindās, kanāls 0, mēnesis 0");
    expect(readme).toContain('"hidden" in this export: age group in 19 rows, channel in 0, month in 0.');
    const full = readmeLines(planExport(input({ detail: "full" })), { study: "S", generatedOn: "2026-03-02", rows: 44, instruments: [], format: "csv" }).join("\n");
    expect(full).not.toContain("Small groups");
  });
});
