/**
 * Crash drill: the real server runs in a child process while eight clients post responses as fast as it
 * answers; it is killed with SIGKILL mid-load several times and restarted on the same file. Clients retry
 * with the same id, as tablets do. Every response that got a 2xx must be in the database afterwards, and
 * SQLite's integrity check must say ok.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, expect, test } from "vitest";
import { loadCatalog } from "../../instruments/catalog.ts";
import { createApp } from "../../server/app.ts";
import { migrate, openDatabase } from "../../server/store/db.ts";
import { youthAnswers } from "../fixtures/02-answers.ts";
import { setUpField } from "../fixtures/03-field.ts";
import { freePort, spawnServer, waitUntilHealthy, type ServerProcess } from "../helpers/server-process.ts";

const KILLS = 5;
const CLIENTS = 8;
const catalog = loadCatalog();
const youthVersion = catalog.find((c) => c.descriptor.id === "youth")!.version;
const dir = mkdtempSync(join(tmpdir(), "platform-crash-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test(`${KILLS} SIGKILLs under load lose no acknowledged response`, async () => {
  const dbPath = join(dir, "platform.db");
  const setupDb = openDatabase(dbPath);
  migrate(setupDb);
  const field = await setUpField(createApp({ db: setupDb, catalog, clock: () => new Date() }), setupDb, new Date(), { instruments: ["youth", "youth-family"] });
  setupDb.close();

  const port = await freePort();
  const acknowledged = new Set<string>();
  let attempts = 0;
  let running = true;

  const client = async (): Promise<void> => {
    let id = randomUUID();
    let answers = youthAnswers({ family_support_awareness_which: `Atbilde ${id.slice(0, 8)}` });
    while (running) {
      attempts += 1;
      try {
        const res = await fetch(`http://127.0.0.1:${port}/api/responses`, {
          method: "POST",
          headers: { "Content-Type": "application/json", Authorization: `Bearer ${field.deviceToken}` },
          body: JSON.stringify({ id, instrumentId: "youth", instrumentVersion: youthVersion, locale: "lv", answers }),
        });
        if (res.status === 200 || res.status === 201) {
          acknowledged.add(id);
          id = randomUUID();
          answers = youthAnswers({ family_support_awareness_which: `Atbilde ${id.slice(0, 8)}` });
        } else {
          throw new Error(`unexpected ${res.status}: ${await res.text()}`);
        }
      } catch (error) {
        if (error instanceof Error && error.message.startsWith("unexpected")) throw error;
        // The server is down or the connection died: retry the same id, as a tablet would.
        await new Promise((r) => setTimeout(r, 25));
      }
    }
  };

  const clients = Array.from({ length: CLIENTS }, client);
  let server: ServerProcess | undefined;
  for (let kill = 0; kill < KILLS; kill += 1) {
    server = spawnServer({ DATABASE_PATH: dbPath }, port);
    await waitUntilHealthy(server);
    await new Promise((r) => setTimeout(r, 400 + Math.random() * 600));
    await server.stop("SIGKILL");
  }
  server = spawnServer({ DATABASE_PATH: dbPath }, port);
  await waitUntilHealthy(server);
  await new Promise((r) => setTimeout(r, 300));
  running = false;
  await Promise.all(clients);
  await server.stop("SIGTERM");

  const db = new Database(dbPath, { readonly: true });
  try {
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    const stored = new Set((db.prepare("SELECT id FROM responses").all() as { id: string }[]).map((r) => r.id));
    const missing = [...acknowledged].filter((id) => !stored.has(id));
    console.log(`crash drill: ${KILLS} kills, ${attempts} requests, ${acknowledged.size} acknowledged, ${stored.size} stored, ${missing.length} acknowledged but missing`);
    expect(acknowledged.size).toBeGreaterThan(KILLS * 10);
    expect(missing).toEqual([]);
    expect(stored.size).toBeGreaterThanOrEqual(acknowledged.size);
  } finally {
    db.close();
  }
}, 120_000);
