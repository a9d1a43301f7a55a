/**
 * Keeps codings on their text when the text changes under them. A coding marks [start, end) of a note or a
 * transcript segment and keeps the excerpt; an edited note, a replaced transcript (segments renumbered) or a
 * name added to the study's list (re-redaction changes lengths) leaves the offsets pointing at the wrong
 * characters, and the coder's screen would highlight them. The interview service calls `reanchorCodings` in the
 * same transaction as each such write, after the new text is stored: every coding of the changed blocks is
 * moved to where its excerpt now stands (analysis/qualitative/reanchor.ts finds it), following it into another
 * segment if need be.
 *
 * Nothing is lost: a coding whose excerpt is nowhere any more stays, excerpt and all (it still counts in
 * agreement, the matrix and the findings), but is marked detached so the console lists it without a highlight;
 * a later edit that brings the excerpt back anchors it again. A coding that lands on a span the same coder
 * already coded with the same code is that coding, and goes.
 *
 * Kept apart from services/coding.ts, which imports the interview service: this way the interview service
 * depends on it without an import cycle.
 */
import { isSegmentBlock } from "../../analysis/qualitative/excerpts.ts";
import { reanchorSpan, reanchorTranscriptSpan, type Anchor } from "../../analysis/qualitative/reanchor.ts";
import { redactNames } from "../domain/redact-names.ts";
import { listSessionCodings, placeCodings, type CodingPlacement, type CodingRow } from "../store/coding.ts";
import type { Db } from "../store/db.ts";
import { findNote, listTranscript, type TranscriptSegment } from "../store/interviews.ts";

/** What changed, written already in the current transaction. */
export type TextChange =
  /** One note was saved with other text. */
  | { kind: "note"; questionKey: string }
  /** The transcript was replaced; `previous` is the transcript as it was. */
  | { kind: "transcript"; previous: readonly TranscriptSegment[] }
  /** Names were redacted in these notes and transcript segments (in place: segments keep their seq). */
  | { kind: "redaction"; matcher: RegExp; questionKeys: readonly string[]; segmentSeqs: readonly number[] };

export interface ReanchorSummary {
  /** Codings whose span and excerpt stay as they were. */
  unchanged: number;
  /** Codings moved, given a redacted excerpt, or anchored again. */
  moved: number;
  /** Codings whose excerpt is no longer in the text. */
  detached: number;
  /** Codings deleted because they landed on a span the same coder had coded with the same code. */
  merged: number;
}

const segmentKey = (seq: number) => `segment:${seq}`;

/** The unique index's view of a coding: two codings with the same key cannot both be stored. */
const spanKey = (c: Pick<CodingRow, "coderId" | "codeId" | "source" | "segmentSeq" | "blockKey" | "start" | "end">) =>
  [c.coderId, c.codeId.toLowerCase(), c.source, c.segmentSeq ?? 0, c.blockKey, c.start, c.end].join("\u0000");

/**
 * Re-anchors the session's codings of the blocks `change` names against their stored text. Call it inside the
 * transaction that wrote the text.
 */
export function reanchorCodings(db: Db, sessionId: string, change: TextChange): ReanchorSummary {
  const all = listSessionCodings(db, sessionId);
  const targets = new Map<string, CodingPlacement>();

  if (change.kind === "note") {
    const text = findNote(db, sessionId, change.questionKey)?.notes ?? "";
    for (const c of all) {
      if (c.source === "note" && c.blockKey === change.questionKey) targets.set(c.id, inBlock(c, text, c.text));
    }
  } else if (change.kind === "transcript") {
    const segments = listTranscript(db, sessionId);
    const previous = new Map(change.previous.map((s) => [s.seq, s]));
    for (const c of all) {
      if (c.source !== "transcript" || c.segmentSeq === null) continue;
      const questionKey = isSegmentBlock(c.blockKey) ? null : c.blockKey;
      const old = previous.get(c.segmentSeq);
      // The old segment's text helps only when it is the segment the coding was counted under.
      const segmentText = old && (old.questionKey ?? segmentKey(old.seq)) === c.blockKey ? old.text : undefined;
      const found = reanchorTranscriptSpan(segments, { seq: c.segmentSeq, questionKey, start: c.start, end: c.end, text: c.text, segmentText });
      targets.set(
        c.id,
        found
          ? { ...placement(c, found, c.text, true), segmentSeq: found.seq, blockKey: found.questionKey ?? segmentKey(found.seq) }
          : placement(c, c, c.text, false),
      );
    }
  } else {
    const keys = new Set(change.questionKeys);
    const seqs = new Set(change.segmentSeqs);
    const segments = new Map(listTranscript(db, sessionId).map((s) => [s.seq, s.text]));
    // The excerpt is redacted as its block was, then looked for; it keeps the redacted form even when detached.
    const redacted = (c: CodingRow) => redactNames(c.text, change.matcher).value;
    for (const c of all) {
      if (c.source === "note" && keys.has(c.blockKey)) {
        targets.set(c.id, inBlock(c, findNote(db, sessionId, c.blockKey)?.notes ?? "", redacted(c)));
      } else if (c.source === "transcript" && c.segmentSeq !== null && seqs.has(c.segmentSeq)) {
        targets.set(c.id, inBlock(c, segments.get(c.segmentSeq) ?? "", redacted(c)));
      }
    }
  }
  return settle(db, all, targets);
}

function placement(c: CodingRow, at: Anchor, text: string, anchored: boolean): CodingPlacement {
  return { id: c.id, blockKey: c.blockKey, segmentSeq: c.segmentSeq, start: at.start, end: at.end, text, anchored };
}

/** A coding re-anchored within its own block; detached (offsets kept) when the excerpt is not in `text`. */
function inBlock(c: CodingRow, text: string, excerpt: string): CodingPlacement {
  const found = reanchorSpan(text, { start: c.start, end: c.end, text: excerpt });
  return found ? placement(c, found, excerpt, true) : placement(c, c, excerpt, false);
}

/**
 * Writes the placements that change something. Codings that keep their span claim it first, then the moved
 * ones in creation order; a moved coding whose span is taken is deleted (the same coder coded the same span
 * with the same code: it is the same coding).
 */
function settle(db: Db, all: readonly CodingRow[], targets: ReadonlyMap<string, CodingPlacement>): ReanchorSummary {
  const summary: ReanchorSummary = { unchanged: 0, moved: 0, detached: 0, merged: 0 };
  const taken = new Set(all.filter((c) => !targets.has(c.id)).map(spanKey));
  const next = (c: CodingRow) => ({ ...c, ...targets.get(c.id)! });
  const samePlace = (c: CodingRow) => spanKey(c) === spanKey(next(c));
  const considered = all.filter((c) => targets.has(c.id));
  const ordered = [...considered.filter(samePlace), ...considered.filter((c) => !samePlace(c))];

  const placements: CodingPlacement[] = [];
  const deletions: string[] = [];
  for (const c of ordered) {
    const target = targets.get(c.id)!;
    const key = spanKey(next(c));
    if (taken.has(key)) {
      deletions.push(c.id);
      summary.merged += 1;
      continue;
    }
    taken.add(key);
    if (!target.anchored) summary.detached += 1;
    if (samePlace(c) && target.text === c.text && target.anchored === c.anchored) {
      if (target.anchored) summary.unchanged += 1;
      continue;
    }
    if (target.anchored) summary.moved += 1;
    placements.push(target);
  }
  if (placements.length > 0 || deletions.length > 0) placeCodings(db, placements, deletions);
  return summary;
}
