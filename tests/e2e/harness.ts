/**
 * Browser tests run the real server (a child process on a fresh SQLite file, serving the built respondent
 * app) and drive Debian's Chromium through playwright-core. Without Chromium they skip loudly; CI sets
 * REQUIRE_SYSTEM_TOOLS=1 so they cannot be skipped there.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Download, type Page } from "playwright-core";
import { migrate, openDatabase } from "../../server/store/db.ts";
import { addStaff, STAFF_PASSWORD } from "../fixtures/01-staff.ts";
import type { Role } from "../../server/store/users.ts";
import { startServer, type ServerProcess } from "../helpers/server-process.ts";
import { hasSystemTools } from "../helpers/system-tools.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** True when Chromium is installed (and the client is built, building it if needed). */
export function browserTestsCanRun(): boolean {
  if (!hasSystemTools("chromium")) return false;
  execFileSync(process.execPath, ["--import", "tsx", join(ROOT, "scripts/ensure-client-build.ts")], { cwd: ROOT, stdio: "ignore" });
  return existsSync(join(ROOT, "client/dist/index.html"));
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

export interface Platform {
  server: ServerProcess;
  dir: string;
  dbPath: string;
  /** Where the server keeps interview recordings. */
  recordingsDir: string;
  /** Cookie header of a signed-in researcher. */
  cookie: string;
  studyId: string;
  api: (method: string, path: string, body?: unknown) => Promise<{ status: number; body: any }>;
  stop: () => Promise<void>;
}

/** Starts the platform with a researcher and a study (youth, seniors, youth-family; tablet and online). */
export async function startPlatform(): Promise<Platform> {
  const dir = mkdtempSync(join(tmpdir(), "platform-e2e-"));
  const dbPath = join(dir, "platform.db");
  const db = openDatabase(dbPath);
  migrate(db);
  await addStaff(db, "researcher", "researcher@example.lv");
  db.close();
  // Recordings go beside the database in the test's own folder, never into the project's ./data.
  const server = await startServer({ DATABASE_PATH: dbPath, RECORDINGS_DIR: join(dir, "recordings") });
  let cookie = "";
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { "Content-Type": "application/json" }), ...(cookie ? { Cookie: cookie } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const setCookie = res.headers.get("set-cookie");
    if (setCookie) cookie = setCookie.split(";")[0]!;
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  await api("POST", "/api/auth/login", { email: "researcher@example.lv", password: STAFF_PASSWORD });
  const study = await api("POST", "/api/studies", {
    name: "Pārlūka tests",
    instruments: ["youth", "seniors", "youth-family"],
    sites: ["cesis-youth", "jelgava"],
    channels: ["tablet", "online"],
  });
  if (study.status !== 201) throw new Error(`study: ${JSON.stringify(study.body)}`);
  return {
    server,
    dir,
    dbPath,
    recordingsDir: join(dir, "recordings"),
    cookie,
    studyId: study.body.id,
    api,
    stop: async () => {
      await server.stop("SIGTERM");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Reads rows straight from the platform's database file. */
export function query<T>(dbPath: string, sql: string, ...params: unknown[]): T[] {
  const db = openDatabase(dbPath);
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

// ---- The console's browser tests -------------------------------------------------------------------------

export const LAPTOP = { width: 1280, height: 900 };

/** Where screenshots go with SCREENSHOTS=1 (for looking at, never for committing), else null. */
export const SCREENSHOTS = process.env.SCREENSHOTS === "1" ? fileURLToPath(new URL("./screenshots/", import.meta.url)) : null;
if (SCREENSHOTS) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  writeFileSync(join(SCREENSHOTS, ".gitignore"), "*\n");
}

/** Saves the page at laptop and tablet width when SCREENSHOTS=1. */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (!SCREENSHOTS) return;
  const size = page.viewportSize() ?? LAPTOP;
  for (const width of [1280, 800]) {
    await page.setViewportSize({ width, height: width === 800 ? 1280 : 900 });
    await page.waitForTimeout(150);
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize(size);
}

export interface ConsoleRig {
  platform: Platform;
  browser: Browser;
  /** A temporary folder for the files the console downloads. */
  downloads: string;
  close(): Promise<void>;
}

/** The platform with these staff accounts (password STAFF_PASSWORD), a browser and a downloads folder. */
export async function startConsoleRig(staff: ReadonlyArray<[Role, string]>): Promise<ConsoleRig> {
  const platform = await startPlatform();
  const db = openDatabase(platform.dbPath);
  try {
    migrate(db);
    for (const [role, email] of staff) await addStaff(db, role, email);
  } finally {
    db.close();
  }
  const browser = await launchBrowser();
  const downloads = mkdtempSync(join(tmpdir(), "console-downloads-"));
  return {
    platform,
    browser,
    downloads,
    async close() {
      await browser.close();
      await platform.stop();
      rmSync(downloads, { recursive: true, force: true });
    },
  };
}

export type StaffApi = (method: string, path: string, body?: unknown) => Promise<{ status: number; body: any }>;

/** Signs a staff member in over HTTP; the returned function calls the API with their session. */
export async function staffApi(baseUrl: string, email: string): Promise<StaffApi> {
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email, password: STAFF_PASSWORD }),
  });
  const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
  return async (method, path, body) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { Cookie: cookie, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
}

/** A new browser context signed in to the console as this staff member (Latvian, Riga time, laptop size). */
export async function consoleSignedIn(
  browser: Browser,
  baseUrl: string,
  email: string,
  options: BrowserContextOptions = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: LAPTOP, locale: "lv-LV", timezoneId: "Europe/Riga", ...options });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/console`);
  await page.getByTestId("signin-email").fill(email);
  await page.getByTestId("signin-password").fill(STAFF_PASSWORD);
  await page.getByTestId("signin-submit").click();
  await page.getByTestId("signed-in-as").waitFor();
  return { context, page };
}

/** Clicks something that makes the page download a file; saves it into `dir` under the name the page gave. */
export async function savedDownload(page: Page, dir: string, click: () => Promise<void>): Promise<{ path: string; name: string }> {
  const [download] = (await Promise.all([page.waitForEvent("download", { timeout: 60_000 }), click()])) as [Download, void];
  const path = join(dir, download.suggestedFilename());
  await download.saveAs(path);
  return { path, name: download.suggestedFilename() };
}

/**
 * What axe-core calls serious or critical on the page as it is now, one line per rule and its elements.
 * The page's context must be made with `bypassCSP: true`, as the console's content security policy rightly
 * refuses the injected script otherwise.
 */
export async function seriousAxeProblems(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8") });
  const result = (await page.evaluate(() => (window as unknown as { axe: { run: () => Promise<unknown> } }).axe.run())) as {
    violations: { id: string; impact: string; nodes: { target: unknown }[] }[];
  };
  return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${JSON.stringify(v.nodes.map((n) => n.target))}`);
}

/** A short mono 8 kHz 16-bit WAV: a quarter second of a 440 Hz tone. */
export function tinyWav(): Buffer {
  const rate = 8000;
  const samples = rate / 4;
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) data.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rate)), i * 2);
  const header = Buffer.alloc(44);
  header.write("RIFF", 0, "ascii");
  header.writeUInt32LE(36 + data.length, 4);
  header.write("WAVE", 8, "ascii");
  header.write("fmt ", 12, "ascii");
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write("data", 36, "ascii");
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}
