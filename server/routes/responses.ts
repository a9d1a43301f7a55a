/**
 * POST /api/responses: a tablet (Authorization: Bearer <device token>) or a family member's browser
 * (`linkToken` in the body) submits one response. GET /api/studies/:id/counts and /progress: how many have
 * arrived, in total and by instrument x prison x channel x age group.
 *
 * Nothing about the sender reaches the database or the log from here: the request log writes the route
 * pattern and status only, and the service stores no device, link, address or time of day.
 */
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { z } from "zod";
import type { LoadedInstrument } from "../../instruments/catalog.ts";
import { requireRole, type SessionCookieOptions } from "../http/auth.ts";
import { readJson } from "../http/body.ts";
import type { AppEnv } from "../http/env.ts";
import { Problem } from "../http/problem.ts";
import { acceptResponse, type Credential } from "../services/intake.ts";
import { requireStudy } from "../services/studies.ts";
import type { Db } from "../store/db.ts";
import { countResponses, progressRows } from "../store/responses.ts";

export const MAX_RESPONSE_BYTES = 256 * 1024;

const ZResponse = z
  .object({
    id: z.uuid(),
    instrumentId: z.string().min(1).max(100),
    instrumentVersion: z.string().min(1).max(64),
    locale: z.enum(["lv", "ru", "en"]),
    answers: z.record(z.string(), z.unknown()),
    linkToken: z.string().min(1).max(200).optional(),
  })
  .strict();

export function responseRoutes(deps: { db: Db; clock: () => Date; catalog: readonly LoadedInstrument[]; cookies: SessionCookieOptions }): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.post(
    "/responses",
    bodyLimit({
      maxSize: MAX_RESPONSE_BYTES,
      onError: () => {
        throw new Problem("request.too_large", `A response may be at most ${MAX_RESPONSE_BYTES / 1024} KB.`);
      },
    }),
    async (c) => {
      const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header("Authorization") ?? "")?.[1];
      const { linkToken, ...submission } = await readJson(c, ZResponse);
      const credential: Credential | undefined = bearer ? { kind: "device", token: bearer } : linkToken ? { kind: "link", token: linkToken } : undefined;
      if (!credential) throw new Problem("credential.missing", "Send the tablet's token (Authorization: Bearer) or the link's token (linkToken).");
      const { created, receipt } = acceptResponse(deps, credential, submission);
      return c.json(receipt, created ? 201 : 200);
    },
  );

  const organisers = requireRole(deps, "admin", "researcher");

  routes.get("/studies/:id/counts", organisers, (c) => {
    const study = requireStudy(deps.db, c.req.param("id"));
    return c.json(countResponses(deps.db, study.id));
  });

  // Exact counts for the console's fieldwork view; like /counts, for the people running the fieldwork only.
  routes.get("/studies/:id/progress", organisers, (c) => {
    const study = requireStudy(deps.db, c.req.param("id"));
    const rows = progressRows(deps.db, study.id);
    c.header("Cache-Control", "no-store");
    return c.json({ total: rows.reduce((sum, r) => sum + r.n, 0), rows });
  });

  return routes;
}
