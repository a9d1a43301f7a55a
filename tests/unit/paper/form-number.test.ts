/**
 * Form numbers: random, well-formed, and a mistyped number is caught by its check character.
 */
import { describe, expect, test } from "vitest";
import { checkCharacter, formatFormNumber, FORM_ALPHABET, isFormNumber, newFormNumber, parseFormNumber } from "../../../server/paper/form-number.ts";

const compact = (n: string) => n.replace(/-/g, "");
const sample = Array.from({ length: 2000 }, () => newFormNumber());

describe("newFormNumber", () => {
  test("is XXXX-XXXX-C from the unambiguous alphabet, with a valid check character", () => {
    for (const n of sample) {
      expect(n).toMatch(/^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]$/);
      expect(isFormNumber(n)).toBe(true);
    }
    expect(FORM_ALPHABET).toBe("ABCDEFGHJKMNPQRSTUVWXYZ23456789");
  });

  test("is random: no repeats, no order between consecutive numbers, every character used evenly", () => {
    expect(new Set(sample).size).toBe(sample.length);
    const increasing = sample.slice(1).filter((n, i) => n > sample[i]!).length;
    // For random numbers about half of the consecutive pairs increase; a counter would give all of them.
    expect(increasing / (sample.length - 1)).toBeGreaterThan(0.4);
    expect(increasing / (sample.length - 1)).toBeLessThan(0.6);
    const counts = new Map<string, number>();
    for (const n of sample) for (const c of compact(n).slice(0, 8)) counts.set(c, (counts.get(c) ?? 0) + 1);
    const expected = (sample.length * 8) / FORM_ALPHABET.length;
    expect(counts.size).toBe(FORM_ALPHABET.length);
    for (const count of counts.values()) expect(Math.abs(count - expected)).toBeLessThan(expected * 0.35);
  });
});

describe("the check character", () => {
  test("catches every single-character substitution", () => {
    for (const n of sample.slice(0, 200)) {
      const chars = compact(n);
      for (let i = 0; i < chars.length; i += 1) {
        for (const c of FORM_ALPHABET) {
          if (c === chars[i]) continue;
          const typo = chars.slice(0, i) + c + chars.slice(i + 1);
          expect(isFormNumber(typo), `${n} with ${c} at ${i}`).toBe(false);
        }
      }
    }
  });

  test("catches every transposition of two different characters, adjacent or not", () => {
    for (const n of sample.slice(0, 300)) {
      const chars = [...compact(n)];
      for (let i = 0; i < chars.length; i += 1) {
        for (let j = i + 1; j < chars.length; j += 1) {
          if (chars[i] === chars[j]) continue;
          const swapped = [...chars];
          [swapped[i], swapped[j]] = [swapped[j]!, swapped[i]!];
          expect(isFormNumber(swapped.join("")), `${n} swap ${i}/${j}`).toBe(false);
        }
      }
    }
  });

  test("is the one character that completes the weighted sum", () => {
    const body = "K7QM2XWD";
    const valid = [...FORM_ALPHABET].filter((c) => isFormNumber(body + c));
    expect(valid).toEqual([checkCharacter(body)]);
  });
});

describe("parseFormNumber", () => {
  const number = newFormNumber();

  test("accepts what people type: lower case, spaces, missing or extra hyphens", () => {
    const typed = ` ${compact(number).toLowerCase().slice(0, 4)} ${compact(number).toLowerCase().slice(4)} `;
    expect(parseFormNumber(typed)).toEqual({ ok: true, number });
    expect(parseFormNumber(compact(number))).toEqual({ ok: true, number });
    expect(formatFormNumber(compact(number))).toBe(number);
  });

  test.each([
    ["ABCD-EFGH", "length"],
    ["ABCD-EFGH-JK", "length"],
    ["ABCD-EFG0-J", "characters"],
    ["ABCD-EFGI-J", "characters"],
  ])("refuses %s (%s)", (typed, reason) => {
    expect(parseFormNumber(typed)).toEqual({ ok: false, reason });
  });

  test("refuses a wrong check character", () => {
    const body = compact(number).slice(0, 8);
    const wrong = [...FORM_ALPHABET].find((c) => c !== checkCharacter(body))!;
    expect(parseFormNumber(body + wrong)).toEqual({ ok: false, reason: "check" });
  });
});
