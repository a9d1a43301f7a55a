/**
 * The report's qualitative section: codes ranked by sessions (ties: excerpts, then path), quotes from
 * different sessions trimmed at a word boundary, and in published mode codes below the threshold left
 * out and counted, with the count said in Latvian, Russian and English with the right plural forms.
 */
import { describe, expect, test } from "vitest";
import { buildFindings, trimExcerpt } from "../../../analysis/qualitative/findings.ts";
import type { Coding } from "../../../analysis/qualitative/types.ts";
import { CODEBOOK, ID } from "../../fixtures/qualitative/01-codebook.ts";
import { coding, sampleCodings } from "../../fixtures/qualitative/02-codings.ts";

const published = { codes: CODEBOOK, mode: "published" as const, threshold: 5 };
const internal = { codes: CODEBOOK, mode: "internal" as const, threshold: 5 };

describe("buildFindings", () => {
  test("published: per target group, the codes in at least k sessions, most sessions first, with quotes", () => {
    const [mothers, youth] = buildFindings(sampleCodings(), published);
    expect(mothers).toEqual({
      targetGroup: "mothers",
      sessions: { value: 6, suppressed: false },
      codes: [
        { codeId: ID.contact, path: "Ģimene / Saziņa", sessions: 6, excerpts: 8, quotes: ["Vajag vairāk video zvanu (m1).", "Vajag vairāk video zvanu (m2)."] },
        { codeId: ID.mental, path: "Veselība / Garīgā veselība", sessions: 5, excerpts: 5, quotes: ["Psihologs nāk reti (m1).", "Psihologs nāk reti (m2)."] },
      ],
      notShown: { count: 1, text: { lv: "1 kods nav parādīts (mazāk nekā 5 sarunās)", ru: "1 код не показан (менее чем в 5 беседах)", en: "1 code not shown (fewer than 5 sessions)" } },
    });
    expect(youth).toMatchObject({ targetGroup: "youth", sessions: { value: null, suppressed: true }, codes: [], notShown: { count: 2 } });
    expect(youth!.notShown!.text.en).toBe("2 codes not shown (fewer than 5 sessions)");
  });

  test("internal: every code, nothing counted as hidden", () => {
    const [mothers, youth] = buildFindings(sampleCodings(), internal);
    expect(mothers!.codes.map((c) => [c.path, c.sessions])).toEqual([
      ["Ģimene / Saziņa", 6],
      ["Veselība / Garīgā veselība", 5],
      ["Ģimene / Tikšanās", 2],
    ]);
    expect(youth!.codes.map((c) => [c.path, c.sessions, c.excerpts])).toEqual([
      ["Veselība / Garīgā veselība", 3, 3],
      ["Darbs/mācības", 2, 3],
    ]);
    expect(youth!.notShown).toBeNull();
    expect(youth!.sessions).toEqual({ value: 3, suppressed: false });
  });

  test("ties in sessions go to more excerpts, then to the path in Latvian order", () => {
    const codings: Coding[] = [
      coding({ codeId: ID.visits, sessionId: "s1" }),
      coding({ codeId: ID.contact, sessionId: "s1" }),
      coding({ codeId: ID.letters, sessionId: "s1" }),
      coding({ codeId: ID.letters, sessionId: "s1", start: 20, end: 30 }),
    ];
    const [group] = buildFindings(codings, internal);
    expect(group!.codes.map((c) => c.path)).toEqual(["Ģimene / Saziņa / Vēstules", "Ģimene / Saziņa", "Ģimene / Tikšanās"]);
  });

  test("quotes come from different sessions when there are enough, else from the same one", () => {
    const many = [1, 2, 3].map((i) => coding({ codeId: ID.contact, sessionId: "s1", start: i * 10, end: i * 10 + 5, text: `s1 #${i}` }));
    const [a] = buildFindings([...many, coding({ codeId: ID.contact, sessionId: "s2", text: "s2 #1" })], internal);
    expect(a!.codes[0]!.quotes).toEqual(["s1 #1", "s2 #1"]);
    const [b] = buildFindings(many, internal);
    expect(b!.codes[0]!.quotes).toEqual(["s1 #1", "s1 #2"]);
  });

  test("quotes are trimmed; empty excerpts are not quoted", () => {
    const long = `${"vārds ".repeat(80)}beigas`;
    const [group] = buildFindings([coding({ codeId: ID.contact, sessionId: "s1", text: long }), coding({ codeId: ID.contact, sessionId: "s0", text: "  " })], {
      ...internal,
      quotesPerCode: 3,
    });
    expect(group!.codes[0]!.quotes).toHaveLength(1);
    expect(group!.codes[0]!.quotes[0]!.length).toBeLessThanOrEqual(300);
    expect(group!.codes[0]!.quotes[0]!.endsWith("vārds…")).toBe(true);
  });

  test("limit, quotesPerCode and the order of target groups can be set; listed groups without codings appear empty", () => {
    const groups = buildFindings(sampleCodings(), { ...internal, limit: 1, quotesPerCode: 1, targetGroups: ["youth", "seniors", "mothers"] });
    expect(groups.map((g) => [g.targetGroup, g.codes.length, g.codes[0]?.quotes.length ?? 0])).toEqual([
      ["youth", 1, 1],
      ["seniors", 0, 0],
      ["mothers", 1, 1],
    ]);
    expect(groups[1]!.sessions).toEqual({ value: 0, suppressed: false });
  });

  test("sessions without a target group are grouped as 'unknown', listed last", () => {
    const groups = buildFindings([...sampleCodings(), coding({ codeId: ID.contact, sessionId: "z", targetGroup: null })], internal);
    expect(groups.map((g) => g.targetGroup)).toEqual(["mothers", "youth", "unknown"]);
  });

  test("the same excerpt from two coders counts once", () => {
    const one = coding({ codeId: ID.contact, sessionId: "s1" });
    const [group] = buildFindings([one, { ...one, coderId: 2 }], internal);
    expect(group!.codes[0]).toMatchObject({ sessions: 1, excerpts: 1, quotes: ["Teksts"] });
  });
});

describe("the 'not shown' sentence", () => {
  const hidden = (n: number) =>
    Array.from({ length: n }, (_, i) =>
      coding({ codeId: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`, sessionId: "s1" }),
    );
  const codes = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`, name: `K${i}`, parentId: null, isCodable: true }));
  test.each([
    [1, "1 kods nav parādīts", "1 код не показан", "1 code not shown"],
    [2, "2 kodi nav parādīti", "2 кода не показаны", "2 codes not shown"],
    [5, "5 kodi nav parādīti", "5 кодов не показаны", "5 codes not shown"],
    [11, "11 kodi nav parādīti", "11 кодов не показаны", "11 codes not shown"],
    [21, "21 kods nav parādīts", "21 код не показан", "21 codes not shown"],
    [24, "24 kodi nav parādīti", "24 кода не показаны", "24 codes not shown"],
  ])("%d codes", (n, lv, ru, en) => {
    const [group] = buildFindings(hidden(n), { codes: codes(n), mode: "published", threshold: 3 });
    expect(group!.notShown).toEqual({
      count: n,
      text: { lv: `${lv} (mazāk nekā 3 sarunās)`, ru: `${ru} (менее чем в 3 беседах)`, en: `${en} (fewer than 3 sessions)` },
    });
  });
});

describe("trimExcerpt", () => {
  test("short text is only tidied: whitespace runs become one space", () => {
    expect(trimExcerpt("  Mums\n\nļoti   pietrūkst  ")).toBe("Mums ļoti pietrūkst");
  });

  test("exactly the limit stays whole", () => {
    const text = "a".repeat(300);
    expect(trimExcerpt(text)).toBe(text);
  });

  test("longer text is cut at the last word boundary with '…', within the limit", () => {
    const text = `${"Zvanīt bērniem var tikai reizi nedēļā, un tas ir par maz. ".repeat(8)}`;
    const cut = trimExcerpt(text);
    expect(cut.length).toBeLessThanOrEqual(300);
    expect(cut.endsWith("…")).toBe(true);
    const body = cut.slice(0, -1);
    expect(text.startsWith(body)).toBe(true);
    expect(text[body.length]).toMatch(/[ ,.]/);
  });

  test("punctuation before the cut is dropped", () => {
    expect(trimExcerpt("viens, divi, trīs, četri", 14)).toBe("viens, divi…");
  });

  test("one very long word is cut hard", () => {
    expect(trimExcerpt("x".repeat(400))).toBe(`${"x".repeat(299)}…`);
  });

  test("counts characters, not UTF-16 units, and never splits a surrogate pair", () => {
    const cut = trimExcerpt("😀".repeat(20), 10);
    expect(cut).toBe(`${"😀".repeat(9)}…`);
  });

  test("the example in the docs", () => {
    expect(trimExcerpt("Mums ļoti pietrūkst iespēju zvanīt bērniem", 25)).toBe("Mums ļoti pietrūkst…");
  });
});
