/**
 * SQL for the audit log of staff actions.
 */
import { sql, type Db } from "./db.ts";

export interface AuditEntry {
  at: string;
  userId: number | null;
  actor: string;
  action: string;
  target: string | null;
  detail: Record<string, unknown> | null;
}

export function insertAudit(db: Db, entry: AuditEntry): void {
  sql(db, "INSERT INTO audit_log (at, user_id, actor, action, target, detail) VALUES (?, ?, ?, ?, ?, ?)").run(
    entry.at,
    entry.userId,
    entry.actor,
    entry.action,
    entry.target,
    entry.detail ? JSON.stringify(entry.detail) : null,
  );
}

/** The newest entries first, at most `limit`, older than the entry `before` when given. */
export function listAudit(db: Db, limit: number, before?: number): (AuditEntry & { id: number })[] {
  const rows = sql(
    db,
    `SELECT id, at, user_id AS userId, actor, action, target, detail FROM audit_log
     WHERE (? IS NULL OR id < ?) ORDER BY id DESC LIMIT ?`,
  ).all(before ?? null, before ?? null, limit) as (Omit<AuditEntry, "detail"> & { id: number; detail: string | null })[];
  return rows.map((r) => ({ ...r, detail: r.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : null }));
}
