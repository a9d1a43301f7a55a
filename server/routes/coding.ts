/**
 * Qualitative coding of interview notes and transcripts:
 *
 *   GET  /api/studies/:id/codebook                the codes in display order, with paths and coding counts
 *   PUT  /api/studies/:id/codebook                {codes: [...]} replaces the codebook (researchers, admins)
 *   POST /api/studies/:id/codebook/import         a CSV (text/csv) or REFI-QDA .qdc (application/xml) replaces it
 *   GET  /api/studies/:id/codebook.csv | .qdc     the codebook as a file
 *   POST /api/interviews/:id/codings              {codeId, blockKey, source, start, end}: code a span
 *   GET  /api/interviews/:id/codings?coder=me|all a session's codings (one's own unless a researcher asks for all)
 *   DELETE /api/codings/:id                       one's own coding, or any for researchers and admins
 *   GET  /api/studies/:id/coding/agreement        two coders' agreement (kappa) and the pairs to choose from
 *   GET  /api/studies/:id/coding/matrix           codes x questions or target groups
 *   GET  /api/studies/:id/coding/excerpts.csv     the coded excerpts as a file (audited)
 *
 * Interviewers, researchers and admins code; researchers and admins keep the codebook; analysts read the
 * agreement, the matrix and the excerpts, published only. The audit log records codebook changes and excerpt
 * exports by their counts; it never holds excerpt text or code names.
 */
import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { z } from "zod";
import type { LoadedInstrument } from "../../instruments/catalog.ts";
import { rigaDay } from "../domain/day.ts";
import { requireRole, type SessionCookieOptions } from "../http/auth.ts";
import { audit } from "../http/audit.ts";
import { parseParam, readJson } from "../http/body.ts";
import type { AppEnv } from "../http/env.ts";
import { Problem } from "../http/problem.ts";
import {
  codebookCsv,
  codebookQdc,
  codebookView,
  codingAgreement,
  codingMatrix,
  createCoding,
  excerptsFile,
  importCodebook,
  removeCoding,
  saveCodebook,
  sessionCodings,
  type CodebookFormat,
} from "../services/coding.ts";
import { baseMediaType, requireSession } from "../services/interviews.ts";
import { requireStudy } from "../services/studies.ts";
import { CODING_SOURCES } from "../store/coding.ts";
import type { Db } from "../store/db.ts";

// Types only: validateCodebook decides what a valid code is and names every problem; null means "none".
const ZCode = z.object({
  id: z.string().max(100),
  name: z.string().max(10_000),
  description: z
    .string()
    .max(100_000)
    .nullable()
    .optional()
    .transform((v) => (v === null || v === undefined || v === "" ? undefined : v)),
  color: z
    .string()
    .max(20)
    .nullable()
    .optional()
    .transform((v) => v ?? undefined),
  parentId: z.string().max(100).nullable(),
  isCodable: z.boolean(),
});
const ZCodebook = z.object({ codes: z.array(ZCode).max(5000) }).strict();

const ZCoding = z
  .object({
    codeId: z.string().min(1).max(100),
    blockKey: z.string().min(1).max(200),
    source: z.enum(CODING_SOURCES),
    start: z.number().int().min(0),
    end: z.number().int().min(1),
  })
  .strict();

const ZCoderQuery = z.object({ coder: z.enum(["me", "all"]).default("me") });
const ZCoderId = z.coerce.number().int().min(1).optional();
const ZAgreementQuery = z.object({ coderA: ZCoderId, coderB: ZCoderId });
const ZMode = z.enum(["published", "internal"]).default("published");
const ZMatrixQuery = z.object({ by: z.enum(["question", "target-group"]).default("question"), mode: ZMode, instrument: z.string().min(1).max(100).optional() });
const ZExcerptsQuery = z.object({ mode: ZMode });

export const MAX_CODEBOOK_BYTES = 5 * 1024 * 1024;

const CSV_TYPES = new Set(["text/csv", "application/csv", "text/comma-separated-values"]);
const XML_TYPES = new Set(["application/xml", "text/xml"]);

/** Analysts get published results only. */
function requirePublishedForAnalyst(c: Context<AppEnv>, mode: "published" | "internal"): void {
  if (mode === "internal" && c.get("user").role === "analyst") {
    throw new Problem("auth.forbidden", "Analysts receive published results only; internal results are for admins and researchers.", { allowed: { mode: ["published"] } });
  }
}

/** The codebook file of an import, whichever way it came: a CSV or .qdc body, or a form with a file. */
async function readCodebookFile(c: Context<AppEnv>): Promise<{ format: CodebookFormat; input: string | Uint8Array }> {
  const type = baseMediaType(c.req.header("Content-Type"));
  const csv = (bytes: Uint8Array): { format: CodebookFormat; input: string } => {
    try {
      return { format: "csv", input: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
    } catch {
      throw new Problem("codebook.invalid", "The CSV file is not UTF-8 text; save it as \"CSV UTF-8\".", [{ path: "file", reason: "is not valid UTF-8" }]);
    }
  };
  if (CSV_TYPES.has(type)) return csv(new Uint8Array(await c.req.arrayBuffer()));
  if (XML_TYPES.has(type)) return { format: "qdc", input: new Uint8Array(await c.req.arrayBuffer()) };
  if (type === "multipart/form-data") {
    const file = (await c.req.parseBody())["file"];
    if (!(file instanceof File)) throw new Problem("request.invalid", 'Send the codebook as the form field "file".', [{ path: "file", reason: "is missing" }]);
    const bytes = new Uint8Array(await file.arrayBuffer());
    if (/\.qdc$/i.test(file.name) || XML_TYPES.has(baseMediaType(file.type))) return { format: "qdc", input: bytes };
    if (/\.csv$/i.test(file.name) || CSV_TYPES.has(baseMediaType(file.type))) return csv(bytes);
    throw new Problem("request.unsupported_media_type", "A codebook file must be a CSV (.csv) or a REFI-QDA codebook (.qdc).", { contentType: file.type || null });
  }
  throw new Problem("request.unsupported_media_type", "Send the codebook as text/csv, application/xml (.qdc) or multipart/form-data.", {
    contentType: c.req.header("Content-Type") ?? null,
  });
}

function attachment(c: Context<AppEnv>, body: string, type: string, name: string): Response {
  return c.body(body, 200, { "Content-Type": type, "Content-Disposition": `attachment; filename="${name}"`, "Cache-Control": "no-store" });
}

export function codingRoutes(deps: { db: Db; clock: () => Date; cookies: SessionCookieOptions; catalog: readonly LoadedInstrument[] }): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const staff = requireRole(deps, "admin", "researcher", "interviewer", "analyst");
  const organisers = requireRole(deps, "admin", "researcher");
  const coders = requireRole(deps, "admin", "researcher", "interviewer");
  const readers = requireRole(deps, "admin", "researcher", "analyst");
  const study = (c: Context<AppEnv>) => requireStudy(deps.db, c.req.param("id")!);

  // ---- the codebook ----

  routes.get("/studies/:id/codebook", staff, (c) => {
    c.header("Cache-Control", "no-store");
    return c.json({ codes: codebookView(deps.db, study(c).id) });
  });

  routes.put("/studies/:id/codebook", organisers, async (c) => {
    const current = study(c);
    const { codes } = await readJson(c, ZCodebook);
    const saved = saveCodebook(deps.db, current, codes);
    audit(deps, c, "codebook.update", current.id, { codes: saved.codes.length, added: saved.added, removed: saved.removed });
    return c.json({ codes: saved.codes });
  });

  routes.post(
    "/studies/:id/codebook/import",
    organisers,
    bodyLimit({
      maxSize: MAX_CODEBOOK_BYTES,
      onError: () => {
        throw new Problem("request.too_large", `A codebook file may be at most ${MAX_CODEBOOK_BYTES / 1024 / 1024} MB.`);
      },
    }),
    async (c) => {
      const current = study(c);
      const { format, input } = await readCodebookFile(c);
      const saved = importCodebook(deps.db, current, format, input);
      audit(deps, c, "codebook.import", current.id, { format, codes: saved.codes.length, added: saved.added, removed: saved.removed });
      return c.json({ codes: saved.codes });
    },
  );

  routes.get("/studies/:id/codebook.csv", staff, (c) => {
    const current = study(c);
    return attachment(c, codebookCsv(deps.db, current.id), "text/csv; charset=utf-8", `codebook-${rigaDay(deps.clock())}.csv`);
  });

  routes.get("/studies/:id/codebook.qdc", staff, (c) => {
    const current = study(c);
    return attachment(c, codebookQdc(deps.db, current.id), "application/xml; charset=utf-8", `codebook-${rigaDay(deps.clock())}.qdc`);
  });

  // ---- codings ----

  routes.post("/interviews/:id/codings", coders, async (c) => {
    const session = requireSession(deps.db, c.req.param("id"));
    const { coding, created } = createCoding(deps.db, session, c.get("user"), await readJson(c, ZCoding));
    return c.json(coding, created ? 201 : 200);
  });

  routes.get("/interviews/:id/codings", coders, (c) => {
    const session = requireSession(deps.db, c.req.param("id"));
    const { coder } = parseParam("query", c.req.query(), ZCoderQuery);
    c.header("Cache-Control", "no-store");
    return c.json({ codings: sessionCodings(deps.db, session, c.get("user"), coder) });
  });

  routes.delete("/codings/:id", coders, (c) => {
    const removed = removeCoding(deps.db, c.req.param("id"), c.get("user"));
    return c.json({ id: removed.id, deleted: true });
  });

  // ---- reading the coding ----

  routes.get("/studies/:id/coding/agreement", readers, (c) => {
    const current = study(c);
    const query = parseParam("query", c.req.query(), ZAgreementQuery);
    const role = c.get("user").role;
    c.header("Cache-Control", "no-store");
    return c.json(codingAgreement(deps.db, current, query, role === "admin" || role === "researcher"));
  });

  routes.get("/studies/:id/coding/matrix", readers, (c) => {
    const current = study(c);
    const query = parseParam("query", c.req.query(), ZMatrixQuery);
    requirePublishedForAnalyst(c, query.mode);
    if (query.mode === "internal") c.header("X-Confidential", "internal results: not for publication");
    c.header("Cache-Control", "no-store");
    return c.json(codingMatrix(deps, current, query));
  });

  routes.get("/studies/:id/coding/excerpts.csv", readers, (c) => {
    const current = study(c);
    const { mode } = parseParam("query", c.req.query(), ZExcerptsQuery);
    requirePublishedForAnalyst(c, mode);
    const file = excerptsFile(deps.db, current, mode);
    audit(deps, c, "coding.export", current.id, { mode, rows: file.rows, hiddenRows: file.hiddenRows });
    if (mode === "internal") c.header("X-Confidential", "internal results: not for publication");
    return attachment(c, file.csv, "text/csv; charset=utf-8", `excerpts-${rigaDay(deps.clock())}-${mode}.csv`);
  });

  return routes;
}
