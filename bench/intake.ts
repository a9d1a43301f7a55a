/**
 * Intake benchmark: `npm run bench:intake -- [--clients 16] [--seconds 10]`.
 *
 * Starts the real server (a child process, as `npm start` runs it) on a fresh SQLite file, enrols a
 * tablet, and has N concurrent clients post valid, varied youth responses over loopback for a fixed time.
 * Prints responses per second and p50/p99 latency, then the ceiling: the same rows inserted directly
 * through the store layer in one process, one transaction each as intake does, and the ratio.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { loadCatalog } from "../instruments/catalog.ts";
import { createApp } from "../server/app.ts";
import { migrate, openDatabase } from "../server/store/db.ts";
import { recordInstrumentVersions } from "../server/store/instruments.ts";
import { insertResponse, listResponses } from "../server/store/responses.ts";
import { setUpField } from "../tests/fixtures/03-field.ts";
import { generator } from "./generate.ts";
import { freePort, spawnServer, waitUntilHealthy } from "../tests/helpers/server-process.ts";

const { values } = parseArgs({ options: { clients: { type: "string", default: "16" }, seconds: { type: "string", default: "10" } } });
const CLIENTS = Number(values.clients);
const SECONDS = Number(values.seconds);

const catalog = loadCatalog();
const youth = catalog.find((c) => c.descriptor.id === "youth")!;
const generate = generator(20260302);
const pick = generate.pick;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const dir = mkdtempSync(join(tmpdir(), "bench-intake-"));
try {
  const dbPath = join(dir, "platform.db");
  const setupDb = openDatabase(dbPath);
  migrate(setupDb);
  const field = await setUpField(createApp({ db: setupDb, catalog, clock: () => new Date() }), setupDb, new Date(), { instruments: ["youth", "youth-family"] });
  setupDb.close();

  const server = spawnServer({ DATABASE_PATH: dbPath }, await freePort());
  await waitUntilHealthy(server);
  const payloads = Array.from({ length: 2000 }, () => JSON.stringify({ instrumentId: "youth", instrumentVersion: youth.version, locale: pick(["lv", "ru", "en"]), answers: generate.youth().answers }));

  // Warm-up: the first request of an instrument builds its validation tables.
  for (let i = 0; i < 20; i += 1) {
    await fetch(`${server.url}/api/responses`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${field.deviceToken}` },
      body: `{"id":"${randomUUID()}",${payloads[i]!.slice(1)}`,
    });
  }

  const latencies: number[] = [];
  let failures = 0;
  const until = performance.now() + SECONDS * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < until) {
        const body = `{"id":"${randomUUID()}",${pick(payloads).slice(1)}`;
        const t0 = performance.now();
        const res = await fetch(`${server.url}/api/responses`, {
          method: "POST",
          headers: { "Content-Type": "application/json", Authorization: `Bearer ${field.deviceToken}` },
          body,
        });
        await res.arrayBuffer();
        if (res.status === 201) latencies.push(performance.now() - t0);
        else failures += 1;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  await server.stop("SIGTERM");

  latencies.sort((a, b) => a - b);
  const httpRate = latencies.length / elapsed;
  console.log(`intake over HTTP: ${CLIENTS} clients, ${elapsed.toFixed(1)} s, ${latencies.length} responses stored, ${failures} failed`);
  console.log(`  ${httpRate.toFixed(0)} responses/s, latency p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms`);

  // The ceiling: the same rows, inserted by the store layer alone, one transaction per response.
  const source = openDatabase(dbPath);
  const rows = listResponses(source, field.study.id);
  const ceilingDb = openDatabase(join(dir, "ceiling.db"));
  migrate(ceilingDb);
  ceilingDb.exec("PRAGMA foreign_keys = OFF");
  recordInstrumentVersions(ceilingDb, [{ instrumentId: "youth", version: youth.version, json: youth.json }], "2026-01-01");
  const t0 = performance.now();
  for (const row of rows) ceilingDb.transaction(() => insertResponse(ceilingDb, { ...row, id: randomUUID() }))();
  const ceilingSeconds = (performance.now() - t0) / 1000;
  const ceilingRate = rows.length / ceilingSeconds;
  source.close();
  ceilingDb.close();
  console.log(`store layer alone: ${rows.length} rows in ${ceilingSeconds.toFixed(2)} s, ${ceilingRate.toFixed(0)} rows/s (synchronous=FULL, WAL)`);
  console.log(`ratio HTTP / store ceiling: ${(httpRate / ceilingRate).toFixed(2)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
