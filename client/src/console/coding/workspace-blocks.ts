/**
 * What the coding workspace codes: one block per guide question with notes (in guide order), then one per
 * transcript segment, each with the text exactly as the server stores it, since a coding's offsets count in
 * that string. Also where each coding belongs: the server keeps a transcript coding under the segment's
 * question when it has one (so it counts with that question's notes), so a transcript coding is placed by
 * its segment number and a note coding by its question key. A coding whose excerpt no longer matches its
 * block's text (the note was edited after coding; the server then says `anchored: false`) is kept but marked
 * stale and not highlighted.
 */
import type { CodingInput, CodingView } from "./coding-api.ts";
import type { SessionView } from "../interviews/interview-api.ts";
import { rgbOf } from "./highlight.ts";

export interface WorkspaceBlock {
  /** "note:<questionKey>" or "segment:<seq>": the block's key on the page. */
  key: string;
  source: CodingInput["source"];
  /** What POST /codings takes as `blockKey`: the question key (notes) or "segment:<seq>". */
  apiKey: string;
  /** The guide question the block belongs to, if any. */
  questionKey: string | null;
  /** The transcript segment's number (transcript blocks). */
  seq: number | null;
  /** The stored text, untouched. */
  text: string;
}

export interface PlacedCoding {
  coding: CodingView;
  /** The block's text no longer holds the excerpt at [start, end). */
  stale: boolean;
}

const hasText = (text: string) => text.trim() !== "";

/** The blocks of a session: notes in guide order (notes of questions the guide no longer has last), then the transcript. */
export function workspaceBlocks(view: Pick<SessionView, "questions" | "notes" | "transcript">): { notes: WorkspaceBlock[]; transcript: WorkspaceBlock[] } {
  const order = new Map(view.questions.map((q, i) => [q.key, i]));
  const notes = view.notes
    .filter((n) => hasText(n.notes))
    .map((n, i) => ({ n, rank: order.get(n.questionKey) ?? view.questions.length + i }))
    .sort((a, b) => a.rank - b.rank)
    .map(({ n }): WorkspaceBlock => ({ key: `note:${n.questionKey}`, source: "note", apiKey: n.questionKey, questionKey: n.questionKey, seq: null, text: n.notes }));
  const transcript = [...view.transcript]
    .filter((s) => hasText(s.text))
    .sort((a, b) => a.seq - b.seq)
    .map((s): WorkspaceBlock => ({ key: `segment:${s.seq}`, source: "transcript", apiKey: `segment:${s.seq}`, questionKey: s.questionKey, seq: s.seq, text: s.text }));
  return { notes, transcript };
}

/** The page key of the block a coding belongs to. */
export function blockKeyOf(coding: Pick<CodingView, "source" | "blockKey" | "segmentSeq">): string {
  return coding.source === "transcript" && coding.segmentSeq !== null ? `segment:${coding.segmentSeq}` : `note:${coding.blockKey}`;
}

/**
 * The codings of each block in text order (start, then longer first), and those whose block is gone (the
 * note emptied, the transcript replaced).
 */
export function placeCodings(blocks: readonly WorkspaceBlock[], codings: readonly CodingView[]): { byBlock: Map<string, PlacedCoding[]>; orphans: CodingView[] } {
  const byKey = new Map(blocks.map((b) => [b.key, b]));
  const byBlock = new Map<string, PlacedCoding[]>();
  const orphans: CodingView[] = [];
  const sorted = [...codings].sort((a, b) => a.start - b.start || b.end - a.end || a.createdSeq - b.createdSeq);
  for (const coding of sorted) {
    const key = blockKeyOf(coding);
    const block = byKey.get(key);
    if (!block) {
      orphans.push(coding);
      continue;
    }
    // The server marks a coding it could not re-anchor after an edit; the text check also catches an edit
    // made since this page loaded the session.
    const stale = coding.anchored === false || coding.end > block.text.length || block.text.slice(coding.start, coding.end) !== coding.text;
    const list = byBlock.get(key) ?? [];
    list.push({ coding, stale });
    byBlock.set(key, list);
  }
  return { byBlock, orphans };
}

// ---- The codebook as the code chooser shows it --------------------------------------------------------------

interface CodeLike {
  id: string;
  name: string;
  parentId: string | null;
  color?: string | undefined;
  depth: number;
}

/**
 * Colours for codes the codebook leaves uncoloured, given to their top-level codes in display order, so two
 * such codes side by side are told apart. Distinct hues; at the highlight's tint (highlight.ts markColours)
 * text on each keeps WCAG AA contrast.
 */
export const SPARE_COLOURS = ["#e0a100", "#1f77b4", "#2ca02c", "#d62728", "#9467bd", "#17becf", "#e377c2", "#8c564b"] as const;

/** How far apart (in RGB) a spare colour must be from each of the codebook's own colours. */
const SPARE_MIN_DISTANCE = 90;

const colourDistance = (a: readonly number[], b: readonly number[]) => Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!);

/**
 * Each code's highlight colour: its own, else its nearest ancestor's (a codebook often colours only the
 * top codes), else the spare colour of its top-level code. Keyed by lower-case id, as the server compares ids.
 */
export function codeColours(codes: readonly CodeLike[]): Map<string, string> {
  const byId = new Map(codes.map((c) => [c.id.toLowerCase(), c]));
  // Spare colours that look like none of the codebook's own (a blue code beside a spare blue one would not do).
  const own = codes.map((c) => (c.color ? rgbOf(c.color) : null)).filter((rgb): rgb is [number, number, number] => rgb !== null);
  const distinct = SPARE_COLOURS.filter((hex) => own.every((rgb) => colourDistance(rgbOf(hex)!, rgb) >= SPARE_MIN_DISTANCE));
  const palette = distinct.length > 0 ? distinct : SPARE_COLOURS;
  const spare = new Map<string, string>();
  const result = new Map<string, string>();
  for (const code of codes) {
    let colour: string | null = null;
    let top: CodeLike = code;
    const seen = new Set<string>();
    for (let c: CodeLike | undefined = code; c && !seen.has(c.id.toLowerCase()); c = c.parentId ? byId.get(c.parentId.toLowerCase()) : undefined) {
      seen.add(c.id.toLowerCase());
      top = c;
      if (c.color) {
        colour = c.color;
        break;
      }
    }
    if (colour === null) {
      const key = top.id.toLowerCase();
      if (!spare.has(key)) spare.set(key, palette[spare.size % palette.length]!);
      colour = spare.get(key)!;
    }
    result.set(code.id.toLowerCase(), colour);
  }
  return result;
}

/**
 * The codes in display order as rows of the chooser: one per top-level code, its descendants after it labelled
 * by their path below it ("Saziņa / Vēstules" under "Ģimene").
 */
export function codeGroups<T extends CodeLike>(codes: readonly T[]): { root: { code: T; label: string }; members: { code: T; label: string }[] }[] {
  const byId = new Map(codes.map((c) => [c.id.toLowerCase(), c]));
  type Group = { root: { code: T; label: string }; members: { code: T; label: string }[] };
  const groups: Group[] = [];
  const groupOf = new Map<T, Group>();
  for (const code of codes) {
    const names: string[] = [];
    let top: T = code;
    const seen = new Set<string>();
    for (let c: T | undefined = code; c && !seen.has(c.id.toLowerCase()); c = c.parentId ? byId.get(c.parentId.toLowerCase()) : undefined) {
      seen.add(c.id.toLowerCase());
      names.unshift(c.name);
      top = c;
    }
    const group = groupOf.get(top);
    if (code === top || !group) {
      const fresh: Group = { root: { code, label: code.name }, members: [] };
      groups.push(fresh);
      groupOf.set(code, fresh);
    } else {
      group.members.push({ code, label: names.slice(1).join(" / ") });
    }
  }
  return groups;
}
