/**
 * Unsent interview notes kept on a shared laptop are forgotten after LOCAL_KEEP_DAYS without a change, and
 * only they: other console settings and fresh drafts stay.
 */
import { describe, expect, test } from "vitest";
import { expireNoteDrafts, LOCAL_KEEP_DAYS } from "../../../client/src/console/interviews/local-expiry.ts";
import { storageKey } from "../../../client/src/console/interviews/note-sync.ts";

/** The Storage interface over a Map, in insertion order like a browser's. */
class MemoryStorage implements Storage {
  private readonly map = new Map<string, string>();
  get length(): number {
    return this.map.size;
  }
  key(index: number): string | null {
    return [...this.map.keys()][index] ?? null;
  }
  getItem(key: string): string | null {
    return this.map.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.map.set(key, String(value));
  }
  removeItem(key: string): void {
    this.map.delete(key);
  }
  clear(): void {
    this.map.clear();
  }
  keys(): string[] {
    return [...this.map.keys()];
  }
}

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 10, 22, 9, 0, 0);

function record(editedAt: number[], intervieweeAt?: number): string {
  const drafts = Object.fromEntries(editedAt.map((at, i) => [`q${i}`, { notes: `piezīme ${i}`, skipped: false, offsetSeconds: null, baseRevision: 0, editedAt: at }]));
  return JSON.stringify({ v: 1, drafts, ...(intervieweeAt !== undefined ? { interviewee: { bands: { age: "40-49" }, editedAt: intervieweeAt } } : {}) });
}

describe("expireNoteDrafts", () => {
  test("forgets a session's notes when its newest change is older than the limit, keeps the rest", () => {
    const storage = new MemoryStorage();
    const limit = LOCAL_KEEP_DAYS * DAY;
    storage.setItem("prp.console.lang", "ru");
    storage.setItem(storageKey("old"), record([NOW - limit - 1, NOW - 40 * DAY]));
    storage.setItem(storageKey("edge"), record([NOW - limit]));
    storage.setItem(storageKey("mixed"), record([NOW - 30 * DAY, NOW - 2 * DAY]));
    storage.setItem(storageKey("bands"), record([NOW - 30 * DAY], NOW - DAY));
    storage.setItem(storageKey("broken"), "{not json");

    expect(expireNoteDrafts(storage, NOW).sort()).toEqual(["broken", "old"]);
    expect(storage.keys().sort()).toEqual(["prp.console.lang", storageKey("bands"), storageKey("edge"), storageKey("mixed")].sort());
    expect(storage.getItem("prp.console.lang")).toBe("ru");
  });

  test("a day later the record at the edge goes too", () => {
    const storage = new MemoryStorage();
    storage.setItem(storageKey("edge"), record([NOW - LOCAL_KEEP_DAYS * DAY]));
    expect(expireNoteDrafts(storage, NOW)).toEqual([]);
    expect(expireNoteDrafts(storage, NOW + DAY)).toEqual(["edge"]);
    expect(storage.length).toBe(0);
  });
});
