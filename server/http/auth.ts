/**
 * Staff sessions and roles. A session cookie holds a random token; the server keeps its hash and ends the
 * session after 30 minutes without a request or 12 hours after sign-in, whichever comes first. Every staff
 * route names the roles allowed to use it; tablet and family-link credentials are never sessions, so they
 * cannot reach these routes.
 */
import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { hashSecret } from "../domain/tokens.ts";
import type { Db } from "../store/db.ts";
import { deleteSession, findSession, findUserById, touchSession, type Role } from "../store/users.ts";
import type { AppEnv } from "./env.ts";
import { Problem } from "./problem.ts";

export const SESSION_IDLE_MS = 30 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000;

export interface SessionCookieOptions {
  secure: boolean;
}

const COOKIE = "session";

/** Over https the cookie is `__Host-session` (Secure, this host only, Path=/); on plain http `session`. */
function prefixOf(options: SessionCookieOptions): { prefix: "host" } | Record<string, never> {
  return options.secure ? { prefix: "host" } : {};
}

export function setSessionCookie(c: Context, token: string, options: SessionCookieOptions): void {
  setCookie(c, COOKIE, token, { httpOnly: true, sameSite: "Strict", path: "/", secure: options.secure, ...prefixOf(options) });
}

export function clearSessionCookie(c: Context, options: SessionCookieOptions): void {
  deleteCookie(c, COOKIE, { path: "/", secure: options.secure, ...prefixOf(options) });
}

export function readSessionCookie(c: Context, options: SessionCookieOptions): string | undefined {
  return options.secure ? getCookie(c, COOKIE, "host") : getCookie(c, COOKIE);
}

/**
 * Lets the request through only with a live staff session whose role is one of `roles`; sets `user`.
 * 401 without a session (or an expired one), 403 with the wrong role.
 */
export function requireRole(
  deps: { db: Db; clock: () => Date; cookies: SessionCookieOptions },
  ...roles: Role[]
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = readSessionCookie(c, deps.cookies);
    if (!token) throw new Problem("auth.unauthenticated", "Sign in first.");
    const tokenHash = hashSecret(token);
    const session = findSession(deps.db, tokenHash);
    const now = deps.clock().getTime();
    if (!session || now - session.lastSeenAt > SESSION_IDLE_MS || now - session.createdAt > SESSION_ABSOLUTE_MS) {
      if (session) deleteSession(deps.db, tokenHash);
      clearSessionCookie(c, deps.cookies);
      throw new Problem("auth.unauthenticated", "Your session has ended. Sign in again.");
    }
    const user = findUserById(deps.db, session.userId);
    if (!user || user.disabled) throw new Problem("auth.unauthenticated", "Sign in first.");
    if (!roles.includes(user.role)) {
      throw new Problem("auth.forbidden", `This needs one of the roles: ${roles.join(", ")}.`, { role: user.role, allowed: roles });
    }
    touchSession(deps.db, tokenHash, now);
    c.set("user", user);
    c.set("sessionTokenHash", tokenHash);
    await next();
  };
}
