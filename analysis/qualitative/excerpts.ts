/**
 * The excerpts behind the counts. When two coders coded the same session (for an agreement check) the
 * same passage is in the codings twice; counting it twice would inflate every table, so the matrix,
 * the excerpts file and the findings all count distinct excerpts: one per code, session, block, text (the
 * notes or a transcript segment) and span, whoever coded it. A caller that wants one coder's view passes
 * that coder's id.
 */
import type { Coding } from "./types.ts";

/** Codings reduced to distinct excerpts (first occurrence kept), optionally of one coder only. */
export function distinctExcerpts(codings: readonly Coding[], coderId?: number): Coding[] {
  const seen = new Set<string>();
  const out: Coding[] = [];
  for (const c of codings) {
    if (coderId !== undefined && c.coderId !== coderId) continue;
    const key = `${c.codeId}\u0000${c.sessionId}\u0000${c.blockKey}\u0000${c.segmentSeq ?? "notes"}\u0000${c.start}\u0000${c.end}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(c);
  }
  return out;
}

/** The block key of a transcript segment that belongs to no guide question. */
export function isSegmentBlock(blockKey: string): boolean {
  return blockKey.startsWith("segment:");
}
