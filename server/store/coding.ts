/**
 * SQL for qualitative coding: a study's codebook (qual_codes) and the codings made with it (qual_codings).
 * Codes come back as analysis/qualitative's QualCode, in codebook order; codings as rows, and for analysis as
 * its Coding shape with the session's guide and target group joined in. A coding names its code by the code's
 * current spelling of the id (ids match without regard to case), so a codebook re-imported with its ids in
 * another case keeps its codings attached.
 */
import type { Coding, QualCode } from "../../analysis/qualitative/types.ts";
import { sql, type Db } from "./db.ts";

export const CODING_SOURCES = ["note", "transcript"] as const;
export type CodingSource = (typeof CODING_SOURCES)[number];

// ---- codes ----

interface CodeRow {
  id: string;
  parentId: string | null;
  name: string;
  description: string | null;
  color: string | null;
  isCodable: number;
}

/** The study's codebook in codebook order (siblings in this order are the display order). */
export function listCodes(db: Db, studyId: string): QualCode[] {
  const rows = sql(
    db,
    `SELECT id, parent_id AS parentId, name, description, color, is_codable AS isCodable
       FROM qual_codes WHERE study_id = ? ORDER BY position`,
  ).all(studyId) as CodeRow[];
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    ...(r.description !== null ? { description: r.description } : {}),
    ...(r.color !== null ? { color: r.color } : {}),
    parentId: r.parentId,
    isCodable: r.isCodable === 1,
  }));
}

/**
 * Replaces the study's codebook. Foreign keys to codes are deferred, so the old rows can go and the new ones
 * come in any order; a coding whose code is not in the new codebook fails the transaction at commit (callers
 * refuse that case first, with a clear message).
 */
export function replaceCodes(db: Db, studyId: string, codes: readonly QualCode[]): void {
  db.transaction(() => {
    sql(db, "DELETE FROM qual_codes WHERE study_id = ?").run(studyId);
    const add = sql(
      db,
      `INSERT INTO qual_codes (study_id, id, parent_id, name, description, color, is_codable, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    codes.forEach((c, i) =>
      add.run(studyId, c.id, c.parentId, c.name, c.description === undefined || c.description === "" ? null : c.description, c.color ?? null, c.isCodable ? 1 : 0, i),
    );
  })();
}

/** How many codings each code of the study has (codes without codings are absent), keyed by lower-case id. */
export function codingCountsByCode(db: Db, studyId: string): Map<string, number> {
  const rows = sql(db, "SELECT lower(code_id) AS codeId, count(*) AS n FROM qual_codings WHERE study_id = ? GROUP BY lower(code_id)").all(studyId) as {
    codeId: string;
    n: number;
  }[];
  return new Map(rows.map((r) => [r.codeId, r.n]));
}

// ---- codings ----

export interface CodingRow {
  id: string;
  studyId: string;
  codeId: string;
  sessionId: string;
  coderId: number;
  blockKey: string;
  source: CodingSource;
  /** The transcript segment (source "transcript"); null for notes. */
  segmentSeq: number | null;
  start: number;
  end: number;
  text: string;
  createdSeq: number;
  /**
   * False when the block's text no longer holds the excerpt (it was edited away): the coding still counts, with
   * its excerpt, but its offsets point at nothing. See services/reanchor.ts.
   */
  anchored: boolean;
}

type RawCoding = Omit<CodingRow, "anchored"> & { anchored: number };

const CODING_COLUMNS = `c.id, c.study_id AS studyId, COALESCE(k.id, c.code_id) AS codeId, c.session_id AS sessionId, c.coder_id AS coderId,
  c.block_key AS blockKey, c.source, c.segment_seq AS segmentSeq, c."start" AS start, c."end" AS "end", c.text, c.created_seq AS createdSeq,
  c.anchored`;
const CODING_FROM = `qual_codings c LEFT JOIN qual_codes k ON k.study_id = c.study_id AND k.id = c.code_id`;
const toCoding = (r: RawCoding): CodingRow => ({ ...r, anchored: r.anchored === 1 });

/**
 * Stores a coding unless the same coder already coded the same span of the same block with the same code;
 * returns the stored row and whether it is new. The creation counter is taken in the same statement. A detached
 * coding (its excerpt edited away) that still holds the span takes the span's text and is anchored again.
 */
export function insertCoding(db: Db, row: Omit<CodingRow, "createdSeq" | "anchored">): { coding: CodingRow; created: boolean } {
  return db.transaction(() => {
    const result = sql(
      db,
      `INSERT INTO qual_codings (id, study_id, code_id, session_id, coder_id, block_key, source, segment_seq, "start", "end", text, created_seq)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(created_seq), 0) + 1 FROM qual_codings WHERE study_id = ?))
       ON CONFLICT DO NOTHING`,
    ).run(row.id, row.studyId, row.codeId, row.sessionId, row.coderId, row.blockKey, row.source, row.segmentSeq, row.start, row.end, row.text, row.studyId);
    if (result.changes === 1) return { coding: findCoding(db, row.id)!, created: true };
    const existing = sql(
      db,
      `SELECT ${CODING_COLUMNS} FROM ${CODING_FROM}
        WHERE c.session_id = ? AND c.coder_id = ? AND c.code_id = ? AND c.source = ? AND ifnull(c.segment_seq, 0) = ? AND c.block_key = ?
          AND c."start" = ? AND c."end" = ?`,
    ).get(row.sessionId, row.coderId, row.codeId, row.source, row.segmentSeq ?? 0, row.blockKey, row.start, row.end) as RawCoding;
    if (existing.anchored === 0) {
      // A detached coding still holds these offsets; coding them again anchors it on what the text now says.
      sql(db, "UPDATE qual_codings SET text = ?, anchored = 1 WHERE id = ?").run(row.text, existing.id);
      return { coding: findCoding(db, existing.id)!, created: false };
    }
    return { coding: toCoding(existing), created: false };
  })();
}

export function findCoding(db: Db, id: string): CodingRow | undefined {
  const row = sql(db, `SELECT ${CODING_COLUMNS} FROM ${CODING_FROM} WHERE c.id = ?`).get(id) as RawCoding | undefined;
  return row ? toCoding(row) : undefined;
}

/** A session's codings in creation order, of one coder or of all. */
export function listSessionCodings(db: Db, sessionId: string, coderId?: number): CodingRow[] {
  const rows =
    coderId === undefined
      ? sql(db, `SELECT ${CODING_COLUMNS} FROM ${CODING_FROM} WHERE c.session_id = ? ORDER BY c.created_seq`).all(sessionId)
      : sql(db, `SELECT ${CODING_COLUMNS} FROM ${CODING_FROM} WHERE c.session_id = ? AND c.coder_id = ? ORDER BY c.created_seq`).all(sessionId, coderId);
  return (rows as RawCoding[]).map(toCoding);
}

/** Where a coding is to lie after its block's text changed (services/reanchor.ts works it out). */
export interface CodingPlacement {
  id: string;
  blockKey: string;
  segmentSeq: number | null;
  start: number;
  end: number;
  text: string;
  anchored: boolean;
}

/**
 * Moves codings to new places and deletes others, in one transaction. The new places may swap (coding A moves
 * to where B was while B moves on), which the unique index on spans would refuse half-way; so every coding that
 * moves is first parked under a block key no real block has, then put in place. The caller makes sure no two
 * codings end up on the same span (it deletes the later one, which is the same coding).
 */
export function placeCodings(db: Db, placements: readonly CodingPlacement[], deletions: readonly string[]): void {
  db.transaction(() => {
    for (const id of deletions) deleteCoding(db, id);
    const park = sql(db, "UPDATE qual_codings SET block_key = 'moving:' || id WHERE id = ?");
    for (const p of placements) park.run(p.id);
    const place = sql(db, `UPDATE qual_codings SET block_key = ?, segment_seq = ?, "start" = ?, "end" = ?, text = ?, anchored = ? WHERE id = ?`);
    for (const p of placements) place.run(p.blockKey, p.segmentSeq, p.start, p.end, p.text, p.anchored ? 1 : 0, p.id);
  })();
}

export function deleteCoding(db: Db, id: string): boolean {
  return sql(db, "DELETE FROM qual_codings WHERE id = ?").run(id).changes === 1;
}

/** Every coding of the study as analysis/qualitative reads them: with the session's guide and target group. */
export function listStudyCodings(db: Db, studyId: string): (Coding & { id: string })[] {
  return sql(
    db,
    `SELECT c.id, COALESCE(k.id, c.code_id) AS codeId, c.session_id AS sessionId, c.coder_id AS coderId, c.block_key AS blockKey,
            c.segment_seq AS segmentSeq, c."start" AS start, c."end" AS "end", c.text, s.instrument_id AS instrumentId, s.target_group AS targetGroup
       FROM ${CODING_FROM} JOIN interview_sessions s ON s.id = c.session_id
      WHERE c.study_id = ? ORDER BY c.created_seq`,
  ).all(studyId) as (Coding & { id: string })[];
}

/**
 * Every block of the study's sessions that holds text: notes that are not blank (keyed by their question) and
 * transcript segments (keyed by their question, or "segment:<seq>" when they have none). Agreement counts the
 * blocks neither coder coded as agreement that no code applies.
 */
export function listStudyBlocks(db: Db, studyId: string): { sessionId: string; blockKey: string }[] {
  return sql(
    db,
    `SELECT n.session_id AS sessionId, n.question_key AS blockKey
       FROM interview_notes n JOIN interview_sessions s ON s.id = n.session_id
      WHERE s.study_id = ? AND trim(n.notes) != ''
     UNION
     SELECT t.session_id, COALESCE(t.question_key, 'segment:' || t.seq)
       FROM interview_transcripts t JOIN interview_sessions s ON s.id = t.session_id
      WHERE s.study_id = ? AND trim(t.text) != ''
     ORDER BY 1, 2`,
  ).all(studyId, studyId) as { sessionId: string; blockKey: string }[];
}
