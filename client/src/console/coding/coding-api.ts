/**
 * The shapes the coding endpoints answer with (server/routes/coding.ts, server/services/coding.ts,
 * analysis/qualitative/*) and the addresses they live at, for the console's coding screens. The browser
 * bundle does not import server code, so the two service shapes (codebook entries, codings) mirror the
 * server's; everything computed by analysis/qualitative is typed by its own (pure) module.
 */
import type { AgreementResult, CodeAgreement } from "../../../../analysis/qualitative/agreement.ts";
import type { CodeMatrix, MatrixCell, MatrixColumnBy } from "../../../../analysis/qualitative/matrix.ts";
import type { QualCode } from "../../../../analysis/qualitative/types.ts";
import type { Mode } from "../../../../analysis/types.ts";

/** One code as GET /api/studies/:id/codebook lists it: display order, depth, path and its codings. */
export interface CodeView extends QualCode {
  depth: number;
  /** "Parent / Child" */
  path: string;
  codings: number;
}

/** A code as PUT /api/studies/:id/codebook takes it: sibling order is array order. */
export type CodeInput = QualCode;

export const CODING_SOURCES = ["note", "transcript"] as const;
export type CodingSource = (typeof CODING_SOURCES)[number];

/** One coding (GET/POST /api/interviews/:id/codings). */
export interface CodingView {
  id: string;
  studyId: string;
  codeId: string;
  codePath: string;
  sessionId: string;
  coderId: number;
  /**
   * The question key the coding counts under: a note's question, a transcript segment's question, or
   * "segment:<seq>" for a segment tied to no question.
   */
  blockKey: string;
  source: CodingSource;
  /** The transcript segment (source "transcript"); null for notes. */
  segmentSeq: number | null;
  /** [start, end) in UTF-16 code units of the block's stored text. */
  start: number;
  end: number;
  /** The excerpt as the server cut it out (scrubbed, names redacted). */
  text: string;
  createdSeq: number;
  /**
   * False when the block's text was edited and no longer holds the excerpt: the coding still counts (with its
   * excerpt), but start/end point at nothing, so list it without highlighting. True again once the text is back.
   */
  anchored: boolean;
}

/** What POST /api/interviews/:id/codings takes: `blockKey` is the question key (notes) or "segment:<seq>". */
export interface CodingInput {
  codeId: string;
  blockKey: string;
  source: CodingSource;
  start: number;
  end: number;
}

/** GET /api/studies/:id/coding/agreement (server/services/coding.ts `codingAgreement`). */
export interface AgreementView {
  coders: { id: number; sessions: number; email?: string }[];
  /** Pairs with at least one session in common, most sessions first. */
  pairs: { coderA: number; coderB: number; sessions: number }[];
  agreement: (Omit<AgreementResult, "codes"> & { codes: (CodeAgreement & { path: string })[] }) | null;
}

export type { CodeAgreement, CodeMatrix, MatrixCell, MatrixColumnBy, Mode };

const enc = encodeURIComponent;

export const codingApi = {
  codebook: (studyId: string) => `/api/studies/${enc(studyId)}/codebook`,
  codebookImport: (studyId: string) => `/api/studies/${enc(studyId)}/codebook/import`,
  codebookCsv: (studyId: string) => `/api/studies/${enc(studyId)}/codebook.csv`,
  codebookQdc: (studyId: string) => `/api/studies/${enc(studyId)}/codebook.qdc`,
  codings: (sessionId: string, coder: "me" | "all" = "me") => `/api/interviews/${enc(sessionId)}/codings?coder=${coder}`,
  createCoding: (sessionId: string) => `/api/interviews/${enc(sessionId)}/codings`,
  coding: (id: string) => `/api/codings/${enc(id)}`,
  agreement: (studyId: string, pair?: { coderA: number; coderB: number }) =>
    `/api/studies/${enc(studyId)}/coding/agreement${pair ? `?coderA=${pair.coderA}&coderB=${pair.coderB}` : ""}`,
  matrix: (studyId: string, options: { by: MatrixColumnBy; mode: Mode; instrument?: string | null }) =>
    `/api/studies/${enc(studyId)}/coding/matrix?by=${options.by}&mode=${options.mode}${options.instrument ? `&instrument=${enc(options.instrument)}` : ""}`,
  excerptsCsv: (studyId: string, mode: Mode) => `/api/studies/${enc(studyId)}/coding/excerpts.csv?mode=${mode}`,
};
