/**
 * Entry point: read the configuration, open and migrate the database, load the instruments, serve.
 */
import { serve } from "@hono/node-server";
import { loadCatalog } from "../instruments/catalog.ts";
import { createApp } from "./app.ts";
import { loadConfig } from "./config.ts";
import { rigaDay } from "./domain/day.ts";
import { migrate, openDatabase } from "./store/db.ts";
import { recordInstrumentVersions } from "./store/instruments.ts";
import { RETENTION_INTERVAL_MS, runRetention } from "./services/retention.ts";

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
const db = openDatabase(config.databasePath);
const applied = migrate(db);
const catalog = loadCatalog();
const added = recordInstrumentVersions(
  db,
  catalog.map((i) => ({ instrumentId: i.descriptor.id, version: i.version, json: i.json })),
  rigaDay(new Date()),
);

const log = (line: string): void => console.log(line);
const app = createApp({
  db,
  catalog,
  clock: () => new Date(),
  log: config.logRequests ? log : undefined,
  publicUrl: config.publicUrl,
  secureCookies: config.secureCookies,
  recordingsDir: config.recordingsDir,
});

// Interview recordings are deleted within the week the guides promise: at start-up and then once a day.
const retention = (): void => {
  try {
    runRetention({ db, clock: () => new Date(), recordingsDir: config.recordingsDir, log });
  } catch (error) {
    console.error(`retention: ${(error as Error).stack ?? String(error)}`);
  }
};
retention();
setInterval(retention, RETENTION_INTERVAL_MS).unref();

// An interview recording (up to 500 MB) may come over a slow prison connection: allow an hour per request
// instead of Node's five minutes; headers must still arrive within a minute.
const serverOptions = { requestTimeout: 60 * 60 * 1000, headersTimeout: 60 * 1000 };
const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host, serverOptions }, (info) => {
  console.log(`database ${config.databasePath}: ${applied} migration(s) applied, ${added} new instrument version(s)`);
  console.log(`${catalog.length} instruments loaded: ${catalog.map((i) => i.descriptor.id).join(", ")}`);
  console.log(`listening on http://localhost:${info.port}`);
});

function shutdown(): void {
  server.close(() => {
    db.close();
    process.exit(0);
  });
}
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
