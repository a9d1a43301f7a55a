/**
 * Anonymised exports on a real SQLite file with responses that came in through the real intake (tablet
 * posts) and the paper import: the files read back with the tools researchers use (csv-parse, exceljs,
 * PSPP when installed), the coarsening an analyst gets, the random row order, the audit trail.
 */
import { execFileSync } from "node:child_process";
import { createHmac, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadCatalog } from "../../instruments/catalog.ts";
import { createApp } from "../../server/app.ts";
import { importResponses } from "../../server/services/import.ts";
import { listAudit } from "../../server/store/audit.ts";
import { openExportReader } from "../../server/store/exports.ts";
import { recordInstrumentVersions } from "../../server/store/instruments.ts";
import { listBatchFormNumbers } from "../../server/store/paper.ts";
import { insertResponse } from "../../server/store/responses.ts";
import { signedInAs } from "../fixtures/01-staff.ts";
import { seniorsAnswers, youthAnswers, youthFamilyAnswers } from "../fixtures/02-answers.ts";
import { call } from "../helpers/http.ts";
import { openTestDb, type TestDb } from "../helpers/test-db.ts";

const catalog = loadCatalog();
const versionOf = (id: string) => catalog.find((c) => c.descriptor.id === id)!.version;
const now = new Date("2026-03-02T10:00:00Z");
const LETTERS = "ā č ē ģ ī ķ ļ ņ š ū ž Ā Č Ē Ģ Ī Ķ Ļ Ņ Š Ū Ž — Привет, ёжик; saka \"jā\", 'labi'";
const TABLET_RESPONSES = 40;
const TOTAL = TABLET_RESPONSES + 13 + 3 + 7 + 4;

function mothersAnswers(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    age_band: "26-plus",
    child_birthplace: "in-prison",
    child_gender: "girl",
    child_age: "age-1",
    child_wellbeing: 4,
    child_wellbeing_reason: "Bērnam te ir rotaļlietas.",
    child_activities: "yes",
    child_activities_which: "Rotaļu grupa",
    mother_activities: "no",
    mother_activities_no_reason: "Nav laika.",
    childcare_information: "yes",
    childcare_information_rating: 4,
    childcare_advice: "no",
    child_activities_fit: 3,
    mother_activities_fit: 3,
    family_contact: "yes",
    family_contact_frequency: "2-per-month",
    family_day_importance: 5,
    family_support_awareness: "no",
    family_support_needed: ["joint-activities"],
    ...overrides,
  };
}

let t: TestDb;
let app: ReturnType<typeof createApp>;
let researcher: string;
let analyst: string;
let studyId: string;
let deviceToken: string;
const dir = mkdtempSync(join(tmpdir(), "export-test-"));

beforeAll(async () => {
  t = openTestDb();
  recordInstrumentVersions(t.db, catalog.map((c) => ({ instrumentId: c.descriptor.id, version: c.version, json: c.json })), "2026-03-01");
  app = createApp({ db: t.db, catalog, clock: () => now });
  researcher = await signedInAs(t.db, "researcher", now);
  analyst = await signedInAs(t.db, "analyst", now);
  const study = await call(app, "POST", "/api/studies", {
    cookie: researcher,
    body: {
      name: "Pavasara vilnis",
      instruments: ["youth", "seniors", "youth-family", "mothers"],
      sites: ["cesis-youth", "jelgava", "olaine", "ilguciems"],
      channels: ["tablet", "online", "paper"],
    },
  });
  studyId = study.body.id;
  const enrolment = await call(app, "POST", `/api/studies/${studyId}/enrolments`, { cookie: researcher, body: { siteId: "cesis-youth" } });
  deviceToken = (await call(app, "POST", "/api/devices", { body: { code: enrolment.body.code } })).body.token;
  // One at a time through the real intake: the arrival order that the export must not give away.
  for (let i = 0; i < TABLET_RESPONSES; i += 1) {
    const minor = i % 4 === 0;
    const answers = youthAnswers({
      age_band: minor ? "under-18" : "18-21",
      age_exact: minor ? 15 : undefined,
      family_day_importance: i % 5 === 0 ? "no-opportunity" : i % 5,
      family_support_awareness_which: `Nr. ${String(i).padStart(2, "0")} ${LETTERS}`,
    });
    const res = await call(app, "POST", "/api/responses", {
      bearer: deviceToken,
      body: { id: randomUUID(), instrumentId: "youth", instrumentVersion: versionOf("youth"), locale: "lv", answers },
    });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  }
  const report = importResponses({ db: t.db, clock: () => now, catalog }, studyId, [
    ...Array.from({ length: 12 }, () => ({ instrumentId: "seniors", site: "jelgava", answers: seniorsAnswers() })),
    // Through JSON, as an import file would carry them: a key set to undefined is no key at all.
    ...Array.from({ length: 3 }, () => ({ instrumentId: "youth", site: "olaine", answers: JSON.parse(JSON.stringify(youthAnswers({ age_band: "22-25", age_exact: undefined }))) })),
    ...Array.from({ length: 7 }, (_, i) => ({ instrumentId: "mothers", site: "ilguciems", answers: mothersAnswers({ child_age: i < 3 ? "under-1" : "age-3" }) })),
    ...Array.from({ length: 4 }, () => ({ instrumentId: "youth-family", channel: "online", answers: youthFamilyAnswers() })),
  ]);
  if (report.rejected.length > 0) throw new Error(JSON.stringify(report.rejected));
  // A row stored before the scrubber knew this shape of phone number: the export must scrub it again.
  insertResponse(t.db, {
    id: randomUUID(),
    studyId,
    instrumentId: "seniors",
    instrumentVersion: versionOf("seniors"),
    locale: "lv",
    channel: "paper",
    siteId: "jelgava",
    ageGroup: "60-70",
    receivedOn: "2026-03-01",
    answers: JSON.stringify(seniorsAnswers({ age_band: "60-70", family_support_awareness: "yes", family_support_awareness_which: "zvaniet 29123456 vai raksti ilze@inbox.lv" })),
    redactions: 0,
  });
}, 60_000);

/** A study with a small age group: 3 under-18 and 6 aged 18-21 at olaine, 6 aged 18-21 at jelgava (k = 5). */
let smallGroupStudy: string;
/** A study with one paper form, typed in twice, with questions coded instead of answered. */
let paperStudy: string;

const { gender: _gender, family_day_importance: _days, family_support_needed: _needed, "family_support_needed-Comment": _neededText, ...codedAnswers } = youthAnswers({
  age_band: "18-21",
  age_exact: undefined,
});
const { leisure: _leisure, ...fitWithoutLeisure } = codedAnswers.support_needs_fit as Record<string, unknown>;
/** One unreadable and one blank question, an unreadable rating-table row and a blank multiple choice. */
const PAPER_ENTRY = {
  answers: JSON.parse(JSON.stringify({ ...codedAnswers, support_needs_fit: fitWithoutLeisure })) as Record<string, unknown>,
  codes: { gender: "unreadable", family_day_importance: "blank", "support_needs_fit.leisure": "unreadable", family_support_needed: "blank" },
};

beforeAll(async () => {
  const small = await call(app, "POST", "/api/studies", {
    cookie: researcher,
    body: { name: "Mazas grupas", instruments: ["youth"], sites: ["olaine", "jelgava"], channels: ["tablet"], disclosureThreshold: 5 },
  });
  smallGroupStudy = small.body.id;
  const plan = [
    ["olaine", [...Array<string>(3).fill("under-18"), ...Array<string>(6).fill("18-21")]],
    ["jelgava", Array<string>(6).fill("18-21")],
  ] as const;
  for (const [siteId, bands] of plan) {
    const enrolment = await call(app, "POST", `/api/studies/${smallGroupStudy}/enrolments`, { cookie: researcher, body: { siteId } });
    const token = (await call(app, "POST", "/api/devices", { body: { code: enrolment.body.code } })).body.token;
    for (const band of bands) {
      const answers = youthAnswers({ age_band: band, age_exact: band === "under-18" ? 16 : undefined });
      const res = await call(app, "POST", "/api/responses", {
        bearer: token,
        body: { id: randomUUID(), instrumentId: "youth", instrumentVersion: versionOf("youth"), locale: "lv", answers },
      });
      if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    }
  }

  // The paper form goes through the real entry: printed, then typed in by two people who agree.
  const paper = await call(app, "POST", "/api/studies", { cookie: researcher, body: { name: "Papīra kodi", instruments: ["youth"], sites: ["jelgava"], channels: ["paper"] } });
  paperStudy = paper.body.id;
  const batch = await app.request(`/api/studies/${paperStudy}/paper-batches`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Cookie: researcher },
    body: JSON.stringify({ instrumentId: "youth", siteId: "jelgava", locale: "lv", count: 1 }),
  });
  if (batch.status !== 201) throw new Error(await batch.text());
  const [number] = listBatchFormNumbers(t.db, batch.headers.get("x-paper-batch-id")!);
  const typist = await signedInAs(t.db, "interviewer", now, "typist@example.lv");
  const outcomes: unknown[] = [];
  for (const cookie of [researcher, typist]) {
    const res = await call(app, "POST", `/api/paper-forms/${encodeURIComponent(number!)}/entries`, { cookie, body: PAPER_ENTRY });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    outcomes.push(res.body);
  }
  if (JSON.stringify(outcomes) !== JSON.stringify([{ state: "single-entered" }, { state: "final" }])) throw new Error(JSON.stringify(outcomes));
}, 60_000);

afterAll(() => {
  t.close();
  rmSync(dir, { recursive: true, force: true });
});

async function download(query: string, cookie = researcher, study = studyId) {
  const res = await app.request(`/api/studies/${study}/export?${query}`, { headers: { Cookie: cookie } });
  return { res, bytes: new Uint8Array(await res.arrayBuffer()) };
}

const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

async function csvExport(query: string, cookie = researcher, study = studyId) {
  const { res, bytes } = await download(`format=csv&${query}`, cookie, study);
  expect(res.status).toBe(200);
  const files = unzipSync(bytes);
  const data = parse(decode(files["data.csv"]!), { bom: true }) as string[][];
  const codebook = parse(decode(files["codebook.csv"]!), { bom: true }) as string[][];
  return { res, files, header: data[0]!, rows: data.slice(1), codebook: codebook.slice(1), codebookHeader: codebook[0]! };
}

const column = (header: string[], rows: string[][], name: string) => rows.map((r) => r[header.indexOf(name)]!);
const exportAudits = () => listAudit(t.db, 500).filter((a) => a.action === "export.download");

describe("GET /api/studies/:id/export?format=csv", () => {
  test("is a ZIP of data, codebook, SPSS syntax and README whose codebook rows match the data columns exactly", async () => {
    const { res, files, header, rows, codebook, codebookHeader } = await csvExport("");
    expect(res.headers.get("content-type")).toBe("application/zip");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="export-${studyId}-2026-03-02-coarsened.zip"`);
    expect(Object.keys(files).sort()).toEqual(["README.txt", "codebook.csv", "data.csv", "load-in-spss.sps"]);
    expect([...files["data.csv"]!.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect([...files["codebook.csv"]!.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(decode(files["data.csv"]!).split("\r\n")).toHaveLength(TOTAL + 2);
    expect(rows).toHaveLength(TOTAL);
    expect(codebook.map((r) => r[0])).toEqual(header);
    expect(codebookHeader.slice(0, 5)).toEqual(["variable", "spss_variable", "question_lv", "question_en", "type"]);
    expect(header.slice(0, 5)).toEqual(["instrument", "channel", "site", "ageGroup", "submittedOn"]);
    // Nothing internal: no id column and no UUID anywhere in the data.
    expect(header.filter((h) => /(^|_)id$|device|link|token/i.test(h))).toEqual([]);
    expect(decode(files["data.csv"]!)).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i);
    const readme = decode(files["README.txt"]!);
    expect(readme.indexOf("ANONIMIZĒTI DATI")).toBeLessThan(readme.indexOf("ANONYMISED DATA"));
    expect(readme).toContain("Free-text answers are left out");
  });

  test("the SPSS syntax reads and labels every column under its codebook name", async () => {
    const { files, codebook } = await csvExport("freeText=include");
    const sps = decode(files["load-in-spss.sps"]!);
    expect(sps).toContain("/FILE='data.csv'");
    expect(sps).toContain("/ENCODING='UTF8'");
    expect(sps).toContain("/FIRSTCASE=2");
    const spssNames = codebook.map((r) => r[1]);
    const read = sps.split("/VARIABLES=\r\n")[1]!.split("\r\n.\r\n")[0]!.trim().split(/\r\n\s*/).map((l) => l.split(" ")[0]!);
    const recoded = new Map([...sps.matchAll(/RECODE (\S+) .* INTO (\S+)\./g)].map((m) => [m[1]!, m[2]!]));
    expect(read.map((name) => recoded.get(name) ?? name)).toEqual(spssNames);
    const labelled = sps.split("VARIABLE LABELS\r\n")[1]!.split("\r\n.\r\n")[0]!;
    expect([...labelled.matchAll(/^\s+\/?(\S+) '/gm)].map((m) => m[1])).toEqual(spssNames);
    expect(spssNames.every((n) => /^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(n!))).toBe(true);
  });

  test("keeps Latvian and Russian letters, quotes and commas intact", async () => {
    const { header, rows, codebook } = await csvExport("freeText=include");
    const texts = column(header, rows, "family_support_awareness_which").filter((v) => v.startsWith("Nr. "));
    expect(texts).toHaveLength(TABLET_RESPONSES);
    for (const text of texts) expect(text.slice(7)).toBe(LETTERS);
    const days = codebook.find((r) => r[0] === "family_day_importance")!;
    expect(days[2]).toBe("Novērtējiet lūdzu no 1 līdz 5 ģimenes dienu nozīmi Jūsu dzīvē.");
    expect(days[5]).toContain("no-opportunity = Nav bijusi iespēja piedalīties ģimenes dienās");
  });

  test("rows are not in the order the responses arrived, and each export shuffles anew", async () => {
    const order = async () => {
      const { header, rows } = await csvExport("freeText=include");
      return column(header, rows, "family_support_awareness_which")
        .filter((v) => v.startsWith("Nr. "))
        .map((v) => Number(v.slice(4, 6)));
    };
    const first = await order();
    const second = await order();
    const arrival = Array.from({ length: TABLET_RESPONSES }, (_, i) => i);
    expect([...first].sort((a, b) => a - b)).toEqual(arrival);
    expect(first).not.toEqual(arrival);
    expect(first).not.toEqual([...arrival].reverse());
    expect(second).not.toEqual(first);
    // Spearman's rho between arrival and position: about N(0, 1/39) for a random order, so |rho| > 0.7 has
    // a chance of about 1 in 100,000; sorting by arrival (or against it) would give 1 (or -1).
    const n = first.length;
    const d2 = first.reduce((sum, arrived, position) => sum + (arrived - position) ** 2, 0);
    const rho = 1 - (6 * d2) / (n * (n * n - 1));
    expect(Math.abs(rho)).toBeLessThan(0.7);
  });

  test("labels=text writes the Latvian labels in the cells", async () => {
    const { header, rows } = await csvExport("labels=text");
    expect(new Set(column(header, rows, "family_day_importance"))).toContain("Nav bijusi iespēja piedalīties ģimenes dienās");
    // The four online family answers and the three youth answers from olaine ("other") are each fewer than
    // k (5) for their instrument and prison, so their channel is hidden; a full export shows it.
    const channels = column(header, rows, "channel");
    expect(new Set(channels)).toEqual(new Set(["planšetdators ieslodzījuma vietā", "papīra anketa", "slēpts (maza grupa)"]));
    expect(channels.filter((c) => c === "slēpts (maza grupa)")).toHaveLength(4 + 3);
    const full = await csvExport("labels=text&detail=full");
    expect(new Set(column(full.header, full.rows, "channel"))).toEqual(new Set(["planšetdators ieslodzījuma vietā", "papīra anketa", "tiešsaistes saite"]));
    expect(new Set(column(header, rows, "family_support_needed__more-meetings"))).toEqual(new Set(["atzīmēts", "nav atzīmēts"]));
  });

  test("multiple choice: 1 ticked, 0 answered without ticking, empty where not asked", async () => {
    const { header, rows } = await csvExport("");
    const instruments = column(header, rows, "instrument");
    const types = column(header, rows, "support_participation_types__psychological");
    const needed = column(header, rows, "family_support_needed__family-therapy");
    rows.forEach((_, i) => {
      if (instruments[i] === "seniors") expect([types[i], needed[i]]).toEqual(["", "1"]);
      if (instruments[i] === "youth-family") expect(types[i]).toBe("");
      if (instruments[i] === "mothers") expect(needed[i]).toBe("0");
    });
    expect(new Set(types.filter((_, i) => instruments[i] === "youth"))).toEqual(new Set(["1"]));
  });
});

describe("coarsening and roles", () => {
  test("an analyst asking for full detail is refused and told what they may ask for", async () => {
    const before = exportAudits().length;
    const { res, bytes } = await download("detail=full", analyst);
    const body = JSON.parse(decode(bytes));
    expect([res.status, body.code]).toEqual([403, "auth.forbidden"]);
    expect(body.detail).toContain("detail=coarsened");
    expect(body.details).toEqual({ allowed: { detail: ["coarsened"] } });
    expect(exportAudits()).toHaveLength(before);
  });

  test("an analyst's export has no exact age or child details, and small prisons are 'other'", async () => {
    const { header, rows } = await csvExport("", analyst);
    for (const name of ["age_exact", "prisoner_age_exact", "child_age", "child_birthplace", "child_gender"]) expect(header).not.toContain(name);
    const bands = column(header, rows, "child_age_band");
    expect(bands.filter((b) => b === "under-2")).toHaveLength(3);
    expect(bands.filter((b) => b === "2-4")).toHaveLength(4);
    const sites = column(header, rows, "site");
    expect(new Set(sites)).toEqual(new Set(["cesis-youth", "jelgava", "other", ""]));
    // olaine has 3 (< 5); ilguciems (7) goes with it so that "other" is not one known prison.
    expect(sites.filter((s) => s === "other")).toHaveLength(3 + 7);
    expect(rows.map((r) => r.join(",")).join("\n")).not.toMatch(/olaine|ilguciems|in-prison|girl/);
  });

  test("a researcher's full export keeps exact values and real prisons, still no ids", async () => {
    const { res, header, rows } = await csvExport("detail=full");
    expect(res.headers.get("x-confidential")).toContain("full detail");
    expect(header).toEqual(expect.arrayContaining(["age_exact", "child_age", "child_birthplace", "child_gender"]));
    expect(header).not.toContain("child_age_band");
    expect(new Set(column(header, rows, "site"))).toEqual(new Set(["cesis-youth", "jelgava", "olaine", "ilguciems", ""]));
    expect(column(header, rows, "age_exact").filter((a) => a === "15")).toHaveLength(TABLET_RESPONSES / 4);
    expect(header.filter((h) => /(^|_)id$/i.test(h))).toEqual([]);
  });

  test("free text is absent by default, and scrubbed again when included", async () => {
    const omitted = await csvExport("");
    expect(omitted.header).not.toContain("family_support_awareness_which");
    expect(decode(omitted.files["data.csv"]!)).not.toContain("Nr. 0");
    const included = await csvExport("freeText=include");
    const texts = column(included.header, included.rows, "family_support_awareness_which");
    expect(texts).toContain("zvaniet [tālrunis] vai raksti [e-pasts]");
    expect(decode(included.files["data.csv"]!)).not.toMatch(/29123456|ilze@inbox/);
  });
});

/** How many rows share each combination of the named columns. */
function tally(header: string[], rows: string[][], names: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const row of rows) {
    const key = names.map((n) => row[header.indexOf(n)]).join(" | ");
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

describe("small groups in an analyst's export", () => {
  test("3 under-18 and 6 aged 18-21 in one prison, k = 5: no under-18 row, 'hidden' instead, every shown group 0 or at least k", async () => {
    const { header, rows, files, codebook } = await csvExport("", analyst, smallGroupStudy);
    expect(rows).toHaveLength(15);
    const sites = column(header, rows, "site");
    const ages = column(header, rows, "ageGroup");
    const answers = column(header, rows, "age_band");
    expect(ages).not.toContain("under-18");
    expect(decode(files["data.csv"]!)).not.toContain("under-18");
    // Only three would be hidden, so the six aged 18-21 in the same prison are hidden with them.
    expect(ages.filter((_, i) => sites[i] === "olaine")).toEqual(Array(9).fill("hidden"));
    expect(answers.filter((_, i) => sites[i] === "olaine")).toEqual(Array(9).fill("hidden"));
    // A prison whose groups all have k or more responses is untouched.
    expect(ages.filter((_, i) => sites[i] === "jelgava")).toEqual(Array(6).fill("18-21"));
    expect(answers.filter((_, i) => sites[i] === "jelgava")).toEqual(Array(6).fill("18-21"));

    expect(Object.fromEntries(tally(header, rows, ["site", "ageGroup"]))).toEqual({ "olaine | hidden": 9, "jelgava | 18-21": 6 });
    for (const n of tally(header, rows, ["instrument", "channel", "site", "ageGroup", "submittedOn"]).values()) expect(n).toBeGreaterThanOrEqual(5);
    expect(header).not.toContain("age_exact");

    const ageEntry = codebook.find((r) => r[0] === "ageGroup")!;
    expect(ageEntry[5]).toContain("hidden = slēpts (maza grupa) [trūkstošā vērtība]");
    expect(ageEntry[6]).toContain("hidden = hidden (small group) [missing value]");
    const readme = decode(files["README.txt"]!);
    expect(readme).toContain("Šajā eksportā „hidden”: vecuma grupa 9 rindās, kanāls 0, mēnesis 0.");
    expect(readme).toContain('"hidden" in this export: age group in 9 rows, channel in 0, month in 0.');
    expect(decode(files["load-in-spss.sps"]!)).toMatch(/MISSING VALUES\r\n[^(]*ageGroup[^(]*\('hidden'\)\./);
  });

  test("JSON and XLSX hide the same rows", async () => {
    const json = JSON.parse(decode((await download("format=json", analyst, smallGroupStudy)).bytes));
    expect(json.rules.hiddenRows).toEqual({ ageGroup: 9, channel: 0, submittedOn: 0 });
    expect(json.rows.filter((r: { ageGroup: string }) => r.ageGroup === "hidden")).toHaveLength(9);
    expect(JSON.stringify(json.rows)).not.toContain("under-18");
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from((await download("format=xlsx", analyst, smallGroupStudy)).bytes) as unknown as ExcelJS.Buffer);
    const sheet = book.getWorksheet("Dati")!;
    const at = (sheet.getRow(1).values as unknown[]).indexOf("ageGroup");
    expect(sheet.getColumn(at).values.filter((v) => v === "hidden")).toHaveLength(9);
    expect(sheet.getColumn(at).values).not.toContain("under-18");
    const about = book.getWorksheet("Par datiem")!.getColumn(1).values.join("\n");
    expect(about).toContain("Mazas grupas (k = 5)");
  });

  test("a researcher's full export keeps the exact age groups", async () => {
    const { header, rows } = await csvExport("detail=full", researcher, smallGroupStudy);
    expect(Object.fromEntries(tally(header, rows, ["site", "ageGroup", "age_band"]))).toEqual({
      "olaine | under-18 | under-18": 3,
      "olaine | 18-21 | 18-21": 6,
      "jelgava | 18-21 | 18-21": 6,
    });
    expect(column(header, rows, "age_exact").filter((a) => a === "16")).toHaveLength(3);
  });
});

describe("paper entry codes", () => {
  test("an unreadable and a blank question of a double-entered paper form reach the export as 98 and 99, labelled", async () => {
    for (const query of ["freeText=include", "freeText=include&detail=full"]) {
      const { header, rows, files, codebook } = await csvExport(query, researcher, paperStudy);
      expect(rows).toHaveLength(1);
      const cell = (name: string) => rows[0]![header.indexOf(name)];
      expect([cell("gender"), cell("family_day_importance")]).toEqual(["98", "99"]);
      // A coded row of a rating table, and every column of a coded multiple choice.
      expect([cell("support_needs_fit.leisure"), cell("support_needs_fit.leisure.reason")]).toEqual(["98", "[nesalasāms]"]);
      expect(cell("support_needs_fit.education")).toBe("5");
      const options = header.filter((h) => h.startsWith("family_support_needed__") && !h.endsWith("_text"));
      expect(options.map(cell)).toEqual(options.map(() => "99"));
      expect(cell("family_support_needed__other_text")).toBe("[atstāts tukšs]");
      // Questions that were answered keep their answers.
      expect([cell("education_participation"), cell("family_contact")]).toEqual(["yes", "yes"]);

      const entry = (name: string) => codebook.find((r) => r[0] === name)!;
      expect(entry("gender")[5]).toContain("98 = nesalasāms (papīra anketa) [trūkstošā vērtība] | 99 = atstāts tukšs (papīra anketa) [trūkstošā vērtība]");
      expect(entry("family_day_importance")[6]).toContain("no-opportunity = I have not had a chance to take part in family days [not a scale value]");
      expect(entry("family_day_importance")[6]).toContain("99 = left blank (paper form) [missing value]");
      expect(entry("gender")[8]).toContain("98 = unreadable, 99 = left blank");
      const sps = decode(files["load-in-spss.sps"]!);
      expect(sps).toMatch(/\/gender\r\n(    .*\r\n)*    '98' 'nesalasāms \(papīra anketa\)'\r\n    '99' 'atstāts tukšs \(papīra anketa\)'/);
      expect(sps).toMatch(/MISSING VALUES\r\n {2}family_day_importance\r\n {2}\(97 98 99\)\./);
      expect(decode(files["README.txt"]!)).toContain("98 = nesalasāms vai 99 = atstāts tukšs");
    }
  });

  test("JSON and XLSX carry the same codes; labels=text writes their labels", async () => {
    const json = JSON.parse(decode((await download("format=json&detail=full", researcher, paperStudy)).bytes));
    expect(json.rows[0]).toMatchObject({ gender: 98, family_day_importance: 99, "support_needs_fit.leisure": 98, "family_support_needed__more-meetings": 99 });
    const gender = json.codebook.find((e: { variable: string }) => e.variable === "gender");
    expect(gender.values).toEqual(expect.arrayContaining([{ value: 98, lv: "nesalasāms (papīra anketa)", en: "unreadable (paper form)", missing: true, special: "unreadable" }]));
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from((await download("format=xlsx&labels=text", researcher, paperStudy)).bytes) as unknown as ExcelJS.Buffer);
    const sheet = book.getWorksheet("Dati")!;
    const names = sheet.getRow(1).values as unknown[];
    expect(sheet.getRow(2).getCell(names.indexOf("gender")).value).toBe("nesalasāms (papīra anketa)");
    expect(sheet.getRow(2).getCell(names.indexOf("family_day_importance")).value).toBe("atstāts tukšs (papīra anketa)");
  });
});

describe("other formats", () => {
  test("xlsx: exceljs reads the same header and row count, with codebook and README sheets", async () => {
    const csv = await csvExport("freeText=include");
    const { res, bytes } = await download("format=xlsx&freeText=include");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain(".xlsx");
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(["Dati", "Kodu grāmata", "Par datiem"]);
    const data = book.getWorksheet("Dati")!;
    expect((data.getRow(1).values as unknown[]).slice(1)).toEqual(csv.header);
    expect(data.rowCount).toBe(TOTAL + 1);
    const codebook = book.getWorksheet("Kodu grāmata")!;
    expect(codebook.rowCount).toBe(csv.header.length + 1);
    const texts = data.getColumn(csv.header.indexOf("family_support_awareness_which") + 1).values.filter((v): v is string => typeof v === "string" && v.startsWith("Nr. "));
    expect(texts.map((v) => v.slice(7))).toEqual(Array(TABLET_RESPONSES).fill(LETTERS));
    expect(String(book.getWorksheet("Par datiem")!.getRow(1).values)).toContain("ANONIMIZĒTI DATI — Pavasara vilnis");
  });

  test("json parses, with the codebook describing every key of every row", async () => {
    const { res, bytes } = await download("format=json&instruments=youth,seniors");
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    const body = JSON.parse(decode(bytes));
    expect(body.study).toEqual({ id: studyId, name: "Pavasara vilnis" });
    expect(body.generatedOn).toBe("2026-03-02");
    expect(body.rules).toMatchObject({ detail: "coarsened", labels: "values", freeText: "omit", threshold: 5 });
    expect(body.rows).toHaveLength(TABLET_RESPONSES + 13 + 3);
    const variables = body.codebook.map((e: { variable: string }) => e.variable);
    for (const row of body.rows) expect(Object.keys(row)).toEqual(variables);
    expect(new Set(body.rows.map((r: { instrument: string }) => r.instrument))).toEqual(new Set(["youth", "seniors"]));
  });

  test("the codebook endpoint gives the export's codebook as JSON or CSV", async () => {
    const csv = await csvExport("instruments=seniors");
    const json = await call(app, "GET", `/api/studies/${studyId}/export/codebook?instruments=seniors`, { cookie: analyst });
    expect(json.status).toBe(200);
    expect(json.body.codebook.map((e: { variable: string }) => e.variable)).toEqual(csv.header);
    const asCsv = await app.request(`/api/studies/${studyId}/export/codebook?format=csv&instruments=seniors`, { headers: { Cookie: analyst } });
    expect(asCsv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect((parse(await asCsv.text(), { bom: true }) as string[][]).slice(1)).toEqual(csv.codebook);
  });
});

describe("audit and bad requests", () => {
  test("every export is audited with its options and row count, never answers", async () => {
    const before = exportAudits().length;
    await download("format=json&instruments=seniors&labels=text&freeText=include", analyst);
    const audits = exportAudits();
    expect(audits).toHaveLength(before + 1);
    expect(audits[0]).toMatchObject({ actor: "analyst@example.lv", target: studyId });
    expect(audits[0]!.detail).toEqual({ format: "json", detail: "coarsened", labels: "text", freeText: "include", instruments: ["seniors"], rows: 13 });
    expect(JSON.stringify(audits)).not.toMatch(/zvaniet|Nr\. |tālrunis/);
  });

  test.each([
    ["format=pdf", 422, "request.invalid", "format"],
    ["labels=codes", 422, "request.invalid", "labels"],
    ["detail=exact", 422, "request.invalid", "detail"],
    ["freeText=yes", 422, "request.invalid", "freeText"],
    ["detial=full", 422, "request.invalid", "detial"],
    ["instruments=nope", 422, "request.invalid", "instruments"],
    ["instruments=youth,mothers-interview", 422, "request.invalid", "instruments"],
  ])("?%s is refused with %i naming %s", async (query, status, code, path) => {
    const before = exportAudits().length;
    const { res, bytes } = await download(query);
    const body = JSON.parse(decode(bytes));
    expect([res.status, body.code]).toEqual([status, code]);
    expect(body.details.map((d: { path: string }) => d.path)).toContain(path);
    expect(exportAudits()).toHaveLength(before);
  });

  test("an unknown or foreign instrument is named in the details", async () => {
    const { bytes } = await download("instruments=nope,mothers-interview");
    const reasons = JSON.parse(decode(bytes)).details.map((d: { reason: string }) => d.reason).join(" ");
    expect(reasons).toContain('"nope"');
    expect(reasons).toContain('"mothers-interview"');
  });

  test("a study without responses exports its header, codebook and syntax", async () => {
    const empty = await call(app, "POST", "/api/studies", { cookie: researcher, body: { name: "Tukšs", instruments: ["seniors"], sites: ["jelgava"], channels: ["paper"] } });
    const admin = await signedInAs(t.db, "admin", now);
    const res = await app.request(`/api/studies/${empty.body.id}/export?format=csv`, { headers: { Cookie: admin } });
    expect(res.status).toBe(200);
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    const data = parse(decode(files["data.csv"]!), { bom: true }) as string[][];
    expect(data).toHaveLength(1);
    expect(decode(files["load-in-spss.sps"]!)).toContain("rindas / rows: 0");
    const xlsx = await app.request(`/api/studies/${empty.body.id}/export?format=xlsx`, { headers: { Cookie: admin } });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ExcelJS.Buffer);
    expect(book.getWorksheet("Dati")!.rowCount).toBe(1);
  });

  test("needs a staff session with an analysis role, and a study that exists", async () => {
    expect((await download("", "")).res.status).toBe(401);
    const interviewer = await signedInAs(t.db, "interviewer", now);
    expect((await download("", interviewer)).res.status).toBe(403);
    const missing = await call(app, "GET", `/api/studies/${randomUUID()}/export`, { cookie: researcher });
    expect([missing.status, missing.body.code]).toEqual([404, "study.not_found"]);
  });
});

describe("the export reader", () => {
  test("orders rows by HMAC-SHA256 of the id under the export's key", () => {
    const key = Buffer.alloc(32, 7);
    const reader = openExportReader(t.db, studyId, ["youth"], key);
    const read = [...reader.rows()].map((r) => r.answers);
    reader.close();
    const stored = t.db.prepare("SELECT id, answers FROM responses WHERE study_id = ? AND instrument_id = 'youth'").all(studyId) as { id: string; answers: string }[];
    const mac = (id: string) => createHmac("sha256", key).update(id).digest();
    expect(read).toEqual(stored.sort((a, b) => Buffer.compare(mac(a.id), mac(b.id))).map((r) => r.answers));
  });

  // Regression guard: iterating on the server's own connection would make every write fail while an export streams.
  test("reads one snapshot on its own connection: intake keeps working while an export is being read", async () => {
    const reader = openExportReader(t.db, studyId, ["youth"], Buffer.alloc(32, 1));
    const counted = reader.countBySite().reduce((sum, c) => sum + c.n, 0);
    const rows = reader.rows();
    rows.next();
    const id = randomUUID();
    const posted = await call(app, "POST", "/api/responses", {
      bearer: deviceToken,
      body: { id, instrumentId: "youth", instrumentVersion: versionOf("youth"), locale: "lv", answers: youthAnswers() },
    });
    expect(posted.status).toBe(201);
    expect(1 + [...rows].length).toBe(counted);
    reader.close();
    reader.close();
    t.db.prepare("DELETE FROM responses WHERE id = ?").run(id);
  });
});

const hasPspp = (() => {
  try {
    execFileSync("sh", ["-c", "command -v pspp"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

/** Loads an export's data.csv with its load-in-spss.sps in PSPP and runs `commands`; the output as text. */
function runPspp(files: Record<string, Uint8Array>, commands: string): string {
  const folder = mkdtempSync(join(dir, "pspp-"));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(folder, name), content);
  writeFileSync(join(folder, "run.sps"), `INSERT FILE='load-in-spss.sps'.\n${commands}`);
  const output = execFileSync("pspp", ["-O", "format=txt", "-o", "out.txt", "run.sps"], { cwd: folder, encoding: "utf8" });
  return output + execFileSync("cat", [join(folder, "out.txt")], { encoding: "utf8" });
}

// PSPP is not part of CI; where it is installed (apt-get install pspp) the syntax is run for real.
describe.skipIf(!hasPspp)("with PSPP", () => {
  test.each(["freeText=include", "labels=text&detail=full&freeText=include"])("load-in-spss.sps loads data.csv without errors (%s)", async (query) => {
    const { files } = await csvExport(query);
    const text = runPspp(files, `${query.includes("detail=full") ? "DESCRIPTIVES submittedOn" : "FREQUENCIES submittedOn"}.\nFREQUENCIES site.\n`);
    expect(text).not.toMatch(/error|warning/i);
    expect(text).toMatch(new RegExp(`Total\\s*\\|\\s*${TOTAL}\\|`));
  });

  test("hidden small groups are user-missing: PSPP counts them apart from the age groups", async () => {
    const { files } = await csvExport("", analyst, smallGroupStudy);
    const text = runPspp(files, "FREQUENCIES ageGroup age_band.\n");
    expect(text).not.toMatch(/error|warning/i);
    expect(text).toMatch(/Missing\s+slēpts \(maza grupa\)\s*\|\s*9\|/);
    expect(text).toMatch(/Valid\s+18–21 gads\s*\|\s*6\|/);
  });

  test("paper entry codes are user-missing with their labels (freeText=include, labels=values)", async () => {
    const { files } = await csvExport("freeText=include&detail=full", researcher, paperStudy);
    const text = runPspp(files, "FREQUENCIES gender family_day_importance support_needs_fit_leisure family_support_needed__more_meetings.\n");
    expect(text).not.toMatch(/error|warning/i);
    expect(text).toMatch(/Missing\s+nesalasāms \(papīra anketa\)\s*\|\s*1\|/);
    expect(text).toMatch(/Missing\s+atstāts tukšs \(papīra anketa\)\s*\|\s*1\|/);
  });
});
