/**
 * The API the console needs beyond intake: admins managing accounts, staff changing their own password,
 * the fieldwork progress table, editing a study's lists, and each tablet's last sync day.
 */
import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { loadCatalog } from "../../instruments/catalog.ts";
import { createApp } from "../../server/app.ts";
import { recordInstrumentVersions } from "../../server/store/instruments.ts";
import { addStaff, signedInAs, STAFF_PASSWORD } from "../fixtures/01-staff.ts";
import { youthAnswers, youthFamilyAnswers } from "../fixtures/02-answers.ts";
import { setUpField } from "../fixtures/03-field.ts";
import { call } from "../helpers/http.ts";
import { openTestDb, type TestDb } from "../helpers/test-db.ts";

const catalog = loadCatalog();
const versionOf = (id: string) => catalog.find((c) => c.descriptor.id === id)!.version;
let now = new Date("2026-03-02T08:00:00Z");
let t: TestDb;
let app: ReturnType<typeof createApp>;
beforeEach(() => {
  now = new Date("2026-03-02T08:00:00Z");
  t = openTestDb();
  recordInstrumentVersions(t.db, catalog.map((c) => ({ instrumentId: c.descriptor.id, version: c.version, json: c.json })), "2026-03-01");
  app = createApp({ db: t.db, catalog, clock: () => now });
});
afterEach(() => t.close());

const signIn = (email: string, password: string) => call(app, "POST", "/api/auth/login", { body: { email, password } });
const cookieOf = (res: { headers: Headers }) => /session=[^;]+/.exec(res.headers.get("set-cookie") ?? "")![0];

const response = (instrumentId: string, answers: Record<string, unknown>) => ({
  id: randomUUID(),
  instrumentId,
  instrumentVersion: versionOf(instrumentId),
  locale: "lv",
  answers,
});

describe("accounts, for admins", () => {
  test("an admin creates a colleague, who signs in with the temporary password shown once", async () => {
    const admin = await signedInAs(t.db, "admin", now);
    const created = await call(app, "POST", "/api/users", { cookie: admin, body: { email: "Liga.Berzina@Example.lv", role: "researcher" } });
    expect(created.status).toBe(201);
    expect(created.body.user).toEqual({ id: expect.any(Number), email: "liga.berzina@example.lv", role: "researcher", createdOn: "2026-03-02", disabled: false });
    expect(created.body.temporaryPassword).toMatch(/^[A-Z2-9]{5}(-[A-Z2-9]{5}){3}$/);
    expect(JSON.stringify(created.body.user)).not.toMatch(/scrypt|password/i);

    const signedIn = await signIn("liga.berzina@example.lv", created.body.temporaryPassword);
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.user.role).toBe("researcher");

    const listed = await call(app, "GET", "/api/users", { cookie: admin });
    expect(listed.body.map((u: { email: string }) => u.email)).toEqual(["admin@example.lv", "liga.berzina@example.lv"]);
    const audit = await call(app, "GET", "/api/audit", { cookie: admin });
    const row = audit.body.find((r: { action: string }) => r.action === "user.create");
    expect(row).toBeDefined();
    expect(JSON.stringify(row)).not.toContain(created.body.temporaryPassword);
  });

  test("only admins manage accounts; bad input is named field by field", async () => {
    const researcher = await signedInAs(t.db, "researcher", now);
    expect((await call(app, "GET", "/api/users", { cookie: researcher })).status).toBe(403);
    expect((await call(app, "POST", "/api/users", { cookie: researcher, body: { email: "x@example.lv", role: "admin" } })).status).toBe(403);
    const admin = await signedInAs(t.db, "admin", now);
    const bad = await call(app, "POST", "/api/users", { cookie: admin, body: { email: "not an address", role: "boss" } });
    expect(bad.status).toBe(422);
    expect(bad.body.details.map((d: { path: string }) => d.path).sort()).toEqual(["role"]);
    const badEmail = await call(app, "POST", "/api/users", { cookie: admin, body: { email: "not an address", role: "analyst" } });
    expect(badEmail.status).toBe(422);
    expect(badEmail.body.details[0].path).toBe("email");
    const taken = await call(app, "POST", "/api/users", { cookie: admin, body: { email: "ADMIN@example.lv", role: "analyst" } });
    expect(taken.body.details).toEqual([{ path: "email", reason: "is already in use" }]);
    expect((await call(app, "PATCH", "/api/users/999", { cookie: admin, body: { disabled: true } })).status).toBe(404);
    expect((await call(app, "PATCH", "/api/users/abc", { cookie: admin, body: { disabled: true } })).status).toBe(422);
  });

  test("disabling ends the colleague's sessions and stops sign-in; enabling lets them back", async () => {
    const admin = await signedInAs(t.db, "admin", now);
    const analyst = await addStaff(t.db, "analyst");
    const session = cookieOf(await signIn("analyst@example.lv", STAFF_PASSWORD));
    expect((await call(app, "GET", "/api/auth/me", { cookie: session })).status).toBe(200);

    const disabled = await call(app, "PATCH", `/api/users/${analyst.id}`, { cookie: admin, body: { disabled: true } });
    expect(disabled.body.disabled).toBe(true);
    expect((await call(app, "GET", "/api/auth/me", { cookie: session })).status).toBe(401);
    const refused = await signIn("analyst@example.lv", STAFF_PASSWORD);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe("auth.account_disabled");
    // Someone without the password learns nothing about the account.
    expect((await signIn("analyst@example.lv", "nepareiza parole 123")).body.code).toBe("auth.invalid_credentials");

    await call(app, "PATCH", `/api/users/${analyst.id}`, { cookie: admin, body: { disabled: false, role: "researcher" } });
    const back = await signIn("analyst@example.lv", STAFF_PASSWORD);
    expect(back.status).toBe(200);
    expect(back.body.user.role).toBe("researcher");
  });

  test("an admin cannot disable or demote themselves, and the last admin stays an admin", async () => {
    const adminCookie = await signedInAs(t.db, "admin", now);
    const me = (await call(app, "GET", "/api/auth/me", { cookie: adminCookie })).body.user;
    const self = await call(app, "PATCH", `/api/users/${me.id}`, { cookie: adminCookie, body: { disabled: true } });
    expect(self.status).toBe(409);
    expect(self.body.code).toBe("user.self");
    expect((await call(app, "PATCH", `/api/users/${me.id}`, { cookie: adminCookie, body: { role: "analyst" } })).status).toBe(409);
    const other = await addStaff(t.db, "admin", "second-admin@example.lv");
    expect((await call(app, "PATCH", `/api/users/${other.id}`, { cookie: adminCookie, body: { role: "researcher" } })).status).toBe(200);
  });

  test("a password reset gives a new temporary password and ends the old sessions", async () => {
    const admin = await signedInAs(t.db, "admin", now);
    const researcher = await addStaff(t.db, "researcher");
    const session = cookieOf(await signIn("researcher@example.lv", STAFF_PASSWORD));
    const reset = await call(app, "POST", `/api/users/${researcher.id}/password-reset`, { cookie: admin });
    expect(reset.status).toBe(200);
    expect((await call(app, "GET", "/api/auth/me", { cookie: session })).status).toBe(401);
    expect((await signIn("researcher@example.lv", STAFF_PASSWORD)).status).toBe(401);
    expect((await signIn("researcher@example.lv", reset.body.temporaryPassword)).status).toBe(200);
  });
});

describe("changing one's own password", () => {
  test("needs the current password and a long enough new one", async () => {
    await addStaff(t.db, "interviewer");
    const cookie = cookieOf(await signIn("interviewer@example.lv", STAFF_PASSWORD));
    const wrong = await call(app, "POST", "/api/auth/password", { cookie, body: { currentPassword: "nav tā", newPassword: "jauna gara parole ar ā" } });
    expect(wrong.status).toBe(422);
    expect(wrong.body.details).toEqual([{ path: "currentPassword", reason: "is not your current password" }]);
    const short = await call(app, "POST", "/api/auth/password", { cookie, body: { currentPassword: STAFF_PASSWORD, newPassword: "īsa" } });
    expect(short.body.details[0].path).toBe("newPassword");
    const ok = await call(app, "POST", "/api/auth/password", { cookie, body: { currentPassword: STAFF_PASSWORD, newPassword: "jauna gara parole ar ā" } });
    expect(ok.status).toBe(204);
    expect((await signIn("interviewer@example.lv", "jauna gara parole ar ā")).status).toBe(200);
    expect((await signIn("interviewer@example.lv", STAFF_PASSWORD)).status).toBe(401);
  });
});

describe("fieldwork progress and tablets", () => {
  test("progress counts responses by instrument x prison x channel x age group; tablets show their last sync day", async () => {
    const field = await setUpField(app, t.db, now);
    const empty = await call(app, "GET", `/api/studies/${field.study.id}/progress`, { cookie: field.cookie });
    expect(empty.body).toEqual({ total: 0, rows: [] });
    const devicesBefore = await call(app, "GET", `/api/studies/${field.study.id}/devices`, { cookie: field.cookie });
    expect(devicesBefore.body[0].lastSyncOn).toBeNull();

    const tablet = { authorization: `Bearer ${field.deviceToken}` };
    now = new Date("2026-03-04T09:30:00Z");
    for (let i = 0; i < 2; i += 1) {
      expect((await call(app, "POST", "/api/responses", { headers: tablet, body: response("youth", youthAnswers()) })).status).toBe(201);
    }
    expect((await call(app, "POST", "/api/responses", { body: { ...response("youth-family", youthFamilyAnswers()), linkToken: field.link.token } })).status).toBe(201);

    // Two days later the researcher signs in again.
    const researcher = await signedInAs(t.db, "researcher", now, "second-day@example.lv");
    const progress = await call(app, "GET", `/api/studies/${field.study.id}/progress`, { cookie: researcher });
    expect(progress.headers.get("cache-control")).toBe("no-store");
    expect(progress.body.total).toBe(3);
    expect(progress.body.rows).toEqual([
      { instrumentId: "youth", siteId: "cesis-youth", channel: "tablet", ageGroup: "under-18", n: 2 },
      { instrumentId: "youth-family", siteId: null, channel: "online", ageGroup: "18-21", n: 1 },
    ]);
    const devices = await call(app, "GET", `/api/studies/${field.study.id}/devices`, { cookie: researcher });
    expect(devices.body[0].lastSyncOn).toBe("2026-03-04");
    expect(devices.body[0]).not.toHaveProperty("tokenHash");

    const analyst = await signedInAs(t.db, "analyst", now);
    expect((await call(app, "GET", `/api/studies/${field.study.id}/progress`, { cookie: analyst })).status).toBe(403);
  });
});

describe("editing a study", () => {
  test("threshold, instruments, prisons and channels can change; parts with responses cannot be removed", async () => {
    const field = await setUpField(app, t.db, now);
    const path = `/api/studies/${field.study.id}`;
    const tablet = { authorization: `Bearer ${field.deviceToken}` };
    expect((await call(app, "POST", "/api/responses", { headers: tablet, body: response("youth", youthAnswers()) })).status).toBe(201);

    const edited = await call(app, "PATCH", path, {
      cookie: field.cookie,
      body: { disclosureThreshold: 3, instruments: ["youth", "youth-family", "seniors-family"], sites: ["cesis-youth", "jelgava", "ilguciems"], channels: ["tablet", "online", "paper"] },
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({
      disclosureThreshold: 3,
      instruments: ["youth", "youth-family", "seniors-family"],
      sites: ["cesis-youth", "jelgava", "ilguciems"],
      channels: ["tablet", "online", "paper"],
    });

    const inUse = await call(app, "PATCH", path, { cookie: field.cookie, body: { instruments: ["youth-family"], sites: ["jelgava"], channels: ["online"] } });
    expect(inUse.status).toBe(409);
    expect(inUse.body.code).toBe("study.in_use");
    expect(inUse.body.details).toEqual([
      { path: "instruments", reason: '"youth" already has responses and cannot be removed' },
      { path: "sites", reason: '"cesis-youth" already has responses and cannot be removed' },
      { path: "channels", reason: '"tablet" already has responses and cannot be removed' },
    ]);
    expect((await call(app, "GET", path, { cookie: field.cookie })).body.instruments).toEqual(["youth", "youth-family", "seniors-family"]);

    // Parts without responses may go.
    const trimmed = await call(app, "PATCH", path, { cookie: field.cookie, body: { sites: ["cesis-youth"], channels: ["tablet", "online"] } });
    expect(trimmed.body.sites).toEqual(["cesis-youth"]);
    const unknown = await call(app, "PATCH", path, { cookie: field.cookie, body: { sites: ["cesis-youth", "atlantis"] } });
    expect(unknown.status).toBe(404);
    expect((await call(app, "PATCH", path, { cookie: field.cookie, body: { disclosureThreshold: 0 } })).status).toBe(422);
  });
});
