/**
 * The codebook CSV: what export writes (checked byte by byte and by an independent RFC 4180 reader,
 * csv-parse), that export -> import gives the same tree with the same ids, and that the import takes what
 * spreadsheets save (BOM or none, CRLF/LF/CR, ";" or ",", quoted fields) and refuses the rest by line.
 */
import { parse } from "csv-parse/sync";
import { describe, expect, test } from "vitest";
import { deterministicGuid, flattenCodebook } from "../../../analysis/qualitative/codebook.ts";
import { exportCodebookCsv, importCodebookCsv } from "../../../analysis/qualitative/codebook-csv.ts";
import { detectDelimiter, parseCsv } from "../../../analysis/qualitative/csv.ts";
import type { ImportResult, QualCode, QualProblem } from "../../../analysis/qualitative/types.ts";
import { CODEBOOK, DISPLAY_ORDER, ID } from "../../fixtures/qualitative/01-codebook.ts";

function codesOf(result: ImportResult): QualCode[] {
  if (!result.ok) throw new Error(`import failed: ${result.problems.map((p) => p.message).join("; ")}`);
  return result.codes;
}

function problemsOf(result: ImportResult): QualProblem[] {
  if (result.ok) throw new Error("import unexpectedly succeeded");
  return result.problems;
}

/** The tree as paths with their data, independent of ids and array order. */
function shape(codes: readonly QualCode[]) {
  return flattenCodebook(codes).map((f) => ({ path: f.path, description: f.code.description, color: f.code.color, isCodable: f.code.isCodable }));
}

describe("exportCodebookCsv", () => {
  const csv = exportCodebookCsv(CODEBOOK);

  test("starts with a BOM and the header, ends records with CRLF, lists codes in display order", () => {
    expect(csv.startsWith("\uFEFFcode_path,description,color,is_codable,id\r\n")).toBe(true);
    expect(csv.endsWith("\r\n")).toBe(true);
    const rows = parse(csv, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.code_path)).toEqual(DISPLAY_ORDER.map((p) => (p.startsWith("=") ? `'${p}` : p)));
    expect(rows[0]).toEqual({ code_path: "Ģimene", description: "Attiecības ar ģimeni un bērniem.", color: "#AA3300", is_codable: "false", id: ID.family });
  });

  test("quotes what needs quoting and keeps line breaks in a description (read back by csv-parse)", () => {
    const rows = parse(csv, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows[1]!.description).toBe(CODEBOOK.find((c) => c.id === ID.contact)!.description);
    expect(csv).toContain('"Zvani, vēstules un video zvani; arī <ierobežojumi> & ""noteikumi""');
  });

  test("text that a spreadsheet would run as a formula gets a leading apostrophe", () => {
    expect(csv).toContain("\r\n'=Nodarbības,'-sākas ar mīnusu,,true,");
  });
});

describe("round trip", () => {
  test("export -> import gives the same codebook: same ids, names, descriptions, colours, tree", () => {
    const back = codesOf(importCodebookCsv(exportCodebookCsv(CODEBOOK)));
    expect(back).toEqual(flattenCodebook(CODEBOOK).map((f) => f.code));
  });

  test("a round trip after saving from Excel with semicolons and no BOM gives the same codebook", () => {
    const rows = parse(exportCodebookCsv(CODEBOOK), { bom: true }) as string[][];
    const semicolons = rows.map((r) => r.map((f) => (/[;"\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(";")).join("\n");
    expect(codesOf(importCodebookCsv(semicolons))).toEqual(flattenCodebook(CODEBOOK).map((f) => f.code));
  });
});

describe("importCodebookCsv", () => {
  test("parents named only inside a path are created, codable, with ids derived from the path", () => {
    const codes = codesOf(importCodebookCsv("code_path;description\nĢimene / Saziņa / Vēstules;Rakstītas vēstules\nVeselība\n"));
    expect(shape(codes)).toEqual([
      { path: "Ģimene", description: undefined, color: undefined, isCodable: true },
      { path: "Ģimene / Saziņa", description: undefined, color: undefined, isCodable: true },
      { path: "Ģimene / Saziņa / Vēstules", description: "Rakstītas vēstules", color: undefined, isCodable: true },
      { path: "Veselība", description: undefined, color: undefined, isCodable: true },
    ]);
    expect(codes[0]!.id).toBe(deterministicGuid("ģimene"));
    expect(codes[1]!.id).toBe(deterministicGuid("ģimene / saziņa"));
  });

  test("ids from paths are stable: the same draft imported twice, or with other letter case, gives the same ids", () => {
    const a = codesOf(importCodebookCsv("code_path\nĢimene / Saziņa\n"));
    const b = codesOf(importCodebookCsv("CODE_PATH\r\nĢIMENE / SAZIŅA\r\n"));
    expect(b.map((c) => c.id)).toEqual(a.map((c) => c.id));
  });

  test("a parent row later in the file supplies the parent's data; siblings keep their first appearance", () => {
    const codes = codesOf(importCodebookCsv("code_path,description,color\nĢimene / Tikšanās,,\nVeselība,,\nĢimene,Ģimenes lietas,#123456\nĢimene / Saziņa,,\n"));
    expect(shape(codes).map((s) => [s.path, s.description ?? null, s.color ?? null])).toEqual([
      ["Ģimene", "Ģimenes lietas", "#123456"],
      ["Ģimene / Tikšanās", null, null],
      ["Ģimene / Saziņa", null, null],
      ["Veselība", null, null],
    ]);
  });

  test.each([
    ["BOM, CRLF, commas", "\uFEFFcode_path,description\r\nĢimene,\"a, b\"\r\n"],
    ["no BOM, LF, semicolons", "code_path;description\nĢimene;a, b\n"],
    ["old Mac CR line ends", "code_path,description\rĢimene,\"a, b\"\r"],
    ["tab-separated", "code_path\tdescription\nĢimene\ta, b\n"],
    ["padded header in other case, extra column, blank lines", " Code_Path ,Piezīmes,DESCRIPTION\n\nĢimene,ignorēts,\"a, b\"\n,,\n"],
  ])("reads %s", (_, text) => {
    expect(shape(codesOf(importCodebookCsv(text)))).toEqual([{ path: "Ģimene", description: "a, b", color: undefined, isCodable: true }]);
  });

  test("quoted fields may hold the delimiter, doubled quotes and line breaks", () => {
    const codes = codesOf(importCodebookCsv('code_path;description\n"Ģimene; radi";"Viņa teica ""nē"";\r\notrā rindā"\n'));
    expect(codes[0]).toMatchObject({ name: "Ģimene; radi", description: 'Viņa teica "nē";\r\notrā rindā' });
  });

  test("levels are split at a slash with spaces around it (also no-break spaces); 'a/b' is one name", () => {
    const codes = codesOf(importCodebookCsv("code_path\nDarbs/mācības\nĢimene  /\u00A0Saziņa\n"));
    expect(shape(codes).map((s) => s.path)).toEqual(["Darbs/mācības", "Ģimene", "Ģimene / Saziņa"]);
  });

  test("colours without # or with 3 digits, and is_codable words in three languages", () => {
    const codes = codesOf(importCodebookCsv("code_path,color,is_codable\nA,a1b2c3,nē\nB,#abc,jā\nC,,нет\nD,,0\nE,,\n"));
    expect(codes.map((c) => [c.name, c.color ?? null, c.isCodable])).toEqual([
      ["A", "#a1b2c3", false],
      ["B", "#aabbcc", true],
      ["C", null, false],
      ["D", null, false],
      ["E", null, true],
    ]);
  });

  test("an id column keeps the ids, in braces or not; a row without one gets a path id", () => {
    const codes = codesOf(importCodebookCsv(`code_path,id\nĢimene,{${ID.family}}\nĢimene / Saziņa,\n`));
    expect(codes.map((c) => c.id)).toEqual([ID.family, deterministicGuid("ģimene / saziņa")]);
    expect(codes[1]!.parentId).toBe(ID.family);
  });

  test("the formula guard's apostrophe is dropped on import, other apostrophes are kept", () => {
    const codes = codesOf(importCodebookCsv("code_path,description\n'=Nodarbības,'-mīnuss\n'Citāts',x\n"));
    expect(codes.map((c) => [c.name, c.description])).toEqual([
      ["=Nodarbības", "-mīnuss"],
      ["'Citāts'", "x"],
    ]);
  });

  test.each([
    ["an unclosed quote", 'code_path\nA\n"B\nC\n', "csv.unclosed_quote", 3],
    ["no code_path column", "name,description\nA,b\n", "csv.column_required", 1],
    ["an empty file", "", "csv.empty", 1],
    ["a repeated column", "code_path,color,COLOR\nA,,\n", "csv.duplicate_column", 1],
    ["an empty level", "code_path\nA\nA /  / B\n", "csv.empty_segment", 3],
    ["a trailing separator", "code_path\nA / \n", "csv.empty_segment", 2],
    ["an empty path with other cells filled", "code_path,description\n,apraksts\n", "csv.empty_segment", 2],
    ["the same path twice, ignoring case", "code_path\nĢimene / Saziņa\nX\nģimene / saziņa\n", "csv.duplicate_path", 4],
    ["a bad colour", "code_path,color\nA,#12345\n", "csv.invalid_color", 2],
    ["a bad is_codable", "code_path,is_codable\nA,varbūt\n", "csv.invalid_is_codable", 2],
    ["a bad id", "code_path,id\nA,123\n", "csv.invalid_id", 2],
    ["two rows with one id", `code_path,id\nA,${ID.family}\nB,${ID.family}\n`, "code.duplicate_id", 3],
    ["a name with a control character", "code_path\nA\u0007B\n", "code.name_invalid_character", 2],
  ])("refuses %s, naming the line", (_, text, problemCode, line) => {
    const problems = problemsOf(importCodebookCsv(text));
    expect(problems).toContainEqual(expect.objectContaining({ code: problemCode, line, message: expect.stringContaining(`line ${line}`) }));
  });

  test("reports every row problem at once, and imports nothing", () => {
    const problems = problemsOf(importCodebookCsv("code_path,color,is_codable\nA,#xyz,\nB,,varbūt\nA,,\n"));
    expect(problems.map((p) => [p.code, p.line])).toEqual([
      ["csv.invalid_color", 2],
      ["csv.invalid_is_codable", 3],
      ["csv.duplicate_path", 4],
    ]);
  });
});

describe("the CSV reader", () => {
  test.each([
    ["a,b;c\n", ","],
    ["a;b;c,d\n", ";"],
    ['"a;b",c\n', ","],
    ["a\tb\tc;d\n", "\t"],
    ["abc\n", ","],
  ])("detects the delimiter of %j as %j", (text, delimiter) => {
    expect(detectDelimiter(text)).toBe(delimiter);
  });

  test("gives each record the line it starts on", () => {
    expect(parseCsv('a,b\r\n"x\r\ny",z\r\n\r\nlast,1', ",")).toEqual([
      { line: 1, fields: ["a", "b"] },
      { line: 2, fields: ["x\r\ny", "z"] },
      { line: 5, fields: ["last", "1"] },
    ]);
  });

  test("keeps a stray quote inside an unquoted field, as spreadsheets do", () => {
    expect(parseCsv('a 5" b,c\n', ",")).toEqual([{ line: 1, fields: ['a 5" b', "c"] }]);
  });
});
