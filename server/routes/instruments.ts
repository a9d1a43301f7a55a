/**
 * GET /api/instruments and GET /api/instruments/:id: the study's instruments as SurveyJS JSON.
 *
 * The ETag is the instrument's content version, so a tablet that already holds the current version gets a
 * 304 with no body, and a respondent's answers can name exactly the version they answered.
 */
import { Hono } from "hono";
import type { LoadedInstrument } from "../../instruments/catalog.ts";
import { Problem } from "../http/problem.ts";

export interface InstrumentSummary {
  id: string;
  appendix: number;
  kind: string;
  respondentGroup: string;
  channels: readonly string[];
  title: unknown;
  version: string;
  questionCounts: readonly number[];
  ageGroupQuestion: string | null;
}

function summarize(item: LoadedInstrument): InstrumentSummary {
  const d = item.descriptor;
  return {
    id: d.id,
    appendix: d.appendix,
    kind: d.kind,
    respondentGroup: d.respondentGroup,
    channels: d.channels,
    title: d.title,
    version: item.version,
    questionCounts: d.questionCounts,
    ageGroupQuestion: d.ageGroup?.question ?? null,
  };
}

/** True when an If-None-Match header names this ETag (or is `*`). */
function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch
    .split(",")
    .map((t) => t.trim().replace(/^W\//, ""))
    .some((t) => t === etag || t === "*");
}

export function instrumentRoutes(catalog: readonly LoadedInstrument[]): Hono {
  const byId = new Map(catalog.map((item) => [item.descriptor.id as string, { item, body: JSON.stringify(item.json) }]));
  const list = JSON.stringify(catalog.map(summarize));
  const routes = new Hono();

  routes.get("/", (c) => {
    c.header("Cache-Control", "no-cache");
    return c.body(list, 200, { "Content-Type": "application/json; charset=utf-8" });
  });

  routes.get("/:id", (c) => {
    const id = c.req.param("id");
    const found = byId.get(id);
    if (!found) throw new Problem("instrument.not_found", `There is no instrument "${id}".`, { id });
    const etag = `"${found.item.version}"`;
    c.header("ETag", etag);
    c.header("Cache-Control", "no-cache");
    if (matchesEtag(c.req.header("If-None-Match"), etag)) return c.body(null, 304);
    return c.body(found.body, 200, { "Content-Type": "application/json; charset=utf-8" });
  });

  return routes;
}
