/**
 * The console's one way to talk to the server: JSON in, JSON out, the session cookie sent along
 * (httpOnly, so this code never sees it). Every failure becomes an `ApiError` carrying the server's
 * RFC 9457 problem (code, detail, field details), or code "network" when the server could not be reached,
 * so each screen can say what happened and what to do. A 401 "auth.unauthenticated" from any request
 * means the session ended: the app is told once, through `onSessionEnded`, and goes back to sign-in.
 */

export interface FieldProblem {
  path: string;
  reason: string;
}

export type Role = "admin" | "researcher" | "analyst" | "interviewer";
export const ROLES: readonly Role[] = ["admin", "researcher", "analyst", "interviewer"];

export interface User {
  id: number;
  email: string;
  role: Role;
}

export interface Study {
  id: string;
  name: string;
  instruments: string[];
  sites: string[];
  channels: string[];
  opensOn: string | null;
  closesOn: string | null;
  disclosureThreshold: number;
  closed: boolean;
  createdOn: string;
  /** Paper forms are typed in twice, by two colleagues independently (else once). */
  paperDoubleEntry: boolean;
  /** Who settles two paper entries that differ: a third colleague, or either of the two. */
  paperResolver: PaperResolver;
  /** Days after an interview is summarised until its recordings are deleted (1-7). */
  recordingRetentionDays: number;
}

export const PAPER_RESOLVERS = ["third-person", "either-enterer"] as const;
export type PaperResolver = (typeof PAPER_RESOLVERS)[number];
/** The guides promise the recordings are deleted within a week after the answers are summarised. */
export const MAX_RECORDING_RETENTION_DAYS = 7;

export interface Site {
  id: string;
  name: string;
}

export interface LocalizedText {
  lv: string;
  ru: string;
  en: string;
}

/** GET /api/instruments: the summary of each instrument (server/routes/instruments.ts `summarize`). */
export interface InstrumentSummary {
  id: string;
  appendix: number;
  kind: "questionnaire" | "interview" | (string & {});
  respondentGroup: string;
  channels: string[];
  title: LocalizedText;
  version: string;
  questionCounts: number[];
  ageGroupQuestion: string | null;
}

/** The channels a study can use (instruments/index.ts CHANNELS). */
export const CHANNELS = ["tablet", "online", "paper", "interview"] as const;
export type Channel = (typeof CHANNELS)[number];

/** Canonical age groups in report order (instruments/index.ts AGE_GROUPS). */
export const AGE_GROUPS = ["under-18", "18-21", "22-25", "60-70", "over-70", "mothers-18-25", "mothers-26-plus"] as const;
export type AgeGroup = (typeof AGE_GROUPS)[number];

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly fields: FieldProblem[];
  readonly retryAfterSeconds: number | null;

  constructor(status: number, code: string, detail: string, fields: FieldProblem[] = [], retryAfterSeconds: number | null = null) {
    super(detail);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.fields = fields;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

let sessionEnded: (() => void) | null = null;

/** Registers what to do when the server says the session is over (the app shows sign-in). */
export function onSessionEnded(handler: (() => void) | null): void {
  sessionEnded = handler;
}

/** For parts that make their own requests (the results page): the session is over, show sign-in. */
export function endSession(): void {
  sessionEnded?.();
}

function isFieldProblem(value: unknown): value is FieldProblem {
  return !!value && typeof value === "object" && typeof (value as FieldProblem).path === "string" && typeof (value as FieldProblem).reason === "string";
}

/** Turns a failed response into an ApiError, whatever its body is. */
export async function problemOf(response: Response): Promise<ApiError> {
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = await response.json();
    if (parsed && typeof parsed === "object") body = parsed as Record<string, unknown>;
  } catch {
    // Not JSON (a proxy's error page): the status alone has to do.
  }
  const code = typeof body.code === "string" ? body.code : `http.${response.status}`;
  const detail = typeof body.detail === "string" ? body.detail : response.statusText || `HTTP ${response.status}`;
  const fields = Array.isArray(body.details) ? body.details.filter(isFieldProblem) : [];
  const fromDetails = body.details && typeof body.details === "object" ? (body.details as { retryAfterSeconds?: unknown }).retryAfterSeconds : undefined;
  const header = Number(response.headers.get("Retry-After"));
  const retryAfter = typeof fromDetails === "number" ? fromDetails : Number.isFinite(header) && header > 0 ? header : null;
  const error = new ApiError(response.status, code, detail, fields, retryAfter);
  if (response.status === 401 && code === "auth.unauthenticated") sessionEnded?.();
  return error;
}

/** A fetch that turns "no connection" into an ApiError too. */
export async function send(path: string, init: RequestInit = {}): Promise<Response> {
  try {
    return await fetch(path, { credentials: "same-origin", cache: "no-store", ...init });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiError(0, "network", error instanceof Error ? error.message : String(error));
  }
}

/**
 * Calls the API and returns its JSON (undefined for 204). Bodies go as JSON with the JSON content type.
 * @example const studies = await api<Study[]>("GET", "/api/studies");
 */
export async function api<T>(method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE", path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const init: RequestInit = { method, headers: { Accept: "application/json" } };
  if (signal) init.signal = signal;
  if (method !== "GET") {
    init.headers = { Accept: "application/json", "Content-Type": "application/json" };
    init.body = JSON.stringify(body ?? {});
  }
  const response = await send(path, init);
  if (!response.ok) throw await problemOf(response);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Reasons the server gave for one form field ("sites" also collects "sites.0"). */
export function fieldReasons(error: unknown, field: string): string[] {
  if (!(error instanceof ApiError)) return [];
  return error.fields.filter((f) => f.path === field || f.path.startsWith(`${field}.`)).map((f) => f.reason);
}
