/**
 * The Results page's requests as plain data: the addresses of the analysis and the PDF, what a failed answer
 * means for the user (signed out, not allowed, try again …), and the name a downloaded report is saved under.
 * Kept apart from the fetching (api.ts) so the rules can be unit tested without a browser.
 *
 * Pure and free of DOM types: unit tests import it under Node.
 */
import type { Locale, Mode } from "../../../../analysis/types.ts";

export interface AnalysisQuery {
  instruments: readonly string[];
  mode: Mode;
  lang: Locale;
}

/** What went wrong, in terms of what the user can do about it. */
export type FailureKind = "signed-out" | "forbidden" | "not-found" | "invalid" | "network" | "server" | "unexpected";

/** A failed request as the page shows it. `detail` is the server's own (English) words, when it sent a problem. */
export interface Failure {
  kind: FailureKind;
  status: number | null;
  code: string | null;
  detail: string | null;
}

function queryString(q: AnalysisQuery): string {
  // Instrument ids are [a-z0-9-]; encoded anyway, joined with a plain comma as the server splits them.
  const instruments = q.instruments.map(encodeURIComponent).join(",");
  return `instruments=${instruments}&by=ageGroup&mode=${q.mode}&lang=${q.lang}`;
}

/**
 * The address of a study's analysis.
 * @example analysisUrl("st_1", { instruments: ["youth", "seniors"], mode: "published", lang: "lv" })
 * // "/api/studies/st_1/analysis?instruments=youth,seniors&by=ageGroup&mode=published&lang=lv"
 */
export function analysisUrl(studyId: string, q: AnalysisQuery): string {
  return `/api/studies/${encodeURIComponent(studyId)}/analysis?${queryString(q)}`;
}

/** The address of a study's PDF report; `q.lang` is the report's language. */
export function reportUrl(studyId: string, q: AnalysisQuery): string {
  return `/api/studies/${encodeURIComponent(studyId)}/report.pdf?${queryString(q)}`;
}

/**
 * Sorts a failed answer by what the user should do. 401 means the session ended, whatever the code; a 5xx says
 * only that something went wrong on the server; `status` null means the request never got an answer.
 */
export function failureKind(status: number | null, code: string | null): FailureKind {
  if (status === null) return "network";
  if (status === 401 || code === "auth.unauthenticated") return "signed-out";
  if (status === 403) return "forbidden";
  if (status === 404) return "not-found";
  if (status === 400 || status === 409 || status === 413 || status === 422) return "invalid";
  if (status === 408 || status === 429 || status === 502 || status === 503 || status === 504) return "network";
  if (status >= 500) return "server";
  return "unexpected";
}

/** Reads an RFC 9457 problem body, keeping only what the page shows; anything else gives nulls. */
export function readProblemBody(body: unknown): { code: string | null; detail: string | null } {
  if (!body || typeof body !== "object") return { code: null, detail: null };
  const b = body as Record<string, unknown>;
  return {
    code: typeof b["code"] === "string" ? b["code"] : null,
    detail: typeof b["detail"] === "string" ? b["detail"] : null,
  };
}

/** The file name in a Content-Disposition header (`attachment; filename="x.pdf"`), or null. */
export function filenameFromDisposition(header: string | null | undefined): string | null {
  if (!header) return null;
  const star = /filename\*\s*=\s*(?:UTF-8'')?"?([^";]+)"?/i.exec(header);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      // A malformed encoding: fall back to the plain filename parameter.
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;]+)/i.exec(header);
  const name = (plain?.[1] ?? plain?.[2])?.trim();
  return name ? name : null;
}

/** Letters, digits, dot, dash and underscore only: a name that is safe on every file system. */
function safeName(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^A-Za-z0-9._-]+/g, "-")
    .replace(/-+/g, "-")
    .replace(/^[-.]+|[-.]+$/g, "");
}

/**
 * The name a downloaded report is saved under: the study id first so reports of several studies do not get
 * mixed up, then the server's own name (which carries the day, mode and language), or one built like it.
 * @example reportFilename("st_2025", 'attachment; filename="report-2025-05-12-published-lv.pdf"', q, "2025-05-12")
 * // "st_2025-report-2025-05-12-published-lv.pdf"
 */
export function reportFilename(studyId: string, disposition: string | null | undefined, q: AnalysisQuery, today: string): string {
  const fromServer = filenameFromDisposition(disposition);
  const base = fromServer ? safeName(fromServer) : `report-${today}-${q.mode}-${q.lang}.pdf`;
  const name = base.toLowerCase().endsWith(".pdf") ? base : `${base}.pdf`;
  const study = safeName(studyId);
  return study ? `${study}-${name}` : name;
}

/** Whole seconds since `startedAt` (milliseconds), for "Sagatavo PDF… 12 s". */
export function elapsedSeconds(startedAt: number, now: number): number {
  return Math.max(0, Math.floor((now - startedAt) / 1000));
}
