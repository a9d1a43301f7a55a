/**
 * Intake through the real app on a real SQLite file: who may submit, strict checks, idempotency,
 * anonymisation at the door, and the counts researchers watch.
 */
import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { loadCatalog } from "../../instruments/catalog.ts";
import { createApp } from "../../server/app.ts";
import { recordInstrumentVersions } from "../../server/store/instruments.ts";
import { seniorsAnswers, youthAnswers, youthFamilyAnswers } from "../fixtures/02-answers.ts";
import { setUpField, type Field } from "../fixtures/03-field.ts";
import { call } from "../helpers/http.ts";
import { openTestDb, type TestDb } from "../helpers/test-db.ts";

const catalog = loadCatalog();
const versionOf = (id: string) => catalog.find((c) => c.descriptor.id === id)!.version;
let t: TestDb;
let now: Date;
let logLines: string[];
let app: ReturnType<typeof createApp>;
let field: Field;

beforeEach(async () => {
  t = openTestDb();
  now = new Date("2026-03-02T10:15:00Z");
  logLines = [];
  recordInstrumentVersions(t.db, catalog.map((c) => ({ instrumentId: c.descriptor.id, version: c.version, json: c.json })), "2026-03-01");
  app = createApp({ db: t.db, catalog, clock: () => now, log: (l) => logLines.push(l) });
  field = await setUpField(app, t.db, now, { maxUses: 2 });
});
afterEach(() => t.close());

const response = (instrumentId: string, answers: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  id: randomUUID(),
  instrumentId,
  instrumentVersion: versionOf(instrumentId),
  locale: "lv",
  answers,
  ...extra,
});
const fromTablet = (body: unknown) => call(app, "POST", "/api/responses", { bearer: field.deviceToken, body });
const fromLink = (body: Record<string, unknown>) => call(app, "POST", "/api/responses", { body: { ...body, linkToken: field.link.token } });
const rows = () => t.db.prepare("SELECT * FROM responses ORDER BY id").all() as Record<string, unknown>[];

describe("a tablet and a family link submit", () => {
  test("the tablet's response is stored with channel, site, age group and the day, and nothing about the tablet", async () => {
    const body = response("youth", youthAnswers());
    const res = await fromTablet(body);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: body.id, receivedOn: "2026-03-02" });
    const [row] = rows();
    expect(row).toMatchObject({
      id: body.id,
      study_id: field.study.id,
      instrument_id: "youth",
      channel: "tablet",
      site_id: "cesis-youth",
      age_group: "under-18",
      received_on: "2026-03-02",
      redactions: 0,
    });
    expect(JSON.parse(String(row?.answers))).toEqual(body.answers);
    const stored = JSON.stringify(t.db.prepare("SELECT * FROM responses").all());
    const device = t.db.prepare("SELECT id, token_hash FROM devices").get() as { id: string; token_hash: string };
    expect(stored).not.toContain(device.id);
    expect(stored).not.toContain(device.token_hash);
    expect(stored).not.toContain("10:15");
  });

  test("the family member's response is online, with no site, and counts one use of the link", async () => {
    const res = await fromLink(response("youth-family", youthFamilyAnswers()));
    expect(res.status).toBe(201);
    expect(rows()[0]).toMatchObject({ channel: "online", site_id: null, age_group: "18-21", instrument_id: "youth-family" });
    expect((t.db.prepare("SELECT uses FROM links").get() as { uses: number }).uses).toBe(1);
  });

  test("a personal code, phone and e-mail in free text are stored as markers, with the count", async () => {
    const answers = youthAnswers({
      family_support_awareness_which: "Mans kods 120385-12345, zvaniet 29123456 vai rakstiet janis@inbox.lv",
    });
    expect((await fromTablet(response("youth", answers))).status).toBe(201);
    const [row] = rows();
    const stored = JSON.parse(String(row?.answers)) as Record<string, string>;
    expect(stored.family_support_awareness_which).toBe("Mans kods [personas kods], zvaniet [tālrunis] vai rakstiet [e-pasts]");
    expect(row?.redactions).toBe(3);
    expect(String(row?.answers)).not.toContain("120385");
  });

  test("the request log says method, route and status only", async () => {
    await fromTablet(response("youth", youthAnswers()));
    await fromLink(response("youth-family", youthFamilyAnswers()));
    expect(logLines.filter((l) => l.includes("/api/responses"))).toEqual(["POST /api/responses 201", "POST /api/responses 201"]);
  });
});

describe("exactly once", () => {
  test("the same id with the same payload gets the same receipt with 200; with another payload 409", async () => {
    const body = response("youth", youthAnswers());
    const first = await fromTablet(body);
    now = new Date("2026-03-03T09:00:00Z");
    const again = await fromTablet(body);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const changed = await fromTablet({ ...body, answers: youthAnswers({ gender: "female" }) });
    expect(changed.status).toBe(409);
    expect(changed.body.code).toBe("response.duplicate_conflict");
    expect(rows()).toHaveLength(1);
  });

  test("50 identical posts at once store exactly one row", async () => {
    const body = response("youth", youthAnswers());
    const results = await Promise.all(Array.from({ length: 50 }, () => fromTablet(body)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 200)).toHaveLength(49);
    expect(rows()).toHaveLength(1);
  });

  test("a retry through a used-up link still gets its receipt, and does not use the link again", async () => {
    const first = response("youth-family", youthFamilyAnswers());
    expect((await fromLink(first)).status).toBe(201);
    expect((await fromLink(response("youth-family", youthFamilyAnswers()))).status).toBe(201);
    const third = await fromLink(response("youth-family", youthFamilyAnswers()));
    expect(third.status).toBe(410);
    expect(third.body).toMatchObject({ code: "link.gone", details: { reason: "used-up" } });
    expect((await fromLink(first)).status).toBe(200);
    expect((t.db.prepare("SELECT uses FROM links").get() as { uses: number }).uses).toBe(2);
    expect(rows()).toHaveLength(2);
  });
});

describe("strict checks", () => {
  test("every offending answer is listed in one 422", async () => {
    const answers = youthAnswers({
      gender: "other-gender",
      family_day_importance: 7,
      support_needs_fit: { psychological: { rating: "4" } },
      favourite_colour: "blue",
      support_participation: "no",
      age_band: "18-21",
      family_support_awareness_which: "x".repeat(5001),
    });
    const res = await fromTablet(response("youth", answers));
    expect(res.status).toBe(422);
    expect(res.body.code).toBe("response.invalid_answers");
    const paths = res.body.details.map((d: { path: string }) => d.path);
    for (const path of ["gender", "family_day_importance", "support_needs_fit.psychological.rating", "favourite_colour", "support_participation_types", "age_exact", "family_support_awareness_which"]) {
      expect(paths, path).toContain(path);
    }
    expect(rows()).toHaveLength(0);
  });

  test.each([
    ["an unknown instrument", { instrumentId: "nope" }, 404, "instrument.not_found"],
    ["an instrument the study does not use", { instrumentId: "mothers", instrumentVersion: "x" }, 403, "study.instrument_not_included"],
    ["a version never served", { instrumentVersion: "0000000000000000" }, 409, "response.unknown_instrument_version"],
    ["an id that is not a UUID", { id: "1" }, 422, "request.invalid"],
    ["an unknown locale", { locale: "de" }, 422, "request.invalid"],
    ["an extra top-level field", { deviceId: "tablet-7" }, 422, "request.invalid"],
    ["answers that are not an object", { answers: ["x"] }, 422, "request.invalid"],
  ])("%s is refused with the right status and code", async (_label, change, status, code) => {
    const res = await fromTablet({ ...response("youth", youthAnswers()), ...change });
    expect(res.status).toBe(status);
    expect(res.body.code).toBe(code);
  });

  test("an older version that the server served is accepted and stored with its version", async () => {
    const current = catalog.find((c) => c.descriptor.id === "seniors")!;
    const older = { ...current.json, title: { lv: "Vecāka versija", ru: "Старая версия", en: "Older version" } };
    recordInstrumentVersions(t.db, [{ instrumentId: "seniors", version: "aaaaaaaaaaaaaaaa", json: older }], "2026-02-01");
    const res = await fromTablet(response("seniors", seniorsAnswers(), { instrumentVersion: "aaaaaaaaaaaaaaaa" }));
    expect(res.status).toBe(201);
    expect(rows()[0]).toMatchObject({ instrument_version: "aaaaaaaaaaaaaaaa", age_group: "over-70" });
  });

  test("a body over 256 KB gets 413; a form body gets 415; broken JSON gets 400", async () => {
    const big = response("youth", youthAnswers({ family_support_awareness_which: "ā".repeat(140_000) }));
    expect((await fromTablet(big)).status).toBe(413);
    const form = await call(app, "POST", "/api/responses", { bearer: field.deviceToken, body: "a=1", headers: { "Content-Type": "text/plain" } });
    expect(form.status).toBe(415);
    expect((await fromTablet("{")).status).toBe(400);
  });

  test("a link answers only for its own instrument", async () => {
    const res = await fromLink(response("youth", youthAnswers()));
    expect(res.status).toBe(403);
    expect(res.body.code).toBe("link.instrument_mismatch");
  });
});

describe("credentials and study state", () => {
  test("no credential is 401; a made-up token is 401; a revoked tablet is 403; a revoked link is 410", async () => {
    const body = response("youth", youthAnswers());
    expect((await call(app, "POST", "/api/responses", { body })).body.code).toBe("credential.missing");
    expect((await call(app, "POST", "/api/responses", { bearer: "made-up", body })).status).toBe(401);
    expect((await call(app, "POST", "/api/responses", { body: { ...body, linkToken: "made-up" } })).status).toBe(401);
    const devices = await call(app, "GET", `/api/studies/${field.study.id}/devices`, { cookie: field.cookie });
    await call(app, "DELETE", `/api/devices/${devices.body[0].id}`, { cookie: field.cookie });
    const revoked = await fromTablet(body);
    expect([revoked.status, revoked.body.code]).toEqual([403, "credential.revoked"]);
    await call(app, "DELETE", `/api/links/${field.link.id}`, { cookie: field.cookie });
    const closedLink = await fromLink(response("youth-family", youthFamilyAnswers()));
    expect([closedLink.status, closedLink.body.code]).toEqual([410, "link.gone"]);
  });

  test("a closed study, or one outside its dates, takes no responses and says why", async () => {
    await call(app, "PATCH", `/api/studies/${field.study.id}`, { cookie: field.cookie, body: { closed: true } });
    expect((await fromTablet(response("youth", youthAnswers()))).body.code).toBe("study.closed");
    await call(app, "PATCH", `/api/studies/${field.study.id}`, { cookie: field.cookie, body: { closed: false, opensOn: "2026-04-01" } });
    const early = await fromTablet(response("youth", youthAnswers()));
    expect([early.status, early.body.code]).toEqual([403, "study.not_open"]);
    await call(app, "PATCH", `/api/studies/${field.study.id}`, { cookie: field.cookie, body: { opensOn: null, closesOn: "2026-03-01" } });
    expect((await fromTablet(response("youth", youthAnswers()))).body.code).toBe("study.closed");
    expect(rows()).toHaveLength(0);
  });

  test("a study without the online channel refuses link responses", async () => {
    t.db.prepare("UPDATE studies SET channels = ?").run(JSON.stringify(["tablet"]));
    const res = await fromLink(response("youth-family", youthFamilyAnswers()));
    expect(res.body.code).toBe("study.channel_not_included");
  });
});

describe("GET /api/studies/:id/counts", () => {
  test("counts by instrument, site, channel and age group", async () => {
    await fromTablet(response("youth", youthAnswers()));
    await fromTablet(response("youth", youthAnswers({ age_band: "22-25", age_exact: undefined })));
    await fromTablet(response("seniors", seniorsAnswers()));
    await fromLink(response("youth-family", youthFamilyAnswers()));
    const res = await call(app, "GET", `/api/studies/${field.study.id}/counts`, { cookie: field.cookie });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      total: 4,
      byInstrument: { seniors: 1, youth: 2, "youth-family": 1 },
      bySite: { "cesis-youth": 3, none: 1 },
      byChannel: { online: 1, tablet: 3 },
      byAgeGroup: { "18-21": 1, "22-25": 1, "over-70": 1, "under-18": 1 },
    });
  });

  test("is for admins and researchers only", async () => {
    const { signedInAs } = await import("../fixtures/01-staff.ts");
    const analyst = await signedInAs(t.db, "analyst", now);
    expect((await call(app, "GET", `/api/studies/${field.study.id}/counts`, { cookie: analyst })).status).toBe(403);
    expect((await call(app, "GET", `/api/studies/${field.study.id}/counts`, { bearer: field.deviceToken })).status).toBe(401);
  });
});
