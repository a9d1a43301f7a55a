/**
 * Export benchmark: `npm run bench:export -- [--sizes 20000,200000] [--formats csv,xlsx]`.
 *
 * For each size, fills a fresh SQLite file with that many generated responses (youth, seniors and both
 * family questionnaires at four prisons, one of them small), then, for each format, a separate process
 * builds the app and streams GET /api/studies/:id/export through it to a sink that only counts bytes.
 * Each process reports its time, rows per second and peak RSS; the RSS before the export started is shown
 * beside it, so memory that grows with the number of rows (rows held at once) would stand out between sizes.
 */
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { loadCatalog } from "../instruments/catalog.ts";
import { createApp } from "../server/app.ts";
import { createStudy } from "../server/services/studies.ts";
import { migrate, openDatabase } from "../server/store/db.ts";
import { recordInstrumentVersions } from "../server/store/instruments.ts";
import { insertResponse } from "../server/store/responses.ts";
import { signedInAs } from "../tests/fixtures/01-staff.ts";
import { generator } from "./generate.ts";

const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "20000,200000" },
    formats: { type: "string", default: "csv,xlsx" },
    child: { type: "boolean", default: false },
    db: { type: "string" },
    study: { type: "string" },
    cookie: { type: "string" },
    format: { type: "string" },
  },
});

interface Line {
  format: string;
  rows: number;
  bytes: number;
  seconds: number;
  rssBeforeMb: number;
  peakRssMb: number;
}

/** In the child: one export through the app, read to the end and thrown away. */
async function exportOnce(): Promise<void> {
  const db = openDatabase(values.db!);
  const app = createApp({ db, catalog: loadCatalog(), clock: () => new Date() });
  const rssBefore = process.memoryUsage().rss;
  const t0 = performance.now();
  const res = await app.request(`/api/studies/${values.study}/export?format=${values.format}&freeText=include`, { headers: { Cookie: values.cookie! } });
  if (res.status !== 200) throw new Error(`export: ${res.status} ${await res.text()}`);
  let bytes = 0;
  const reader = res.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
  }
  const seconds = (performance.now() - t0) / 1000;
  const rows = (db.prepare("SELECT COUNT(*) AS n FROM responses WHERE study_id = ?").get(values.study) as { n: number }).n;
  const line: Line = { format: values.format!, rows, bytes, seconds, rssBeforeMb: rssBefore / 2 ** 20, peakRssMb: process.resourceUsage().maxRSS / 1024 };
  console.log(JSON.stringify(line));
  db.close();
}

/** In the parent: a database file with `size` responses; returns what the child needs. */
async function fill(dir: string, size: number): Promise<{ db: string; study: string; cookie: string }> {
  const path = join(dir, `export-${size}.db`);
  const db = openDatabase(path);
  migrate(db);
  const catalog = loadCatalog();
  recordInstrumentVersions(db, catalog.map((c) => ({ instrumentId: c.descriptor.id, version: c.version, json: c.json })), "2026-01-01");
  const now = new Date("2026-03-02T10:00:00Z");
  const study = createStudy(
    db,
    {
      name: "Etalons",
      instruments: ["youth", "seniors", "youth-family", "seniors-family"],
      sites: ["cesis-youth", "jelgava", "olaine", "valmiera"],
      channels: ["tablet", "online", "paper"],
    },
    () => now,
  );
  // The child runs on the real clock, so the session starts now, not on the study's day.
  const cookie = await signedInAs(db, "researcher", new Date());
  const generate = generator(size);
  const makers = { youth: generate.youth, seniors: generate.seniors, "youth-family": generate.youthFamily, "seniors-family": generate.seniorsFamily } as const;
  const version = (id: string) => catalog.find((c) => c.descriptor.id === id)!.version;
  const BATCH = 10_000;
  for (let start = 0; start < size; start += BATCH) {
    db.transaction(() => {
      for (let i = start; i < Math.min(size, start + BATCH); i += 1) {
        const instrumentId = generate.pick(["youth", "youth", "seniors", "youth-family", "seniors-family"] as const);
        const { answers, ageGroup } = makers[instrumentId]();
        const family = instrumentId.endsWith("family");
        insertResponse(db, {
          id: randomUUID(),
          studyId: study.id,
          instrumentId,
          instrumentVersion: version(instrumentId),
          locale: "lv",
          channel: family ? "online" : "tablet",
          // valmiera gets a handful only, so the export has a prison to show as "other".
          siteId: family ? null : i % 50_000 === 7 ? "valmiera" : generate.pick(["cesis-youth", "jelgava", "olaine"]),
          ageGroup,
          receivedOn: `2026-03-${String(1 + (i % 28)).padStart(2, "0")}`,
          answers: JSON.stringify(answers),
          redactions: 0,
        });
      }
    })();
  }
  db.close();
  return { db: path, study: study.id, cookie };
}

if (values.child) {
  await exportOnce();
} else {
  const self = fileURLToPath(import.meta.url);
  const dir = mkdtempSync(join(tmpdir(), "bench-export-"));
  const results: Line[] = [];
  try {
    for (const size of values.sizes.split(",").map(Number)) {
      const t0 = performance.now();
      const filled = await fill(dir, size);
      console.error(`${size} responses inserted in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      for (const format of values.formats.split(",")) {
        const out = execFileSync(
          process.execPath,
          ["--import", "tsx", self, "--child", "--db", filled.db, "--study", filled.study, "--cookie", filled.cookie, "--format", format],
          { encoding: "utf8", maxBuffer: 1 << 20, stdio: ["ignore", "pipe", "inherit"] },
        );
        results.push(JSON.parse(out.trim().split("\n").at(-1)!) as Line);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log("format   responses   seconds    rows/s    output MB   RSS before MB   peak RSS MB");
  for (const r of results) {
    console.log(
      `${r.format.padEnd(6)} ${String(r.rows).padStart(11)} ${r.seconds.toFixed(1).padStart(9)} ${(r.rows / r.seconds).toFixed(0).padStart(9)} ${(r.bytes / 2 ** 20).toFixed(1).padStart(12)} ${r.rssBeforeMb.toFixed(0).padStart(15)} ${r.peakRssMb.toFixed(0).padStart(13)}`,
    );
  }
  console.log("(free text included; each export runs in its own process and reads the body to the end without keeping it)");
}
