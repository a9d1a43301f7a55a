/**
 * Paper questionnaires in the console, in real Chromium against the real server: a researcher sets up a
 * study that collects on paper, prints three numbered youth forms (a PDF arrives, and its numbers are the
 * ones in the database), and types form 1 in with the keyboard alone (number, Enter, digits, Enter, U and
 * B, Ctrl+Enter), timed; an interviewer types it in identically and the form is final. Form 2 is typed
 * with one different answer, so it is in conflict; the researcher who typed it may not settle it, an
 * admin (a third person) does, picking the second entry. The summary then counts two finished forms and
 * an agreement rate below 100 %, and the stored responses have exactly the shapes SurveyJS would give.
 *
 * A second test has axe-core look at the paper tab, the entry form and a study without paper.
 *
 * With SCREENSHOTS=1 the print, entry and conflict screens are saved at 1280 and 800 px wide to
 * tests/e2e/screenshots/ (not committed) for a person to look at.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Download, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { hasSystemTools } from "../helpers/system-tools.ts";
import { browserTestsCanRun, consoleSignedIn, LAPTOP, query, screenshot, SCREENSHOTS, seriousAxeProblems, staffApi, startConsoleRig, type ConsoleRig, type Platform, type StaffApi } from "./harness.ts";

const canRun = browserTestsCanRun();
let platform: Platform;
let browser: Browser;
let downloads: string;
let rig: ConsoleRig | undefined;

beforeAll(async () => {
  if (!canRun) return;
  rig = await startConsoleRig([
    ["admin", "admin@example.lv"],
    ["interviewer", "intervija@example.lv"],
  ]);
  ({ platform, browser, downloads } = rig);
}, 60_000);

afterAll(() => rig?.close());

const shot = screenshot;

/** Saves one part of the page (at natural size, easier to look at than the whole page) when SCREENSHOTS=1. */
async function shotOf(page: Page, selector: string, name: string): Promise<void> {
  if (!SCREENSHOTS) return;
  const size = page.viewportSize() ?? LAPTOP;
  for (const width of [1280, 800]) {
    await page.setViewportSize({ width, height: width === 800 ? 1280 : 900 });
    await page.waitForTimeout(150);
    await page.locator(selector).first().screenshot({ path: join(SCREENSHOTS, `${name}-${width}.png`) });
  }
  await page.setViewportSize(size);
}

/** A signed-in API session of another staff member (for entries that need no browser). */
const apiAs = (email: string): Promise<StaffApi> => staffApi(platform.server.url, email);

const signedIn = (email: string, options: { bypassCSP?: boolean } = {}) =>
  consoleSignedIn(browser, platform.server.url, email, { acceptDownloads: true, ...options });

/** Presses keys one after another: "2", "Enter", "Control+Enter"; `text:...` types text. */
async function keys(page: Page, sequence: readonly string[]): Promise<void> {
  for (const key of sequence) {
    if (key.startsWith("text:")) await page.keyboard.type(key.slice(5));
    else await page.keyboard.press(key);
  }
}

/** The testid of the focused element, to check where the keyboard is. */
const focused = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute("data-testid") ?? document.activeElement?.tagName ?? null);

/**
 * The keys that type one youth form, question by question. `gender` is the digit for question 2;
 * `lastRow` is what is done with the last row of question 5 and `lastQuestion` with question 11 ("u",
 * "b", or null to leave it untouched).
 */
function youthKeys(gender: "1" | "2", lastQuestion: "u" | "b" | null, lastRow: "b" | null = "b"): string[] {
  return [
    "2", "Enter", // 1 age: 18-21 (the exact age of a minor does not apply: Enter skips it)
    gender, "Enter", // 2 gender
    "1", "Enter", // 3 takes part in support: yes
    "1", "3", "Enter", // ↳ which: psychological, leisure
    "2", "Enter", // 4 education: no
    // 5 rating table: a rating and its justification per row; row 2 unreadable, row 5 left blank
    "4", "Enter", "text:Palīdz runāt", "Enter",
    "u", "Enter", "Enter",
    "3", "Enter", "Enter",
    "5", "Enter", "text:Ļoti noderīgi", "Enter",
    ...(lastRow ? [lastRow] : []), "Enter", "Enter",
    "1", "Enter", // 6 family contact: yes
    "2", "Enter", // 7 twice a month
    "5", "Enter", // 8 family days: 5
    "1", "Enter", // 9 aware of support: yes
    "text:Sociālais darbinieks pastāstīja", "Enter", // ↳ which
    "5", "6", "text:No citiem ieslodzītajiem", "Enter", // ↳ sources: social workers and other (its text)
    "3", "Enter", "Enter", "3", "Enter", "Enter", "2", "Enter", "Enter", "4", "Enter", "Enter", "1", "Enter", "Enter", // 10 rating table, ratings only
    ...(lastQuestion ? [lastQuestion] : []), // 11
  ];
}

/** Opens a form by typing its number the sloppy way (lower case, no hyphens) and pressing Enter. */
async function openForm(page: Page, number: string, firstField = "entry-age_band"): Promise<void> {
  const field = page.getByTestId("entry-number");
  await field.waitFor();
  await field.click();
  await page.keyboard.type(number.replace(/-/g, "").toLowerCase());
  expect(await field.inputValue()).toBe(number);
  await page.keyboard.press("Enter");
  await page.locator(`[data-testid="entry-form"][data-number="${number}"]`).waitFor();
  await expect.poll(() => focused(page)).toBe(firstField);
}

async function resultOf(page: Page, number: string): Promise<string | null> {
  const result = page.locator(`[data-testid="entry-result"][data-number="${number}"]`);
  await result.waitFor({ timeout: 15_000 });
  return result.getAttribute("data-state");
}

describe.skipIf(!canRun)("paper questionnaires in the console", () => {
  test("print, keyboard double entry by two people, a conflict settled by a third, and the summary", async () => {
    const researcher = await signedIn("researcher@example.lv");
    const page = researcher.page;

    // A study that collects youth questionnaires on paper in Cēsis.
    await page.getByTestId("new-study").click();
    await page.getByTestId("study-name").fill("Papīra vilnis");
    for (const id of ["instrument-youth", "site-cesis-youth", "channel-paper"]) await page.getByTestId(id).check();
    await page.getByTestId("study-save").click();
    await expect.poll(() => page.getByTestId("study-title").textContent()).toBe("Papīra vilnis");
    const studyId = /\/console\/studies\/([^/]+)$/.exec(new URL(page.url()).pathname)?.[1];
    expect(studyId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);

    // Print three forms: a PDF arrives under the server's file name.
    await page.getByTestId("tab-paper").click();
    await page.getByTestId("paper-print-form").waitFor();
    expect(await page.getByTestId("paper-sum-total").getAttribute("data-value")).toBe("0");
    await page.getByTestId("paper-instrument-youth").check();
    await page.getByTestId("paper-site").selectOption("cesis-youth");
    await page.getByTestId("paper-count").fill("3");
    expect(await page.getByTestId("paper-print").innerText()).toContain("3");
    const [download] = (await Promise.all([page.waitForEvent("download", { timeout: 60_000 }), page.getByTestId("paper-print").click()])) as [Download, void];
    expect(download.suggestedFilename()).toBe("forms-youth-lv-3.pdf");
    const pdfPath = join(downloads, download.suggestedFilename());
    await download.saveAs(pdfPath);
    expect(readFileSync(pdfPath).subarray(0, 5).toString("latin1")).toBe("%PDF-");
    await expect.poll(() => page.getByTestId("paper-print-status").innerText()).toContain("forms-youth-lv-3.pdf");
    await expect.poll(() => page.getByTestId("paper-batch-row").count()).toBe(1);
    await expect.poll(() => page.getByTestId("paper-sum-total").getAttribute("data-value")).toBe("3");

    // The numbers: from the database, and the same ones printed in the PDF.
    const numbers = query<{ number: string }>(platform.dbPath, "SELECT number FROM paper_forms WHERE study_id = ? ORDER BY number", studyId).map((r) => r.number);
    expect(numbers).toHaveLength(3);
    if (hasSystemTools("pdftotext")) {
      const text = execFileSync("pdftotext", ["-enc", "UTF-8", pdfPath, "-"], { encoding: "utf8" });
      for (const number of numbers) expect(text).toContain(number);
    }
    const [form1, form2] = numbers as [string, string];
    await shot(page, "paper-01-print");

    // Form 1, first entry, keyboard only; timed from the number to the answer saved.
    await page.getByTestId("paper-start-entry").click();
    const started = Date.now();
    await openForm(page, form1);
    await keys(page, [...youthKeys("2", "u"), "Control+Enter"]);
    expect(await resultOf(page, form1)).toBe("single-entered");
    const seconds = (Date.now() - started) / 1000;
    const keystrokes = youthKeys("2", "u").reduce((n, k) => n + (k.startsWith("text:") ? k.length - 5 : 1), 0) + 9 + 2;
    console.log(`paper entry: one youth form typed in by keyboard (${keystrokes} keystrokes with the number, Enter and Ctrl+Enter) in ${seconds.toFixed(2)} s`);
    expect(await page.getByTestId("entry-result").innerText()).toContain("vajadzīga otra ievade");
    await expect.poll(() => focused(page)).toBe("entry-number");

    // A number with a wrong check character is caught before anything is asked of the server.
    const wrong = `${form2.slice(0, 10)}${form2.endsWith("A") ? "B" : "A"}`;
    await page.keyboard.type(wrong);
    await page.keyboard.press("Enter");
    await page.getByTestId("entry-number-error").waitFor();
    expect(await page.getByTestId("entry-number-error").innerText()).toContain("Kontrolzīme");
    await page.getByTestId("entry-number").fill("");

    // Form 2, first entry: the last row of question 5 and question 11 left untouched; saving asks, and
    // Enter marks both blank.
    await openForm(page, form2);
    await keys(page, youthKeys("2", null, null));
    expect(await page.locator('[data-item="age_exact"]').getAttribute("data-applies")).toBe("no");
    expect(await page.getByTestId("entry-counts").innerText()).toMatch(/Neaizpildīti: 2/);
    await shot(page, "paper-02-entry");
    await shotOf(page, ".c-entry__head", "paper-02b-entry-head");
    await shotOf(page, '[data-item="support_participation_types"]', "paper-02b-entry-checkbox");
    await shotOf(page, '[data-item="support_needs_fit"]', "paper-02c-entry-matrix");
    await page.keyboard.press("Control+Enter");
    await page.getByTestId("entry-untouched").waitFor();
    expect(await page.getByTestId("entry-untouched").innerText()).toMatch(/2 jautājumi vai tabulu rindas nav aizpildīti[\s\S]*\(5: Izglītības programmas.*, 11\)/);
    await shotOf(page, '[data-testid="entry-bar"]', "paper-03-untouched");
    await expect.poll(() => focused(page)).toBe("entry-mark-blank");
    await page.keyboard.press("Enter");
    expect(await resultOf(page, form2)).toBe("single-entered");

    // The same person cannot type form 1 again.
    await page.getByTestId("entry-number").fill(form1);
    await page.keyboard.press("Enter");
    await page.getByTestId("entry-refused").waitFor();
    expect(await page.getByTestId("entry-refused").getAttribute("data-reason")).toBe("entered-by-you");

    // An interviewer types both forms in: form 1 identically, form 2 with another gender and B for question 11.
    const interviewer = await signedIn("intervija@example.lv");
    const second = interviewer.page;
    await second.goto(`${platform.server.url}/console/studies/${studyId}/paper`);
    expect(await second.getByTestId("tab-tablets").count()).toBe(0);
    expect(await second.getByTestId("paper-print-form").count()).toBe(0);
    await second.getByTestId("paper-start-entry").click();
    await openForm(second, form1);
    await keys(second, [...youthKeys("2", "u"), "Control+Enter"]);
    expect(await resultOf(second, form1)).toBe("final");
    expect(await second.getByTestId("entry-result").innerText()).toContain("Abas ievades sakrīt");
    await openForm(second, form2);
    await keys(second, [...youthKeys("1", "b"), "Control+Enter"]);
    expect(await resultOf(second, form2)).toBe("conflict");
    expect(await second.getByTestId("entry-result").innerText()).toContain("Ievades atšķiras (1)");
    await interviewer.context.close();

    // The researcher typed form 2, so a third colleague must settle it.
    await page.goto(`${platform.server.url}/console/studies/${studyId}/paper/conflicts/${form2}`);
    await page.getByTestId("conflict-not-allowed").waitFor();

    // An admin settles it: the second entry was right.
    const admin = await signedIn("admin@example.lv");
    const third = admin.page;
    await third.goto(`${platform.server.url}/console/studies/${studyId}/paper`);
    const row = third.locator(`[data-testid="paper-conflict-row"][data-number="${form2}"]`);
    await row.waitFor();
    await row.getByRole("link").click();
    await third.getByTestId("conflict").waitFor();
    const differences = third.getByTestId("conflict-difference");
    expect(await differences.count()).toBe(1);
    expect(await differences.first().getAttribute("data-name")).toBe("gender");
    expect(await differences.first().innerText()).toMatch(/2 Vīrietis[\s\S]*1 Sieviete/);
    await shot(third, "paper-04-conflict");
    expect(await third.getByTestId("conflict-resolve").isDisabled()).toBe(true);
    await differences.first().getByTestId("conflict-pick-second").check();
    await third.getByTestId("conflict-resolve").click();
    await third.getByTestId("conflict-done").waitFor();

    // The summary: two forms finished, one not typed in, and the entries did not always agree.
    await third.goto(`${platform.server.url}/console/studies/${studyId}/paper`);
    await third.getByTestId("paper-summary").waitFor();
    expect(await third.getByTestId("paper-sum-final").getAttribute("data-value")).toBe("2");
    expect(await third.getByTestId("paper-sum-printed").getAttribute("data-value")).toBe("1");
    expect(await third.getByTestId("paper-sum-conflict").getAttribute("data-value")).toBe("0");
    const rate = Number(await third.getByTestId("paper-agreement").getAttribute("data-rate"));
    expect(rate).toBeGreaterThan(0.9);
    expect(rate).toBeLessThan(1);
    expect(await third.getByTestId("paper-agreement").innerText()).toMatch(/%/);
    await shot(third, "paper-05-summary");

    // Form 3 (typed in through the API): its entries differ in a rating, a row marked unreadable against a
    // rating, the "other" text and a question left blank against an answer. The admin takes the second
    // rating, keeps the unreadable row, types the "other" text as read on paper and takes the second answer.
    const form3 = numbers[2]!;
    const base = {
      age_band: "18-21",
      gender: "male",
      support_participation: "no",
      education_participation: "no",
      family_support_awareness: "yes",
      family_support_awareness_sources: ["ngo", "other"],
    };
    const firstEntry = await platform.api("POST", `/api/paper-forms/${form3}/entries`, {
      answers: { ...base, support_needs_fit: { psychological: { rating: 4, reason: "Labi" } }, "family_support_awareness_sources-Comment": "Draugi" },
      codes: { "support_needs_fit.leisure": "unreadable", family_support_needed: "blank" },
    });
    expect(firstEntry).toMatchObject({ status: 201, body: { state: "single-entered" } });
    const asInterviewer = await apiAs("intervija@example.lv");
    const secondEntry = await asInterviewer("POST", `/api/paper-forms/${form3}/entries`, {
      answers: {
        ...base,
        support_needs_fit: { psychological: { rating: 5, reason: "Labi" }, leisure: { rating: 2 } },
        "family_support_awareness_sources-Comment": "Draugi no darba",
        family_support_needed: ["more-meetings"],
      },
      codes: {},
    });
    expect(secondEntry).toMatchObject({ status: 201, body: { state: "conflict", differences: 4 } });
    await third.goto(`${platform.server.url}/console/studies/${studyId}/paper/conflicts/${form3}`);
    await third.getByTestId("conflict").waitFor();
    const pick = (name: string, side: "first" | "second" | "typed") => third.locator(`[data-testid="conflict-difference"][data-name="${name}"]`).getByTestId(`conflict-pick-${side}`).check();
    expect(await third.getByTestId("conflict-difference").count()).toBe(4);
    expect(await third.locator('[data-name="support_needs_fit.leisure"]').innerText()).toMatch(/Nesalasāms[\s\S]*2 – Dažas ir atbilstošas/);
    await pick("support_needs_fit.psychological", "second");
    await pick("support_needs_fit.leisure", "first");
    await pick("family_support_needed", "second");
    await pick("family_support_awareness_sources-Comment", "typed");
    const other = third.getByTestId("entry-family_support_awareness_sources-other");
    expect(await other.inputValue()).toBe("Draugi");
    await other.fill("Draugi un radi");
    await shot(third, "paper-06-conflict-typed");
    await third.getByTestId("conflict-resolve").click();
    await third.getByTestId("conflict-done").waitFor();
    const [settledThree] = query<{ answers: string; entry_codes: string | null }>(
      platform.dbPath,
      "SELECT answers, entry_codes FROM responses WHERE study_id = ? AND json_extract(answers, '$.support_participation') = 'no'",
      studyId,
    );
    expect(JSON.parse(settledThree!.answers)).toEqual({
      ...base,
      support_needs_fit: { psychological: { rating: 5, reason: "Labi" } },
      "family_support_awareness_sources-Comment": "Draugi un radi",
      family_support_needed: ["more-meetings"],
    });
    expect(JSON.parse(settledThree!.entry_codes!)).toEqual({ "support_needs_fit.leisure": "unreadable" });
    await admin.context.close();

    // The stored responses have the shapes SurveyJS gives, and the codes beside them.
    const stored = query<{ answers: string; entry_codes: string | null; site_id: string; channel: string }>(
      platform.dbPath,
      "SELECT answers, entry_codes, site_id, channel FROM responses WHERE study_id = ? AND json_extract(answers, '$.support_participation') = 'yes'",
      studyId,
    );
    expect(stored).toHaveLength(2);
    const byGender = new Map(stored.map((r) => [(JSON.parse(r.answers) as { gender: string }).gender, r]));
    const first = byGender.get("male")!;
    expect(first.channel).toBe("paper");
    expect(first.site_id).toBe("cesis-youth");
    expect(JSON.parse(first.answers)).toEqual({
      age_band: "18-21",
      gender: "male",
      support_participation: "yes",
      support_participation_types: ["psychological", "leisure"],
      education_participation: "no",
      support_needs_fit: { psychological: { rating: 4, reason: "Palīdz runāt" }, leisure: { rating: 3 }, resocialisation: { rating: 5, reason: "Ļoti noderīgi" } },
      family_contact: "yes",
      family_contact_frequency: "2-per-month",
      family_day_importance: 5,
      family_support_awareness: "yes",
      family_support_awareness_which: "Sociālais darbinieks pastāstīja",
      family_support_awareness_sources: ["social-workers", "other"],
      "family_support_awareness_sources-Comment": "No citiem ieslodzītajiem",
      activity_usefulness: {
        psychological: { rating: 3 },
        "social-work": { rating: 3 },
        leisure: { rating: 2 },
        education: { rating: 4 },
        resocialisation: { rating: 1 },
      },
    });
    expect(JSON.parse(first.entry_codes!)).toEqual({ "support_needs_fit.social-work": "unreadable", "support_needs_fit.education": "blank", family_support_needed: "unreadable" });
    const settled = byGender.get("female")!;
    expect(JSON.parse(settled.entry_codes!)).toMatchObject({ family_support_needed: "blank" });

    // The same screens in Russian: every fixed word is translated.
    await page.goto(`${platform.server.url}/console/studies/${studyId}/paper`);
    await page.getByTestId("console-lang-ru").click();
    await expect.poll(() => page.getByTestId("tab-paper").innerText()).toBe("Бумага");
    expect(await page.getByTestId("paper-start-entry").innerText()).toBe("Вводить анкеты");
    await shot(page, "paper-07-russian");
    await researcher.context.close();
  }, 240_000);

  test("axe-core finds no serious or critical problem on the paper tab, the entry form, and a study without paper", async () => {
    const study = await platform.api("POST", "/api/studies", { name: "Papīrs un axe", instruments: ["youth-family"], sites: ["jelgava"], channels: ["paper"] });
    expect(study.status).toBe(201);
    const printed = await fetch(`${platform.server.url}/api/studies/${study.body.id}/paper-batches`, {
      method: "POST",
      headers: { Cookie: platform.cookie, "Content-Type": "application/json" },
      body: JSON.stringify({ instrumentId: "youth-family", locale: "ru", count: 1 }),
    });
    expect(printed.status).toBe(201);
    const [{ number }] = query<{ number: string }>(platform.dbPath, "SELECT number FROM paper_forms WHERE study_id = ?", study.body.id) as [{ number: string }];

    const { context, page } = await signedIn("researcher@example.lv", { bypassCSP: true });
    const scan = () => seriousAxeProblems(page);

    await page.goto(`${platform.server.url}/console/studies/${study.body.id}/paper`);
    await page.getByTestId("paper-batch-row").waitFor();
    // A family questionnaire is printed for no prison.
    expect(await page.getByTestId("paper-no-site").count()).toBe(1);
    expect(await scan()).toEqual([]);

    await page.getByTestId("paper-start-entry").click();
    await openForm(page, number, "entry-prisoner_gender");
    // A form printed in Russian can show its questions in Russian too.
    await page.getByRole("button", { name: "krievu" }).click();
    expect(await page.locator('[data-item="prisoner_gender"] .c-entry__title').innerText()).toContain("Пол");
    await page.keyboard.press("Control+Enter");
    await page.getByTestId("entry-untouched").waitFor();
    expect(await scan()).toEqual([]);
    await shot(page, "paper-08-family-entry-ru");

    // The study the harness made does not collect on paper: the tab says so and links to the settings.
    await page.goto(`${platform.server.url}/console/studies/${platform.studyId}/paper`);
    await page.getByTestId("paper-no-channel").waitFor();
    expect(await page.getByTestId("paper-edit-study").getAttribute("href")).toBe(`/console/studies/${platform.studyId}/edit`);
    expect(await scan()).toEqual([]);
    await context.close();
  }, 120_000);
});
