/**
 * SQL for paper print runs (batches) and their numbered forms.
 */
import { sql, type Db } from "./db.ts";

export const FORM_STATES = ["printed", "single-entered", "double-entered", "conflict", "final"] as const;
export type FormState = (typeof FORM_STATES)[number];

export interface PaperBatch {
  id: string;
  studyId: string;
  siteId: string | null;
  instrumentId: string;
  instrumentVersion: string;
  locale: "lv" | "ru" | "en";
  count: number;
  createdOn: string;
}

/** A batch as listed: how many of its forms are in each entry state, never the numbers themselves. */
export interface PaperBatchSummary extends PaperBatch {
  forms: Record<FormState, number>;
}

const BATCH_COLUMNS = `id, study_id AS studyId, site_id AS siteId, instrument_id AS instrumentId,
  instrument_version AS instrumentVersion, locale, count, created_on AS createdOn`;

/** True when a form with this number exists in any batch. */
export function formNumberTaken(db: Db, number: string): boolean {
  return sql(db, "SELECT 1 FROM paper_forms WHERE number = ?").get(number) !== undefined;
}

/** Stores a batch and its form numbers in one transaction. */
export function insertPaperBatch(db: Db, batch: PaperBatch, numbers: readonly string[]): void {
  db.transaction(() => {
    sql(
      db,
      `INSERT INTO paper_batches (id, study_id, site_id, instrument_id, instrument_version, locale, count, created_on)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(batch.id, batch.studyId, batch.siteId, batch.instrumentId, batch.instrumentVersion, batch.locale, batch.count, batch.createdOn);
    const addForm = sql(db, "INSERT INTO paper_forms (number, batch_id, study_id, instrument_id, site_id) VALUES (?, ?, ?, ?, ?)");
    for (const number of numbers) addForm.run(number, batch.id, batch.studyId, batch.instrumentId, batch.siteId);
  })();
}

export function findPaperBatch(db: Db, id: string): PaperBatch | undefined {
  return sql(db, `SELECT ${BATCH_COLUMNS} FROM paper_batches WHERE id = ?`).get(id) as PaperBatch | undefined;
}

/** A study's batches, newest day first, each with its forms counted by state. */
export function listPaperBatches(db: Db, studyId: string): PaperBatchSummary[] {
  const batches = sql(db, `SELECT ${BATCH_COLUMNS} FROM paper_batches WHERE study_id = ? ORDER BY created_on DESC, instrument_id, id`).all(
    studyId,
  ) as PaperBatch[];
  const counts = sql(
    db,
    `SELECT f.batch_id AS batchId, f.state, count(*) AS n FROM paper_forms f
     JOIN paper_batches b ON b.id = f.batch_id WHERE b.study_id = ? GROUP BY f.batch_id, f.state`,
  ).all(studyId) as { batchId: string; state: FormState; n: number }[];
  return batches.map((b) => {
    const forms = Object.fromEntries(FORM_STATES.map((s) => [s, 0])) as Record<FormState, number>;
    for (const c of counts) if (c.batchId === b.id) forms[c.state] = c.n;
    return { ...b, forms };
  });
}

/** The form numbers of a batch, in number order (the order they are printed in). */
export function listBatchFormNumbers(db: Db, batchId: string): string[] {
  return (sql(db, "SELECT number FROM paper_forms WHERE batch_id = ? ORDER BY number").all(batchId) as { number: string }[]).map((r) => r.number);
}
