/**
 * Paper questionnaires as PDFs.
 *
 * POST /api/studies/:id/paper-batches prints a run of numbered forms (admins, researchers) and audits it
 * without the numbers; GET /api/studies/:id/paper-batches lists the runs (no numbers);
 * GET /api/paper-batches/:id/forms.pdf prints a run again with the same numbers;
 * GET /api/instruments/:id/blank.pdf gives any staff member an unnumbered questionnaire.
 */
import { Hono, type Context } from "hono";
import { z } from "zod";
import type { LoadedInstrument } from "../../instruments/catalog.ts";
import { requireRole, type SessionCookieOptions } from "../http/auth.ts";
import { audit } from "../http/audit.ts";
import { parseParam, readJson } from "../http/body.ts";
import type { AppEnv } from "../http/env.ts";
import { PAPER_LOCALES } from "../paper/paper-text.ts";
import { blankQuestionnaire, MAX_BATCH, printBatch, reprintBatch, studyPaperBatches, type PrintedBatch } from "../services/paper.ts";
import type { Db } from "../store/db.ts";

const ZBatchRequest = z
  .object({
    instrumentId: z.string().min(1).max(100),
    siteId: z.string().min(1).max(64).optional(),
    locale: z.enum(PAPER_LOCALES),
    count: z.number().int().min(1).max(MAX_BATCH),
  })
  .strict();

const ZBlankQuery = z.object({ locale: z.enum(PAPER_LOCALES).default("lv") });

export interface PaperRouteDeps {
  db: Db;
  clock: () => Date;
  cookies: SessionCookieOptions;
  catalog: readonly LoadedInstrument[];
}

function pdfResponse(c: Context<AppEnv>, pdf: Buffer, name: string, status: 200 | 201 = 200): Response {
  return c.body(new Uint8Array(pdf), status, {
    "Content-Type": "application/pdf",
    "Content-Disposition": `attachment; filename="${name}"`,
    "Cache-Control": "no-store",
  });
}

function batchFileName({ batch }: PrintedBatch): string {
  return `forms-${batch.instrumentId}-${batch.locale}-${batch.count}.pdf`;
}

/** What the audit log keeps of a print run: never the form numbers. */
function batchAudit({ batch }: PrintedBatch): Record<string, unknown> {
  return { batchId: batch.id, instrumentId: batch.instrumentId, siteId: batch.siteId, locale: batch.locale, count: batch.count };
}

export function paperRoutes(deps: PaperRouteDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const organisers = requireRole(deps, "admin", "researcher");
  const staff = requireRole(deps, "admin", "researcher", "analyst", "interviewer");

  routes.post("/studies/:id/paper-batches", organisers, async (c) => {
    const request = await readJson(c, ZBatchRequest);
    const printed = await printBatch(deps, c.req.param("id"), request);
    audit(deps, c, "paper.print", printed.batch.studyId, batchAudit(printed));
    c.header("Location", `/api/paper-batches/${printed.batch.id}/forms.pdf`);
    c.header("X-Paper-Batch-Id", printed.batch.id);
    return pdfResponse(c, printed.pdf, batchFileName(printed), 201);
  });

  routes.get("/studies/:id/paper-batches", organisers, (c) => c.json(studyPaperBatches(deps, c.req.param("id"))));

  routes.get("/paper-batches/:id/forms.pdf", organisers, async (c) => {
    const printed = await reprintBatch(deps, c.req.param("id"));
    audit(deps, c, "paper.reprint", printed.batch.studyId, batchAudit(printed));
    return pdfResponse(c, printed.pdf, batchFileName(printed));
  });

  routes.get("/instruments/:id/blank.pdf", staff, async (c) => {
    const { locale } = parseParam("query", c.req.query(), ZBlankQuery);
    const id = c.req.param("id");
    const pdf = await blankQuestionnaire(deps, id, locale);
    return pdfResponse(c, pdf, `blank-${id}-${locale}.pdf`);
  });

  return routes;
}
