/**
 * Qualitative coding through the real app on a real SQLite file: a codebook kept as JSON, CSV and REFI-QDA
 * .qdc; two interviewers double-coding two youth staff interviews (notes and a transcript) blind to each
 * other; their agreement against a hand-computed table; the code matrix; the excerpts file; the rules on spans,
 * codes and roles; and the qualitative section of the PDF report.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { childElements, parseXml } from "../../analysis/qualitative/xml.ts";
import { loadCatalog } from "../../instruments/catalog.ts";
import { createApp } from "../../server/app.ts";
import { listAudit } from "../../server/store/audit.ts";
import { findUserByEmail } from "../../server/store/users.ts";
import { signedInAs } from "../fixtures/01-staff.ts";
import { CODEBOOK, DISPLAY_ORDER, ID } from "../fixtures/qualitative/01-codebook.ts";
import { call } from "../helpers/http.ts";
import { hasSystemTools } from "../helpers/system-tools.ts";
import { openTestDb, type TestDb } from "../helpers/test-db.ts";

const catalog = loadCatalog();
const DAY = "2026-04-20";
const now = new Date(`${DAY}T09:00:00Z`);
const GUIDE = "youth-staff-interview";

let t: TestDb;
let dir: string;
let app: ReturnType<typeof createApp>;
let researcher: string;
let coderA: string;
let coderB: string;
let analyst: string;

beforeEach(async () => {
  t = openTestDb();
  dir = mkdtempSync(join(tmpdir(), "coding-test-"));
  app = createApp({ db: t.db, catalog, clock: () => now, recordingsDir: dir });
  researcher = await signedInAs(t.db, "researcher", now);
  coderA = await signedInAs(t.db, "interviewer", now, "koderis.a@example.lv");
  coderB = await signedInAs(t.db, "interviewer", now, "koderis.b@example.lv");
  analyst = await signedInAs(t.db, "analyst", now);
});
afterEach(() => {
  t.close();
  rmSync(dir, { recursive: true, force: true });
});

const idOf = (email: string) => findUserByEmail(t.db, email)!.id;

const NOTES: Record<string, string>[] = [
  {
    challenges_in_work: "Grūtākais ir saziņa ar ģimeni: zvanīt drīkst reti, un jaunieši ļoti pārdzīvo.",
    most_useful_activities: "Noderīgākās ir darba iemaņu nodarbības un mācības skolā.",
    support_needed_for_work: "Vajadzīgs vairāk laika sarunām ar vecākiem un psihologa atbalsts.",
  },
  {
    challenges_in_work: "Jaunieši gaida vēstules no mājām; saziņa ar ģimeni ir galvenā tēma.",
    most_useful_activities: "Sports un kopīgas sarunas par nākotni, arī par ģimenes tikšanos.",
    support_needed_for_work: "Trūkst psihiatra; garīgā veselība pasliktinās ilgstošā ieslodzījumā.",
  },
];
/** Session 1's transcript: an introduction tied to no question (segment 1), then the first question (segment 2). */
const TRANSCRIPT = "Ievads: runājām par darbu un mācībām.\n## challenges_in_work\nJaunieši stāsta, ka saziņa ar ģimeni ir par retu.";
const SEGMENTS = ["Ievads: runājām par darbu un mācībām.", "Jaunieši stāsta, ka saziņa ar ģimeni ir par retu."];

async function newStudy(settings: Record<string, unknown> = {}): Promise<string> {
  const res = await call(app, "POST", "/api/studies", {
    cookie: researcher,
    body: { name: "Jauniešu darbinieku intervijas", instruments: [GUIDE], sites: ["jelgava"], channels: ["interview"], disclosureThreshold: 2, ...settings },
  });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return res.body.id as string;
}

/** An interview with the youth staff guide, consent given and the notes typed, through the API. */
async function interview(studyId: string, notes: Record<string, string>): Promise<string> {
  const started = await call(app, "POST", `/api/studies/${studyId}/interviews`, { cookie: coderA, body: { instrumentId: GUIDE, siteId: "jelgava" } });
  if (started.status !== 201) throw new Error(JSON.stringify(started.body));
  const id = started.body.id as string;
  expect((await call(app, "PUT", `/api/interviews/${id}/consent`, { cookie: coderA, body: { participation: true, recording: false } })).status).toBe(200);
  for (const [key, text] of Object.entries(notes)) {
    expect((await call(app, "PUT", `/api/interviews/${id}/notes/${key}`, { cookie: coderA, body: { notes: text, skipped: false } })).status).toBe(200);
  }
  return id;
}

/** The [start, end) of a phrase in a text, as a browser selection would give it. */
function span(text: string, phrase: string): { start: number; end: number } {
  const start = text.indexOf(phrase);
  if (start < 0) throw new Error(`"${phrase}" is not in "${text}"`);
  return { start, end: start + phrase.length };
}

function code(cookie: string, sessionId: string, codeId: string, source: "note" | "transcript", blockKey: string, text: string, phrase: string) {
  return call(app, "POST", `/api/interviews/${sessionId}/codings`, { cookie, body: { codeId, blockKey, source, ...span(text, phrase) } });
}

async function codeOk(...args: Parameters<typeof code>): Promise<any> {
  const res = await code(...args);
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return res.body;
}

/**
 * A study with the fixture codebook and two interviews coded by two interviewers, with disagreement:
 *
 *   unit (session / block)         Saziņa (contact)   Garīgā veselība (mental)   Darbs/mācības (work)
 *                                  A      B           A      B                   A      B
 *   s1 challenges_in_work          1      1 (transcript segment 2)               0      0
 *   s1 most_useful_activities      0      0           0      0                   1      1 (same span)
 *   s1 support_needed_for_work     1      0           0      0                   0      0
 *   s1 segment:1                   0      0           0      0                   0      1 (transcript segment 1)
 *   s2 challenges_in_work          1      1 (same span)                          0      0
 *   s2 most_useful_activities      0      1           0      0                   0      0
 *   s2 support_needed_for_work     0      0           1      1 (same span)       0      0
 */
async function codedStudy(settings: Record<string, unknown> = {}) {
  const studyId = await newStudy(settings);
  const s1 = await interview(studyId, NOTES[0]!);
  const s2 = await interview(studyId, NOTES[1]!);
  const saved = await call(app, "PUT", `/api/interviews/${s1}/transcript`, { cookie: coderA, body: { text: TRANSCRIPT } });
  expect(saved.body.segments.map((s: { questionKey: string | null }) => s.questionKey)).toEqual([null, "challenges_in_work"]);
  expect((await call(app, "PUT", `/api/studies/${studyId}/codebook`, { cookie: researcher, body: { codes: CODEBOOK } })).status).toBe(200);

  const [n1, n2] = NOTES as [Record<string, string>, Record<string, string>];
  const a = [
    await codeOk(coderA, s1, ID.contact, "note", "challenges_in_work", n1.challenges_in_work!, "saziņa ar ģimeni: zvanīt drīkst reti"),
    await codeOk(coderA, s1, ID.contact, "note", "support_needed_for_work", n1.support_needed_for_work!, "sarunām ar vecākiem"),
    await codeOk(coderA, s1, ID.work, "note", "most_useful_activities", n1.most_useful_activities!, "darba iemaņu nodarbības"),
    await codeOk(coderA, s2, ID.contact, "note", "challenges_in_work", n2.challenges_in_work!, "saziņa ar ģimeni ir galvenā tēma"),
    await codeOk(coderA, s2, ID.mental, "note", "support_needed_for_work", n2.support_needed_for_work!, "garīgā veselība pasliktinās"),
  ];
  const b = [
    await codeOk(coderB, s1, ID.contact, "transcript", "segment:2", SEGMENTS[1]!, "saziņa ar ģimeni ir par retu"),
    await codeOk(coderB, s1, ID.work, "transcript", "segment:1", SEGMENTS[0]!, "runājām par darbu un mācībām"),
    await codeOk(coderB, s1, ID.work, "note", "most_useful_activities", n1.most_useful_activities!, "darba iemaņu nodarbības"),
    await codeOk(coderB, s2, ID.contact, "note", "challenges_in_work", n2.challenges_in_work!, "saziņa ar ģimeni ir galvenā tēma"),
    await codeOk(coderB, s2, ID.contact, "note", "most_useful_activities", n2.most_useful_activities!, "par ģimenes tikšanos"),
    await codeOk(coderB, s2, ID.mental, "note", "support_needed_for_work", n2.support_needed_for_work!, "garīgā veselība pasliktinās"),
  ];
  return { studyId, s1, s2, a, b };
}

describe("the codebook", () => {
  test("PUT replaces it; GET lists it in display order with paths; problems are 422 with every field", async () => {
    const studyId = await newStudy();
    const put = await call(app, "PUT", `/api/studies/${studyId}/codebook`, { cookie: researcher, body: { codes: CODEBOOK } });
    expect(put.status).toBe(200);
    const got = await call(app, "GET", `/api/studies/${studyId}/codebook`, { cookie: coderA });
    expect(got.body.codes.map((c: { path: string }) => c.path)).toEqual(DISPLAY_ORDER);
    expect(got.body.codes[0]).toMatchObject({ id: ID.family, name: "Ģimene", isCodable: false, depth: 0, codings: 0, color: "#AA3300" });

    const bad = await call(app, "PUT", `/api/studies/${studyId}/codebook`, {
      cookie: researcher,
      body: {
        codes: [
          { id: ID.family, name: "Ģimene", parentId: null, isCodable: true },
          { id: ID.contact, name: "ģimene", parentId: null, isCodable: true },
          { id: "nav-guid", name: "Cits", parentId: "nekas", isCodable: true, color: "sarkans" },
        ],
      },
    });
    expect([bad.status, bad.body.code]).toEqual([422, "codebook.invalid"]);
    expect(bad.body.details.map((d: { path: string }) => d.path)).toEqual(["codes[1].name", "codes[2].id", "codes[2].color", "codes[2].parentId"]);
    // Nothing was saved.
    expect((await call(app, "GET", `/api/studies/${studyId}/codebook`, { cookie: researcher })).body.codes).toHaveLength(CODEBOOK.length);

    // Interviewers code but do not keep the codebook; analysts neither.
    expect((await call(app, "PUT", `/api/studies/${studyId}/codebook`, { cookie: coderA, body: { codes: CODEBOOK } })).status).toBe(403);
    expect((await call(app, "PUT", `/api/studies/${studyId}/codebook`, { cookie: analyst, body: { codes: CODEBOOK } })).status).toBe(403);
    expect(listAudit(t.db, 100).filter((e) => e.action === "codebook.update")).toHaveLength(1);
  });

  test("the .qdc export is well-formed REFI-QDA and re-imports to the same codebook (ids, names, hierarchy)", async () => {
    const studyId = await newStudy();
    await call(app, "PUT", `/api/studies/${studyId}/codebook`, { cookie: researcher, body: { codes: CODEBOOK } });
    const before = (await call(app, "GET", `/api/studies/${studyId}/codebook`, { cookie: researcher })).body.codes;

    const res = await app.request(`/api/studies/${studyId}/codebook.qdc`, { headers: { Cookie: researcher } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/xml");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="codebook-2026-04-20\.qdc"$/);
    const xml = await res.text();
    const doc = parseXml(xml);
    expect([doc.root.local, doc.root.namespace]).toEqual(["CodeBook", "urn:QDA-XML:codebook:1.0"]);
    expect(childElements(childElements(doc.root)[0]!).map((c) => c.attributes.find((a) => a.local === "name")!.value)).toEqual([
      "Ģimene",
      "Veselība",
      "Darbs/mācības",
      "=Nodarbības",
    ]);

    // Into another study, and back into this one.
    const other = await newStudy();
    for (const target of [other, studyId]) {
      const imported = await call(app, "POST", `/api/studies/${target}/codebook/import`, { cookie: researcher, body: xml, headers: { "Content-Type": "application/xml" } });
      expect(imported.status).toBe(200);
      expect(imported.body.codes).toEqual(before);
    }
    const actions = listAudit(t.db, 100).map((e) => e.action);
    expect(actions.filter((a) => a === "codebook.import")).toHaveLength(2);
  });

  test("the CSV export round-trips; a broken CSV is refused with its line", async () => {
    const studyId = await newStudy();
    await call(app, "PUT", `/api/studies/${studyId}/codebook`, { cookie: researcher, body: { codes: CODEBOOK } });
    const before = (await call(app, "GET", `/api/studies/${studyId}/codebook`, { cookie: researcher })).body.codes;
    const res = await app.request(`/api/studies/${studyId}/codebook.csv`, { headers: { Cookie: coderA } });
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const csv = await res.text();
    const rows = parse(csv, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.code_path)).toEqual(DISPLAY_ORDER.map((p) => (p.startsWith("=") ? `'${p}` : p)));

    const other = await newStudy();
    const imported = await call(app, "POST", `/api/studies/${other}/codebook/import`, { cookie: researcher, body: csv, headers: { "Content-Type": "text/csv" } });
    expect(imported.status).toBe(200);
    expect(imported.body.codes).toEqual(before);

    const broken = await call(app, "POST", `/api/studies/${other}/codebook/import`, {
      cookie: researcher,
      body: "code_path;color\nĢimene;#123456\nĢimene /  / Saziņa;\nVeselība;zaļš\n",
      headers: { "Content-Type": "text/csv" },
    });
    expect([broken.status, broken.body.code]).toEqual([422, "codebook.invalid"]);
    expect(broken.body.details.map((d: { line: number }) => d.line)).toEqual([3, 4]);
    const wrongType = await call(app, "POST", `/api/studies/${other}/codebook/import`, { cookie: researcher, body: "x", headers: { "Content-Type": "application/pdf" } });
    expect(wrongType.status).toBe(415);
  });

  test("a code with codings cannot leave the codebook, by PUT or by import (409 naming it); unused codes can", async () => {
    const { studyId } = await codedStudy();
    const without = CODEBOOK.filter((c) => c.id !== ID.contact && c.id !== ID.letters && c.id !== ID.activities);
    const res = await call(app, "PUT", `/api/studies/${studyId}/codebook`, { cookie: researcher, body: { codes: without } });
    expect([res.status, res.body.code]).toEqual([409, "codebook.code_in_use"]);
    // Vēstules (a child of Saziņa) and =Nodarbības are unused; only Saziņa is named.
    expect(res.body.details).toEqual([{ codeId: ID.contact, path: "Ģimene / Saziņa", codings: 6 }]);

    const csv = "code_path,id\nVeselība," + ID.health + "\n";
    const imported = await call(app, "POST", `/api/studies/${studyId}/codebook/import`, { cookie: researcher, body: csv, headers: { "Content-Type": "text/csv" } });
    expect(imported.status).toBe(409);
    expect(imported.body.details.map((d: { path: string }) => d.path)).toEqual(["Ģimene / Saziņa", "Veselība / Garīgā veselība", "Darbs/mācības"]);

    const unusedGone = await call(app, "PUT", `/api/studies/${studyId}/codebook`, { cookie: researcher, body: { codes: CODEBOOK.filter((c) => c.id !== ID.activities) } });
    expect(unusedGone.status).toBe(200);
    // Renaming a used code keeps its codings (same id).
    const renamed = CODEBOOK.map((c) => (c.id === ID.contact ? { ...c, name: "Saziņa ar ģimeni" } : c));
    const after = await call(app, "PUT", `/api/studies/${studyId}/codebook`, { cookie: researcher, body: { codes: renamed } });
    expect(after.body.codes.find((c: { id: string }) => c.id === ID.contact)).toMatchObject({ path: "Ģimene / Saziņa ar ģimeni", codings: 6 });
  });
});

describe("codings", () => {
  test("the excerpt is cut from the stored text; a transcript segment of a question counts under that question", async () => {
    const { s1, a, b } = await codedStudy();
    expect(a[0]).toMatchObject({ sessionId: s1, source: "note", blockKey: "challenges_in_work", segmentSeq: null, text: "saziņa ar ģimeni: zvanīt drīkst reti", codePath: "Ģimene / Saziņa" });
    expect(b[0]).toMatchObject({ source: "transcript", blockKey: "challenges_in_work", segmentSeq: 2, text: "saziņa ar ģimeni ir par retu" });
    expect(b[1]).toMatchObject({ source: "transcript", blockKey: "segment:1", segmentSeq: 1, text: "runājām par darbu un mācībām" });
    // Text sent by the client is not accepted at all.
    const withText = await call(app, "POST", `/api/interviews/${s1}/codings`, {
      cookie: coderA,
      body: { codeId: ID.contact, blockKey: "challenges_in_work", source: "note", start: 0, end: 5, text: "Jānis Bērziņš" },
    });
    expect(withText.status).toBe(422);
    // The same span again is the same coding.
    const again = await code(coderA, s1, ID.contact, "note", "challenges_in_work", NOTES[0]!.challenges_in_work!, "saziņa ar ģimeni: zvanīt drīkst reti");
    expect([again.status, again.body.id]).toEqual([200, a[0].id]);
  });

  test.each([
    ["end past the text", { blockKey: "challenges_in_work", source: "note", start: 10, end: 10_000 }, "coding.invalid_span", "end"],
    ["start not before end", { blockKey: "challenges_in_work", source: "note", start: 12, end: 12 }, "coding.invalid_span", "start"],
    ["only white space", { blockKey: "challenges_in_work", source: "note", start: 12, end: 13 }, "coding.invalid_span", "start"],
    ["a question without notes", { blockKey: "wellbeing_activities", source: "note", start: 0, end: 5 }, "coding.block_not_found", "blockKey"],
    ["a transcript named by question", { blockKey: "challenges_in_work", source: "transcript", start: 0, end: 5 }, "coding.block_not_found", "blockKey"],
    ["a segment that does not exist", { blockKey: "segment:9", source: "transcript", start: 0, end: 5 }, "coding.block_not_found", "blockKey"],
    ["a grouping code", { codeId: ID.family, blockKey: "challenges_in_work", source: "note", start: 0, end: 5 }, "coding.code_not_codable", "codeId"],
    ["a code of no codebook", { codeId: "00000000-0000-4000-8000-000000000000", blockKey: "challenges_in_work", source: "note", start: 0, end: 5 }, "coding.unknown_code", "codeId"],
    ["a negative start", { blockKey: "challenges_in_work", source: "note", start: -1, end: 5 }, "request.invalid", "start"],
  ])("%s is refused with 422", async (_name, body, codeName, path) => {
    const studyId = await newStudy();
    const s = await interview(studyId, NOTES[0]!);
    await call(app, "PUT", `/api/studies/${studyId}/codebook`, { cookie: researcher, body: { codes: CODEBOOK } });
    // "Grūtākais ir" ends at 12: offset 12 is the space before "saziņa".
    expect(NOTES[0]!.challenges_in_work!.slice(12, 13)).toBe(" ");
    const res = await call(app, "POST", `/api/interviews/${s}/codings`, { cookie: coderA, body: { codeId: ID.contact, ...body } });
    expect([res.status, res.body.code]).toEqual([422, codeName]);
    expect(res.body.details[0].path).toBe(path);
  });

  test("double coding is blind: coder=me shows one's own; coder=all is for researchers; deletion is one's own or a researcher's", async () => {
    const { s1, a, b } = await codedStudy();
    const mine = await call(app, "GET", `/api/interviews/${s1}/codings`, { cookie: coderB });
    expect(mine.body.codings.map((c: { id: string }) => c.id)).toEqual(b.slice(0, 3).map((c) => c.id));
    expect(new Set(mine.body.codings.map((c: { coderId: number }) => c.coderId))).toEqual(new Set([idOf("koderis.b@example.lv")]));
    expect((await call(app, "GET", `/api/interviews/${s1}/codings?coder=all`, { cookie: coderB })).status).toBe(403);
    const all = await call(app, "GET", `/api/interviews/${s1}/codings?coder=all`, { cookie: researcher });
    expect(all.body.codings).toHaveLength(6);
    expect((await call(app, "GET", `/api/interviews/${s1}/codings`, { cookie: analyst })).status).toBe(403);

    expect((await call(app, "DELETE", `/api/codings/${a[0].id}`, { cookie: coderB })).body.code).toBe("coding.not_yours");
    expect((await call(app, "DELETE", `/api/codings/${b[0].id}`, { cookie: coderB })).status).toBe(200);
    expect((await call(app, "DELETE", `/api/codings/${a[0].id}`, { cookie: researcher })).status).toBe(200);
    expect((await call(app, "DELETE", `/api/codings/${a[0].id}`, { cookie: researcher })).body.code).toBe("coding.not_found");
    expect((await call(app, "GET", `/api/interviews/${s1}/codings?coder=all`, { cookie: researcher })).body.codings).toHaveLength(4);
  });
});

describe("agreement", () => {
  test("kappa per code and pooled match the hand-computed tables", async () => {
    const { studyId, s1, s2 } = await codedStudy();
    const idA = idOf("koderis.a@example.lv");
    const idB = idOf("koderis.b@example.lv");
    const res = await call(app, "GET", `/api/studies/${studyId}/coding/agreement?coderA=${idA}&coderB=${idB}`, { cookie: analyst });
    expect(res.status).toBe(200);
    const agreement = res.body.agreement;
    expect(agreement.sessions).toEqual([s1, s2].sort());
    // Units: s1 has three notes and the transcript's segment 1 (segment 2 is challenges_in_work), s2 three notes.
    expect(agreement.units).toBe(7);
    const byCode = (id: string) => agreement.codes.find((c: { codeId: string }) => c.codeId === id);

    // Saziņa: a = 2, b = 1, c = 1, d = 3 (n = 7). po = 5/7, pe = (3·3 + 4·4)/49 = 25/49,
    // kappa = 2(ad − bc) / ((a+b)(b+d) + (a+c)(c+d)) = 2(6 − 1) / (3·4 + 3·4) = 10/24.
    expect(byCode(ID.contact)).toMatchObject({ a: 2, b: 1, c: 1, d: 3, n: 7, path: "Ģimene / Saziņa" });
    expect(byCode(ID.contact).percentAgreement).toBeCloseTo((100 * 5) / 7, 10);
    expect(byCode(ID.contact).kappa).toBeCloseTo(10 / 24, 12);
    // Garīgā veselība: a = 1, d = 6 -> kappa = 2·6 / (1·6 + 1·6) = 1.
    expect(byCode(ID.mental)).toMatchObject({ a: 1, b: 0, c: 0, d: 6, kappa: 1 });
    // Darbs/mācības: a = 1, b = 0, c = 1, d = 5 -> kappa = 2·5 / (1·5 + 2·6) = 10/17.
    expect(byCode(ID.work)).toMatchObject({ a: 1, b: 0, c: 1, d: 5 });
    expect(byCode(ID.work).kappa).toBeCloseTo(10 / 17, 12);
    // A code neither used: kappa undefined, with the reason.
    expect(byCode(ID.visits)).toMatchObject({ a: 0, b: 0, c: 0, d: 7, kappa: null });
    expect(byCode(ID.visits).undefinedReason.code).toBe("no-variation");
    // The grouping code is not compared.
    expect(byCode(ID.family)).toBeUndefined();

    // Pooled over the 8 codable codes (5 of them constant: po = pe = 1):
    // mean po = (5/7 + 1 + 6/7 + 5)/8 = 53/56; mean pe = (25/49 + 37/49 + 32/49 + 5)/8 = 339/392;
    // pooled kappa = (53/56 − 339/392) / (1 − 339/392) = 32/53.
    expect(agreement.codes).toHaveLength(8);
    expect(agreement.pooled.kappa).toBeCloseTo(32 / 53, 12);

    // Analysts see coder ids and counts, no e-mails; researchers see e-mails.
    expect(res.body.pairs).toEqual([{ coderA: idA, coderB: idB, sessions: 2 }]);
    expect(res.body.coders).toEqual([
      { id: idA, sessions: 2 },
      { id: idB, sessions: 2 },
    ]);
    const asResearcher = await call(app, "GET", `/api/studies/${studyId}/coding/agreement`, { cookie: researcher });
    expect(asResearcher.body.coders.map((c: { email: string }) => c.email)).toEqual(["koderis.a@example.lv", "koderis.b@example.lv"]);
    // With no coders given, the pair with most sessions in common is chosen.
    expect(asResearcher.body.agreement.pooled.kappa).toBeCloseTo(32 / 53, 12);

    const same = await call(app, "GET", `/api/studies/${studyId}/coding/agreement?coderA=${idA}&coderB=${idA}`, { cookie: researcher });
    expect(same.status).toBe(422);
    expect((await call(app, "GET", `/api/studies/${studyId}/coding/agreement?coderA=${idA}`, { cookie: researcher })).status).toBe(422);
    expect((await call(app, "GET", `/api/studies/${studyId}/coding/agreement`, { cookie: coderA })).status).toBe(403);
  });

  test("a study without double coding has no pair", async () => {
    const studyId = await newStudy();
    const res = await call(app, "GET", `/api/studies/${studyId}/coding/agreement`, { cookie: researcher });
    expect(res.body).toEqual({ coders: [], pairs: [], agreement: null });
  });
});

describe("matrix and excerpts", () => {
  test("the matrix counts distinct excerpts and sessions; published hides cells under the threshold; internal is not for analysts", async () => {
    const { studyId } = await codedStudy();
    const internal = await call(app, "GET", `/api/studies/${studyId}/coding/matrix?by=question&mode=internal`, { cookie: researcher });
    expect(internal.status).toBe(200);
    expect(internal.headers.get("x-confidential")).toContain("internal");
    // The questions found, in the order the guide asks them; transcript parts without a question last.
    expect(internal.body.columns.map((c: { key: string }) => c.key)).toEqual(["most_useful_activities", "challenges_in_work", "support_needed_for_work", "segment"]);
    const row = (body: any, id: string) => body.rows.find((r: { codeId: string }) => r.codeId === id);
    const counts = (r: any) => r.cells.map((c: any) => [c.excerpts.value, c.sessions.value]);
    // Saziņa: s1 note and s1 transcript (two spans) and s2 (one span coded by both) under challenges_in_work.
    expect(counts(row(internal.body, ID.contact))).toEqual([
      [1, 1],
      [3, 2],
      [1, 1],
      [0, 0],
    ]);
    expect(row(internal.body, ID.contact).total).toEqual({ excerpts: { value: 5, suppressed: false }, sessions: { value: 2, suppressed: false } });
    expect(counts(row(internal.body, ID.work))).toEqual([
      [1, 1],
      [0, 0],
      [0, 0],
      [1, 1],
    ]);

    const published = await call(app, "GET", `/api/studies/${studyId}/coding/matrix?by=target-group`, { cookie: analyst });
    expect(published.body).toMatchObject({ by: "target-group", mode: "published", threshold: 2 });
    expect(published.body.columns.map((c: { key: string }) => c.key)).toEqual(["youth"]);
    expect(row(published.body, ID.contact).cells[0]).toEqual({ excerpts: { value: 5, suppressed: false }, sessions: { value: 2, suppressed: false } });
    expect(row(published.body, ID.mental).cells[0]).toEqual({ excerpts: { value: null, suppressed: true }, sessions: { value: null, suppressed: true } });

    const forbidden = await call(app, "GET", `/api/studies/${studyId}/coding/matrix?mode=internal`, { cookie: analyst });
    expect([forbidden.status, forbidden.body.code]).toEqual([403, "auth.forbidden"]);
    const byGuide = await call(app, "GET", `/api/studies/${studyId}/coding/matrix?instrument=${GUIDE}&mode=internal`, { cookie: researcher });
    expect(byGuide.body.columns).toHaveLength(9);
    expect((await call(app, "GET", `/api/studies/${studyId}/coding/matrix?by=site`, { cookie: researcher })).status).toBe(422);
  });

  test("the excerpts CSV parses, keeps Latvian letters, hides rare codes when published, and is audited without its text", async () => {
    const { studyId } = await codedStudy();
    const internal = await app.request(`/api/studies/${studyId}/coding/excerpts.csv?mode=internal`, { headers: { Cookie: researcher } });
    expect(internal.status).toBe(200);
    expect(internal.headers.get("content-disposition")).toBe('attachment; filename="excerpts-2026-04-20-internal.csv"');
    const rows = parse(await internal.text(), { bom: true, columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual(["code_path", "guide", "target_group", "question_key", "excerpt"]);
    // Five Saziņa excerpts, then Garīgā veselība, then Darbs/mācības's two (codebook display order).
    expect(rows.map((r) => r.code_path)).toEqual([...Array(5).fill("Ģimene / Saziņa"), "Veselība / Garīgā veselība", "Darbs/mācības", "Darbs/mācības"]);
    expect(rows.map((r) => r.excerpt)).toContain("saziņa ar ģimeni: zvanīt drīkst reti");
    expect(rows.find((r) => r.excerpt === "runājām par darbu un mācībām")).toMatchObject({ guide: GUIDE, target_group: "youth", question_key: "" });

    const published = await app.request(`/api/studies/${studyId}/coding/excerpts.csv`, { headers: { Cookie: analyst } });
    const shown = parse(await published.text(), { bom: true, columns: true }) as Record<string, string>[];
    expect(new Set(shown.map((r) => r.code_path))).toEqual(new Set(["Ģimene / Saziņa"]));
    expect((await app.request(`/api/studies/${studyId}/coding/excerpts.csv?mode=internal`, { headers: { Cookie: analyst } })).status).toBe(403);

    const exports = listAudit(t.db, 100).filter((e) => e.action === "coding.export");
    expect(exports.map((e) => e.detail)).toEqual(
      expect.arrayContaining([
        { mode: "internal", rows: 8, hiddenRows: 0 },
        { mode: "published", rows: 5, hiddenRows: 3 },
      ]),
    );
    const auditText = JSON.stringify(listAudit(t.db, 1000));
    expect(auditText).not.toContain("saziņa");
    expect(auditText).not.toContain("Saziņa");
  });

  test("a name added to the study's list after coding is redacted from excerpts on the way out", async () => {
    const { studyId, s2 } = await codedStudy();
    expect((await call(app, "PUT", `/api/studies/${studyId}/redactions`, { cookie: researcher, body: { terms: ["galvenā"] } })).status).toBe(200);
    const codings = await call(app, "GET", `/api/interviews/${s2}/codings`, { cookie: coderA });
    expect(codings.body.codings[0].text).toBe("saziņa ar ģimeni ir [vārds] tēma");
    const csv = await (await app.request(`/api/studies/${studyId}/coding/excerpts.csv?mode=internal`, { headers: { Cookie: researcher } })).text();
    expect(csv).not.toContain("galvenā");
  });
});

describe("the report", () => {
  test("the analysis JSON carries the findings only when there are codings", async () => {
    const plain = await newStudy();
    const without = await call(app, "GET", `/api/studies/${plain}/analysis`, { cookie: analyst });
    expect(without.status).toBe(200);
    expect(without.body).not.toHaveProperty("qualitative");

    const { studyId } = await codedStudy();
    const res = await call(app, "GET", `/api/studies/${studyId}/analysis`, { cookie: analyst });
    expect(res.body.qualitative.sessions).toEqual({ value: 2, suppressed: false });
    const [youth] = res.body.qualitative.groups;
    expect(youth.targetGroup).toBe("youth");
    // Published, threshold 2: Saziņa (2 sessions) is shown; Garīgā veselība and Darbs/mācības (1 session each) are not.
    expect(youth.codes.map((c: { path: string; sessions: number; excerpts: number }) => [c.path, c.sessions, c.excerpts])).toEqual([["Ģimene / Saziņa", 2, 5]]);
    expect(youth.codes[0].quotes).toHaveLength(2);
    expect(youth.notShown.count).toBe(2);
    const internal = await call(app, "GET", `/api/studies/${studyId}/analysis?mode=internal`, { cookie: researcher });
    expect(internal.body.qualitative.groups[0].codes.map((c: { path: string }) => c.path)).toEqual(["Ģimene / Saziņa", "Darbs/mācības", "Veselība / Garīgā veselība"]);
  });

  test("the PDF has a qualitative section with the code, its sessions and a quote (lv, ru, en)", async () => {
    const { studyId } = await codedStudy();
    const texts: Record<string, string> = {};
    for (const lang of ["lv", "ru", "en"]) {
      const res = await app.request(`/api/studies/${studyId}/report.pdf?lang=${lang}`, { headers: { Cookie: analyst } });
      expect(res.status).toBe(200);
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
      writeFileSync(join(dir, `report-${lang}.pdf`), bytes);
    }
    if (!hasSystemTools("pdftotext")) return;
    for (const lang of ["lv", "ru", "en"]) texts[lang] = execFileSync("pdftotext", [join(dir, `report-${lang}.pdf`), "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
    expect(texts.lv).toContain("Intervijas: biežākās tēmas");
    expect(texts.lv).toContain("Ģimene / Saziņa");
    expect(texts.lv).toContain("2 sarunas · 5 fragmenti");
    expect(texts.lv).toContain("„saziņa ar ģimeni ir galvenā tēma“");
    expect(texts.lv).toContain("2 kodi nav parādīti (mazāk nekā 2 sarunās)");
    expect(texts.lv).toContain("Jaunieši");
    // Rare codes and their quotes stay out of the published report.
    expect(texts.lv).not.toContain("Darbs/mācības");
    expect(texts.lv).not.toContain("garīgā veselība pasliktinās");
    expect(texts.ru).toContain("Интервью: основные темы");
    expect(texts.ru).toContain("2 беседы · 5 фрагментов");
    expect(texts.en).toContain("Interviews: the most frequent themes");
    expect(texts.en).toContain("“saziņa ar ģimeni ir galvenā tēma”");
  });
});
