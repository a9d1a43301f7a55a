/**
 * POST /api/auth/login, POST /api/auth/logout, GET /api/auth/me, POST /api/auth/password: staff sign-in
 * with a session cookie, and changing one's own password.
 */
import { Hono } from "hono";
import { z } from "zod";
import { clearSessionCookie, requireRole, setSessionCookie, type SessionCookieOptions } from "../http/auth.ts";
import { audit } from "../http/audit.ts";
import { readJson } from "../http/body.ts";
import type { AppEnv } from "../http/env.ts";
import { changeOwnPassword, signIn } from "../services/accounts.ts";
import type { Db } from "../store/db.ts";
import { Problem } from "../http/problem.ts";
import { deleteSession, ROLES, type User } from "../store/users.ts";

const ZPasswordChange = z.object({ currentPassword: z.string().min(1).max(1024), newPassword: z.string().min(1).max(1024) }).strict();

const ZLogin = z.object({ email: z.string().min(1).max(254), password: z.string().min(1).max(1024) });

/** What a client may know about the signed-in account. */
export function publicUser(user: User): { id: number; email: string; role: string } {
  return { id: user.id, email: user.email, role: user.role };
}

export function authRoutes(deps: { db: Db; clock: () => Date; cookies: SessionCookieOptions }): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const anyStaff = requireRole(deps, ...ROLES);

  routes.post("/login", async (c) => {
    const body = await readJson(c, ZLogin);
    let signedIn: Awaited<ReturnType<typeof signIn>>;
    try {
      signedIn = await signIn(deps.db, body, deps.clock);
    } catch (error) {
      if (error instanceof Problem) audit(deps, c, "auth.sign_in_failed", null, { code: error.code }, body.email.trim().toLowerCase());
      throw error;
    }
    c.set("user", signedIn.user);
    audit(deps, c, "auth.sign_in", null);
    setSessionCookie(c, signedIn.token, deps.cookies);
    return c.json({ user: publicUser(signedIn.user) });
  });

  routes.post("/logout", anyStaff, (c) => {
    audit(deps, c, "auth.sign_out", null);
    deleteSession(deps.db, c.get("sessionTokenHash"));
    clearSessionCookie(c, deps.cookies);
    return c.body(null, 204);
  });

  routes.post("/password", anyStaff, async (c) => {
    await changeOwnPassword(deps.db, c.get("user"), await readJson(c, ZPasswordChange));
    audit(deps, c, "auth.password_change", null);
    return c.body(null, 204);
  });

  routes.get("/me", anyStaff, (c) => c.json({ user: publicUser(c.get("user")) }));
  return routes;
}
