/**
 * The Results page's requests: the instruments' titles, a study's analysis and its PDF report. The session
 * cookie is httpOnly, so every request goes with `credentials: "same-origin"`; answers are never cached
 * (`no-store`): results are about the responses held now, and internal results must not linger in a cache.
 *
 * Failures are thrown as one `RequestError` carrying a `Failure` (query.ts sorts them by what the user can do);
 * the page catches them in one place. An aborted request rethrows the browser's AbortError untouched.
 */
import type { AnalysisResult, LocalizedText } from "../../../../analysis/types.ts";
import {
  analysisUrl,
  failureKind,
  readProblemBody,
  reportFilename,
  reportUrl,
  type AnalysisQuery,
  type Failure,
} from "./query.ts";

export class RequestError extends Error {
  readonly failure: Failure;

  constructor(failure: Failure) {
    super(failure.detail ?? failure.kind);
    this.name = "RequestError";
    this.failure = failure;
  }
}

/** True for the error a fetch throws when its AbortController fires. */
export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === "AbortError";
}

async function send(url: string, signal: AbortSignal | undefined, accept: string): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, { credentials: "same-origin", cache: "no-store", headers: { Accept: accept }, signal });
  } catch (error) {
    if (isAbort(error)) throw error;
    throw new RequestError({ kind: "network", status: null, code: null, detail: null });
  }
  if (!response.ok) {
    let body: unknown = null;
    try {
      body = await response.json();
    } catch {
      // Not a problem document (a proxy's HTML page, say): the status alone decides.
    }
    const { code, detail } = readProblemBody(body);
    throw new RequestError({ kind: failureKind(response.status, code), status: response.status, code, detail });
  }
  return response;
}

function looksLikeResult(value: unknown): value is AnalysisResult {
  if (!value || typeof value !== "object") return false;
  const v = value as Partial<AnalysisResult>;
  return (
    Array.isArray(v.items) &&
    Array.isArray(v.sample) &&
    Array.isArray(v.instruments) &&
    typeof v.threshold === "number" &&
    (v.mode === "published" || v.mode === "internal") &&
    Boolean(v.plan && Array.isArray(v.plan.groups))
  );
}

/** GET /api/studies/:id/analysis. */
export async function fetchAnalysis(studyId: string, query: AnalysisQuery, signal?: AbortSignal): Promise<AnalysisResult> {
  const response = await send(analysisUrl(studyId, query), signal, "application/json");
  let body: unknown;
  try {
    body = await response.json();
  } catch (error) {
    if (isAbort(error)) throw error;
    throw new RequestError({ kind: "unexpected", status: response.status, code: null, detail: null });
  }
  if (!looksLikeResult(body)) throw new RequestError({ kind: "unexpected", status: response.status, code: null, detail: null });
  return body;
}

/** GET /api/studies/:id/report.pdf: the file and the name to save it under. */
export async function fetchReport(
  studyId: string,
  query: AnalysisQuery,
  today: string,
  signal?: AbortSignal,
): Promise<{ blob: Blob; filename: string }> {
  const response = await send(reportUrl(studyId, query), signal, "application/pdf");
  const type = response.headers.get("Content-Type") ?? "";
  if (!type.toLowerCase().startsWith("application/pdf")) {
    throw new RequestError({ kind: "unexpected", status: response.status, code: null, detail: null });
  }
  const blob = await response.blob();
  return { blob, filename: reportFilename(studyId, response.headers.get("Content-Disposition"), query, today) };
}

function isLocalized(value: unknown): value is LocalizedText {
  if (!value || typeof value !== "object") return false;
  const v = value as Record<string, unknown>;
  return typeof v["lv"] === "string" && typeof v["ru"] === "string" && typeof v["en"] === "string";
}

/** GET /api/instruments, reduced to each instrument's title. */
export async function fetchInstrumentTitles(signal?: AbortSignal): Promise<Map<string, LocalizedText>> {
  const response = await send("/api/instruments", signal, "application/json");
  const body: unknown = await response.json();
  const titles = new Map<string, LocalizedText>();
  if (Array.isArray(body)) {
    for (const entry of body as unknown[]) {
      if (!entry || typeof entry !== "object") continue;
      const { id, title } = entry as { id?: unknown; title?: unknown };
      if (typeof id === "string" && isLocalized(title)) titles.set(id, title);
    }
  }
  return titles;
}

/** Today in Riga as YYYY-MM-DD, for a file name when the server gives none. */
export function todayInRiga(now: Date = new Date()): string {
  // Swedish writes dates as ISO; the time zone keeps late-evening downloads on the right day.
  return now.toLocaleDateString("sv-SE", { timeZone: "Europe/Riga" });
}

/** Saves a blob as a file through a temporary object URL and a download link. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  a.rel = "noopener";
  a.hidden = true;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoked a little later: some browsers start reading the blob only after click() returns.
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
