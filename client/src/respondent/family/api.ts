/**
 * The family page's three requests to the server, each turned into a small result type the page can
 * switch on. Family members answer on their own phones over mobile data, so every request has a time
 * limit (a stalled connection must become "no connection, retrying", not an endless spinner), and the
 * answer to a POST says plainly whether trying again could help.
 */
import type { Locale, Text } from "../ui/texts.ts";

/** A stalled request is given up after this long and counted as a lost connection. */
const REQUEST_TIMEOUT_MS = 20_000;

export interface LinkInfo {
  instrumentId: string;
  version: string;
  title: Text;
}

/** Why a link can no longer be used; "unknown" is a link the server never made. */
export type GoneReason = "used-up" | "revoked" | "study-closed" | "unknown" | (string & {});

export type LinkStatus = { kind: "ok"; link: LinkInfo } | { kind: "gone"; reason: GoneReason } | { kind: "error" };

export interface ResponsePayload {
  linkToken: string;
  id: string;
  instrumentId: string;
  instrumentVersion: string;
  locale: Locale;
  answers: Record<string, unknown>;
}

export type PostOutcome =
  | { kind: "ok" }
  | { kind: "gone"; reason: GoneReason }
  /** Worth trying again: no connection, a timeout, 5xx, 408 or 429 (with the server's Retry-After). */
  | { kind: "retry"; retryAfterMs: number | null }
  /** The server read the answers and refused them; trying the same again gives the same answer. */
  | { kind: "rejected"; status: number; code: string };

interface Problem {
  code?: unknown;
  details?: unknown;
}

async function fetchWithTimeout(input: string, init: RequestInit = {}): Promise<Response> {
  const controller = new AbortController();
  const timer = window.setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
  try {
    // no-store: a link's status and a response's receipt are about now, never a cached answer.
    return await fetch(input, { ...init, cache: "no-store", credentials: "same-origin", signal: controller.signal });
  } finally {
    window.clearTimeout(timer);
  }
}

async function readProblem(response: Response): Promise<Problem> {
  try {
    const body: unknown = await response.json();
    return body && typeof body === "object" ? (body as Problem) : {};
  } catch {
    return {};
  }
}

function goneReason(problem: Problem): GoneReason {
  const reason = (problem.details as { reason?: unknown } | undefined)?.reason;
  return typeof reason === "string" ? reason : "revoked";
}

function isText(value: unknown): value is Text {
  if (!value || typeof value !== "object") return false;
  const v = value as Record<string, unknown>;
  return typeof v["lv"] === "string" && typeof v["ru"] === "string" && typeof v["en"] === "string";
}

export async function fetchLinkStatus(token: string): Promise<LinkStatus> {
  let response: Response;
  try {
    response = await fetchWithTimeout(`/api/link-status/${encodeURIComponent(token)}`);
  } catch {
    return { kind: "error" };
  }
  if (response.ok) {
    try {
      const body = (await response.json()) as Record<string, unknown>;
      const { instrumentId, version, title } = body;
      if (typeof instrumentId === "string" && typeof version === "string" && isText(title)) {
        return { kind: "ok", link: { instrumentId, version, title } };
      }
    } catch {
      // fall through: a body we cannot read is treated like a failed request, and can be retried
    }
    return { kind: "error" };
  }
  const problem = await readProblem(response);
  if (response.status === 410 || problem.code === "link.gone") return { kind: "gone", reason: goneReason(problem) };
  // An unknown link (401), or a token too mangled to route (404): nothing to retry.
  if (response.status === 401 || response.status === 404 || problem.code === "credential.invalid") return { kind: "gone", reason: "unknown" };
  return { kind: "error" };
}

/** The questionnaire's SurveyJS JSON, or null when it could not be fetched. */
export async function fetchInstrument(id: string): Promise<unknown> {
  try {
    const response = await fetchWithTimeout(`/api/instruments/${encodeURIComponent(id)}`);
    if (!response.ok) return null;
    return (await response.json()) as unknown;
  } catch {
    return null;
  }
}

function retryAfterMs(response: Response): number | null {
  const header = response.headers.get("Retry-After");
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

export async function postResponse(payload: ResponsePayload): Promise<PostOutcome> {
  let response: Response;
  try {
    response = await fetchWithTimeout("/api/responses", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(payload),
    });
  } catch {
    return { kind: "retry", retryAfterMs: null };
  }
  if (response.ok) return { kind: "ok" };
  if (response.status >= 500 || response.status === 408 || response.status === 429) {
    return { kind: "retry", retryAfterMs: retryAfterMs(response) };
  }
  const problem = await readProblem(response);
  if (response.status === 410 || problem.code === "link.gone") return { kind: "gone", reason: goneReason(problem) };
  if (problem.code === "credential.invalid") return { kind: "gone", reason: "unknown" };
  return { kind: "rejected", status: response.status, code: typeof problem.code === "string" ? problem.code : `http-${response.status}` };
}

/** 2 s, 4 s, 8 s, ... never more than 60 s; a server's Retry-After is honoured within that limit. */
export function backoffMs(failures: number, serverAsked: number | null): number {
  const own = Math.min(60_000, 2000 * 2 ** Math.max(0, failures - 1));
  return Math.min(60_000, Math.max(own, serverAsked ?? 0));
}
