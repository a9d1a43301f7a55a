/**
 * Interviews with the study's guides and focus groups: the rules between the interviewer's screen and the
 * database.
 *
 * A session opens closed: its questions take notes only once the interviewee has agreed to take part, and
 * audio is accepted only once they have agreed to be recorded. Everything typed (notes, transcripts, focus-group
 * topics) is scrubbed on the way in, first of the study's "names to redact", then of personal codes, phone
 * numbers and e-mail addresses. The interviewee is described only by the coarse bands the guide's interviewee
 * block offers. Sessions move forward only: in progress -> finished -> summarised; summarising starts the
 * clock on the recordings, which the retention job deletes within the week the guides promise.
 *
 * Notes are an autosave target. Writing the same content again changes nothing; a write that names the
 * revision it edited (`baseRevision`) is refused when someone else wrote the note since, so a second laptop
 * cannot silently overwrite the first.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { createWriteStream, mkdirSync, renameSync, statSync, unlinkSync, type Stats } from "node:fs";
import { open } from "node:fs/promises";
import { join } from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { unzipSync } from "fflate";
import type { LoadedInstrument } from "../../instruments/catalog.ts";
import type { InstrumentDescriptor } from "../../instruments/index.ts";
import { rigaDay } from "../domain/day.ts";
import { nameMatcher, normaliseTerms, redactNames } from "../domain/redact-names.ts";
import { scrubText } from "../domain/scrub.ts";
import { Problem } from "../http/problem.ts";
import type { Db } from "../store/db.ts";
import {
  findNote,
  findRecording,
  findRecordingByTake,
  findSession,
  insertRecording,
  insertSession,
  listNotes,
  listRecordings,
  listStudyRecordings,
  listRedactionTerms,
  listSessionIds,
  listSessions,
  listTranscript,
  moveSession,
  nextRevision,
  replaceRedactionTerms,
  replaceTranscript,
  setDeleteAfter,
  updateConsent,
  updateInterviewee,
  updateTranscriptText,
  upsertNote,
  type Consent,
  type InterviewSession,
  type NoteRow,
  type OrganisationKind,
  type RecordingRow,
  type TargetGroup,
  type TranscriptSegment,
} from "../store/interviews.ts";
import type { Study } from "../store/studies.ts";
import { reanchorCodings } from "./reanchor.ts";
import { deleteRecording, recordingPath } from "./retention.ts";
import { requireChannel, requireInstrument } from "./studies.ts";

export interface InterviewDeps {
  db: Db;
  clock: () => Date;
  catalog: readonly LoadedInstrument[];
  recordingsDir: string;
}

// ---------------------------------------------------------------------------------------------------------
// The guide: which questions take notes, and what the interviewee block offers
// ---------------------------------------------------------------------------------------------------------

/** The page of a guide that describes the interviewee (position, years of service, age band ...). */
export const INTERVIEWEE_PAGE = "about-interviewee";

type Localised = string | Record<string, string>;

export interface GuideQuestion {
  /** The question's `name` in the guide (focus groups: the topic key). Notes and transcript segments use it. */
  key: string;
  /** Position among the session's questions, from 1: what `## 3.` in a transcript refers to. */
  number: number;
  /** The guide page it is on (focus groups: "topics"). */
  section: string;
  title: Localised;
}

export interface IntervieweeItem {
  key: string;
  title: Localised;
  /** The choice values the guide offers; the interviewee block stores nothing else. */
  choices: string[];
}

export interface GuideShape {
  questions: GuideQuestion[];
  intervieweeBlock: IntervieweeItem[];
}

interface SurveyElement {
  type?: string;
  name?: string;
  title?: Localised;
  choices?: unknown[];
  elements?: SurveyElement[];
}

const NOT_QUESTIONS = new Set(["html", "image", "expression"]);

/** Reads a SurveyJS guide: the interviewee block's choice questions and every other question, in order. */
export function guideShape(json: Record<string, unknown>): GuideShape {
  const pages = (json.pages ?? []) as { name?: string; elements?: SurveyElement[] }[];
  const shape: GuideShape = { questions: [], intervieweeBlock: [] };
  const walk = (elements: readonly SurveyElement[], section: string): void => {
    for (const e of elements) {
      if (e.elements) walk(e.elements, section);
      if (!e.name || !e.type || NOT_QUESTIONS.has(e.type) || e.type === "panel") continue;
      const title = e.title ?? e.name;
      if (section === INTERVIEWEE_PAGE) {
        const choices = (e.choices ?? []).map((c) => String(typeof c === "object" && c !== null ? (c as { value: unknown }).value : c));
        shape.intervieweeBlock.push({ key: e.name, title, choices });
      } else {
        shape.questions.push({ key: e.name, number: shape.questions.length + 1, section, title });
      }
    }
  };
  for (const page of pages) walk(page.elements ?? [], page.name ?? "");
  return shape;
}

/**
 * The group a guide is about. Prisoners' and families' instruments say it in their respondent group; staff
 * guides all have the respondent group "staff", so their id says it ("youth-staff-interview",
 * "mental-health-diagnosed-staff-interview" ...).
 */
export function targetGroupOf(descriptor: InstrumentDescriptor): TargetGroup | null {
  switch (descriptor.respondentGroup) {
    case "imprisoned-youth":
    case "family-of-youth":
      return "youth";
    case "imprisoned-seniors":
    case "family-of-seniors":
      return "seniors";
    case "imprisoned-mothers":
      return "mothers";
    case "staff":
      for (const group of ["mental-health", "youth", "seniors", "mothers"] as const) if (descriptor.id.startsWith(`${group}-`)) return group;
      return null;
  }
}

function loadedGuide(deps: InterviewDeps, instrumentId: string): LoadedInstrument {
  const loaded = deps.catalog.find((i) => i.descriptor.id === instrumentId);
  if (!loaded) throw new Problem("instrument.not_found", `There is no instrument "${instrumentId}".`, { id: instrumentId });
  return loaded;
}

/** The questions notes and transcripts may name: the guide's questions, or a focus group's topics. */
export function sessionShape(deps: InterviewDeps, session: InterviewSession): GuideShape {
  if (session.kind === "focus-group") {
    return {
      questions: (session.topics ?? []).map((t, i) => ({ key: t.key, number: i + 1, section: "topics", title: t.text })),
      intervieweeBlock: [],
    };
  }
  return guideShape(loadedGuide(deps, session.instrumentId!).json);
}

// ---------------------------------------------------------------------------------------------------------
// Scrubbing typed text
// ---------------------------------------------------------------------------------------------------------

/** A function that scrubs text for one study: its names to redact, then the intake scrubber. */
export type Cleaner = (text: string) => { value: string; redactions: number };

export function cleanerFor(db: Db, studyId: string): Cleaner {
  const matcher = nameMatcher(listRedactionTerms(db, studyId));
  return (text) => {
    const names = redactNames(text, matcher);
    const scrubbed = scrubText(names.value);
    return { value: scrubbed.value, redactions: names.redactions + scrubbed.redactions };
  };
}

// ---------------------------------------------------------------------------------------------------------
// Sessions
// ---------------------------------------------------------------------------------------------------------

export function requireSession(db: Db, id: string): InterviewSession {
  const session = findSession(db, id);
  if (!session) throw new Problem("interview.not_found", `There is no interview "${id}".`, { id });
  return session;
}

export type StartInput =
  | { kind: "interview"; instrumentId: string; siteId?: string | undefined }
  | {
      kind: "focus-group";
      topics: string[];
      participantCount: number;
      organisationKinds: OrganisationKind[];
      siteId?: string | undefined;
      targetGroup?: TargetGroup | undefined;
    };

/**
 * Opens an interview with one of the study's guides, or a focus group on the researcher's topics. The study
 * must collect through the interview channel and be open; a site, when given, must be one of the study's.
 */
export function startSession(deps: InterviewDeps, study: Study, userId: number, input: StartInput): InterviewSession {
  requireChannel(study, "interview");
  if (study.closed) throw new Problem("study.closed", "The study is closed; no new interviews can start.");
  if (input.siteId !== undefined && !study.sites.includes(input.siteId)) {
    throw new Problem("study.site_not_included", `The study does not run at "${input.siteId}".`, [{ path: "siteId", reason: `not one of the study's sites: ${study.sites.join(", ")}` }]);
  }
  const base = {
    id: randomUUID(),
    studyId: study.id,
    siteId: input.siteId ?? null,
    state: "in-progress" as const,
    consent: { participation: false, recording: false },
    interviewee: null,
    startedOn: rigaDay(deps.clock()),
    finishedOn: null,
    summarisedOn: null,
    createdBy: userId,
  };
  if (input.kind === "interview") {
    const loaded = loadedGuide(deps, input.instrumentId);
    if (loaded.descriptor.kind !== "interview") {
      throw new Problem("interview.not_a_guide", `"${input.instrumentId}" is a questionnaire, not an interview guide.`, [{ path: "instrumentId", reason: "must be an interview guide" }]);
    }
    requireInstrument(study, input.instrumentId);
    return insertSession(deps.db, {
      ...base,
      kind: "interview",
      instrumentId: input.instrumentId,
      participantCount: null,
      organisationKinds: null,
      topics: null,
      targetGroup: targetGroupOf(loaded.descriptor),
    });
  }
  const clean = cleanerFor(deps.db, study.id);
  return insertSession(deps.db, {
    ...base,
    kind: "focus-group",
    instrumentId: null,
    participantCount: input.participantCount,
    organisationKinds: input.organisationKinds,
    topics: input.topics.map((text, i) => ({ key: `t${i + 1}`, text: clean(text.trim()).value })),
    targetGroup: input.targetGroup ?? null,
  });
}

/** A recording as the console sees it: never the file name on disk. */
export interface RecordingView {
  id: string;
  mime: string;
  bytes: number;
  addedOn: string;
  deleteAfter: string | null;
  deletedOn: string | null;
  /** The take the browser recorded (what a note's `offsetTake` names); null for an uploaded file. */
  takeId: string | null;
}

const recordingView = (r: RecordingRow): RecordingView => ({
  id: r.id,
  mime: r.mime,
  bytes: r.bytes,
  addedOn: r.addedOn,
  deleteAfter: r.deleteAfter,
  deletedOn: r.deletedOn,
  takeId: r.takeId,
});

/** A session in the study's list: no notes, but its recordings, so the list can say when each one goes. */
export interface SessionListEntry extends InterviewSession {
  recordings: RecordingView[];
}

export function listStudySessions(db: Db, studyId: string): SessionListEntry[] {
  const bySession = new Map<string, RecordingView[]>();
  for (const r of listStudyRecordings(db, studyId)) {
    const list = bySession.get(r.sessionId) ?? [];
    list.push(recordingView(r));
    bySession.set(r.sessionId, list);
  }
  return listSessions(db, studyId).map((s) => ({ ...s, recordings: bySession.get(s.id) ?? [] }));
}

export interface SessionView extends InterviewSession, GuideShape {
  /** False until the interviewee agreed to take part (and after the answers were summarised). */
  questionsOpen: boolean;
  notes: NoteRow[];
  recordings: RecordingView[];
  transcript: TranscriptSegment[];
}

/** Everything the interviewer's screen shows for a session: its questions, notes, recordings and transcript. */
export function sessionView(deps: InterviewDeps, session: InterviewSession): SessionView {
  return {
    ...session,
    ...sessionShape(deps, session),
    questionsOpen: session.consent.participation && session.state !== "summarised",
    notes: listNotes(deps.db, session.id),
    recordings: listRecordings(deps.db, session.id).map(recordingView),
    transcript: listTranscript(deps.db, session.id),
  };
}

function wrongState(session: InterviewSession, allowed: readonly InterviewSession["state"][], doing: string): Problem {
  return new Problem("interview.wrong_state", `The ${session.kind} is ${session.state}; ${doing} is not possible now.`, { state: session.state, allowed });
}

function requireState(session: InterviewSession, allowed: readonly InterviewSession["state"][], doing: string): void {
  if (!allowed.includes(session.state)) throw wrongState(session, allowed, doing);
}

function requireQuestionsOpen(session: InterviewSession): void {
  requireState(session, ["in-progress", "finished"], "changing its answers");
  if (!session.consent.participation) {
    throw new Problem("interview.no_consent", "The questions open once the interviewee has agreed to take part (consent.participation).");
  }
}

/**
 * Records the interviewee's consent. Recording consent needs participation consent. Withdrawing recording
 * consent deletes the recordings already made, at once; the deleted recordings are returned for the audit.
 */
export function setConsent(deps: InterviewDeps, session: InterviewSession, consent: Consent, by: { userId: number; actor: string }): RecordingRow[] {
  requireState(session, ["in-progress"], "changing consent");
  if (consent.recording && !consent.participation) {
    throw new Problem("request.invalid", "Recording needs consent to take part first.", [{ path: "recording", reason: "cannot be true while participation is false" }]);
  }
  updateConsent(deps.db, session.id, consent);
  if (consent.recording) return [];
  const withdrawn = listRecordings(deps.db, session.id).filter((r) => r.deletedOn === null);
  return withdrawn.filter((r) => deleteRecording(deps, r, { ...by, reason: "consent-withdrawn" }));
}

/** Stores the interviewee block: only the guide's questions, only the bands it offers. */
export function setInterviewee(deps: InterviewDeps, session: InterviewSession, bands: Record<string, string>): Record<string, string> {
  if (session.kind !== "interview") {
    throw new Problem("request.invalid", "A focus group has no interviewee block; it records the number of participants and their kinds of organisation.");
  }
  requireQuestionsOpen(session);
  const block = sessionShape(deps, session).intervieweeBlock;
  const problems: { path: string; reason: string }[] = [];
  for (const [key, value] of Object.entries(bands)) {
    const item = block.find((i) => i.key === key);
    if (!item) problems.push({ path: key, reason: block.length === 0 ? "this guide has no interviewee block" : `not in the guide's interviewee block (${block.map((i) => i.key).join(", ")})` });
    else if (!item.choices.includes(value)) problems.push({ path: key, reason: `must be one of ${item.choices.join(", ")}` });
  }
  if (problems.length > 0) throw new Problem("request.invalid", "The interviewee block takes only the bands the guide offers.", problems);
  updateInterviewee(deps.db, session.id, bands);
  return bands;
}

export interface NoteInput {
  notes: string;
  skipped: boolean;
  offsetSeconds?: number | null | undefined;
  /** The take `offsetSeconds` was measured in; only sent together with `offsetSeconds`. */
  offsetTake?: string | null | undefined;
  baseRevision?: number | undefined;
}

/**
 * Saves the notes of one question (autosave). Same content again: nothing changes and the stored note comes
 * back. A `baseRevision` older than the note's revision: 409 `interview.stale` with the current note, unless
 * the content is what is stored already. An omitted `offsetSeconds` keeps the stored offset and its take; a
 * new offset without `offsetTake` is one whose recording is not known, and no offset has no take either.
 */
export function saveNote(deps: InterviewDeps, session: InterviewSession, questionKey: string, input: NoteInput): NoteRow & { redactions: number } {
  requireQuestionsOpen(session);
  const keys = sessionShape(deps, session).questions.map((q) => q.key);
  if (!keys.includes(questionKey)) {
    throw new Problem("interview.unknown_question", `"${questionKey}" is not a question of this ${session.kind === "interview" ? "guide" : "focus group"}.`, {
      questionKey,
      questions: keys,
    });
  }
  const cleaned = cleanerFor(deps.db, session.studyId)(input.notes);
  return deps.db.transaction(() => {
    const current = findNote(deps.db, session.id, questionKey);
    const offsetSeconds = input.offsetSeconds === undefined ? (current?.offsetSeconds ?? null) : input.offsetSeconds;
    const offsetTake = input.offsetSeconds === undefined ? (current?.offsetTake ?? null) : offsetSeconds === null ? null : (input.offsetTake ?? null);
    if (
      current &&
      current.notes === cleaned.value &&
      current.skipped === input.skipped &&
      current.offsetSeconds === offsetSeconds &&
      current.offsetTake === offsetTake
    ) {
      return { ...current, redactions: cleaned.redactions };
    }
    const currentRevision = current?.revision ?? 0;
    if (input.baseRevision !== undefined && input.baseRevision !== currentRevision) {
      throw new Problem("interview.stale", "These notes were changed elsewhere since you loaded them. Compare with the current text and save again.", {
        questionKey,
        revision: currentRevision,
        notes: current?.notes ?? "",
        skipped: current?.skipped ?? false,
        offsetSeconds: current?.offsetSeconds ?? null,
        offsetTake: current?.offsetTake ?? null,
      });
    }
    const note: NoteRow = { questionKey, notes: cleaned.value, skipped: input.skipped, offsetSeconds, offsetTake, revision: nextRevision(deps.db, session.id) };
    upsertNote(deps.db, session.id, note);
    // Codings of the old text follow it to where it now stands.
    if (current && current.notes !== note.notes) reanchorCodings(deps.db, session.id, { kind: "note", questionKey });
    return { ...note, redactions: cleaned.redactions };
  })();
}

export function finishSession(deps: InterviewDeps, session: InterviewSession): InterviewSession {
  requireState(session, ["in-progress"], "finishing");
  // Another request may have moved it since it was read: the conditional update says so.
  if (!moveSession(deps.db, session.id, "in-progress", "finished", rigaDay(deps.clock()))) {
    throw wrongState(requireSession(deps.db, session.id), ["in-progress"], "finishing");
  }
  return requireSession(deps.db, session.id);
}

/** Adds days to a `YYYY-MM-DD` day. */
export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Marks the answers summarised and gives every recording its day to be deleted. */
export function summariseSession(deps: InterviewDeps, session: InterviewSession, study: Study): InterviewSession {
  requireState(session, ["finished"], "summarising");
  const today = rigaDay(deps.clock());
  deps.db.transaction(() => {
    if (!moveSession(deps.db, session.id, "finished", "summarised", today)) throw wrongState(requireSession(deps.db, session.id), ["finished"], "summarising");
    setDeleteAfter(deps.db, session.id, addDays(today, study.recordingRetentionDays));
  })();
  return requireSession(deps.db, session.id);
}

// ---------------------------------------------------------------------------------------------------------
// Recordings
// ---------------------------------------------------------------------------------------------------------

/** The audio types MediaRecorder and common recorders produce, and the extension each is kept under. */
export const RECORDING_TYPES: Readonly<Record<string, string>> = {
  "audio/webm": "webm",
  "audio/ogg": "ogg",
  "audio/mpeg": "mp3",
  "audio/mp4": "m4a",
  "audio/wav": "wav",
  "audio/x-wav": "wav",
};

export const MAX_RECORDING_BYTES = 500 * 1024 * 1024;

/** The media type without parameters ("audio/webm;codecs=opus" -> "audio/webm"), lower case. */
export function baseMediaType(contentType: string | undefined): string {
  return (contentType ?? "").split(";")[0]!.trim().toLowerCase();
}

function duplicateTake(existing: Pick<RecordingRow, "id">): Problem {
  return new Problem("recording.duplicate_take", "This take is stored already (an earlier attempt of this upload arrived).", { recordingId: existing.id });
}

/**
 * Streams an uploaded recording to disk: into a hidden temporary file in the session's folder, synced, then
 * renamed to its random final name, so a half-written upload is never taken for a recording. Over the size
 * limit the upload stops and the temporary file is removed.
 *
 * A take the browser recorded comes with its id (`takeId`); a session keeps each take once, so an upload sent
 * again after its first attempt did arrive gets 409 `recording.duplicate_take` instead of a second copy.
 */
export async function addRecording(
  deps: InterviewDeps,
  session: InterviewSession,
  upload: { contentType: string | undefined; contentLength: string | undefined; body: ReadableStream<Uint8Array> | null; takeId?: string | null | undefined },
  maxBytes: number = MAX_RECORDING_BYTES,
): Promise<RecordingView> {
  requireState(session, ["in-progress", "finished"], "adding a recording");
  if (!session.consent.recording) {
    throw new Problem("interview.no_recording_consent", "The interviewee has not agreed to be recorded; no audio can be kept.");
  }
  const mime = baseMediaType(upload.contentType);
  const extension = RECORDING_TYPES[mime];
  if (!extension) {
    throw new Problem("request.unsupported_media_type", `Send the audio as one of ${Object.keys(RECORDING_TYPES).join(", ")}.`, { contentType: upload.contentType ?? null });
  }
  const declared = upload.contentLength === undefined ? undefined : Number(upload.contentLength);
  const tooLarge = () => new Problem("request.too_large", `A recording may be at most ${Math.round(maxBytes / 1024 / 1024)} MB.`, { maxBytes });
  if (declared !== undefined && declared > maxBytes) throw tooLarge();
  const takeId = upload.takeId ?? null;
  const existing = takeId === null ? undefined : findRecordingByTake(deps.db, session.id, takeId);
  if (existing) throw duplicateTake(existing);
  if (!upload.body) throw new Problem("request.invalid", "The recording is empty.", [{ path: "body", reason: "no audio was sent" }]);

  const dir = join(deps.recordingsDir, session.id);
  mkdirSync(dir, { recursive: true });
  const fileName = `${randomBytes(16).toString("hex")}.${extension}`;
  const temporary = join(dir, `.${fileName}.part`);
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      callback(bytes > maxBytes ? tooLarge() : null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(upload.body as NodeReadableStream<Uint8Array>), counter, createWriteStream(temporary, { flags: "wx" }));
    if (bytes === 0) throw new Problem("request.invalid", "The recording is empty.", [{ path: "body", reason: "no audio was sent" }]);
    const handle = await open(temporary, "r+");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    renameSync(temporary, join(dir, fileName));
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {
      // never created, or already renamed
    }
    throw error;
  }
  const row: RecordingRow = {
    id: randomUUID(),
    sessionId: session.id,
    fileName,
    mime,
    bytes,
    addedOn: rigaDay(deps.clock()),
    deleteAfter: null,
    deletedOn: null,
    takeId,
  };
  let added: boolean;
  try {
    added = insertRecording(deps.db, row);
  } catch (error) {
    unlinkSync(join(dir, fileName));
    throw error;
  }
  if (!added) {
    // The same take arrived twice at once: the other upload's copy is the one kept.
    unlinkSync(join(dir, fileName));
    throw duplicateTake(findRecordingByTake(deps.db, session.id, takeId!)!);
  }
  return recordingView(row);
}

export function requireRecording(db: Db, id: string): RecordingRow {
  const recording = findRecording(db, id);
  if (!recording) throw new Problem("recording.not_found", `There is no recording "${id}".`, { id });
  return recording;
}

export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Reads a `Range` header against a file size: undefined for no header or one this server does not serve
 * (several ranges, other units: the whole file is sent), a range, or a 416 Problem when it lies outside.
 */
export function parseRange(header: string | undefined, size: number): ByteRange | undefined {
  if (!header) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === "" && match[2] === "")) return undefined;
  const unsatisfiable = () => new Problem("recording.range_not_satisfiable", `The recording has ${size} bytes.`, { size });
  if (match[1] === "") {
    const suffix = Number(match[2]);
    if (suffix === 0 || size === 0) throw unsatisfiable();
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === "" ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size || end < start) throw unsatisfiable();
  return { start, end };
}

/** The file of a recording that is still kept, with its size; 410 once deleted. */
export function recordingFile(deps: InterviewDeps, recording: RecordingRow): { path: string; stats: Stats } {
  if (recording.deletedOn !== null) {
    throw new Problem("recording.deleted", `This recording was deleted on ${recording.deletedOn}, as the interviewee was promised.`, { deletedOn: recording.deletedOn });
  }
  const path = recordingPath(deps.recordingsDir, recording);
  try {
    return { path, stats: statSync(path) };
  } catch {
    throw new Problem("recording.not_found", "The recording's file is missing from the recordings folder.", { id: recording.id });
  }
}

// ---------------------------------------------------------------------------------------------------------
// Transcripts
// ---------------------------------------------------------------------------------------------------------

export interface SegmentInput {
  questionKey?: string | null | undefined;
  text: string;
}

/**
 * Splits a typed transcript into segments at marker lines. A marker is a line of its own that starts with
 * `##` followed by the question's key or number, and may go on with anything (the question's wording):
 *
 *     ## activities_assessment
 *     ## 3.
 *     ## 3. Vai jaunieši apgūst jaunas sociālās prasmes ...
 *
 * A number is the question's position in the session's question list (the guide's questions counted from 1
 * through all its sections, the interviewee block left out; for a focus group, its topics), as the console
 * shows it. Text before the first marker is a segment without a question. `###` and deeper are ordinary
 * text. A marker naming no question is an error (422 naming the line), never silently dropped.
 */
export function splitTranscript(text: string, questions: readonly Pick<GuideQuestion, "key" | "number">[]): SegmentInput[] {
  const segments: { questionKey: string | null; lines: string[] }[] = [{ questionKey: null, lines: [] }];
  const unknown: { path: string; reason: string }[] = [];
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  lines.forEach((line, i) => {
    const marker = /^\s*##(?!#)\s*(\S+)/u.exec(line);
    if (!marker) {
      segments[segments.length - 1]!.lines.push(line);
      return;
    }
    const token = marker[1]!;
    const number = /^(\d+)\.?$/.exec(token);
    const question = number ? questions.find((q) => q.number === Number(number[1])) : questions.find((q) => q.key === token);
    if (!question) unknown.push({ path: `line ${i + 1}`, reason: `"${token}" is neither a question key nor a question number of this session (1-${questions.length})` });
    else segments.push({ questionKey: question.key, lines: [] });
  });
  if (unknown.length > 0) throw new Problem("interview.unknown_question", "A marker in the transcript names no question of this session.", unknown);
  return segments
    .map((s) => ({ questionKey: s.questionKey, text: s.lines.join("\n").replace(/^\s*\n|\s+$/g, "") }))
    .filter((s) => s.text.trim() !== "");
}

const XML_ENTITIES: Readonly<Record<string, string>> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|lt|gt|amp|quot|apos);/gi, (_, entity: string) => {
    if (entity[0] !== "#") return XML_ENTITIES[entity.toLowerCase()]!;
    const code = entity[1] === "x" || entity[1] === "X" ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : "";
  });
}

const MAX_DOCX_XML_BYTES = 50 * 1024 * 1024;

/**
 * The text of a .docx, one line per paragraph: word/document.xml read out of the zip, the runs' text (`w:t`)
 * joined, tabs and line breaks kept. Deleted text of tracked changes (`w:delText`) is not included. No
 * formatting, no headers or footnotes: the interviewer's markers and words are what matter here.
 */
export function docxText(bytes: Uint8Array): string {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, { filter: (f) => f.name === "word/document.xml" && f.originalSize <= MAX_DOCX_XML_BYTES });
  } catch {
    throw new Problem("transcript.unreadable", "The file is not a .docx document (it is not a zip archive).");
  }
  const xml = files["word/document.xml"];
  if (!xml) throw new Problem("transcript.unreadable", "The .docx has no readable word/document.xml.");
  const paragraphs = new TextDecoder().decode(xml).split("</w:p>");
  paragraphs.pop(); // after the last paragraph: the document's closing tags
  return paragraphs
    .map((p) => {
      let line = "";
      for (const m of p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:(tab|br|cr)\s*\/>/g)) {
        line += m[1] !== undefined ? decodeXml(m[1]) : m[2] === "tab" ? "\t" : "\n";
      }
      return line;
    })
    .join("\n");
}

/**
 * Replaces a session's transcript: segments as given (each question key must be the session's) or cut from
 * typed text at its markers. Every segment is scrubbed before it is stored.
 */
export function saveTranscript(
  deps: InterviewDeps,
  session: InterviewSession,
  input: { segments: SegmentInput[] } | { text: string },
): { segments: TranscriptSegment[]; redactions: number } {
  if (!session.consent.participation) {
    throw new Problem("interview.no_consent", "A transcript is kept only of an interview the interviewee agreed to take part in.");
  }
  const questions = sessionShape(deps, session).questions;
  const segments = "text" in input ? splitTranscript(input.text, questions) : input.segments;
  const keys = new Set(questions.map((q) => q.key));
  const unknown = segments.flatMap((s, i) =>
    s.questionKey != null && !keys.has(s.questionKey) ? [{ path: `segments.${i}.questionKey`, reason: `"${s.questionKey}" is not a question of this session` }] : [],
  );
  if (unknown.length > 0) throw new Problem("interview.unknown_question", "A segment names no question of this session.", unknown);
  const clean = cleanerFor(deps.db, session.studyId);
  let redactions = 0;
  const stored = segments.map((s) => {
    const cleaned = clean(s.text);
    redactions += cleaned.redactions;
    return { questionKey: s.questionKey ?? null, text: cleaned.value };
  });
  return deps.db.transaction(() => {
    const previous = listTranscript(deps.db, session.id);
    replaceTranscript(deps.db, session.id, stored);
    // Codings follow their text into the new segments, renumbered or not.
    if (previous.length > 0) reanchorCodings(deps.db, session.id, { kind: "transcript", previous });
    return { segments: listTranscript(deps.db, session.id), redactions };
  })();
}

// ---------------------------------------------------------------------------------------------------------
// Names to redact
// ---------------------------------------------------------------------------------------------------------

export function redactionTerms(db: Db, studyId: string): string[] {
  return listRedactionTerms(db, studyId);
}

/**
 * Replaces the study's names to redact and applies them at once to every note and transcript segment already
 * stored in the study's sessions (a name added today must not stay in yesterday's notes). Taking a name off
 * the list cannot bring back what was redacted. A note whose text changed gets a new revision, so an open
 * screen holding the old text is told it is stale.
 */
export function setRedactionTerms(db: Db, studyId: string, terms: readonly string[]): { terms: string[]; redactions: number } {
  const list = normaliseTerms(terms);
  const matcher = nameMatcher(list);
  let redactions = 0;
  db.transaction(() => {
    replaceRedactionTerms(db, studyId, list);
    if (!matcher) return;
    for (const sessionId of listSessionIds(db, studyId)) {
      const questionKeys: string[] = [];
      const segmentSeqs: number[] = [];
      for (const note of listNotes(db, sessionId)) {
        const redacted = redactNames(note.notes, matcher);
        if (redacted.redactions === 0) continue;
        redactions += redacted.redactions;
        upsertNote(db, sessionId, { ...note, notes: redacted.value, revision: nextRevision(db, sessionId) });
        questionKeys.push(note.questionKey);
      }
      for (const segment of listTranscript(db, sessionId)) {
        const redacted = redactNames(segment.text, matcher);
        if (redacted.redactions === 0) continue;
        redactions += redacted.redactions;
        updateTranscriptText(db, sessionId, segment.seq, redacted.value);
        segmentSeqs.push(segment.seq);
      }
      // Lengths changed: codings of those blocks move with their (redacted) excerpts.
      if (questionKeys.length > 0 || segmentSeqs.length > 0) reanchorCodings(db, sessionId, { kind: "redaction", matcher, questionKeys, segmentSeqs });
    }
  })();
  return { terms: listRedactionTerms(db, studyId), redactions };
}
