/**
 * How respondents get in without being identified.
 *
 * Tablets: a researcher asks for a short enrolment code (POST /api/studies/:id/enrolments), staff type it
 * on the tablet (POST /api/devices) and the tablet receives a long random token for its study and prison.
 * Family members: a researcher creates a link (POST /api/studies/:id/links) and sends its URL.
 * Researchers can list and revoke both. None of these credentials is ever stored on a response.
 */
import { Hono } from "hono";
import { z } from "zod";
import type { LoadedInstrument } from "../../instruments/catalog.ts";
import { INSTRUMENT_IDS } from "../../instruments/index.ts";
import { requireRole, type SessionCookieOptions } from "../http/auth.ts";
import { audit } from "../http/audit.ts";
import { readJson } from "../http/body.ts";
import type { AppEnv } from "../http/env.ts";
import { Problem } from "../http/problem.ts";
import { createEnrolment, createLink, enrolDevice, linkStatus } from "../services/access.ts";
import { requireStudy } from "../services/studies.ts";
import { listDevices, listLinks, revokeDevice, revokeLink } from "../store/access.ts";
import type { Db } from "../store/db.ts";

const ZEnrolmentRequest = z.object({ siteId: z.string().min(1).max(64) }).strict();
const ZDeviceRequest = z.object({ code: z.string().min(1).max(32) }).strict();
const ZLinkRequest = z.object({ instrumentId: z.enum(INSTRUMENT_IDS), maxUses: z.number().int().min(1).max(100_000).optional() }).strict();

export interface AccessDeps {
  db: Db;
  clock: () => Date;
  cookies: SessionCookieOptions;
  catalog: readonly LoadedInstrument[];
  publicUrl: string;
}

export function accessRoutes(deps: AccessDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const organisers = requireRole(deps, "admin", "researcher");
  const { db } = deps;

  routes.post("/studies/:id/enrolments", organisers, async (c) => {
    const study = requireStudy(db, c.req.param("id"));
    const { siteId } = await readJson(c, ZEnrolmentRequest);
    const enrolment = createEnrolment(deps, study, siteId);
    audit(deps, c, "enrolment.create", study.id, { siteId });
    return c.json({ ...enrolment, studyId: study.id, siteId }, 201);
  });

  routes.post("/devices", async (c) => {
    const { code } = await readJson(c, ZDeviceRequest);
    const device = enrolDevice(deps, code);
    audit(deps, c, "device.enrol", device.study.id, { siteId: device.site?.id ?? null }, "tablet");
    return c.json(device, 201);
  });

  routes.get("/studies/:id/devices", organisers, (c) => {
    const study = requireStudy(db, c.req.param("id"));
    return c.json(listDevices(db, study.id).map(({ tokenHash: _hidden, ...device }) => device));
  });

  routes.delete("/devices/:id", organisers, (c) => {
    if (!revokeDevice(db, c.req.param("id"))) throw new Problem("device.not_found", "There is no such device.");
    audit(deps, c, "device.revoke", c.req.param("id"));
    return c.body(null, 204);
  });

  routes.post("/studies/:id/links", organisers, async (c) => {
    const study = requireStudy(db, c.req.param("id"));
    const { instrumentId, maxUses } = await readJson(c, ZLinkRequest);
    const link = createLink(deps, study, instrumentId, maxUses);
    audit(deps, c, "link.create", study.id, { linkId: link.id, instrumentId, maxUses: link.maxUses });
    return c.json(link, 201);
  });

  // The family page asks whether its link can still be used before showing the questionnaire.
  routes.get("/link-status/:token", (c) => c.json(linkStatus(deps, c.req.param("token"))));

  routes.get("/studies/:id/links", organisers, (c) => {
    const study = requireStudy(db, c.req.param("id"));
    return c.json(listLinks(db, study.id).map(({ tokenHash: _hidden, ...link }) => link));
  });

  routes.delete("/links/:id", organisers, (c) => {
    if (!revokeLink(db, c.req.param("id"))) throw new Problem("link.not_found", "There is no such link.");
    audit(deps, c, "link.revoke", c.req.param("id"));
    return c.body(null, 204);
  });

  return routes;
}
