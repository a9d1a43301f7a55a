/**
 * Creating staff accounts and signing in. Failed sign-ins are limited per account, not per address: all
 * tablets and staff in a prison reach the server from one address, and an attacker guessing one account's
 * password is what the limit is for.
 */
import { z } from "zod";
import { zodDetails } from "../http/body.ts";
import { Problem } from "../http/problem.ts";
import { rigaDay } from "../domain/day.ts";
import { dummyPasswordHash, hashPassword, passwordProblem, verifyPassword } from "../domain/passwords.ts";
import { hashSecret, newTemporaryPassword, newToken } from "../domain/tokens.ts";
import type { Db } from "../store/db.ts";
import {
  clearLoginFailures,
  countActiveAdmins,
  countLoginFailures,
  deleteSessionsOf,
  findUserByEmail,
  findUserById,
  insertSession,
  insertUser,
  recordLoginFailure,
  ROLES,
  type Role,
  updateUser,
  type User,
} from "../store/users.ts";

export const LOGIN_FAILURE_LIMIT = 10;
export const LOGIN_FAILURE_WINDOW_MS = 15 * 60 * 1000;

export const ZEmail = z.email().max(254);

/** The account key used for throttling: trimmed, lower case. */
function accountKey(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Creates a staff account. Throws a `request.invalid` Problem naming each bad field.
 * @example await createAccount(db, { email: "a@b.lv", role: "admin", password: "..." }, () => new Date())
 */
export async function createAccount(
  db: Db,
  input: { email: string; role: string; password: string },
  clock: () => Date,
): Promise<User> {
  const details: { path: string; reason: string }[] = [];
  const email = ZEmail.safeParse(input.email.trim());
  if (!email.success) details.push(...zodDetails(email.error).map((d) => ({ ...d, path: "email" })));
  if (!(ROLES as readonly string[]).includes(input.role)) details.push({ path: "role", reason: `must be one of ${ROLES.join(", ")}` });
  const weak = passwordProblem(input.password);
  if (weak) details.push({ path: "password", reason: weak });
  if (details.length > 0 || !email.success) throw new Problem("request.invalid", "The account cannot be created.", details);
  if (findUserByEmail(db, email.data)) {
    throw new Problem("request.invalid", "The account cannot be created.", [{ path: "email", reason: "is already in use" }]);
  }
  const passwordHash = await hashPassword(input.password);
  return insertUser(db, { email: email.data.toLowerCase(), role: input.role as Role, passwordHash, createdOn: rigaDay(clock()) });
}

/**
 * Checks the credentials and opens a session; returns the cookie token (only its hash is stored).
 * Unknown accounts take as long as wrong passwords, so the answer does not tell which e-mails exist.
 */
export async function signIn(db: Db, input: { email: string; password: string }, clock: () => Date): Promise<{ token: string; user: User }> {
  const account = accountKey(input.email);
  const now = clock().getTime();
  if (countLoginFailures(db, account, now - LOGIN_FAILURE_WINDOW_MS) >= LOGIN_FAILURE_LIMIT) {
    throw new Problem("auth.too_many_attempts", "Too many failed sign-ins for this account. Wait 15 minutes and try again.", {
      retryAfterSeconds: LOGIN_FAILURE_WINDOW_MS / 1000,
    });
  }
  const user = findUserByEmail(db, account);
  const ok = await verifyPassword(input.password, user?.passwordHash ?? (await dummyPasswordHash()));
  if (!user || !ok) {
    recordLoginFailure(db, account, clock().getTime());
    throw new Problem("auth.invalid_credentials", "The e-mail or password is wrong.");
  }
  if (user.disabled) {
    // Said only to someone who knows the password: the account's owner, who needs to know whom to ask.
    throw new Problem("auth.account_disabled", "This account is disabled. Ask an administrator to enable it.");
  }
  clearLoginFailures(db, account);
  const token = newToken();
  const at = clock().getTime();
  insertSession(db, { tokenHash: hashSecret(token), userId: user.id, createdAt: at, lastSeenAt: at });
  return { token, user };
}

/**
 * An admin creates a colleague's account; the server makes up a temporary password, shown to the admin
 * once, so no admin ever chooses (and knows for good) someone else's password.
 */
export async function createAccountForColleague(
  db: Db,
  input: { email: string; role: string },
  clock: () => Date,
): Promise<{ user: User; temporaryPassword: string }> {
  const temporaryPassword = newTemporaryPassword();
  const user = await createAccount(db, { ...input, password: temporaryPassword }, clock);
  return { user, temporaryPassword };
}

export function requireUser(db: Db, id: number): User {
  const user = findUserById(db, id);
  if (!user) throw new Problem("user.not_found", "There is no such account.");
  return user;
}

/**
 * Changes a colleague's role or disables/enables the account. An admin cannot disable or demote
 * themselves, so the platform never loses its last way in; disabling ends the account's sessions.
 */
export function changeAccount(db: Db, actor: User, id: number, change: { role?: Role; disabled?: boolean }): User {
  const user = requireUser(db, id);
  const demotes = change.role !== undefined && change.role !== "admin" && user.role === "admin";
  if (user.id === actor.id && (change.disabled === true || demotes)) {
    throw new Problem("user.self", "You cannot disable your own account or take away your own admin role. Ask another admin.");
  }
  if ((demotes || (change.disabled === true && user.role === "admin")) && !user.disabled && countActiveAdmins(db) <= 1) {
    throw new Problem("user.self", "This is the last active admin account; make another admin first.");
  }
  db.transaction(() => {
    updateUser(db, id, change);
    if (change.disabled === true) deleteSessionsOf(db, id);
  })();
  return requireUser(db, id);
}

/** An admin resets a colleague's forgotten password: a new temporary one, and every session ends. */
export async function resetPassword(db: Db, id: number): Promise<{ user: User; temporaryPassword: string }> {
  const user = requireUser(db, id);
  const temporaryPassword = newTemporaryPassword();
  const passwordHash = await hashPassword(temporaryPassword);
  db.transaction(() => {
    updateUser(db, id, { passwordHash });
    deleteSessionsOf(db, id);
  })();
  clearLoginFailures(db, user.email);
  return { user, temporaryPassword };
}

/** A signed-in colleague replaces their own password; the current one must be given again. */
export async function changeOwnPassword(db: Db, user: User, input: { currentPassword: string; newPassword: string }): Promise<void> {
  if (!(await verifyPassword(input.currentPassword, user.passwordHash))) {
    throw new Problem("request.invalid", "The password was not changed.", [{ path: "currentPassword", reason: "is not your current password" }]);
  }
  const weak = passwordProblem(input.newPassword);
  if (weak) throw new Problem("request.invalid", "The password was not changed.", [{ path: "newPassword", reason: weak }]);
  updateUser(db, user.id, { passwordHash: await hashPassword(input.newPassword) });
}
