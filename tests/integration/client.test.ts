/**
 * Serving the respondent app: pages with no referrer and a strict content policy (a family link carries its
 * token in the address), immutable assets, the service worker, and a clear 503 when the app is not built.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadCatalog } from "../../instruments/catalog.ts";
import { createApp } from "../../server/app.ts";
import { openTestDb, type TestDb } from "../helpers/test-db.ts";

const catalog = loadCatalog();
const dist = mkdtempSync(join(tmpdir(), "client-dist-"));
let t: TestDb;
let logLines: string[];
let app: ReturnType<typeof createApp>;

beforeAll(() => {
  mkdirSync(join(dist, "assets"));
  writeFileSync(join(dist, "index.html"), '<!doctype html><html lang="lv"><script type="module" src="/assets/app-1a2b.js"></script></html>');
  writeFileSync(join(dist, "assets", "app-1a2b.js"), "console.log('app')");
  writeFileSync(join(dist, "sw.js"), "self.addEventListener('fetch', () => {})");
  t = openTestDb();
  logLines = [];
  app = createApp({ db: t.db, catalog, clock: () => new Date(), clientDist: dist, log: (l) => logLines.push(l) });
});
afterAll(() => {
  t.close();
  rmSync(dist, { recursive: true, force: true });
});

describe("respondent pages", () => {
  test.each(["/tablet", "/tablet/anything", "/f/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcd"])("%s serves the app with no referrer and a strict CSP", async (path) => {
    const res = await app.request(path);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    expect(res.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(await res.text()).toContain("/assets/app-1a2b.js");
  });

  test("the family token never reaches the request log", async () => {
    await app.request("/f/SeCrEtToKeN0123456789abcdefghij");
    expect(logLines.at(-1)).toBe("GET /f/:token 200");
  });

  test("/ goes to the tablet kiosk", async () => {
    const res = await app.request("/");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/tablet");
  });

  test("hashed assets are cached for good; the service worker is revalidated and may control /", async () => {
    const asset = await app.request("/assets/app-1a2b.js");
    expect(asset.status).toBe(200);
    expect(asset.headers.get("cache-control")).toContain("immutable");
    const sw = await app.request("/sw.js");
    expect(sw.status).toBe(200);
    expect(sw.headers.get("cache-control")).toBe("no-cache");
    expect(sw.headers.get("service-worker-allowed")).toBe("/");
  });

  test("without a build the pages answer 503 saying how to build", async () => {
    const bare = createApp({ db: t.db, catalog, clock: () => new Date(), clientDist: join(dist, "missing") });
    const res = await bare.request("/tablet");
    expect(res.status).toBe(503);
    expect(((await res.json()) as { detail: string }).detail).toContain("npm run build:client");
  });
});
