/**
 * Anonymity is the platform's promise: respondents (prisoners, their families) answer in free text, and a
 * personal code, phone number or e-mail address typed into an answer would tie the response to a person.
 * Before any answer is stored, the server replaces such identifiers with a visible marker, so readers see that
 * something was removed, and keeps only how many were removed, never what. Finding them is pure string work,
 * kept here apart from storage and HTTP so it can be tested exhaustively.
 *
 * The patterns follow Latvian formats. They lean towards redacting (a leaked identifier cannot be taken back),
 * but years, dates, sums and counts carry the meaning of an answer, so the shapes they usually take are left alone.
 * Every pattern is built from bounded or mutually exclusive pieces, so matching stays linear in the text's length
 * whatever a respondent pastes in.
 */

export type RedactionKind = "personal-code" | "phone" | "email";

/** The visible text that replaces each kind of identifier; Latvian, because respondents and researchers read it. */
export const MARKERS: Readonly<Record<RedactionKind, string>> = {
  "personal-code": "[personas kods]",
  phone: "[tālrunis]",
  email: "[e-pasts]",
};

export interface Scrubbed<T> {
  value: T;
  redactions: number;
}

// Keyboards and phones turn a typed hyphen into any of these, and an identifier must not survive by its dash.
const DASHES = "\\-\\u2010-\\u2015\\u2212";
// A non-breaking or narrow space is what autocorrect and copy-paste often leave between digit groups.
const SPACES = " \\u00A0\\u202F";

// Letters include combining marks: "jānis" typed in decomposed form is "ja" + U+0304 + "nis", and a marker-free
// boundary there would let part of an identifier escape.
const WORD_CHAR = "\\p{L}\\p{M}\\p{N}";

/**
 * E-mail: the local part may hold Latvian (or any) letters. The look-behind lets a match start only where a run of
 * local-part characters starts; without it a long run without "@" would be rescanned from every position
 * (quadratic time). The domain needs at least one dot, so "@handle" and "a@b" stay.
 */
const LOCAL_CHAR = `[${WORD_CHAR}._%+\\-]`;
const DOMAIN_LABEL = `[${WORD_CHAR}\\-]+`;
const EMAIL = new RegExp(`(?<!${LOCAL_CHAR})${LOCAL_CHAR}+@${DOMAIN_LABEL}(?:\\.${DOMAIN_LABEL})+`, "gu");

/**
 * Personal code (personas kods): the old form starts with a birth date DDMMYY, the new form (since 2017) with 32;
 * then an optional hyphen or space and five digits. Only digits bound it: the shape is specific enough that
 * "PK120385-12345" is far likelier a code than anything else, and letters glued to it must not save it.
 */
const CODE_HEAD = "(?:(?:0[1-9]|[12]\\d|3[01])(?:0[1-9]|1[0-2])\\d\\d|32\\d{4})";
const PERSONAL_CODE = new RegExp(`(?<!\\p{N})${CODE_HEAD}[${SPACES}${DASHES}]?\\d{5}(?!\\p{N})`, "gu");

/**
 * A separator inside a phone number is allowed only between two groups of at least two digits. That takes
 * "2912 3456", "29 123 456" and "29 12 34 56" while leaving lists of single digits ("2 3 4 5 6 7 8 9") alone. Each
 * separator is optional and a separator is never a digit, so there is nothing to backtrack over.
 */
const GAP = `(?:(?<=\\d\\d)[${SPACES}${DASHES}](?=\\d\\d))?`;
const EIGHT_DIGITS = `\\d(?:${GAP}\\d){7}`;

/** +371 or 00371, then eight digits: any eight, since the prefix alone says this is a Latvian number. */
const PREFIXED_PHONE = new RegExp(
  `(?<![${WORD_CHAR}])(?:\\+|00)371[${SPACES}${DASHES}]?${EIGHT_DIGITS}(?![${WORD_CHAR}])`,
  "gu",
);

/**
 * Year ranges ("2019-2020", "2018 2019") and ISO dates ("2024-03-12") have the shape of an eight-digit number
 * starting with 2 split into groups; they matter to the meaning of an answer, so a bare number of that shape is
 * not taken for a phone. The window is kept narrow (years 2000-2039) so that few real numbers fall into it.
 */
const YEAR = "20[0-3]\\d";
const NOT_YEARS_OR_DATE =
  `(?!${YEAR}(?:[${SPACES}${DASHES}]${YEAR}|[${DASHES}](?:0[1-9]|1[0-2])[${DASHES}](?:0[1-9]|[12]\\d|3[01]))(?!\\p{N}))`;

/**
 * Bare Latvian number: eight digits starting with 2 (mobile) or 6 (landline). Letters and digits bound it on both
 * sides, so an 11-digit run, a 12-digit account number or a code like "A29123456" is not cut into.
 */
const BARE_PHONE = new RegExp(
  `(?<![${WORD_CHAR}])${NOT_YEARS_OR_DATE}(?=[26])${EIGHT_DIGITS}(?![${WORD_CHAR}])`,
  "gu",
);

/**
 * The passes run in this order for a reason: e-mail first, so a local part made of digits ("29123456@inbox.lv")
 * goes whole rather than leaving its domain; personal codes before phones, so an 11-digit code is never half-eaten
 * as a phone; prefixed phones before bare ones, so "+371" goes with its number. Markers hold no digits and no "@",
 * so no pass can match what an earlier one wrote, and scrubbing twice changes nothing.
 */
const PASSES: ReadonlyArray<readonly [RegExp, RedactionKind]> = [
  [EMAIL, "email"],
  [PERSONAL_CODE, "personal-code"],
  [PREFIXED_PHONE, "phone"],
  [BARE_PHONE, "phone"],
];

/**
 * Replaces personal codes, phone numbers and e-mail addresses in one string.
 *
 * Everything around a match, Latvian and Russian letters included, is kept exactly as typed.
 *
 * @example
 * scrubText("Mans tālrunis ir 29123456, zvaniet!");
 * // => { value: "Mans tālrunis ir [tālrunis], zvaniet!", redactions: 1 }
 */
export function scrubText(text: string): Scrubbed<string> {
  let redactions = 0;
  let value = text;
  for (const [pattern, kind] of PASSES) {
    value = value.replace(pattern, () => {
      redactions += 1;
      return MARKERS[kind];
    });
  }
  return { value, redactions };
}

/**
 * Scrubs every string inside any JSON value (objects, arrays, nested), leaving keys, numbers, booleans and null
 * alone; returns a new value, never mutates the input.
 *
 * Keys are left alone because they are the survey's question names, written by the researchers, not respondents.
 *
 * @example
 * scrubValue({ q1: "zvani 29123456", list: ["x", "120385-12345"], n: 5 });
 * // => { value: { q1: "zvani [tālrunis]", list: ["x", "[personas kods]"], n: 5 }, redactions: 2 }
 */
export function scrubValue<T>(value: T): Scrubbed<T> {
  let redactions = 0;
  const walk = (node: unknown): unknown => {
    if (typeof node === "string") {
      const scrubbed = scrubText(node);
      redactions += scrubbed.redactions;
      return scrubbed.value;
    }
    if (Array.isArray(node)) return node.map(walk);
    if (isPlainObject(node)) {
      // Object.fromEntries defines properties rather than assigning them, so a "__proto__" key from parsed JSON
      // stays an ordinary key instead of replacing the copy's prototype.
      return Object.fromEntries(Object.entries(node).map(([key, child]) => [key, walk(child)]));
    }
    // Numbers, booleans, null, and anything that is not JSON data, are returned as they are.
    return node;
  };
  return { value: walk(value) as T, redactions };
}

function isPlainObject(node: unknown): node is Record<string, unknown> {
  if (typeof node !== "object" || node === null) return false;
  const proto: unknown = Object.getPrototypeOf(node);
  return proto === Object.prototype || proto === null;
}
