/**
 * The qualitative codebook: a tree of codes that researchers apply to interview transcripts. The tree
 * travels between tools (a CSV that can be edited in Excel, a REFI-QDA .qdc that NVivo, ATLAS.ti, MAXQDA
 * and QualCoder read), so every import and every save goes through one validation here, and everything
 * that prints a code (matrix, excerpts, findings) names it by the same path, "Ģimene / Saziņa".
 *
 * The array order is meaningful: siblings are shown, exported and reported in the order they appear.
 * Names are compared without regard to case (after Unicode NFC), because "Ģimene" and "ģimene" side by
 * side under one parent are a mistake, not two codes.
 */
import { createHash } from "node:crypto";
import { invalidXmlCharacter } from "./xml.ts";
import type { QualCode, QualProblem } from "./types.ts";

/** Joins the names of a code's ancestors and its own name. */
export const PATH_SEPARATOR = " / ";

/** A GUID as this platform writes it: 8-4-4-4-12 hex digits, no braces. */
export const GUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
export const COLOR_PATTERN = /^#[0-9a-fA-F]{6}$/;
/**
 * Where a written path breaks into levels: a slash with a space (or no-break space) or the end of the
 * text on each side. "Darbs/mācības" is one name; a name may not contain such a slash.
 */
export const LEVEL_BREAK = /(?<=^|[ \t\u00A0])\/(?=[ \t\u00A0]|$)/;

/** A code in the tree, with its children in codebook order. */
export interface CodeNode {
  code: QualCode;
  depth: number;
  children: CodeNode[];
}

/** A code in display order: depth-first, parents before children, siblings in codebook order. */
export interface FlatCode {
  code: QualCode;
  /** 0 for a top-level code. */
  depth: number;
  /** Names from the root down. */
  names: string[];
  /** `names` joined with " / ". */
  path: string;
}

/** Thrown by functions that need a valid codebook when given one that is not; carries every problem. */
export class InvalidCodebookError extends Error {
  readonly problems: QualProblem[];
  constructor(problems: QualProblem[]) {
    super(`invalid codebook: ${problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`);
    this.name = "InvalidCodebookError";
    this.problems = problems;
  }
}

/** The key under which two names count as the same. */
export function nameKey(name: string): string {
  return name.trim().normalize("NFC").toLocaleLowerCase("lv");
}

function problem(code: string, index: number, field: string, codeId: string | null, message: string): QualProblem {
  return { code, path: `codes[${index}].${field}`, codeId, line: null, message };
}

/**
 * Every problem of a codebook, each naming the code (by index and id) and the field: ids that are not
 * GUIDs or repeat (ignoring case), names that are empty, padded, hold a slash that would split a path
 * (" / ", or a spaced slash at either end) or a line break, names repeated among siblings, colours that
 * are not #RRGGBB, parents that do not exist, and parent cycles. Problems come in codebook order; an
 * empty list means the codebook is valid.
 *
 * @example validateCodebook([{ id: "…", name: "Ģimene", parentId: "nav-tāda", isCodable: true }])
 * // [{ code: "code.parent_missing", path: "codes[0].parentId", … }]
 */
export function validateCodebook(codes: readonly QualCode[]): QualProblem[] {
  const problems: QualProblem[] = [];
  const byId = new Map<string, QualCode>();
  const idsSeen = new Set<string>();
  codes.forEach((c, i) => {
    const id = typeof c.id === "string" ? c.id : "";
    if (!GUID_PATTERN.test(id)) {
      problems.push(problem("code.invalid_id", i, "id", id || null, `id "${id}" is not a GUID (8-4-4-4-12 hex digits)`));
    } else if (idsSeen.has(id.toLowerCase())) {
      problems.push(problem("code.duplicate_id", i, "id", id, `id ${id} is used by another code`));
    } else {
      idsSeen.add(id.toLowerCase());
      byId.set(id, c);
    }

    const name = typeof c.name === "string" ? c.name : "";
    if (name.trim() === "") problems.push(problem("code.name_required", i, "name", id || null, "a code needs a name"));
    else if (name !== name.trim()) problems.push(problem("code.name_whitespace", i, "name", id || null, `name "${name}" starts or ends with a space`));
    if (LEVEL_BREAK.test(name)) {
      problems.push(problem("code.name_separator", i, "name", id || null, `name "${name}" contains "${PATH_SEPARATOR}", which separates the levels of a code path`));
    }
    if (/[\r\n\t\u2028\u2029]/.test(name) || invalidXmlCharacter(name) !== null) {
      problems.push(problem("code.name_invalid_character", i, "name", id || null, `name "${name}" contains a line break, tab or control character`));
    }

    if (c.description !== undefined && (typeof c.description !== "string" || invalidXmlCharacter(c.description) !== null)) {
      problems.push(problem("code.description_invalid_character", i, "description", id || null, "the description contains a control character that cannot be stored"));
    }
    if (c.color !== undefined && (typeof c.color !== "string" || !COLOR_PATTERN.test(c.color))) {
      problems.push(problem("code.invalid_color", i, "color", id || null, `colour "${String(c.color)}" is not #RRGGBB`));
    }
    if (typeof c.isCodable !== "boolean") {
      problems.push(problem("code.invalid_is_codable", i, "isCodable", id || null, "isCodable must be true or false"));
    }
  });

  // Parents: missing ones first, then cycles among the codes whose parents exist.
  codes.forEach((c, i) => {
    if (c.parentId === null) return;
    if (typeof c.parentId !== "string" || !byId.has(c.parentId)) {
      problems.push(problem("code.parent_missing", i, "parentId", c.id, `parent ${String(c.parentId)} does not exist`));
    }
  });
  const indexOf = new Map(codes.map((c, i) => [c, i] as const));
  const state = new Map<QualCode, "visiting" | "done">();
  const inCycle = new Set<QualCode>();
  for (const start of codes) {
    const chain: QualCode[] = [];
    let current: QualCode | undefined = start;
    while (current && !state.has(current)) {
      state.set(current, "visiting");
      chain.push(current);
      current = current.parentId === null ? undefined : byId.get(current.parentId);
    }
    if (current && state.get(current) === "visiting") chain.slice(chain.indexOf(current)).forEach((c) => inCycle.add(c));
    chain.forEach((c) => state.set(c, "done"));
  }
  for (const c of codes) {
    if (!inCycle.has(c)) continue;
    problems.push(problem("code.parent_cycle", indexOf.get(c)!, "parentId", c.id, `code "${c.name}" is its own ancestor`));
  }

  // Sibling names (only where the parent is sound, so one mistake is reported once).
  const seen = new Map<string, number>();
  codes.forEach((c, i) => {
    if (typeof c.name !== "string" || c.name.trim() === "" || inCycle.has(c)) return;
    const key = `${c.parentId ?? ""}\u0000${nameKey(c.name)}`;
    const first = seen.get(key);
    if (first === undefined) seen.set(key, i);
    else problems.push(problem("code.duplicate_name", i, "name", c.id, `another code under the same parent is already called "${codes[first]!.name}"`));
  });

  return problems.sort((a, b) => pathIndex(a.path) - pathIndex(b.path));
}

function pathIndex(path: string): number {
  return Number(/^codes\[(\d+)\]/.exec(path)?.[1] ?? 0);
}

/** Throws InvalidCodebookError unless the codebook is valid. */
export function assertValidCodebook(codes: readonly QualCode[]): void {
  const problems = validateCodebook(codes);
  if (problems.length > 0) throw new InvalidCodebookError(problems);
}

/**
 * The codebook as a tree: top-level codes in codebook order, each with its children in codebook order.
 * Throws InvalidCodebookError for an invalid codebook (a missing parent or a cycle has no place in a tree).
 */
export function buildCodeTree(codes: readonly QualCode[]): CodeNode[] {
  assertValidCodebook(codes);
  const children = new Map<string | null, QualCode[]>();
  for (const c of codes) {
    const list = children.get(c.parentId) ?? [];
    list.push(c);
    children.set(c.parentId, list);
  }
  const build = (code: QualCode, depth: number): CodeNode => ({
    code,
    depth,
    children: (children.get(code.id) ?? []).map((child) => build(child, depth + 1)),
  });
  return (children.get(null) ?? []).map((c) => build(c, 0));
}

/**
 * Every code in display order (depth-first, siblings in codebook order) with its depth and path.
 * Throws InvalidCodebookError for an invalid codebook.
 *
 * @example flattenCodebook(codes).map((f) => f.path) // ["Ģimene", "Ģimene / Saziņa", "Veselība"]
 */
export function flattenCodebook(codes: readonly QualCode[]): FlatCode[] {
  const out: FlatCode[] = [];
  const walk = (nodes: CodeNode[], names: string[]) => {
    for (const node of nodes) {
      const path = [...names, node.code.name];
      out.push({ code: node.code, depth: node.depth, names: path, path: path.join(PATH_SEPARATOR) });
      walk(node.children, path);
    }
  };
  walk(buildCodeTree(codes), []);
  return out;
}

/**
 * The path of one code, "Ģimene / Saziņa". Throws for an unknown id or an invalid codebook.
 */
export function codePath(codes: readonly QualCode[], id: string): string {
  const found = flattenCodebook(codes).find((f) => f.code.id === id);
  if (!found) throw new Error(`unknown code ${id}`);
  return found.path;
}

/**
 * A name-based GUID (RFC 4122 version 5: SHA-1 of a fixed namespace and the key), so the same key always
 * gives the same id. The CSV import uses it for rows without an id: the key is the normalised code path.
 *
 * @example deterministicGuid("ģimene / saziņa") // the same GUID on every run
 */
export function deterministicGuid(key: string): string {
  const namespace = Buffer.from(CODEBOOK_NAMESPACE.replace(/-/g, ""), "hex");
  const hash = createHash("sha1").update(namespace).update(key, "utf8").digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString("hex").toUpperCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The namespace of this platform's name-based code GUIDs (itself a random v4 GUID, fixed forever). */
const CODEBOOK_NAMESPACE = "6b2f5d0e-3c1a-4e8b-9f47-2a9d81c5e6b3";
