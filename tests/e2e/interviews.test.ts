/**
 * Interviews in the console, in real Chromium against the real server: a researcher sets up a study that
 * interviews (the youth staff guide, recordings kept 5 days after summarising) through the study form and
 * lists names to redact; an interviewer starts an interview from the study's Interviews tab, reads the
 * greeting, ticks consent, picks the interviewee's bands and types notes that save themselves. Notes typed
 * just before a reload come back from this computer and reach the server; notes typed while the browser is
 * offline wait with an "offline" status and are saved once it is back online; a note a colleague saved
 * meanwhile is shown beside the interviewer's own and the interviewer keeps theirs. A small WAV file is
 * uploaded and listed, a transcript with `## n` markers is stored by question, and after "finish" and
 * "summarised" the recording shows the day it will be deleted.
 *
 * A second test records with Chromium's fake microphone (MediaRecorder, WebM/Opus), marks when a question
 * was asked, stops, and finds the upload listed with the question's time offset; then records a second take
 * with another question, and each question's ▶ plays its own recording at its moment. A third has axe-core look
 * at the tab and the interviewer's screen, and checks a study without the interview channel.
 *
 * With SCREENSHOTS=1 the screens are saved at 1280 and 800 px wide to tests/e2e/screenshots/ (not
 * committed) for a person to look at.
 */
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { browserTestsCanRun, CHROMIUM_PATH, consoleSignedIn, screenshot, seriousAxeProblems, staffApi, startConsoleRig, tinyWav, type ConsoleRig, type Platform, type StaffApi } from "./harness.ts";

const canRun = browserTestsCanRun();
let platform: Platform;
let browser: Browser;
let rig: ConsoleRig | undefined;

beforeAll(async () => {
  if (!canRun) return;
  rig = await startConsoleRig([["interviewer", "intervija@example.lv"]]);
  ({ platform, browser } = rig);
}, 60_000);

afterAll(() => rig?.close());

const shot = screenshot;
type Api = StaffApi;

/** A signed-in API session of one staff member. */
const apiAs = (email: string): Promise<Api> => staffApi(platform.server.url, email);

const signedIn = (email: string, options: { browser?: Browser; bypassCSP?: boolean } = {}) =>
  consoleSignedIn(options.browser ?? browser, platform.server.url, email, { bypassCSP: options.bypassCSP ?? false });

const question = (page: Page, key: string) => page.locator(`[data-testid="iv-question"][data-key="${key}"]`);
const notesOf = (page: Page, key: string) => question(page, key).getByTestId("iv-notes");
const saveState = (page: Page) => page.getByTestId("iv-save-status").getAttribute("data-state");

/** "dd.mm." of a YYYY-MM-DD day, as the screen says deletion days. */
const shortDay = (day: string) => `${day.slice(8, 10)}.${day.slice(5, 7)}.`;

/** Creates, through the study form, a study that interviews with the youth staff guide; returns its id. */
async function interviewStudy(page: Page, name: string, retention: string): Promise<string> {
  await page.goto(`${platform.server.url}/console/studies/new`);
  await page.getByTestId("study-name").fill(name);
  for (const id of ["instrument-youth-staff-interview", "site-cesis-youth", "channel-interview"]) await page.getByTestId(id).check();
  await page.getByTestId("study-retention").fill(retention);
  await page.getByTestId("study-save").click();
  await expect.poll(() => page.getByTestId("study-title").textContent()).toBe(name);
  const id = /\/console\/studies\/([^/]+)$/.exec(new URL(page.url()).pathname)?.[1];
  expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  return id!;
}

/** From the study's Interviews tab, starts an interview with its only guide in its only prison. */
async function startInterview(page: Page, studyId: string): Promise<string> {
  await page.goto(`${platform.server.url}/console/studies/${studyId}/interviews`);
  await page.getByTestId("iv-start-interview").click();
  expect(await page.getByTestId("iv-guide-youth-staff-interview").isChecked()).toBe(true);
  expect(await page.getByTestId("iv-site").inputValue()).toBe("cesis-youth");
  await page.getByTestId("iv-interview-submit").click();
  await page.waitForURL(/\/console\/interviews\/[^/]+$/);
  await page.getByTestId("iv-consent").waitFor();
  return new URL(page.url()).pathname.split("/").at(-1)!;
}

describe.skipIf(!canRun)("interviews in the console", () => {
  test("consent, bands, autosaved notes through a reload and an offline spell, a conflict, an uploaded recording, a transcript, finish and summary", async () => {
    const researcher = await signedIn("researcher@example.lv");
    const rpage = researcher.page;

    // The study form: the paper settings show with the paper channel, the recordings' retention with interviews.
    await rpage.goto(`${platform.server.url}/console/studies/new`);
    expect(await rpage.getByTestId("paper-settings").count()).toBe(0);
    expect(await rpage.getByTestId("interview-settings").count()).toBe(0);
    await rpage.getByTestId("channel-paper").check();
    expect(await rpage.getByTestId("study-paper-double").isChecked()).toBe(true);
    expect(await rpage.getByTestId("study-resolver-third-person").isChecked()).toBe(true);
    await rpage.getByTestId("channel-interview").check();
    expect(await rpage.getByTestId("study-retention").inputValue()).toBe("7");
    await rpage.getByTestId("study-retention").fill("9");
    await rpage.getByTestId("study-save").click();
    expect(await rpage.getByTestId("field-error-recordingRetentionDays").innerText()).toContain("1 līdz 7");
    await shot(rpage, "interviews-01-study-form");

    const studyId = await interviewStudy(rpage, "Intervijas ar personālu", "5");
    const asResearcher = await apiAs("researcher@example.lv");
    const study = (await asResearcher("GET", `/api/studies/${studyId}`)).body;
    expect(study).toMatchObject({ channels: ["interview"], recordingRetentionDays: 5, paperDoubleEntry: true });

    // Changing a setting sends just that.
    await rpage.goto(`${platform.server.url}/console/studies/${studyId}/edit`);
    await rpage.getByTestId("study-retention").fill("6");
    await rpage.getByTestId("study-save").click();
    await expect.poll(async () => (await asResearcher("GET", `/api/studies/${studyId}`)).body.recordingRetentionDays).toBe(6);

    // The researcher lists names to redact, every inflected form.
    await rpage.goto(`${platform.server.url}/console/studies/${studyId}/interviews`);
    await rpage.getByTestId("iv-redact-terms").fill("Bērziņš\nBērziņa\nBērziņam\n");
    await rpage.getByTestId("iv-redact-save").click();
    await expect.poll(() => rpage.getByTestId("iv-redact-status").innerText()).toContain("Saglabāts: 3");
    expect((await asResearcher("GET", `/api/studies/${studyId}/redactions`)).body.terms).toHaveLength(3);
    await researcher.context.close();

    // The interviewer starts an interview from the Interviews tab.
    const { context, page } = await signedIn("intervija@example.lv");
    await page.goto(`${platform.server.url}/console/studies/${studyId}`);
    await page.getByTestId("tab-interviews").click();
    await page.getByTestId("iv-list").or(page.locator(".c-empty")).first().waitFor();
    expect(await page.getByTestId("iv-redactions").count()).toBe(0);
    const sessionId = await startInterview(page, studyId);
    const asInterviewer = await apiAs("intervija@example.lv");
    const serverNote = async (key: string) =>
      ((await asInterviewer("GET", `/api/interviews/${sessionId}`)).body.notes as { questionKey: string; notes: string; skipped: boolean }[]).find((n) => n.questionKey === key);

    // The greeting to read aloud, in Latvian and in Russian; the questions wait for consent.
    expect(await page.getByTestId("iv-greeting").innerText()).toMatch(/^Labdien!/);
    expect(await page.getByTestId("iv-greeting").innerText()).toContain("nedēļas laikā pēc intervijas atbilžu apkopošanas");
    await page.getByTestId("iv-read-ru").click();
    expect(await page.getByTestId("iv-greeting").innerText()).toMatch(/^Здравствуйте!/);
    await page.getByTestId("iv-read-lv").click();
    await page.getByTestId("iv-questions-closed").waitFor();
    expect(await page.getByTestId("iv-notes").count()).toBe(0);
    await shot(page, "interviews-02-before-consent");

    await page.getByTestId("iv-consent-participation").check();
    await notesOf(page, "activities_assessment").waitFor();
    await page.getByTestId("iv-consent-recording").check();
    await expect.poll(async () => (await asInterviewer("GET", `/api/interviews/${sessionId}`)).body.consent).toEqual({ participation: true, recording: true });

    // The interviewee in the guide's bands (clicking the visible chips).
    await page.getByTestId("iv-band-position-social-work").locator("xpath=..").click();
    await page.getByTestId("iv-band-years_in_post-1-5").locator("xpath=..").click();
    await expect.poll(async () => (await asInterviewer("GET", `/api/interviews/${sessionId}`)).body.interviewee).toEqual({ position: "social-work", years_in_post: "1-5" });

    // Notes for two questions save themselves; a name on the list comes back replaced.
    await notesOf(page, "activities_assessment").click();
    await page.keyboard.type("Pasākumi daudzveidīgi; Bērziņam patīk sports.");
    await expect.poll(() => saveState(page)).toBe("saving");
    await expect.poll(() => saveState(page), { timeout: 10_000 }).toBe("saved");
    expect((await serverNote("activities_assessment"))?.notes).toBe("Pasākumi daudzveidīgi; [vārds] patīk sports.");
    await expect.poll(() => notesOf(page, "activities_assessment").inputValue()).toBe("Pasākumi daudzveidīgi; [vārds] patīk sports.");
    // The second is typed and the page reloaded at once, before the autosave's pause is over.
    await notesOf(page, "wellbeing_activities").fill("Psihologs reizi nedēļā.");
    await page.reload();
    await notesOf(page, "wellbeing_activities").waitFor();
    expect(await notesOf(page, "wellbeing_activities").inputValue()).toBe("Psihologs reizi nedēļā.");
    expect(await notesOf(page, "activities_assessment").inputValue()).toBe("Pasākumi daudzveidīgi; [vārds] patīk sports.");
    await expect.poll(() => saveState(page), { timeout: 10_000 }).toBe("saved");
    expect((await serverNote("wellbeing_activities"))?.notes).toBe("Psihologs reizi nedēļā.");
    expect(await page.evaluate((id) => localStorage.getItem(`prp.console.interview.${id}`), sessionId)).toBeNull();

    // Offline: typing goes on, the status says what waits, nothing reaches the server until it is back.
    await context.setOffline(true);
    await notesOf(page, "social_skills_learned").click();
    await page.keyboard.type("Komunikācijas prasmes.");
    await question(page, "challenges_in_work").getByTestId("iv-skip").check();
    await expect.poll(() => saveState(page), { timeout: 10_000 }).toBe("offline");
    await expect.poll(() => page.getByTestId("iv-save-status").innerText()).toMatch(/Bezsaistē — 2 izmaiņas gaida/);
    expect(await question(page, "social_skills_learned").getAttribute("data-pending")).toBe("yes");
    expect(await serverNote("social_skills_learned")).toBeUndefined();
    expect(await page.evaluate((id) => localStorage.getItem(`prp.console.interview.${id}`), sessionId)).toContain("Komunikācijas prasmes.");
    await shot(page, "interviews-03-offline");
    await context.setOffline(false);
    await expect.poll(() => saveState(page), { timeout: 15_000 }).toBe("saved");
    expect((await serverNote("social_skills_learned"))?.notes).toBe("Komunikācijas prasmes.");
    expect((await serverNote("challenges_in_work"))?.skipped).toBe(true);

    // A colleague's laptop saves question 1 meanwhile: the interviewer sees both texts and keeps theirs.
    const current = await serverNote("activities_assessment");
    const revision = ((await asInterviewer("GET", `/api/interviews/${sessionId}`)).body.notes as { questionKey: string; revision: number }[]).find(
      (n) => n.questionKey === "activities_assessment",
    )!.revision;
    expect(current?.notes).toBe("Pasākumi daudzveidīgi; [vārds] patīk sports.");
    expect((await asResearcher("PUT", `/api/interviews/${sessionId}/notes/activities_assessment`, { notes: "Kolēģa versija.", skipped: false, baseRevision: revision })).status).toBe(200);
    await notesOf(page, "activities_assessment").press("End");
    await page.keyboard.type(" Arī mūzika.");
    await question(page, "activities_assessment").getByTestId("iv-conflict").waitFor({ timeout: 10_000 });
    expect(await saveState(page)).toBe("conflict");
    expect(await question(page, "activities_assessment").getByTestId("iv-conflict-theirs").innerText()).toBe("Kolēģa versija.");
    expect(await question(page, "activities_assessment").getByTestId("iv-conflict-mine").innerText()).toBe("Pasākumi daudzveidīgi; [vārds] patīk sports. Arī mūzika.");
    await shot(page, "interviews-04-conflict");
    await question(page, "activities_assessment").getByTestId("iv-conflict-keep-mine").click();
    await expect.poll(() => saveState(page), { timeout: 10_000 }).toBe("saved");
    expect((await serverNote("activities_assessment"))?.notes).toBe("Pasākumi daudzveidīgi; [vārds] patīk sports. Arī mūzika.");

    // A recording made elsewhere is uploaded as a file and listed, kept until 6 days after summarising.
    await page.getByTestId("iv-rec-file").setInputFiles({ name: "intervija.wav", mimeType: "audio/wav", buffer: tinyWav() });
    await page.getByTestId("iv-recording").waitFor({ timeout: 15_000 });
    expect(await page.getByTestId("iv-recording").count()).toBe(1);
    expect(await page.getByTestId("iv-rec-deletion").innerText()).toBe("tiks dzēsts 6 d. pēc apkopošanas");
    const [recording] = (await asInterviewer("GET", `/api/interviews/${sessionId}`)).body.recordings;
    expect(recording).toMatchObject({ mime: "audio/wav", bytes: tinyWav().length, deleteAfter: null });
    // The player can load it (the page's own address, within its content security policy).
    await expect.poll(() => page.locator('[data-testid="iv-recording"] audio').evaluate((a: HTMLAudioElement) => a.readyState), { timeout: 10_000 }).toBeGreaterThanOrEqual(1);

    // A transcript with markers, stored by question (and scrubbed).
    await page.getByTestId("iv-tr-text").fill("Ievads.\n## 1\nPasākumi ir labi, saka Bērziņš.\n## 3.\nKomunikācija.");
    await page.getByTestId("iv-tr-save").click();
    await expect.poll(() => page.getByTestId("iv-tr-segment").count()).toBe(3);
    expect(await page.getByTestId("iv-tr-status").innerText()).toContain("aizstāti vārdi vai numuri — 1");
    expect(await page.locator('[data-testid="iv-tr-segment"][data-key="activities_assessment"]').innerText()).toContain("Pasākumi ir labi, saka [vārds].");
    expect(await page.locator('[data-testid="iv-tr-segment"][data-key="social_skills_learned"]').count()).toBe(1);
    await shot(page, "interviews-05-notes-recording");

    // Finish, then summarised: the recording gets its day.
    await page.getByTestId("iv-finish").click();
    await page.getByTestId("iv-finish-yes").click();
    await expect.poll(() => page.getByTestId("iv-state").first().getAttribute("data-state")).toBe("finished");
    expect(await page.getByTestId("iv-consent-participation").isDisabled()).toBe(true);
    await page.getByTestId("iv-summarise").click();
    expect(await page.locator(".c-confirm__question").innerText()).toContain("pēc 6 d.");
    await page.getByTestId("iv-summarise-yes").click();
    await expect.poll(() => page.getByTestId("iv-state").first().getAttribute("data-state")).toBe("summarised");
    const summarised = (await asInterviewer("GET", `/api/interviews/${sessionId}`)).body;
    expect(summarised.state).toBe("summarised");
    const deleteAfter = summarised.recordings[0].deleteAfter as string;
    expect(deleteAfter).toMatch(/^\d{4}-\d\d-\d\d$/);
    expect(await page.getByTestId("iv-rec-deletion").innerText()).toBe(`tiks dzēsts ${shortDay(deleteAfter)}`);
    expect(await page.getByTestId("iv-summarised").innerText()).toContain(shortDay(deleteAfter));
    expect(await notesOf(page, "activities_assessment").getAttribute("readonly")).not.toBeNull();
    await shot(page, "interviews-06-summarised");

    // The study's list: the state and the recording's day.
    await page.getByRole("link", { name: /Intervijas ar personālu/ }).click();
    const row = page.locator(`[data-testid="iv-row"][data-id="${sessionId}"]`);
    await row.waitFor();
    expect(await row.getAttribute("data-state")).toBe("summarised");
    await expect.poll(() => row.getByTestId("iv-row-recordings").innerText()).toBe(`Ieraksts 1: tiks dzēsts ${shortDay(deleteAfter)}`);
    await shot(page, "interviews-07-list");

    // In Russian every fixed word is translated.
    await page.getByTestId("console-lang-ru").click();
    await expect.poll(() => page.getByTestId("tab-interviews").innerText()).toBe("Интервью");
    expect(await page.getByTestId("iv-start-interview").innerText()).toBe("Начать интервью");
    await page.getByTestId("iv-start-focus").click();
    await page.getByTestId("iv-focus-form").waitFor();
    await shot(page, "interviews-08-focus-form-ru");
    await page.getByTestId("console-lang-lv").click();
    await context.close();
  }, 240_000);

  // Also guards the bug where ▶ played a question's moment in whichever recording was played last.
  test("a recording from the (fake) microphone, with the moment a question was asked", async () => {
    // Headless Chromium has no microphone: its fake device and permission prompt stand in for one.
    const fakeMic = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"],
    });
    try {
      const setup = await signedIn("researcher@example.lv");
      const studyId = await interviewStudy(setup.page, "Ieraksts ar mikrofonu", "7");
      await setup.context.close();

      const { context, page } = await signedIn("intervija@example.lv", { browser: fakeMic });
      await context.grantPermissions(["microphone"], { origin: platform.server.url });
      const sessionId = await startInterview(page, studyId);
      await page.getByTestId("iv-consent-participation").check();
      await page.getByTestId("iv-consent-recording").check();
      await page.getByTestId("iv-rec-start").click();
      await page.getByTestId("iv-rec-elapsed").waitFor();
      await page.waitForTimeout(2200);
      await question(page, "wellbeing_activities").getByTestId("iv-asked").click();
      await expect.poll(() => question(page, "wellbeing_activities").getByTestId("iv-offset").innerText()).toMatch(/^uzdots 00:0[2-4]$/);
      await shot(page, "interviews-09-recording");
      // Long enough after the moment that playing from it is still playing when looked at.
      await page.waitForTimeout(4000);
      await page.getByTestId("iv-bar-stop").click();
      await page.getByTestId("iv-recording").waitFor({ timeout: 20_000 });

      const asInterviewer = await apiAs("intervija@example.lv");
      const view = (await asInterviewer("GET", `/api/interviews/${sessionId}`)).body;
      expect(view.recordings).toHaveLength(1);
      expect(view.recordings[0].mime).toBe("audio/webm");
      expect(view.recordings[0].bytes).toBeGreaterThan(1000);
      expect(view.recordings[0].takeId).toMatch(/^[0-9a-f]{32}$/);
      const offset = view.notes.find((n: { questionKey: string }) => n.questionKey === "wellbeing_activities").offsetSeconds;
      expect(offset).toBeGreaterThanOrEqual(2);
      expect(offset).toBeLessThanOrEqual(4);
      // Nothing of the take stays on this computer once the server has it.
      const takesKept = () =>
        page.evaluate(
          () =>
            new Promise<number>((resolve) => {
              const open = indexedDB.open("prp-console-recordings");
              open.onsuccess = () => {
                const request = open.result.transaction("takes").objectStore("takes").count();
                request.onsuccess = () => resolve(request.result);
              };
            }),
        );
      await expect.poll(takesKept).toBe(0);

      // "Play from this question" starts the player at the moment it was asked.
      await question(page, "wellbeing_activities").getByTestId("iv-play-from").click();
      await expect.poll(() => page.locator('[data-testid="iv-recording"] audio').evaluate((a: HTMLAudioElement) => a.currentTime), { timeout: 10_000 }).toBeGreaterThanOrEqual(offset - 0.5);
      await page.getByTestId("iv-bar-pause").click();

      // A second take (the recording stopped and started again), with another question asked in it.
      await page.getByTestId("iv-rec-start").click();
      await page.getByTestId("iv-rec-elapsed").waitFor();
      await page.waitForTimeout(2200);
      await question(page, "social_skills_learned").getByTestId("iv-asked").click();
      await expect.poll(() => question(page, "social_skills_learned").getByTestId("iv-offset").innerText()).toMatch(/^uzdots 00:0[2-4]$/);
      await page.waitForTimeout(4000);
      // Its upload reaches the server but the answer is lost on the way back: the screen offers to try again,
      // and trying again finds the take stored already (409) — done, listed once, nothing left here.
      await page.route(
        "**/api/interviews/*/recordings",
        async (route) => {
          await route.fetch();
          await route.abort("connectionreset");
        },
        { times: 1 },
      );
      await page.getByTestId("iv-bar-stop").click();
      const failed = page.locator('[data-testid="iv-upload"][data-state="failed"]');
      await failed.waitFor({ timeout: 20_000 });
      await expect.poll(async () => (await asInterviewer("GET", `/api/interviews/${sessionId}`)).body.recordings.length).toBe(2);
      expect(await page.getByTestId("iv-recording").count()).toBe(1);
      await failed.getByRole("button", { name: "Mēģināt vēlreiz" }).click();
      await expect.poll(() => page.getByTestId("iv-recording").count(), { timeout: 20_000 }).toBe(2);
      expect(await page.getByTestId("iv-upload").count()).toBe(0);
      await expect.poll(takesKept).toBe(0);

      // Each offset names the take it was measured in; the screen says which recording.
      const both = (await asInterviewer("GET", `/api/interviews/${sessionId}`)).body;
      expect(both.recordings).toHaveLength(2);
      expect(await page.getByTestId("iv-recording").evaluateAll((items) => items.map((i) => i.getAttribute("data-id")))).toEqual(both.recordings.map((r: { id: string }) => r.id));
      const [first, second] = both.recordings as { id: string; takeId: string }[];
      expect(second!.takeId).toMatch(/^[0-9a-f]{32}$/);
      expect(second!.takeId).not.toBe(first!.takeId);
      const noteOf = (key: string) => (both.notes as { questionKey: string; offsetSeconds: number; offsetTake: string }[]).find((n) => n.questionKey === key)!;
      expect(noteOf("wellbeing_activities")).toMatchObject({ offsetSeconds: offset, offsetTake: first!.takeId });
      const secondOffset = noteOf("social_skills_learned").offsetSeconds;
      expect(noteOf("social_skills_learned").offsetTake).toBe(second!.takeId);
      expect(secondOffset).toBeGreaterThanOrEqual(2);
      expect(await question(page, "wellbeing_activities").getByTestId("iv-offset").innerText()).toMatch(/^uzdots 00:0[2-4] · ieraksts 1$/);
      expect(await question(page, "social_skills_learned").getByTestId("iv-offset").innerText()).toMatch(/^uzdots 00:0[2-4] · ieraksts 2$/);

      // ▶ plays the question's own recording: the second question's the second, the first question's the
      // first (although the second was the one played last), the other player staying paused.
      const player = (id: string) => page.locator(`[data-testid="iv-recording"][data-id="${id}"] audio`);
      const state = (id: string) => player(id).evaluate((a: HTMLAudioElement) => ({ paused: a.paused, at: a.currentTime }));
      const playingNear = async (id: string, at: number) => {
        const now = await state(id);
        return !now.paused && now.at >= at - 0.5 && now.at <= at + 3;
      };
      await question(page, "social_skills_learned").getByTestId("iv-play-from").click();
      await expect.poll(() => playingNear(second!.id, secondOffset), { timeout: 10_000 }).toBe(true);
      expect((await state(first!.id)).paused).toBe(true);
      await question(page, "wellbeing_activities").getByTestId("iv-play-from").click();
      await expect.poll(() => playingNear(first!.id, offset), { timeout: 10_000 }).toBe(true);
      expect((await state(second!.id)).paused).toBe(true);
      await shot(page, "interviews-09b-two-recordings");
      await context.close();
    } finally {
      await fakeMic.close();
    }
  }, 120_000);

  test("axe-core finds no serious or critical problem on the tab and the interviewer's screen; a study without interviews says so", async () => {
    const { context, page } = await signedIn("researcher@example.lv", { bypassCSP: true });
    const studyId = await interviewStudy(page, "Intervijas un axe", "7");
    const scan = () => seriousAxeProblems(page);

    await page.goto(`${platform.server.url}/console/studies/${studyId}/interviews`);
    await page.getByTestId("iv-redactions").waitFor();
    await page.getByTestId("iv-start-interview").click();
    expect(await scan()).toEqual([]);
    await page.getByTestId("iv-start-focus").click();
    await page.getByTestId("iv-focus-submit").click();
    await page.getByTestId("field-error-topics").waitFor();
    expect(await scan()).toEqual([]);

    // A focus group: topics, the number of participants, kinds of organisation.
    await page.getByTestId("iv-topics").fill("Sadarbība starp iestādēm\nAtbalsts pēc atbrīvošanas");
    await page.getByTestId("iv-count").fill("6");
    await page.getByTestId("iv-org-ngo").check();
    await page.getByTestId("iv-org-social-service").check();
    await page.getByTestId("iv-focus-submit").click();
    await page.waitForURL(/\/console\/interviews\/[^/]+$/);
    await page.getByTestId("iv-consent-participation").check();
    await notesOf(page, "t2").waitFor();
    expect(await question(page, "t1").innerText()).toContain("Sadarbība starp iestādēm");
    expect(await scan()).toEqual([]);
    await shot(page, "interviews-10-focus-group");

    const interview = await startInterview(page, studyId);
    expect(interview).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    await page.getByTestId("iv-consent-participation").check();
    await notesOf(page, "activities_assessment").waitFor();
    expect(await scan()).toEqual([]);

    // The harness's study does not interview: no tab, and its address says so and links to the settings.
    await page.goto(`${platform.server.url}/console/studies/${platform.studyId}`);
    await page.getByTestId("tab-overview").waitFor();
    expect(await page.getByTestId("tab-interviews").count()).toBe(0);
    await page.goto(`${platform.server.url}/console/studies/${platform.studyId}/interviews`);
    await page.getByTestId("interviews-no-channel").waitFor();
    expect(await page.getByTestId("interviews-edit-study").getAttribute("href")).toBe(`/console/studies/${platform.studyId}/edit`);
    expect(await scan()).toEqual([]);
    await context.close();
  }, 120_000);
});
