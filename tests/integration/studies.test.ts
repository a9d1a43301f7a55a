/**
 * Sites and studies through the real app: who may create and change them, and what a bad request gets.
 */
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { loadCatalog } from "../../instruments/catalog.ts";
import { createApp } from "../../server/app.ts";
import { signedInAs } from "../fixtures/01-staff.ts";
import { call } from "../helpers/http.ts";
import { openTestDb, type TestDb } from "../helpers/test-db.ts";

const catalog = loadCatalog();
const now = new Date("2026-03-02T08:00:00Z");
let t: TestDb;
let app: ReturnType<typeof createApp>;
beforeEach(() => {
  t = openTestDb();
  app = createApp({ db: t.db, catalog, clock: () => now });
});
afterEach(() => t.close());

const wave = {
  name: "2026. gada pavasara vilnis",
  instruments: ["youth", "youth-family"],
  sites: ["cesis-youth", "jelgava"],
  channels: ["tablet", "online"],
};

describe("GET /api/sites", () => {
  test("lists the nine prisons of the study, with Latvian letters", async () => {
    const cookie = await signedInAs(t.db, "analyst", now);
    const res = await call(app, "GET", "/api/sites", { cookie });
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(9);
    expect(res.body.map((s: { name: string }) => s.name)).toContain("Iļģuciema cietums");
    expect(res.body.map((s: { name: string }) => s.name)).toContain("Cēsu Audzināšanas iestāde nepilngadīgajiem");
  });

  test("admins may add a site; others may not; duplicates are refused", async () => {
    const admin = await signedInAs(t.db, "admin", now);
    const researcher = await signedInAs(t.db, "researcher", now);
    expect((await call(app, "POST", "/api/sites", { cookie: researcher, body: { id: "grivas", name: "Grīvas cietums" } })).status).toBe(403);
    expect((await call(app, "POST", "/api/sites", { cookie: admin, body: { id: "grivas", name: "Grīvas cietums" } })).status).toBe(201);
    expect((await call(app, "POST", "/api/sites", { cookie: admin, body: { id: "grivas", name: "Cits" } })).body.code).toBe("site.duplicate");
    expect((await call(app, "POST", "/api/sites", { cookie: admin, body: { id: "Bad Id", name: "X" } })).status).toBe(422);
  });
});

describe("studies", () => {
  test("a researcher creates a study for two prisons; it defaults to a disclosure threshold of 5", async () => {
    const cookie = await signedInAs(t.db, "researcher", now);
    const res = await call(app, "POST", "/api/studies", { cookie, body: wave });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ ...wave, disclosureThreshold: 5, closed: false, opensOn: null, closesOn: null, createdOn: "2026-03-02" });
    expect(res.body.id).toMatch(/^[0-9a-f-]{36}$/);
    const listed = await call(app, "GET", "/api/studies", { cookie });
    expect(listed.body.map((s: { id: string }) => s.id)).toEqual([res.body.id]);
    const one = await call(app, "GET", `/api/studies/${res.body.id}`, { cookie });
    expect(one.body).toEqual(res.body);
  });

  test("rename, close and reopen with PATCH", async () => {
    const cookie = await signedInAs(t.db, "admin", now);
    const { body: study } = await call(app, "POST", "/api/studies", { cookie, body: wave });
    const renamed = await call(app, "PATCH", `/api/studies/${study.id}`, { cookie, body: { name: "Rudens vilnis" } });
    expect(renamed.body.name).toBe("Rudens vilnis");
    expect((await call(app, "PATCH", `/api/studies/${study.id}`, { cookie, body: { closed: true } })).body.closed).toBe(true);
    expect((await call(app, "PATCH", `/api/studies/${study.id}`, { cookie, body: { closed: false } })).body.closed).toBe(false);
    const bad = await call(app, "PATCH", `/api/studies/${study.id}`, { cookie, body: { opensOn: "2026-05-01", closesOn: "2026-04-01" } });
    expect(bad.status).toBe(422);
  });

  test("every wrong field is named in one 422", async () => {
    const cookie = await signedInAs(t.db, "researcher", now);
    const res = await call(app, "POST", "/api/studies", {
      cookie,
      body: { name: "", instruments: ["youth", "nope"], sites: [], channels: ["fax"], opensOn: "2026-13-01", colour: "red" },
    });
    expect(res.status).toBe(422);
    const paths = res.body.details.map((d: { path: string }) => d.path);
    for (const path of ["name", "instruments.1", "sites", "channels.0", "opensOn"]) expect(paths).toContain(path);
  });

  test("an unknown site is named", async () => {
    const cookie = await signedInAs(t.db, "researcher", now);
    const res = await call(app, "POST", "/api/studies", { cookie, body: { ...wave, sites: ["jelgava", "atlantis"] } });
    expect(res.status).toBe(404);
    expect(res.body.detail).toContain("atlantis");
  });

  test("analysts and interviewers may read but not create; nobody unsigned may read", async () => {
    const analyst = await signedInAs(t.db, "analyst", now);
    const interviewer = await signedInAs(t.db, "interviewer", now);
    expect((await call(app, "POST", "/api/studies", { cookie: analyst, body: wave })).status).toBe(403);
    expect((await call(app, "POST", "/api/studies", { cookie: interviewer, body: wave })).status).toBe(403);
    expect((await call(app, "GET", "/api/studies", { cookie: interviewer })).status).toBe(200);
    expect((await call(app, "GET", "/api/studies")).status).toBe(401);
    expect((await call(app, "GET", "/api/studies/none", { cookie: analyst })).body.code).toBe("study.not_found");
  });
});
