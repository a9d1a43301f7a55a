import { describe, expect, test } from "vitest";
import { MARKERS, scrubText, scrubValue } from "../../../server/domain/scrub.ts";

const CODE = MARKERS["personal-code"];
const PHONE = MARKERS.phone;
const EMAIL = MARKERS.email;

describe("scrubText", () => {
  // [input, expected output, expected redactions]
  const rows: ReadonlyArray<readonly [string, string, number]> = [
    // Personal codes, old form (birth date) and new form (32...), with hyphen, space, nothing or a dash variant.
    ["120385-12345", CODE, 1],
    ["kods 120385 12345.", `kods ${CODE}.`, 1],
    ["12038512345", CODE, 1],
    ["321234-56789", CODE, 1],
    ["32123456789", CODE, 1],
    ["120385\u201312345", CODE, 1],
    ["120385\u221212345", CODE, 1],
    ["PK: 010100-22222, paldies", `PK: ${CODE}, paldies`, 1],
    ["PK120385-12345", `PK${CODE}`, 1],
    ["29123456789", CODE, 1],
    // Prefixed phones.
    ["+371 29 123 456", PHONE, 1],
    ["+37129123456", PHONE, 1],
    ["00371 6712 3456", PHONE, 1],
    ["+371-29-123-456", PHONE, 1],
    ["tel. +371 6712 3456!", `tel. ${PHONE}!`, 1],
    // Bare phones starting with 2 or 6.
    ["29123456", PHONE, 1],
    ["2912 3456", PHONE, 1],
    ["29 123 456", PHONE, 1],
    ["67 123 456", PHONE, 1],
    ["2912-3456", PHONE, 1],
    ["29 12 34 56", PHONE, 1],
    ["(29123456)", `(${PHONE})`, 1],
    ["tel.:29123456", `tel.:${PHONE}`, 1],
    ["Mans tālrunis ir 29123456, zvaniet!", `Mans tālrunis ir ${PHONE}, zvaniet!`, 1],
    // E-mail addresses.
    ["janis.berzins@example.lv", EMAIL, 1],
    ["a_b+c@mail.co.uk", EMAIL, 1],
    ["jānis@inbox.lv", EMAIL, 1],
    ["Raksti: jānis.bērziņš@inbox.lv.", `Raksti: ${EMAIL}.`, 1],
    ["ja\u0304nis@inbox.lv", EMAIL, 1],
    ["29123456@inbox.lv", EMAIL, 1],
    // Several in one text, Latvian and Russian around them.
    ["Мой телефон 29123456, пишите на иван@почта.рф", `Мой телефон ${PHONE}, пишите на ${EMAIL}`, 2],
    ["120385-12345 un 29123456 un a@b.lv", `${CODE} un ${PHONE} un ${EMAIL}`, 3],
    ["Ģimene: 2912 3456 vai 6712 3456.", `Ģimene: ${PHONE} vai ${PHONE}.`, 2],
    // Must not redact: years, counts, dates, money, other digit runs, numbers inside words.
    ["2024", "2024", 0],
    ["no 18 līdz 21", "no 18 līdz 21", 0],
    ["5 reizes", "5 reizes", 0],
    ["12.03.2024", "12.03.2024", 0],
    ["2024-03-12", "2024-03-12", 0],
    ["250 EUR", "250 EUR", 0],
    ["20 000 EUR", "20 000 EUR", 0],
    ["123456789012", "123456789012", 0],
    ["61234567890", "61234567890", 0],
    ["12345678", "12345678", 0],
    ["82345678", "82345678", 0],
    ["1234567", "1234567", 0],
    ["abc29123456def", "abc29123456def", 0],
    ["2019-2020", "2019-2020", 0],
    ["2015\u20132019", "2015\u20132019", 0],
    ["gados 2018 2019", "gados 2018 2019", 0],
    ["011399-12345", "011399-12345", 0],
    ["000000-00000", "000000-00000", 0],
    ["+371 2912345", "+371 2912345", 0],
    ["2 9 1 2 3 4 5 6", "2 9 1 2 3 4 5 6", 0],
    ["29  123456", "29  123456", 0],
    ["a@b", "a@b", 0],
    ["@jānis", "@jānis", 0],
    ["2024. gada 12. martā, 203. kamera", "2024. gada 12. martā, 203. kamera", 0],
    ["Сидел 6 лет, с 2015 по 2021 год.", "Сидел 6 лет, с 2015 по 2021 год.", 0],
  ];

  test("the table has at least 40 rows", () => {
    expect(rows.length).toBeGreaterThanOrEqual(40);
  });

  test.each(rows)("%j -> %j (%i redactions)", (input, expected, redactions) => {
    expect(scrubText(input)).toEqual({ value: expected, redactions });
  });

  test("is idempotent: a second pass changes nothing and counts nothing", () => {
    const text = "Zvani 29123456 vai +371 6712 3456, raksti jānis@inbox.lv, PK 120385-12345 un 32123456789.";
    const once = scrubText(text);
    expect(once.redactions).toBe(5);
    const twice = scrubText(once.value);
    expect(twice).toEqual({ value: once.value, redactions: 0 });
  });

  test("never matches the markers themselves", () => {
    const markers = Object.values(MARKERS).join(" ");
    expect(scrubText(markers)).toEqual({ value: markers, redactions: 0 });
    expect(scrubText(`${PHONE}${CODE}${EMAIL}`).redactions).toBe(0);
  });

  test("finishes on 1 MB of digits and spaces in under a second", () => {
    // Deterministic pseudo-random digits with spaces, so runs of every length occur.
    let seed = 42;
    const chars: string[] = [];
    for (let i = 0; i < 1_000_000; i += 1) {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      const r = Math.floor(seed / 65_536) % 12;
      chars.push(r >= 10 ? " " : String(r));
    }
    const text = chars.join("");
    const start = performance.now();
    const result = scrubText(text);
    const elapsed = performance.now() - start;
    expect(result.value.length).toBeGreaterThan(0);
    expect(elapsed).toBeLessThan(1000);
  });

  test('finishes on 1 MB of "a@a.a@a." in under a second', () => {
    const text = "a@a.a@a.".repeat(125_000);
    const start = performance.now();
    scrubText(text);
    const elapsed = performance.now() - start;
    expect(elapsed).toBeLessThan(1000);
  });
});

describe("scrubValue", () => {
  test("scrubs every string in a nested answers object and returns a copy", () => {
    const answers = {
      q1: "zvani 29123456",
      m: { row: { reason: "e-pasts a@b.lv" } },
      list: ["x", "120385-12345"],
      n: 5,
      ok: true,
      nil: null,
    };
    const before = structuredClone(answers);
    const result = scrubValue(answers);
    expect(result).toEqual({
      value: {
        q1: `zvani ${PHONE}`,
        m: { row: { reason: `e-pasts ${EMAIL}` } },
        list: ["x", CODE],
        n: 5,
        ok: true,
        nil: null,
      },
      redactions: 3,
    });
    expect(answers).toEqual(before);
    expect(result.value).not.toBe(answers);
    expect(result.value.m).not.toBe(answers.m);
    expect(result.value.list).not.toBe(answers.list);
  });

  test("leaves keys alone, even ones that look like identifiers", () => {
    expect(scrubValue({ "29123456": "29123456" })).toEqual({ value: { "29123456": PHONE }, redactions: 1 });
  });

  test("handles bare strings, scalars and null", () => {
    expect(scrubValue("a@b.lv")).toEqual({ value: EMAIL, redactions: 1 });
    expect(scrubValue(29123456)).toEqual({ value: 29123456, redactions: 0 });
    expect(scrubValue(false)).toEqual({ value: false, redactions: 0 });
    expect(scrubValue(null)).toEqual({ value: null, redactions: 0 });
  });

  test('keeps a "__proto__" key from parsed JSON as an ordinary key', () => {
    const parsed: unknown = JSON.parse('{"__proto__": {"x": "29123456"}}');
    const { value, redactions } = scrubValue(parsed);
    expect(redactions).toBe(1);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value as object)).toEqual(["__proto__"]);
  });
});
