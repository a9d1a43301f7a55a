/**
 * Paper entry codes in exports (analysis/export/entry-codes.ts and the cells, codebook and SPSS syntax that
 * carry them): a question typed in as "unreadable" or "left blank" is told apart from one not answered.
 */
import { describe, expect, test } from "vitest";
import { rowMaker, type ExportRecord } from "../../../analysis/export/cells.ts";
import { codebookCsvRow, codebookEntries } from "../../../analysis/export/codebook-table.ts";
import { ENTRY_CODE_KINDS, entryCodeAt, entryCodeNumbers } from "../../../analysis/export/entry-codes.ts";
import { planExport, type ExportPlanInput } from "../../../analysis/export/plan.ts";
import { readmeLines } from "../../../analysis/export/readme.ts";
import { spssSyntax } from "../../../analysis/export/spss.ts";
import { loadCatalog } from "../../../instruments/catalog.ts";
import { ENTRY_CODES } from "../../../server/services/paper-entry.ts";
import { youthAnswers } from "../../fixtures/02-answers.ts";

const catalog = loadCatalog();
const instrument = (id: string) => {
  const c = catalog.find((i) => i.descriptor.id === id)!;
  return { id, title: c.descriptor.title, json: c.json, ageGroups: Object.values(c.descriptor.ageGroup?.map ?? {}), ageQuestion: c.descriptor.ageGroup?.question ?? null };
};
const plan = (options: Partial<ExportPlanInput> = {}) =>
  planExport({
    instruments: [instrument("youth"), instrument("mothers")],
    sites: [{ id: "jelgava", name: "Jelgavas cietums", responses: 40 }],
    counts: [{ instrument: "youth", site: "jelgava", channel: "paper", ageGroup: "18-21", month: "2026-03", n: 40 }],
    detail: "coarsened",
    labels: "values",
    freeText: "include",
    threshold: 5,
    ...options,
  });

/** A paper youth response with these questions coded instead of answered. */
function coded(codes: Record<string, string>, answers: Record<string, unknown> = youthAnswers({ age_band: "18-21", age_exact: undefined })): ExportRecord {
  // As paper entry stores them: a coded question (or matrix row) is absent from the answers.
  const kept: Record<string, unknown> = { ...answers };
  for (const key of Object.keys(codes)) {
    const [name, row] = key.split(".") as [string, string | undefined];
    if (row === undefined) {
      delete kept[name];
      delete kept[`${name}-Comment`];
    } else if (typeof kept[name] === "object" && kept[name] !== null) {
      const { [row]: _coded, ...rest } = kept[name] as Record<string, unknown>;
      kept[name] = rest;
    }
  }
  return { instrumentId: "youth", channel: "paper", siteId: "jelgava", ageGroup: "18-21", receivedOn: "2026-03-02", answers: kept, entryCodes: codes };
}

describe("entry codes", () => {
  test("are the codes paper entry gives", () => {
    expect([...ENTRY_CODE_KINDS]).toEqual([...ENTRY_CODES]);
  });

  test.each([
    ["a question's own code", { name: "gender", row: undefined }, { gender: "unreadable" }, "unreadable"],
    ["a matrix row's code", { name: "support_needs_fit", row: "leisure" }, { "support_needs_fit.leisure": "blank" }, "blank"],
    ["a whole matrix's code stands for each row", { name: "support_needs_fit", row: "leisure" }, { support_needs_fit: "blank" }, "blank"],
    ["a row's own code comes first", { name: "support_needs_fit", row: "leisure" }, { support_needs_fit: "blank", "support_needs_fit.leisure": "unreadable" }, "unreadable"],
    ["another row's code is not this row's", { name: "support_needs_fit", row: "leisure" }, { "support_needs_fit.education": "blank" }, null],
    ["an unknown code is no code", { name: "gender", row: undefined }, { gender: "smudged" }, null],
    ["an inherited property is no code", { name: "toString", row: undefined }, {}, null],
  ] as const)("entryCodeAt: %s", (_, path, codes, expected) => {
    expect(entryCodeAt(path, codes)).toBe(expected);
  });

  test("98 and 99, or above a column's values when they reach 97", () => {
    expect(entryCodeNumbers([1, 2, 3, 4, 5])).toEqual({ unreadable: 98, blank: 99 });
    expect(entryCodeNumbers([])).toEqual({ unreadable: 98, blank: 99 });
    expect(entryCodeNumbers([0, 97])).toEqual({ unreadable: 99, blank: 100 });
    expect(entryCodeNumbers([120])).toEqual({ unreadable: 122, blank: 123 });
  });
});

describe("cells of coded questions", () => {
  const p = plan();
  const row = rowMaker(p, { labels: "values", scrub: (s) => s });
  const index = (name: string) => p.columns.findIndex((c) => c.name === name);

  test("single choice, Likert and rating-table rows hold 98 (unreadable) or 99 (left blank)", () => {
    const cells = row(coded({ gender: "unreadable", family_day_importance: "blank", "support_needs_fit.leisure": "unreadable" }));
    expect(cells[index("gender")]).toBe(98);
    expect(cells[index("family_day_importance")]).toBe(99);
    expect(cells[index("support_needs_fit.leisure")]).toBe(98);
    // The other rows of the table were answered and keep their answers.
    expect(cells[index("support_needs_fit.education")]).toBe(5);
    expect(cells[index("support_needs_fit.leisure.reason")]).toBe("[nesalasāms]");
  });

  test("a whole rating table coded blank: every row 99, every reason the marker", () => {
    const cells = row(coded({ support_needs_fit: "blank" }));
    const rows = p.columns.filter((c) => c.name.startsWith("support_needs_fit.") && !c.freeText);
    expect(rows.map((c) => cells[index(c.name)])).toEqual(rows.map(() => 99));
    expect(cells[index("support_needs_fit.psychological.reason")]).toBe("[atstāts tukšs]");
  });

  test("multiple choice: every 0/1 column of the item holds the code, and its 'other' text the marker", () => {
    const cells = row(coded({ family_support_needed: "unreadable" }));
    const options = p.columns.filter((c) => c.name.startsWith("family_support_needed__") && c.type === "0-1");
    expect(options.length).toBeGreaterThan(3);
    expect(options.map((c) => cells[index(c.name)])).toEqual(options.map(() => 98));
    expect(cells[index("family_support_needed__other_text")]).toBe("[nesalasāms]");
  });

  test("free text with freeText=include holds a bracketed marker", () => {
    const cells = row(coded({ family_support_awareness_which: "blank" }));
    expect(cells[index("family_support_awareness_which")]).toBe("[atstāts tukšs]");
  });

  test("the mothers' child's age band (coarsened) and an exact age (full) hold the codes too", () => {
    const mother: ExportRecord = { ...coded({ child_age: "blank" }, { age_band: "26-plus" }), instrumentId: "mothers", ageGroup: "mothers-26-plus" };
    expect(row(mother)[index("child_age_band")]).toBe(99);
    const full = plan({ detail: "full" });
    const cells = rowMaker(full, { labels: "values", scrub: (s) => s })(coded({ age_exact: "unreadable" }, youthAnswers()));
    expect(cells[full.columns.findIndex((c) => c.name === "age_exact")]).toBe(98);
    expect(full.columns.find((c) => c.name === "age_exact")!.values.map((v) => v.value)).toEqual([98, 99]);
  });

  test("not coded, not answered stays empty; an answer is never replaced by a code", () => {
    const cells = row(coded({}, youthAnswers({ age_band: "18-21", age_exact: undefined, gender: undefined })));
    expect(cells[index("gender")]).toBeNull();
    const answered = row({ ...coded({}), entryCodes: { gender: "unreadable" }, answers: youthAnswers({ age_band: "18-21", gender: "male" }) });
    expect(answered[index("gender")]).toBe("male");
  });

  test("labels=text writes the codes' Latvian labels", () => {
    const text = plan({ labels: "text" });
    const cells = rowMaker(text, { labels: "text", scrub: (s) => s })(coded({ gender: "unreadable", family_support_needed: "blank" }));
    expect(cells[text.columns.findIndex((c) => c.name === "gender")]).toBe("nesalasāms (papīra anketa)");
    expect(cells[text.columns.findIndex((c) => c.name === "family_support_needed__more-meetings")]).toBe("atstāts tukšs (papīra anketa)");
  });
});

describe("codebook, SPSS syntax and README", () => {
  test("the codebook labels the codes in every coded column, as missing values", () => {
    const entries = codebookEntries(plan());
    for (const name of ["gender", "family_day_importance", "support_needs_fit.leisure", "family_support_needed__more-meetings", "child_age_band"]) {
      const entry = entries.find((e) => e.variable === name)!;
      expect(entry.values.filter((v) => v.special === "unreadable" || v.special === "blank"), name).toEqual([
        { value: 98, lv: "nesalasāms (papīra anketa)", en: "unreadable (paper form)", missing: true, special: "unreadable" },
        { value: 99, lv: "atstāts tukšs (papīra anketa)", en: "left blank (paper form)", missing: true, special: "blank" },
      ]);
      expect(entry.missing.en, name).toContain("98 = unreadable, 99 = left blank");
    }
    const text = entries.find((e) => e.variable === "family_support_awareness_which")!;
    expect(text.missing.lv).toContain("„[nesalasāms]”, „[atstāts tukšs]”");
    expect(codebookCsvRow(entries.find((e) => e.variable === "gender")!)[6]).toContain("98 = unreadable (paper form) [missing value] | 99 = left blank (paper form) [missing value]");
  });

  test("SPSS: value labels for the codes and user-missing values, numeric and string", () => {
    const p = plan({ freeText: "omit" });
    const sps = spssSyntax(p, { study: "S", generatedOn: "2026-03-02", rows: 1, dataFile: "data.csv" });
    expect(sps).toMatch(/\/gender\r\n    'female' 'Sieviete'\r\n    'male' 'Vīrietis'\r\n    '98' 'nesalasāms \(papīra anketa\)'\r\n    '99' 'atstāts tukšs \(papīra anketa\)'/);
    expect(sps).toMatch(/\/family_day_importance\r\n(    .*\r\n)*    98 'nesalasāms \(papīra anketa\)'\r\n    99 'atstāts tukšs \(papīra anketa\)'/);
    expect(sps).toMatch(/MISSING VALUES\r\n {2}family_day_importance\r\n {2}\(97 98 99\)\./);
    expect(sps).toMatch(/MISSING VALUES\r\n {2}gender [^(]*\('98' '99'\)\./);
    expect(sps).toMatch(/MISSING VALUES\r\n {2}support_participation_types__psychological\s[^(]*support_needs_fit_leisure[^(]*\(98 99\)\./);
    // A 0/1 column now holds two-digit codes.
    expect(sps).toMatch(/ family_support_needed__more_meetings F2\.0\r\n/);
  });

  test.each(["coarsened", "full"] as const)("SPSS: no column of any instrument has more than the three missing values SPSS allows (%s)", (detail) => {
    const all = catalog.map((c) => instrument(c.descriptor.id));
    const sps = spssSyntax(plan({ instruments: all, detail }), { study: "S", generatedOn: "2026-03-02", rows: 1, dataFile: "data.csv" });
    const lists = [...sps.matchAll(/MISSING VALUES\r\n[^(]*\(([^)]*)\)\./g)].map((m) => m[1]!.split(" "));
    expect(lists.length).toBeGreaterThan(2);
    for (const list of lists) {
      expect(list.length).toBeLessThanOrEqual(3);
      // SPSS takes string missing values of at most 8 bytes.
      for (const value of list) expect(Buffer.byteLength(value.replace(/^'|'$/g, ""))).toBeLessThanOrEqual(8);
    }
  });

  test("SPSS: an exact age (full export) keeps its number format and gets the codes as labels", () => {
    const sps = spssSyntax(plan({ detail: "full" }), { study: "S", generatedOn: "2026-03-02", rows: 1, dataFile: "data.csv" });
    expect(sps).toContain(" age_exact F8.0\r\n");
    expect(sps).toMatch(/\/age_exact\r\n    98 'nesalasāms \(papīra anketa\)'/);
  });

  test("the README explains the codes, in Latvian then English", () => {
    const text = readmeLines(plan(), { study: "S", generatedOn: "2026-03-02", rows: 1, instruments: [], format: "csv" }).join("\n");
    expect(text).toContain("98 = nesalasāms vai 99 = atstāts tukšs");
    expect(text).toContain("98 = unreadable or 99 = left blank");
    expect(text.indexOf("Papīra anketas:")).toBeLessThan(text.indexOf("Paper forms:"));
  });
});
