/**
 * Request logging that cannot identify anyone: one line per request with the method, the matched route
 * pattern (`/api/instruments/:id`, not the URL, which may carry a token) and the status. No time stamp,
 * address, user agent, cookie or query string is ever written.
 */
import type { MiddlewareHandler } from "hono";
import { routePath } from "hono/route";

export type LogLine = (line: string) => void;

export function requestLog(write: LogLine): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const route = c.res.status === 404 && routePath(c) === "/*" ? "(no route)" : routePath(c);
    write(`${c.req.method} ${route} ${c.res.status}`);
  };
}
