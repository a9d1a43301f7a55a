/**
 * How respondents get in without being identified.
 *
 * Tablets: a researcher asks for a short enrolment code (POST /api/studies/:id/enrolments), staff type it
 * on the tablet (POST /api/devices) and the tablet receives a long random token for its study and prison.
 * Family members: a researcher creates a link (POST /api/studies/:id/links) and sends its URL.
 * Researchers can list and revoke both. None of these credentials is ever stored on a response.
 */
import { randomUUID } from "node:crypto";
import { Hono } from "hono";
import { z } from "zod";
import type { LoadedInstrument } from "../../instruments/catalog.ts";
import { INSTRUMENT_IDS } from "../../instruments/index.ts";
import { rigaDay } from "../domain/day.ts";
import { hashSecret, newEnrolmentCode, newToken, normaliseEnrolmentCode } from "../domain/tokens.ts";
import { requireRole, type SessionCookieOptions } from "../http/auth.ts";
import { readJson } from "../http/body.ts";
import type { AppEnv } from "../http/env.ts";
import { Problem } from "../http/problem.ts";
import { requireChannel, requireInstrument, requireStudy } from "../services/studies.ts";
import {
  findEnrolment,
  findLinkByToken,
  insertDevice,
  insertEnrolment,
  insertLink,
  listDevices,
  listLinks,
  revokeDevice,
  revokeLink,
  useEnrolment,
} from "../store/access.ts";
import type { Db } from "../store/db.ts";
import { findSite } from "../store/studies.ts";

export const ENROLMENT_CODE_TTL_MS = 24 * 60 * 60 * 1000;

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
    requireChannel(study, "tablet");
    if (study.closed) throw new Problem("study.closed", "The study is closed; reopen it before enrolling tablets.");
    if (!study.sites.includes(siteId)) {
      throw new Problem("study.site_not_included", `The study does not run at the site "${siteId}".`, [{ path: "siteId", reason: "is not one of the study's sites" }]);
    }
    const code = newEnrolmentCode();
    const expiresAt = deps.clock().getTime() + ENROLMENT_CODE_TTL_MS;
    insertEnrolment(db, { codeHash: hashSecret(code), studyId: study.id, siteId, expiresAt });
    return c.json({ code, studyId: study.id, siteId, expiresAt: new Date(expiresAt).toISOString() }, 201);
  });

  routes.post("/devices", async (c) => {
    const { code } = await readJson(c, ZDeviceRequest);
    const codeHash = hashSecret(normaliseEnrolmentCode(code));
    const enrolment = findEnrolment(db, codeHash);
    if (!enrolment || enrolment.used) throw new Problem("enrolment.invalid_code", "This enrolment code is unknown or was used already.");
    if (enrolment.expiresAt < deps.clock().getTime()) throw new Problem("enrolment.invalid_code", "This enrolment code has expired; ask for a new one.");
    const study = requireStudy(db, enrolment.studyId);
    const token = newToken();
    const deviceId = randomUUID();
    const enrolled = db.transaction(() => {
      if (!useEnrolment(db, codeHash)) return false;
      insertDevice(db, { id: deviceId, tokenHash: hashSecret(token), studyId: study.id, siteId: enrolment.siteId, enrolledOn: rigaDay(deps.clock()) });
      return true;
    })();
    if (!enrolled) throw new Problem("enrolment.invalid_code", "This enrolment code is unknown or was used already.");
    const site = findSite(db, enrolment.siteId);
    const instruments = deps.catalog
      .filter((item) => study.instruments.includes(item.descriptor.id) && item.descriptor.channels.includes("tablet"))
      .map((item) => ({ id: item.descriptor.id, version: item.version, title: item.descriptor.title }));
    return c.json({ token, study: { id: study.id, name: study.name }, site, instruments }, 201);
  });

  routes.get("/studies/:id/devices", organisers, (c) => {
    const study = requireStudy(db, c.req.param("id"));
    return c.json(listDevices(db, study.id).map(({ tokenHash: _hidden, ...device }) => device));
  });

  routes.delete("/devices/:id", organisers, (c) => {
    if (!revokeDevice(db, c.req.param("id"))) throw new Problem("device.not_found", "There is no such device.");
    return c.body(null, 204);
  });

  routes.post("/studies/:id/links", organisers, async (c) => {
    const study = requireStudy(db, c.req.param("id"));
    const { instrumentId, maxUses } = await readJson(c, ZLinkRequest);
    requireChannel(study, "online");
    requireInstrument(study, instrumentId);
    if (study.closed) throw new Problem("study.closed", "The study is closed; reopen it before sending links.");
    const token = newToken();
    const id = randomUUID();
    insertLink(db, { id, tokenHash: hashSecret(token), studyId: study.id, instrumentId, maxUses: maxUses ?? null, createdOn: rigaDay(deps.clock()) });
    return c.json({ id, token, url: `${deps.publicUrl}/f/${token}`, instrumentId, maxUses: maxUses ?? null }, 201);
  });

  // The family page asks whether its link can still be used before showing the questionnaire.
  routes.get("/link-status/:token", (c) => {
    const link = findLinkByToken(db, hashSecret(c.req.param("token")));
    if (!link) throw new Problem("credential.invalid", "This link is not valid.");
    if (link.revoked) throw new Problem("link.gone", "This link has been closed by the research team.", { reason: "revoked" });
    if (link.maxUses !== null && link.uses >= link.maxUses) throw new Problem("link.gone", "This link has been used as many times as it allows.", { reason: "used-up" });
    const study = requireStudy(db, link.studyId);
    if (study.closed) throw new Problem("link.gone", "The study is closed.", { reason: "study-closed" });
    const loaded = deps.catalog.find((i) => i.descriptor.id === link.instrumentId);
    if (!loaded) throw new Problem("instrument.not_found", `There is no instrument "${link.instrumentId}".`);
    return c.json({ instrumentId: link.instrumentId, version: loaded.version, title: loaded.descriptor.title });
  });

  routes.get("/studies/:id/links", organisers, (c) => {
    const study = requireStudy(db, c.req.param("id"));
    return c.json(listLinks(db, study.id).map(({ tokenHash: _hidden, ...link }) => link));
  });

  routes.delete("/links/:id", organisers, (c) => {
    if (!revokeLink(db, c.req.param("id"))) throw new Problem("link.not_found", "There is no such link.");
    return c.body(null, 204);
  });

  return routes;
}
