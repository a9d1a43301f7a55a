/**
 * The shapes the interview endpoints answer with (server/routes/interviews.ts, server/services/interviews.ts)
 * and the addresses they live at, in one place for the interview screens. Saving a note is the one call
 * that needs more than `api()`: a 409 `interview.stale` carries the note as it now is on the server, which
 * the interviewer is shown beside their own text.
 */
import { api, ApiError, problemOf, send } from "../api.ts";

export type Localised = string | Partial<Record<"lv" | "en" | "ru", string>>;

export const SESSION_STATES = ["in-progress", "finished", "summarised"] as const;
export type SessionState = (typeof SESSION_STATES)[number];

/** The kinds of organisation a focus group's participants come from (never their names). */
export const ORGANISATION_KINDS = ["social-service", "local-government-association", "ngo", "prison-administration", "project-team"] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export const TARGET_GROUPS = ["youth", "seniors", "mothers", "mental-health"] as const;
export type TargetGroup = (typeof TARGET_GROUPS)[number];

export interface Consent {
  participation: boolean;
  recording: boolean;
}

/** A session as both the list and the session itself give it. */
export interface SessionBase {
  id: string;
  studyId: string;
  kind: "interview" | "focus-group";
  instrumentId: string | null;
  siteId: string | null;
  state: SessionState;
  consent: Consent;
  interviewee: Record<string, string> | null;
  participantCount: number | null;
  organisationKinds: OrganisationKind[] | null;
  topics: { key: string; text: string }[] | null;
  startedOn: string;
  finishedOn: string | null;
  summarisedOn: string | null;
  targetGroup: TargetGroup | null;
  createdBy: number | null;
}

/** GET /api/studies/:id/interviews: one session with its recordings, without its notes. */
export interface SessionSummary extends SessionBase {
  recordings: RecordingView[];
}

export interface GuideQuestion {
  key: string;
  /** From 1 through the session's questions: what `## 3` in a transcript refers to. */
  number: number;
  /** The guide page it is on (focus groups: "topics"). */
  section: string;
  title: Localised;
}

export interface IntervieweeItem {
  key: string;
  title: Localised;
  /** The choice values the guide offers (their wording is in the guide's JSON). */
  choices: string[];
}

export interface NoteRow {
  questionKey: string;
  notes: string;
  skipped: boolean;
  offsetSeconds: number | null;
  /** The take (`RecordingView.takeId`) `offsetSeconds` was measured in; null when not known. */
  offsetTake: string | null;
  /** The per-session revision this note was last written at. */
  revision: number;
}

export interface RecordingView {
  id: string;
  mime: string;
  bytes: number;
  addedOn: string;
  deleteAfter: string | null;
  deletedOn: string | null;
  /** The take recorded in the browser (take-store.ts); null for an uploaded file. */
  takeId: string | null;
}

export interface TranscriptSegment {
  seq: number;
  questionKey: string | null;
  text: string;
}

/** GET /api/interviews/:id */
export interface SessionView extends SessionBase {
  questions: GuideQuestion[];
  intervieweeBlock: IntervieweeItem[];
  questionsOpen: boolean;
  notes: NoteRow[];
  recordings: RecordingView[];
  transcript: TranscriptSegment[];
}

export interface NoteInput {
  notes: string;
  skipped: boolean;
  offsetSeconds: number | null;
  offsetTake: string | null;
  baseRevision: number;
}

const enc = encodeURIComponent;

export const interviewApi = {
  list: (studyId: string) => `/api/studies/${enc(studyId)}/interviews`,
  session: (id: string) => `/api/interviews/${enc(id)}`,
  consent: (id: string) => `/api/interviews/${enc(id)}/consent`,
  interviewee: (id: string) => `/api/interviews/${enc(id)}/interviewee`,
  note: (id: string, key: string) => `/api/interviews/${enc(id)}/notes/${enc(key)}`,
  finish: (id: string) => `/api/interviews/${enc(id)}/finish`,
  summarise: (id: string) => `/api/interviews/${enc(id)}/summarise`,
  recordings: (id: string) => `/api/interviews/${enc(id)}/recordings`,
  recording: (id: string) => `/api/recordings/${enc(id)}`,
  transcript: (id: string) => `/api/interviews/${enc(id)}/transcript`,
  redactions: (studyId: string) => `/api/studies/${enc(studyId)}/redactions`,
  instrument: (id: string) => `/api/instruments/${enc(id)}`,
};

/** A save refused because someone else wrote the note since: what the server holds now. */
export class StaleNote extends Error {
  readonly current: NoteRow;
  constructor(current: NoteRow) {
    super("interview.stale");
    this.name = "StaleNote";
    this.current = current;
  }
}

/**
 * PUT one question's notes. Resolves with the stored note; rejects with `StaleNote` on 409 interview.stale,
 * else with an ApiError (code "network" when the server could not be reached).
 */
export async function putNote(sessionId: string, key: string, input: NoteInput, options: { keepalive?: boolean } = {}): Promise<NoteRow> {
  const body = JSON.stringify(input);
  const response = await send(interviewApi.note(sessionId, key), {
    method: "PUT",
    headers: { Accept: "application/json", "Content-Type": "application/json" },
    body,
    // A request that may outlive the page (the lid closing); browsers allow such bodies up to 64 KB.
    ...(options.keepalive && body.length < 60_000 ? { keepalive: true } : {}),
  });
  if (response.ok) return (await response.json()) as NoteRow;
  const copy = response.clone();
  const error = await problemOf(response);
  if (error.code === "interview.stale") {
    try {
      const body = (await copy.json()) as { details?: Partial<NoteRow> };
      const d = body.details ?? {};
      throw new StaleNote({
        questionKey: key,
        notes: typeof d.notes === "string" ? d.notes : "",
        skipped: d.skipped === true,
        offsetSeconds: typeof d.offsetSeconds === "number" ? d.offsetSeconds : null,
        offsetTake: typeof d.offsetTake === "string" ? d.offsetTake : null,
        revision: typeof (d as { revision?: unknown }).revision === "number" ? (d as { revision: number }).revision : 0,
      });
    } catch (thrown) {
      if (thrown instanceof StaleNote) throw thrown;
    }
  }
  throw error;
}

/** PUT the interviewee's bands (the whole block each time). */
export function putInterviewee(sessionId: string, bands: Record<string, string>): Promise<{ interviewee: Record<string, string> }> {
  return api("PUT", interviewApi.interviewee(sessionId), bands);
}

/** True for failures worth trying again by themselves: no connection, the server busy or failing. */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  return error.status === 0 || error.status === 408 || error.status === 429 || error.status >= 500;
}

/**
 * Uploads a recording as the raw request body with its own media type, reporting progress (fetch cannot
 * report an upload's progress, XMLHttpRequest can). A take recorded here goes with its id (`X-Take-Id`), so
 * the server keeps it once however often it is sent: a take it has already answers 409
 * `recording.duplicate_take`. Rejects with an ApiError like every other call.
 */
export function uploadRecording(
  sessionId: string,
  blob: Blob,
  mime: string,
  takeId: string | null,
  onProgress: (sent: number, total: number) => void,
  signal?: AbortSignal,
): Promise<RecordingView> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", interviewApi.recordings(sessionId));
    xhr.withCredentials = true;
    xhr.setRequestHeader("Content-Type", mime);
    xhr.setRequestHeader("Accept", "application/json");
    if (takeId !== null) xhr.setRequestHeader("X-Take-Id", takeId);
    xhr.upload.onprogress = (event) => onProgress(event.loaded, event.lengthComputable ? event.total : blob.size);
    xhr.onerror = () => reject(new ApiError(0, "network", "The upload was interrupted."));
    xhr.onabort = () => reject(new DOMException("aborted", "AbortError"));
    xhr.onload = () => {
      const response = new Response(xhr.status === 204 ? null : xhr.responseText, {
        status: xhr.status,
        headers: { "Content-Type": xhr.getResponseHeader("Content-Type") ?? "application/json", "Retry-After": xhr.getResponseHeader("Retry-After") ?? "" },
      });
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(blob.size, blob.size);
        resolve(JSON.parse(xhr.responseText) as RecordingView);
      } else {
        void problemOf(response).then(reject, reject);
      }
    };
    signal?.addEventListener("abort", () => xhr.abort());
    xhr.send(blob);
  });
}

/** The media type without parameters, as the server keeps it ("audio/webm;codecs=opus" -> "audio/webm"). */
export function baseMime(type: string): string {
  return (type.split(";")[0] ?? "").trim().toLowerCase();
}

/** The audio types the server accepts, for the file picker and to check a file before sending it. */
export const ACCEPTED_AUDIO: Readonly<Record<string, string>> = {
  "audio/webm": ".webm",
  "audio/ogg": ".ogg",
  "audio/mpeg": ".mp3",
  "audio/mp4": ".m4a",
  "audio/wav": ".wav",
  "audio/x-wav": ".wav",
};

/** A file's audio type: its own when the server takes it, else guessed from the extension. */
export function audioTypeOf(file: File): string | null {
  const own = baseMime(file.type);
  if (own in ACCEPTED_AUDIO) return own;
  if (own === "audio/wave" || own === "audio/vnd.wave") return "audio/wav";
  const extension = /\.([a-z0-9]+)$/i.exec(file.name)?.[1]?.toLowerCase();
  switch (extension) {
    case "webm":
      return "audio/webm";
    case "ogg":
    case "oga":
    case "opus":
      return "audio/ogg";
    case "mp3":
      return "audio/mpeg";
    case "m4a":
    case "mp4":
    case "aac":
      return "audio/mp4";
    case "wav":
      return "audio/wav";
    default:
      return null;
  }
}

/** The text in the language asked for, else Latvian, else any. */
export function localised(value: Localised | undefined | null, lang: string): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  return value[lang as "lv"] ?? value.lv ?? Object.values(value)[0] ?? "";
}
