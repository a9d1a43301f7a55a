/**
 * CSV as RFC 4180 writes it, for data.csv and codebook.csv: fields separated by commas, records ended by
 * CRLF, a field quoted when it holds a comma, a double quote, CR or LF, and a double quote inside doubled.
 * Files start with a UTF-8 byte order mark so that Excel reads Latvian and Russian letters correctly.
 *
 * Free text in data.csv gets two changes, both said in the README and the codebook: a line break becomes
 * " ¶ " (SPSS and PSPP read one case per line and cannot take a quoted field over several lines), and text
 * starting with =, +, -, @, tab or CR gets a leading apostrophe, so Excel shows it rather than running it
 * as a formula (a respondent's text must never run on a researcher's computer). XLSX and JSON keep the
 * text unchanged: they carry no such risk.
 */
import type { CellValue } from "./cells.ts";

export const BOM = "\uFEFF";
export const CRLF = "\r\n";
export const LINE_BREAK_MARK = " ¶ ";

/** One field, quoted when it has to be. */
export function csvField(value: CellValue): string {
  if (value === null) return "";
  const text = typeof value === "number" ? String(value) : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record with its CRLF. */
export function csvLine(values: readonly CellValue[]): string {
  let line = "";
  for (let i = 0; i < values.length; i += 1) line += (i === 0 ? "" : ",") + csvField(values[i] ?? null);
  return line + CRLF;
}

/**
 * Free text made safe for a CSV that SPSS reads line by line and Excel opens.
 * @example csvSafeText("=1+1\nrinda") // "'=1+1 ¶ rinda"
 */
export function csvSafeText(text: string): string {
  const flat = text.replace(/\r\n|\r|\n|\u2028|\u2029/g, LINE_BREAK_MARK);
  return /^[=+\-@\t\r]/.test(flat) ? `'${flat}` : flat;
}
