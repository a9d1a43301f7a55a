/*
 * Service worker of the tablet kiosk, served at /sw.js with scope "/".
 *
 * Prison tablets are often offline, and a kiosk that was started online once must start again with the
 * network off. This worker keeps the app shell (the /tablet page and the hashed scripts and styles it
 * names) in a cache and serves it when the network is missing or slow. It deliberately never touches
 * /api/: instruments live in IndexedDB (storage.ts) and respondents' answers must never land in a cache.
 *
 * Plain JavaScript with no imports or build step: it is copied to the site root as it is. Bump CACHE when
 * this file's caching behaviour changes, so the old cache is dropped on activation.
 */
"use strict";

const CACHE = "prp-shell-v1";
const CACHE_PREFIX = "prp-shell-";
const SHELL = "/tablet";
const OPTIONAL = ["/favicon.svg"];
const NAVIGATION_TIMEOUT_MS = 3000;

// ---------------------------------------------------------------------------------------------------------
// Reading the shell
// ---------------------------------------------------------------------------------------------------------

/** The value of attribute `name` in one start tag, entity `&amp;` decoded, or null. */
function attribute(tag, name) {
  const match = new RegExp("\\s" + name + "\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s\"'>]+))", "i").exec(tag);
  if (!match) return null;
  const value = match[1] ?? match[2] ?? match[3] ?? "";
  return value.replace(/&amp;/g, "&").trim() || null;
}

/** A same-origin, non-API path for `value` as written in the page, or null. */
function localPath(value) {
  try {
    const url = new URL(value, new URL(SHELL, self.location.origin));
    if (url.origin !== self.location.origin) return null;
    if (url.pathname === "/api" || url.pathname.startsWith("/api/")) return null;
    return url.pathname + url.search;
  } catch {
    return null;
  }
}

/**
 * The URLs the page needs, split into required ones (scripts, stylesheets, module preloads: without them
 * the app cannot start) and optional ones (icons, manifest...). There is no DOMParser in a worker, and
 * Vite's index.html is regular enough for a tag-level regular expression.
 */
function shellUrls(html) {
  const required = new Set();
  const optional = new Set(OPTIONAL);
  const source = html.replace(/<!--[\s\S]*?-->/g, "");
  for (const [tag] of source.matchAll(/<script\b[^>]*>/gi)) {
    const src = attribute(tag, "src");
    const path = src && localPath(src);
    if (path) required.add(path);
  }
  for (const [tag] of source.matchAll(/<link\b[^>]*>/gi)) {
    const href = attribute(tag, "href");
    const path = href && localPath(href);
    if (!path) continue;
    const rel = (attribute(tag, "rel") || "").toLowerCase().split(/\s+/);
    if (rel.includes("stylesheet") || rel.includes("modulepreload")) required.add(path);
    else optional.add(path);
  }
  for (const path of required) optional.delete(path);
  return { required: [...required], optional: [...optional] };
}

/**
 * Caches everything `html` needs and then the page itself, in that order, so the cached page never names
 * an asset the cache lacks. Hashed assets already cached are not fetched again. Rejects when a required
 * asset cannot be had (the old shell then stays); failures of optional ones are ignored.
 */
async function storeShell(html) {
  const cache = await caches.open(CACHE);
  const { required, optional } = shellUrls(html);
  await Promise.all(
    required.map(async (path) => {
      if (path.startsWith("/assets/") && (await cache.match(path, { ignoreVary: true }))) return;
      const response = await fetch(path, { cache: "no-cache", credentials: "same-origin" });
      if (!response.ok) throw new Error("could not cache " + path + ": " + response.status);
      await cache.put(path, response);
    }),
  );
  await Promise.all(
    optional.map(async (path) => {
      try {
        const response = await fetch(path, { cache: "no-cache", credentials: "same-origin" });
        if (response.ok) await cache.put(path, response);
      } catch {
        // Optional: the kiosk starts without it.
      }
    }),
  );
  await cache.put(SHELL, new Response(html, { status: 200, headers: { "Content-Type": "text/html; charset=utf-8" } }));
}

function isHtml(response) {
  return response.ok && response.type === "basic" && /text\/html/i.test(response.headers.get("Content-Type") || "");
}

// ---------------------------------------------------------------------------------------------------------
// Life cycle
// ---------------------------------------------------------------------------------------------------------

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      // Straight from the server: an HTTP-cached page could name assets that are gone.
      const response = await fetch(SHELL, { cache: "reload", credentials: "same-origin" });
      if (!isHtml(response)) throw new Error("could not fetch " + SHELL + ": " + response.status);
      await storeShell(await response.text());
      // A kiosk is rarely closed, so a new worker would otherwise wait for ever.
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(names.filter((name) => name.startsWith(CACHE_PREFIX) && name !== CACHE).map((name) => caches.delete(name)));
      await self.clients.claim();
    })(),
  );
});

// ---------------------------------------------------------------------------------------------------------
// Fetch
// ---------------------------------------------------------------------------------------------------------

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  // Never answered or cached here: responses and instruments are the app's business (IndexedDB).
  if (url.pathname === "/api" || url.pathname.startsWith("/api/")) return;
  if (request.mode === "navigate" && (url.pathname === SHELL || url.pathname.startsWith(SHELL + "/"))) {
    event.respondWith(navigate(event));
    return;
  }
  if (url.pathname.startsWith("/assets/")) {
    event.respondWith(cacheFirst(event));
  }
  // Everything else goes to the network as if there were no worker.
});

function delay(ms) {
  return new Promise((resolve) => setTimeout(() => resolve(null), ms));
}

/**
 * Network first with a 3 s timeout, falling back to the cached shell (the SPA routes /tablet/... itself).
 * A page that did come from the network refreshes the cached shell in the background, so the kiosk picks
 * up a new release the next time it starts offline.
 */
async function navigate(event) {
  const network = fetch(event.request);
  // Registered before anything can read the body, so the clone is taken while the body is untouched.
  event.waitUntil(
    network
      .then((response) => (isHtml(response) ? response.clone().text().then(storeShell) : undefined))
      .catch(() => undefined),
  );
  const first = await Promise.race([network.catch(() => null), delay(NAVIGATION_TIMEOUT_MS)]);
  // Redirects and client errors are the server's answer; only a missing, slow or failing server falls back.
  if (first && first.status < 500) return first;
  const cached = await caches.open(CACHE).then((cache) => cache.match(SHELL)).catch(() => undefined);
  if (cached) return cached;
  // No shell cached yet: whatever the network eventually says (or its error) is all there is.
  return first || network;
}

/** Cache first for Vite's content-hashed assets, which never change under the same name. */
async function cacheFirst(event) {
  const request = event.request;
  const cache = await caches.open(CACHE);
  // ignoreVary: the name alone identifies a hashed asset, whatever headers the first request carried.
  const hit = await cache.match(request, { ignoreVary: true });
  if (hit) return hit;
  const response = await fetch(request);
  // Only whole, successful, same-origin bodies: a 206 or an error page must not be served for ever.
  if (response.status === 200 && response.type === "basic") {
    event.waitUntil(cache.put(request, response.clone()).catch(() => undefined));
  }
  return response;
}
