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
import { hashSecret, newToken } from "../domain/tokens.ts";
import type { Db } from "../store/db.ts";
import {
  clearLoginFailures,
  countLoginFailures,
  findUserByEmail,
  insertSession,
  insertUser,
  recordLoginFailure,
  ROLES,
  type Role,
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
  clearLoginFailures(db, account);
  const token = newToken();
  const at = clock().getTime();
  insertSession(db, { tokenHash: hashSecret(token), userId: user.id, createdAt: at, lastSeenAt: at });
  return { token, user };
}
