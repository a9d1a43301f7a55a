/**
 * Qualitative coding of interviews: the rules between the coder's screen, the database and the pure functions
 * of analysis/qualitative (which validate, import, export, compare and count; nothing here re-implements them).
 *
 * The excerpt of a coding is never taken from the client: the server cuts it out of the stored note or
 * transcript segment, which were scrubbed when they were saved, after checking that the span lies inside the
 * text and that the code is a codable code of the session's study. Excerpts leave the server only through the
 * study's current names to redact as well, so a name added to the list after a coding was made does not stay
 * in an excerpt (notes and transcripts are re-redacted when the list changes; the copies here are redacted on
 * the way out).
 *
 * Double coding stays blind: a coder sees only their own codings unless they are a researcher or an admin.
 * A code that has codings cannot leave the codebook (409 naming them), whether by a save or an import.
 */
import { randomUUID } from "node:crypto";
import { computeAgreement, type AgreementResult, type CodeAgreement } from "../../analysis/qualitative/agreement.ts";
import { exportCodebookCsv, importCodebookCsv } from "../../analysis/qualitative/codebook-csv.ts";
import { flattenCodebook, validateCodebook } from "../../analysis/qualitative/codebook.ts";
import { excerptsCsv } from "../../analysis/qualitative/excerpts-csv.ts";
import { distinctExcerpts } from "../../analysis/qualitative/excerpts.ts";
import { buildFindings, UNKNOWN_TARGET_GROUP } from "../../analysis/qualitative/findings.ts";
import { buildCodeMatrix, SEGMENT_COLUMN, type CodeMatrix, type MatrixColumnBy } from "../../analysis/qualitative/matrix.ts";
import { exportQdc, importQdc } from "../../analysis/qualitative/qdc.ts";
import type { Coding, ImportResult, QualCode, QualProblem } from "../../analysis/qualitative/types.ts";
import { cell } from "../../analysis/disclosure.ts";
import type { Mode, QualitativeFindings } from "../../analysis/types.ts";
import type { LoadedInstrument } from "../../instruments/catalog.ts";
import { nameMatcher, redactNames } from "../domain/redact-names.ts";
import { Problem } from "../http/problem.ts";
import {
  codingCountsByCode,
  deleteCoding,
  findCoding,
  insertCoding,
  listCodes,
  listSessionCodings,
  listStudyBlocks,
  listStudyCodings,
  replaceCodes,
  type CodingRow,
  type CodingSource,
} from "../store/coding.ts";
import type { Db } from "../store/db.ts";
import { findNote, listRedactionTerms, listTranscript, TARGET_GROUPS, type InterviewSession } from "../store/interviews.ts";
import type { Study } from "../store/studies.ts";
import { findUserById, type User } from "../store/users.ts";
import { guideShape } from "./interviews.ts";
import { requireInstrument } from "./studies.ts";

export interface CodingDeps {
  db: Db;
  catalog: readonly LoadedInstrument[];
}

/** Roles that may see every coder's codings and manage anyone's. */
const ORGANISER_ROLES: readonly User["role"][] = ["admin", "researcher"];
const isOrganiser = (user: User) => ORGANISER_ROLES.includes(user.role);

// ---------------------------------------------------------------------------------------------------------
// The codebook
// ---------------------------------------------------------------------------------------------------------

/** A code as the console shows it: in display order, with its depth, its path and how many codings it has. */
export interface CodeView extends QualCode {
  depth: number;
  path: string;
  codings: number;
}

export function codebookView(db: Db, studyId: string): CodeView[] {
  const counts = codingCountsByCode(db, studyId);
  return flattenCodebook(listCodes(db, studyId)).map((f) => ({
    ...f.code,
    depth: f.depth,
    path: f.path,
    codings: counts.get(f.code.id.toLowerCase()) ?? 0,
  }));
}

/** Problems of a codebook as 422 details: the usual `{ path, reason }`, with the problem's code, code id and line. */
function problemDetails(problems: readonly QualProblem[]): { path: string; reason: string; code: string; codeId: string | null; line: number | null }[] {
  return problems.map((p) => ({ path: p.path, reason: p.message, code: p.code, codeId: p.codeId, line: p.line }));
}

export interface CodebookChange {
  codes: CodeView[];
  added: number;
  removed: number;
}

/**
 * Replaces the study's codebook: validated as a whole (422 listing every problem), and refused with 409 when it
 * would drop a code that has codings (the details name each such code and its count). Ids are kept, so codings
 * stay attached to renamed and moved codes.
 */
export function saveCodebook(db: Db, study: Study, codes: readonly QualCode[]): CodebookChange {
  const problems = validateCodebook(codes);
  if (problems.length > 0) throw new Problem("codebook.invalid", "The codebook has problems; nothing was saved.", problemDetails(problems));
  return db.transaction(() => {
    const before = codebookView(db, study.id);
    const next = new Set(codes.map((c) => c.id.toLowerCase()));
    const dropped = before.filter((c) => c.codings > 0 && !next.has(c.id.toLowerCase()));
    if (dropped.length > 0) {
      throw new Problem(
        "codebook.code_in_use",
        `${dropped.length === 1 ? "A code that would be removed has" : `${dropped.length} codes that would be removed have`} codings; delete or recode them first.`,
        dropped.map((c) => ({ codeId: c.id, path: c.path, codings: c.codings })),
      );
    }
    const old = new Set(before.map((c) => c.id.toLowerCase()));
    replaceCodes(db, study.id, codes);
    return {
      codes: codebookView(db, study.id),
      added: codes.filter((c) => !old.has(c.id.toLowerCase())).length,
      removed: before.filter((c) => !next.has(c.id.toLowerCase())).length,
    };
  })();
}

export type CodebookFormat = "csv" | "qdc";

/** Reads a CSV or REFI-QDA codebook (422 listing every problem with its line) and saves it as saveCodebook does. */
export function importCodebook(db: Db, study: Study, format: CodebookFormat, input: string | Uint8Array): CodebookChange {
  const result: ImportResult =
    format === "csv" ? importCodebookCsv(typeof input === "string" ? input : new TextDecoder().decode(input)) : importQdc(input);
  if (!result.ok) throw new Problem("codebook.invalid", `The ${format === "csv" ? "CSV" : ".qdc"} file has problems; nothing was imported.`, problemDetails(result.problems));
  return saveCodebook(db, study, result.codes);
}

export function codebookCsv(db: Db, studyId: string): string {
  return exportCodebookCsv(listCodes(db, studyId));
}

export function codebookQdc(db: Db, studyId: string): string {
  const codes = listCodes(db, studyId);
  if (codes.length === 0) throw new Problem("codebook.empty", "The codebook is empty; a REFI-QDA codebook needs at least one code.");
  return exportQdc(codes);
}

// ---------------------------------------------------------------------------------------------------------
// Codings
// ---------------------------------------------------------------------------------------------------------

export interface CodingInput {
  codeId: string;
  blockKey: string;
  source: CodingSource;
  start: number;
  end: number;
}

export interface CodingView extends CodingRow {
  codePath: string;
}

const SEGMENT_KEY = /^segment:([1-9]\d{0,8})$/;

function isLowSurrogate(text: string, index: number): boolean {
  const unit = text.charCodeAt(index);
  return unit >= 0xdc00 && unit <= 0xdfff;
}

/** The text a coding's block holds, and the block key the coding is counted under. */
function blockText(db: Db, session: InterviewSession, input: CodingInput): { text: string; blockKey: string; segmentSeq: number | null } {
  if (input.source === "note") {
    const note = findNote(db, session.id, input.blockKey);
    if (!note || note.notes.trim() === "") {
      throw new Problem("coding.block_not_found", `This session has no notes for "${input.blockKey}".`, [{ path: "blockKey", reason: "names no question with notes in this session" }]);
    }
    return { text: note.notes, blockKey: input.blockKey, segmentSeq: null };
  }
  const match = SEGMENT_KEY.exec(input.blockKey);
  if (!match) {
    throw new Problem("coding.block_not_found", 'A transcript span is named by its segment, "segment:<seq>".', [{ path: "blockKey", reason: 'must be "segment:<seq>" for source "transcript"' }]);
  }
  const seq = Number(match[1]);
  const segment = listTranscript(db, session.id).find((s) => s.seq === seq);
  if (!segment) {
    throw new Problem("coding.block_not_found", `The transcript of this session has no segment ${seq}.`, [{ path: "blockKey", reason: "names no segment of this session's transcript" }]);
  }
  // A segment tied to a guide question is counted with that question, as its notes are.
  return { text: segment.text, blockKey: segment.questionKey ?? `segment:${seq}`, segmentSeq: seq };
}

function codePaths(db: Db, studyId: string): Map<string, string> {
  return new Map(flattenCodebook(listCodes(db, studyId)).map((f) => [f.code.id.toLowerCase(), f.path]));
}

const view = (row: CodingRow, paths: Map<string, string>): CodingView => ({ ...row, codePath: paths.get(row.codeId.toLowerCase()) ?? row.codeId });

/**
 * Codes a span of a note or a transcript segment. The span is [start, end) in UTF-16 code units of the stored
 * text (what a browser selection reports); it must lie inside the text, not split a character and hold more
 * than white space. The same span coded again by the same coder with the same code returns the first coding.
 */
export function createCoding(db: Db, session: InterviewSession, coder: User, input: CodingInput): { coding: CodingView; created: boolean } {
  const codes = listCodes(db, session.studyId);
  const code = codes.find((c) => c.id.toLowerCase() === input.codeId.toLowerCase());
  if (!code) throw new Problem("coding.unknown_code", "The code is not in this study's codebook.", [{ path: "codeId", reason: "is not a code of the study's codebook" }]);
  if (!code.isCodable) {
    throw new Problem("coding.code_not_codable", `"${code.name}" groups other codes and is not applied itself.`, [{ path: "codeId", reason: "is a grouping code (isCodable false)" }]);
  }
  const block = blockText(db, session, input);
  const length = block.text.length;
  const span: { path: string; reason: string }[] = [];
  if (input.end > length) span.push({ path: "end", reason: `must be at most ${length}, the length of the block's text` });
  if (input.start >= input.end) span.push({ path: "start", reason: "must be less than end" });
  if (span.length === 0 && (isLowSurrogate(block.text, input.start) || (input.end < length && isLowSurrogate(block.text, input.end)))) {
    span.push({ path: "start", reason: "the span splits a character in two" });
  }
  const text = span.length === 0 ? block.text.slice(input.start, input.end) : "";
  if (span.length === 0 && text.trim() === "") span.push({ path: "start", reason: "the span holds only white space" });
  if (span.length > 0) throw new Problem("coding.invalid_span", "The span does not fit the block's text.", span);

  const { coding, created } = insertCoding(db, {
    id: randomUUID(),
    studyId: session.studyId,
    codeId: code.id,
    sessionId: session.id,
    coderId: coder.id,
    blockKey: block.blockKey,
    source: input.source,
    segmentSeq: block.segmentSeq,
    start: input.start,
    end: input.end,
    text,
  });
  return { coding: view(coding, codePaths(db, session.studyId)), created };
}

/**
 * A session's codings: the coder's own by default (double coding stays blind), everyone's for researchers and
 * admins who ask for `all`.
 */
export function sessionCodings(db: Db, session: InterviewSession, user: User, coder: "me" | "all"): CodingView[] {
  if (coder === "all" && !isOrganiser(user)) {
    throw new Problem("auth.forbidden", "Only researchers and admins see other coders' codings; coders see their own (coder=me) so double coding stays blind.", {
      allowed: { coder: ["me"] },
    });
  }
  const paths = codePaths(db, session.studyId);
  const matcher = nameMatcher(listRedactionTerms(db, session.studyId));
  return listSessionCodings(db, session.id, coder === "me" ? user.id : undefined).map((row) =>
    view(matcher ? { ...row, text: redactNames(row.text, matcher).value } : row, paths),
  );
}

/** Deletes a coding: one's own, or anyone's for researchers and admins. Returns the deleted row. */
export function removeCoding(db: Db, id: string, user: User): CodingRow {
  const coding = findCoding(db, id);
  if (!coding) throw new Problem("coding.not_found", `There is no coding "${id}".`, { id });
  if (coding.coderId !== user.id && !isOrganiser(user)) throw new Problem("coding.not_yours", "Coders delete their own codings; researchers may delete any.");
  deleteCoding(db, id);
  return coding;
}

/** Every coding of the study as analysis/qualitative reads them, excerpts redacted of the study's current names. */
export function studyCodings(db: Db, studyId: string): Coding[] {
  const matcher = nameMatcher(listRedactionTerms(db, studyId));
  return listStudyCodings(db, studyId).map(({ id: _id, ...c }) => (matcher ? { ...c, text: redactNames(c.text, matcher).value } : c));
}

// ---------------------------------------------------------------------------------------------------------
// Agreement, matrix, excerpts, findings
// ---------------------------------------------------------------------------------------------------------

export interface CoderSummary {
  id: number;
  /** Sessions the coder has coded. */
  sessions: number;
  /** Only for admins and researchers. */
  email?: string;
}

export interface CoderPair {
  coderA: number;
  coderB: number;
  /** Sessions both have coded: the sessions agreement is computed on. */
  sessions: number;
}

export interface AgreementView {
  coders: CoderSummary[];
  /** Pairs with at least one session in common, most sessions first. */
  pairs: CoderPair[];
  /** The chosen pair's agreement (the given coders, or the pair with most sessions in common); null when there is none. */
  agreement: (Omit<AgreementResult, "codes"> & { codes: (CodeAgreement & { path: string })[] }) | null;
}

/**
 * Agreement of two coders over the study's codable codes (display order), with every block of text in the
 * sessions they both coded as a unit (analysis/qualitative/agreement.ts explains the unit and the statistics).
 */
export function codingAgreement(db: Db, study: Study, pair: { coderA?: number | undefined; coderB?: number | undefined }, showEmails: boolean): AgreementView {
  if ((pair.coderA === undefined) !== (pair.coderB === undefined)) {
    throw new Problem("request.invalid", "Give both coders or neither.", [{ path: pair.coderA === undefined ? "coderA" : "coderB", reason: "is required with the other coder" }]);
  }
  if (pair.coderA !== undefined && pair.coderA === pair.coderB) {
    throw new Problem("request.invalid", "Agreement needs two different coders.", [{ path: "coderB", reason: "must differ from coderA" }]);
  }
  const codings = studyCodings(db, study.id);
  const sessionsOf = new Map<number, Set<string>>();
  for (const c of codings) {
    const set = sessionsOf.get(c.coderId) ?? new Set<string>();
    set.add(c.sessionId);
    sessionsOf.set(c.coderId, set);
  }
  const ids = [...sessionsOf.keys()].sort((a, b) => a - b);
  const coders: CoderSummary[] = ids.map((id) => ({
    id,
    sessions: sessionsOf.get(id)!.size,
    ...(showEmails ? { email: findUserById(db, id)?.email ?? "" } : {}),
  }));
  const pairs: CoderPair[] = [];
  ids.forEach((a, i) =>
    ids.slice(i + 1).forEach((b) => {
      const shared = [...sessionsOf.get(a)!].filter((s) => sessionsOf.get(b)!.has(s)).length;
      if (shared > 0) pairs.push({ coderA: a, coderB: b, sessions: shared });
    }),
  );
  pairs.sort((x, y) => y.sessions - x.sessions || x.coderA - y.coderA || x.coderB - y.coderB);

  const chosen = pair.coderA !== undefined ? { coderA: pair.coderA, coderB: pair.coderB! } : pairs[0];
  if (!chosen) return { coders, pairs, agreement: null };
  const flat = flattenCodebook(listCodes(db, study.id)).filter((f) => f.code.isCodable);
  const result = computeAgreement(codings, {
    coderA: chosen.coderA,
    coderB: chosen.coderB,
    codeIds: flat.map((f) => f.code.id),
    blocks: listStudyBlocks(db, study.id),
  });
  return {
    coders,
    pairs,
    agreement: { ...result, codes: result.codes.map((c, i) => ({ ...c, path: flat[i]!.path })) },
  };
}

/**
 * The code matrix by question or by target group. With an interview guide given, only that guide's sessions
 * count and its questions (in guide order, then the transcript segments tied to none) are the columns.
 */
export function codingMatrix(deps: CodingDeps, study: Study, options: { by: MatrixColumnBy; mode: Mode; instrument?: string | undefined }): CodeMatrix {
  let codings = studyCodings(deps.db, study.id);
  let columns: string[] | undefined;
  if (options.instrument !== undefined) {
    const loaded = deps.catalog.find((i) => i.descriptor.id === options.instrument);
    if (!loaded) throw new Problem("instrument.not_found", `There is no instrument "${options.instrument}".`, { id: options.instrument });
    requireInstrument(study, options.instrument);
    codings = codings.filter((c) => c.instrumentId === options.instrument);
    if (options.by === "question") columns = [...guideShape(loaded.json).questions.map((q) => q.key), SEGMENT_COLUMN];
  }
  // Columns found in the data, as a reader expects them: each guide's questions in the guide's order (the
  // study's guides in its order), target groups in the report's order.
  const order =
    options.by === "target-group"
      ? [...TARGET_GROUPS]
      : study.instruments.flatMap((id) => {
          const loaded = deps.catalog.find((i) => i.descriptor.id === id);
          return loaded && loaded.descriptor.kind === "interview" ? guideShape(loaded.json).questions.map((q) => q.key) : [];
        });
  return buildCodeMatrix(codings, {
    codes: listCodes(deps.db, study.id),
    by: options.by,
    mode: options.mode,
    threshold: study.disclosureThreshold,
    ...(columns ? { columns } : { order }),
  });
}

/**
 * The excerpts file. Internal: every excerpt. Published: only the rows whose code, guide and target group
 * together rest on at least the study's threshold of sessions, as the findings leave out rare themes (a rare
 * theme with a quote can point to one person).
 */
export function excerptsFile(db: Db, study: Study, mode: Mode): { csv: string; rows: number; hiddenRows: number } {
  const codes = listCodes(db, study.id);
  const known = new Set(codes.map((c) => c.id));
  const all = distinctExcerpts(studyCodings(db, study.id)).filter((c) => known.has(c.codeId));
  const keyOf = (c: Coding) => `${c.codeId}\u0000${c.instrumentId ?? ""}\u0000${c.targetGroup ?? ""}`;
  const sessions = new Map<string, Set<string>>();
  for (const c of all) {
    const set = sessions.get(keyOf(c)) ?? new Set<string>();
    set.add(c.sessionId);
    sessions.set(keyOf(c), set);
  }
  const shown = mode === "internal" ? all : all.filter((c) => sessions.get(keyOf(c))!.size >= study.disclosureThreshold);
  return { csv: excerptsCsv(shown, { codes }), rows: shown.length, hiddenRows: all.length - shown.length };
}

/**
 * The report's qualitative section: per target group, the codes raised in most sessions with a quote or two
 * (analysis/qualitative/findings.ts). Undefined when nothing is coded, so a report without interviews is
 * unchanged. With `instruments` given, only sessions of those guides count.
 */
export function qualitativeFindings(db: Db, study: Study, options: { mode: Mode; instruments?: readonly string[] | undefined }): QualitativeFindings | undefined {
  let codings = studyCodings(db, study.id);
  if (options.instruments && options.instruments.length > 0) {
    const wanted = new Set(options.instruments);
    codings = codings.filter((c) => c.instrumentId !== null && wanted.has(c.instrumentId));
  }
  const codes = listCodes(db, study.id);
  const known = new Set(codes.map((c) => c.id));
  codings = codings.filter((c) => known.has(c.codeId));
  if (codings.length === 0) return undefined;
  const present = new Set(codings.map((c) => c.targetGroup ?? UNKNOWN_TARGET_GROUP));
  const targetGroups = [...TARGET_GROUPS, UNKNOWN_TARGET_GROUP].filter((g) => present.has(g));
  const sessions = new Set(codings.map((c) => c.sessionId)).size;
  const k = study.disclosureThreshold;
  return {
    sessions: cell(sessions, sessions > 0 && sessions < k, options.mode),
    groups: buildFindings(codings, { codes, mode: options.mode, threshold: k, targetGroups }),
  };
}
