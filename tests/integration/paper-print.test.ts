/**
 * Paper questionnaires through the real app on a real SQLite file: blank questionnaires carry every question
 * of the instrument verbatim with the tablet's numbers; a numbered print run puts its form's number on every
 * page of each copy, is listed and audited without its numbers; bad requests are refused.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadCatalog } from "../../instruments/catalog.ts";
import { numberedQuestions } from "../../instruments/lint.ts";
import { createApp } from "../../server/app.ts";
import { isFormNumber } from "../../server/paper/form-number.ts";
import { signedInAs } from "../fixtures/01-staff.ts";
import { call } from "../helpers/http.ts";
import { hasSystemTools } from "../helpers/system-tools.ts";
import { openTestDb, type TestDb } from "../helpers/test-db.ts";

const QUESTIONNAIRES = ["youth", "seniors", "mothers", "youth-family", "seniors-family"] as const;
const catalog = loadCatalog();
const jsonOf = (id: string) => catalog.find((c) => c.descriptor.id === id)!.json;
const now = new Date("2026-03-02T10:00:00Z");
const dir = mkdtempSync(join(tmpdir(), "paper-test-"));
const pdftotext = hasSystemTools("pdftotext");

let t: TestDb;
let app: ReturnType<typeof createApp>;
let researcher: string;
let analyst: string;
let paperStudy: string;
let tabletOnlyStudy: string;

/** pdftotext breaks lines (and may break after a hyphen): compare with all whitespace folded on both sides. */
function fold(text: string): string {
  return text.normalize("NFC").replace(/\u00ad/g, "").replace(/-\s+/g, "-").replace(/\s+/g, " ").trim();
}

let fileCounter = 0;
/** The text of a PDF (or of one page); `-layout` keeps a question's number on the line of its title. */
function pdfText(pdf: Buffer, page?: number): string {
  const file = join(dir, `f${(fileCounter += 1)}.pdf`);
  writeFileSync(file, pdf);
  const range = page === undefined ? [] : ["-f", String(page), "-l", String(page)];
  return execFileSync("pdftotext", ["-layout", ...range, file, "-"], { encoding: "utf8" });
}

function pageCount(pdf: Buffer): number {
  return (pdf.toString("latin1").match(/\/Type \/Page\b/g) ?? []).length;
}

/** Every question title (numbered or not) of an instrument, in one language. */
function titlesOf(json: Record<string, unknown>, locale: "lv" | "ru"): { name: string; title: string }[] {
  const out: { name: string; title: string }[] = [];
  for (const page of json.pages as { elements?: Record<string, unknown>[] }[]) {
    for (const e of page.elements ?? []) {
      if (e.type !== "html") out.push({ name: e.name as string, title: (e.title as Record<string, string>)[locale]! });
    }
  }
  return out;
}

async function post(body: unknown, study = paperStudy, cookie = researcher) {
  const res = await app.request(`/api/studies/${study}/paper-batches`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Cookie: cookie },
    body: JSON.stringify(body),
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  const json = res.headers.get("content-type")?.includes("json") ? JSON.parse(bytes.toString("utf8")) : null;
  return { status: res.status, headers: res.headers, bytes, json };
}

async function createStudy(channels: string[], instruments: string[] = [...QUESTIONNAIRES]): Promise<string> {
  const res = await call(app, "POST", "/api/studies", {
    cookie: researcher,
    body: { name: "Pavasara vilnis", instruments, sites: ["cesis-youth", "jelgava"], channels },
  });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return res.body.id as string;
}

beforeAll(async () => {
  t = openTestDb();
  app = createApp({ db: t.db, catalog, clock: () => now });
  researcher = await signedInAs(t.db, "researcher", now);
  analyst = await signedInAs(t.db, "analyst", now);
  paperStudy = await createStudy(["tablet", "online", "paper"], [...QUESTIONNAIRES, "youth-staff-interview"]);
  tabletOnlyStudy = await createStudy(["tablet", "online"]);
});
afterAll(() => {
  t.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("GET /api/instruments/:id/blank.pdf", () => {
  test.each(QUESTIONNAIRES)("%s: every question's Latvian title, numbered as on the tablet", async (id) => {
    const res = await app.request(`/api/instruments/${id}/blank.pdf?locale=lv`, { headers: { Cookie: analyst } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="blank-${id}-lv.pdf"`);
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    if (!pdftotext) return;
    const text = fold(pdfText(pdf));
    const titles = titlesOf(jsonOf(id), "lv");
    for (const { title } of titles) expect(text).toContain(fold(title));
    const numbered = numberedQuestions(jsonOf(id));
    expect(numbered.length).toBeGreaterThanOrEqual(10);
    for (const q of numbered) expect(text).toContain(fold(`${q.no}. ${titles.find((x) => x.name === q.name)!.title}`));
    expect(text).toContain("Lappuse 1 no");
    expect(text).toContain("(atzīmējiet vienu)");
  });

  test("Russian wording comes from the JSON's ru strings", async () => {
    const res = await app.request(`/api/instruments/mothers/blank.pdf?locale=ru`, { headers: { Cookie: researcher } });
    expect(res.status).toBe(200);
    if (!pdftotext) return;
    const text = fold(pdfText(Buffer.from(await res.arrayBuffer())));
    for (const { title } of titlesOf(jsonOf("mothers"), "ru")) expect(text).toContain(fold(title));
    expect(text).toContain("Стр. 1 из");
  });

  test("any staff role; an unknown instrument is 404 and an unknown language 422", async () => {
    expect((await call(app, "GET", "/api/instruments/youth/blank.pdf")).status).toBe(401);
    const interviewer = await signedInAs(t.db, "interviewer", now, "interviewer-blank@example.lv");
    expect((await app.request("/api/instruments/youth-staff-interview/blank.pdf", { headers: { Cookie: interviewer } })).status).toBe(200);
    expect((await call(app, "GET", "/api/instruments/nope/blank.pdf", { cookie: analyst })).body.code).toBe("instrument.not_found");
    const bad = await call(app, "GET", "/api/instruments/youth/blank.pdf?locale=de", { cookie: analyst });
    expect([bad.status, bad.body.code]).toEqual([422, "request.invalid"]);
  });
});

describe("POST /api/studies/:id/paper-batches", () => {
  test("a Russian batch of 30 youth forms for one prison: each copy numbered on every page, listed and audited without numbers", async () => {
    const res = await post({ instrumentId: "youth", siteId: "jelgava", locale: "ru", count: 30 });
    expect(res.status).toBe(201);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="forms-youth-ru-30.pdf"');
    const batchId = res.headers.get("x-paper-batch-id")!;
    expect(res.headers.get("location")).toBe(`/api/paper-batches/${batchId}/forms.pdf`);

    const numbers = (t.db.prepare("SELECT number FROM paper_forms WHERE batch_id = ? ORDER BY number").all(batchId) as { number: string }[]).map((r) => r.number);
    expect(numbers).toHaveLength(30);
    expect(new Set(numbers).size).toBe(30);
    for (const n of numbers) expect(isFormNumber(n)).toBe(true);
    const states = t.db.prepare("SELECT DISTINCT state, site_id AS siteId, instrument_id AS instrumentId FROM paper_forms WHERE batch_id = ?").all(batchId);
    expect(states).toEqual([{ state: "printed", siteId: "jelgava", instrumentId: "youth" }]);

    const pages = pageCount(res.bytes);
    expect(pages % 30).toBe(0);
    const perCopy = pages / 30;
    expect(perCopy).toBeGreaterThanOrEqual(3);

    const listed = await call(app, "GET", `/api/studies/${paperStudy}/paper-batches`, { cookie: researcher });
    expect(listed.status).toBe(200);
    const batch = listed.body.find((b: { id: string }) => b.id === batchId);
    expect(batch).toMatchObject({ instrumentId: "youth", siteId: "jelgava", locale: "ru", count: 30, createdOn: "2026-03-02", forms: { printed: 30, final: 0 } });
    const audits = t.db.prepare("SELECT action, target, detail FROM audit_log WHERE action = 'paper.print'").all() as { target: string; detail: string }[];
    const entry = audits.find((a) => JSON.parse(a.detail).batchId === batchId)!;
    expect(entry.target).toBe(paperStudy);
    expect(JSON.parse(entry.detail)).toEqual({ batchId, instrumentId: "youth", siteId: "jelgava", locale: "ru", count: 30 });
    const everything = JSON.stringify([listed.body, t.db.prepare("SELECT * FROM audit_log").all()]);
    for (const n of numbers) expect(everything).not.toContain(n);

    if (!pdftotext) return;
    for (let page = 1; page <= pages; page += 1) {
      const copy = Math.floor((page - 1) / perCopy);
      const text = pdfText(res.bytes, page);
      const own = numbers[copy]!;
      expect(text.split(own).length - 1, `page ${page}`).toBeGreaterThanOrEqual(2); // header and footer
      expect(numbers.filter((n) => n !== own && text.includes(n)), `page ${page}`).toEqual([]);
      expect(text).toContain(`Стр. ${((page - 1) % perCopy) + 1} из ${perCopy}`);
    }
    expect(fold(pdfText(res.bytes, 1))).toContain("1. Ваш возраст:");

    // A re-print gives the same numbers on the same pages, and is audited too.
    const again = await app.request(`/api/paper-batches/${batchId}/forms.pdf`, { headers: { Cookie: researcher } });
    expect(again.status).toBe(200);
    const reprinted = Buffer.from(await again.arrayBuffer());
    expect(pageCount(reprinted)).toBe(pages);
    expect(pdfText(reprinted, perCopy + 1)).toContain(numbers[1]!);
    expect(t.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'paper.reprint'").get()).toEqual({ n: 1 });
  }, 120_000);

  test("family forms belong to no prison", async () => {
    const res = await post({ instrumentId: "youth-family", locale: "lv", count: 2 });
    expect(res.status).toBe(201);
    expect(res.headers.get("content-disposition")).toContain("forms-youth-family-lv-2.pdf");
    const batchId = res.headers.get("x-paper-batch-id")!;
    expect(t.db.prepare("SELECT site_id AS siteId FROM paper_batches WHERE id = ?").get(batchId)).toEqual({ siteId: null });
    const withSite = await post({ instrumentId: "youth-family", siteId: "jelgava", locale: "lv", count: 2 });
    expect([withSite.status, withSite.json.code, withSite.json.details[0].path]).toEqual([422, "request.invalid", "siteId"]);
  });

  test.each([
    ["no paper channel", () => ({ study: tabletOnlyStudy, body: { instrumentId: "youth", siteId: "jelgava", locale: "lv", count: 5 } }), 403, "study.channel_not_included"],
    ["a site not in the study", () => ({ study: paperStudy, body: { instrumentId: "youth", siteId: "olaine", locale: "lv", count: 5 } }), 422, "study.site_not_included"],
    ["count 0", () => ({ study: paperStudy, body: { instrumentId: "youth", siteId: "jelgava", locale: "lv", count: 0 } }), 422, "request.invalid"],
    ["count 501", () => ({ study: paperStudy, body: { instrumentId: "youth", siteId: "jelgava", locale: "lv", count: 501 } }), 422, "request.invalid"],
    ["no site for a prisoners' questionnaire", () => ({ study: paperStudy, body: { instrumentId: "mothers", locale: "lv", count: 5 } }), 422, "request.invalid"],
    ["an unknown language", () => ({ study: paperStudy, body: { instrumentId: "youth", siteId: "jelgava", locale: "de", count: 5 } }), 422, "request.invalid"],
    ["an instrument the study does not use", () => ({ study: tabletOnlyStudy, body: { instrumentId: "mothers-interview", locale: "lv", count: 5 } }), 403, "study.instrument_not_included"],
    ["an interview guide", () => ({ study: paperStudy, body: { instrumentId: "youth-staff-interview", locale: "lv", count: 5 } }), 422, "paper.not_printable"],
    ["an unknown instrument", () => ({ study: paperStudy, body: { instrumentId: "nope", locale: "lv", count: 5 } }), 404, "instrument.not_found"],
    ["an unknown study", () => ({ study: "nope", body: { instrumentId: "youth", siteId: "jelgava", locale: "lv", count: 5 } }), 404, "study.not_found"],
  ])("refuses %s (%i %s) and prints nothing", async (_, make, status, code) => {
    const before = t.db.prepare("SELECT count(*) AS n FROM paper_forms").get();
    const { study, body } = make();
    const res = await post(body, study);
    expect([res.status, res.json?.code]).toEqual([status, code]);
    expect(t.db.prepare("SELECT count(*) AS n FROM paper_forms").get()).toEqual(before);
  });

  test("a closed study prints nothing", async () => {
    const study = await createStudy(["paper"]);
    expect((await call(app, "PATCH", `/api/studies/${study}`, { cookie: researcher, body: { closed: true } })).status).toBe(200);
    const res = await post({ instrumentId: "youth", siteId: "jelgava", locale: "lv", count: 1 }, study);
    expect([res.status, res.json.code]).toEqual([403, "study.closed"]);
  });

  test("only admins and researchers print, list and re-print", async () => {
    expect((await post({ instrumentId: "youth", siteId: "jelgava", locale: "lv", count: 1 }, paperStudy, analyst)).status).toBe(403);
    expect((await call(app, "GET", `/api/studies/${paperStudy}/paper-batches`, { cookie: analyst })).status).toBe(403);
    expect((await call(app, "GET", `/api/studies/${paperStudy}/paper-batches`)).status).toBe(401);
    const missing = await call(app, "GET", "/api/paper-batches/nope/forms.pdf", { cookie: researcher });
    expect([missing.status, missing.body.code]).toEqual([404, "paper.batch_not_found"]);
  });
});
