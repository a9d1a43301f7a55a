/**
 * Interview notes and transcripts are full of names the scrubber cannot know: the colleague the interviewee
 * mentions, the prison, the head of a unit. A researcher lists them per study ("names to redact"), in every
 * inflected form that may occur — Latvian declines names ("Bērziņš", "Bērziņa", "Bērziņam"), so matching is
 * literal per form rather than guessing endings. Each form is replaced by a visible marker wherever it stands
 * as a whole word, in any letter case, Latvian and Russian letters included.
 *
 * Pure string work, kept apart from storage so it can be tested on its own.
 */
import type { Scrubbed } from "./scrub.ts";

/** What replaces a redacted name. */
export const NAME_MARKER = "[vārds]";

// Letters with their combining marks, and digits: a name glued to any of these is part of another word.
const WORD_CHAR = "\\p{L}\\p{M}\\p{N}";

/**
 * Tidies a researcher's list: trims, brings each term to NFC (so "ā" typed decomposed matches "ā" typed
 * whole), drops empty ones and repeats that differ only in letter case. Keeps the first spelling typed.
 */
export function normaliseTerms(terms: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of terms) {
    const term = raw.normalize("NFC").trim().replace(/\s+/gu, " ");
    const key = term.toLocaleLowerCase("lv");
    if (term === "" || seen.has(key)) continue;
    seen.add(key);
    out.push(term);
  }
  return out;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Builds the matcher once for a list of terms (for many texts of one study), or null for an empty list.
 * Longer terms come first so "Jānis Bērziņš" goes whole rather than leaving "Jānis" behind; spaces inside a
 * term match any run of white space, so a line break in a transcript does not save a two-word name.
 */
export function nameMatcher(terms: readonly string[]): RegExp | null {
  const list = normaliseTerms(terms).sort((a, b) => b.length - a.length);
  if (list.length === 0) return null;
  const alternatives = list.map((t) => t.split(" ").map(escapeRegExp).join("\\s+"));
  return new RegExp(`(?<![${WORD_CHAR}])(?:${alternatives.join("|")})(?![${WORD_CHAR}])`, "giu");
}

/**
 * Replaces every whole-word occurrence of the terms, in any letter case, by {@link NAME_MARKER}. The text is
 * brought to NFC first (canonically the same text) so decomposed letters cannot hide a name. The marker holds
 * no term a researcher would list, so redacting twice changes nothing more.
 *
 * @example
 * redactNames("Runāju ar Bērziņu un BĒRZIŅA kungu", ["Bērziņš", "Bērziņa", "Bērziņu"]);
 * // => { value: "Runāju ar [vārds] un [vārds] kungu", redactions: 2 }
 */
export function redactNames(text: string, terms: readonly string[] | RegExp | null): Scrubbed<string> {
  const matcher = terms instanceof RegExp || terms === null ? terms : nameMatcher(terms);
  const normal = text.normalize("NFC");
  if (!matcher) return { value: normal, redactions: 0 };
  let redactions = 0;
  const value = normal.replace(matcher, () => {
    redactions += 1;
    return NAME_MARKER;
  });
  return { value, redactions };
}
