/**
 * Serves the built browser apps. The tablet kiosk (/tablet) and the family link page (/f/<token>) are the
 * respondent single-page app (index.html); the researcher console (/console, /console/*) is a separate
 * page (console.html) with its own scripts, so neither loads the other's code. /assets/* are
 * content-hashed files, cached for good; /sw.js is the service worker that lets a tablet start offline.
 *
 * A family link carries its token in the address, and the console shows data about the study, so every
 * page sends `Referrer-Policy: no-referrer` and loads nothing from elsewhere (CSP), and the request log
 * records the route pattern, never the token.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { serveStatic } from "@hono/node-server/serve-static";
import { Hono, type Context } from "hono";
import type { AppEnv } from "../http/env.ts";
import { Problem } from "../http/problem.ts";

export const CLIENT_DIST = fileURLToPath(new URL("../../client/dist/", import.meta.url));

const PAGE_HEADERS = {
  "Content-Type": "text/html; charset=utf-8",
  "Cache-Control": "no-cache",
  "Referrer-Policy": "no-referrer",
  "X-Content-Type-Options": "nosniff",
  "Content-Security-Policy":
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
};

/** A handler that sends one built HTML page, or 503 client.not_built naming the app when it is missing. */
function htmlPage(file: string, app: string) {
  return (c: Context<AppEnv>) => {
    if (!existsSync(file)) {
      throw new Problem("client.not_built", `The ${app} is not built. Run \`npm run build:client\` (npm start does it for you).`);
    }
    // Read on each request: the file is small, and a rebuild takes effect without a restart.
    return c.body(readFileSync(file, "utf8"), 200, PAGE_HEADERS);
  };
}

export function clientRoutes(dist: string = CLIENT_DIST): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const page = htmlPage(join(dist, "index.html"), "respondent app");
  const consolePage = htmlPage(join(dist, "console.html"), "researcher console");

  routes.get("/", (c) => c.redirect("/tablet", 302));
  routes.get("/tablet", page);
  routes.get("/tablet/*", page);
  routes.get("/f/:token", page);
  routes.get("/console", consolePage);
  routes.get("/console/*", consolePage);
  // Headers go on before serveStatic builds its response (its onFound runs too late to add any).
  routes.get(
    "/assets/*",
    async (c, next) => {
      c.header("Cache-Control", "public, max-age=31536000, immutable");
      await next();
    },
    serveStatic({ root: dist }),
  );
  routes.get(
    "/sw.js",
    async (c, next) => {
      c.header("Cache-Control", "no-cache");
      c.header("Service-Worker-Allowed", "/");
      await next();
    },
    serveStatic({ root: dist }),
  );
  routes.get("/favicon.svg", serveStatic({ root: dist }));
  return routes;
}
