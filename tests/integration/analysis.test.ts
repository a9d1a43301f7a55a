/**
 * The analysis endpoints and the analysts' command line, on a real SQLite file with responses that came
 * in through the real intake.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadCatalog } from "../../instruments/catalog.ts";
import { createApp } from "../../server/app.ts";
import { recordInstrumentVersions } from "../../server/store/instruments.ts";
import { signedInAs } from "../fixtures/01-staff.ts";
import { seniorsAnswers, youthAnswers } from "../fixtures/02-answers.ts";
import { setUpField, type Field } from "../fixtures/03-field.ts";
import { call } from "../helpers/http.ts";
import { hasSystemTools } from "../helpers/system-tools.ts";
import { openTestDb, type TestDb } from "../helpers/test-db.ts";

const catalog = loadCatalog();
const versionOf = (id: string) => catalog.find((c) => c.descriptor.id === id)!.version;
const now = new Date("2026-03-02T10:00:00Z");
let t: TestDb;
let app: ReturnType<typeof createApp>;
let field: Field;
let analyst: string;
const dir = mkdtempSync(join(tmpdir(), "analysis-test-"));

beforeAll(async () => {
  t = openTestDb();
  recordInstrumentVersions(t.db, catalog.map((c) => ({ instrumentId: c.descriptor.id, version: c.version, json: c.json })), "2026-03-01");
  app = createApp({ db: t.db, catalog, clock: () => now });
  field = await setUpField(app, t.db, now);
  analyst = await signedInAs(t.db, "analyst", now);
  const post = (instrumentId: string, answers: Record<string, unknown>) =>
    call(app, "POST", "/api/responses", { bearer: field.deviceToken, body: { id: randomUUID(), instrumentId, instrumentVersion: versionOf(instrumentId), locale: "lv", answers } });
  for (let i = 0; i < 12; i += 1) await post("youth", youthAnswers({ age_band: "18-21", age_exact: undefined, family_day_importance: 1 + (i % 5) }));
  for (let i = 0; i < 3; i += 1) await post("youth", youthAnswers({ family_day_importance: 5 }));
  for (let i = 0; i < 8; i += 1) await post("seniors", seniorsAnswers({ age_band: "60-70", family_day_importance: 1 + (i % 3) }));
});
afterAll(() => {
  t.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("GET /api/studies/:id/analysis", () => {
  test("gives an analyst published results by age group, small groups merged", async () => {
    const res = await call(app, "GET", `/api/studies/${field.study.id}/analysis?instruments=youth,seniors&by=ageGroup`, { cookie: analyst });
    expect(res.status).toBe(200);
    expect(res.body.mode).toBe("published");
    expect(res.body.plan.groups.map((g: { key: string; n: number }) => [g.key, g.n])).toEqual([
      ["under-18+18-21", 15],
      ["60-70", 8],
    ]);
    const days = res.body.items.find((i: { item: { key: string } }) => i.item.key === "family_day_importance");
    expect(days.item.instruments).toEqual(["youth", "seniors"]);
    expect(days.byGroup.at(-1).base.value).toBe(23);
  });

  test("internal results are for admins and researchers, marked confidential", async () => {
    expect((await call(app, "GET", `/api/studies/${field.study.id}/analysis?mode=internal`, { cookie: analyst })).status).toBe(403);
    const res = await call(app, "GET", `/api/studies/${field.study.id}/analysis?mode=internal&instruments=youth`, { cookie: field.cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-confidential")).toContain("internal");
    expect(res.body.plan.groups.map((g: { key: string }) => g.key)).toEqual(["under-18", "18-21"]);
  });

  test.each([
    ["instruments=nope", 404, "instrument.not_found"],
    ["instruments=mothers", 403, "study.instrument_not_included"],
    ["by=site", 422, "request.invalid"],
    ["mode=everything", 422, "request.invalid"],
  ])("?%s is refused with %i", async (query, status, code) => {
    const res = await call(app, "GET", `/api/studies/${field.study.id}/analysis?${query}`, { cookie: analyst });
    expect([res.status, res.body.code]).toEqual([status, code]);
  });

  test("needs a staff session with an analysis role", async () => {
    expect((await call(app, "GET", `/api/studies/${field.study.id}/analysis`)).status).toBe(401);
    const interviewer = await signedInAs(t.db, "interviewer", now);
    expect((await call(app, "GET", `/api/studies/${field.study.id}/analysis`, { cookie: interviewer })).status).toBe(403);
  });
});

describe("GET /api/studies/:id/report.pdf", () => {
  test("is a PDF whose text has the Latvian wording", async () => {
    const res = await app.request(`/api/studies/${field.study.id}/report.pdf?instruments=youth,seniors&lang=lv`, { headers: { Cookie: analyst } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
    if (!hasSystemTools("pdftotext")) return;
    const file = join(dir, "report.pdf");
    writeFileSync(file, bytes);
    const text = execFileSync("pdftotext", [file, "-"], { encoding: "utf8" });
    expect(text.replace(/\s+/g, " ")).toContain("ģimenes dienu nozīmi Jūsu dzīvē");
  });
});

describe("npm run cli -- import / analyse / report", () => {
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, ["--import", "tsx", "server/cli.ts", ...args], { encoding: "utf8", env: { ...process.env, DATABASE_PATH: t.path } });

  test("import validates and scrubs each entry, reports accepted and rejected with reasons", () => {
    const file = join(dir, "paper.json");
    writeFileSync(
      file,
      JSON.stringify([
        { instrumentId: "youth", answers: youthAnswers({ age_band: "22-25", age_exact: undefined, family_support_awareness_which: "tālr. 29123456" }), site: "jelgava" },
        { instrumentId: "seniors", answers: seniorsAnswers() },
        { instrumentId: "youth", answers: youthAnswers({ family_day_importance: 9 }) },
        { instrumentId: "mothers", answers: {} },
        "not an object",
      ]),
    );
    const run = cli("import", "--study", field.study.id, "--file", file);
    expect(run.stdout).toContain("5 entries: 2 accepted, 0 already stored, 3 rejected");
    expect(run.stdout).toContain("entry 2: family_day_importance is not one of the choices");
    expect(run.stdout).toContain("entry 3:");
    expect(run.stderr).toContain("importing 5/5");
    expect(run.status).toBe(1);
    const stored = t.db.prepare("SELECT answers, channel, redactions FROM responses WHERE channel = 'paper' AND redactions = 1").get() as { answers: string };
    expect(stored.answers).toContain("[tālrunis]");
  }, 60_000);

  test("analyse prints the JSON results; report writes a PDF", () => {
    const analysed = cli("analyse", "--study", field.study.id, "--instruments", "youth,seniors", "--by", "ageGroup", "--json");
    expect(analysed.status).toBe(0);
    const result = JSON.parse(analysed.stdout) as { totalResponses: number; mode: string };
    expect(result.mode).toBe("published");
    expect(result.totalResponses).toBeGreaterThanOrEqual(23);
    const out = join(dir, "cli-report.pdf");
    const reported = cli("report", "--study", field.study.id, "--lang", "en", "--out", out);
    expect(reported.status).toBe(0);
    expect(readFileSync(out).subarray(0, 5).toString()).toBe("%PDF-");
  }, 60_000);

  test("a wrong option says what is wrong", () => {
    const run = cli("analyse", "--study", field.study.id, "--by", "site", "--json");
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("only ageGroup is supported");
  }, 60_000);
});
