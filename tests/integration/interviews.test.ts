/**
 * Interviews and focus groups through the real app on a real SQLite file, recordings on a real temporary
 * folder: each of the six guides from start to summary, autosave and the second-laptop conflict, scrubbing
 * of notes and transcripts, recordings with Range playback and consent, deletion as the guides promise,
 * transcripts from marked-up text and .docx, focus groups, and who may do what.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { strToU8, zipSync } from "fflate";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { loadCatalog } from "../../instruments/catalog.ts";
import { INSTRUMENTS } from "../../instruments/index.ts";
import { createApp } from "../../server/app.ts";
import { addDays, addRecording, type InterviewDeps } from "../../server/services/interviews.ts";
import { runRetention } from "../../server/services/retention.ts";
import { listAudit } from "../../server/store/audit.ts";
import { findSession } from "../../server/store/interviews.ts";
import { signedInAs } from "../fixtures/01-staff.ts";
import { call } from "../helpers/http.ts";
import { openTestDb, type TestDb } from "../helpers/test-db.ts";

const catalog = loadCatalog();
const GUIDES = INSTRUMENTS.filter((d) => d.kind === "interview");
const DAY = "2026-04-10";
let now = new Date(`${DAY}T09:00:00Z`);

let t: TestDb;
let dir: string;
let app: ReturnType<typeof createApp>;
let researcher: string;
let interviewer: string;
let analyst: string;

beforeEach(async () => {
  t = openTestDb();
  dir = mkdtempSync(join(tmpdir(), "recordings-"));
  now = new Date(`${DAY}T09:00:00Z`);
  app = createApp({ db: t.db, catalog, clock: () => now, recordingsDir: dir });
  researcher = await signedInAs(t.db, "researcher", now);
  interviewer = await signedInAs(t.db, "interviewer", now);
  analyst = await signedInAs(t.db, "analyst", now);
});
afterEach(() => {
  t.close();
  rmSync(dir, { recursive: true, force: true });
});

async function newStudy(settings: Record<string, unknown> = {}): Promise<string> {
  const res = await call(app, "POST", "/api/studies", {
    cookie: researcher,
    body: { name: "Interviju vilnis", instruments: GUIDES.map((g) => g.id), sites: ["jelgava", "ilguciems"], channels: ["interview"], ...settings },
  });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return res.body.id as string;
}

async function started(studyId: string, body: Record<string, unknown>, cookie = interviewer): Promise<any> {
  const res = await call(app, "POST", `/api/studies/${studyId}/interviews`, { cookie, body });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return res.body;
}

/** An interview with consent to take part (and to be recorded unless said otherwise). */
async function consented(studyId: string, instrumentId = "youth-staff-interview", recording = true): Promise<any> {
  const session = await started(studyId, { instrumentId, siteId: "jelgava" });
  const res = await call(app, "PUT", `/api/interviews/${session.id}/consent`, { cookie: interviewer, body: { participation: true, recording } });
  expect(res.status).toBe(200);
  return res.body;
}

const note = (id: string, key: string, body: Record<string, unknown>, cookie = interviewer) =>
  call(app, "PUT", `/api/interviews/${id}/notes/${encodeURIComponent(key)}`, { cookie, body });

async function upload(id: string, bytes: Uint8Array<ArrayBuffer>, type = "audio/webm", cookie = interviewer, takeId?: string) {
  const headers: Record<string, string> = { Cookie: cookie, "Content-Type": type };
  if (takeId !== undefined) headers["X-Take-Id"] = takeId;
  const res = await app.request(`/api/interviews/${id}/recordings`, { method: "POST", headers, body: bytes });
  return { status: res.status, body: (await res.json()) as any };
}

async function getAudio(id: string, range?: string, cookie = interviewer) {
  const headers: Record<string, string> = { Cookie: cookie };
  if (range) headers.Range = range;
  const res = await app.request(`/api/recordings/${id}`, { headers });
  return { status: res.status, headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()) };
}

const audio = (n: number) => Uint8Array.from({ length: n }, (_, i) => i % 251);
const auditText = () => JSON.stringify(listAudit(t.db, 1000));

describe("an interview with each of the six guides, start to summary", () => {
  test.each(GUIDES.map((g) => [g.appendix, g.id] as const))("appendix %i: %s", async (_appendix, guideId) => {
    const studyId = await newStudy();
    const descriptor = GUIDES.find((g) => g.id === guideId)!;
    const session = await started(studyId, { instrumentId: guideId, siteId: "ilguciems" });
    expect(session).toMatchObject({ kind: "interview", instrumentId: guideId, siteId: "ilguciems", state: "in-progress", startedOn: DAY, questionsOpen: false });
    expect(session.consent).toEqual({ participation: false, recording: false });
    const expectedGroup = guideId.startsWith("mental-health") ? "mental-health" : guideId.split("-")[0];
    expect(session.targetGroup).toBe(expectedGroup);

    // The guide's numbered questions are the interviewee block and the questions that take notes.
    const total = descriptor.questionCounts.reduce((a, b) => a + b, 0);
    expect(session.questions.length + session.intervieweeBlock.length).toBe(total);
    expect(session.questions.map((q: { number: number }) => q.number)).toEqual(session.questions.map((_: unknown, i: number) => i + 1));

    // Closed until the interviewee agrees to take part.
    const first = session.questions[0].key;
    expect((await note(session.id, first, { notes: "x", skipped: false })).body.code).toBe("interview.no_consent");
    const consent = await call(app, "PUT", `/api/interviews/${session.id}/consent`, { cookie: interviewer, body: { participation: true, recording: true } });
    expect(consent.body).toMatchObject({ questionsOpen: true, consent: { participation: true, recording: true } });

    const bands = Object.fromEntries(session.intervieweeBlock.map((item: { key: string; choices: string[] }) => [item.key, item.choices.at(-1)]));
    const interviewee = await call(app, "PUT", `/api/interviews/${session.id}/interviewee`, { cookie: interviewer, body: bands });
    expect(interviewee.status).toBe(200);

    for (const [i, q] of session.questions.entries()) {
      const skipped = i === 1;
      const res = await note(session.id, q.key, { notes: skipped ? "" : `Piezīmes par ${q.key}: ģimene, šķēršļi.`, skipped, offsetSeconds: i * 60 });
      expect(res.status, q.key).toBe(200);
    }
    expect((await call(app, "POST", `/api/interviews/${session.id}/finish`, { cookie: interviewer })).body).toMatchObject({ state: "finished", finishedOn: DAY });
    const summarised = await call(app, "POST", `/api/interviews/${session.id}/summarise`, { cookie: interviewer });
    expect(summarised.body).toMatchObject({ state: "summarised", summarisedOn: DAY, questionsOpen: false });

    const full = (await call(app, "GET", `/api/interviews/${session.id}`, { cookie: researcher })).body;
    expect(full.interviewee).toEqual(bands);
    expect(full.notes).toHaveLength(session.questions.length);
    expect(full.notes.find((n: { questionKey: string }) => n.questionKey === session.questions[1].key)).toMatchObject({ skipped: true, notes: "", offsetSeconds: 60 });
    expect(full.notes.find((n: { questionKey: string }) => n.questionKey === first).notes).toBe(`Piezīmes par ${first}: ģimene, šķēršļi.`);
    // Nothing changes after the summary, and steps cannot be repeated.
    expect((await note(session.id, first, { notes: "vēlāk", skipped: false })).body.code).toBe("interview.wrong_state");
    expect((await call(app, "POST", `/api/interviews/${session.id}/summarise`, { cookie: interviewer })).body.code).toBe("interview.wrong_state");

    const list = await call(app, "GET", `/api/studies/${studyId}/interviews`, { cookie: interviewer });
    expect(list.body.map((s: { id: string }) => s.id)).toEqual([session.id]);
    expect(list.body[0].notes).toBeUndefined();

    const actions = listAudit(t.db, 100).map((e) => e.action);
    for (const action of ["interview.start", "interview.finish", "interview.summarise"]) expect(actions).toContain(action);
    expect(auditText()).not.toContain("Piezīmes");
  });

  test("the interviewee block takes only the guide's questions and bands; the seniors guide has none", async () => {
    const studyId = await newStudy();
    const youth = await consented(studyId);
    const bad = await call(app, "PUT", `/api/interviews/${youth.id}/interviewee`, { cookie: interviewer, body: { position: "director", name: "Anna" } });
    expect(bad.status).toBe(422);
    expect(bad.body.details.map((d: { path: string }) => d.path).sort()).toEqual(["name", "position"]);
    const seniors = await consented(studyId, "seniors-staff-interview");
    expect(seniors.intervieweeBlock).toEqual([]);
    expect((await call(app, "PUT", `/api/interviews/${seniors.id}/interviewee`, { cookie: interviewer, body: { position: "security" } })).status).toBe(422);
    expect((await call(app, "PUT", `/api/interviews/${seniors.id}/interviewee`, { cookie: interviewer, body: {} })).status).toBe(200);
    const mothers = await consented(studyId, "mothers-interview");
    expect(mothers.intervieweeBlock.map((i: { key: string }) => i.key)).toEqual(["age_band", "child_age"]);
  });

  test("the study must have the guide and the interview channel; a questionnaire is not a guide; steps go in order", async () => {
    const studyId = await newStudy({ instruments: ["youth-staff-interview", "youth"] });
    expect((await call(app, "POST", `/api/studies/${studyId}/interviews`, { cookie: interviewer, body: { instrumentId: "mothers-interview" } })).body.code).toBe(
      "study.instrument_not_included",
    );
    expect((await call(app, "POST", `/api/studies/${studyId}/interviews`, { cookie: interviewer, body: { instrumentId: "youth" } })).body.code).toBe("interview.not_a_guide");
    expect((await call(app, "POST", `/api/studies/${studyId}/interviews`, { cookie: interviewer, body: { instrumentId: "youth-staff-interview", siteId: "liepaja" } })).status).toBe(422);
    const noChannel = await newStudy({ channels: ["tablet"] });
    expect((await call(app, "POST", `/api/studies/${noChannel}/interviews`, { cookie: interviewer, body: { instrumentId: "youth-staff-interview" } })).body.code).toBe(
      "study.channel_not_included",
    );
    const session = await consented(studyId);
    expect((await call(app, "POST", `/api/interviews/${session.id}/summarise`, { cookie: interviewer })).body.code).toBe("interview.wrong_state");
    expect((await call(app, "GET", "/api/interviews/nope", { cookie: interviewer })).body.code).toBe("interview.not_found");
  });
});

describe("notes autosave", () => {
  test("the same save twice changes nothing; a stale revision gets 409 with the current text; an unknown question 422", async () => {
    const studyId = await newStudy();
    const session = await consented(studyId);
    const key = "activities_assessment";
    const first = await note(session.id, key, { notes: "Pirmā versija", skipped: false, baseRevision: 0 });
    expect(first.body).toMatchObject({ questionKey: key, notes: "Pirmā versija", revision: 1 });
    // A retry after a lost acknowledgement: same content, same stale base, same answer.
    const again = await note(session.id, key, { notes: "Pirmā versija", skipped: false, baseRevision: 0 });
    expect([again.status, again.body.revision]).toEqual([200, 1]);

    // Laptop A saves on top of revision 1; revisions count per session, across questions.
    await note(session.id, "wellbeing_activities", { notes: "cits", skipped: false });
    const a = await note(session.id, key, { notes: "A labojums", skipped: false, baseRevision: 1 });
    expect(a.body.revision).toBe(3);
    // Laptop B still holds revision 1.
    const b = await note(session.id, key, { notes: "B labojums", skipped: false, baseRevision: 1 });
    expect(b.status).toBe(409);
    expect(b.body.code).toBe("interview.stale");
    expect(b.body.details).toMatchObject({ questionKey: key, revision: 3, notes: "A labojums", skipped: false });
    // Without a base revision the last write wins.
    expect((await note(session.id, key, { notes: "B labojums", skipped: false })).body.revision).toBe(4);
    // The offset stays when left out.
    await note(session.id, key, { notes: "B labojums", skipped: false, offsetSeconds: 125 });
    expect((await note(session.id, key, { notes: "B2", skipped: false })).body.offsetSeconds).toBe(125);

    const unknown = await note(session.id, "no_such_question", { notes: "x", skipped: false });
    expect([unknown.status, unknown.body.code]).toEqual([422, "interview.unknown_question"]);
    expect((await note(session.id, "position", { notes: "x", skipped: false })).status).toBe(422);
    expect((await note(session.id, key, { notes: 5 })).status).toBe(422);
  });

  test("notes are scrubbed of personal codes, phones and the study's names to redact, also notes saved before a name was listed", async () => {
    const studyId = await newStudy();
    const session = await consented(studyId);
    const early = await note(session.id, "challenges_in_work", { notes: "Ozoliņa kundze palīdz.", skipped: false });
    expect(early.body.notes).toBe("Ozoliņa kundze palīdz.");

    const terms = ["Bērziņš", "Bērziņa", "Bērziņam", "Ozoliņa", "Jelgavas cietums", "Jelgavas cietumā"];
    expect((await call(app, "PUT", `/api/studies/${studyId}/redactions`, { cookie: interviewer, body: { terms } })).status).toBe(403);
    const put = await call(app, "PUT", `/api/studies/${studyId}/redactions`, { cookie: researcher, body: { terms } });
    expect(put.body).toMatchObject({ redactions: 1 });
    expect(put.body.terms.sort()).toEqual([...terms].sort());
    expect((await call(app, "GET", `/api/studies/${studyId}/redactions`, { cookie: researcher })).body.terms).toHaveLength(terms.length);

    const saved = await note(session.id, "activities_assessment", {
      notes: "Bērziņam (kods 120385-12345, tālr. 29123456) Jelgavas cietumā patīk; jautāt BĒRZIŅA kungam.",
      skipped: false,
    });
    expect(saved.body.notes).toBe("[vārds] (kods [personas kods], tālr. [tālrunis]) [vārds] patīk; jautāt [vārds] kungam.");
    expect(saved.body.redactions).toBe(5);
    const full = (await call(app, "GET", `/api/interviews/${session.id}`, { cookie: interviewer })).body;
    expect(full.notes.find((n: { questionKey: string }) => n.questionKey === "challenges_in_work")).toMatchObject({ notes: "[vārds] kundze palīdz.", revision: 2 });
    expect(JSON.stringify(full)).not.toMatch(/Bērziņ|Ozoliņa|29123456|120385/);
    expect(auditText()).not.toMatch(/Bērziņ|Ozoliņa/);
    expect(listAudit(t.db, 10).find((e) => e.action === "redactions.update")!.detail).toMatchObject({ terms: terms.length });
  });
});

describe("recordings", () => {
  test("upload streams to the recordings folder; Range playback returns 206 with exactly the asked bytes", async () => {
    const studyId = await newStudy();
    const session = await consented(studyId);
    const bytes = audio(5000);
    const added = await upload(session.id, bytes, "audio/webm;codecs=opus");
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ bytes: 5000, mime: "audio/webm", deleteAfter: null, addedOn: DAY });
    expect(added.body.fileName).toBeUndefined();
    const files = readdirSync(join(dir, session.id));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^[0-9a-f]{32}\.webm$/);

    const part = await getAudio(added.body.id, "bytes=1000-1999");
    expect(part.status).toBe(206);
    expect(part.headers.get("Content-Range")).toBe("bytes 1000-1999/5000");
    expect(part.headers.get("Content-Length")).toBe("1000");
    expect(part.headers.get("Content-Type")).toBe("audio/webm");
    expect(part.bytes).toEqual(bytes.slice(1000, 2000));
    const tail = await getAudio(added.body.id, "bytes=4990-");
    expect([tail.status, tail.bytes]).toEqual([206, bytes.slice(4990)]);
    const suffix = await getAudio(added.body.id, "bytes=-10");
    expect(suffix.bytes).toEqual(bytes.slice(4990));
    const whole = await getAudio(added.body.id);
    expect([whole.status, whole.headers.get("Accept-Ranges"), whole.bytes.length]).toEqual([200, "bytes", 5000]);
    expect(whole.bytes).toEqual(bytes);
    expect((await getAudio(added.body.id, "bytes=6000-")).status).toBe(416);
    expect((await getAudio(added.body.id, undefined, analyst)).status).toBe(403);

    const listed = (await call(app, "GET", `/api/interviews/${session.id}`, { cookie: interviewer })).body.recordings;
    expect(listed).toEqual([{ id: added.body.id, mime: "audio/webm", bytes: 5000, addedOn: DAY, deleteAfter: null, deletedOn: null, takeId: null }]);
    // The study's list carries each session's recordings too (never the file name on disk).
    const inList = (await call(app, "GET", `/api/studies/${studyId}/interviews`, { cookie: interviewer })).body;
    expect(inList.find((s: { id: string }) => s.id === session.id).recordings).toEqual(listed);
    expect(JSON.stringify(inList)).not.toContain("fileName");
    expect(listAudit(t.db, 10).find((e) => e.action === "recording.add")!.detail).toMatchObject({ sessionId: session.id, bytes: 5000 });
  });

  // Guards the bug where "play from here" played a question's offset in whichever recording was played last:
  // with several recordings (stopped and started again) each offset names the take it was measured in.
  test("each browser take is stored with its id, once per session; a note's offset names its take", async () => {
    const studyId = await newStudy();
    const session = await consented(studyId);
    const a = await upload(session.id, audio(300), "audio/webm;codecs=opus", interviewer, "lq8x2k-A_1");
    const b = await upload(session.id, audio(200), "audio/webm", interviewer, "lq8x9z-B_2");
    expect([a.status, a.body.takeId, b.status, b.body.takeId]).toEqual([201, "lq8x2k-A_1", 201, "lq8x9z-B_2"]);
    const file = await upload(session.id, audio(100), "audio/wav");
    expect([file.status, file.body.takeId]).toEqual([201, null]);

    // Not a take id: 422 naming the header; nothing is written.
    for (const bad of ["", "a b", "a/b", "a.b", "x".repeat(65)]) {
      const refused = await upload(session.id, audio(10), "audio/webm", interviewer, bad);
      expect([refused.status, refused.body.code, refused.body.details?.[0]?.path], JSON.stringify(bad)).toEqual([422, "request.invalid", "X-Take-Id"]);
    }
    // The same take again (a retry whose first attempt arrived): 409, and the audio is not kept twice.
    const again = await upload(session.id, audio(300), "audio/webm", interviewer, "lq8x9z-B_2");
    expect([again.status, again.body.code, again.body.details]).toEqual([409, "recording.duplicate_take", { recordingId: b.body.id }]);
    expect(readdirSync(join(dir, session.id))).toHaveLength(3);
    // Both attempts arriving at once: one is kept, the other is refused and leaves no file behind.
    const deps: InterviewDeps = { db: t.db, clock: () => now, catalog, recordingsDir: dir };
    const twice = () => addRecording(deps, findSession(t.db, session.id)!, { contentType: "audio/ogg", contentLength: undefined, body: new Blob([audio(50)]).stream(), takeId: "race" });
    const raced = await Promise.allSettled([twice(), twice()]);
    expect(raced.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(raced.find((r) => r.status === "rejected")).toMatchObject({ reason: { code: "recording.duplicate_take" } });
    expect(readdirSync(join(dir, session.id))).toHaveLength(4);
    // Unique per session only: another session may have a take of that id.
    const other = await consented(studyId);
    expect((await upload(other.id, audio(10), "audio/webm", interviewer, "lq8x9z-B_2")).status).toBe(201);

    const key = "activities_assessment";
    const put = await note(session.id, key, { notes: "Par pasākumiem", skipped: false, offsetSeconds: 5, offsetTake: "lq8x9z-B_2" });
    expect(put.body).toMatchObject({ offsetSeconds: 5, offsetTake: "lq8x9z-B_2" });
    const full = (await call(app, "GET", `/api/interviews/${session.id}`, { cookie: interviewer })).body;
    expect(full.recordings.map((r: { id: string; takeId: string | null }) => [r.id, r.takeId])).toEqual([
      [a.body.id, "lq8x2k-A_1"],
      [b.body.id, "lq8x9z-B_2"],
      [file.body.id, null],
      [expect.any(String), "race"],
    ]);
    expect(full.notes.find((n: { questionKey: string }) => n.questionKey === key)).toMatchObject({ offsetSeconds: 5, offsetTake: "lq8x9z-B_2" });
    const list = (await call(app, "GET", `/api/studies/${studyId}/interviews`, { cookie: interviewer })).body;
    expect(list.find((s: { id: string }) => s.id === session.id).recordings.map((r: { takeId: string | null }) => r.takeId)).toEqual(["lq8x2k-A_1", "lq8x9z-B_2", null, "race"]);

    // Saving the text again keeps the offset and its take; the same offset and take again is no change.
    const kept = await note(session.id, key, { notes: "Par pasākumiem, vairāk", skipped: false });
    expect(kept.body).toMatchObject({ offsetSeconds: 5, offsetTake: "lq8x9z-B_2" });
    const same = await note(session.id, key, { notes: "Par pasākumiem, vairāk", skipped: false, offsetSeconds: 5, offsetTake: "lq8x9z-B_2" });
    expect(same.body.revision).toBe(kept.body.revision);
    // A stale save is told the take too.
    const stale = await note(session.id, key, { notes: "cits", skipped: false, baseRevision: 1 });
    expect([stale.status, stale.body.details.offsetTake]).toEqual([409, "lq8x9z-B_2"]);
    // A new offset without a take: its recording is not known. No offset: no take.
    expect((await note(session.id, key, { notes: "x", skipped: false, offsetSeconds: 7 })).body).toMatchObject({ offsetSeconds: 7, offsetTake: null });
    await note(session.id, key, { notes: "x", skipped: false, offsetSeconds: 9, offsetTake: "lq8x2k-A_1" });
    expect((await note(session.id, key, { notes: "x", skipped: false, offsetSeconds: null })).body).toMatchObject({ offsetSeconds: null, offsetTake: null });

    // A take without an offset, or a bad take id, is refused naming the field.
    for (const body of [
      { notes: "x", skipped: false, offsetTake: "lq8x2k-A_1" },
      { notes: "x", skipped: false, offsetSeconds: null, offsetTake: "lq8x2k-A_1" },
      { notes: "x", skipped: false, offsetSeconds: 3, offsetTake: "a b" },
      { notes: "x", skipped: false, offsetSeconds: 3, offsetTake: "" },
    ]) {
      const refused = await note(session.id, key, body);
      expect([refused.status, refused.body.details?.[0]?.path], JSON.stringify(body)).toEqual([422, "offsetTake"]);
    }
    // Never in the audit log.
    expect(auditText()).not.toMatch(/lq8x/);
  });

  test("refused without recording consent, of the wrong type, empty, or declared too large", async () => {
    const studyId = await newStudy();
    const noRecording = await consented(studyId, "youth-staff-interview", false);
    const refused = await upload(noRecording.id, audio(10));
    expect([refused.status, refused.body.code]).toEqual([409, "interview.no_recording_consent"]);
    expect(existsSync(join(dir, noRecording.id))).toBe(false);

    const session = await consented(studyId);
    expect((await upload(session.id, audio(10), "video/mp4")).status).toBe(415);
    expect((await upload(session.id, new Uint8Array(0))).status).toBe(422);
    const huge = await app.request(`/api/interviews/${session.id}/recordings`, {
      method: "POST",
      headers: { Cookie: interviewer, "Content-Type": "audio/wav", "Content-Length": String(600 * 1024 * 1024) },
      body: audio(10),
    });
    expect(huge.status).toBe(413);
    expect(readdirSync(join(dir, session.id))).toEqual([]);
    for (const type of ["audio/ogg", "audio/mpeg", "audio/mp4", "audio/wav", "audio/x-wav"]) expect((await upload(session.id, audio(10), type)).status, type).toBe(201);
  });

  test("a stream longer than the limit is stopped and leaves no file behind", async () => {
    const studyId = await newStudy();
    const session = await consented(studyId);
    const deps: InterviewDeps = { db: t.db, clock: () => now, catalog, recordingsDir: dir };
    const body = new Blob([audio(4096), audio(4096)]).stream();
    await expect(addRecording(deps, findSession(t.db, session.id)!, { contentType: "audio/ogg", contentLength: undefined, body }, 5000)).rejects.toMatchObject({
      code: "request.too_large",
    });
    expect(readdirSync(join(dir, session.id))).toEqual([]);
  });

  test("a researcher may delete a recording now; withdrawn recording consent deletes at once; interviewers may not delete", async () => {
    const studyId = await newStudy();
    const session = await consented(studyId);
    const first = await upload(session.id, audio(100));
    expect((await call(app, "DELETE", `/api/recordings/${first.body.id}`, { cookie: interviewer })).status).toBe(403);
    const deleted = await call(app, "DELETE", `/api/recordings/${first.body.id}`, { cookie: researcher });
    expect(deleted.body).toMatchObject({ id: first.body.id, deletedOn: DAY });
    expect((await getAudio(first.body.id)).status).toBe(410);

    const second = await upload(session.id, audio(100));
    await call(app, "PUT", `/api/interviews/${session.id}/consent`, { cookie: interviewer, body: { participation: true, recording: false } });
    expect((await getAudio(second.body.id)).status).toBe(410);
    expect(existsSync(join(dir, session.id))).toBe(false);
    const reasons = listAudit(t.db, 20).filter((e) => e.action === "recording.delete").map((e) => e.detail!.reason);
    expect(reasons.sort()).toEqual(["consent-withdrawn", "researcher"]);
    expect((await upload(session.id, audio(10))).status).toBe(409);
  });

  test("summarising on day D stamps D+7 (or the study's shorter retention); the retention job deletes on that day, not before", async () => {
    const studyId = await newStudy();
    const short = await newStudy({ recordingRetentionDays: 3 });
    expect((await call(app, "PATCH", `/api/studies/${short}`, { cookie: researcher, body: { recordingRetentionDays: 8 } })).status).toBe(422);
    expect((await call(app, "GET", `/api/studies/${studyId}`, { cookie: researcher })).body.recordingRetentionDays).toBe(7);

    const week = await consented(studyId);
    const few = await consented(short);
    const r1 = (await upload(week.id, audio(50))).body;
    const r2 = (await upload(few.id, audio(50))).body;
    for (const s of [week, few]) {
      await call(app, "POST", `/api/interviews/${s.id}/finish`, { cookie: interviewer });
      await call(app, "POST", `/api/interviews/${s.id}/summarise`, { cookie: interviewer });
    }
    const recordingsOf = async (id: string) => (await call(app, "GET", `/api/interviews/${id}`, { cookie: interviewer })).body.recordings;
    expect((await recordingsOf(week.id))[0].deleteAfter).toBe(addDays(DAY, 7));
    expect((await recordingsOf(few.id))[0].deleteAfter).toBe(addDays(DAY, 3));
    expect(listAudit(t.db, 50).find((e) => e.action === "interview.summarise" && e.target === week.id)!.detail).toMatchObject({ deleteAfter: addDays(DAY, 7) });

    const retention = (day: string) => runRetention({ db: t.db, clock: () => new Date(`${day}T09:00:00Z`), recordingsDir: dir });
    expect(retention(addDays(DAY, 2)).deleted).toEqual([]);
    expect(retention(addDays(DAY, 3)).deleted).toEqual([r2.id]);
    expect(retention(addDays(DAY, 6)).deleted).toEqual([]);
    expect((await getAudio(r1.id, "bytes=0-9")).status).toBe(206);
    expect(retention(addDays(DAY, 7)).deleted).toEqual([r1.id]);
    expect((await getAudio(r1.id)).status).toBe(410);
    expect((await recordingsOf(week.id))[0]).toMatchObject({ deleteAfter: addDays(DAY, 7), deletedOn: addDays(DAY, 7) });
    const listed = (await call(app, "GET", `/api/studies/${studyId}/interviews`, { cookie: interviewer })).body;
    expect(listed.map((s: { id: string; recordings: unknown[] }) => [s.id, s.recordings])).toEqual([
      [week.id, [{ id: r1.id, mime: "audio/webm", bytes: 50, addedOn: DAY, deleteAfter: addDays(DAY, 7), deletedOn: addDays(DAY, 7), takeId: null }]],
    ]);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe("transcripts", () => {
  test("typed text is cut at its markers, by key or by number, and scrubbed; a marker naming no question is refused", async () => {
    const studyId = await newStudy();
    await call(app, "PUT", `/api/studies/${studyId}/redactions`, { cookie: researcher, body: { terms: ["Kalniņš", "Kalniņam"] } });
    const session = await consented(studyId);
    const text = [
      "Ievads pirms jautājumiem.",
      "",
      "## activities_assessment",
      "Pasākumi ir labi, saka Kalniņš.",
      "### tas ir teksts, ne marķieris",
      "## 3. Vai jaunieši apgūst jaunas sociālās prasmes?",
      "Jā. Zvaniet 29123456.",
      "##8",
      "Nekas vairāk.",
    ].join("\n");
    const res = await call(app, "PUT", `/api/interviews/${session.id}/transcript`, { cookie: interviewer, body: { text } });
    expect(res.status).toBe(200);
    expect(res.body.segments).toEqual([
      { seq: 1, questionKey: null, text: "Ievads pirms jautājumiem." },
      { seq: 2, questionKey: "activities_assessment", text: "Pasākumi ir labi, saka [vārds].\n### tas ir teksts, ne marķieris" },
      { seq: 3, questionKey: "social_skills_learned", text: "Jā. Zvaniet [tālrunis]." },
      { seq: 4, questionKey: "additional_information", text: "Nekas vairāk." },
    ]);
    expect(res.body.redactions).toBe(2);

    const plain = await app.request(`/api/interviews/${session.id}/transcript`, {
      method: "PUT",
      headers: { Cookie: interviewer, "Content-Type": "text/plain; charset=utf-8" },
      body: "## challenges_in_work\r\nGrūtības ar Kalniņam.\r\n",
    });
    expect(((await plain.json()) as any).segments).toEqual([{ seq: 1, questionKey: "challenges_in_work", text: "Grūtības ar [vārds]." }]);

    const bad = await call(app, "PUT", `/api/interviews/${session.id}/transcript`, { cookie: interviewer, body: { text: "## 9\nx\n## nothing\ny" } });
    expect(bad.status).toBe(422);
    expect(bad.body.details.map((d: { path: string }) => d.path)).toEqual(["line 1", "line 3"]);
    const segments = await call(app, "PUT", `/api/interviews/${session.id}/transcript`, {
      cookie: interviewer,
      body: { segments: [{ questionKey: "most_useful_activities", text: "Sports, 120385-12345" }, { text: "Beigas" }] },
    });
    expect(segments.body.segments).toEqual([
      { seq: 1, questionKey: "most_useful_activities", text: "Sports, [personas kods]" },
      { seq: 2, questionKey: null, text: "Beigas" },
    ]);
    expect((await call(app, "PUT", `/api/interviews/${session.id}/transcript`, { cookie: interviewer, body: { segments: [{ questionKey: "nope", text: "x" }] } })).status).toBe(422);
    const full = (await call(app, "GET", `/api/interviews/${session.id}`, { cookie: interviewer })).body;
    expect(full.transcript).toHaveLength(2);
    expect(listAudit(t.db, 50).filter((e) => e.action === "transcript.save")).toHaveLength(3);
    expect(auditText()).not.toMatch(/Sports|Grūtības|Pasākumi/);
  });

  test("a .docx is read paragraph by paragraph, raw or as a form upload; a broken one is refused", async () => {
    const studyId = await newStudy();
    const session = await consented(studyId, "mothers-interview");
    const paragraph = (...runs: string[]) => `<w:p><w:pPr><w:pStyle w:val="Normal"/></w:pPr>${runs.map((r) => `<w:r><w:t xml:space="preserve">${r}</w:t></w:r>`).join("")}</w:p>`;
    const documentXml =
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
      `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` +
      paragraph("Saruna ar māti &amp; bērnu.") +
      paragraph("## ", "main_challenges") +
      paragraph("Lielākais izaicinājums – ", "ēdiens un ", "rotaļlietas.") +
      `<w:p/>` +
      paragraph("## 5.") +
      paragraph("Ārsts nāk reizi nedēļā.") +
      `<w:sectPr/></w:body></w:document>`;
    const docx = zipSync({
      "[Content_Types].xml": strToU8(`<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`),
      "word/document.xml": strToU8(documentXml),
    });
    const expected = [
      { seq: 1, questionKey: null, text: "Saruna ar māti & bērnu." },
      { seq: 2, questionKey: "main_challenges", text: "Lielākais izaicinājums – ēdiens un rotaļlietas." },
      { seq: 3, questionKey: "child_health_care", text: "Ārsts nāk reizi nedēļā." },
    ];
    const docxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    const raw = await app.request(`/api/interviews/${session.id}/transcript`, { method: "PUT", headers: { Cookie: interviewer, "Content-Type": docxType }, body: docx });
    expect(raw.status).toBe(200);
    expect(((await raw.json()) as any).segments).toEqual(expected);

    const form = new FormData();
    form.append("file", new File([docx], "intervija.docx"));
    const multipart = await app.request(`/api/interviews/${session.id}/transcript`, { method: "PUT", headers: { Cookie: interviewer }, body: form });
    expect(((await multipart.json()) as any).segments).toEqual(expected);

    const broken = await app.request(`/api/interviews/${session.id}/transcript`, { method: "PUT", headers: { Cookie: interviewer, "Content-Type": docxType }, body: "not a zip" });
    expect([broken.status, ((await broken.json()) as any).code]).toEqual([422, "transcript.unreadable"]);
    const pdf = await app.request(`/api/interviews/${session.id}/transcript`, { method: "PUT", headers: { Cookie: interviewer, "Content-Type": "application/pdf" }, body: "%PDF" });
    expect(pdf.status).toBe(415);
  });
});

describe("focus groups", () => {
  test("topics, participant count and organisation kinds; notes per topic; no interviewee block", async () => {
    const studyId = await newStudy();
    const res = await call(app, "POST", `/api/studies/${studyId}/interviews`, {
      cookie: researcher,
      body: {
        kind: "focus-group",
        topics: ["Sadarbība starp iestādēm", "Atbalsts pēc atbrīvošanas"],
        participantCount: 7,
        organisationKinds: ["social-service", "ngo", "prison-administration"],
        targetGroup: "youth",
        siteId: "jelgava",
      },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      kind: "focus-group",
      instrumentId: null,
      participantCount: 7,
      organisationKinds: ["social-service", "ngo", "prison-administration"],
      topics: [
        { key: "t1", text: "Sadarbība starp iestādēm" },
        { key: "t2", text: "Atbalsts pēc atbrīvošanas" },
      ],
      targetGroup: "youth",
      interviewee: null,
      intervieweeBlock: [],
    });
    expect(res.body.questions.map((q: { key: string; number: number }) => [q.key, q.number])).toEqual([["t1", 1], ["t2", 2]]);
    const id = res.body.id;
    await call(app, "PUT", `/api/interviews/${id}/consent`, { cookie: researcher, body: { participation: true, recording: false } });
    expect((await note(id, "t2", { notes: "Vajag vienu kontaktpersonu.", skipped: false }, researcher)).status).toBe(200);
    expect((await note(id, "t3", { notes: "x", skipped: false }, researcher)).status).toBe(422);
    expect((await call(app, "PUT", `/api/interviews/${id}/interviewee`, { cookie: researcher, body: {} })).status).toBe(422);
    const transcript = await call(app, "PUT", `/api/interviews/${id}/transcript`, { cookie: researcher, body: { text: "## t1\nViens.\n## 2\nDivi." } });
    expect(transcript.body.segments.map((s: { questionKey: string }) => s.questionKey)).toEqual(["t1", "t2"]);
    await call(app, "POST", `/api/interviews/${id}/finish`, { cookie: researcher });
    expect((await call(app, "POST", `/api/interviews/${id}/summarise`, { cookie: researcher })).body.state).toBe("summarised");

    const wrong = await call(app, "POST", `/api/studies/${studyId}/interviews`, {
      cookie: researcher,
      body: { kind: "focus-group", topics: [], participantCount: 0, organisationKinds: ["church"], participantNames: ["A"] },
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.details.map((d: { path: string }) => d.path)).toEqual(expect.arrayContaining(["topics", "participantCount", "organisationKinds.0"]));
  });
});

describe("who may do what", () => {
  test("analysts are refused everything here; signed-out requests get 401", async () => {
    const studyId = await newStudy();
    const session = await consented(studyId);
    const recording = (await upload(session.id, audio(10))).body;
    const requests: [string, string, unknown?][] = [
      ["POST", `/api/studies/${studyId}/interviews`, { instrumentId: "youth-staff-interview" }],
      ["GET", `/api/studies/${studyId}/interviews`],
      ["GET", `/api/interviews/${session.id}`],
      ["PUT", `/api/interviews/${session.id}/consent`, { participation: true, recording: true }],
      ["PUT", `/api/interviews/${session.id}/interviewee`, {}],
      ["PUT", `/api/interviews/${session.id}/notes/activities_assessment`, { notes: "x", skipped: false }],
      ["POST", `/api/interviews/${session.id}/finish`],
      ["POST", `/api/interviews/${session.id}/summarise`],
      ["PUT", `/api/interviews/${session.id}/transcript`, { text: "x" }],
      ["GET", `/api/recordings/${recording.id}`],
      ["DELETE", `/api/recordings/${recording.id}`],
      ["GET", `/api/studies/${studyId}/redactions`],
      ["PUT", `/api/studies/${studyId}/redactions`, { terms: [] }],
    ];
    for (const [method, path, body] of requests) {
      expect((await call(app, method, path, { cookie: analyst, body })).status, `${method} ${path}`).toBe(403);
      expect((await call(app, method, path, { body })).status, `${method} ${path}`).toBe(401);
    }
    expect((await upload(session.id, audio(10), "audio/webm", analyst)).status).toBe(403);
    expect((await call(app, "GET", `/api/studies/${studyId}/redactions`, { cookie: interviewer })).status).toBe(403);
  });
});
