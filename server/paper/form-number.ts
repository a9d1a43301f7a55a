/**
 * Numbers printed on paper questionnaires, so that a returned form can be typed in exactly once and its pages
 * never mixed with another form's.
 *
 * A number is 8 random characters and a check character, shown as `XXXX-XXXX-C`. Random, not counted: a
 * number tells nothing about when it was printed, for which prison, or in which order forms were handed out.
 * The alphabet is the enrolment codes' (server/domain/tokens.ts): no 0/O or 1/I/L, which people confuse when
 * reading handwriting or print aloud. It has 31 letters, a prime, so a weighted sum modulo 31 with weights
 * 1..9 catches every single wrong character and every swap of two characters (adjacent or not): a mistyped
 * number is refused at entry instead of landing on another form. 31^8 (about 8.5 * 10^11) numbers make a
 * guessed or mistyped-but-valid number practically impossible.
 */
import { randomInt } from "node:crypto";

/** Same alphabet as enrolment codes in server/domain/tokens.ts (not exported there). */
export const FORM_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const BASE = FORM_ALPHABET.length; // 31, a prime
const BODY_LENGTH = 8;
/** 9 * 7 = 63 = 2 * 31 + 1: the inverse of the check character's weight modulo 31. */
const INVERSE_OF_CHECK_WEIGHT = 7;

function valueOf(character: string): number {
  const value = FORM_ALPHABET.indexOf(character);
  if (value < 0) throw new Error(`not a form-number character: ${JSON.stringify(character)}`);
  return value;
}

/** Σ weight·value over the characters, weights 1, 2, 3, ... */
function weightedSum(characters: string): number {
  let sum = 0;
  for (let i = 0; i < characters.length; i += 1) sum += (i + 1) * valueOf(characters[i]!);
  return sum % BASE;
}

/**
 * The check character of an 8-character body: the one that makes Σ i·value(c_i) over all 9 characters a
 * multiple of 31.
 *
 * @example checkCharacter("K7QM2XWD") // one character of FORM_ALPHABET
 */
export function checkCharacter(body: string): string {
  if (body.length !== BODY_LENGTH) throw new Error(`a form-number body has ${BODY_LENGTH} characters`);
  const needed = (BASE - weightedSum(body)) % BASE; // 9 * check ≡ needed (mod 31)
  return FORM_ALPHABET[(needed * INVERSE_OF_CHECK_WEIGHT) % BASE]!;
}

/** `XXXX-XXXX-C` from the 9 compact characters. */
export function formatFormNumber(compact: string): string {
  return `${compact.slice(0, 4)}-${compact.slice(4, 8)}-${compact.slice(8)}`;
}

/**
 * A new random form number.
 *
 * @example newFormNumber() // "K7QM-2XWD-R"
 */
export function newFormNumber(): string {
  let body = "";
  for (let i = 0; i < BODY_LENGTH; i += 1) body += FORM_ALPHABET[randomInt(BASE)];
  return formatFormNumber(body + checkCharacter(body));
}

export type FormNumberCheck =
  | { ok: true; number: string }
  | { ok: false; reason: "length" | "characters" | "check" };

/**
 * Checks a typed number: case, spaces and hyphens do not matter; the characters must come from the alphabet
 * and the check character must match. Gives the canonical `XXXX-XXXX-C` form.
 *
 * @example parseFormNumber("k7qm 2xwd r") // { ok: true, number: "K7QM-2XWD-R" } when R is its check character
 */
export function parseFormNumber(typed: string): FormNumberCheck {
  const compact = typed.toUpperCase().replace(/[\s-]/g, "");
  if (compact.length !== BODY_LENGTH + 1) return { ok: false, reason: "length" };
  if ([...compact].some((c) => !FORM_ALPHABET.includes(c))) return { ok: false, reason: "characters" };
  if (weightedSum(compact) !== 0) return { ok: false, reason: "check" };
  return { ok: true, number: formatFormNumber(compact) };
}

/** True for a well-formed number with a matching check character. */
export function isFormNumber(typed: string): boolean {
  return parseFormNumber(typed).ok;
}
