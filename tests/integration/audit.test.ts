/**
 * The audit log: staff actions are recorded with who, what and on what; admins can read it; it never holds
 * answers, tokens or codes.
 */
import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, expect, test } from "vitest";
import { loadCatalog } from "../../instruments/catalog.ts";
import { createApp } from "../../server/app.ts";
import { recordInstrumentVersions } from "../../server/store/instruments.ts";
import { addStaff, signedInAs, STAFF_PASSWORD } from "../fixtures/01-staff.ts";
import { youthAnswers } from "../fixtures/02-answers.ts";
import { setUpField } from "../fixtures/03-field.ts";
import { call } from "../helpers/http.ts";
import { openTestDb, type TestDb } from "../helpers/test-db.ts";

const catalog = loadCatalog();
const now = new Date("2026-03-02T10:15:00Z");
let t: TestDb;
let app: ReturnType<typeof createApp>;

beforeEach(() => {
  t = openTestDb();
  recordInstrumentVersions(t.db, catalog.map((c) => ({ instrumentId: c.descriptor.id, version: c.version, json: c.json })), "2026-03-01");
  app = createApp({ db: t.db, catalog, clock: () => now });
});
afterEach(() => t.close());

const actions = () => (t.db.prepare("SELECT actor, action, target FROM audit_log ORDER BY id").all() as { actor: string; action: string; target: string | null }[]);

test("sign-ins, failed sign-ins and sign-outs are recorded", async () => {
  await addStaff(t.db, "researcher", "ilze@example.lv");
  await call(app, "POST", "/api/auth/login", { body: { email: "Ilze@example.lv", password: "wrong password!!" } });
  const ok = await call(app, "POST", "/api/auth/login", { body: { email: "ilze@example.lv", password: STAFF_PASSWORD } });
  const cookie = (ok.headers.get("set-cookie") ?? "").split(";")[0]!;
  await call(app, "POST", "/api/auth/logout", { cookie });
  expect(actions()).toEqual([
    { actor: "ilze@example.lv", action: "auth.sign_in_failed", target: null },
    { actor: "ilze@example.lv", action: "auth.sign_in", target: null },
    { actor: "ilze@example.lv", action: "auth.sign_out", target: null },
  ]);
  const failed = t.db.prepare("SELECT detail, user_id AS userId, at FROM audit_log WHERE action = 'auth.sign_in_failed'").get() as { detail: string; userId: number | null; at: string };
  expect(JSON.parse(failed.detail)).toEqual({ code: "auth.invalid_credentials" });
  expect(failed.userId).toBeNull();
  expect(failed.at).toBe("2026-03-02T10:15:00.000Z");
}, 30_000);

test("study set-up, tablets, links and report downloads are recorded; answers, tokens and codes never", async () => {
  const field = await setUpField(app, t.db, now);
  const devices = await call(app, "GET", `/api/studies/${field.study.id}/devices`, { cookie: field.cookie });
  await call(app, "DELETE", `/api/devices/${devices.body[0].id}`, { cookie: field.cookie });
  await call(app, "DELETE", `/api/links/${field.link.id}`, { cookie: field.cookie });
  await call(app, "PATCH", `/api/studies/${field.study.id}`, { cookie: field.cookie, body: { name: "Rudens vilnis" } });
  const secret = "Mana atbilde, ko neviens nedrīkst redzēt";
  const version = catalog.find((c) => c.descriptor.id === "youth")!.version;
  const enrolment = await call(app, "POST", `/api/studies/${field.study.id}/enrolments`, { cookie: field.cookie, body: { siteId: "jelgava" } });
  const device = await call(app, "POST", "/api/devices", { body: { code: enrolment.body.code } });
  await call(app, "POST", "/api/responses", {
    bearer: device.body.token,
    body: { id: randomUUID(), instrumentId: "youth", instrumentVersion: version, locale: "lv", answers: youthAnswers({ family_support_awareness_which: secret }) },
  });
  await app.request(`/api/studies/${field.study.id}/report.pdf?lang=en`, { headers: { Cookie: field.cookie } });

  expect(actions().map((a) => a.action)).toEqual([
    "study.create",
    "enrolment.create",
    "device.enrol",
    "link.create",
    "device.revoke",
    "link.revoke",
    "study.update",
    "enrolment.create",
    "device.enrol",
    "report.download",
  ]);
  expect(actions().find((a) => a.action === "device.enrol")?.actor).toBe("tablet");
  const everything = JSON.stringify(t.db.prepare("SELECT * FROM audit_log").all());
  for (const hidden of [secret, field.deviceToken, field.link.token, enrolment.body.code, device.body.token]) expect(everything).not.toContain(hidden);
}, 60_000);

test("only admins read the log, newest first, in pages", async () => {
  const admin = await signedInAs(t.db, "admin", now);
  const researcher = await signedInAs(t.db, "researcher", now);
  for (let i = 0; i < 3; i += 1) await call(app, "POST", "/api/sites", { cookie: admin, body: { id: `site-${i}`, name: `Vieta ${i}` } });
  expect((await call(app, "GET", "/api/audit", { cookie: researcher })).status).toBe(403);
  const page = await call(app, "GET", "/api/audit?limit=2", { cookie: admin });
  expect(page.body.map((e: { target: string }) => e.target)).toEqual(["site-2", "site-1"]);
  const next = await call(app, "GET", `/api/audit?limit=2&before=${page.body[1].id}`, { cookie: admin });
  expect(next.body.map((e: { target: string }) => e.target)).toEqual(["site-0"]);
  expect((await call(app, "GET", "/api/audit?limit=0", { cookie: admin })).status).toBe(422);
});
