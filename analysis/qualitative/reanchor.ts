/**
 * Re-anchoring: where a coded excerpt lies after the text under it changed. A coding marks [start, end) of a
 * block's text and keeps the excerpt itself; when an interviewer edits a note, a transcript is replaced (its
 * segments renumbered) or names are redacted afterwards, the offsets go stale while the excerpt usually is
 * still there, a few characters further on or in another segment. These functions find it again: the span
 * stays where it is when the text there is still the excerpt, otherwise it moves to the occurrence of the
 * excerpt nearest its old start; when the excerpt is nowhere, the caller keeps the coding as it was and marks
 * it detached (nothing here decides that).
 *
 * Pure string work on UTF-16 code units (the offsets a browser selection reports), so it can be tested on its
 * own; the server reads and writes the codings.
 */

/** A span of a block's text: [start, end) in UTF-16 code units. */
export interface Anchor {
  start: number;
  end: number;
}

/** A coded span and its excerpt. */
export interface AnchoredSpan extends Anchor {
  /** The excerpt the coding holds: what the span covered when it was made. */
  text: string;
}

/** A transcript segment as stored: its position (from 1), its question (null for none) and its text. */
export interface ReanchorSegment {
  seq: number;
  questionKey: string | null;
  text: string;
}

/** A transcript span: the segment it lies in, with the segment's question and, when known, its old text. */
export interface TranscriptSpan extends AnchoredSpan {
  seq: number;
  questionKey: string | null;
  /** The whole text of the segment the span was made in, before the change (optional). */
  segmentText?: string | undefined;
}

export interface TranscriptAnchor extends Anchor {
  seq: number;
  questionKey: string | null;
}

/**
 * The start of the occurrence of `excerpt` in `text` nearest `near` (overlapping occurrences count; on a tie
 * the earlier one), or null when it does not occur or is empty.
 *
 * @example
 * nearestOccurrence("ja, ja un vēlreiz ja", "ja", 10); // => 4 (occurrences at 0, 4 and 18)
 */
export function nearestOccurrence(text: string, excerpt: string, near: number): number | null {
  if (excerpt === "") return null;
  let best: number | null = null;
  for (let at = text.indexOf(excerpt); at >= 0; at = text.indexOf(excerpt, at + 1)) {
    if (best === null || Math.abs(at - near) < Math.abs(best - near)) best = at;
    else if (at > near) break; // further occurrences only get further away
  }
  return best;
}

/**
 * Where a span lies in a block's new text: unchanged when the text there still is the excerpt, else at the
 * occurrence nearest its old start; null when the excerpt is not in the text.
 *
 * @example
 * reanchorSpan("Tagad saziņa ar ģimeni", { start: 0, end: 6, text: "saziņa" }); // => { start: 6, end: 12 }
 */
export function reanchorSpan(text: string, span: AnchoredSpan): Anchor | null {
  // Where the text there is still the excerpt, that occurrence is at distance 0 and wins.
  const at = nearestOccurrence(text, span.text, span.start);
  return at === null ? null : { start: at, end: at + span.text.length };
}

/**
 * Where a transcript span lies once the transcript was replaced by `segments`. The segments are searched in
 * tiers, and the first tier that holds the excerpt wins:
 *
 * 1. segments whose whole text is the span's old segment text (the segment moved unchanged, e.g. behind a
 *    segment inserted in front), when that text is given;
 * 2. the segment with the span's old seq;
 * 3. segments with the span's question (null: segments tied to no question);
 * 4. every segment.
 *
 * Within a tier the segment nearest the old seq is taken (on a tie the earlier), and in it the occurrence
 * nearest the old start. Null when no segment holds the excerpt.
 */
export function reanchorTranscriptSpan(segments: readonly ReanchorSegment[], span: TranscriptSpan): TranscriptAnchor | null {
  const tiers: ((s: ReanchorSegment) => boolean)[] = [
    ...(span.segmentText !== undefined ? [(s: ReanchorSegment) => s.text === span.segmentText] : []),
    (s) => s.seq === span.seq,
    (s) => s.questionKey === span.questionKey,
    () => true,
  ];
  const byNearness = [...segments].sort((a, b) => Math.abs(a.seq - span.seq) - Math.abs(b.seq - span.seq) || a.seq - b.seq);
  for (const inTier of tiers) {
    for (const segment of byNearness) {
      if (!inTier(segment)) continue;
      const anchor = reanchorSpan(segment.text, span);
      if (anchor) return { ...anchor, seq: segment.seq, questionKey: segment.questionKey };
    }
  }
  return null;
}

