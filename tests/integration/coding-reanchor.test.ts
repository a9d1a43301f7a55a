/**
 * Codings keep pointing at their text when the text changes under them, through the real app on a real SQLite
 * file: a note edited around a coded span, the coded phrase deleted (the coding stays, detached, and still
 * counts) and typed back or coded afresh on its old span, a transcript replaced with a segment in front
 * (codings follow to the new seq), a name added to the study's list inside a coded span (excerpt and offsets
 * redacted together), two codings of one coder swapping places or landing on one span, and agreement that
 * does not move when only offsets do.
 *
 * Guards the bug where the console's coding screen highlighted the wrong characters after such an edit.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { loadCatalog } from "../../instruments/catalog.ts";
import { createApp } from "../../server/app.ts";
import { listSessionCodings } from "../../server/store/coding.ts";
import { findUserByEmail } from "../../server/store/users.ts";
import { signedInAs } from "../fixtures/01-staff.ts";
import { CODEBOOK, ID } from "../fixtures/qualitative/01-codebook.ts";
import { call } from "../helpers/http.ts";
import { openTestDb, type TestDb } from "../helpers/test-db.ts";

const catalog = loadCatalog();
const now = new Date("2026-04-20T09:00:00Z");
const GUIDE = "youth-staff-interview";

let t: TestDb;
let dir: string;
let app: ReturnType<typeof createApp>;
let researcher: string;
let coderA: string;
let coderB: string;

beforeEach(async () => {
  t = openTestDb();
  dir = mkdtempSync(join(tmpdir(), "coding-reanchor-test-"));
  app = createApp({ db: t.db, catalog, clock: () => now, recordingsDir: dir });
  researcher = await signedInAs(t.db, "researcher", now);
  coderA = await signedInAs(t.db, "interviewer", now, "koderis.a@example.lv");
  coderB = await signedInAs(t.db, "interviewer", now, "koderis.b@example.lv");
});
afterEach(() => {
  t.close();
  rmSync(dir, { recursive: true, force: true });
});

const idOf = (email: string) => findUserByEmail(t.db, email)!.id;

const CHALLENGES = "Grūtākais ir saziņa ar ģimeni: zvanīt drīkst reti, un jaunieši ļoti pārdzīvo.";
const ACTIVITIES = "Noderīgākās ir darba iemaņu nodarbības un mācības skolā.";
const INTRO = "Ievads: runājām par darbu un mācībām.";
const FIRST = "Jaunieši stāsta, ka saziņa ar ģimeni ir par retu.";

/** A study with the fixture codebook and one interview, consent given, notes typed; returns both ids. */
async function studyWithInterview(notes: Record<string, string>): Promise<{ studyId: string; sessionId: string }> {
  const study = await call(app, "POST", "/api/studies", {
    cookie: researcher,
    body: { name: "Pārkodēšana", instruments: [GUIDE], sites: ["jelgava"], channels: ["interview"], disclosureThreshold: 2 },
  });
  expect(study.status).toBe(201);
  const studyId = study.body.id as string;
  expect((await call(app, "PUT", `/api/studies/${studyId}/codebook`, { cookie: researcher, body: { codes: CODEBOOK } })).status).toBe(200);
  const started = await call(app, "POST", `/api/studies/${studyId}/interviews`, { cookie: coderA, body: { instrumentId: GUIDE, siteId: "jelgava" } });
  expect(started.status).toBe(201);
  const sessionId = started.body.id as string;
  expect((await call(app, "PUT", `/api/interviews/${sessionId}/consent`, { cookie: coderA, body: { participation: true, recording: false } })).status).toBe(200);
  for (const [key, text] of Object.entries(notes)) await saveNote(sessionId, key, text);
  return { studyId, sessionId };
}

async function saveNote(sessionId: string, key: string, notes: string): Promise<void> {
  const res = await call(app, "PUT", `/api/interviews/${sessionId}/notes/${key}`, { cookie: coderA, body: { notes, skipped: false } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

async function saveTranscript(sessionId: string, segments: { questionKey: string | null; text: string }[]): Promise<void> {
  const res = await call(app, "PUT", `/api/interviews/${sessionId}/transcript`, { cookie: coderA, body: { segments } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

/** Codes the first occurrence of a phrase in a block's text, as a browser selection would give it. */
async function codeOk(cookie: string, sessionId: string, codeId: string, source: "note" | "transcript", blockKey: string, text: string, phrase: string, from = 0) {
  const start = text.indexOf(phrase, from);
  if (start < 0) throw new Error(`"${phrase}" is not in "${text}"`);
  const res = await call(app, "POST", `/api/interviews/${sessionId}/codings`, { cookie, body: { codeId, blockKey, source, start, end: start + phrase.length } });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return res.body;
}

async function codings(sessionId: string): Promise<any[]> {
  const res = await call(app, "GET", `/api/interviews/${sessionId}/codings?coder=all`, { cookie: researcher });
  expect(res.status).toBe(200);
  return res.body.codings;
}

const byId = (list: any[], id: string) => list.find((c) => c.id === id);

/** Every anchored coding's span, cut from the session's stored text, is its excerpt. */
async function expectOnTheirText(sessionId: string): Promise<void> {
  const view = (await call(app, "GET", `/api/interviews/${sessionId}`, { cookie: coderA })).body;
  for (const c of await codings(sessionId)) {
    if (!c.anchored) continue;
    const block =
      c.source === "note"
        ? view.notes.find((n: { questionKey: string }) => n.questionKey === c.blockKey).notes
        : view.transcript.find((s: { seq: number }) => s.seq === c.segmentSeq).text;
    expect(block.slice(c.start, c.end), `coding ${c.id}`).toBe(c.text);
  }
}

async function agreement(studyId: string) {
  const res = await call(app, "GET", `/api/studies/${studyId}/coding/agreement?coderA=${idOf("koderis.a@example.lv")}&coderB=${idOf("koderis.b@example.lv")}`, {
    cookie: researcher,
  });
  expect(res.status).toBe(200);
  return res.body.agreement;
}

describe("an edited note", () => {
  test("a word typed before a coded span moves the span by its length; the slice is still the excerpt", async () => {
    const { sessionId } = await studyWithInterview({ challenges_in_work: CHALLENGES });
    const coded = await codeOk(coderA, sessionId, ID.contact, "note", "challenges_in_work", CHALLENGES, "saziņa ar ģimeni");
    expect(coded).toMatchObject({ start: 13, end: 29, anchored: true });

    await saveNote(sessionId, "challenges_in_work", `Pēc manām domām, ${CHALLENGES}`);
    const [moved] = await codings(sessionId);
    expect(moved).toMatchObject({ id: coded.id, start: 13 + 17, end: 29 + 17, text: "saziņa ar ģimeni", anchored: true, blockKey: "challenges_in_work", segmentSeq: null });
    await expectOnTheirText(sessionId);

    // An edit after the span leaves it where it is.
    await saveNote(sessionId, "challenges_in_work", `Pēc manām domām, ${CHALLENGES} Tā ir.`);
    expect((await codings(sessionId))[0]).toMatchObject({ start: 30, end: 46 });
  });

  test("the coded phrase deleted: the coding stays, detached, and still counts; typed back, it is anchored again", async () => {
    const { studyId, sessionId } = await studyWithInterview({ challenges_in_work: CHALLENGES, most_useful_activities: ACTIVITIES });
    const a = await codeOk(coderA, sessionId, ID.contact, "note", "challenges_in_work", CHALLENGES, "saziņa ar ģimeni");
    await codeOk(coderB, sessionId, ID.contact, "note", "challenges_in_work", CHALLENGES, "zvanīt drīkst reti");
    await codeOk(coderB, sessionId, ID.work, "note", "most_useful_activities", ACTIVITIES, "darba iemaņu nodarbības");
    const before = await agreement(studyId);
    expect(before.units).toBe(2);
    expect(before.codes.find((c: { codeId: string }) => c.codeId === ID.contact)).toMatchObject({ a: 1, b: 0, c: 0, d: 1 });

    const without = "Grūtākais ir tas, ka zvanīt drīkst reti, un jaunieši ļoti pārdzīvo.";
    await saveNote(sessionId, "challenges_in_work", without);
    const detached = byId(await codings(sessionId), a.id);
    expect(detached).toMatchObject({ start: 13, end: 29, text: "saziņa ar ģimeni", anchored: false });
    // Coder A sees it in their own list too, so the console can show it without a highlight.
    const mine = (await call(app, "GET", `/api/interviews/${sessionId}/codings`, { cookie: coderA })).body.codings;
    expect(mine.map((c: { id: string; anchored: boolean }) => [c.id, c.anchored])).toEqual([[a.id, false]]);
    // Coder B's span moved with the text.
    await expectOnTheirText(sessionId);
    // Agreement is unchanged: the excerpt still counts for its block.
    expect(await agreement(studyId)).toEqual(before);

    const back = `Grūtākais ir tas, ka saziņa ar ģimeni notiek reti: zvanīt drīkst reti.`;
    await saveNote(sessionId, "challenges_in_work", back);
    expect(byId(await codings(sessionId), a.id)).toMatchObject({ start: back.indexOf("saziņa ar ģimeni"), text: "saziņa ar ģimeni", anchored: true });
    await expectOnTheirText(sessionId);
  });

  test("coding the span a detached coding still holds anchors that coding on the text now there", async () => {
    const { sessionId } = await studyWithInterview({ challenges_in_work: CHALLENGES });
    const a = await codeOk(coderA, sessionId, ID.contact, "note", "challenges_in_work", CHALLENGES, "saziņa ar ģimeni");
    const without = "Grūtākais ir tas, ka zvanīt drīkst reti, un jaunieši ļoti pārdzīvo.";
    await saveNote(sessionId, "challenges_in_work", without);
    expect(byId(await codings(sessionId), a.id)).toMatchObject({ start: 13, end: 29, anchored: false });

    const again = await call(app, "POST", `/api/interviews/${sessionId}/codings`, {
      cookie: coderA,
      body: { codeId: ID.contact, blockKey: "challenges_in_work", source: "note", start: 13, end: 29 },
    });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: a.id, text: without.slice(13, 29), anchored: true });
    await expectOnTheirText(sessionId);
  });

  test("two codings of one coder that swap places both follow their text (the unique index is not tripped half-way)", async () => {
    const text = "Palīdz tikšanās un vēstules.";
    const { sessionId } = await studyWithInterview({ challenges_in_work: text });
    const visits = await codeOk(coderA, sessionId, ID.contact, "note", "challenges_in_work", text, "tikšanās");
    const letters = await codeOk(coderA, sessionId, ID.contact, "note", "challenges_in_work", text, "vēstules");
    expect([visits.start, letters.start, "tikšanās".length]).toEqual([7, 19, 8]);

    await saveNote(sessionId, "challenges_in_work", "Palīdz vēstules un tikšanās.");
    const list = await codings(sessionId);
    expect(byId(list, visits.id)).toMatchObject({ start: 19, end: 27, anchored: true });
    expect(byId(list, letters.id)).toMatchObject({ start: 7, end: 15, anchored: true });
  });

  test("a coding that lands on a span the same coder coded with the same code is that coding: it goes", async () => {
    const text = "Saziņa: ģimeni, ģimeni, ģimeni.";
    const { sessionId } = await studyWithInterview({ challenges_in_work: text });
    const first = await codeOk(coderA, sessionId, ID.contact, "note", "challenges_in_work", text, "ģimeni");
    const second = await codeOk(coderA, sessionId, ID.contact, "note", "challenges_in_work", text, "ģimeni", first.end);
    const other = await codeOk(coderA, sessionId, ID.visits, "note", "challenges_in_work", text, "ģimeni", first.end);
    const byB = await codeOk(coderB, sessionId, ID.contact, "note", "challenges_in_work", text, "ģimeni", first.end);

    await saveNote(sessionId, "challenges_in_work", "Saziņa: ģimeni.");
    const list = await codings(sessionId);
    // Coder A's second Saziņa coding moved onto the first: one coding. Another code, or another coder, is not a duplicate.
    expect(list.map((c: { id: string }) => c.id)).toEqual([first.id, other.id, byB.id]);
    for (const c of list) expect(c).toMatchObject({ start: 8, end: 14, anchored: true });
    expect(listSessionCodings(t.db, sessionId).map((c) => c.id)).not.toContain(second.id);
  });
});

describe("a replaced transcript", () => {
  test("a segment added in front: codings follow their segments to the new seq with the right block key", async () => {
    const { studyId, sessionId } = await studyWithInterview({ challenges_in_work: CHALLENGES });
    await saveTranscript(sessionId, [
      { questionKey: null, text: INTRO },
      { questionKey: "challenges_in_work", text: FIRST },
    ]);
    const onIntro = await codeOk(coderB, sessionId, ID.work, "transcript", "segment:1", INTRO, "runājām par darbu un mācībām");
    const onFirst = await codeOk(coderB, sessionId, ID.contact, "transcript", "segment:2", FIRST, "saziņa ar ģimeni ir par retu");
    expect(onIntro).toMatchObject({ segmentSeq: 1, blockKey: "segment:1" });
    expect(onFirst).toMatchObject({ segmentSeq: 2, blockKey: "challenges_in_work" });

    await saveTranscript(sessionId, [
      { questionKey: null, text: "Ieraksts sākas: sveicieni, laika apstākļi." },
      { questionKey: null, text: INTRO },
      { questionKey: "challenges_in_work", text: `Nu, ${FIRST}` },
    ]);
    const list = await codings(sessionId);
    expect(byId(list, onIntro.id)).toMatchObject({ segmentSeq: 2, blockKey: "segment:2", start: onIntro.start, end: onIntro.end, anchored: true });
    expect(byId(list, onFirst.id)).toMatchObject({ segmentSeq: 3, blockKey: "challenges_in_work", start: onFirst.start + 4, end: onFirst.end + 4, anchored: true });
    await expectOnTheirText(sessionId);
    // The matrix counts the work excerpt under the moved segment's block.
    const matrix = await call(app, "GET", `/api/studies/${studyId}/coding/matrix?by=question&mode=internal`, { cookie: researcher });
    expect(matrix.status).toBe(200);

    // Replaced without the coded segment's words: detached, kept where it was.
    await saveTranscript(sessionId, [{ questionKey: "challenges_in_work", text: "Par ģimeni neko nestāstīja." }]);
    const after = await codings(sessionId);
    expect(byId(after, onFirst.id)).toMatchObject({ segmentSeq: 3, blockKey: "challenges_in_work", text: "saziņa ar ģimeni ir par retu", anchored: false });
    expect(byId(after, onIntro.id)).toMatchObject({ anchored: false });
  });
});

describe("a name added to the study's list", () => {
  test("inside a coded span: the stored excerpt is redacted and the offsets of that coding and the ones after it follow", async () => {
    const note = "Runājām ar Jānis Ozols kungu par ģimeni; vēstules nāk reti.";
    const segment = "Jaunieši stāsta, ka Jānis Ozols palīdz ar vēstulēm.";
    const { studyId, sessionId } = await studyWithInterview({ challenges_in_work: note });
    await saveTranscript(sessionId, [{ questionKey: "challenges_in_work", text: segment }]);
    const withName = await codeOk(coderA, sessionId, ID.contact, "note", "challenges_in_work", note, "Jānis Ozols kungu par ģimeni");
    const after = await codeOk(coderA, sessionId, ID.letters, "note", "challenges_in_work", note, "vēstules nāk reti");
    const before = await codeOk(coderA, sessionId, ID.work, "note", "challenges_in_work", note, "Runājām");
    const inSegment = await codeOk(coderA, sessionId, ID.letters, "transcript", "segment:1", segment, "palīdz ar vēstulēm");

    const res = await call(app, "PUT", `/api/studies/${studyId}/redactions`, { cookie: researcher, body: { terms: ["Jānis Ozols"] } });
    expect(res.status).toBe(200);
    // "Jānis Ozols" (11) became "[vārds]" (7).
    const list = await codings(sessionId);
    expect(byId(list, withName.id)).toMatchObject({ start: withName.start, end: withName.end - 4, text: "[vārds] kungu par ģimeni", anchored: true });
    expect(byId(list, after.id)).toMatchObject({ start: after.start - 4, end: after.end - 4, text: "vēstules nāk reti", anchored: true });
    expect(byId(list, before.id)).toMatchObject({ start: before.start, end: before.end });
    expect(byId(list, inSegment.id)).toMatchObject({ start: inSegment.start - 4, segmentSeq: 1, text: "palīdz ar vēstulēm", anchored: true });
    await expectOnTheirText(sessionId);
    // Stored redacted, not only redacted on the way out.
    expect(JSON.stringify(listSessionCodings(t.db, sessionId))).not.toContain("Ozols");
  });
});

describe("agreement", () => {
  test("a double-coded session's agreement is the same before and after edits that keep every excerpt", async () => {
    const { studyId, sessionId } = await studyWithInterview({ challenges_in_work: CHALLENGES, most_useful_activities: ACTIVITIES });
    await saveTranscript(sessionId, [
      { questionKey: null, text: INTRO },
      { questionKey: "challenges_in_work", text: FIRST },
    ]);
    await codeOk(coderA, sessionId, ID.contact, "note", "challenges_in_work", CHALLENGES, "saziņa ar ģimeni: zvanīt drīkst reti");
    await codeOk(coderA, sessionId, ID.work, "note", "most_useful_activities", ACTIVITIES, "darba iemaņu nodarbības");
    await codeOk(coderA, sessionId, ID.mental, "note", "challenges_in_work", CHALLENGES, "jaunieši ļoti pārdzīvo");
    await codeOk(coderB, sessionId, ID.contact, "transcript", "segment:2", FIRST, "saziņa ar ģimeni ir par retu");
    await codeOk(coderB, sessionId, ID.work, "transcript", "segment:1", INTRO, "runājām par darbu un mācībām");
    await codeOk(coderB, sessionId, ID.work, "note", "most_useful_activities", ACTIVITIES, "darba iemaņu nodarbības");
    const before = await agreement(studyId);
    expect(before.units).toBe(3);
    const spans = (list: any[]) => list.map((c) => [c.start, c.end]);
    const spansBefore = spans(await codings(sessionId));

    await saveNote(sessionId, "challenges_in_work", `Jāsaka, ka ${CHALLENGES}`);
    await saveNote(sessionId, "most_useful_activities", `Manuprāt, ${ACTIVITIES}`);
    await saveTranscript(sessionId, [
      { questionKey: null, text: `Sākumā: ${INTRO}` },
      { questionKey: "challenges_in_work", text: `Viņi saka: ${FIRST}` },
    ]);
    const list = await codings(sessionId);
    expect(list.every((c: { anchored: boolean }) => c.anchored)).toBe(true);
    expect(spans(list)).not.toEqual(spansBefore);
    await expectOnTheirText(sessionId);
    expect(await agreement(studyId)).toEqual(before);
  });
});
