/**
 * GET /api/studies/:id/export and GET /api/studies/:id/export/codebook: anonymised data for SPSS, R and
 * Excel, and the codebook that describes it. Analysts get coarsened exports only; admins and researchers
 * may ask for full detail, which is confidential. Every export is audited with its options and row count.
 *
 * Query: format=csv|xlsx|json (codebook: json|csv), instruments=youth,seniors (default: all of the
 * study's), labels=values|text, detail=coarsened|full, freeText=omit|include.
 */
import { Hono, type Context } from "hono";
import { z } from "zod";
import { requireRole, type SessionCookieOptions } from "../http/auth.ts";
import { audit } from "../http/audit.ts";
import { zodDetails } from "../http/body.ts";
import type { AppEnv } from "../http/env.ts";
import { Problem } from "../http/problem.ts";
import { codebookCsv, exportCodebook, startExport, type ExportDeps } from "../services/export.ts";

const ZOptions = {
  instruments: z
    .string()
    .max(2000)
    .optional()
    .transform((v) => (v ? v.split(",").map((s) => s.trim()).filter(Boolean) : [])),
  labels: z.enum(["values", "text"]).default("values"),
  detail: z.enum(["coarsened", "full"]).default("coarsened"),
  freeText: z.enum(["omit", "include"]).default("omit"),
};
const KNOWN = ["format", ...Object.keys(ZOptions)];
const ZExportQuery = z.object({ format: z.enum(["csv", "xlsx", "json"]).default("csv"), ...ZOptions }).strict();
const ZCodebookQuery = z.object({ format: z.enum(["json", "csv"]).default("json"), ...ZOptions }).strict();

/** Checks the query (422 naming each wrong parameter) and the analyst's limit (403). */
function readQuery<T extends { detail: string }>(c: Context<AppEnv>, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(c.req.query());
  if (!parsed.success) {
    const details = parsed.error.issues.flatMap((issue) =>
      issue.code === "unrecognized_keys"
        ? issue.keys.map((key) => ({ path: key, reason: `is not a parameter of this request (known: ${KNOWN.join(", ")})` }))
        : zodDetails(new z.ZodError([issue])),
    );
    throw new Problem("request.invalid", "Some query parameters are wrong.", details);
  }
  if (parsed.data.detail === "full" && c.get("user").role === "analyst") {
    throw new Problem("auth.forbidden", "Analysts may export detail=coarsened only; detail=full is for admins and researchers.", {
      allowed: { detail: ["coarsened"] },
    });
  }
  return parsed.data;
}

export function exportRoutes(deps: ExportDeps & { cookies: SessionCookieOptions }): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const readers = requireRole(deps, "admin", "researcher", "analyst");

  routes.get("/studies/:id/export", readers, (c) => {
    const query = readQuery(c, ZExportQuery);
    const started = startExport(deps, c.req.param("id"), query, (summary) => {
      const { studyId, ...detail } = summary;
      audit(deps, c, "export.download", studyId, { ...detail });
    });
    const headers: Record<string, string> = {
      "Content-Type": started.contentType,
      "Content-Disposition": `attachment; filename="${started.fileName}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    };
    if (query.detail === "full") headers["X-Confidential"] = "full detail: not for publication";
    return c.body(started.body, 200, headers);
  });

  routes.get("/studies/:id/export/codebook", readers, (c) => {
    const query = readQuery(c, ZCodebookQuery);
    const result = exportCodebook(deps, c.req.param("id"), query);
    c.header("Cache-Control", "no-store");
    if (query.format === "json") return c.json(result);
    return c.body(codebookCsv(result.codebook), 200, {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="codebook-${result.studyId.replace(/[^A-Za-z0-9-]/g, "-")}-${result.generatedOn}-${query.detail}.csv"`,
    });
  });

  return routes;
}
