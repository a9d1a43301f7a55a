/**
 * The HTTP contract of the instrument routes, against the real app on a real, migrated SQLite file.
 */
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { loadCatalog } from "../../instruments/catalog.ts";
import { INSTRUMENT_IDS } from "../../instruments/index.ts";
import { createApp } from "../../server/app.ts";
import { openTestDb, type TestDb } from "../helpers/test-db.ts";

const catalog = loadCatalog();
let testDb: TestDb;
let logLines: string[];
let app: ReturnType<typeof createApp>;

beforeEach(() => {
  testDb = openTestDb();
  logLines = [];
  app = createApp({ db: testDb.db, catalog, clock: () => new Date("2026-03-02T10:00:00Z"), log: (l) => logLines.push(l) });
});
afterEach(() => testDb.close());

describe("GET /api/health", () => {
  test("answers 200 with the database reachable", async () => {
    const res = await app.request("/api/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", database: "ok", instruments: 11 });
  });

  test("answers 503 when the database is closed", async () => {
    testDb.db.close();
    const res = await app.request("/api/health");
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: "degraded", database: "unavailable" });
  });
});

describe("GET /api/instruments", () => {
  test("lists the eleven instruments in appendix order with id, appendix, kind, title and version", async () => {
    const res = await app.request("/api/instruments");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    const list = (await res.json()) as Record<string, unknown>[];
    expect(list.map((i) => i.id)).toEqual([...INSTRUMENT_IDS]);
    expect(list.map((i) => i.appendix)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    for (const item of list) {
      expect(["questionnaire", "interview"]).toContain(item.kind);
      expect(item.version).toMatch(/^[0-9a-f]{16}$/);
      const title = item.title as Record<string, string>;
      for (const locale of ["lv", "ru", "en"]) expect(title[locale]?.length).toBeGreaterThan(10);
    }
    const youth = list.find((i) => i.id === "youth");
    expect(youth).toMatchObject({ kind: "questionnaire", appendix: 1, questionCounts: [11], ageGroupQuestion: "age_band" });
  });
});

describe("GET /api/instruments/:id", () => {
  test("serves the SurveyJS JSON with the version as ETag", async () => {
    const listed = (await (await app.request("/api/instruments")).json()) as { id: string; version: string }[];
    for (const { id, version } of listed) {
      const res = await app.request(`/api/instruments/${id}`);
      expect(res.status, id).toBe(200);
      expect(res.headers.get("etag")).toBe(`"${version}"`);
      const json = await res.json();
      expect(json).toEqual(catalog.find((c) => c.descriptor.id === id)?.json);
    }
  });

  test("Latvian letters arrive intact in UTF-8", async () => {
    const res = await app.request("/api/instruments/youth");
    expect(res.headers.get("content-type")).toContain("charset=utf-8");
    const text = await res.text();
    for (const word of ["ģimenes", "Jūsu", "pasākumiem", "Психологическая"]) expect(text).toContain(word);
  });

  test("answers 304 with no body when If-None-Match names the current version", async () => {
    const first = await app.request("/api/instruments/mothers");
    const etag = first.headers.get("etag") ?? "";
    for (const header of [etag, `W/${etag}`, `"stale", ${etag}`, "*"]) {
      const res = await app.request("/api/instruments/mothers", { headers: { "If-None-Match": header } });
      expect(res.status, header).toBe(304);
      expect(await res.text()).toBe("");
      expect(res.headers.get("etag")).toBe(etag);
    }
  });

  test("answers 200 when If-None-Match names another version", async () => {
    const res = await app.request("/api/instruments/mothers", { headers: { "If-None-Match": '"0000000000000000"' } });
    expect(res.status).toBe(200);
  });

  test("answers 404 problem+json with a stable code for an unknown id", async () => {
    const res = await app.request("/api/instruments/no-such-thing");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(await res.json()).toEqual({
      type: "urn:problem:instrument.not_found",
      title: "instrument.not_found",
      status: 404,
      code: "instrument.not_found",
      detail: 'There is no instrument "no-such-thing".',
      details: { id: "no-such-thing" },
    });
  });
});

describe("everything else", () => {
  test("an unknown route is a 404 problem, not an HTML page", async () => {
    const res = await app.request("/api/nothing-here?token=secret");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(((await res.json()) as { code: string }).code).toBe("request.not_found");
  });

  test("request log lines carry method, route pattern and status only", async () => {
    await app.request("/api/instruments/youth", { headers: { "User-Agent": "Tablet-7 Chrome", "X-Forwarded-For": "10.1.2.3" } });
    await app.request("/api/nothing-here?token=secret");
    expect(logLines).toEqual(["GET /api/instruments/:id 200", "GET (no route) 404"]);
  });
});
