/**
 * How coded spans are drawn over a block of text. Codings may overlap, nest or touch, and HTML marks may
 * only nest, so the text is cut at every span boundary into pieces that no span starts or ends inside; each
 * piece lists the codings that cover it, outermost first, and the page wraps it in that many nested marks.
 * Offsets are UTF-16 code units, as the server and a DOM selection count them. Pure, so it is unit-tested
 * without a browser (tests/unit/console/coding-highlight.test.ts).
 */

/** One coded span of a block's text: [start, end) in UTF-16 code units. */
export interface HighlightSpan {
  id: string;
  start: number;
  end: number;
}

/** A stretch of the text with the same codings all along it. */
export interface HighlightPiece {
  start: number;
  end: number;
  text: string;
  /** The codings covering the piece, outermost first (earlier start, then longer, then id). */
  ids: string[];
}

const isHigh = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;
const isLow = (unit: number) => unit >= 0xdc00 && unit <= 0xdfff;

/** True when `index` falls between the two halves of a surrogate pair (an emoji, say). */
export function splitsPair(text: string, index: number): boolean {
  return index > 0 && index < text.length && isHigh(text.charCodeAt(index - 1)) && isLow(text.charCodeAt(index));
}

/**
 * Cuts `text` into pieces at every boundary of the spans. Spans outside the text or empty are left out; a
 * boundary inside a surrogate pair is widened to the whole character, so no piece holds half an emoji.
 * The pieces cover the whole text in order; their `text` joined is `text` itself.
 *
 * @example
 * highlightPieces("abcdef", [{ id: "a", start: 1, end: 4 }, { id: "b", start: 3, end: 5 }])
 * // "a" | "bc" [a] | "d" [a, b] | "e" [b] | "f"
 */
export function highlightPieces(text: string, spans: readonly HighlightSpan[]): HighlightPiece[] {
  if (text.length === 0) return [];
  const valid = spans
    .filter((s) => Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.end <= text.length && s.start < s.end)
    .map((s) => ({
      id: s.id,
      start: splitsPair(text, s.start) ? s.start - 1 : s.start,
      end: splitsPair(text, s.end) ? s.end + 1 : s.end,
    }))
    .sort((a, b) => a.start - b.start || b.end - a.end || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const cuts = [...new Set([0, text.length, ...valid.flatMap((s) => [s.start, s.end])])].sort((a, b) => a - b);
  const pieces: HighlightPiece[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const start = cuts[i]!;
    const end = cuts[i + 1]!;
    pieces.push({ start, end, text: text.slice(start, end), ids: valid.filter((s) => s.start <= start && s.end >= end).map((s) => s.id) });
  }
  return pieces;
}

// ---- Colours ---------------------------------------------------------------------------------------------

/** The console's text colour (console.css --c-fg), which marks keep. */
export const MARK_TEXT = "#1a1a1a";
/** A code without a colour of its own: amber, like a highlighter. */
export const DEFAULT_CODE_COLOUR = "#e0a100";
/** How much of the code's colour the highlight takes; the rest is white. */
const TINT = 0.3;

export function rgbOf(hex: string): [number, number, number] | null {
  const match = /^#?([0-9a-f]{6})$/i.exec(hex.trim());
  if (!match) return null;
  const n = parseInt(match[1]!, 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

const hexOf = (rgb: readonly number[]) => `#${rgb.map((v) => Math.round(v).toString(16).padStart(2, "0")).join("")}`;

/** WCAG relative luminance of "#rrggbb". */
export function luminance(hex: string): number {
  const rgb = rgbOf(hex) ?? [0, 0, 0];
  const [r, g, b] = rgb.map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two "#rrggbb" colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * The highlight of a code: its colour at 30 % over white as an opaque background (so nested marks do not
 * darken each other and the console's text stays above 4.5:1 on it, WCAG AA, whatever the colour), and the
 * full colour for the underline that tells overlapping codes apart.
 */
export function markColours(colour: string | null | undefined): { background: string; line: string } {
  const rgb = rgbOf(colour ?? "") ?? rgbOf(DEFAULT_CODE_COLOUR)!;
  return { background: hexOf(rgb.map((v) => 255 - (255 - v) * TINT)), line: hexOf(rgb) };
}

// ---- Excerpts --------------------------------------------------------------------------------------------

/**
 * An excerpt for a label: runs of white space as one space, and when longer than `max` characters, its
 * beginning and end around an ellipsis, `max` characters in all (never cutting a surrogate pair).
 */
export function shortExcerpt(text: string, max = 120): string {
  const flat = text.replace(/\s+/g, " ").trim();
  const chars = Array.from(flat);
  if (chars.length <= max) return flat;
  const room = Math.max(max - 3, 2);
  const head = Math.ceil(room * 0.6);
  const tail = room - head;
  return `${chars.slice(0, head).join("").trimEnd()} … ${chars.slice(chars.length - tail).join("").trimStart()}`;
}
