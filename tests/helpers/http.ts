/**
 * Small helpers for calling the real app in tests: JSON bodies, session cookies and bearer tokens.
 */
import type { Hono } from "hono";

export interface CallOptions {
  body?: unknown;
  cookie?: string;
  bearer?: string;
  headers?: Record<string, string>;
}

/** Calls the app and returns the status, headers and parsed JSON body (or text when not JSON). */
export async function call(
  app: Hono<any>,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<{ status: number; headers: Headers; body: any }> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.body !== undefined) headers["Content-Type"] ??= "application/json";
  if (options.cookie) headers.Cookie = options.cookie;
  if (options.bearer) headers.Authorization = `Bearer ${options.bearer}`;
  const res = await app.request(path, {
    method,
    headers,
    body: options.body === undefined ? undefined : typeof options.body === "string" ? options.body : JSON.stringify(options.body),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON; keep the text
  }
  return { status: res.status, headers: res.headers, body };
}
