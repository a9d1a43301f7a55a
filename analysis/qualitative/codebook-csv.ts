/**
 * The codebook as a CSV that researchers can draft and edit in a spreadsheet: one row per code, the code
 * named by its path ("Ģimene / Saziņa"), so the tree needs no ids or parent columns to be readable.
 *
 * Levels of a path are separated by " / " (on import: a slash with spaces around it, so "Darbs/mācības"
 * is one name).
 *
 * Columns: code_path, description, color, is_codable, id. Only code_path is required on import; the
 * others may be missing or empty (no description, no colour, codable). Column names are matched without
 * regard to case, unknown columns are ignored, and the delimiter ("," or ";") is detected.
 *
 * Ids: a row with an id keeps it, so a codebook exported and imported again is the same codebook and its
 * codings stay attached, even after codes are renamed or moved in the spreadsheet. A row without an id (a
 * code drafted in the spreadsheet) gets a name-based GUID derived from its path, compared without regard
 * to case, so importing the same draft twice gives the same ids. A parent that only appears inside
 * another row's path ("Ģimene" in "Ģimene / Saziņa") is created as a codable code with such an id.
 * Siblings keep the order in which they first appear in the file.
 *
 * The file is written as export/csv.ts writes CSV (UTF-8 with a byte order mark, RFC 4180, CRLF), with
 * the formula guard on every text cell; the import drops the guard's apostrophe again.
 */
import { csvLine, BOM } from "../export/csv.ts";
import { GUID_PATTERN, LEVEL_BREAK, PATH_SEPARATOR, deterministicGuid, flattenCodebook, nameKey, validateCodebook } from "./codebook.ts";
import { CsvSyntaxError, guardFormula, parseCsv, unguardFormula } from "./csv.ts";
import type { ImportResult, QualCode, QualProblem } from "./types.ts";

export const CODEBOOK_CSV_COLUMNS = ["code_path", "description", "color", "is_codable", "id"] as const;

const BOOLEAN_WORDS: Record<string, boolean> = {
  true: true,
  false: false,
  "1": true,
  "0": false,
  yes: true,
  no: false,
  jā: true,
  ja: true,
  nē: false,
  ne: false,
  да: true,
  нет: false,
};

/**
 * The codebook as CSV text, codes in display order. Throws InvalidCodebookError for an invalid codebook.
 *
 * @example exportCodebookCsv(codes)
 * // "\uFEFFcode_path,description,color,is_codable,id\r\nĢimene,,#AA3300,true,6F9619FF-…\r\nĢimene / Saziņa,…"
 */
export function exportCodebookCsv(codes: readonly QualCode[]): string {
  let out = BOM + csvLine([...CODEBOOK_CSV_COLUMNS]);
  for (const { code, path } of flattenCodebook(codes)) {
    out += csvLine([guardFormula(path), guardFormula(code.description ?? ""), code.color ?? "", code.isCodable ? "true" : "false", code.id]);
  }
  return out;
}

function rowProblem(code: string, line: number, column: string, message: string, codeId: string | null = null): QualProblem {
  return { code, path: `line ${line}: ${column}`, codeId, line, message: `line ${line}: ${message}` };
}

interface Row {
  line: number;
  names: string[];
  key: string;
  description?: string;
  color?: string;
  isCodable: boolean;
  id: string | null;
}

/** The key of a path for duplicate detection and name-based ids. */
function pathKey(names: readonly string[]): string {
  return names.map(nameKey).join(PATH_SEPARATOR);
}

/**
 * Reads a codebook CSV. Every problem is reported with its line (unclosed quotes, a missing code_path
 * column, empty path levels, repeated paths, bad colours, ids or is_codable values, and anything
 * validateCodebook finds); nothing is imported unless the whole file is sound.
 *
 * @example importCodebookCsv("code_path;description\nĢimene / Saziņa;Vēstules, zvani\n")
 * // { ok: true, codes: [{ name: "Ģimene", parentId: null, … }, { name: "Saziņa", parentId: <Ģimene's id>, … }] }
 */
export function importCodebookCsv(text: string): ImportResult {
  let records;
  try {
    records = parseCsv(text);
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    return { ok: false, problems: [rowProblem("csv.unclosed_quote", error.line, "file", error.message.replace(/^line \d+: /, ""))] };
  }
  const header = records[0];
  if (!header) return { ok: false, problems: [rowProblem("csv.empty", 1, "file", "the file is empty")] };
  const columns = header.fields.map((f) => f.trim().toLowerCase());
  const problems: QualProblem[] = [];
  columns.forEach((name, i) => {
    if (name !== "" && columns.indexOf(name) !== i) problems.push(rowProblem("csv.duplicate_column", header.line, name, `column ${name} appears twice`));
  });
  const at = (name: (typeof CODEBOOK_CSV_COLUMNS)[number]) => columns.indexOf(name);
  if (at("code_path") < 0) {
    problems.push(rowProblem("csv.column_required", header.line, "code_path", `the header needs a code_path column (found: ${columns.join(", ") || "nothing"})`));
    return { ok: false, problems };
  }

  const rows: Row[] = [];
  const byKey = new Map<string, Row>();
  for (const record of records.slice(1)) {
    const cell = (name: (typeof CODEBOOK_CSV_COLUMNS)[number]) => {
      const i = at(name);
      return i < 0 ? "" : (record.fields[i] ?? "");
    };
    if (record.fields.every((f) => f.trim() === "")) continue;
    const line = record.line;
    const rawPath = unguardFormula(cell("code_path")).trim();
    const names = rawPath.split(LEVEL_BREAK).map((n) => n.trim());
    if (rawPath === "" || names.some((n) => n === "")) {
      problems.push(rowProblem("csv.empty_segment", line, "code_path", rawPath === "" ? "the code path is empty" : `"${rawPath}" has an empty level`));
      continue;
    }
    const row: Row = { line, names, key: pathKey(names), isCodable: true, id: null };

    const description = unguardFormula(cell("description"));
    if (description.trim() !== "") row.description = description;

    const color = cell("color").trim();
    if (color !== "") {
      const hex = color.startsWith("#") ? color.slice(1) : color;
      if (/^[0-9a-fA-F]{6}$/.test(hex)) row.color = `#${hex}`;
      else if (/^[0-9a-fA-F]{3}$/.test(hex)) row.color = `#${[...hex].map((d) => d + d).join("")}`;
      else problems.push(rowProblem("csv.invalid_color", line, "color", `colour "${color}" is not #RRGGBB`));
    }

    const codable = cell("is_codable").trim().toLowerCase();
    if (codable !== "") {
      if (codable in BOOLEAN_WORDS) row.isCodable = BOOLEAN_WORDS[codable]!;
      else problems.push(rowProblem("csv.invalid_is_codable", line, "is_codable", `is_codable "${codable}" is not true or false`));
    }

    const id = cell("id").trim().replace(/^\{(.*)\}$/, "$1");
    if (id !== "") {
      if (GUID_PATTERN.test(id)) row.id = id;
      else problems.push(rowProblem("csv.invalid_id", line, "id", `id "${id}" is not a GUID`));
    }

    const earlier = byKey.get(row.key);
    if (earlier) {
      problems.push(rowProblem("csv.duplicate_path", line, "code_path", `"${rawPath}" is already on line ${earlier.line}`));
      continue;
    }
    byKey.set(row.key, row);
    rows.push(row);
  }
  if (problems.length > 0) return { ok: false, problems };

  // Place each code at its first appearance, its own row or a descendant's path, parents first.
  const codes: QualCode[] = [];
  const lines: number[] = [];
  const idOf = new Map<string, string>();
  for (const row of rows) {
    for (let depth = 1; depth <= row.names.length; depth += 1) {
      const names = row.names.slice(0, depth);
      const key = pathKey(names);
      if (idOf.has(key)) continue;
      const own = byKey.get(key);
      const id = own?.id ?? deterministicGuid(key);
      idOf.set(key, id);
      codes.push({
        id,
        name: names[depth - 1]!,
        ...(own?.description !== undefined ? { description: own.description } : {}),
        ...(own?.color !== undefined ? { color: own.color } : {}),
        parentId: depth === 1 ? null : idOf.get(pathKey(names.slice(0, -1)))!,
        isCodable: own?.isCodable ?? true,
      });
      lines.push(own?.line ?? row.line);
    }
  }

  const invalid = validateCodebook(codes).map((p) => {
    const line = lines[Number(/^codes\[(\d+)\]/.exec(p.path)?.[1] ?? -1)] ?? null;
    return line === null ? p : { ...p, path: `line ${line}: ${p.path.replace(/^codes\[\d+\]\./, "")}`, line, message: `line ${line}: ${p.message}` };
  });
  return invalid.length > 0 ? { ok: false, problems: invalid } : { ok: true, codes };
}
