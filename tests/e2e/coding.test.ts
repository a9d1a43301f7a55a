/**
 * The whole path of an interview in real Chromium against the real server, as issue #8's "done when" walks
 * it: a researcher runs an interview with the youth staff guide on a laptop (consent, notes, a recording,
 * a transcript), imports a codebook from a spreadsheet and adds a code in the console, codes the notes and
 * the transcript by selecting text; a colleague codes the same interview without seeing the researcher's
 * codes; the researcher sees their agreement (the worked example below) and the code matrix, downloads the
 * coded excerpts and finds the findings in the PDF report; the interview is summarised and its recording
 * is deleted by the retention job seven days later, not six.
 *
 * The worked example. The session has five blocks (the unit of agreement, analysis/qualitative/agreement.ts):
 * the notes of questions 1-3, the transcript part of question 6 and the transcript's opening part that
 * belongs to no question (the transcript part of question 1 is the same block as the notes of question 1).
 *
 *   code            researcher (A)   colleague (B)    a b c d   agreement   kappa
 *   Aktivitātes     -                q1, q3           0 0 2 3    60.0 %     0.000
 *   Brīvdienas      q1 (note+tr.)    -                0 1 0 4    80.0 %     0.000
 *   Veselība        q2               q2               1 0 0 4   100.0 %     1.000
 *   Personāls       q6               q6               1 0 0 4   100.0 %     1.000
 *   Ģimenes saites  q1               q1               1 0 0 4   100.0 %     1.000
 *
 * Pooled (De Vries et al. 2008): mean po = 4.4 / 5 = 0.88; mean pe = (0.6 + 0.8 + 3 x 0.68) / 5 = 0.688;
 * kappa = (0.88 - 0.688) / (1 - 0.688) = 0.615.
 *
 * With SCREENSHOTS=1 the screens are saved at 1280 and 800 px wide to tests/e2e/screenshots/.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runRetention } from "../../server/services/retention.ts";
import { addDays } from "../../server/services/interviews.ts";
import { openDatabase } from "../../server/store/db.ts";
import { hasSystemTools } from "../helpers/system-tools.ts";
import { browserTestsCanRun, consoleSignedIn, query, savedDownload, screenshot, seriousAxeProblems, staffApi, startConsoleRig, tinyWav, type ConsoleRig, type Platform, type StaffApi } from "./harness.ts";

const canRun = browserTestsCanRun();
let rig: ConsoleRig | undefined;
let platform: Platform;

const RESEARCHER = "researcher@example.lv";
const COLLEAGUE = "kolege@example.lv";

beforeAll(async () => {
  if (!canRun) return;
  rig = await startConsoleRig([["interviewer", COLLEAGUE]]);
  platform = rig.platform;
}, 60_000);

afterAll(() => rig?.close());

const signedIn = (email: string, options: { bypassCSP?: boolean } = {}) => consoleSignedIn(rig!.browser, platform.server.url, email, options);
const apiAs = (email: string): Promise<StaffApi> => staffApi(platform.server.url, email);

const NOTES = {
  activities_assessment: "Jauniešiem trūkst pasākumu brīvdienās. Ģimenes apmeklējumi ir reti.",
  wellbeing_activities: "Psihologs pieejams reizi nedēļā; rindas ir garas.",
  social_skills_learned: "Komunikācijas prasmes uzlabojas grupu nodarbībās.",
} as const;

/** The spreadsheet a researcher drafted: paths, descriptions, one colour; no ids yet. */
const CODEBOOK_CSV = [
  "code_path;description;color",
  "Aktivitātes;Pasākumi un nodarbības ieslodzījumā;#1F6FB2",
  "Aktivitātes / Brīvdienas;Laiks bez nodarbībām, brīvdienas;",
  "Veselība;Psihologs, ārsts, labsajūta;#2E7D32",
  "Personāls;Darbinieku skaits, slodze, apmācība;",
].join("\r\n");

/** Selects `phrase` inside one block's text, as a mouse drag would. */
async function select(page: Page, blockKey: string, phrase: string): Promise<void> {
  const text = page.locator(`[data-testid="cw-block"][data-block-key="${blockKey}"] [data-testid="cw-text"]`);
  await text.waitFor();
  await text.evaluate((element, wanted) => {
    const whole = element.textContent ?? "";
    const start = whole.indexOf(wanted);
    if (start < 0) throw new Error(`"${wanted}" is not in "${whole}"`);
    const end = start + wanted.length;
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    let seen = 0;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const length = node.textContent?.length ?? 0;
      if (seen <= start && start < seen + length) range.setStart(node, start - seen);
      if (seen < end && end <= seen + length) range.setEnd(node, end - seen);
      seen += length;
    }
    const selection = window.getSelection()!;
    selection.removeAllRanges();
    selection.addRange(range);
  }, phrase);
}

/** Selects a phrase and applies a code from the bar that appears (saving a screenshot of the bar when named). */
async function code(page: Page, blockKey: string, phrase: string, codeId: string, shot?: string): Promise<void> {
  const before = await page.getByTestId("cw-mark").count();
  await select(page, blockKey, phrase);
  await page.getByTestId("cw-apply").waitFor();
  if (shot) await screenshot(page, shot);
  await page.locator(`[data-testid="cw-code-button"][data-code-id="${codeId}"]`).click();
  await expect.poll(() => page.getByTestId("cw-mark").count()).toBeGreaterThan(before);
}

const agreementRow = (page: Page, codeId: string) => page.locator(`[data-testid="ag-row"][data-code-id="${codeId}"]`);
const matrixCell = (page: Page, codeId: string, column: string) =>
  page.locator(`[data-testid="mx-row"][data-code-id="${codeId}"] [data-testid="mx-cell"][data-column="${column}"]`);

describe.skipIf(!canRun)("an interview from the laptop to the coded findings", () => {
  test("run, record, transcribe, code with a colleague, agreement, matrix, excerpts, PDF, recording deleted on day 7", async () => {
    const asResearcher = await apiAs(RESEARCHER);
    const created = await asResearcher("POST", "/api/studies", {
      name: "Personāla intervijas 2026",
      instruments: ["youth-staff-interview"],
      sites: ["cesis-youth"],
      channels: ["interview"],
    });
    expect(created.status).toBe(201);
    const studyId = created.body.id as string;

    // ---- The interview, on the researcher's laptop ------------------------------------------------------
    const { context, page } = await signedIn(RESEARCHER);
    await page.goto(`${platform.server.url}/console/studies/${studyId}/interviews`);
    await page.getByTestId("iv-start-interview").click();
    await page.getByTestId("iv-interview-submit").click();
    await page.waitForURL(/\/console\/interviews\/[^/]+$/);
    const sessionId = new URL(page.url()).pathname.split("/").at(-1)!;
    await page.getByTestId("iv-consent-participation").check();
    await page.getByTestId("iv-consent-recording").check();
    for (const [key, text] of Object.entries(NOTES)) {
      await page.locator(`[data-testid="iv-question"][data-key="${key}"] [data-testid="iv-notes"]`).fill(text);
    }
    await expect.poll(() => page.getByTestId("iv-save-status").getAttribute("data-state"), { timeout: 15_000 }).toBe("saved");
    await page.getByTestId("iv-rec-file").setInputFiles({ name: "intervija.wav", mimeType: "audio/wav", buffer: tinyWav() });
    await page.getByTestId("iv-recording").waitFor({ timeout: 15_000 });
    const view = (await asResearcher("GET", `/api/interviews/${sessionId}`)).body;
    const number = (key: string) => view.questions.find((q: { key: string }) => q.key === key).number as number;
    expect([number("activities_assessment"), number("challenges_in_work")]).toEqual([1, 6]);
    await page.getByTestId("iv-tr-text").fill(
      `Ievads par darbu ar jauniešiem.\n## 1\nBrīvdienās nav ko darīt, saka jaunieši.\n## ${number("challenges_in_work")}\nDarbinieku trūkst, slodze liela.`,
    );
    await page.getByTestId("iv-tr-save").click();
    await expect.poll(() => page.getByTestId("iv-tr-segment").count()).toBe(3);
    await page.getByTestId("iv-finish").click();
    await page.getByTestId("iv-finish-yes").click();
    await expect.poll(() => page.getByTestId("iv-state").first().getAttribute("data-state")).toBe("finished");

    // ---- The codebook: a spreadsheet imported, one code added in the console ----------------------------
    await page.goto(`${platform.server.url}/console/studies/${studyId}/coding`);
    await page.getByTestId("cb-panel").waitFor();
    await page.getByTestId("cb-import-file").setInputFiles({ name: "kodi.csv", mimeType: "text/csv", buffer: Buffer.from(`\uFEFF${CODEBOOK_CSV}`, "utf8") });
    await page.getByTestId("cb-import-confirm").click();
    await expect.poll(() => page.getByTestId("cb-code").count(), { timeout: 10_000 }).toBe(4);
    await page.getByTestId("cb-edit").click();
    await page.getByTestId("cb-add-root").click();
    const fresh = page.getByTestId("cb-row").last();
    await fresh.getByTestId("cb-name").fill("Ģimenes saites");
    await fresh.getByTestId("cb-description").fill("Apmeklējumi, zvani, vēstules");
    await screenshot(page, "coding-01a-editor");
    await page.getByTestId("cb-save").click();
    await expect.poll(() => page.getByTestId("cb-code").count(), { timeout: 10_000 }).toBe(5);
    const codes = (await asResearcher("GET", `/api/studies/${studyId}/codebook`)).body.codes as { id: string; path: string; depth: number }[];
    expect(codes.map((c) => [c.path, c.depth])).toEqual([
      ["Aktivitātes", 0],
      ["Aktivitātes / Brīvdienas", 1],
      ["Veselība", 0],
      ["Personāls", 0],
      ["Ģimenes saites", 0],
    ]);
    const id = Object.fromEntries(codes.map((c) => [c.path.split(" / ").at(-1)!, c.id])) as Record<string, string>;
    await screenshot(page, "coding-01-codebook");

    // ---- The researcher codes, by selecting text -------------------------------------------------------
    const link = page.locator(`[data-testid="cd-session"][data-session-id="${sessionId}"] [data-testid="cd-code-link"]`);
    await link.click();
    await page.waitForURL(new RegExp(`/console/interviews/${sessionId}/coding$`));
    await page.getByTestId("coding-page").waitFor();
    const stored = (await asResearcher("GET", `/api/interviews/${sessionId}`)).body.transcript as { seq: number; questionKey: string | null }[];
    const seqOf = (key: string | null) => stored.find((s) => s.questionKey === key)!.seq;
    await code(page, "note:activities_assessment", "trūkst pasākumu brīvdienās", id["Brīvdienas"]!, "coding-02a-apply-bar");
    await code(page, "note:activities_assessment", "Ģimenes apmeklējumi ir reti", id["Ģimenes saites"]!);
    await code(page, "note:wellbeing_activities", "Psihologs pieejams reizi nedēļā", id["Veselība"]!);
    await code(page, `segment:${seqOf("challenges_in_work")}`, "Darbinieku trūkst", id["Personāls"]!);
    await code(page, `segment:${seqOf("activities_assessment")}`, "Brīvdienās nav ko darīt", id["Brīvdienas"]!);
    await expect.poll(() => page.getByTestId("cw-count").innerText()).toContain("5");
    await screenshot(page, "coding-02-workspace");
    const mine = (await asResearcher("GET", `/api/interviews/${sessionId}/codings?coder=me`)).body.codings as { text: string; source: string; blockKey: string }[];
    expect(mine.map((c) => [c.source, c.blockKey, c.text]).sort()).toEqual(
      [
        ["note", "activities_assessment", "trūkst pasākumu brīvdienās"],
        ["note", "activities_assessment", "Ģimenes apmeklējumi ir reti"],
        ["note", "wellbeing_activities", "Psihologs pieejams reizi nedēļā"],
        ["transcript", "challenges_in_work", "Darbinieku trūkst"],
        ["transcript", "activities_assessment", "Brīvdienās nav ko darīt"],
      ].sort(),
    );
    // A reload shows the codes where they were put.
    await page.reload();
    await expect.poll(() => page.getByTestId("cw-mark").count()).toBe(5);
    expect(await page.locator(`[data-testid="cw-block"][data-block-key="note:wellbeing_activities"] [data-testid="cw-mark"]`).innerText()).toBe("Psihologs pieejams reizi nedēļā");
    await context.close();

    // ---- The colleague codes the same interview, blind to the researcher's codes -------------------------
    const colleague = await signedIn(COLLEAGUE);
    const cpage = colleague.page;
    await cpage.goto(`${platform.server.url}/console/studies/${studyId}/coding`);
    expect(await cpage.getByTestId("ag-panel").count()).toBe(0);
    expect(await cpage.getByTestId("cb-edit").count()).toBe(0);
    await cpage.locator(`[data-testid="cd-session"][data-session-id="${sessionId}"] [data-testid="cd-code-link"]`).click();
    await cpage.getByTestId("coding-page").waitFor();
    await cpage.locator('[data-testid="cw-block"]').first().waitFor();
    expect(await cpage.getByTestId("cw-mark").count()).toBe(0);
    expect(await cpage.getByTestId("cw-coder").count()).toBe(0);
    await code(cpage, "note:activities_assessment", "Jauniešiem trūkst pasākumu", id["Aktivitātes"]!);
    await code(cpage, "note:social_skills_learned", "Komunikācijas prasmes", id["Aktivitātes"]!);
    await code(cpage, "note:wellbeing_activities", "rindas ir garas", id["Veselība"]!);
    await code(cpage, `segment:${seqOf("challenges_in_work")}`, "slodze liela", id["Personāls"]!);
    await code(cpage, "note:activities_assessment", "Ģimenes apmeklējumi", id["Ģimenes saites"]!);
    expect(await cpage.getByTestId("cw-mark").count()).toBe(5);
    await colleague.context.close();

    // ---- Agreement, the matrix, the excerpts -----------------------------------------------------------
    // (bypassCSP only so that axe-core can be put into the page.)
    const back = await signedIn(RESEARCHER, { bypassCSP: true });
    const rpage = back.page;
    await rpage.goto(`${platform.server.url}/console/studies/${studyId}/coding`);
    await rpage.getByTestId("ag-panel").waitFor();
    await expect.poll(() => rpage.getByTestId("ag-row").count(), { timeout: 10_000 }).toBe(5);
    expect(await rpage.getByTestId("ag-units").innerText()).toContain("5");
    const figures = async (codeId: string) => [
      await agreementRow(rpage, codeId).getByTestId("ag-percent").innerText(),
      await agreementRow(rpage, codeId).getByTestId("ag-kappa").innerText(),
    ];
    expect(await figures(id["Aktivitātes"]!)).toEqual(["60,0 %", "0,000"]);
    expect(await figures(id["Brīvdienas"]!)).toEqual(["80,0 %", "0,000"]);
    expect(await figures(id["Veselība"]!)).toEqual(["100,0 %", "1,000"]);
    expect(await figures(id["Personāls"]!)).toEqual(["100,0 %", "1,000"]);
    expect(await figures(id["Ģimenes saites"]!)).toEqual(["100,0 %", "1,000"]);
    expect(await rpage.getByTestId("ag-pooled-percent").innerText()).toBe("88,0 %");
    expect(await rpage.getByTestId("ag-pooled-kappa").innerText()).toBe("0,615");
    const agreement = (await asResearcher("GET", `/api/studies/${studyId}/coding/agreement`)).body.agreement;
    expect(agreement.pooled.kappa).toBeCloseTo(0.192 / 0.312, 10);

    // The matrix by question, internal: the researcher sees every cell; published hides them (1 session < 5).
    await rpage.getByTestId("mx-mode").selectOption("internal");
    await expect.poll(() => matrixCell(rpage, id["Veselība"]!, "wellbeing_activities").getAttribute("data-excerpts")).toBe("2");
    expect(await matrixCell(rpage, id["Veselība"]!, "wellbeing_activities").getAttribute("data-sessions")).toBe("1");
    expect(await matrixCell(rpage, id["Personāls"]!, "challenges_in_work").getAttribute("data-excerpts")).toBe("2");
    expect(await matrixCell(rpage, id["Aktivitātes"]!, "social_skills_learned").getAttribute("data-excerpts")).toBe("1");
    // Columns as the guide asks the questions, not in the order of their keys.
    const columns = await rpage.locator('[data-testid="mx-row"]').first().locator('[data-testid="mx-cell"]').evaluateAll((cells) => cells.map((c) => c.getAttribute("data-column")));
    expect(columns).toEqual(["activities_assessment", "wellbeing_activities", "social_skills_learned", "challenges_in_work"]);
    expect(await seriousAxeProblems(rpage)).toEqual([]);
    await screenshot(rpage, "coding-03-agreement-matrix");
    await rpage.getByTestId("mx-by").selectOption("target-group");
    await expect.poll(() => matrixCell(rpage, id["Brīvdienas"]!, "youth").getAttribute("data-excerpts")).toBe("2");
    await rpage.getByTestId("mx-mode").selectOption("published");
    await expect.poll(() => matrixCell(rpage, id["Brīvdienas"]!, "youth").getAttribute("data-excerpts")).toBe("suppressed");
    expect(await matrixCell(rpage, id["Brīvdienas"]!, "youth").innerText()).toContain("<5");

    await rpage.getByTestId("ex-mode").selectOption("internal");
    const excerpts = await savedDownload(rpage, rig!.downloads, () => rpage.getByTestId("ex-download").click());
    const rows = parse(readFileSync(excerpts.path, "utf8").replace(/^\uFEFF/, ""), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(10);
    expect(rows.filter((r) => r.code_path === "Veselība").map((r) => [r.question_key, r.excerpt, r.target_group, r.guide])).toEqual([
      ["wellbeing_activities", "Psihologs pieejams reizi nedēļā", "youth", "youth-staff-interview"],
      ["wellbeing_activities", "rindas ir garas", "youth", "youth-staff-interview"],
    ]);

    // The workspace with everyone's codes (a researcher may look), and what axe-core thinks of it.
    await rpage.goto(`${platform.server.url}/console/interviews/${sessionId}/coding`);
    await rpage.getByTestId("cw-coder").selectOption("all");
    await expect.poll(() => rpage.getByTestId("cw-coding").count()).toBe(10);
    expect(await seriousAxeProblems(rpage)).toEqual([]);
    await screenshot(rpage, "coding-04-all-coders");
    await rpage.goto(`${platform.server.url}/console/studies/${studyId}/coding`);

    // ---- The findings in the PDF report (internal: one interview is below the threshold of 5) ---------------
    await rpage.getByTestId("tab-results").click();
    const pdfButton = rpage.getByRole("button", { name: "Lejupielādēt PDF" });
    await pdfButton.waitFor({ timeout: 20_000 });
    await rpage.getByLabel("Iekšēji — precīzi skaitļi, konfidenciāli").check();
    const pdf = await savedDownload(rpage, rig!.downloads, () => pdfButton.click());
    expect(readFileSync(pdf.path).subarray(0, 5).toString("latin1")).toBe("%PDF-");
    if (hasSystemTools("pdftotext")) {
      const text = execFileSync("pdftotext", ["-enc", "UTF-8", pdf.path, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
      expect(text).toContain("Intervijas: biežākās tēmas");
      expect(text).toContain("Jaunieši");
      expect(text).toContain("Ģimenes saites");
      expect(text).toMatch(/Psihologs pieejams reizi nedēļā|rindas ir garas/);
    }

    // ---- Summarised; the recording goes on the seventh day, not the sixth --------------------------------
    await rpage.goto(`${platform.server.url}/console/interviews/${sessionId}`);
    await rpage.getByTestId("iv-summarise").click();
    await rpage.getByTestId("iv-summarise-yes").click();
    await expect.poll(() => rpage.getByTestId("iv-state").first().getAttribute("data-state")).toBe("summarised");
    const summarised = (await asResearcher("GET", `/api/interviews/${sessionId}`)).body;
    const recordingId = summarised.recordings[0].id as string;
    const day = summarised.summarisedOn as string;
    expect(summarised.recordings[0].deleteAfter).toBe(addDays(day, 7));
    const db = openDatabase(platform.dbPath);
    try {
      const retention = (d: string) => runRetention({ db, clock: () => new Date(`${d}T08:00:00Z`), recordingsDir: platform.recordingsDir });
      expect(retention(addDays(day, 6)).deleted).toEqual([]);
      expect((await fetch(`${platform.server.url}/api/recordings/${recordingId}`, { headers: { Cookie: platform.cookie } })).status).toBe(200);
      expect(retention(addDays(day, 7)).deleted).toEqual([recordingId]);
    } finally {
      db.close();
    }
    const logged = query<{ actor: string; detail: string }>(platform.dbPath, "SELECT actor, detail FROM audit_log WHERE action = 'recording.delete'");
    expect(logged.map((e) => [e.actor, JSON.parse(e.detail).recordingId, JSON.parse(e.detail).reason])).toEqual([["retention", recordingId, "retention"]]);
    expect(readdirSync(platform.recordingsDir)).toEqual([]);
    expect((await fetch(`${platform.server.url}/api/recordings/${recordingId}`, { headers: { Cookie: platform.cookie } })).status).toBe(410);
    await rpage.reload();
    await expect.poll(() => rpage.getByTestId("iv-rec-deletion").innerText()).toContain("dzēsts");
    // The coding stays: it rests on the notes and the transcript, not on the audio.
    expect((await asResearcher("GET", `/api/studies/${studyId}/coding/agreement`)).body.agreement.pooled.kappa).toBeCloseTo(0.615, 3);
    await back.context.close();
  }, 300_000);

  test("a focus group is coded by its topics; the matrix counts it under its target group", async () => {
    const asResearcher = await apiAs(RESEARCHER);
    const study = await asResearcher("POST", "/api/studies", { name: "Fokusgrupa par sadarbību", instruments: ["youth-staff-interview"], sites: ["cesis-youth"], channels: ["interview"] });
    const studyId = study.body.id as string;
    const codebook = await asResearcher("PUT", `/api/studies/${studyId}/codebook`, {
      codes: [{ id: "5b0c1f3e-8a6d-4c1b-9f2e-3d4a5b6c7d8e", name: "Sadarbība", parentId: null, isCodable: true }],
    });
    expect(codebook.status).toBe(200);
    const group = await asResearcher("POST", `/api/studies/${studyId}/interviews`, {
      kind: "focus-group",
      topics: ["Sadarbība starp iestādēm", "Atbalsts pēc atbrīvošanas"],
      participantCount: 6,
      organisationKinds: ["social-service", "ngo"],
      targetGroup: "youth",
    });
    const sessionId = group.body.id as string;
    await asResearcher("PUT", `/api/interviews/${sessionId}/consent`, { participation: true, recording: false });
    expect((await asResearcher("PUT", `/api/interviews/${sessionId}/notes/t2`, { notes: "Vajag vienu kontaktpersonu pašvaldībā.", skipped: false })).status).toBe(200);

    const { context, page } = await signedIn(RESEARCHER);
    await page.goto(`${platform.server.url}/console/interviews/${sessionId}/coding`);
    const block = page.locator('[data-testid="cw-block"][data-block-key="note:t2"]');
    await block.waitFor();
    expect(await block.locator("h3, h2").first().innerText()).toContain("Atbalsts pēc atbrīvošanas");
    expect(await page.locator('[data-testid="cw-block"][data-block-key="note:t1"]').count()).toBe(0);
    await code(page, "note:t2", "vienu kontaktpersonu", "5b0c1f3e-8a6d-4c1b-9f2e-3d4a5b6c7d8e");
    const matrix = (await asResearcher("GET", `/api/studies/${studyId}/coding/matrix?by=target-group&mode=internal`)).body;
    expect(matrix.columns.map((c: { key: string }) => c.key)).toEqual(["youth"]);
    expect(matrix.rows[0].cells[0].excerpts.value).toBe(1);
    const byQuestion = (await asResearcher("GET", `/api/studies/${studyId}/coding/matrix?by=question&mode=internal`)).body;
    expect(byQuestion.columns.map((c: { key: string }) => c.key)).toEqual(["focus-group"]);

    // In Russian every fixed word of the tab is translated.
    await page.goto(`${platform.server.url}/console/studies/${studyId}/coding`);
    await page.getByTestId("console-lang-ru").click();
    await expect.poll(() => page.getByTestId("tab-coding").innerText()).toBe("Кодирование");
    await page.getByTestId("mx-panel").waitFor();
    expect(await page.locator("#cb-title").innerText()).toBe("Кодовая книга");
    expect(await page.locator("#mx-title").innerText()).toBe("Матрица кодов");
    expect(await page.getByTestId("mx-table").locator("thead").innerText()).toContain("Темы фокус-групп");
    await screenshot(page, "coding-05-tab-ru");
    await context.close();
  }, 120_000);
});
