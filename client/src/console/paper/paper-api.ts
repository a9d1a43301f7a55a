/**
 * The shapes the paper endpoints answer with (server/routes/paper.ts and server/routes/paper-entry.ts), and
 * the addresses they live at, in one place for the paper screens.
 */
import type { Study } from "../api.ts";
import type { PaperCode } from "./form-model.ts";

export const PAPER_LOCALES = ["lv", "ru", "en"] as const;
export type PaperLocale = (typeof PAPER_LOCALES)[number];

export const FORM_STATES = ["printed", "single-entered", "double-entered", "conflict", "final"] as const;
export type FormState = (typeof FORM_STATES)[number];

/** A study as the server now describes it, with its paper settings (absent on an older server). */
export type PaperStudy = Study & { paperDoubleEntry?: boolean; paperResolver?: "third-person" | "either-enterer" | (string & {}) };

/** GET /api/studies/:id/paper-batches: one print run with its forms counted by entry state. */
export interface PaperBatch {
  id: string;
  studyId: string;
  siteId: string | null;
  instrumentId: string;
  instrumentVersion: string;
  locale: PaperLocale;
  count: number;
  createdOn: string;
  forms: Partial<Record<FormState, number>>;
}

/** GET /api/studies/:id/paper-forms/summary */
export interface PaperSummary {
  printed: number;
  singleEntered: number;
  conflict: number;
  final: number;
  total: number;
  agreement: { formsCompared: number; itemsCompared: number; itemsAgreed: number; rate: number | null };
}

export type EntryReason = null | "final" | "entered-by-you" | "conflict" | "study-closed" | "no-paper-channel" | (string & {});

/** GET /api/paper-forms/:number */
export interface PaperFormInfo {
  number: string;
  studyId: string;
  studyName: string;
  instrumentId: string;
  instrumentVersion: string;
  locale: PaperLocale;
  siteId: string | null;
  state: FormState;
  enteredByMe: boolean;
  canEnter: boolean;
  reason: EntryReason;
}

export interface EntryPayload {
  answers: Record<string, unknown>;
  codes: Record<string, PaperCode>;
}

/** POST /api/paper-forms/:number/entries */
export interface EntryResult {
  state: "single-entered" | "final" | "conflict" | (string & {});
  differences?: number | unknown[];
}

/** GET /api/studies/:id/paper-forms?state=conflict */
export interface PaperFormRow {
  number: string;
  instrumentId: string;
  siteId: string | null;
  state: FormState;
}

export interface EntrySide {
  value: unknown;
  code: PaperCode | null;
}

/** GET /api/paper-forms/:number/conflict */
export interface PaperConflict {
  number: string;
  instrumentId: string;
  instrumentVersion: string;
  locale: PaperLocale;
  siteId: string | null;
  differences: { name: string; title?: { lv?: string; en?: string } | string | null; first: EntrySide; second: EntrySide }[];
  first: EntryPayload;
  second: EntryPayload;
}

/** How many differences an entry result reports. */
export function differenceCount(result: EntryResult): number {
  if (typeof result.differences === "number") return result.differences;
  if (Array.isArray(result.differences)) return result.differences.length;
  return 0;
}

const enc = encodeURIComponent;

export const paperApi = {
  batches: (studyId: string) => `/api/studies/${enc(studyId)}/paper-batches`,
  reprint: (batchId: string) => `/api/paper-batches/${enc(batchId)}/forms.pdf`,
  blank: (instrumentId: string, locale: PaperLocale) => `/api/instruments/${enc(instrumentId)}/blank.pdf?locale=${locale}`,
  summary: (studyId: string) => `/api/studies/${enc(studyId)}/paper-forms/summary`,
  forms: (studyId: string, state: FormState) => `/api/studies/${enc(studyId)}/paper-forms?state=${enc(state)}`,
  form: (number: string) => `/api/paper-forms/${enc(number)}`,
  entries: (number: string) => `/api/paper-forms/${enc(number)}/entries`,
  conflict: (number: string) => `/api/paper-forms/${enc(number)}/conflict`,
  resolution: (number: string) => `/api/paper-forms/${enc(number)}/resolution`,
  instrument: (instrumentId: string) => `/api/instruments/${enc(instrumentId)}`,
};
