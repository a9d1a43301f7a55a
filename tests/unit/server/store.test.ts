/**
 * The database file: pragmas that keep acknowledged writes, forward-only migrations, instrument versions.
 */
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { listMigrations, migrate } from "../../../server/store/db.ts";
import { listInstrumentVersions, recordInstrumentVersions } from "../../../server/store/instruments.ts";
import { rigaDay } from "../../../server/domain/day.ts";
import { openTestDb, type TestDb } from "../../helpers/test-db.ts";

let t: TestDb;
beforeEach(() => (t = openTestDb()));
afterEach(() => t.close());

describe("openDatabase and migrate", () => {
  test("runs in WAL mode with synchronous=FULL, foreign keys and a busy timeout", () => {
    expect(t.db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(t.db.pragma("synchronous", { simple: true })).toBe(2);
    expect(t.db.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(t.db.pragma("busy_timeout", { simple: true })).toBe(5000);
  });

  test("records the schema version and applies nothing twice", () => {
    const latest = listMigrations().length;
    expect(t.db.pragma("user_version", { simple: true })).toBe(latest);
    expect(migrate(t.db)).toBe(0);
  });

  test("rolls a failing migration back whole and leaves the version where it was", () => {
    const bad = [...listMigrations(), { version: listMigrations().length + 1, name: "9999-bad.sql", sql: "CREATE TABLE half (x); SELECT nope FROM missing;" }];
    const before = t.db.pragma("user_version", { simple: true });
    expect(() => migrate(t.db, bad)).toThrow();
    expect(t.db.pragma("user_version", { simple: true })).toBe(before);
    expect(t.db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined();
  });
});

describe("instrument versions", () => {
  test("are recorded once per version, with the day only", () => {
    const v1 = { instrumentId: "youth", version: "aaaaaaaaaaaaaaaa", json: { title: "x" } };
    expect(recordInstrumentVersions(t.db, [v1], "2026-03-02")).toBe(1);
    expect(recordInstrumentVersions(t.db, [v1, { ...v1, version: "bbbbbbbbbbbbbbbb" }], "2026-03-05")).toBe(1);
    const rows = listInstrumentVersions(t.db, "youth");
    expect(rows.map((r) => [r.version, r.firstLoadedOn])).toEqual([
      ["aaaaaaaaaaaaaaaa", "2026-03-02"],
      ["bbbbbbbbbbbbbbbb", "2026-03-05"],
    ]);
    expect(JSON.parse(rows[0]!.json)).toEqual({ title: "x" });
  });

  test("refuse a time of day in place of a day", () => {
    expect(() => recordInstrumentVersions(t.db, [{ instrumentId: "youth", version: "c", json: {} }], "2026-03-02T10:00")).toThrow(/CHECK/);
  });
});

describe("rigaDay", () => {
  test("counts days in Latvia's time zone", () => {
    expect(rigaDay(new Date("2026-03-01T21:59:00Z"))).toBe("2026-03-01");
    expect(rigaDay(new Date("2026-03-01T22:01:00Z"))).toBe("2026-03-02");
    expect(rigaDay(new Date("2026-07-01T20:59:00Z"))).toBe("2026-07-01");
    expect(rigaDay(new Date("2026-07-01T21:01:00Z"))).toBe("2026-07-02");
  });
});
