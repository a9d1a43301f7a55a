/**
 * SQL for typing returned paper forms in: a form's entry state, the entries still being worked on, the
 * agreement counts of double-entered forms, and the response a final form produces.
 *
 * The response is stored through the same `insertResponse` as every other response; only its entry codes
 * are written here. Nothing stored links a form number to its response.
 */
import { sql, type Db } from "./db.ts";
import type { FormState, PaperBatch } from "./paper.ts";
import { insertResponse, type ResponseRow } from "./responses.ts";

/** A printed form with what entry needs from its batch. */
export interface EntryForm {
  number: string;
  studyId: string;
  instrumentId: string;
  instrumentVersion: string;
  locale: PaperBatch["locale"];
  siteId: string | null;
  state: FormState;
}

/** One entry of a form, as kept until the form is final. `answers` (scrubbed) and `codes` are JSON text. */
export interface EntryRow {
  number: string;
  seq: 1 | 2;
  userId: number;
  answers: string;
  codes: string;
}

export function findEntryForm(db: Db, number: string): EntryForm | undefined {
  return sql(
    db,
    `SELECT f.number, f.study_id AS studyId, f.instrument_id AS instrumentId, b.instrument_version AS instrumentVersion,
       b.locale, b.site_id AS siteId, f.state
     FROM paper_forms f JOIN paper_batches b ON b.id = f.batch_id WHERE f.number = ?`,
  ).get(number) as EntryForm | undefined;
}

/** The entries of a form, first entry first. */
export function listEntries(db: Db, number: string): EntryRow[] {
  return sql(db, "SELECT number, seq, user_id AS userId, answers, codes FROM paper_entries WHERE number = ? ORDER BY seq").all(number) as EntryRow[];
}

export function insertEntry(db: Db, entry: EntryRow): void {
  sql(db, "INSERT INTO paper_entries (number, seq, user_id, answers, codes) VALUES (?, ?, ?, ?, ?)").run(
    entry.number,
    entry.seq,
    entry.userId,
    entry.answers,
    entry.codes,
  );
}

/** Forgets who typed a form and what they typed (the form's agreement counts stay). */
export function deleteEntries(db: Db, number: string): void {
  sql(db, "DELETE FROM paper_entries WHERE number = ?").run(number);
}

/**
 * Moves a form from one state to the next; false when it was not in `from` (someone else moved it first).
 * The condition is what keeps two simultaneous first entries from both being first.
 */
export function moveForm(db: Db, number: string, from: FormState, to: FormState): boolean {
  return sql(db, "UPDATE paper_forms SET state = ? WHERE number = ? AND state = ?").run(to, number, from).changes === 1;
}

/** Keeps how many items the two entries of a form were compared on, and on how many they agreed. */
export function recordAgreement(db: Db, number: string, itemsCompared: number, itemsAgreed: number): void {
  sql(db, "UPDATE paper_forms SET items_compared = ?, items_agreed = ? WHERE number = ?").run(itemsCompared, itemsAgreed, number);
}

/**
 * Stores the response of a final paper form with the codes its entry gave (none: NULL). False when a
 * response with the row's id exists already.
 */
export function insertPaperResponse(db: Db, row: ResponseRow, entryCodes: string | null): boolean {
  return db.transaction(() => {
    if (!insertResponse(db, row)) return false;
    sql(db, "UPDATE responses SET entry_codes = ? WHERE id = ?").run(entryCodes, row.id);
    return true;
  })();
}

export interface PaperFormSummary {
  printed: number;
  singleEntered: number;
  conflict: number;
  final: number;
  total: number;
  agreement: { formsCompared: number; itemsCompared: number; itemsAgreed: number; rate: number | null };
}

/** A study's forms counted by entry state, and the agreement of all its double-entered forms. */
export function summariseForms(db: Db, studyId: string): PaperFormSummary {
  const rows = sql(db, "SELECT state, count(*) AS n FROM paper_forms WHERE study_id = ? GROUP BY state").all(studyId) as { state: FormState; n: number }[];
  const n = (state: FormState) => rows.find((r) => r.state === state)?.n ?? 0;
  const agreement = sql(
    db,
    `SELECT count(items_compared) AS formsCompared, coalesce(sum(items_compared), 0) AS itemsCompared, coalesce(sum(items_agreed), 0) AS itemsAgreed
     FROM paper_forms WHERE study_id = ?`,
  ).get(studyId) as { formsCompared: number; itemsCompared: number; itemsAgreed: number };
  return {
    printed: n("printed"),
    // "double-entered" is never kept (a form goes straight to final or conflict); counted as in progress if it ever is.
    singleEntered: n("single-entered") + n("double-entered"),
    conflict: n("conflict"),
    final: n("final"),
    total: rows.reduce((sum, r) => sum + r.n, 0),
    agreement: { ...agreement, rate: agreement.itemsCompared > 0 ? agreement.itemsAgreed / agreement.itemsCompared : null },
  };
}

export interface FormListing {
  number: string;
  instrumentId: string;
  siteId: string | null;
  state: FormState;
}

/** A study's forms (in one state, or all), in number order, at most `limit`. */
export function listForms(db: Db, studyId: string, state: FormState | undefined, limit: number): FormListing[] {
  const columns = "number, instrument_id AS instrumentId, site_id AS siteId, state";
  return (
    state === undefined
      ? sql(db, `SELECT ${columns} FROM paper_forms WHERE study_id = ? ORDER BY number LIMIT ?`).all(studyId, limit)
      : sql(db, `SELECT ${columns} FROM paper_forms WHERE study_id = ? AND state = ? ORDER BY number LIMIT ?`).all(studyId, state, limit)
  ) as FormListing[];
}
