/**
 * SQL for interview and focus-group sessions, their notes, recordings, transcripts, and the study's names to
 * redact. Rows hold already-scrubbed text; JSON columns are parsed here so callers see plain values.
 */
import { sql, type Db } from "./db.ts";

export const SESSION_KINDS = ["interview", "focus-group"] as const;
export type SessionKind = (typeof SESSION_KINDS)[number];

export const SESSION_STATES = ["in-progress", "finished", "summarised"] as const;
export type SessionState = (typeof SESSION_STATES)[number];

export const ORGANISATION_KINDS = ["social-service", "local-government-association", "ngo", "prison-administration", "project-team"] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export const TARGET_GROUPS = ["youth", "seniors", "mothers", "mental-health"] as const;
export type TargetGroup = (typeof TARGET_GROUPS)[number];

export interface Consent {
  participation: boolean;
  recording: boolean;
}

export interface Topic {
  key: string;
  text: string;
}

export interface InterviewSession {
  id: string;
  studyId: string;
  kind: SessionKind;
  instrumentId: string | null;
  siteId: string | null;
  state: SessionState;
  consent: Consent;
  interviewee: Record<string, string> | null;
  participantCount: number | null;
  organisationKinds: OrganisationKind[] | null;
  topics: Topic[] | null;
  startedOn: string;
  finishedOn: string | null;
  summarisedOn: string | null;
  targetGroup: TargetGroup | null;
  createdBy: number | null;
}

interface SessionRow extends Omit<InterviewSession, "consent" | "interviewee" | "organisationKinds" | "topics"> {
  consent: string;
  interviewee: string | null;
  organisationKinds: string | null;
  topics: string | null;
}

const SESSION_COLUMNS = `id, study_id AS studyId, kind, instrument_id AS instrumentId, site_id AS siteId, state, consent, interviewee,
  participant_count AS participantCount, organisation_kinds AS organisationKinds, topics, started_on AS startedOn,
  finished_on AS finishedOn, summarised_on AS summarisedOn, target_group AS targetGroup, created_by AS createdBy`;

const parseOrNull = <T>(text: string | null): T | null => (text === null ? null : (JSON.parse(text) as T));

function toSession(row: SessionRow): InterviewSession {
  return {
    ...row,
    consent: JSON.parse(row.consent) as Consent,
    interviewee: parseOrNull(row.interviewee),
    organisationKinds: parseOrNull(row.organisationKinds),
    topics: parseOrNull(row.topics),
  };
}

const jsonOrNull = (value: unknown): string | null => (value === null || value === undefined ? null : JSON.stringify(value));

export function insertSession(db: Db, s: InterviewSession): InterviewSession {
  sql(
    db,
    `INSERT INTO interview_sessions (id, study_id, kind, instrument_id, site_id, state, consent, interviewee, participant_count,
       organisation_kinds, topics, started_on, finished_on, summarised_on, target_group, created_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    s.id,
    s.studyId,
    s.kind,
    s.instrumentId,
    s.siteId,
    s.state,
    JSON.stringify(s.consent),
    jsonOrNull(s.interviewee),
    s.participantCount,
    jsonOrNull(s.organisationKinds),
    jsonOrNull(s.topics),
    s.startedOn,
    s.finishedOn,
    s.summarisedOn,
    s.targetGroup,
    s.createdBy,
  );
  return s;
}

export function findSession(db: Db, id: string): InterviewSession | undefined {
  const row = sql(db, `SELECT ${SESSION_COLUMNS} FROM interview_sessions WHERE id = ?`).get(id) as SessionRow | undefined;
  return row ? toSession(row) : undefined;
}

export function listSessions(db: Db, studyId: string): InterviewSession[] {
  const rows = sql(db, `SELECT ${SESSION_COLUMNS} FROM interview_sessions WHERE study_id = ? ORDER BY started_on DESC, id`).all(studyId) as SessionRow[];
  return rows.map(toSession);
}

export function updateConsent(db: Db, id: string, consent: Consent): void {
  sql(db, "UPDATE interview_sessions SET consent = ? WHERE id = ?").run(JSON.stringify(consent), id);
}

export function updateInterviewee(db: Db, id: string, interviewee: Record<string, string>): void {
  sql(db, "UPDATE interview_sessions SET interviewee = ? WHERE id = ?").run(JSON.stringify(interviewee), id);
}

/** Moves a session from `from` to `to`, setting the day column of the new state; false when it was not in `from`. */
export function moveSession(db: Db, id: string, from: SessionState, to: "finished" | "summarised", day: string): boolean {
  const column = to === "finished" ? "finished_on" : "summarised_on";
  return sql(db, `UPDATE interview_sessions SET state = ?, ${column} = ? WHERE id = ? AND state = ?`).run(to, day, id, from).changes === 1;
}

// ---- notes ----

export interface NoteRow {
  questionKey: string;
  notes: string;
  skipped: boolean;
  offsetSeconds: number | null;
  /** The take (`RecordingRow.takeId`) `offsetSeconds` was measured in; null when not known. */
  offsetTake: string | null;
  /** The per-session revision at which this note was last written. */
  revision: number;
}

interface RawNote extends Omit<NoteRow, "skipped"> {
  skipped: number;
}

const NOTE_COLUMNS =
  "question_key AS questionKey, notes, skipped, offset_seconds AS offsetSeconds, offset_take AS offsetTake, updated_at_seq AS revision";
const toNote = (r: RawNote): NoteRow => ({ ...r, skipped: r.skipped === 1 });

export function findNote(db: Db, sessionId: string, questionKey: string): NoteRow | undefined {
  const row = sql(db, `SELECT ${NOTE_COLUMNS} FROM interview_notes WHERE session_id = ? AND question_key = ?`).get(sessionId, questionKey) as RawNote | undefined;
  return row ? toNote(row) : undefined;
}

export function listNotes(db: Db, sessionId: string): NoteRow[] {
  return (sql(db, `SELECT ${NOTE_COLUMNS} FROM interview_notes WHERE session_id = ?`).all(sessionId) as RawNote[]).map(toNote);
}

/** The next revision number of a session: one more than any note of it was written at. */
export function nextRevision(db: Db, sessionId: string): number {
  const row = sql(db, "SELECT COALESCE(MAX(updated_at_seq), 0) + 1 AS next FROM interview_notes WHERE session_id = ?").get(sessionId) as { next: number };
  return row.next;
}

export function upsertNote(db: Db, sessionId: string, note: NoteRow): void {
  sql(
    db,
    `INSERT INTO interview_notes (session_id, question_key, notes, skipped, offset_seconds, offset_take, updated_at_seq) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (session_id, question_key) DO UPDATE SET notes = excluded.notes, skipped = excluded.skipped,
       offset_seconds = excluded.offset_seconds, offset_take = excluded.offset_take, updated_at_seq = excluded.updated_at_seq`,
  ).run(sessionId, note.questionKey, note.notes, note.skipped ? 1 : 0, note.offsetSeconds, note.offsetTake, note.revision);
}

// ---- recordings ----

export interface RecordingRow {
  id: string;
  sessionId: string;
  fileName: string;
  mime: string;
  bytes: number;
  addedOn: string;
  deleteAfter: string | null;
  deletedOn: string | null;
  /** The random id the browser gave the take it recorded; null for an audio file uploaded from elsewhere. */
  takeId: string | null;
}

const RECORDING_COLUMNS = `id, session_id AS sessionId, file_name AS fileName, mime, bytes, added_on AS addedOn,
  delete_after AS deleteAfter, deleted_on AS deletedOn, take_id AS takeId`;

/** Adds a recording; false (nothing added) when the session has a recording of the same take already. */
export function insertRecording(db: Db, r: RecordingRow): boolean {
  return (
    sql(
      db,
      `INSERT INTO interview_recordings (id, session_id, file_name, mime, bytes, added_on, delete_after, deleted_on, take_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (session_id, take_id) WHERE take_id IS NOT NULL DO NOTHING`,
    ).run(r.id, r.sessionId, r.fileName, r.mime, r.bytes, r.addedOn, r.deleteAfter, r.deletedOn, r.takeId ?? null).changes === 1
  );
}

/** The session's recording of a take, if it has one. */
export function findRecordingByTake(db: Db, sessionId: string, takeId: string): RecordingRow | undefined {
  return sql(db, `SELECT ${RECORDING_COLUMNS} FROM interview_recordings WHERE session_id = ? AND take_id = ?`).get(sessionId, takeId) as RecordingRow | undefined;
}

export function findRecording(db: Db, id: string): RecordingRow | undefined {
  return sql(db, `SELECT ${RECORDING_COLUMNS} FROM interview_recordings WHERE id = ?`).get(id) as RecordingRow | undefined;
}

export function listRecordings(db: Db, sessionId: string): RecordingRow[] {
  return sql(db, `SELECT ${RECORDING_COLUMNS} FROM interview_recordings WHERE session_id = ? ORDER BY added_on, rowid`).all(sessionId) as RecordingRow[];
}

/** Every recording of a study's sessions, in the order each session lists them (for the sessions list). */
export function listStudyRecordings(db: Db, studyId: string): RecordingRow[] {
  return sql(
    db,
    `SELECT ${RECORDING_COLUMNS} FROM interview_recordings
     WHERE session_id IN (SELECT id FROM interview_sessions WHERE study_id = ?) ORDER BY session_id, added_on, rowid`,
  ).all(studyId) as RecordingRow[];
}

/** Recordings not yet deleted whose day to go has come (delete_after <= today). */
export function listDueRecordings(db: Db, today: string): RecordingRow[] {
  return sql(
    db,
    `SELECT ${RECORDING_COLUMNS} FROM interview_recordings WHERE deleted_on IS NULL AND delete_after IS NOT NULL AND delete_after <= ? ORDER BY delete_after, id`,
  ).all(today) as RecordingRow[];
}

/** Sets the day to delete every recording of a session that is not deleted yet. */
export function setDeleteAfter(db: Db, sessionId: string, day: string): void {
  sql(db, "UPDATE interview_recordings SET delete_after = ? WHERE session_id = ? AND deleted_on IS NULL").run(day, sessionId);
}

/** Marks a recording deleted; false when it was already. */
export function markRecordingDeleted(db: Db, id: string, day: string): boolean {
  return sql(db, "UPDATE interview_recordings SET deleted_on = ? WHERE id = ? AND deleted_on IS NULL").run(day, id).changes === 1;
}

// ---- transcripts ----

export interface TranscriptSegment {
  seq: number;
  questionKey: string | null;
  text: string;
}

export function listTranscript(db: Db, sessionId: string): TranscriptSegment[] {
  return sql(db, "SELECT seq, question_key AS questionKey, text FROM interview_transcripts WHERE session_id = ? ORDER BY seq").all(sessionId) as TranscriptSegment[];
}

/** Replaces a session's transcript with these segments, in one transaction. */
export function replaceTranscript(db: Db, sessionId: string, segments: readonly Omit<TranscriptSegment, "seq">[]): void {
  db.transaction(() => {
    sql(db, "DELETE FROM interview_transcripts WHERE session_id = ?").run(sessionId);
    const add = sql(db, "INSERT INTO interview_transcripts (session_id, seq, question_key, text) VALUES (?, ?, ?, ?)");
    segments.forEach((s, i) => add.run(sessionId, i + 1, s.questionKey, s.text));
  })();
}

export function updateTranscriptText(db: Db, sessionId: string, seq: number, text: string): void {
  sql(db, "UPDATE interview_transcripts SET text = ? WHERE session_id = ? AND seq = ?").run(text, sessionId, seq);
}

// ---- names to redact ----

export function listRedactionTerms(db: Db, studyId: string): string[] {
  return (sql(db, "SELECT term FROM study_redactions WHERE study_id = ? ORDER BY term").all(studyId) as { term: string }[]).map((r) => r.term);
}

export function replaceRedactionTerms(db: Db, studyId: string, terms: readonly string[]): void {
  db.transaction(() => {
    sql(db, "DELETE FROM study_redactions WHERE study_id = ?").run(studyId);
    const add = sql(db, "INSERT INTO study_redactions (study_id, term) VALUES (?, ?)");
    for (const term of terms) add.run(studyId, term);
  })();
}

/** The ids of a study's sessions (for re-redacting their text when the list of names grows). */
export function listSessionIds(db: Db, studyId: string): string[] {
  return (sql(db, "SELECT id FROM interview_sessions WHERE study_id = ?").all(studyId) as { id: string }[]).map((r) => r.id);
}
