/**
 * Sites and studies: GET/POST /api/sites, GET/POST /api/studies, GET/PATCH /api/studies/:id.
 * Admins and researchers set studies up; analysts and interviewers may read them.
 */
import { randomUUID } from "node:crypto";
import { Hono } from "hono";
import { z } from "zod";
import { INSTRUMENT_IDS, CHANNELS } from "../../instruments/index.ts";
import { rigaDay } from "../domain/day.ts";
import { requireRole, type SessionCookieOptions } from "../http/auth.ts";
import { audit } from "../http/audit.ts";
import { readJson } from "../http/body.ts";
import type { AppEnv } from "../http/env.ts";
import { Problem } from "../http/problem.ts";
import type { Db } from "../store/db.ts";
import { requireStudy } from "../services/studies.ts";
import { findSite, insertSite, insertStudy, listSites, listStudies, updateStudy, type Study } from "../store/studies.ts";
import { ROLES } from "../store/users.ts";

export const ZDay = z.iso.date({ message: "must be a day, YYYY-MM-DD" });

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
  })
  .strict()
  .refine((s) => !s.opensOn || !s.closesOn || s.opensOn <= s.closesOn, { path: ["closesOn"], message: "must not be before opensOn" });

const ZPatchStudy = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    closed: z.boolean().optional(),
    opensOn: ZDay.nullable().optional(),
    closesOn: ZDay.nullable().optional(),
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
    const site = await readJson(c, ZCreateSite);
    if (findSite(deps.db, site.id)) throw new Problem("site.duplicate", `A site "${site.id}" exists already.`, { id: site.id });
    if (listSites(deps.db).some((s) => s.name === site.name)) throw new Problem("site.duplicate", `A site named "${site.name}" exists already.`);
    insertSite(deps.db, site);
    audit(deps, c, "site.create", site.id);
    return c.json(site, 201);
  });

  routes.get("/studies", readers, (c) => c.json(listStudies(deps.db)));

  routes.post("/studies", organisers, async (c) => {
    const input = await readJson(c, ZCreateStudy);
    const unknownSites = input.sites.filter((id) => !findSite(deps.db, id));
    if (unknownSites.length > 0) {
      throw new Problem("site.not_found", `Unknown site: ${unknownSites.join(", ")}.`, unknownSites.map((id) => ({ path: "sites", reason: `no site "${id}"` })));
    }
    const study: Study = {
      id: randomUUID(),
      name: input.name,
      instruments: input.instruments,
      sites: input.sites,
      channels: input.channels,
      opensOn: input.opensOn ?? null,
      closesOn: input.closesOn ?? null,
      disclosureThreshold: input.disclosureThreshold ?? 5,
      closed: false,
      createdOn: rigaDay(deps.clock()),
    };
    insertStudy(deps.db, study);
    audit(deps, c, "study.create", study.id, { name: study.name, instruments: study.instruments, sites: study.sites, channels: study.channels });
    return c.json(study, 201);
  });

  routes.get("/studies/:id", readers, (c) => c.json(requireStudy(deps.db, c.req.param("id"))));

  routes.patch("/studies/:id", organisers, async (c) => {
    const study = requireStudy(deps.db, c.req.param("id"));
    const change = await readJson(c, ZPatchStudy);
    const opensOn = change.opensOn !== undefined ? change.opensOn : study.opensOn;
    const closesOn = change.closesOn !== undefined ? change.closesOn : study.closesOn;
    if (opensOn && closesOn && opensOn > closesOn) {
      throw new Problem("request.invalid", "The study would close before it opens.", [{ path: "closesOn", reason: "must not be before opensOn" }]);
    }
    updateStudy(deps.db, study.id, change);
    audit(deps, c, "study.update", study.id, change);
    return c.json(requireStudy(deps.db, study.id));
  });

  return routes;
}
