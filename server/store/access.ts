/**
 * SQL for the credentials respondents use: tablet enrolment codes, enrolled devices and family links.
 * Only hashes of codes and tokens are stored.
 */
import { sql, type Db } from "./db.ts";

export interface EnrolmentRow {
  codeHash: string;
  studyId: string;
  siteId: string;
  expiresAt: number;
  used: boolean;
}

export function insertEnrolment(db: Db, row: Omit<EnrolmentRow, "used">): void {
  sql(db, "INSERT INTO enrolments (code_hash, study_id, site_id, expires_at) VALUES (?, ?, ?, ?)").run(row.codeHash, row.studyId, row.siteId, row.expiresAt);
}

export function findEnrolment(db: Db, codeHash: string): EnrolmentRow | undefined {
  const row = sql(db, "SELECT code_hash AS codeHash, study_id AS studyId, site_id AS siteId, expires_at AS expiresAt, used FROM enrolments WHERE code_hash = ?")
    .get(codeHash) as (Omit<EnrolmentRow, "used"> & { used: number }) | undefined;
  return row ? { ...row, used: row.used === 1 } : undefined;
}

/** Marks a code used; returns false when it was used already (a race between two tablets). */
export function useEnrolment(db: Db, codeHash: string): boolean {
  return sql(db, "UPDATE enrolments SET used = 1 WHERE code_hash = ? AND used = 0").run(codeHash).changes === 1;
}

export interface DeviceRow {
  id: string;
  tokenHash: string;
  studyId: string;
  siteId: string;
  enrolledOn: string;
  /** The last day the tablet delivered a response; null before its first. */
  lastSyncOn: string | null;
  revoked: boolean;
}

const DEVICE_COLUMNS = "id, token_hash AS tokenHash, study_id AS studyId, site_id AS siteId, enrolled_on AS enrolledOn, last_sync_on AS lastSyncOn, revoked";
type RawDevice = Omit<DeviceRow, "revoked"> & { revoked: number };
const toDevice = (r: RawDevice): DeviceRow => ({ ...r, revoked: r.revoked === 1 });

export function insertDevice(db: Db, row: Omit<DeviceRow, "revoked" | "lastSyncOn">): void {
  sql(db, "INSERT INTO devices (id, token_hash, study_id, site_id, enrolled_on) VALUES (?, ?, ?, ?, ?)").run(
    row.id,
    row.tokenHash,
    row.studyId,
    row.siteId,
    row.enrolledOn,
  );
}

export function findDeviceByToken(db: Db, tokenHash: string): DeviceRow | undefined {
  const row = sql(db, `SELECT ${DEVICE_COLUMNS} FROM devices WHERE token_hash = ?`).get(tokenHash) as RawDevice | undefined;
  return row ? toDevice(row) : undefined;
}

export function listDevices(db: Db, studyId: string): DeviceRow[] {
  return (sql(db, `SELECT ${DEVICE_COLUMNS} FROM devices WHERE study_id = ? ORDER BY enrolled_on, id`).all(studyId) as RawDevice[]).map(toDevice);
}

/** Notes the day a tablet delivered a response (the day only; nothing of it reaches the response). */
export function markDeviceSynced(db: Db, id: string, day: string): void {
  sql(db, "UPDATE devices SET last_sync_on = ? WHERE id = ? AND (last_sync_on IS NULL OR last_sync_on < ?)").run(day, id, day);
}

/** Revokes a device; false when there is no such device. */
export function revokeDevice(db: Db, id: string): boolean {
  return sql(db, "UPDATE devices SET revoked = 1 WHERE id = ?").run(id).changes === 1;
}

export interface LinkRow {
  id: string;
  tokenHash: string;
  studyId: string;
  instrumentId: string;
  maxUses: number | null;
  uses: number;
  createdOn: string;
  revoked: boolean;
}

const LINK_COLUMNS =
  "id, token_hash AS tokenHash, study_id AS studyId, instrument_id AS instrumentId, max_uses AS maxUses, uses, created_on AS createdOn, revoked";
type RawLink = Omit<LinkRow, "revoked"> & { revoked: number };
const toLink = (r: RawLink): LinkRow => ({ ...r, revoked: r.revoked === 1 });

export function insertLink(db: Db, row: Omit<LinkRow, "uses" | "revoked">): void {
  sql(db, "INSERT INTO links (id, token_hash, study_id, instrument_id, max_uses, created_on) VALUES (?, ?, ?, ?, ?, ?)").run(
    row.id,
    row.tokenHash,
    row.studyId,
    row.instrumentId,
    row.maxUses,
    row.createdOn,
  );
}

export function findLinkByToken(db: Db, tokenHash: string): LinkRow | undefined {
  const row = sql(db, `SELECT ${LINK_COLUMNS} FROM links WHERE token_hash = ?`).get(tokenHash) as RawLink | undefined;
  return row ? toLink(row) : undefined;
}

export function listLinks(db: Db, studyId: string): LinkRow[] {
  return (sql(db, `SELECT ${LINK_COLUMNS} FROM links WHERE study_id = ? ORDER BY created_on, id`).all(studyId) as RawLink[]).map(toLink);
}

/** Counts one use of a link, unless it is used up; false when no use was left. */
export function useLink(db: Db, id: string): boolean {
  return sql(db, "UPDATE links SET uses = uses + 1 WHERE id = ? AND revoked = 0 AND (max_uses IS NULL OR uses < max_uses)").run(id).changes === 1;
}

export function revokeLink(db: Db, id: string): boolean {
  return sql(db, "UPDATE links SET revoked = 1 WHERE id = ?").run(id).changes === 1;
}
