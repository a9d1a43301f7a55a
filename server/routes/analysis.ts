/**
 * GET /api/studies/:id/analysis and GET /api/studies/:id/report.pdf: results by age group as JSON and as
 * a PDF report. Analysts get published results only (small groups protected); admins and researchers may
 * ask for internal results, which are exact and marked confidential.
 */
import { Hono, type Context } from "hono";
import { z } from "zod";
import { renderReport } from "../../analysis/report-pdf.ts";
import type { Mode } from "../../analysis/types.ts";
import { requireRole, type SessionCookieOptions } from "../http/auth.ts";
import { audit } from "../http/audit.ts";
import { parseParam } from "../http/body.ts";
import type { AppEnv } from "../http/env.ts";
import { Problem } from "../http/problem.ts";
import { studyAnalysis, type AnalysisDeps } from "../services/analysis.ts";

const ZQuery = z.object({
  instruments: z
    .string()
    .optional()
    .transform((v) => (v ? v.split(",").map((s) => s.trim()).filter(Boolean) : [])),
  by: z.literal("ageGroup").default("ageGroup"),
  mode: z.enum(["published", "internal"]).default("published"),
  lang: z.enum(["lv", "ru", "en"]).default("lv"),
});

function readQuery(c: Context<AppEnv>): z.infer<typeof ZQuery> {
  const query = parseParam("query", c.req.query(), ZQuery);
  if (query.mode === "internal" && c.get("user").role === "analyst") {
    throw new Problem("auth.forbidden", "Analysts receive published results only; internal results are for admins and researchers.");
  }
  return query;
}

export function analysisRoutes(deps: AnalysisDeps & { cookies: SessionCookieOptions }): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const readers = requireRole(deps, "admin", "researcher", "analyst");

  routes.get("/studies/:id/analysis", readers, (c) => {
    const query = readQuery(c);
    const result = studyAnalysis(deps, c.req.param("id"), { instruments: query.instruments, mode: query.mode as Mode });
    audit(deps, c, "analysis.view", result.study.id, { mode: result.mode, instruments: result.instruments.map((i) => i.id) });
    if (result.mode === "internal") c.header("X-Confidential", "internal results: not for publication");
    return c.json(result);
  });

  routes.get("/studies/:id/report.pdf", readers, async (c) => {
    const query = readQuery(c);
    const result = studyAnalysis(deps, c.req.param("id"), { instruments: query.instruments, mode: query.mode as Mode });
    const pdf = await renderReport(result, { lang: query.lang });
    audit(deps, c, "report.download", result.study.id, { mode: result.mode, lang: query.lang, instruments: result.instruments.map((i) => i.id) });
    const name = `report-${result.generatedOn}-${query.mode}-${query.lang}.pdf`;
    return c.body(new Uint8Array(pdf), 200, {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${name}"`,
      "Cache-Control": "no-store",
    });
  });

  return routes;
}
