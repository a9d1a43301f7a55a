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
import { freePort, spawnServer, waitUntilHealthy } from "../tests/helpers/server-process.ts";

const { values } = parseArgs({ options: { clients: { type: "string", default: "16" }, seconds: { type: "string", default: "10" } } });
const CLIENTS = Number(values.clients);
const SECONDS = Number(values.seconds);

const catalog = loadCatalog();
const youth = catalog.find((c) => c.descriptor.id === "youth")!;
const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)]!;
const WORDS = ["ģimene", "tikšanās", "psihologs", "sports", "mācības", "atbalsts", "vēstules", "darbs", "bērni", "brīvdienas"];
const sentence = () => Array.from({ length: 4 + Math.floor(Math.random() * 12) }, () => pick(WORDS)).join(" ");
const rating = () => 1 + Math.floor(Math.random() * 5);

/** A valid youth response with varied answers, some free text, sometimes a phone number to scrub. */
function variedYouthAnswers(): Record<string, unknown> {
  const band = pick(["under-18", "18-21", "22-25"]);
  const takesPart = pick(["yes", "no"]);
  const aware = pick(["yes", "no"]);
  return {
    age_band: band,
    ...(band === "under-18" ? { age_exact: 14 + Math.floor(Math.random() * 4) } : {}),
    gender: pick(["female", "male"]),
    support_participation: takesPart,
    ...(takesPart === "yes" ? { support_participation_types: ["psychological", "leisure"].slice(0, 1 + Math.floor(Math.random() * 2)) } : {}),
    education_participation: pick(["yes", "no"]),
    support_needs_fit: {
      psychological: { rating: rating(), reason: sentence() },
      "social-work": { rating: rating() },
      leisure: { rating: rating(), reason: sentence() },
      resocialisation: { rating: rating() },
      education: { rating: rating(), reason: Math.random() < 0.1 ? `zvaniet 2912${1000 + Math.floor(Math.random() * 8999)}` : sentence() },
    },
    family_contact: "yes",
    family_contact_frequency: pick(["1-per-month", "2-per-month", "3-per-month", "more-often"]),
    family_day_importance: pick([1, 2, 3, 4, 5, "no-opportunity"]),
    family_support_awareness: aware,
    ...(aware === "yes" ? { family_support_awareness_which: sentence(), family_support_awareness_sources: ["municipality"] } : {}),
    activity_usefulness: { psychological: { rating: rating() }, education: { rating: rating(), reason: sentence() } },
    family_support_needed: ["more-meetings", "family-therapy", "joint-activities"].slice(0, 1 + Math.floor(Math.random() * 3)),
  };
}

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
  const payloads = Array.from({ length: 2000 }, () => JSON.stringify({ instrumentId: "youth", instrumentVersion: youth.version, locale: pick(["lv", "ru", "en"]), answers: variedYouthAnswers() }));

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
