/**
 * Respondent page benchmark: `npm run bench:respondent-page -- [--loads 7]`.
 *
 * Measures what a family member's cheap phone or a prison tablet pays for the respondent app, beside the
 * floor: a bare page that renders one survey-react-ui question with the same versions of React and
 * SurveyJS. Prints the gzip size of the JS and CSS each page loads, and the time from navigation to the
 * first visible question (median of N fresh loads, at normal CPU speed and throttled 4x via DevTools),
 * and the ratios. For the app, the first question comes after choosing the language and the study's
greeting page; its time adds the app's response to each of those steps (not the person's reading time).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { join, extname } from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import type { Browser } from "playwright-core";
import { launchBrowser, startPlatform } from "../tests/e2e/harness.ts";

const { values } = parseArgs({ options: { loads: { type: "string", default: "7" } } });
const LOADS = Number(values.loads);
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const FLOOR = join(ROOT, "bench/.floor");

function gzipSizes(dir: string, files: readonly string[] = readdirSync(dir)): { js: number; css: number } {
  const sizes = { js: 0, css: 0 };
  for (const file of files) {
    const bytes = gzipSync(readFileSync(join(dir, file)), { level: 9 }).length;
    if (file.endsWith(".js")) sizes.js += bytes;
    if (file.endsWith(".css")) sizes.css += bytes;
  }
  return sizes;
}

/**
 * The files the respondent page loads (client/dist also holds the researcher console, which a tablet or a
 * phone never fetches): the index.html entry, its static imports and their CSS, from Vite's manifest.
 */
function respondentFiles(dist: string): string[] {
  type Chunk = { file: string; imports?: string[]; css?: string[] };
  const manifest = JSON.parse(readFileSync(join(dist, ".vite/manifest.json"), "utf8")) as Record<string, Chunk>;
  const files = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || files.has(chunk.file)) return;
    files.add(chunk.file);
    for (const css of chunk.css ?? []) files.add(css);
    for (const next of chunk.imports ?? []) visit(next);
  };
  visit("index.html");
  return [...files].map((f) => f.replace(/^assets\//, ""));
}

/** Builds the floor page with the project's own Vite, React and SurveyJS. */
function buildFloor(): void {
  rmSync(FLOOR, { recursive: true, force: true });
  mkdirSync(join(FLOOR, "src"), { recursive: true });
  writeFileSync(
    join(FLOOR, "index.html"),
    '<!doctype html><html lang="lv"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"></head><body><div id="root"></div><script type="module" src="/src/main.tsx"></script></body></html>',
  );
  writeFileSync(
    join(FLOOR, "src/main.tsx"),
    `import { createRoot } from "react-dom/client";
import { Model } from "survey-core";
import { Survey } from "survey-react-ui";
import "survey-core/survey-core.fontless.min.css";
const model = new Model({ elements: [{ type: "radiogroup", name: "q", title: "Jūsu vecums:", choices: ["līdz 18 gadiem", "no 18 gadiem līdz 21 gadam"] }] });
createRoot(document.getElementById("root")!).render(<Survey model={model} />);
`,
  );
  writeFileSync(
    join(FLOOR, "vite.config.ts"),
    `import react from "@vitejs/plugin-react";\nexport default { root: ${JSON.stringify(FLOOR)}, plugins: [react()], logLevel: "warn", build: { outDir: "dist", emptyOutDir: true, target: "es2020", reportCompressedSize: false } };\n`,
  );
  execFileSync(process.execPath, [join(ROOT, "node_modules/vite/bin/vite.js"), "build", "--config", join(FLOOR, "vite.config.ts")], { cwd: ROOT, stdio: "inherit" });
}

function serveDir(dir: string): Promise<{ url: string; close: () => void }> {
  const types: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css" };
  const server = createServer((req, res) => {
    const path = !req.url || req.url === "/" ? "/index.html" : req.url;
    try {
      const body = readFileSync(join(dir, path));
      res.writeHead(200, { "Content-Type": types[extname(path)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => {
    const address = server.address();
    resolve({ url: `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`, close: () => server.close() });
  }));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Clicks the element matching `target` inside the page and resolves with the ms until `ready` matches. */
const STEP = `(async ([target, ready]) => {
  const frame = () => new Promise((r) => requestAnimationFrame(() => r(null)));
  const find = (spec) => spec.startsWith("text=")
    ? [...document.querySelectorAll("button, input[type=button]")].find((b) => (b.value || b.textContent || "").trim() === spec.slice(5))
    : document.querySelector(spec);
  const t0 = performance.now();
  find(target).click();
  for (let k = 0; k < 5000 && !find(ready); k += 1) await frame();
  return performance.now() - t0;
})`;

/**
 * Median times from navigation to the first screen a person can act on, and to the first visible
 * question: the first screen's time plus the app's own response to each step a respondent takes (each
 * measured inside the page after a pause standing in for a person reading, so neither human reading time
 * nor the test driver's click machinery is counted). Each load in a fresh context (cold cache).
 */
async function timeToQuestion(
  browser: Browser,
  url: string,
  cpu: number,
  firstScreen: string,
  steps: [string, string][],
): Promise<{ screen: number; question: number }> {
  const screens: number[] = [];
  const questions: number[] = [];
  for (let i = 0; i < LOADS; i += 1) {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: cpu });
    const t0 = Date.now();
    await page.goto(url);
    await page.locator(firstScreen).first().waitFor({ state: "visible" });
    const screen = Date.now() - t0;
    let total = screen;
    for (const [target, ready] of steps) {
      await page.waitForTimeout(1500);
      total += (await page.evaluate(`${STEP}(${JSON.stringify([target, ready])})`)) as number;
    }
    await page.locator(".sd-question").first().waitFor({ state: "visible" });
    screens.push(screen);
    questions.push(Math.round(total));
    await context.close();
  }
  return { screen: median(screens), question: median(questions) };
}

buildFloor();
const floorSizes = gzipSizes(join(FLOOR, "dist/assets"));
const appSizes = gzipSizes(join(ROOT, "client/dist/assets"), respondentFiles(join(ROOT, "client/dist")));
const platform = await startPlatform();
const floor = await serveDir(join(FLOOR, "dist"));
const browser = await launchBrowser();
try {
  const results: { cpu: number; app: { screen: number; question: number }; floor: { screen: number; question: number } }[] = [];
  for (const cpu of [1, 4]) {
    const link = await platform.api("POST", `/api/studies/${platform.studyId}/links`, { instrumentId: "youth-family" });
    const app = await timeToQuestion(browser, `${platform.server.url}/f/${link.body.token}`, cpu, '[data-testid="lang-lv"]', [
      ['[data-testid="lang-lv"]', "text=Sākt"],
      ["text=Sākt", ".sd-question"],
    ]);
    const bare = await timeToQuestion(browser, floor.url, cpu, ".sd-question", []);
    results.push({ cpu, app, floor: bare });
  }
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  console.log(`gzip size      app: JS ${kb(appSizes.js)}, CSS ${kb(appSizes.css)}   floor: JS ${kb(floorSizes.js)}, CSS ${kb(floorSizes.css)}`);
  console.log(`size ratio     ${((appSizes.js + appSizes.css) / (floorSizes.js + floorSizes.css)).toFixed(2)} (JS ${(appSizes.js / floorSizes.js).toFixed(2)}, CSS ${(appSizes.css / floorSizes.css).toFixed(2)})`);
  for (const r of results) {
    console.log(
      `CPU ${r.cpu}x, median of ${LOADS} cold loads: first screen app ${r.app.screen} ms vs floor ${r.floor.screen} ms (ratio ${(r.app.screen / r.floor.screen).toFixed(2)}); ` +
        `first question app ${r.app.question} ms (first screen + the app's response to choosing the language and to "Sākt") vs floor ${r.floor.question} ms (ratio ${(r.app.question / r.floor.question).toFixed(2)})`,
    );
  }
} finally {
  await browser.close();
  floor.close();
  await platform.stop();
}
