/**
 * The respondent app in real Chromium against the real server: a tablet is enrolled and used by a youth in
 * Latvian and a senior in Russian; it keeps collecting offline and delivers each response exactly once;
 * nothing of a previous respondent survives a reset; a family member answers from a link on a phone; and
 * axe-core finds no serious accessibility problem.
 */
import { mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { browserTestsCanRun, launchBrowser, query, seriousAxeProblems, startPlatform, type Platform } from "./harness.ts";

const canRun = browserTestsCanRun();
const SHOTS = process.env.SCREENSHOT_DIR ?? join(tmpdir(), "prp-screenshots");
mkdirSync(SHOTS, { recursive: true });
const TABLET = { width: 800, height: 1280 };
const PHONE = { width: 390, height: 844 };

let platform: Platform;
let browser: Browser;

beforeAll(async () => {
  if (!canRun) return;
  platform = await startPlatform();
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

type Row = { instrument_id: string; age_group: string | null; locale: string; channel: string; site_id: string | null; answers: string };
const responses = () => query<Row>(platform.dbPath, "SELECT instrument_id, age_group, locale, channel, site_id, answers FROM responses");

async function waitFor<T>(read: () => T, ok: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = read();
  while (!ok(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    value = read();
  }
  return value;
}

async function enrolledTablet(context: BrowserContext): Promise<Page> {
  const enrolment = await platform.api("POST", `/api/studies/${platform.studyId}/enrolments`, { siteId: "jelgava" });
  const page = await context.newPage();
  await page.goto(`${platform.server.url}/tablet`);
  await page.getByTestId("enrol-code").fill(String(enrolment.body.code).toLowerCase());
  await page.getByTestId("enrol-submit").click();
  await page.getByTestId("pin").fill("4826");
  await page.getByTestId("pin-repeat").fill("4826");
  await page.getByTestId("pin-submit").click();
  await page.getByTestId("start-screen").waitFor();
  return page;
}

/** Answers the youth questionnaire in Latvian through the real UI; returns after the thank-you screen. */
async function answerYouth(page: Page, band: string, freeText: string): Promise<void> {
  await page.getByTestId("instrument-youth").click();
  await page.getByTestId("lang-lv").click();
  await page.getByRole("button", { name: "Sākt" }).click();
  await page.getByText(band, { exact: true }).click();
  await page.getByRole("button", { name: "Tālāk" }).click();
  await page.getByRole("button", { name: "Tālāk" }).click();
  await page.getByText("Jā, esmu informēts/-a", { exact: true }).click();
  await page.locator("textarea").first().fill(freeText);
  await page.getByRole("button", { name: "Iesniegt" }).click();
  await page.getByTestId("thank-you").waitFor();
}

describe.skipIf(!canRun)("tablet kiosk", () => {
  test("enrolled once, it takes a youth in Latvian and a senior in Russian; the server has both with their age groups", async () => {
    const context = await browser.newContext({ viewport: TABLET });
    const page = await enrolledTablet(context);
    await page.screenshot({ path: join(SHOTS, "tablet-start.png") });
    await answerYouth(page, "no 18 gadiem līdz 21 gadam", "Sociālais dienests");
    await page.screenshot({ path: join(SHOTS, "tablet-thank-you.png") });
    await page.getByTestId("start-screen").waitFor({ timeout: 20_000 });

    await page.getByTestId("instrument-seniors").click();
    await page.getByTestId("lang-ru").click();
    await page.getByRole("button", { name: "Начать" }).click();
    await page.getByTestId("large-text").click();
    await page.getByText("от 60 до 70 лет", { exact: true }).click();
    await page.screenshot({ path: join(SHOTS, "tablet-question-large-text.png") });
    await page.getByRole("button", { name: "Далее" }).click();
    await page.getByRole("button", { name: "Далее" }).click();
    await page.getByRole("button", { name: "Отправить" }).click();
    await page.getByTestId("thank-you").waitFor();

    const rows = await waitFor(responses, (r) => r.length >= 2);
    expect(rows.map((r) => [r.instrument_id, r.age_group, r.locale, r.channel, r.site_id]).sort()).toEqual([
      ["seniors", "60-70", "ru", "tablet", "jelgava"],
      ["youth", "18-21", "lv", "tablet", "jelgava"],
    ]);
    await context.close();
  }, 120_000);

  test("offline: starts without network, keeps three responses, delivers each exactly once when back online", async () => {
    const context = await browser.newContext({ viewport: TABLET });
    const page = await enrolledTablet(context);
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.reload();
    await page.getByTestId("start-screen").waitFor();
    const before = responses().length;

    await context.setOffline(true);
    await page.reload();
    await page.getByTestId("start-screen").waitFor();
    for (let i = 0; i < 3; i += 1) {
      await answerYouth(page, "no 22 gadiem līdz 25 gadiem", `Bezsaistē ${i}`);
      await page.getByTestId("start-screen").waitFor({ timeout: 20_000 });
    }
    expect(responses().length).toBe(before);

    await context.setOffline(false);
    const rows = await waitFor(responses, (r) => r.length >= before + 3, 60_000);
    expect(rows.length).toBe(before + 3);
    await page.reload();
    await page.getByTestId("start-screen").waitFor();
    await new Promise((r) => setTimeout(r, 3000));
    expect(responses().length).toBe(before + 3);
    await context.close();
  }, 180_000);

  test("after a submit and a reset, the previous answers are nowhere in the page or the tablet's storage", async () => {
    const context = await browser.newContext({ viewport: TABLET });
    const page = await enrolledTablet(context);
    const secret = "Mana slepenā atbilde Ž7Q";
    await answerYouth(page, "no 18 gadiem līdz 21 gadam", secret);
    await page.getByTestId("start-screen").waitFor({ timeout: 20_000 });
    const found = await page.evaluate(async (needle) => {
      const places: string[] = [];
      if (document.documentElement.outerHTML.includes(needle)) places.push("DOM");
      const dump = (s: Storage) => Array.from({ length: s.length }, (_, i) => `${s.key(i)}=${s.getItem(s.key(i)!)}`).join("\n");
      if (dump(localStorage).includes(needle)) places.push("localStorage");
      if (dump(sessionStorage).includes(needle)) places.push("sessionStorage");
      const decode = (v: unknown): string => {
        if (v instanceof ArrayBuffer) return new TextDecoder().decode(v);
        if (ArrayBuffer.isView(v)) return new TextDecoder().decode(v as Uint8Array);
        if (Array.isArray(v)) return v.map(decode).join("\n");
        if (v && typeof v === "object") return Object.entries(v).map(([k, x]) => `${k}:${decode(x)}`).join("\n");
        return String(v);
      };
      for (const info of await indexedDB.databases()) {
        const db = await new Promise<IDBDatabase>((ok, fail) => {
          const r = indexedDB.open(info.name!);
          r.onsuccess = () => ok(r.result);
          r.onerror = () => fail(r.error);
        });
        for (const store of Array.from(db.objectStoreNames)) {
          const all = await new Promise<unknown[]>((ok, fail) => {
            const r = db.transaction(store).objectStore(store).getAll();
            r.onsuccess = () => ok(r.result);
            r.onerror = () => fail(r.error);
          });
          if (decode(all).includes(needle)) places.push(`IndexedDB ${info.name}/${store}`);
        }
        db.close();
      }
      return places;
    }, secret);
    expect(found).toEqual([]);
    await page.goBack().catch(() => undefined);
    expect(await page.content()).not.toContain(secret);
    await context.close();
  }, 120_000);

  test("axe-core finds no serious or critical problem on the start screen and a question page", async () => {
    const context = await browser.newContext({ viewport: TABLET, bypassCSP: true });
    const page = await enrolledTablet(context);
    const scan = () => seriousAxeProblems(page);
    expect(await scan()).toEqual([]);
    await page.getByTestId("instrument-youth").click();
    await page.getByTestId("lang-lv").click();
    await page.getByRole("button", { name: "Sākt" }).click();
    expect(await scan()).toEqual([]);
    await context.close();
  }, 120_000);
});

describe.skipIf(!canRun)("family link", () => {
  test("a family member answers on a phone; a used-up link says so in three languages", async () => {
    const link = await platform.api("POST", `/api/studies/${platform.studyId}/links`, { instrumentId: "youth-family", maxUses: 1 });
    const context = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    const before = responses().filter((r) => r.channel === "online").length;
    await page.goto(`${platform.server.url}/f/${link.body.token}`);
    await page.getByTestId("lang-lv").click();
    await page.getByRole("button", { name: "Sākt" }).click();
    await page.getByText("no 22 gadiem līdz 25 gadiem", { exact: true }).click();
    await page.screenshot({ path: join(SHOTS, "family-phone-question.png") });
    const noSideScroll = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
    expect(noSideScroll).toBe(true);
    await page.getByRole("button", { name: "Tālāk" }).click();
    await page.getByRole("button", { name: "Tālāk" }).click();
    await page.getByRole("button", { name: "Iesniegt" }).click();
    const rows = await waitFor(responses, (r) => r.filter((x) => x.channel === "online").length > before);
    expect(rows.filter((r) => r.channel === "online").length).toBe(before + 1);
    expect(rows.find((r) => r.channel === "online")).toMatchObject({ instrument_id: "youth-family", age_group: "22-25", site_id: null });

    await page.goto(`${platform.server.url}/f/${link.body.token}`);
    const gone = page.getByTestId("link-gone");
    await gone.waitFor();
    const text = await gone.innerText();
    for (const word of [/saite/i, /ссылк/i, /link/i]) expect(text).toMatch(word);
    await page.screenshot({ path: join(SHOTS, "family-link-gone.png") });
    await context.close();
  }, 120_000);
});
