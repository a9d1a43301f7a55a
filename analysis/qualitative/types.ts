/**
 * The shapes of qualitative coding: a codebook of hierarchical codes and the codings (coded excerpts of
 * interview transcripts) that researchers make with it. Like the rest of analysis/, everything here is
 * plain data handed over by the server; the functions in this folder never read the database.
 */
/**
 * One code of the codebook. Codes form a tree through `parentId`; siblings keep the order in which they
 * appear in the codebook array (that is the display order, and the order of REFI-QDA export).
 */
export interface QualCode {
  /** A GUID (8-4-4-4-12 hex digits), the code's identity in REFI-QDA files and in codings. */
  id: string;
  /** Shown in the code tree; unique among its siblings (ignoring case). */
  name: string;
  /** What the code means and when to apply it. Empty text counts as no description. */
  description?: string;
  /** "#RRGGBB". */
  color?: string;
  parentId: string | null;
  /** False for a grouping code that only holds other codes (REFI-QDA's isCodable). */
  isCodable: boolean;
}

/**
 * One application of a code to a stretch of transcript by one coder. `start`/`end` are character offsets
 * in the block's text, `text` the excerpt itself, already scrubbed of identifying details by the caller.
 */
export interface Coding {
  codeId: string;
  /** The interview session (one transcript). */
  sessionId: string;
  coderId: number;
  /** The block the excerpt lies in: a guide question key (`challenges_in_work`) or "segment:<seq>". */
  blockKey: string;
  /**
   * The transcript segment the span is in, or null for interview notes. A question's notes and its
   * transcript part share the block key, so the offsets alone do not say which text they are in.
   */
  segmentSeq?: number | null;
  start: number;
  end: number;
  text: string;
  /** The interview guide (instrument id) of the session, when known. */
  instrumentId: string | null;
  /** The group the session is about (`youth`, `seniors`, `mothers`, `mental-health`), when known. */
  targetGroup: string | null;
}

/** A problem with an input, tied to the field (and, for files, the line) it was found in. */
export interface QualProblem {
  /** Stable machine code, e.g. `code.duplicate_name`. */
  code: string;
  /** Where: `codes[3].name`, `row 4: code_path`, `line 12`. */
  path: string;
  /** The code concerned, when there is one. */
  codeId: string | null;
  /** 1-based line in the imported file, when the input was a file. */
  line: number | null;
  message: string;
}

/** What an import returns: the codebook, or every problem found (nothing is imported half-way). */
export type ImportResult = { ok: true; codes: QualCode[] } | { ok: false; problems: QualProblem[] };
