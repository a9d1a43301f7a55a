/**
 * SQL for staff accounts, their sessions and failed logins.
 */
import { sql, type Db } from "./db.ts";

export const ROLES = ["admin", "researcher", "analyst", "interviewer"] as const;
export type Role = (typeof ROLES)[number];

export interface User {
  id: number;
  email: string;
  role: Role;
  passwordHash: string;
  createdOn: string;
  /** A disabled account cannot sign in and its sessions end; its audit history stays. */
  disabled: boolean;
}

const USER_COLUMNS = "id, email, role, password_hash AS passwordHash, created_on AS createdOn, disabled";
type RawUser = Omit<User, "disabled"> & { disabled: number };
const toUser = (r: RawUser | undefined): User | undefined => (r ? { ...r, disabled: r.disabled === 1 } : undefined);

/** Creates an account; an e-mail already in use (in any letter case) is a constraint error. */
export function insertUser(db: Db, user: Omit<User, "id" | "disabled">): User {
  const { lastInsertRowid } = sql(db, "INSERT INTO users (email, role, password_hash, created_on) VALUES (?, ?, ?, ?)")
    .run(user.email, user.role, user.passwordHash, user.createdOn);
  return { ...user, id: Number(lastInsertRowid), disabled: false };
}

export function findUserByEmail(db: Db, email: string): User | undefined {
  return toUser(sql(db, `SELECT ${USER_COLUMNS} FROM users WHERE email = ?`).get(email) as RawUser | undefined);
}

export function findUserById(db: Db, id: number): User | undefined {
  return toUser(sql(db, `SELECT ${USER_COLUMNS} FROM users WHERE id = ?`).get(id) as RawUser | undefined);
}

export function listUsers(db: Db): User[] {
  return (sql(db, `SELECT ${USER_COLUMNS} FROM users ORDER BY email`).all() as RawUser[]).map((r) => toUser(r)!);
}

export function countActiveAdmins(db: Db): number {
  return (sql(db, "SELECT COUNT(*) AS n FROM users WHERE role = 'admin' AND disabled = 0").get() as { n: number }).n;
}

export function updateUser(db: Db, id: number, change: { role?: Role; disabled?: boolean; passwordHash?: string }): void {
  const sets: string[] = [];
  const values: unknown[] = [];
  if (change.role !== undefined) (sets.push("role = ?"), values.push(change.role));
  if (change.disabled !== undefined) (sets.push("disabled = ?"), values.push(change.disabled ? 1 : 0));
  if (change.passwordHash !== undefined) (sets.push("password_hash = ?"), values.push(change.passwordHash));
  if (sets.length === 0) return;
  sql(db, `UPDATE users SET ${sets.join(", ")} WHERE id = ?`).run(...values, id);
}

/** Ends every session of an account (after a password reset or when it is disabled). */
export function deleteSessionsOf(db: Db, userId: number): void {
  sql(db, "DELETE FROM sessions WHERE user_id = ?").run(userId);
}

export interface SessionRow {
  tokenHash: string;
  userId: number;
  createdAt: number;
  lastSeenAt: number;
}

export function insertSession(db: Db, session: SessionRow): void {
  sql(db, "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at) VALUES (?, ?, ?, ?)").run(
    session.tokenHash,
    session.userId,
    session.createdAt,
    session.lastSeenAt,
  );
}

export function findSession(db: Db, tokenHash: string): SessionRow | undefined {
  return sql(db, "SELECT token_hash AS tokenHash, user_id AS userId, created_at AS createdAt, last_seen_at AS lastSeenAt FROM sessions WHERE token_hash = ?")
    .get(tokenHash) as SessionRow | undefined;
}

export function touchSession(db: Db, tokenHash: string, at: number): void {
  sql(db, "UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?").run(at, tokenHash);
}

export function deleteSession(db: Db, tokenHash: string): void {
  sql(db, "DELETE FROM sessions WHERE token_hash = ?").run(tokenHash);
}

/** Failed logins of an account since a moment; old failures are pruned on the way. */
export function countLoginFailures(db: Db, account: string, since: number): number {
  sql(db, "DELETE FROM login_failures WHERE failed_at < ?").run(since);
  return (sql(db, "SELECT COUNT(*) AS n FROM login_failures WHERE account = ? AND failed_at >= ?").get(account, since) as { n: number }).n;
}

export function recordLoginFailure(db: Db, account: string, at: number): void {
  sql(db, "INSERT INTO login_failures (account, failed_at) VALUES (?, ?)").run(account, at);
}

export function clearLoginFailures(db: Db, account: string): void {
  sql(db, "DELETE FROM login_failures WHERE account = ?").run(account);
}
