/**
 * Typing returned paper forms in (admins, researchers, interviewers):
 *
 * - GET  /api/paper-forms/:number              the form, its state, and whether the caller may enter it
 * - POST /api/paper-forms/:number/entries      one person's entry (blind double entry decides what follows)
 * - GET  /api/paper-forms/:number/conflict     both entries of a form in conflict, for the one who resolves it
 * - POST /api/paper-forms/:number/resolution   the values as read on the paper; the form becomes final
 * - GET  /api/studies/:id/paper-forms/summary  forms by state and the agreement rate of double entry
 * - GET  /api/studies/:id/paper-forms?state=   the forms themselves, at most 500, in number order
 *
 * The audit log records entries and resolutions against the study, with the instrument and the resulting
 * state: never a form number next to answers, and never answers.
 */
import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { z } from "zod";
import type { LoadedInstrument } from "../../instruments/catalog.ts";
import { requireRole, type SessionCookieOptions } from "../http/auth.ts";
import { audit } from "../http/audit.ts";
import { parseParam, readJson } from "../http/body.ts";
import type { AppEnv } from "../http/env.ts";
import { Problem } from "../http/problem.ts";
import {
  ENTRY_CODES,
  enterPaperForm,
  paperConflict,
  paperFormSummary,
  paperFormView,
  requireFormNumber,
  resolvePaperForm,
  studyPaperForms,
  type Entry,
} from "../services/paper-entry.ts";
import type { Db } from "../store/db.ts";
import type { EntryForm } from "../store/paper-entry.ts";
import { MAX_RESPONSE_BYTES } from "./responses.ts";

const ZEntry = z
  .object({
    answers: z.record(z.string(), z.unknown()),
    codes: z.record(z.string().min(1).max(200), z.enum(ENTRY_CODES)).default({}),
  })
  .strict();

const ZListQuery = z.object({ state: z.enum(["printed", "single-entered", "conflict", "final"]).optional() });

export interface PaperEntryRouteDeps {
  db: Db;
  clock: () => Date;
  cookies: SessionCookieOptions;
  catalog: readonly LoadedInstrument[];
}

/** What the audit log keeps of an entry or a resolution: the study, the instrument and the state reached. */
function entryAudit(form: EntryForm, state: string): Record<string, unknown> {
  return { studyId: form.studyId, instrumentId: form.instrumentId, state };
}

export function paperEntryRoutes(deps: PaperEntryRouteDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const enterers = requireRole(deps, "admin", "researcher", "interviewer");
  const entryBodyLimit = bodyLimit({
    maxSize: MAX_RESPONSE_BYTES,
    onError: () => {
      throw new Problem("request.too_large", `An entry may be at most ${MAX_RESPONSE_BYTES / 1024} KB.`);
    },
  });
  const number = (c: Context<AppEnv>) => requireFormNumber(c.req.param("number") ?? "");
  const entry = (c: Context<AppEnv>): Promise<Entry> => readJson(c, ZEntry);

  routes.get("/paper-forms/:number", enterers, (c) => {
    const view = paperFormView(deps, number(c), c.get("user").id);
    c.header("Cache-Control", "no-store");
    return c.json(view);
  });

  routes.post("/paper-forms/:number/entries", enterers, entryBodyLimit, async (c) => {
    const formNumber = number(c);
    const { form, outcome } = enterPaperForm(deps, formNumber, c.get("user").id, await entry(c));
    audit(deps, c, "paper.entry", form.studyId, entryAudit(form, outcome.state));
    return c.json(outcome, 201);
  });

  routes.get("/paper-forms/:number/conflict", enterers, (c) => {
    const view = paperConflict(deps, number(c), c.get("user").id);
    c.header("Cache-Control", "no-store");
    return c.json(view);
  });

  routes.post("/paper-forms/:number/resolution", enterers, entryBodyLimit, async (c) => {
    const formNumber = number(c);
    const { form, outcome } = resolvePaperForm(deps, formNumber, c.get("user").id, await entry(c));
    audit(deps, c, "paper.resolve", form.studyId, entryAudit(form, outcome.state));
    return c.json(outcome, 201);
  });

  routes.get("/studies/:id/paper-forms/summary", enterers, (c) => {
    c.header("Cache-Control", "no-store");
    return c.json(paperFormSummary(deps, c.req.param("id")));
  });

  routes.get("/studies/:id/paper-forms", enterers, (c) => {
    const { state } = parseParam("query", c.req.query(), ZListQuery);
    c.header("Cache-Control", "no-store");
    return c.json(studyPaperForms(deps, c.req.param("id"), state));
  });

  return routes;
}
