/**
 * SQL for responses. A row holds the answers (already scrubbed) and what analysis needs to group them:
 * study, instrument and version, locale, channel, site, age group and the day. Nothing else.
 */
import { sql, type Db } from "./db.ts";

export interface ResponseRow {
  id: string;
  studyId: string;
  instrumentId: string;
  instrumentVersion: string;
  locale: string;
  channel: string;
  siteId: string | null;
  ageGroup: string | null;
  receivedOn: string;
  /** The answers as stored JSON text. */
  answers: string;
  redactions: number;
}

const COLUMNS = `id, study_id AS studyId, instrument_id AS instrumentId, instrument_version AS instrumentVersion, locale,
  channel, site_id AS siteId, age_group AS ageGroup, received_on AS receivedOn, answers, redactions`;

/** Stores a response once; returns false when a response with this id exists already. */
export function insertResponse(db: Db, row: ResponseRow): boolean {
  return (
    sql(
      db,
      `INSERT INTO responses (id, study_id, instrument_id, instrument_version, locale, channel, site_id, age_group, received_on, answers, redactions)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
    ).run(row.id, row.studyId, row.instrumentId, row.instrumentVersion, row.locale, row.channel, row.siteId, row.ageGroup, row.receivedOn, row.answers, row.redactions)
    .changes === 1
  );
}

export function findResponse(db: Db, id: string): ResponseRow | undefined {
  return sql(db, `SELECT ${COLUMNS} FROM responses WHERE id = ?`).get(id) as ResponseRow | undefined;
}

/** Every response of a study, ordered by id (random), never by arrival. */
export function listResponses(db: Db, studyId: string): ResponseRow[] {
  return sql(db, `SELECT ${COLUMNS} FROM responses WHERE study_id = ? ORDER BY id`).all(studyId) as ResponseRow[];
}

export interface ResponseCounts {
  total: number;
  byInstrument: Record<string, number>;
  bySite: Record<string, number>;
  byChannel: Record<string, number>;
  byAgeGroup: Record<string, number>;
}

/** Counts of a study's responses by instrument, site, channel and age group (`none` where there is none). */
export function countResponses(db: Db, studyId: string): ResponseCounts {
  const group = (column: string): Record<string, number> => {
    const query = `SELECT COALESCE(${column}, 'none') AS k, COUNT(*) AS n FROM responses WHERE study_id = ? GROUP BY k ORDER BY k`;
    const rows = sql(db, query).all(studyId) as { k: string; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.k, r.n]));
  };
  const { n } = sql(db, "SELECT COUNT(*) AS n FROM responses WHERE study_id = ?").get(studyId) as { n: number };
  return { total: n, byInstrument: group("instrument_id"), bySite: group("site_id"), byChannel: group("channel"), byAgeGroup: group("age_group") };
}

export interface ProgressRow {
  instrumentId: string;
  siteId: string | null;
  channel: string;
  ageGroup: string | null;
  n: number;
}

/** Responses by instrument x prison x channel x age group, for watching fieldwork (exact, staff only). */
export function progressRows(db: Db, studyId: string): ProgressRow[] {
  return sql(
    db,
    `SELECT instrument_id AS instrumentId, site_id AS siteId, channel, age_group AS ageGroup, COUNT(*) AS n
     FROM responses WHERE study_id = ? GROUP BY instrument_id, site_id, channel, age_group
     ORDER BY instrument_id, site_id, channel, age_group`,
  ).all(studyId) as ProgressRow[];
}
