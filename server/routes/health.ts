/**
 * GET /api/health: answers 200 when the server can read its database, 503 otherwise, for whoever watches
 * the server in a prison's network.
 */
import { Hono } from "hono";
import { databaseAnswers, type Db } from "../store/db.ts";

export function healthRoutes(db: Db, instrumentCount: number): Hono {
  const routes = new Hono();
  routes.get("/", (c) => {
    const ok = databaseAnswers(db);
    const database = ok ? "ok" : "unavailable";
    return c.json({ status: ok ? "ok" : "degraded", database, instruments: instrumentCount }, ok ? 200 : 503);
  });
  return routes;
}
