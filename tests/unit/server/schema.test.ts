/**
 * The schema itself keeps the anonymity promise: no column on a response table could hold who sent it or
 * when to the minute, and the response table has no hidden arrival order.
 */
import { afterEach, beforeEach, expect, test } from "vitest";
import { openTestDb, type TestDb } from "../../helpers/test-db.ts";

let t: TestDb;
beforeEach(() => (t = openTestDb()));
afterEach(() => t.close());

const IDENTIFYING = /ip|addr|agent|device|token|link|user|session|cookie|email|name|phone|time|_at$|created|updated/i;

test("no response table has a column that could identify the sender", () => {
  const tables = (t.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '%response%'").all() as { name: string }[]).map((r) => r.name);
  expect(tables).toContain("responses");
  for (const table of tables) {
    const columns = (t.db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map((c) => c.name);
    expect(columns.filter((c) => IDENTIFYING.test(c)), table).toEqual([]);
  }
});

test("the guard itself catches the columns it is meant to catch", () => {
  for (const bad of ["ip_address", "user_agent", "device_id", "submitted_at", "link_id", "created_on"]) expect(IDENTIFYING.test(bad), bad).toBe(true);
});

test("responses have no rowid, so storage order is the random id's, not arrival", () => {
  expect(() => t.db.prepare("SELECT rowid FROM responses").all()).toThrow(/no such column: rowid/);
});

test("the only date on a response is a day", () => {
  const insert = () =>
    t.db
      .prepare("INSERT INTO responses (id, study_id, instrument_id, instrument_version, locale, channel, received_on, answers) VALUES (?, 's', 'youth', 'v', 'lv', 'tablet', ?, '{}')")
      .run("00000000-0000-4000-8000-000000000000", "2026-03-02 10:15");
  t.db.pragma("foreign_keys = OFF");
  expect(insert).toThrow(/CHECK constraint failed/);
});
