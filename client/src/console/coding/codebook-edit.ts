/**
 * Editing the codebook in the console: a local copy of the codes in display order (depth-first, parents
 * before their children, siblings in codebook order), changed by pure functions and sent whole with one
 * PUT. Keeping the copy in display order means the editor draws it as it is and the PUT body is the array
 * itself, since the server takes sibling order from array order.
 *
 * Every function here returns a new list and leaves the list it was given alone, and every one keeps the
 * invariant the editor relies on: each code's parent comes before it, and a code's descendants follow it
 * without a gap (so a move takes a code's children with it). A function asked to do what cannot be done
 * (move the first sibling up, delete a code that has codings) returns the list unchanged; the `can*`
 * functions say beforehand, so the editor can disable the button and say why.
 *
 * Pure and free of DOM types: unit tests import it under Node.
 */
import type { CodeInput, CodeView } from "./coding-api.ts";

/** One code in the editor. `codings` is what the server counted when the editor opened (0 for new codes). */
export interface EditCode {
  id: string;
  name: string;
  description: string;
  /** "#rrggbb", or null for no colour. */
  color: string | null;
  parentId: string | null;
  isCodable: boolean;
  codings: number;
  /** Added in this editor, not yet saved. */
  isNew: boolean;
}

/** The editor's copy of the codebook as the server listed it (already in display order). */
export function fromView(codes: readonly CodeView[]): EditCode[] {
  return codes.map((c) => ({
    id: c.id,
    name: c.name,
    description: c.description ?? "",
    color: c.color ?? null,
    parentId: c.parentId,
    isCodable: c.isCodable,
    codings: c.codings,
    isNew: false,
  }));
}

/**
 * A version 4 GUID from the browser's random numbers. `crypto.randomUUID` exists only on secure pages
 * (https, localhost); the console is also reached over plain http on a prison's LAN, where only
 * `getRandomValues` is there.
 * @example newGuid() // "3f2b8c1e-9a4d-4e6f-8b1a-0c2d3e4f5a6b"
 */
export function newGuid(fill: (bytes: Uint8Array) => Uint8Array = (bytes) => globalThis.crypto.getRandomValues(bytes)): string {
  const bytes = fill(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A new, empty code (a codable one: most codes are applied, groups are the exception). */
export function blankCode(id: string, parentId: string | null): EditCode {
  return { id, name: "", description: "", color: null, parentId, isCodable: true, codings: 0, isNew: true };
}

function indexOf(list: readonly EditCode[], id: string): number {
  return list.findIndex((c) => c.id === id);
}

/**
 * The index just past the last descendant of the code at `index`: its subtree is `list.slice(index, end)`.
 * Relies on the display-order invariant: the subtree ends at the first later code whose parent is not
 * inside it.
 */
export function subtreeEnd(list: readonly EditCode[], index: number): number {
  const inside = new Set([list[index]!.id]);
  let end = index + 1;
  while (end < list.length && list[end]!.parentId !== null && inside.has(list[end]!.parentId!)) {
    inside.add(list[end]!.id);
    end += 1;
  }
  return end;
}

/** Depth of every code (0 for a top-level code), by id. */
export function depths(list: readonly EditCode[]): Map<string, number> {
  const depth = new Map<string, number>();
  for (const c of list) depth.set(c.id, c.parentId === null ? 0 : (depth.get(c.parentId) ?? -1) + 1);
  return depth;
}

/** The sibling just before the code at `index` (same parent), or -1. */
function previousSibling(list: readonly EditCode[], index: number): number {
  const parentId = list[index]!.parentId;
  for (let i = index - 1; i >= 0; i -= 1) {
    if (list[i]!.id === parentId) return -1;
    if (list[i]!.parentId === parentId) return i;
  }
  return -1;
}

/** The sibling just after the code at `index` (same parent), or -1. */
function nextSibling(list: readonly EditCode[], index: number): number {
  const end = subtreeEnd(list, index);
  return end < list.length && list[end]!.parentId === list[index]!.parentId ? end : -1;
}

export function hasChildren(list: readonly EditCode[], id: string): boolean {
  return list.some((c) => c.parentId === id);
}

export function canMoveUp(list: readonly EditCode[], id: string): boolean {
  const i = indexOf(list, id);
  return i >= 0 && previousSibling(list, i) >= 0;
}

export function canMoveDown(list: readonly EditCode[], id: string): boolean {
  const i = indexOf(list, id);
  return i >= 0 && nextSibling(list, i) >= 0;
}

/** A code can become a child of the sibling before it. */
export const canIndent = canMoveUp;

export function canOutdent(list: readonly EditCode[], id: string): boolean {
  const i = indexOf(list, id);
  return i >= 0 && list[i]!.parentId !== null;
}

export type DeleteBlock = "has-codings" | "has-children";

/** Why a code cannot be deleted, or null when it can. Codings count first: the server refuses those anyway. */
export function deleteBlock(list: readonly EditCode[], id: string): DeleteBlock | null {
  const code = list.find((c) => c.id === id);
  if (!code) return null;
  if (code.codings > 0) return "has-codings";
  if (hasChildren(list, id)) return "has-children";
  return null;
}

/** Adds a top-level code at the end. */
export function addRoot(list: readonly EditCode[], code: EditCode): EditCode[] {
  return [...list, { ...code, parentId: null }];
}

/** Adds a code as the last child of `parentId`. */
export function addChild(list: readonly EditCode[], parentId: string, code: EditCode): EditCode[] {
  const i = indexOf(list, parentId);
  if (i < 0) return [...list];
  const end = subtreeEnd(list, i);
  return [...list.slice(0, end), { ...code, parentId }, ...list.slice(end)];
}

/** Changes a code's own fields (not its place: use the moves for that). */
export function updateCode(list: readonly EditCode[], id: string, patch: Partial<Pick<EditCode, "name" | "description" | "color" | "isCodable">>): EditCode[] {
  return list.map((c) => (c.id === id ? { ...c, ...patch } : c));
}

/** Swaps the code (with its children) and the sibling before it (with its children). */
export function moveUp(list: readonly EditCode[], id: string): EditCode[] {
  const i = indexOf(list, id);
  if (i < 0) return [...list];
  const before = previousSibling(list, i);
  if (before < 0) return [...list];
  const end = subtreeEnd(list, i);
  return [...list.slice(0, before), ...list.slice(i, end), ...list.slice(before, i), ...list.slice(end)];
}

/** Swaps the code (with its children) and the sibling after it (with its children). */
export function moveDown(list: readonly EditCode[], id: string): EditCode[] {
  const i = indexOf(list, id);
  if (i < 0) return [...list];
  const after = nextSibling(list, i);
  return after < 0 ? [...list] : moveUp(list, list[after]!.id);
}

/**
 * Makes the code (with its children) the last child of the sibling before it. Its place in display order
 * does not change: it already follows that sibling's subtree.
 */
export function indent(list: readonly EditCode[], id: string): EditCode[] {
  const i = indexOf(list, id);
  if (i < 0) return [...list];
  const before = previousSibling(list, i);
  if (before < 0) return [...list];
  const parentId = list[before]!.id;
  return list.map((c, k) => (k === i ? { ...c, parentId } : c));
}

/**
 * Makes the code (with its children) a sibling of its parent, placed just after the parent's subtree; the
 * siblings that followed it stay with the old parent.
 */
export function outdent(list: readonly EditCode[], id: string): EditCode[] {
  const i = indexOf(list, id);
  if (i < 0 || list[i]!.parentId === null) return [...list];
  const parent = list[i]!.parentId;
  const end = subtreeEnd(list, i);
  const moved = list.slice(i, end);
  const rest = [...list.slice(0, i), ...list.slice(end)];
  const p = indexOf(rest, parent);
  const at = subtreeEnd(rest, p);
  const lifted = { ...moved[0]!, parentId: rest[p]!.parentId };
  return [...rest.slice(0, at), lifted, ...moved.slice(1), ...rest.slice(at)];
}

/** Removes a code that has neither codings nor children; any other list comes back unchanged. */
export function deleteCode(list: readonly EditCode[], id: string): EditCode[] {
  if (indexOf(list, id) < 0 || deleteBlock(list, id) !== null) return [...list];
  return list.filter((c) => c.id !== id);
}

/** The key under which two sibling names count as the same (as analysis/qualitative/codebook.ts compares them). */
function nameKey(name: string): string {
  return name.trim().normalize("NFC").toLocaleLowerCase("lv");
}

export type LocalProblem = { codeId: string; kind: "name-required" | "name-duplicate" };

/**
 * What can be told before sending: codes without a name, and names repeated among siblings (ignoring case
 * and the spaces that the PUT body trims). The server checks everything else.
 */
export function localProblems(list: readonly EditCode[]): LocalProblem[] {
  const problems: LocalProblem[] = [];
  const seen = new Set<string>();
  for (const c of list) {
    if (c.name.trim() === "") {
      problems.push({ codeId: c.id, kind: "name-required" });
      continue;
    }
    const key = `${c.parentId ?? ""}\u0000${nameKey(c.name)}`;
    if (seen.has(key)) problems.push({ codeId: c.id, kind: "name-duplicate" });
    seen.add(key);
  }
  return problems;
}

/**
 * The body of PUT /api/studies/:id/codebook: the codes in display order (so siblings keep their order),
 * names trimmed, an empty description or no colour left out.
 */
export function toPutBody(list: readonly EditCode[]): { codes: CodeInput[] } {
  return {
    codes: list.map((c) => {
      const description = c.description.trim() === "" ? undefined : c.description;
      return {
        id: c.id,
        name: c.name.trim(),
        ...(description !== undefined ? { description } : {}),
        ...(c.color ? { color: c.color } : {}),
        parentId: c.parentId,
        isCodable: c.isCodable,
      };
    }),
  };
}

/** True when the copy would change the codebook if saved. */
export function isChanged(original: readonly EditCode[], current: readonly EditCode[]): boolean {
  return JSON.stringify(toPutBody(original)) !== JSON.stringify(toPutBody(current));
}

// ---- The server's answers about a codebook ------------------------------------------------------------

/** One problem of a 422 codebook.invalid answer (server/services/coding.ts `problemDetails`). */
export interface CodebookProblem {
  path: string;
  reason: string;
  code: string | null;
  codeId: string | null;
  line: number | null;
}

/** One code of a 409 codebook.code_in_use answer: a code that would be removed but has codings. */
export interface CodeInUse {
  codeId: string;
  path: string;
  codings: number;
}

/** Reads the `details` of a codebook.invalid answer, skipping whatever is not a problem. */
export function readProblems(details: unknown): CodebookProblem[] {
  if (!Array.isArray(details)) return [];
  return details.flatMap((d: unknown) => {
    if (!d || typeof d !== "object") return [];
    const o = d as Record<string, unknown>;
    if (typeof o.path !== "string" || typeof o.reason !== "string") return [];
    return [
      {
        path: o.path,
        reason: o.reason,
        code: typeof o.code === "string" ? o.code : null,
        codeId: typeof o.codeId === "string" ? o.codeId : null,
        line: typeof o.line === "number" ? o.line : null,
      },
    ];
  });
}

/** Reads the `details` of a codebook.code_in_use answer. */
export function readCodesInUse(details: unknown): CodeInUse[] {
  if (!Array.isArray(details)) return [];
  return details.flatMap((d: unknown) => {
    if (!d || typeof d !== "object") return [];
    const o = d as Record<string, unknown>;
    if (typeof o.codeId !== "string") return [];
    return [{ codeId: o.codeId, path: typeof o.path === "string" ? o.path : o.codeId, codings: typeof o.codings === "number" ? o.codings : 0 }];
  });
}

/**
 * Sorts a save's problems to the rows they concern: by the index in "codes[3].name" (the PUT body is the
 * editor's list in its order), else by the code id the server named. What concerns no row is `rest`.
 */
export function problemsByRow(list: readonly EditCode[], problems: readonly CodebookProblem[]): { byId: Map<string, CodebookProblem[]>; rest: CodebookProblem[] } {
  const ids = new Map(list.map((c) => [c.id.toLowerCase(), c.id]));
  const byId = new Map<string, CodebookProblem[]>();
  const rest: CodebookProblem[] = [];
  for (const p of problems) {
    const index = /^codes\[(\d+)\]/.exec(p.path)?.[1];
    // The index first: with a repeated id, it is the one that names the right row.
    const id = (index !== undefined ? list[Number(index)]?.id : undefined) ?? (p.codeId !== null ? ids.get(p.codeId.toLowerCase()) : undefined);
    if (id === undefined) rest.push(p);
    else byId.set(id, [...(byId.get(id) ?? []), p]);
  }
  return { byId, rest };
}
