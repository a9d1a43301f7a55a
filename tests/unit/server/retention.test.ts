/**
 * The retention job keeps the guides' promise ("Intervijas ieraksts tiks dzēsts nedēļas laikā pēc intervijas
 * atbilžu apkopošanas"): a session summarised on day D with 7 retention days keeps its recordings through D+6
 * and loses them on D+7, each deletion logged, whatever the clock says when the job happens to run.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { loadCatalog } from "../../../instruments/catalog.ts";
import { addDays, finishSession, startSession, summariseSession, type InterviewDeps } from "../../../server/services/interviews.ts";
import { recordingPath, runRetention } from "../../../server/services/retention.ts";
import { listAudit } from "../../../server/store/audit.ts";
import { findRecording, findSession, insertRecording, listRecordings, updateConsent, type RecordingRow } from "../../../server/store/interviews.ts";
import { findStudy, insertStudy, type Study } from "../../../server/store/studies.ts";
import { addStaff } from "../../fixtures/01-staff.ts";
import { openTestDb, type TestDb } from "../../helpers/test-db.ts";

const catalog = loadCatalog();
const D = "2026-04-10";
// Noon in Riga on a given day; the job counts days in Riga.
const noonOn = (day: string) => new Date(`${day}T09:00:00Z`);

let t: TestDb;
let dir: string;
let now: Date;
let deps: InterviewDeps;
let study: Study;
let userId: number;

beforeEach(async () => {
  t = openTestDb();
  dir = mkdtempSync(join(tmpdir(), "recordings-"));
  now = noonOn(D);
  deps = { db: t.db, clock: () => now, catalog, recordingsDir: dir };
  study = insertStudy(t.db, {
    id: "s1",
    name: "Vilnis",
    instruments: ["youth-staff-interview", "seniors-staff-interview"],
    sites: ["jelgava"],
    channels: ["interview"],
    opensOn: null,
    closesOn: null,
    disclosureThreshold: 5,
    closed: false,
    createdOn: "2026-03-01",
    paperDoubleEntry: true,
    paperResolver: "third-person",
    recordingRetentionDays: 7,
  });
  userId = (await addStaff(t.db, "interviewer")).id;
});
afterEach(() => {
  t.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A session with `n` recordings on disk, finished; summarised on `summariseOn` unless null. */
function sessionWithRecordings(n: number, summariseOn: string | null, guide = "youth-staff-interview"): { sessionId: string; recordings: RecordingRow[] } {
  now = noonOn(summariseOn ?? D);
  const session = startSession(deps, findStudy(t.db, study.id)!, userId, { kind: "interview", instrumentId: guide });
  updateConsent(t.db, session.id, { participation: true, recording: true });
  for (let i = 0; i < n; i++) {
    const row: RecordingRow = { id: `${session.id}-r${i}`, sessionId: session.id, fileName: `f${i}-${session.id.slice(0, 8)}.webm`, mime: "audio/webm", bytes: 3, addedOn: D, deleteAfter: null, deletedOn: null, takeId: null };
    mkdirSync(join(dir, session.id), { recursive: true });
    writeFileSync(recordingPath(dir, row), "abc");
    insertRecording(t.db, row);
  }
  finishSession(deps, findSession(t.db, session.id)!);
  if (summariseOn) summariseSession(deps, findSession(t.db, session.id)!, findStudy(t.db, study.id)!);
  return { sessionId: session.id, recordings: listRecordings(t.db, session.id) };
}

const run = (day: string) => runRetention({ db: t.db, clock: () => noonOn(day), recordingsDir: dir });
const deletions = () => listAudit(t.db, 100).filter((e) => e.action === "recording.delete");

describe("runRetention", () => {
  test("summarised on D with 7 days: nothing goes on D+6; on D+7 exactly the due recordings go, each logged", () => {
    const due = sessionWithRecordings(2, D);
    const later = sessionWithRecordings(1, addDays(D, 3));
    const open = sessionWithRecordings(1, null);
    expect(due.recordings.map((r) => r.deleteAfter)).toEqual([addDays(D, 7), addDays(D, 7)]);

    expect(run(addDays(D, 6))).toEqual({ deleted: [], failed: [] });
    for (const r of [...due.recordings, ...later.recordings, ...open.recordings]) expect(existsSync(recordingPath(dir, r))).toBe(true);
    expect(deletions()).toEqual([]);

    const result = run(addDays(D, 7));
    expect(result.deleted.sort()).toEqual(due.recordings.map((r) => r.id).sort());
    for (const r of due.recordings) {
      expect(existsSync(recordingPath(dir, r))).toBe(false);
      expect(findRecording(t.db, r.id)).toMatchObject({ deletedOn: addDays(D, 7), deleteAfter: addDays(D, 7) });
    }
    // The session's folder goes with its last recording; the others stay untouched.
    expect(readdirSync(dir).sort()).toEqual([later.sessionId, open.sessionId].sort());
    expect(existsSync(recordingPath(dir, later.recordings[0]!))).toBe(true);
    expect(findRecording(t.db, open.recordings[0]!.id)!.deleteAfter).toBeNull();

    const logged = deletions();
    expect(logged).toHaveLength(2);
    for (const entry of logged) {
      expect(entry).toMatchObject({ actor: "retention", userId: null, at: noonOn(addDays(D, 7)).toISOString() });
      expect(entry.detail).toMatchObject({ sessionId: due.sessionId, deleteAfter: addDays(D, 7) });
      expect(due.recordings.map((r) => r.id)).toContain(entry.detail!.recordingId);
    }
  });

  test("idempotent: a second run, and a run days late, delete nothing twice", () => {
    const due = sessionWithRecordings(1, D);
    expect(run(addDays(D, 9)).deleted).toEqual([due.recordings[0]!.id]);
    expect(run(addDays(D, 9)).deleted).toEqual([]);
    expect(run(addDays(D, 30)).deleted).toEqual([]);
    expect(deletions()).toHaveLength(1);
  });

  test("a file that is already gone still marks the recording deleted", () => {
    const due = sessionWithRecordings(1, D);
    rmSync(recordingPath(dir, due.recordings[0]!));
    expect(run(addDays(D, 7)).deleted).toEqual([due.recordings[0]!.id]);
    expect(findRecording(t.db, due.recordings[0]!.id)!.deletedOn).toBe(addDays(D, 7));
  });

  test("a study with fewer retention days deletes sooner", () => {
    t.db.prepare("UPDATE studies SET recording_retention_days = 2 WHERE id = ?").run(study.id);
    const due = sessionWithRecordings(1, D);
    expect(due.recordings[0]!.deleteAfter).toBe(addDays(D, 2));
    expect(run(addDays(D, 1)).deleted).toEqual([]);
    expect(run(addDays(D, 2)).deleted).toEqual([due.recordings[0]!.id]);
  });

  test("the day is Riga's: 22:30 UTC on D+6 is already D+7 in Riga", () => {
    const due = sessionWithRecordings(1, D);
    expect(runRetention({ db: t.db, clock: () => new Date(`${addDays(D, 6)}T20:59:00Z`), recordingsDir: dir }).deleted).toEqual([]);
    expect(runRetention({ db: t.db, clock: () => new Date(`${addDays(D, 6)}T22:30:00Z`), recordingsDir: dir }).deleted).toEqual([due.recordings[0]!.id]);
  });

  test("the schema refuses a retention longer than the guides promise", () => {
    expect(() => t.db.prepare("UPDATE studies SET recording_retention_days = 8 WHERE id = ?").run(study.id)).toThrow(/CHECK constraint failed/);
    expect(() => t.db.prepare("UPDATE studies SET recording_retention_days = 0 WHERE id = ?").run(study.id)).toThrow(/CHECK constraint failed/);
  });
});

test("addDays crosses months and years", () => {
  expect(addDays("2026-01-28", 7)).toBe("2026-02-04");
  expect(addDays("2026-12-29", 7)).toBe("2027-01-05");
  expect(addDays("2028-02-25", 7)).toBe("2028-03-03");
});
