/**
 * The README's start command, for real: the server starts as a child process on a fresh database file,
 * creates it, loads the instruments and serves them over HTTP.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, expect, test } from "vitest";

let child: ChildProcess | undefined;
let dir: string | undefined;

afterEach(() => {
  child?.kill("SIGKILL");
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      const port = typeof address === "object" && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url: string, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server did not become healthy; output:\n${output()}`);
}

test("npm start's entry point creates the database and serves all instruments", async () => {
  dir = mkdtempSync(join(tmpdir(), "platform-start-"));
  const dbPath = join(dir, "nested", "platform.db");
  const port = await freePort();
  let output = "";
  child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", DATABASE_PATH: dbPath },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (d) => (output += String(d)));
  child.stderr?.on("data", (d) => (output += String(d)));

  await waitForHealth(`http://127.0.0.1:${port}/api/health`, () => output);
  const list = (await (await fetch(`http://127.0.0.1:${port}/api/instruments`)).json()) as { id: string }[];
  expect(list).toHaveLength(11);
  expect(output).toContain("11 instruments loaded");
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
  let output = "";
  child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    env: { ...process.env, PORT: "eighty" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (d) => (output += String(d)));
  child.stderr?.on("data", (d) => (output += String(d)));
  const code = await new Promise<number | null>((resolve) => child?.on("exit", resolve));
  expect(code).not.toBe(0);
  expect(output).toContain("PORT");
}, 60_000);
