/**
 * Staff sign-in against the real app and a real SQLite file: cookies, session limits, throttling, roles.
 */
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { loadCatalog } from "../../instruments/catalog.ts";
import { createApp } from "../../server/app.ts";
import { LOGIN_FAILURE_LIMIT } from "../../server/services/accounts.ts";
import { addStaff, signedInAs, STAFF_PASSWORD } from "../fixtures/01-staff.ts";
import { call } from "../helpers/http.ts";
import { openTestDb, type TestDb } from "../helpers/test-db.ts";

const catalog = loadCatalog();
let t: TestDb;
let now: Date;
const clock = () => now;

beforeEach(() => {
  t = openTestDb();
  now = new Date("2026-03-02T08:00:00Z");
});
afterEach(() => t.close());

const app = (secureCookies = false) => createApp({ db: t.db, catalog, clock, secureCookies });
const cookieOf = (headers: Headers) => (headers.get("set-cookie") ?? "").split(";")[0] ?? "";

describe("POST /api/auth/login", () => {
  test("signs in with a session cookie that is HttpOnly, SameSite=Strict, Path=/", async () => {
    await addStaff(t.db, "researcher", "Petra@Example.lv");
    const res = await call(app(), "POST", "/api/auth/login", { body: { email: "petra@example.lv", password: STAFF_PASSWORD } });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ email: "Petra@Example.lv", role: "researcher" });
    const setCookie = res.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/^session=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toContain("HttpOnly");
    expect(setCookie).toContain("SameSite=Strict");
    expect(setCookie).toContain("Path=/");
    const me = await call(app(), "GET", "/api/auth/me", { cookie: cookieOf(res.headers) });
    expect(me.status).toBe(200);
    expect(me.body.user.role).toBe("researcher");
  });

  test("over https the cookie is __Host-session and Secure", async () => {
    await addStaff(t.db, "admin");
    const res = await call(app(true), "POST", "/api/auth/login", { body: { email: "admin@example.lv", password: STAFF_PASSWORD } });
    const setCookie = res.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/^__Host-session=/);
    expect(setCookie).toContain("Secure");
    const me = await call(app(true), "GET", "/api/auth/me", { cookie: cookieOf(res.headers) });
    expect(me.status).toBe(200);
  });

  test("a wrong password and an unknown account get the same 401", async () => {
    await addStaff(t.db, "admin");
    const wrong = await call(app(), "POST", "/api/auth/login", { body: { email: "admin@example.lv", password: "not the password" } });
    const unknown = await call(app(), "POST", "/api/auth/login", { body: { email: "nobody@example.lv", password: "not the password" } });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(wrong.body.code).toBe("auth.invalid_credentials");
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.headers.get("set-cookie")).toBeNull();
  });

  test(`after ${LOGIN_FAILURE_LIMIT} failures in 15 minutes the account answers 429, even to the right password`, async () => {
    await addStaff(t.db, "admin");
    await addStaff(t.db, "researcher");
    for (let i = 0; i < LOGIN_FAILURE_LIMIT; i += 1) {
      const res = await call(app(), "POST", "/api/auth/login", { body: { email: "ADMIN@example.lv", password: `guess ${i} is wrong` } });
      expect(res.status).toBe(401);
    }
    const blocked = await call(app(), "POST", "/api/auth/login", { body: { email: "admin@example.lv", password: STAFF_PASSWORD } });
    expect(blocked.status).toBe(429);
    expect(blocked.body.code).toBe("auth.too_many_attempts");
    expect(blocked.headers.get("retry-after")).toBe("900");
    // Another account from the same address is not affected: the limit is per account.
    const other = await call(app(), "POST", "/api/auth/login", { body: { email: "researcher@example.lv", password: STAFF_PASSWORD } });
    expect(other.status).toBe(200);
    now = new Date(now.getTime() + 15 * 60 * 1000 + 1000);
    const later = await call(app(), "POST", "/api/auth/login", { body: { email: "admin@example.lv", password: STAFF_PASSWORD } });
    expect(later.status).toBe(200);
  }, 60_000);

  test.each([
    [{ email: "a@b.lv" }, 422],
    [{ email: 5, password: "x" }, 422],
    ["{not json", 400],
  ])("a malformed body %j gets %i", async (body, status) => {
    const res = await call(app(), "POST", "/api/auth/login", { body });
    expect(res.status).toBe(status);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
  });

  test("a body that is not JSON by content type gets 415", async () => {
    const res = await call(app(), "POST", "/api/auth/login", { body: "email=a", headers: { "Content-Type": "application/x-www-form-urlencoded" } });
    expect(res.status).toBe(415);
  });
});

describe("sessions", () => {
  test("end after 30 minutes without a request", async () => {
    const cookie = await signedInAs(t.db, "analyst", now);
    now = new Date(now.getTime() + 29 * 60 * 1000);
    expect((await call(app(), "GET", "/api/auth/me", { cookie })).status).toBe(200);
    now = new Date(now.getTime() + 29 * 60 * 1000);
    expect((await call(app(), "GET", "/api/auth/me", { cookie })).status).toBe(200);
    now = new Date(now.getTime() + 31 * 60 * 1000);
    const res = await call(app(), "GET", "/api/auth/me", { cookie });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe("auth.unauthenticated");
  });

  test("end 12 hours after sign-in however active", async () => {
    const cookie = await signedInAs(t.db, "analyst", now);
    for (let minutes = 25; minutes < 12 * 60; minutes += 25) {
      now = new Date(now.getTime() + 25 * 60 * 1000);
      expect((await call(app(), "GET", "/api/auth/me", { cookie })).status, `after ${minutes} min`).toBe(200);
    }
    now = new Date(now.getTime() + 25 * 60 * 1000);
    expect((await call(app(), "GET", "/api/auth/me", { cookie })).status).toBe(401);
  });

  test("logout ends the session", async () => {
    const cookie = await signedInAs(t.db, "interviewer", now);
    const out = await call(app(), "POST", "/api/auth/logout", { cookie });
    expect(out.status).toBe(204);
    expect(out.headers.get("set-cookie")).toMatch(/session=;/);
    expect((await call(app(), "GET", "/api/auth/me", { cookie })).status).toBe(401);
  });

  test("a made-up cookie is 401", async () => {
    expect((await call(app(), "GET", "/api/auth/me", { cookie: "session=forged" })).status).toBe(401);
  });
});
