/**
 * The excerpts CSV: read back with an independent RFC 4180 reader (csv-parse), the header and BOM,
 * the order of rows, the formula guard on every text cell, excerpts keeping their line breaks and quotes,
 * and no session id or coder in the file.
 */
import { parse } from "csv-parse/sync";
import { describe, expect, test } from "vitest";
import { EXCERPTS_CSV_COLUMNS, excerptsCsv } from "../../../analysis/qualitative/excerpts-csv.ts";
import { CODEBOOK, ID } from "../../fixtures/qualitative/01-codebook.ts";
import { coding, sampleCodings } from "../../fixtures/qualitative/02-codings.ts";

function rowsOf(csv: string): Record<string, string>[] {
  return parse(csv, { bom: true, columns: true, relax_column_count: false }) as Record<string, string>[];
}

describe("excerptsCsv", () => {
  test("starts with a BOM and the header, ends every record with CRLF", () => {
    const csv = excerptsCsv(sampleCodings(), { codes: CODEBOOK });
    expect(csv.startsWith(`\uFEFF${EXCERPTS_CSV_COLUMNS.join(",")}\r\n`)).toBe(true);
    expect(csv.endsWith("\r\n")).toBe(true);
    expect(csv.replace(/\r\n/g, "").includes("\n")).toBe(false);
  });

  test("one row per distinct excerpt, in codebook order, then guide, target group and position", () => {
    const rows = rowsOf(excerptsCsv(sampleCodings(), { codes: CODEBOOK }));
    expect(rows).toHaveLength(21);
    expect(rows[0]).toEqual({
      code_path: "Ģimene / Saziņa",
      guide: "mothers-interview",
      target_group: "mothers",
      question_key: "further_support_needed",
      excerpt: "Vajag vairāk video zvanu (m1).",
    });
    const paths = rows.map((r) => r.code_path);
    expect([...new Set(paths)]).toEqual(["Ģimene / Saziņa", "Ģimene / Tikšanās", "Veselība / Garīgā veselība", "Darbs/mācības"]);
    const mental = rows.filter((r) => r.code_path === "Veselība / Garīgā veselība").map((r) => r.guide);
    expect(mental).toEqual([...Array(5).fill("mothers-interview"), ...Array(3).fill("youth-staff-interview")]);
  });

  test("a segment outside the guide's questions has an empty question_key", () => {
    const rows = rowsOf(excerptsCsv(sampleCodings(), { codes: CODEBOOK }));
    expect(rows.find((r) => r.excerpt === "Mācības skolā ir svarīgas.")).toMatchObject({ code_path: "Darbs/mācības", question_key: "" });
  });

  test.each(["=HYPERLINK(\"http://x\")", "+371 2000", "-nē", "@SUM(A1)", "\tatkāpe"])("text starting like a formula (%j) gets an apostrophe", (text) => {
    const rows = rowsOf(excerptsCsv([coding({ codeId: ID.contact, sessionId: "s1", text })], { codes: CODEBOOK }));
    expect(rows[0]!.excerpt).toBe(`'${text}`);
  });

  test("code paths are guarded too", () => {
    const rows = rowsOf(excerptsCsv([coding({ codeId: ID.activities, sessionId: "s1" })], { codes: CODEBOOK }));
    expect(rows[0]!.code_path).toBe("'=Nodarbības");
  });

  test("line breaks, commas and quotes inside an excerpt survive (quoted, RFC 4180)", () => {
    const text = 'Viņa teica: "zvanīt var reizi nedēļā",\r\nun tad vēl:\nнет, не всегда.';
    const csv = excerptsCsv([coding({ codeId: ID.contact, sessionId: "s1", text })], { codes: CODEBOOK });
    expect(rowsOf(csv)[0]!.excerpt).toBe(text);
    expect(csv).toContain('"Viņa teica: ""zvanīt var reizi nedēļā"",\r\nun tad vēl:\nнет, не всегда."');
  });

  test("the same excerpt coded by two coders is one row; one coder's rows on request", () => {
    const one = coding({ codeId: ID.contact, sessionId: "s1", coderId: 1 });
    const csvAll = excerptsCsv([one, { ...one, coderId: 2 }, coding({ codeId: ID.visits, sessionId: "s1", coderId: 2 })], { codes: CODEBOOK });
    expect(rowsOf(csvAll)).toHaveLength(2);
    const csvOne = excerptsCsv([one, coding({ codeId: ID.visits, sessionId: "s1", coderId: 2 })], { codes: CODEBOOK, coderId: 1 });
    expect(rowsOf(csvOne).map((r) => r.code_path)).toEqual(["Ģimene / Saziņa"]);
  });

  test("carries no session id, coder or offsets", () => {
    const csv = excerptsCsv([coding({ codeId: ID.contact, sessionId: "sesija-XYZ", coderId: 77, start: 1234, end: 5678 })], { codes: CODEBOOK });
    expect(csv).not.toMatch(/sesija-XYZ|77|1234|5678/);
  });

  test("unknown codes are left out; a focus group (no guide, maybe no group) has no question key", () => {
    const csv = excerptsCsv(
      [
        coding({ codeId: "99999999-9999-4999-8999-999999999999", sessionId: "s1" }),
        coding({ codeId: ID.contact, sessionId: "s2", instrumentId: null, targetGroup: null, blockKey: "t2" }),
      ],
      { codes: CODEBOOK },
    );
    expect(rowsOf(csv)).toEqual([{ code_path: "Ģimene / Saziņa", guide: "focus-group", target_group: "", question_key: "", excerpt: "Teksts" }]);
  });

  test("no codings: just the header", () => {
    expect(excerptsCsv([], { codes: CODEBOOK })).toBe(`\uFEFF${EXCERPTS_CSV_COLUMNS.join(",")}\r\n`);
  });
});
