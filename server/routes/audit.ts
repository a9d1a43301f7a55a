/**
 * GET /api/audit: the audit log, newest first, for admins (`?limit=` up to 500, `?before=<id>` to page).
 */
import { Hono } from "hono";
import { z } from "zod";
import { requireRole, type SessionCookieOptions } from "../http/auth.ts";
import { parseParam } from "../http/body.ts";
import type { AppEnv } from "../http/env.ts";
import { listAudit } from "../store/audit.ts";
import type { Db } from "../store/db.ts";

const ZQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.coerce.number().int().min(1).optional(),
});

export function auditRoutes(deps: { db: Db; clock: () => Date; cookies: SessionCookieOptions }): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.get("/audit", requireRole(deps, "admin"), (c) => {
    const query = parseParam("query", c.req.query(), ZQuery);
    return c.json(listAudit(deps.db, query.limit, query.before));
  });
  return routes;
}
