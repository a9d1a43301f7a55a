/**
 * The code matrix: codes down the side, guide questions or target groups across, and in each cell how
 * many excerpts carry the code there and in how many sessions (interviews). It answers "where in the
 * guide does this theme come up, and for which group", and it is the table a published report prints.
 *
 * What is published rests on sessions, not excerpts: one talkative interviewee can fill a cell with
 * excerpts. So a cell is hidden in published mode when its session count is 1..k-1 (excerpts and sessions
 * together), through analysis/disclosure.ts like every other published table, and each row's total is a
 * published sum of its cells (excerpts always add up; sessions add up across target groups), so a row with
 * one hidden cell gets a second one hidden, as protectCells does everywhere. Codes are counted as coded:
 * a parent's row holds the excerpts coded with the parent itself, not its children's.
 *
 * Columns by question use the block key; transcript segments that belong to no question ("segment:<n>")
 * share one column, "segment", and focus groups (topics typed per group, no guide) share "focus-group". A key that several guides share (the staff guides all ask
 * "challenges_in_work") is one column, as shared survey items are pooled; a caller that wants one guide
 * passes that guide's codings, or its keys as `columns`. Columns by target group use the session's group; sessions without one
 * share the column "unknown". Excerpts are distinct excerpts (see excerpts.ts).
 */
import { cell, protectCells } from "../disclosure.ts";
import type { Cell, Mode } from "../types.ts";
import { flattenCodebook } from "./codebook.ts";
import { distinctExcerpts, isSegmentBlock } from "./excerpts.ts";
import type { Coding, QualCode } from "./types.ts";

export type MatrixColumnBy = "question" | "target-group";

export const SEGMENT_COLUMN = "segment";
/**
 * Focus groups have typed topics, not a guide: "t1" of one group is not "t1" of another, so by question all
 * their excerpts share this one column.
 */
export const FOCUS_GROUP_COLUMN = "focus-group";
export const UNKNOWN_COLUMN = "unknown";

export interface MatrixOptions {
  codes: readonly QualCode[];
  by: MatrixColumnBy;
  mode: Mode;
  threshold: number;
  /** Columns in display order (e.g. the guide's question keys); codings in other columns are left out. */
  columns?: readonly string[];
  /**
   * Without `columns`: the order to show the columns found in (the guides' questions in guide order, the
   * target groups in report order); found keys it does not name follow, sorted.
   */
  order?: readonly string[];
  /** Count one coder's codings only. */
  coderId?: number;
  /** Leave out codes with no excerpt at all. */
  omitEmptyRows?: boolean;
}

export interface MatrixCell {
  excerpts: Cell;
  sessions: Cell;
}

export interface MatrixColumn {
  key: string;
  /** Sessions with at least one counted excerpt in the column. */
  sessions: Cell;
}

export interface MatrixRow {
  codeId: string;
  path: string;
  depth: number;
  cells: MatrixCell[];
  /** Excerpts of the code in all columns, and the distinct sessions they come from. */
  total: MatrixCell;
}

export interface CodeMatrix {
  by: MatrixColumnBy;
  mode: Mode;
  threshold: number;
  columns: MatrixColumn[];
  rows: MatrixRow[];
  /** Code ids in the codings that the codebook does not have (their codings are not counted). */
  unknownCodeIds: string[];
}

/** The column a coding falls in. */
export function matrixColumnOf(coding: Coding, by: MatrixColumnBy): string {
  if (by === "target-group") return coding.targetGroup ?? UNKNOWN_COLUMN;
  if (coding.instrumentId === null) return FOCUS_GROUP_COLUMN;
  return isSegmentBlock(coding.blockKey) ? SEGMENT_COLUMN : coding.blockKey;
}

/** Columns found in the data: in the given order, then the others sorted by key; "segment", focus groups and "unknown" last. */
function defaultColumns(keys: readonly string[], order: readonly string[] = []): string[] {
  const present = new Set(keys);
  const special = [SEGMENT_COLUMN, FOCUS_GROUP_COLUMN, UNKNOWN_COLUMN];
  const ordered = [...new Set(order)].filter((k) => present.has(k) && !special.includes(k));
  const placed = new Set(ordered);
  const plain = [...present].filter((k) => !special.includes(k) && !placed.has(k)).sort((a, b) => a.localeCompare(b, "en"));
  return [...ordered, ...plain, ...special.filter((k) => present.has(k))];
}

/**
 * Builds the matrix of the codebook's codes (rows in display order) against questions or target groups.
 * Throws InvalidCodebookError for an invalid codebook.
 *
 * @example buildCodeMatrix(codings, { codes, by: "target-group", mode: "published", threshold: 5 }).rows[0].cells[0]
 * // { excerpts: { value: 14, suppressed: false }, sessions: { value: 6, suppressed: false } }
 */
export function buildCodeMatrix(codings: readonly Coding[], options: MatrixOptions): CodeMatrix {
  const { by, mode, threshold } = options;
  const flat = flattenCodebook(options.codes);
  const known = new Set(flat.map((f) => f.code.id));
  const excerpts = distinctExcerpts(codings, options.coderId);
  const unknownCodeIds = [...new Set(excerpts.filter((c) => !known.has(c.codeId)).map((c) => c.codeId))].sort();

  const counted = excerpts.filter((c) => known.has(c.codeId));
  const columnKeys = options.columns ? [...options.columns] : defaultColumns(counted.map((c) => matrixColumnOf(c, by)), options.order);
  const columnIndex = new Map(columnKeys.map((k, i) => [k, i]));

  // Per code and column: excerpt count and session set; per code: all sessions; per column: all sessions.
  const width = columnKeys.length;
  const excerptCounts = new Map<string, number[]>();
  const sessionSets = new Map<string, Set<string>[]>();
  const rowSessions = new Map<string, Set<string>>();
  const columnSessions = columnKeys.map(() => new Set<string>());
  for (const c of counted) {
    const col = columnIndex.get(matrixColumnOf(c, by));
    if (col === undefined) continue;
    if (!excerptCounts.has(c.codeId)) {
      excerptCounts.set(c.codeId, new Array<number>(width).fill(0));
      sessionSets.set(c.codeId, columnKeys.map(() => new Set<string>()));
      rowSessions.set(c.codeId, new Set());
    }
    excerptCounts.get(c.codeId)![col]! += 1;
    sessionSets.get(c.codeId)![col]!.add(c.sessionId);
    rowSessions.get(c.codeId)!.add(c.sessionId);
    columnSessions[col]!.add(c.sessionId);
  }

  const rows: MatrixRow[] = [];
  for (const { code, path, depth } of flat) {
    const counts = excerptCounts.get(code.id) ?? new Array<number>(width).fill(0);
    const sessions = (sessionSets.get(code.id) ?? []).map((s) => s.size);
    while (sessions.length < width) sessions.push(0);
    const totalExcerpts = counts.reduce((sum, v) => sum + v, 0);
    if (options.omitEmptyRows && totalExcerpts === 0) continue;
    const totalSessions = rowSessions.get(code.id)?.size ?? 0;
    // The row's cells and its total form one published sum: index `width` is the total.
    const hidden = protectCells([...sessions, totalSessions], [Array.from({ length: width + 1 }, (_, i) => i)], threshold);
    const pair = (i: number, excerptCount: number, sessionCount: number): MatrixCell => ({
      excerpts: cell(excerptCount, hidden[i]!, mode),
      sessions: cell(sessionCount, hidden[i]!, mode),
    });
    rows.push({
      codeId: code.id,
      path,
      depth,
      cells: counts.map((count, i) => pair(i, count, sessions[i]!)),
      total: pair(width, totalExcerpts, totalSessions),
    });
  }

  const columnHidden = protectCells(columnSessions.map((s) => s.size), [], threshold);
  return {
    by,
    mode,
    threshold,
    columns: columnKeys.map((key, i) => ({ key, sessions: cell(columnSessions[i]!.size, columnHidden[i]!, mode) })),
    rows,
    unknownCodeIds,
  };
}
