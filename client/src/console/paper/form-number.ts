/**
 * Form numbers as a typist enters them: `XXXX-XXXX-C`, 8 random characters and a check character
 * (server/paper/form-number.ts makes them). The input is formatted while it is typed (upper case, the two
 * hyphens put in), and the check character is tested here too, so a misread character is caught at once,
 * before anything is asked of the server. The server checks again; this is only for quick feedback.
 */

/** The characters numbers are made of: no 0/O or 1/I/L, which are confused in handwriting and print. */
export const FORM_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const BASE = FORM_ALPHABET.length; // 31, a prime
export const FORM_NUMBER_LENGTH = 9;

/** The letters and digits of what was typed, upper case, at most 9 (spaces, hyphens and the rest dropped). */
export function compactFormNumber(typed: string): string {
  return typed
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, "")
    .slice(0, FORM_NUMBER_LENGTH);
}

/**
 * The typed text as `XXXX-XXXX-C` so far: hyphens only between characters already typed, so that deleting
 * the character after a hyphen also takes the hyphen away.
 *
 * @example formatTyped("k7qm2x") // "K7QM-2X"
 */
export function formatTyped(typed: string): string {
  const compact = compactFormNumber(typed);
  const parts = [compact.slice(0, 4), compact.slice(4, 8), compact.slice(8)].filter((p) => p.length > 0);
  return parts.join("-");
}

/** Where the caret goes in the formatted text: after as many letters and digits as were before it. */
export function caretAfterFormat(typed: string, caret: number): number {
  const before = compactFormNumber(typed.slice(0, caret)).length;
  if (before === 0) return 0;
  // Formatted index of the `before`-th character, plus one: a hyphen is added after the 4th and 8th.
  return before + (before > 4 ? 1 : 0) + (before > 8 ? 1 : 0);
}

export type FormNumberCheck = { ok: true; number: string } | { ok: false; reason: "empty" | "short" | "characters" | "check" };

/**
 * Checks a typed number: 9 characters of the alphabet whose weighted sum (weights 1..9) is a multiple of 31.
 *
 * @example checkFormNumber("k7qm 2xwd r") // { ok: true, number: "K7QM-2XWD-R" } when R is its check character
 */
export function checkFormNumber(typed: string): FormNumberCheck {
  const compact = compactFormNumber(typed);
  if (compact.length === 0) return { ok: false, reason: "empty" };
  if ([...compact].some((c) => !FORM_ALPHABET.includes(c))) return { ok: false, reason: "characters" };
  if (compact.length < FORM_NUMBER_LENGTH) return { ok: false, reason: "short" };
  let sum = 0;
  for (let i = 0; i < compact.length; i += 1) sum += (i + 1) * FORM_ALPHABET.indexOf(compact[i]!);
  if (sum % BASE !== 0) return { ok: false, reason: "check" };
  return { ok: true, number: formatTyped(compact) };
}

/** The characters of a typed number that are not in the alphabet (O, 0, I, 1, L). */
export function foreignCharacters(typed: string): string[] {
  return [...new Set([...compactFormNumber(typed)].filter((c) => !FORM_ALPHABET.includes(c)))];
}

/** A form number in a scanned QR code (the code holds the number itself; a longer text is searched). */
export function numberInScan(text: string): string | null {
  const match = /[A-Z2-9]{4}-?[A-Z2-9]{4}-?[A-Z2-9]/i.exec(text);
  if (!match) return null;
  const check = checkFormNumber(match[0]);
  return check.ok ? check.number : null;
}
