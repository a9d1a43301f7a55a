/**
 * Serving the respondent app and the researcher console: pages with no referrer and a strict content policy
 * (a family link carries its token in the address), immutable assets, the service worker, and a clear 503
 * when an app is not built. The real build is checked too: the tablet page loads no console code and the
 * console loads no survey-core.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
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
  writeFileSync(join(dist, "console.html"), '<!doctype html><html lang="lv"><script type="module" src="/assets/console-9f8e.js"></script></html>');
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

describe("console page", () => {
  test.each(["/console", "/console/", "/console/studies/x", "/console/studies/x/tablets"])("%s serves the console with no referrer and a strict CSP", async (path) => {
    const res = await app.request(path);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    const csp = res.headers.get("content-security-policy") ?? "";
    for (const directive of ["default-src 'self'", "script-src 'self'", "img-src 'self' data:", "frame-ancestors 'none'"]) expect(csp).toContain(directive);
    const html = await res.text();
    expect(html).toContain("/assets/console-9f8e.js");
    expect(html).not.toContain("/assets/app-1a2b.js");
  });

  test("without a build /console answers 503 saying how to build", async () => {
    const bare = createApp({ db: t.db, catalog, clock: () => new Date(), clientDist: join(dist, "missing") });
    const res = await bare.request("/console/studies");
    expect(res.status).toBe(503);
    const body = (await res.json()) as { code: string; detail: string };
    expect(body.code).toBe("client.not_built");
    expect(body.detail).toContain("npm run build:client");
  });
});

// ---- The real build ------------------------------------------------------------------------------------

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const BUILT = join(ROOT, "client/dist");

interface ManifestChunk {
  file: string;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

/** Files a page loads before any user action: its entry, the entry's static imports (transitively), their CSS. */
function staticFiles(manifest: Record<string, ManifestChunk>, entry: string): string[] {
  const seen = new Set<string>();
  const files: string[] = [];
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    if (!chunk) throw new Error(`manifest has no ${key}`);
    files.push(chunk.file, ...(chunk.css ?? []));
    for (const next of chunk.imports ?? []) visit(next);
  };
  visit(entry);
  return files;
}

/** The local /assets/ files an HTML page names in script and link tags. */
function referencedAssets(html: string): string[] {
  return [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((m) => m[1]!);
}

// Strings only survey-core's code contains, and only the console's code contains.
const SURVEY_CORE_MARKERS = ["SurveyModel", "sd-root-modern"];
const CONSOLE_MARKERS = ["Atklāšanas slieksnis", "console:navigate"];

describe("built apps stay apart", () => {
  let manifest: Record<string, ManifestChunk>;
  const read = (file: string) => readFileSync(join(BUILT, file), "utf8");

  beforeAll(() => {
    execFileSync(process.execPath, ["--import", "tsx", join(ROOT, "scripts/ensure-client-build.ts")], { cwd: ROOT, stdio: "ignore" });
    manifest = JSON.parse(read(".vite/manifest.json")) as Record<string, ManifestChunk>;
  }, 180_000);

  test("the tablet page references no console chunk and loads no console code", () => {
    const html = read("index.html");
    const named = referencedAssets(html);
    const loaded = staticFiles(manifest, "index.html");
    expect(named.length).toBeGreaterThan(0);
    for (const file of named) expect(loaded).toContain(file);
    expect(manifest["index.html"]!.dynamicImports ?? []).toEqual([]);
    const consoleFiles = [manifest["console.html"]!.file, ...(manifest["console.html"]!.css ?? []), manifest["src/console/results/ResultsPage.tsx"]!.file];
    for (const file of loaded) {
      expect(consoleFiles).not.toContain(file);
      expect(file).not.toMatch(/console|ResultsPage/i);
      const text = read(file);
      for (const marker of CONSOLE_MARKERS) expect(text.includes(marker), `${file} contains "${marker}"`).toBe(false);
    }
  });

  test("the console page references no survey-core chunk, and its own code does contain the console", () => {
    const html = read("console.html");
    const named = referencedAssets(html);
    const loaded = staticFiles(manifest, "console.html");
    for (const file of named) expect(loaded).toContain(file);
    const respondentEntry = manifest["index.html"]!;
    for (const file of loaded) {
      expect(file).not.toBe(respondentEntry.file);
      expect(respondentEntry.css ?? []).not.toContain(file);
      const text = read(file);
      for (const marker of SURVEY_CORE_MARKERS) expect(text.includes(marker), `${file} contains "${marker}"`).toBe(false);
    }
    // The markers are real: survey-core is in the respondent entry, and the console's words are in its entry.
    expect(SURVEY_CORE_MARKERS.every((m) => read(respondentEntry.file).includes(m))).toBe(true);
    expect(CONSOLE_MARKERS.every((m) => read(manifest["console.html"]!.file).includes(m))).toBe(true);
  });

  // Regression: built from inside vitest (NODE_ENV=test), the apps used to get React's development build.
  test("the pages carry React's production build", () => {
    for (const entry of ["index.html", "console.html"]) {
      for (const file of staticFiles(manifest, entry).filter((f) => f.endsWith(".js"))) {
        expect(read(file).includes("Download the React DevTools"), `${file} has React's development build`).toBe(false);
      }
    }
  });

  test.each(["src/console/results/ResultsPage.tsx", "src/console/coding/CodingTab.tsx", "src/console/coding/CodingPage.tsx"])(
    "%s is a lazy chunk of the console, not part of its first download",
    (part) => {
      const consoleEntry = manifest["console.html"]!;
      expect(consoleEntry.dynamicImports).toContain(part);
      const file = manifest[part]!.file;
      expect(staticFiles(manifest, "console.html")).not.toContain(file);
      expect(referencedAssets(read("console.html"))).not.toContain(file);
    },
  );
});
