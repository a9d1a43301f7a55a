/**
 * The codes a paper form's typist gives instead of an answer ("unreadable", "blank"), as an export shows
 * them. A coded question is left out of the stored answers, so without this an export would show it empty,
 * like a question not answered on a tablet or not shown at all; but "could not be read" and "left blank on
 * paper" are facts about the data a researcher must be able to tell apart from those.
 *
 * A coded choice, rating or number column holds a code beside the answer's own values: 98 unreadable, 99
 * left blank (97 is the "no opportunity" answer's code in SPSS), or, in a column whose values reach 97, the
 * next numbers above them. A multiple-choice question's code goes into every one of its 0/1 columns; free
 * text holds a bracketed marker. SPSS gets the codes as user-missing values.
 *
 * The responses' `entry_codes` are `{ "<question>": code }`, a matrix row as `"<question>.<row>"`; a code
 * on a whole matrix question stands for each of its rows (server/services/paper-entry.ts).
 */
import type { LocalizedText } from "../types.ts";
import type { AnswerPath } from "../tidy.ts";

/** The codes paper entry gives, as kept in `responses.entry_codes`. */
export const ENTRY_CODE_KINDS = ["unreadable", "blank"] as const;
export type EntryCodeKind = (typeof ENTRY_CODE_KINDS)[number];

export const ENTRY_CODE_LABELS: Readonly<Record<EntryCodeKind, LocalizedText>> = {
  unreadable: { lv: "nesalasāms (papīra anketa)", ru: "неразборчиво (бумажная анкета)", en: "unreadable (paper form)" },
  blank: { lv: "atstāts tukšs (papīra anketa)", ru: "оставлено пустым (бумажная анкета)", en: "left blank (paper form)" },
};

/** What a free-text column holds for a coded question (Latvian, like the scrubber's markers). */
export const ENTRY_CODE_MARKERS: Readonly<Record<EntryCodeKind, string>> = {
  unreadable: "[nesalasāms]",
  blank: "[atstāts tukšs]",
};

/** The usual codes, for a column whose values stay below 97. */
export const ENTRY_CODE_NUMBERS: Readonly<Record<EntryCodeKind, number>> = { unreadable: 98, blank: 99 };

/**
 * The numbers a column's coded answers get: 98 and 99, or, when the column's own values reach 97 (where
 * the "no opportunity" code would sit), the next numbers above them and that code.
 * @example entryCodeNumbers([1, 2, 3, 4, 5]) // { unreadable: 98, blank: 99 }
 */
export function entryCodeNumbers(values: readonly number[]): Record<EntryCodeKind, number> {
  const top = Math.max(96, ...values);
  return { unreadable: top + 2, blank: top + 3 };
}

/**
 * The code paper entry gave for the question (or matrix row) a column reads, or null when none.
 * A row's own code comes before its question's.
 * @example entryCodeAt({ name: "support_needs_fit", row: "leisure", column: "rating" }, { support_needs_fit: "blank" }) // "blank"
 */
export function entryCodeAt(path: Pick<AnswerPath, "name" | "row">, codes: Readonly<Record<string, unknown>> | null): EntryCodeKind | null {
  if (codes === null) return null;
  const own = (key: string): EntryCodeKind | null => {
    const code = Object.hasOwn(codes, key) ? codes[key] : undefined;
    return (ENTRY_CODE_KINDS as readonly unknown[]).includes(code) ? (code as EntryCodeKind) : null;
  };
  return (path.row === undefined ? null : own(`${path.name}.${path.row}`)) ?? own(path.name);
}
