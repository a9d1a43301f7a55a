/**
 * Sites and studies: GET/POST /api/sites, GET/POST /api/studies, GET/PATCH /api/studies/:id.
 * Admins and researchers set studies up; analysts and interviewers may read them.
 */
import { Hono } from "hono";
import { z } from "zod";
import { INSTRUMENT_IDS, CHANNELS } from "../../instruments/index.ts";
import { requireRole, type SessionCookieOptions } from "../http/auth.ts";
import { audit } from "../http/audit.ts";
import { readJson } from "../http/body.ts";
import type { AppEnv } from "../http/env.ts";
import type { Db } from "../store/db.ts";
import { changeStudy, createSite, createStudy, requireStudy } from "../services/studies.ts";
import { listSites, listStudies, MAX_RECORDING_RETENTION_DAYS, PAPER_RESOLVERS } from "../store/studies.ts";
import { ROLES } from "../store/users.ts";

const ZDay = z.iso.date({ message: "must be a day, YYYY-MM-DD" });

// Every guide promises the recording is deleted within a week of summarising: a study may shorten that, never lengthen it.
const ZRetentionDays = z.number().int().min(1).max(MAX_RECORDING_RETENTION_DAYS);

const unique = <T>(list: T[]) => new Set(list).size === list.length;

const ZCreateStudy = z
  .object({
    name: z.string().trim().min(1).max(200),
    instruments: z.array(z.enum(INSTRUMENT_IDS)).min(1).refine(unique, "must not repeat an instrument"),
    sites: z.array(z.string().min(1).max(64)).min(1).refine(unique, "must not repeat a site"),
    channels: z.array(z.enum(CHANNELS)).min(1).refine(unique, "must not repeat a channel"),
    opensOn: ZDay.optional(),
    closesOn: ZDay.optional(),
    disclosureThreshold: z.number().int().min(1).max(100).optional(),
    paperDoubleEntry: z.boolean().optional(),
    paperResolver: z.enum(PAPER_RESOLVERS).optional(),
    recordingRetentionDays: ZRetentionDays.optional(),
  })
  .strict()
  .refine((s) => !s.opensOn || !s.closesOn || s.opensOn <= s.closesOn, { path: ["closesOn"], message: "must not be before opensOn" });

const ZPatchStudy = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    closed: z.boolean().optional(),
    opensOn: ZDay.nullable().optional(),
    closesOn: ZDay.nullable().optional(),
    disclosureThreshold: z.number().int().min(1).max(100).optional(),
    instruments: z.array(z.enum(INSTRUMENT_IDS)).min(1).refine(unique, "must not repeat an instrument").optional(),
    sites: z.array(z.string().min(1).max(64)).min(1).refine(unique, "must not repeat a site").optional(),
    channels: z.array(z.enum(CHANNELS)).min(1).refine(unique, "must not repeat a channel").optional(),
    paperDoubleEntry: z.boolean().optional(),
    paperResolver: z.enum(PAPER_RESOLVERS).optional(),
    recordingRetentionDays: ZRetentionDays.optional(),
  })
  .strict();

const ZCreateSite = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, "lower-case letters, digits and hyphens"),
    name: z.string().trim().min(1).max(200),
  })
  .strict();

export function studyRoutes(deps: { db: Db; clock: () => Date; cookies: SessionCookieOptions }): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const readers = requireRole(deps, ...ROLES);
  const organisers = requireRole(deps, "admin", "researcher");
  const admins = requireRole(deps, "admin");

  routes.get("/sites", readers, (c) => c.json(listSites(deps.db)));

  routes.post("/sites", admins, async (c) => {
    const site = createSite(deps.db, await readJson(c, ZCreateSite));
    audit(deps, c, "site.create", site.id);
    return c.json(site, 201);
  });

  routes.get("/studies", readers, (c) => c.json(listStudies(deps.db)));

  routes.post("/studies", organisers, async (c) => {
    const study = createStudy(deps.db, await readJson(c, ZCreateStudy), deps.clock);
    audit(deps, c, "study.create", study.id, { name: study.name, instruments: study.instruments, sites: study.sites, channels: study.channels });
    return c.json(study, 201);
  });

  routes.get("/studies/:id", readers, (c) => c.json(requireStudy(deps.db, c.req.param("id"))));

  routes.patch("/studies/:id", organisers, async (c) => {
    const study = requireStudy(deps.db, c.req.param("id"));
    const change = await readJson(c, ZPatchStudy);
    const changed = changeStudy(deps.db, study, change);
    audit(deps, c, "study.update", study.id, change);
    return c.json(changed);
  });

  return routes;
}
