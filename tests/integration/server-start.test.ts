/**
 * The README's start command, for real: the server starts as a child process on a fresh database file,
 * creates it, loads the instruments and serves them over HTTP.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, expect, test } from "vitest";
import { freePort, spawnServer, startServer, type ServerProcess } from "../helpers/server-process.ts";

let server: ServerProcess | undefined;
let dir: string | undefined;

afterEach(async () => {
  await server?.stop("SIGKILL");
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test("npm start's entry point creates the database and serves all instruments", async () => {
  dir = mkdtempSync(join(tmpdir(), "platform-start-"));
  const dbPath = join(dir, "nested", "platform.db");
  server = await startServer({ DATABASE_PATH: dbPath });
  const list = (await (await fetch(`${server.url}/api/instruments`)).json()) as { id: string }[];
  expect(list).toHaveLength(11);
  expect(server.output()).toContain("11 instruments loaded");
  expect(existsSync(dbPath)).toBe(true);

  const db = new Database(dbPath, { readonly: true });
  try {
    const rows = db.prepare("SELECT COUNT(DISTINCT instrument_id) AS n FROM instrument_versions").get() as { n: number };
    expect(rows.n).toBe(11);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
  } finally {
    db.close();
  }
}, 60_000);

test("a bad PORT stops the server at once with a message naming the variable", async () => {
  server = spawnServer({ PORT: "eighty" }, await freePort());
  const code = await server.exited;
  expect(code).not.toBe(0);
  expect(server.output()).toContain("PORT");
}, 60_000);
