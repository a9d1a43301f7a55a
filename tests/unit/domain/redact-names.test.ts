import { describe, expect, test } from "vitest";
import { NAME_MARKER, nameMatcher, normaliseTerms, redactNames } from "../../../server/domain/redact-names.ts";

const M = NAME_MARKER;

describe("redactNames", () => {
  test("every inflected form the researcher listed goes, in any letter case", () => {
    const terms = ["Bērziņš", "Bērziņa", "Bērziņam", "Bērziņu"];
    const text = "Bērziņš teica, ka Bērziņa kungs palīdz; BĒRZIŅAM to teica, bet bērziņu neviens neredzēja.";
    expect(redactNames(text, terms)).toEqual({
      value: `${M} teica, ka ${M} kungs palīdz; ${M} to teica, bet ${M} neviens neredzēja.`,
      redactions: 4,
    });
  });

  test("a form that was not listed stays: matching is literal per form", () => {
    expect(redactNames("Bērziņiem patīk", ["Bērziņš"]).value).toBe("Bērziņiem patīk");
  });

  test("whole words only: a name inside a longer word stays", () => {
    expect(redactNames("Ozols un Ozolnieks, ozoli", ["Ozols"]).value).toBe(`${M} un Ozolnieks, ozoli`);
    expect(redactNames("Ilze2 Ilze", ["Ilze"]).value).toBe(`Ilze2 ${M}`);
  });

  test.each([
    ["ā", "Mārtiņš", "mārtiņš"],
    ["č", "Čakste", "ČAKSTE"],
    ["ē", "Ērgle", "ērgle"],
    ["ģ", "Ģirts", "ĢIRTS"],
    ["ī", "Īvāns", "īvāns"],
    ["ķ", "Ķēniņš", "ĶĒNIŅŠ"],
    ["ļ", "Ļaudaks", "ļaudaks"],
    ["ņ", "Ņikita", "ŅIKITA"],
    ["š", "Šmits", "šmits"],
    ["ū", "Ūdris", "ŪDRIS"],
    ["ž", "Žanis", "žanis"],
  ])("Latvian letter %s: %s also as %s, and not inside a longer word", (_letter, term, other) => {
    expect(redactNames(`(${other}) un ${term}s`, [term])).toEqual({ value: `(${M}) un ${term}s`, redactions: 1 });
  });

  test("Russian names and their cases", () => {
    const terms = ["Иванов", "Иванова", "Иванову"];
    expect(redactNames("Иванов сказал Иванову, что ИВАНОВА нет; Ивановский остался.", terms).value).toBe(
      `${M} сказал ${M}, что ${M} нет; Ивановский остался.`,
    );
  });

  test("longest first: a two-word name goes whole, also across a line break", () => {
    expect(redactNames("Jānis Bērziņš un Jānis\nBērziņš un Jānis", ["Jānis", "Jānis Bērziņš"])).toEqual({ value: `${M} un ${M} un ${M}`, redactions: 3 });
  });

  test("prison names with Latvian letters, and text typed in decomposed form", () => {
    const decomposed = "Iļģuciema cietums".normalize("NFD");
    expect(decomposed).not.toBe("Iļģuciema cietums");
    expect(redactNames(`${decomposed} un Iļģuciema`, ["Iļģuciema cietums", "Iļģuciema"]).value).toBe(`${M} un ${M}`);
  });

  test("regular-expression characters in a term are literal", () => {
    expect(redactNames("A.B. teica; AxB nē", ["A.B."]).value).toBe(`${M} teica; AxB nē`);
  });

  test("no terms: the text is unchanged; redacting twice changes nothing more", () => {
    expect(redactNames("Bērziņš", [])).toEqual({ value: "Bērziņš", redactions: 0 });
    const once = redactNames("Bērziņš un Bērziņa", ["Bērziņš", "Bērziņa"]).value;
    expect(redactNames(once, ["Bērziņš", "Bērziņa"])).toEqual({ value: once, redactions: 0 });
  });

  test("a prepared matcher gives the same result", () => {
    const matcher = nameMatcher(["Kalniņš"]);
    expect(redactNames("Kalniņš", matcher).value).toBe(M);
    expect(nameMatcher([" ", ""])).toBeNull();
  });
});

describe("normaliseTerms", () => {
  test("trims, joins spaces, drops empty terms and repeats that differ only in case", () => {
    expect(normaliseTerms(["  Bērziņš ", "BĒRZIŅŠ", "", "Rīgas   Centrālcietums", "bērziņa"])).toEqual(["Bērziņš", "Rīgas Centrālcietums", "bērziņa"]);
  });
});
