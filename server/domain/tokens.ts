/**
 * Secrets handed to tablets, family members and staff browsers. Only their SHA-256 is stored, so the
 * database alone cannot be used to submit responses or to act as a researcher.
 */
import { createHash, randomBytes, randomInt } from "node:crypto";

/** A long random bearer token (256 bits, URL-safe). */
export function newToken(): string {
  return randomBytes(32).toString("base64url");
}

/** The stored form of a token or code. */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

// No 0/O, 1/I/L: staff read these aloud and type them on a tablet.
const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/**
 * A short enrolment code, `XXXX-XXXX` (about 40 bits), easy to read out and type.
 * @example newEnrolmentCode() // "K7QM-2XWD"
 */
export function newEnrolmentCode(): string {
  let code = "";
  for (let i = 0; i < 8; i += 1) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** The canonical form of a typed code: upper case, without the spaces or hyphens people put in. */
export function normaliseEnrolmentCode(typed: string): string {
  const compact = typed.toUpperCase().replace(/[\s-]/g, "");
  return compact.length === 8 ? `${compact.slice(0, 4)}-${compact.slice(4)}` : compact;
}

/**
 * A temporary password an admin reads out or sends to a colleague: four groups of five characters from an
 * alphabet without look-alikes (about 100 bits), to be replaced by the colleague after signing in.
 * @example newTemporaryPassword() // "K7QMA-2XWDP-9HJRT-MN4VC"
 */
export function newTemporaryPassword(): string {
  const groups: string[] = [];
  for (let g = 0; g < 4; g += 1) {
    let group = "";
    for (let i = 0; i < 5; i += 1) group += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
    groups.push(group);
  }
  return groups.join("-");
}
