/**
 * Builds the HTTP application from its dependencies. Nothing here opens a database or reads the
 * environment: main.ts does that for the real server and tests do it with their own temporary files.
 */
import { Hono } from "hono";
import type { LoadedInstrument } from "../instruments/catalog.ts";
import { Problem, PROBLEM_CONTENT_TYPE } from "./http/problem.ts";
import { requestLog, type LogLine } from "./http/request-log.ts";
import { healthRoutes } from "./routes/health.ts";
import { instrumentRoutes } from "./routes/instruments.ts";
import type { Db } from "./store/db.ts";

export interface AppDeps {
  db: Db;
  catalog: readonly LoadedInstrument[];
  /** The current instant; tests pass a fixed clock. */
  clock: () => Date;
  /** Where request and error lines go; omit to stay silent. */
  log?: LogLine;
}

function problemResponse(problem: Problem): Response {
  return new Response(JSON.stringify(problem.toBody()), {
    status: problem.status,
    headers: { "Content-Type": PROBLEM_CONTENT_TYPE },
  });
}

export function createApp(deps: AppDeps): Hono {
  const log = deps.log ?? (() => {});
  const app = new Hono();
  app.use("*", requestLog(log));

  app.route("/api/health", healthRoutes(deps.db, deps.catalog.length));
  app.route("/api/instruments", instrumentRoutes(deps.catalog));

  app.notFound((c) =>
    problemResponse(new Problem("request.not_found", `No route for ${c.req.method} ${new URL(c.req.url).pathname}.`)),
  );
  app.onError((error) => {
    if (error instanceof Problem) return problemResponse(error);
    log(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return problemResponse(new Problem("internal", "Something went wrong on the server. Nothing you sent was lost; please try again."));
  });
  return app;
}
