/**
 * Staff accounts, for admins: GET/POST /api/users, PATCH /api/users/:id, POST /api/users/:id/password-reset.
 * Passwords are never chosen by an admin: the server makes up a temporary one and shows it once.
 */
import { Hono } from "hono";
import { z } from "zod";
import { requireRole, type SessionCookieOptions } from "../http/auth.ts";
import { audit } from "../http/audit.ts";
import { parseParam, readJson } from "../http/body.ts";
import type { AppEnv } from "../http/env.ts";
import { changeAccount, createAccountForColleague, resetPassword } from "../services/accounts.ts";
import type { Db } from "../store/db.ts";
import { listUsers, ROLES, type User } from "../store/users.ts";

/** What an admin sees of an account (never the password hash). */
export function listedUser(user: User): { id: number; email: string; role: string; createdOn: string; disabled: boolean } {
  return { id: user.id, email: user.email, role: user.role, createdOn: user.createdOn, disabled: user.disabled };
}

const ZCreateUser = z.object({ email: z.string().trim().min(1).max(254), role: z.enum(ROLES) }).strict();
const ZChangeUser = z
  .object({ role: z.enum(ROLES).optional(), disabled: z.boolean().optional() })
  .strict()
  .refine((c) => c.role !== undefined || c.disabled !== undefined, "send role or disabled");
const ZUserId = z.object({ id: z.coerce.number().int().min(1) });

export function userRoutes(deps: { db: Db; clock: () => Date; cookies: SessionCookieOptions }): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const admins = requireRole(deps, "admin");

  routes.get("/users", admins, (c) => c.json(listUsers(deps.db).map(listedUser)));

  routes.post("/users", admins, async (c) => {
    const created = await createAccountForColleague(deps.db, await readJson(c, ZCreateUser), deps.clock);
    audit(deps, c, "user.create", String(created.user.id), { email: created.user.email, role: created.user.role });
    return c.json({ user: listedUser(created.user), temporaryPassword: created.temporaryPassword }, 201);
  });

  routes.patch("/users/:id", admins, async (c) => {
    const { id } = parseParam("path", c.req.param(), ZUserId);
    const change = await readJson(c, ZChangeUser);
    const user = changeAccount(deps.db, c.get("user"), id, change);
    audit(deps, c, "user.update", String(id), { email: user.email, ...change });
    return c.json(listedUser(user));
  });

  routes.post("/users/:id/password-reset", admins, async (c) => {
    const { id } = parseParam("path", c.req.param(), ZUserId);
    const { user, temporaryPassword } = await resetPassword(deps.db, id);
    audit(deps, c, "user.password_reset", String(id), { email: user.email });
    return c.json({ temporaryPassword });
  });

  return routes;
}
