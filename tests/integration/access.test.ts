/**
 * Tablet enrolment and family links through the real app and a real SQLite file.
 */
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { loadCatalog } from "../../instruments/catalog.ts";
import { createApp } from "../../server/app.ts";
import { signedInAs } from "../fixtures/01-staff.ts";
import { call } from "../helpers/http.ts";
import { openTestDb, type TestDb } from "../helpers/test-db.ts";

const catalog = loadCatalog();
let t: TestDb;
let now: Date;
let app: ReturnType<typeof createApp>;
let cookie: string;
let studyId: string;

beforeEach(async () => {
  t = openTestDb();
  now = new Date("2026-03-02T08:00:00Z");
  app = createApp({ db: t.db, catalog, clock: () => now, publicUrl: "https://research.example.lv" });
  cookie = await signedInAs(t.db, "researcher", now);
  const study = await call(app, "POST", "/api/studies", {
    cookie,
    body: { name: "Vilnis", instruments: ["youth", "seniors", "youth-family"], sites: ["cesis-youth", "jelgava"], channels: ["tablet", "online"] },
  });
  studyId = study.body.id;
});
afterEach(() => t.close());

const enrol = (siteId = "jelgava") => call(app, "POST", `/api/studies/${studyId}/enrolments`, { cookie, body: { siteId } });

describe("tablet enrolment", () => {
  test("a short code enrols one tablet and gives it a long token, its study, site and tablet instruments", async () => {
    const enrolment = await enrol();
    expect(enrolment.status).toBe(201);
    expect(enrolment.body.code).toMatch(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
    expect(enrolment.body.expiresAt).toBe("2026-03-03T08:00:00.000Z");
    const typed = enrolment.body.code.toLowerCase().replace("-", " ");
    const device = await call(app, "POST", "/api/devices", { body: { code: typed } });
    expect(device.status).toBe(201);
    expect(device.body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(device.body.study).toEqual({ id: studyId, name: "Vilnis" });
    expect(device.body.site).toEqual({ id: "jelgava", name: "Jelgavas cietums" });
    expect(device.body.instruments.map((i: { id: string }) => i.id)).toEqual(["youth", "seniors"]);
    expect(device.body.instruments[0].version).toMatch(/^[0-9a-f]{16}$/);
  });

  test("a code works once", async () => {
    const { body } = await enrol();
    expect((await call(app, "POST", "/api/devices", { body: { code: body.code } })).status).toBe(201);
    const again = await call(app, "POST", "/api/devices", { body: { code: body.code } });
    expect(again.status).toBe(401);
    expect(again.body.code).toBe("enrolment.invalid_code");
  });

  test("a code expires after 24 hours", async () => {
    const { body } = await enrol();
    now = new Date(now.getTime() + 24 * 60 * 60 * 1000 + 1);
    const res = await call(app, "POST", "/api/devices", { body: { code: body.code } });
    expect(res.status).toBe(401);
    expect(res.body.detail).toContain("expired");
  });

  test("only the study's sites, only with the tablet channel, only by organisers", async () => {
    expect((await enrol("valmiera")).body.code).toBe("study.site_not_included");
    const analyst = await signedInAs(t.db, "analyst", now);
    expect((await call(app, "POST", `/api/studies/${studyId}/enrolments`, { cookie: analyst, body: { siteId: "jelgava" } })).status).toBe(403);
    const online = await call(app, "POST", "/api/studies", {
      cookie,
      body: { name: "Tikai tiešsaistē", instruments: ["youth-family"], sites: ["jelgava"], channels: ["online"] },
    });
    const res = await call(app, "POST", `/api/studies/${online.body.id}/enrolments`, { cookie, body: { siteId: "jelgava" } });
    expect(res.body.code).toBe("study.channel_not_included");
  });

  test("researchers list devices without their tokens and revoke them", async () => {
    const { body } = await enrol();
    await call(app, "POST", "/api/devices", { body: { code: body.code } });
    const list = await call(app, "GET", `/api/studies/${studyId}/devices`, { cookie });
    expect(list.body).toHaveLength(1);
    expect(list.body[0]).toEqual({ id: expect.any(String), studyId, siteId: "jelgava", enrolledOn: "2026-03-02", lastSyncOn: null, revoked: false });
    expect((await call(app, "DELETE", `/api/devices/${list.body[0].id}`, { cookie })).status).toBe(204);
    expect((await call(app, "GET", `/api/studies/${studyId}/devices`, { cookie })).body[0].revoked).toBe(true);
    expect((await call(app, "DELETE", "/api/devices/nope", { cookie })).status).toBe(404);
  });
});

describe("family links", () => {
  test("a link names one instrument of the study and carries a URL on the public address", async () => {
    const res = await call(app, "POST", `/api/studies/${studyId}/links`, { cookie, body: { instrumentId: "youth-family", maxUses: 3 } });
    expect(res.status).toBe(201);
    expect(res.body.url).toBe(`https://research.example.lv/f/${res.body.token}`);
    expect(res.body).toMatchObject({ instrumentId: "youth-family", maxUses: 3 });
    const list = await call(app, "GET", `/api/studies/${studyId}/links`, { cookie });
    expect(list.body[0]).toMatchObject({ id: res.body.id, uses: 0, maxUses: 3, revoked: false });
    expect(list.body[0].tokenHash).toBeUndefined();
  });

  test("an instrument outside the study is refused, naming the reason", async () => {
    const res = await call(app, "POST", `/api/studies/${studyId}/links`, { cookie, body: { instrumentId: "mothers" } });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe("study.instrument_not_included");
  });

  test("the family page can ask whether its link is usable, without signing in", async () => {
    const link = await call(app, "POST", `/api/studies/${studyId}/links`, { cookie, body: { instrumentId: "youth-family", maxUses: 1 } });
    const ok = await call(app, "GET", `/api/link-status/${link.body.token}`);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ instrumentId: "youth-family", version: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect(ok.body.title.lv).toContain("ģimenes");
    t.db.prepare("UPDATE links SET uses = 1").run();
    const used = await call(app, "GET", `/api/link-status/${link.body.token}`);
    expect([used.status, used.body.details.reason]).toEqual([410, "used-up"]);
    await call(app, "DELETE", `/api/links/${link.body.id}`, { cookie });
    expect((await call(app, "GET", `/api/link-status/${link.body.token}`)).body.details.reason).toBe("revoked");
    expect((await call(app, "GET", "/api/link-status/made-up-token")).status).toBe(401);
  });

  test("tokens and codes are stored only as hashes", async () => {
    const link = await call(app, "POST", `/api/studies/${studyId}/links`, { cookie, body: { instrumentId: "youth-family" } });
    const { body } = await enrol();
    const device = await call(app, "POST", "/api/devices", { body: { code: body.code } });
    const dump = JSON.stringify([
      t.db.prepare("SELECT * FROM links").all(),
      t.db.prepare("SELECT * FROM devices").all(),
      t.db.prepare("SELECT * FROM enrolments").all(),
    ]);
    for (const secret of [link.body.token, device.body.token, body.code]) expect(dump).not.toContain(secret);
  });
});
