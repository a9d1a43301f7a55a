/**
 * Builds the HTTP application from its dependencies. Nothing here opens a database or reads the
 * environment: main.ts does that for the real server and tests do it with their own temporary files.
 */
import { Hono } from "hono";
import type { LoadedInstrument } from "../instruments/catalog.ts";
import { Problem, PROBLEM_CONTENT_TYPE } from "./http/problem.ts";
import { requestLog, type LogLine } from "./http/request-log.ts";
import type { AppEnv } from "./http/env.ts";
import { accessRoutes } from "./routes/access.ts";
import { analysisRoutes } from "./routes/analysis.ts";
import { paperRoutes } from "./routes/paper.ts";
import { paperEntryRoutes } from "./routes/paper-entry.ts";
import { auditRoutes } from "./routes/audit.ts";
import { authRoutes } from "./routes/auth.ts";
import { clientRoutes } from "./routes/client.ts";
import { codingRoutes } from "./routes/coding.ts";
import { exportRoutes } from "./routes/export.ts";
import { healthRoutes } from "./routes/health.ts";
import { instrumentRoutes } from "./routes/instruments.ts";
import { interviewRoutes } from "./routes/interviews.ts";
import { responseRoutes } from "./routes/responses.ts";
import { studyRoutes } from "./routes/studies.ts";
import { userRoutes } from "./routes/users.ts";
import type { Db } from "./store/db.ts";

export interface AppDeps {
  db: Db;
  catalog: readonly LoadedInstrument[];
  /** The current instant; tests pass a fixed clock. */
  clock: () => Date;
  /** Where request and error lines go; omit to stay silent. */
  log?: LogLine;
  /** The address people use to reach the server; family links are built on it. */
  publicUrl?: string;
  /** Served over https: Secure, __Host- session cookies. */
  secureCookies?: boolean;
  /** The built respondent app; defaults to client/dist. */
  clientDist?: string;
  /** Where interview recordings are kept (outside the database); defaults to ./data/recordings. */
  recordingsDir?: string;
}

function problemResponse(problem: Problem): Response {
  const headers: Record<string, string> = { "Content-Type": PROBLEM_CONTENT_TYPE };
  const retryAfter = (problem.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  if (typeof retryAfter === "number") headers["Retry-After"] = String(retryAfter);
  return new Response(JSON.stringify(problem.toBody()), { status: problem.status, headers });
}

export function createApp(deps: AppDeps): Hono<AppEnv> {
  const log = deps.log ?? (() => {});
  const app = new Hono<AppEnv>();
  app.use("*", requestLog(log));

  const cookies = { secure: deps.secureCookies ?? false };
  const common = { db: deps.db, clock: deps.clock, cookies };
  app.route("/api/health", healthRoutes(deps.db, deps.catalog.length));
  app.route("/api/instruments", instrumentRoutes(deps.catalog));
  app.route("/api/auth", authRoutes(common));
  app.route("/api", studyRoutes(common));
  app.route("/api", userRoutes(common));
  app.route("/api", accessRoutes({ ...common, catalog: deps.catalog, publicUrl: deps.publicUrl ?? "http://localhost:8787" }));
  app.route("/api", responseRoutes({ ...common, catalog: deps.catalog }));
  app.route("/api", analysisRoutes({ ...common, catalog: deps.catalog }));
  app.route("/api", paperRoutes({ ...common, catalog: deps.catalog }));
  app.route("/api", paperEntryRoutes({ ...common, catalog: deps.catalog }));
  app.route("/api", exportRoutes({ ...common, catalog: deps.catalog }));
  app.route("/api", auditRoutes(common));
  app.route("/api", interviewRoutes({ ...common, catalog: deps.catalog, recordingsDir: deps.recordingsDir ?? "./data/recordings" }));
  app.route("/api", codingRoutes({ ...common, catalog: deps.catalog }));
  app.route("/", clientRoutes(deps.clientDist));

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
