import { describe, expect, test } from "vitest";
import { rowMaker, type ExportRecord } from "../../../analysis/export/cells.ts";
import { codebookCsvRow, codebookEntries, CODEBOOK_CSV_HEADER } from "../../../analysis/export/codebook-table.ts";
import { hideSmallGroups, sitesShownAsOther, valuesToHide, type QuasiCount } from "../../../analysis/export/coarsen.ts";
import { csvField, csvLine, csvSafeText } from "../../../analysis/export/csv.ts";
import { planExport, TICKED, type ExportPlanInput } from "../../../analysis/export/plan.ts";
import { readmeLines } from "../../../analysis/export/readme.ts";
import { spssName, spssNames } from "../../../analysis/export/spss-names.ts";
import { spssQuote, spssSyntax, truncateBytes } from "../../../analysis/export/spss.ts";
import { loadCatalog } from "../../../instruments/catalog.ts";
import { youthAnswers } from "../../fixtures/02-answers.ts";

const catalog = loadCatalog();
const instrument = (id: string) => {
  const c = catalog.find((i) => i.descriptor.id === id)!;
  return { id, title: c.descriptor.title, json: c.json, ageGroups: Object.values(c.descriptor.ageGroup?.map ?? {}), ageQuestion: c.descriptor.ageGroup?.question ?? null };
};
const SITES = [
  { id: "cesis-youth", name: "Cēsu Audzināšanas iestāde nepilngadīgajiem", responses: 40 },
  { id: "jelgava", name: "Jelgavas cietums", responses: 12 },
  { id: "olaine", name: "Olaines cietums", responses: 3 },
  { id: "ilguciems", name: "Iļģuciema cietums", responses: 7 },
];
/** The responses behind SITES' cesis-youth count, by the facts a coarsened export shows. */
const COUNTS: QuasiCount[] = [
  { instrument: "youth", site: "cesis-youth", channel: "tablet", ageGroup: "under-18", month: "2026-03", n: 10 },
  { instrument: "youth", site: "cesis-youth", channel: "tablet", ageGroup: "18-21", month: "2026-03", n: 30 },
];
const plan = (ids: string[], options: Partial<ExportPlanInput> = {}) =>
  planExport({ instruments: ids.map(instrument), sites: SITES, counts: COUNTS, detail: "coarsened", labels: "values", freeText: "omit", threshold: 5, ...options });
const names = (p: ReturnType<typeof plan>) => p.columns.map((c) => c.name);
const record = (answers: Record<string, unknown>, overrides: Partial<ExportRecord> = {}): ExportRecord => ({
  instrumentId: "youth",
  channel: "tablet",
  siteId: "cesis-youth",
  ageGroup: "under-18",
  receivedOn: "2026-03-02",
  answers,
  entryCodes: null,
  ...overrides,
});

describe("column plan", () => {
  test("starts with the grouping columns and never has an id", () => {
    const columns = names(plan(["youth", "seniors"]));
    expect(columns.slice(0, 5)).toEqual(["instrument", "channel", "site", "ageGroup", "submittedOn"]);
    expect(columns.filter((n) => /(^|_)id$|device|link/i.test(n))).toEqual([]);
  });

  test("pools the items youth and seniors share into one column each", () => {
    const p = plan(["youth", "seniors"]);
    const days = p.columns.filter((c) => c.name === "family_day_importance");
    expect(days).toHaveLength(1);
    expect(days[0]!.instruments).toEqual(["youth", "seniors"]);
    expect(days[0]!.note?.en).toContain("pooled from: youth, seniors");
    expect(new Set(names(p)).size).toBe(p.columns.length);
  });

  test("orders columns as the first instrument asks them, then the new items of the next", () => {
    const columns = names(plan(["youth", "mothers"]));
    const at = (name: string) => columns.indexOf(name);
    expect(at("age_band")).toBeLessThan(at("gender"));
    expect(at("gender")).toBeLessThan(at("support_participation"));
    expect(at("family_day_importance")).toBeLessThan(at("family_support_needed__more-meetings"));
    // Mothers' own items come after every youth item; the shared family_day_importance stays where youth has it.
    expect(at("child_age_band")).toBeGreaterThan(at("family_support_needed__other"));
    expect(at("child_wellbeing")).toBeGreaterThan(at("child_age_band"));
  });

  test("a multiple-choice item is one 0/1 column per option, 'other' included", () => {
    const p = plan(["youth"]);
    const options = p.columns.filter((c) => c.name.startsWith("family_support_needed__"));
    expect(options.map((c) => c.name)).toEqual([
      "family_support_needed__more-meetings",
      "family_support_needed__conflict-support",
      "family_support_needed__family-therapy",
      "family_support_needed__joint-activities",
      "family_support_needed__family-education",
      "family_support_needed__other",
    ]);
    expect(options.every((c) => c.type === "0-1" && c.values.slice(0, 2).every((v, i) => v === TICKED[i]))).toBe(true);
    expect(options.every((c) => c.values.slice(2).map((v) => [v.value, v.special]).join() === "98,unreadable,99,blank")).toBe(true);
    expect(options[0]!.question.lv).toContain("— Vairāk iespēju tikties ar ģimenes locekļiem");
  });

  test("free text is left out unless asked for; then each text and 'other' box is a column", () => {
    expect(plan(["youth"]).columns.filter((c) => c.freeText)).toEqual([]);
    const withText = plan(["youth"], { freeText: "include" });
    expect(names(withText)).toEqual(expect.arrayContaining(["family_support_awareness_which", "family_support_needed__other_text", "support_needs_fit.psychological.reason"]));
    expect(withText.columns.find((c) => c.name === "support_needs_fit.psychological.reason")!.question.lv).toMatch(/Psiholoģiskā palīdzība.*—/);
  });

  test("a Likert item keeps its 'no opportunity' answer as a missing code, apart from the scale", () => {
    const days = plan(["youth"]).columns.find((c) => c.name === "family_day_importance")!;
    expect(days.type).toBe("numeric");
    expect(days.values.map((v) => v.value)).toEqual([1, 2, 3, 4, 5, "no-opportunity", 98, 99]);
    expect(days.values.filter((v) => v.missing).map((v) => v.special)).toEqual(["not-applicable", "unreadable", "blank"]);
  });
});

describe("coarsening", () => {
  test("an analyst's export has no exact age and no child details but the child's age band", () => {
    const p = plan(["youth", "youth-family", "mothers", "mothers-interview"]);
    for (const name of ["age_exact", "prisoner_age_exact", "child_age", "child_birthplace", "child_gender"]) expect(names(p)).not.toContain(name);
    const band = p.columns.find((c) => c.name === "child_age_band")!;
    expect(band.values.map((v) => v.value)).toEqual(["under-2", "2-4", 98, 99]);
    expect(band.instruments).toEqual(["mothers", "mothers-interview"]);
    expect(p.rules.omitted.map((o) => o.name).sort()).toEqual(["age_exact", "child_birthplace", "child_gender", "prisoner_age_exact"]);
    expect(p.rules.banded).toEqual([expect.objectContaining({ name: "child_age_band", from: "child_age" })]);
  });

  test("a full export keeps the exact age after the question it follows, and the child's details", () => {
    const p = plan(["youth", "mothers"], { detail: "full" });
    const columns = names(p);
    expect(columns.indexOf("age_exact")).toBe(columns.indexOf("age_band") + 1);
    expect(columns).toEqual(expect.arrayContaining(["child_age", "child_birthplace", "child_gender"]));
    expect(columns).not.toContain("child_age_band");
    expect(p.columns.find((c) => c.name === "age_exact")).toMatchObject({ type: "numeric", integer: true });
    expect(p.columns.find((c) => c.name === "site")!.values.map((v) => v.value)).toEqual(SITES.map((s) => s.id));
  });

  test.each([
    ["one small prison takes the next smallest with it", [40, 12, 3, 7], ["ilguciems", "olaine"]],
    ["two small prisons hide each other", [40, 12, 3, 2], ["ilguciems", "olaine"]],
    ["no small prison, nothing hidden", [40, 12, 6, 7], []],
    ["prisons without responses play no part", [40, 12, 0, 0], []],
    ["all small", [1, 2, 3, 4], ["cesis-youth", "ilguciems", "jelgava", "olaine"]],
  ])("sites as 'other': %s", (_, counts, expected) => {
    const sites = SITES.map((s, i) => ({ ...s, responses: counts[i]! }));
    expect([...sitesShownAsOther(sites, 5)].sort()).toEqual(expected);
  });

  test("cells: site recoded, child's age banded, exact age absent", () => {
    const p = plan(["youth", "mothers"]);
    const row = rowMaker(p, { labels: "values", scrub: (s) => s });
    const cells = row(record({ age_band: "26-plus", child_age: "age-1", child_gender: "girl" }, { instrumentId: "mothers", siteId: "olaine", ageGroup: "mothers-26-plus" }));
    const cell = (name: string) => cells[names(p).indexOf(name)];
    expect(cell("site")).toBe("other");
    expect(cell("child_age_band")).toBe("under-2");
    expect(cells).not.toContain("girl");
    expect(cell("family_day_importance")).toBeNull();
  });
});

describe("cells", () => {
  const p = plan(["youth"], { freeText: "include" });
  const index = (name: string) => names(p).indexOf(name);

  test("0/1 for an answered multiple choice, empty for an unanswered one", () => {
    const row = rowMaker(p, { labels: "values", scrub: (s) => s });
    const answered = row(record(youthAnswers()));
    expect(answered[index("family_support_needed__more-meetings")]).toBe(1);
    expect(answered[index("family_support_needed__conflict-support")]).toBe(0);
    expect(answered[index("family_support_needed__other_text")]).toBe("Vairāk telefona zvanu");
    const skipped = row(record(youthAnswers({ support_participation: "no", support_participation_types: undefined })));
    expect(skipped[index("support_participation_types__psychological")]).toBeNull();
    // An analyst's (coarsened) export carries the month of arrival, not the day.
    expect(answered.slice(0, 5)).toEqual(["youth", "tablet", "cesis-youth", "under-18", "2026-03"]);
  });

  test("labels=text writes the Latvian labels; codes it does not know stay as they are", () => {
    const row = rowMaker(p, { labels: "text", scrub: (s) => s });
    const cells = row(record(youthAnswers({ family_day_importance: "no-opportunity", gender: "unknown-code" })));
    expect(cells[index("family_day_importance")]).toBe("Nav bijusi iespēja piedalīties ģimenes dienās");
    expect(cells[index("family_support_needed__more-meetings")]).toBe("atzīmēts");
    expect(cells[index("gender")]).toBe("unknown-code");
    expect(cells[index("channel")]).toBe("planšetdators ieslodzījuma vietā");
  });

  test("free text goes through the scrubber", () => {
    const row = rowMaker(p, { labels: "values", scrub: (s) => s.replace(/\d{8}/g, "[tālrunis]") });
    const cells = row(record(youthAnswers({ family_support_awareness_which: "zvaniet 29123456" })));
    expect(cells[index("family_support_awareness_which")]).toBe("zvaniet [tālrunis]");
  });
});

describe("SPSS names", () => {
  test.each([
    ["support_needs_fit.social-work", "support_needs_fit_social_work"],
    ["family_support_needed__more-meetings", "family_support_needed__more_meetings"],
    ["1st", "v_1st"],
    ["to", "to_v"],
    ["WITH", "WITH_v"],
    ["trailing_", "trailing"],
    ["ageGroup", "ageGroup"],
    ["bērna_vecums", "b_rna_vecums"],
  ])("%s -> %s", (name, expected) => {
    expect(spssName(name)).toBe(expected);
  });

  test("long names are cut to 64 bytes with a hash; every name is unique regardless of case", () => {
    const long = `${"x".repeat(70)}.a`;
    const long2 = `${"x".repeat(70)}.b`;
    const mapped = spssNames([long, long2, "A-b", "a_b", "a.B"]);
    expect(mapped.every((n) => Buffer.byteLength(n) <= 64 && /^[A-Za-z][A-Za-z0-9_]*$/.test(n))).toBe(true);
    expect(mapped[0]).not.toBe(mapped[1]);
    expect(mapped.slice(2)).toEqual(["A_b", "a_b_2", "a_B_3"]);
    expect(spssNames([long, long2, "A-b", "a_b", "a.B"])).toEqual(mapped);
  });

  test("every planned column has a valid, unique SPSS name", () => {
    const p = plan(["youth", "seniors", "youth-family", "seniors-family", "mothers", "mothers-interview"], { freeText: "include", detail: "full" });
    const spss = p.columns.map((c) => c.spssName);
    expect(spss.every((n) => /^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(n))).toBe(true);
    expect(new Set(spss.map((n) => n.toUpperCase())).size).toBe(spss.length);
  });
});

describe("SPSS syntax", () => {
  test("quotes strings with inner quotes doubled and long text in +-joined pieces", () => {
    expect(spssQuote("Bērna 'mīļākā' rotaļlieta")).toBe("'Bērna ''mīļākā'' rotaļlieta'");
    expect(spssQuote('Saka "jā"')).toBe(`'Saka "jā"'`);
    const long = spssQuote("ā".repeat(130));
    expect(long.split(" +\n")).toHaveLength(3);
    expect(long.replace(/' \+\n\s*'/g, "")).toBe(`'${"ā".repeat(130)}'`);
  });

  test("cuts labels to their byte limit on a character boundary", () => {
    const cut = truncateBytes("ž".repeat(200), 120);
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(120);
    expect(cut.endsWith("…")).toBe(true);
    expect(truncateBytes("īss", 120)).toBe("īss");
  });

  test("reads every column, labels every column, quotes string codes and leaves numeric ones bare", () => {
    const p = plan(["youth", "seniors"], { freeText: "include" });
    const sps = spssSyntax(p, { study: "Vilnis 'A'", generatedOn: "2026-03-02", rows: 10, dataFile: "data.csv" });
    expect(sps.startsWith("\uFEFF* Encoding: UTF-8.\r\n")).toBe(true);
    expect(sps).not.toMatch(/[^\r]\n/);
    const variables = sps.split("/VARIABLES=\r\n")[1]!.split("\r\n.\r\n")[0]!.trim().split(/\r\n\s*/).map((l) => l.split(" ")[0]);
    const recoded = new Map([...sps.matchAll(/RECODE (\S+) .* INTO (\S+)\./g)].map((m) => [m[1], m[2]]));
    expect(variables.map((v) => recoded.get(v!) ?? v)).toEqual(p.columns.map((c) => c.spssName));
    const labels = sps.split("VARIABLE LABELS\r\n")[1]!.split("\r\n.\r\n")[0]!;
    expect([...labels.matchAll(/^\s+\/?(\S+) '/gm)].map((m) => m[1])).toEqual(p.columns.map((c) => c.spssName));
    expect(sps).toContain("RECODE tmp_na_1 ('no-opportunity'=97) (CONVERT) INTO family_day_importance.");
    expect(sps).toMatch(/\/gender\r\n    'female' 'Sieviete'\r\n    'male' 'Vīrietis'/);
    expect(sps).toMatch(/\/family_day_importance\r\n    1 '1 - Nav vajadzīgas'/);
    expect(sps).toContain("    97 'Nav bijusi iespēja piedalīties ģimenes dienās'");
    expect(sps).toMatch(/MISSING VALUES\r\n {2}family_day_importance\r\n {2}\(97 98 99\)\./);
    expect(sps).toContain("* Pētījums / Study: Vilnis 'A'.");
  });

  test("with labels=text, coded columns are strings without value labels", () => {
    const p = plan(["youth"], { labels: "text" });
    const sps = spssSyntax(p, { study: "S", generatedOn: "2026-03-02", rows: 1, dataFile: "data.csv" });
    expect(sps).not.toContain("VALUE LABELS");
    expect(sps).not.toContain("RECODE");
    expect(sps).toMatch(/ family_day_importance A\d+\r\n/);
  });
});

describe("codebook", () => {
  test("has one entry per column, each complete", () => {
    const p = plan(["youth", "seniors", "youth-family", "mothers"], { freeText: "include" });
    const entries = codebookEntries(p);
    expect(entries.map((e) => e.variable)).toEqual(names(p));
    for (const e of entries) {
      for (const text of [e.question.lv, e.question.en, e.missing.lv, e.missing.en]) expect(text).toMatch(/\S/);
      expect(["numeric", "string", "0-1", "date"]).toContain(e.type);
      for (const v of e.values) for (const text of [v.lv, v.en]) expect(text).toMatch(/\S/);
    }
    const days = entries.find((e) => e.variable === "family_day_importance")!;
    expect(days.note?.en).toContain('"no-opportunity" = 97 (user-missing)');
    expect(codebookCsvRow(days)).toHaveLength(CODEBOOK_CSV_HEADER.length);
    expect(codebookCsvRow(days)[5]).toContain("no-opportunity = Nav bijusi iespēja piedalīties ģimenes dienās [nav skalas vērtība]");
  });

  test("with labels=text, coded columns are described as strings", () => {
    const entries = codebookEntries(plan(["youth"], { labels: "text" }));
    expect(entries.find((e) => e.variable === "family_day_importance")!.type).toBe("string");
    // A coarsened export carries the month only, as text; a full one the day, as a date.
    expect(entries.find((e) => e.variable === "submittedOn")!.type).toBe("string");
    const full = codebookEntries(plan(["youth"], { labels: "text", detail: "full" }));
    expect(full.find((e) => e.variable === "submittedOn")!.type).toBe("date");
  });

  test("the README names the rules in Latvian, then English", () => {
    const lines = readmeLines(plan(["youth", "mothers"]), { study: "S", generatedOn: "2026-03-02", rows: 3, instruments: [], format: "csv" });
    const text = lines.join("\n");
    expect(text.indexOf("ANONIMIZĒTI DATI")).toBeLessThan(text.indexOf("ANONYMISED DATA"));
    expect(text).toContain("Izņemts child_gender");
    expect(text).toContain("In this export: ilguciems, olaine.");
    expect(text).toContain("Free-text answers are left out");
  });
});

describe("CSV", () => {
  test.each([
    [null, ""],
    [5, "5"],
    ["vienkārši", "vienkārši"],
    ["a,b", '"a,b"'],
    ['saka "jā"', '"saka ""jā"""'],
    ["rinda\r\nnākamā", '"rinda\r\nnākamā"'],
  ])("field %j -> %j", (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  test("a line ends in CRLF", () => {
    expect(csvLine(["a", null, 1])).toBe("a,,1\r\n");
  });

  test("free text: line breaks marked, formulas defused", () => {
    expect(csvSafeText("=HYPERLINK(\"x\")")).toBe("'=HYPERLINK(\"x\")");
    expect(csvSafeText("- vairāk\nzvanu")).toBe("'- vairāk ¶ zvanu");
    expect(csvSafeText("parasts teksts")).toBe("parasts teksts");
  });
});
