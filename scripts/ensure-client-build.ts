/**
 * Builds the browser apps (respondent app and researcher console) when client/dist lacks either page or
 * is older than any of their sources, so that `npm start` and `npm test` work on a fresh clone without a
 * separate build step, and cost nothing when nothing changed.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const BUILT = [join(ROOT, "client/dist/index.html"), join(ROOT, "client/dist/console.html")];
const SOURCES = ["client/src", "client/public", "client/index.html", "client/console.html", "client/vite.config.ts", "package-lock.json"];

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((entry) => newest(join(path, entry))));
}

const builtAt = Math.min(...BUILT.map((file) => (existsSync(file) ? statSync(file).mtimeMs : 0)));
const changedAt = Math.max(...SOURCES.map((s) => newest(join(ROOT, s))));
if (builtAt >= changedAt) {
  console.log("client: up to date");
} else {
  console.log("client: building the respondent app and the console ...");
  const vite = join(ROOT, "node_modules/vite/bin/vite.js");
  // Always a production build: run from vitest (tests call this script) NODE_ENV is "test", and Vite would
  // then bundle React's development build, twice the size and not what tablets get.
  const run = spawnSync(process.execPath, [vite, "build", "--config", "client/vite.config.ts", "--logLevel", "warn"], {
    cwd: ROOT,
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (run.status !== 0) process.exit(run.status ?? 1);
  console.log("client: built into client/dist");
}
