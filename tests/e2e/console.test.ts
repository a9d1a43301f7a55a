/**
 * The researcher console in real Chromium against the real server: a researcher sets a study up, enrols a
 * tablet with the code read off the page, watches the tablet's response arrive without reloading, makes a
 * family link with its QR code, and downloads the PDF report and a CSV export; an admin creates a colleague
 * who then signs in with the temporary password; a session that ends sends the person back to sign-in.
 *
 * With SCREENSHOTS=1 the main screens are saved at 1280 and 800 px wide to tests/e2e/screenshots/ (not
 * committed) for a person to look at.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { unzipSync } from "fflate";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { STAFF_PASSWORD } from "../fixtures/01-staff.ts";
import { hasSystemTools } from "../helpers/system-tools.ts";
import { browserTestsCanRun, LAPTOP, savedDownload, screenshot, SCREENSHOTS, startConsoleRig, type ConsoleRig, type Platform } from "./harness.ts";

const canRun = browserTestsCanRun();
const TABLET = { width: 800, height: 1280 };

let platform: Platform;
let browser: Browser;
let downloads: string;
let rig: ConsoleRig | undefined;

beforeAll(async () => {
  if (!canRun) return;
  rig = await startConsoleRig([["admin", "admin@example.lv"]]);
  ({ platform, browser, downloads } = rig);
}, 60_000);

afterAll(() => rig?.close());

const shot = screenshot;

async function consolePage(viewport = LAPTOP): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, acceptDownloads: true, locale: "lv-LV", timezoneId: "Europe/Riga" });
  return { context, page: await context.newPage() };
}

async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto(`${platform.server.url}/console`);
  await page.getByTestId("signin-email").fill(email);
  await page.getByTestId("signin-password").fill(password);
  await page.getByTestId("signin-submit").click();
  await page.getByTestId("signed-in-as").waitFor();
}

const download = (page: Page, click: () => Promise<void>) => savedDownload(page, downloads, click);

/** Enrols a tablet with a code typed the way staff would, and sets its PIN. */
async function enrolTablet(context: BrowserContext, code: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${platform.server.url}/tablet`);
  await page.getByTestId("enrol-code").fill(code);
  await page.getByTestId("enrol-submit").click();
  await page.getByTestId("pin").fill("4826");
  await page.getByTestId("pin-repeat").fill("4826");
  await page.getByTestId("pin-submit").click();
  await page.getByTestId("start-screen").waitFor();
  return page;
}

/**
 * Answers the youth questionnaire in Latvian through the kiosk (as tests/e2e/respondent.test.ts does). The
 * study has one tablet questionnaire, so the kiosk goes straight to the language choice.
 */
async function answerYouth(page: Page): Promise<void> {
  await page.getByTestId("lang-lv").click();
  await page.getByRole("button", { name: "Sākt" }).click();
  await page.getByText("no 18 gadiem līdz 21 gadam", { exact: true }).click();
  await page.getByRole("button", { name: "Tālāk" }).click();
  await page.getByRole("button", { name: "Tālāk" }).click();
  await page.getByText("Jā, esmu informēts/-a", { exact: true }).click();
  await page.locator("textarea").first().fill("Sociālais dienests");
  await page.getByRole("button", { name: "Iesniegt" }).click();
  await page.getByTestId("thank-you").waitFor();
}

describe.skipIf(!canRun)("researcher console", () => {
  test("a researcher sets up a study, enrols a tablet, sees its response arrive, makes a family link, downloads the PDF and a CSV export", async () => {
    const { context, page } = await consolePage();
    await page.goto(`${platform.server.url}/console`);
    await page.getByTestId("signin-email").waitFor();
    await shot(page, "01-sign-in");
    await signIn(page, "researcher@example.lv", STAFF_PASSWORD);
    expect(await page.getByTestId("signed-in-as").innerText()).toContain("pētnieks");
    await shot(page, "02-studies");

    // A new study: Cēsis and Jelgava, youth and youth-family, tablet and online.
    await page.getByTestId("new-study").click();
    await page.getByTestId("study-name").fill("Pavasara vilnis 2026");
    for (const id of ["instrument-youth", "instrument-youth-family", "site-cesis-youth", "site-jelgava", "channel-tablet", "channel-online"]) {
      await page.getByTestId(id).check();
    }
    await shot(page, "03-study-form");
    await page.getByTestId("study-save").click();
    await expect.poll(() => page.getByTestId("study-title").textContent()).toBe("Pavasara vilnis 2026");
    const studyId = /\/console\/studies\/([^/]+)$/.exec(new URL(page.url()).pathname)?.[1];
    expect(studyId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const study = await platform.api("GET", `/api/studies/${studyId}`);
    expect(study.body).toMatchObject({ instruments: ["youth", "youth-family"], sites: ["cesis-youth", "jelgava"], channels: ["tablet", "online"], disclosureThreshold: 5 });
    expect(await page.getByTestId("progress-total").innerText()).toBe("0");

    // A tablet for Cēsis: the code is read off the page and typed on the tablet.
    await page.getByTestId("tab-tablets").click();
    await page.getByTestId("enrol-site").selectOption("cesis-youth");
    await page.getByTestId("create-code").click();
    const codeElement = page.getByTestId("enrolment-code");
    await codeElement.waitFor();
    const code = await codeElement.getAttribute("data-code");
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect((await codeElement.innerText()).replace(/\s/g, "")).toBe(code!.replace("-", ""));
    expect(await page.getByTestId("enrolment-expiry").innerText()).toContain("Rīgas laiks");
    expect(await page.getByTestId("tablet-qr").getAttribute("src")).toMatch(/^data:image\/svg\+xml;utf8,/);
    await shot(page, "04-tablets-code");

    const tabletContext = await browser.newContext({ viewport: TABLET });
    const tablet = await enrolTablet(tabletContext, code!.toLowerCase().replace("-", " "));
    await page.getByRole("button", { name: "Atjaunot" }).click();
    await expect.poll(() => page.getByTestId("device-row").count(), { timeout: 15_000 }).toBe(1);

    // The overview counts the tablet's response by itself, without a reload.
    await page.getByTestId("tab-overview").click();
    await expect.poll(() => page.getByTestId("progress-total").innerText()).toBe("0");
    const navigations: string[] = [];
    page.on("framenavigated", (frame) => {
      if (frame === page.mainFrame()) navigations.push(frame.url());
    });
    await answerYouth(tablet);
    await expect.poll(() => page.getByTestId("progress-total").innerText(), { timeout: 30_000, interval: 500 }).toBe("1");
    expect(navigations).toEqual([]);
    const youthTable = page.getByTestId("pivot-youth");
    expect(await youthTable.getByRole("row", { name: /Cēsu/ }).innerText()).toMatch(/\b1\b/);
    expect(await page.getByTestId("progress-updated").innerText()).toMatch(/Atjaunināts \d{2}:\d{2}:\d{2}/);
    await shot(page, "05-overview-progress");
    await tabletContext.close();

    // Taking away an instrument that has responses is refused; the server's reason is shown by the fields.
    await page.getByTestId("edit-study").click();
    await page.getByTestId("instrument-youth").uncheck();
    await page.getByTestId("study-save").click();
    const refused = page.getByTestId("study-form").getByTestId("error");
    await refused.waitFor();
    expect(await refused.getAttribute("data-code")).toBe("study.in_use");
    expect(await refused.innerText()).toMatch(/jau ir atbildes/);
    await shot(page, "05b-study-in-use");
    await page.getByRole("link", { name: "Atcelt" }).click();
    await page.getByTestId("progress-total").waitFor();

    // A family link with its QR code and slip.
    await page.getByTestId("tab-links").click();
    await page.getByTestId("link-multi").check();
    await page.getByTestId("link-max-uses").fill("30");
    await page.getByTestId("create-link").click();
    await page.getByTestId("created-link").waitFor();
    expect(await page.getByTestId("link-url").inputValue()).toMatch(/\/f\/[A-Za-z0-9_-]{20,}$/);
    expect(await page.getByTestId("link-qr").getAttribute("src")).toMatch(/^data:image\/svg\+xml;utf8,%3Csvg/);
    expect(await page.getByTestId("link-qr").evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await page.getByTestId("copy-link").click();
    await expect.poll(() => page.getByTestId("created-link").innerText()).toContain("Nokopēts.");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await page.getByTestId("link-url").inputValue());
    await expect.poll(() => page.getByTestId("link-row").count()).toBe(1);
    expect(await page.getByTestId("link-row").innerText()).toContain("0 no 30");
    await shot(page, "06-family-link");
    if (SCREENSHOTS) {
      await page.emulateMedia({ media: "print" });
      await page.screenshot({ path: join(SCREENSHOTS, "07-family-slip-print.png"), fullPage: true });
      await page.emulateMedia({ media: "screen" });
    }

    // The PDF report from the Results tab (a lazily loaded chunk).
    const scripts: string[] = [];
    page.on("request", (r) => {
      if (r.resourceType() === "script") scripts.push(new URL(r.url()).pathname);
    });
    await page.getByTestId("tab-results").click();
    const pdfButton = page.getByRole("button", { name: "Lejupielādēt PDF" });
    await pdfButton.waitFor({ timeout: 20_000 });
    expect(scripts.some((s) => /\/assets\/ResultsPage-[\w-]+\.js$/.test(s))).toBe(true);
    const pdf = await download(page, () => pdfButton.click());
    expect(readFileSync(pdf.path).subarray(0, 5).toString("latin1")).toBe("%PDF-");
    if (hasSystemTools("pdftotext")) {
      const text = execFileSync("pdftotext", ["-enc", "UTF-8", pdf.path, "-"], { encoding: "utf8" });
      expect(text).toContain("Pavasara vilnis 2026");
      expect(text).toMatch(/[āēīūčšžģķļņ]/);
    }
    await shot(page, "08-results");

    // A CSV export: a ZIP with data.csv.
    await page.getByTestId("tab-export").click();
    await page.getByTestId("export-format-csv").check();
    const zip = await download(page, () => page.getByTestId("export-download").click());
    const bytes = readFileSync(zip.path);
    expect(bytes.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
    expect(zip.name).toMatch(/\.zip$/);
    const files = unzipSync(new Uint8Array(bytes));
    expect(Object.keys(files)).toContain("data.csv");
    const data = new TextDecoder().decode(files["data.csv"]);
    expect(data.split(/\r?\n/).filter(Boolean).length).toBe(2);
    await expect.poll(() => page.getByTestId("export-status").innerText()).toContain("Lejupielādēts");
    await shot(page, "09-export");

    await page.getByTestId("nav-account").click();
    await page.getByTestId("password-form").waitFor();
    await shot(page, "10-account");
    await context.close();
  }, 240_000);

  test("an admin creates a colleague's account; the colleague signs in with the temporary password", async () => {
    const { context, page } = await consolePage();
    await signIn(page, "admin@example.lv", STAFF_PASSWORD);
    await page.getByTestId("nav-users").click();
    await page.getByTestId("new-user-email").fill("analitike@example.lv");
    await page.getByTestId("new-user-role").selectOption("analyst");
    await page.getByTestId("create-user").click();
    const secret = page.getByTestId("temporary-password");
    await secret.waitFor();
    const temporary = (await secret.innerText()).trim();
    expect(temporary.length).toBeGreaterThanOrEqual(12);
    expect(await page.getByTestId("temporary-password-panel").innerText()).toContain("redzama tikai tagad");
    expect(await page.locator('[data-testid="user-row"][data-email="analitike@example.lv"]').innerText()).toContain("Aktīvs");
    await shot(page, "11-users");

    // An admin cannot disable themselves: the server's detail and what to do are shown.
    const own = page.locator('[data-testid="user-row"][data-email="admin@example.lv"]');
    await own.getByTestId("disable-user").click();
    await own.getByTestId("disable-user-yes").click();
    const error = own.getByTestId("error");
    await error.waitFor();
    expect(await error.getAttribute("data-code")).toBe("user.self");

    await page.getByTestId("nav-audit").click();
    await expect.poll(() => page.getByTestId("audit-row").count()).toBeGreaterThan(0);
    expect(await page.getByTestId("audit").innerText()).toContain("Lietotāja izveide");
    await shot(page, "12-audit");

    // The analyst, on a tablet-sized screen: results and export only, and coarsened exports only.
    const colleague = await consolePage(TABLET);
    const analyst = colleague.page;
    await signIn(analyst, "analitike@example.lv", temporary);
    expect(await analyst.getByTestId("signed-in-as").innerText()).toContain("analītiķis");
    await analyst.getByTestId("study-list").waitFor();
    expect(await analyst.getByTestId("new-study").count()).toBe(0);
    await analyst.getByTestId("study-link").first().click();
    await analyst.getByTestId("tab-export").click();
    expect(await analyst.getByTestId("export-detail-full").isDisabled()).toBe(true);
    expect(await analyst.getByTestId("tab-tablets").count()).toBe(0);
    await shot(analyst, "13-analyst-export");
    await colleague.context.close();
    await context.close();
  }, 120_000);

  test("when the session ends, the next action goes back to sign-in saying so; the language choice is remembered", async () => {
    const { context, page } = await consolePage();
    await signIn(page, "researcher@example.lv", STAFF_PASSWORD);
    await page.getByTestId("console-lang-ru").click();
    await expect.poll(() => page.getByTestId("nav-studies").innerText()).toBe("Исследования");
    await page.getByTestId("study-link").first().click();
    await page.getByTestId("progress-total").waitFor();
    await shot(page, "14-russian-overview");
    await page.getByTestId("console-lang-en").click();
    await expect.poll(() => page.getByTestId("nav-studies").innerText()).toBe("Studies");
    await context.clearCookies();
    // The account page asks nothing of the server; going back to the studies does.
    await page.getByTestId("nav-account").click();
    await page.getByTestId("password-form").waitFor();
    await page.getByTestId("nav-studies").click();
    const ended = page.getByTestId("session-ended");
    await ended.waitFor();
    expect(await ended.innerText()).toBe("Your session ended. Please sign in again.");
    await page.reload();
    await page.getByTestId("signin-email").waitFor();
    expect(await page.locator("h1").innerText()).toBe("Sign in to the research console");
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("en");
    await context.close();
  }, 60_000);
});
