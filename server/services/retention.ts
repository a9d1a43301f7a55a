/**
 * Keeping the guides' promise: "Intervijas ieraksts tiks dzēsts nedēļas laikā pēc intervijas atbilžu
 * apkopošanas" — the recording is deleted within a week after the answers are summarised.
 *
 * Summarising a session stamps each of its recordings with a `delete_after` day (summarised_on + the study's
 * retention days, at most 7). This job deletes every recording whose day has come: the file goes first, then
 * the row is marked deleted and the deletion is written to the audit log with the actor "retention". A file
 * that is already gone still counts as deleted; a file that cannot be removed (permissions) is left marked
 * undeleted and reported, so the next run tries again. Running it twice deletes nothing twice.
 */
import { rmdirSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import { rigaDay } from "../domain/day.ts";
import { insertAudit } from "../store/audit.ts";
import type { Db } from "../store/db.ts";
import { listDueRecordings, markRecordingDeleted, type RecordingRow } from "../store/interviews.ts";

/** One day in milliseconds; the job runs at start-up and then once a day. */
export const RETENTION_INTERVAL_MS = 24 * 60 * 60 * 1000;

/** Where a recording's file lives: RECORDINGS_DIR/<session id>/<file name>. */
export function recordingPath(recordingsDir: string, recording: Pick<RecordingRow, "sessionId" | "fileName">): string {
  return join(recordingsDir, recording.sessionId, recording.fileName);
}

/**
 * Removes a recording's file; a file that is not there counts as removed. The session's folder goes too
 * when it is left empty. Throws for any other failure (the row must then stay undeleted).
 */
export function removeRecordingFile(recordingsDir: string, recording: Pick<RecordingRow, "sessionId" | "fileName">): void {
  try {
    unlinkSync(recordingPath(recordingsDir, recording));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  try {
    rmdirSync(join(recordingsDir, recording.sessionId));
  } catch {
    // Not empty (other recordings of the session) or already gone: either way nothing to do.
  }
}

/**
 * Deletes a recording now (file, then row) and records who did it. Returns false when it was deleted already.
 * Used by the retention job and by a researcher's "delete now".
 */
export function deleteRecording(
  deps: { db: Db; clock: () => Date; recordingsDir: string },
  recording: RecordingRow,
  by: { userId: number | null; actor: string; reason: "retention" | "researcher" | "consent-withdrawn" },
): boolean {
  removeRecordingFile(deps.recordingsDir, recording);
  const now = deps.clock();
  return deps.db.transaction(() => {
    if (!markRecordingDeleted(deps.db, recording.id, rigaDay(now))) return false;
    insertAudit(deps.db, {
      at: now.toISOString(),
      userId: by.userId,
      actor: by.actor,
      action: "recording.delete",
      target: recording.id,
      detail: { sessionId: recording.sessionId, recordingId: recording.id, deleteAfter: recording.deleteAfter, reason: by.reason },
    });
    return true;
  })();
}

export interface RetentionDeps {
  db: Db;
  clock: () => Date;
  recordingsDir: string;
  log?: ((line: string) => void) | undefined;
}

export interface RetentionResult {
  /** Ids of the recordings deleted by this run. */
  deleted: string[];
  /** Ids of due recordings whose file could not be removed; they stay due. */
  failed: string[];
}

/**
 * Deletes every recording due on or before today (Riga day) that is not deleted yet.
 *
 * @example
 * runRetention({ db, clock: () => new Date(), recordingsDir: "./data/recordings", log: console.log });
 */
export function runRetention(deps: RetentionDeps): RetentionResult {
  const today = rigaDay(deps.clock());
  const result: RetentionResult = { deleted: [], failed: [] };
  for (const recording of listDueRecordings(deps.db, today)) {
    try {
      if (deleteRecording(deps, recording, { userId: null, actor: "retention", reason: "retention" })) result.deleted.push(recording.id);
    } catch (error) {
      result.failed.push(recording.id);
      deps.log?.(`retention: could not delete recording ${recording.id}: ${(error as Error).message}`);
    }
  }
  if (result.deleted.length > 0 || result.failed.length > 0) {
    deps.log?.(`retention: ${result.deleted.length} recording(s) deleted, ${result.failed.length} failed`);
  }
  return result;
}
