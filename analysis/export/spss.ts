/**
 * The SPSS syntax that loads data.csv with its variable labels, value labels and missing values
 * (`load-in-spss.sps`). It is written from the same plan as the data, so every column is named, and it is
 * checked with PSPP in the tests when PSPP is installed.
 *
 * Choices made for SPSS (and PSPP):
 * - The file starts with a UTF-8 byte order mark: SPSS reads a syntax file as UTF-8 only when it has one.
 * - Strings are in single quotes with inner single quotes doubled (`'bērna ''mīļākā'''`); long strings are
 *   split into pieces joined with `+` so no line gets long; labels are cut to what SPSS keeps (variable
 *   labels 256 bytes, value labels 120 bytes) at a character boundary, marked with "…".
 * - A Likert item with an N/A code ("no-opportunity") is read as text, recoded to a number (97, or the
 *   next number above the scale) that is declared user-missing, and put back in its place, so the scale is
 *   numeric and the N/A answers stay apart from unanswered ones.
 * - Every other code that is not an answer is declared user-missing as it is in the file: the paper entry
 *   codes (98 unreadable, 99 left blank; in string columns '98', '99') and, in a coarsened export, 'hidden'
 *   (an age group, channel or month too few rows share). No column has more than three, SPSS's limit, and
 *   string ones are at most 8 bytes, as SPSS wants for string missing values.
 * - With labels=text the file holds labels, so coded columns are read as strings and get no value labels.
 * - Free text is read as A32767 (the longest SPSS string): answers may be 5000 characters, which can take up
 *   to 15000 bytes in UTF-8, and markers from scrubbing can make them longer.
 */
import type { ExportColumn, ExportPlan } from "./plan.ts";

export const VARIABLE_LABEL_MAX_BYTES = 256;
export const VALUE_LABEL_MAX_BYTES = 120;
export const FREE_TEXT_WIDTH = 32767;
const MIN_STRING_WIDTH = 8;
const PIECE_CHARS = 60;

const encoder = new TextEncoder();
const bytes = (text: string) => encoder.encode(text).length;

/** Cuts text to at most `max` UTF-8 bytes at a character boundary, ending it with "…" when cut. */
export function truncateBytes(text: string, max: number): string {
  if (bytes(text) <= max) return text;
  const budget = max - bytes("…");
  let out = "";
  let used = 0;
  for (const ch of text) {
    const size = bytes(ch);
    if (used + size > budget) break;
    out += ch;
    used += size;
  }
  return `${out}…`;
}

/**
 * A string literal for SPSS syntax: single quotes, inner ones doubled, long text in `+`-joined pieces.
 * @example spssQuote("Bērna 'mīļākā' rotaļlieta") // "'Bērna ''mīļākā'' rotaļlieta'"
 */
export function spssQuote(text: string, indent = "      "): string {
  const flat = text.replace(/[\r\n\u2028\u2029]+/g, " ");
  const chars = [...flat];
  const pieces: string[] = [];
  for (let i = 0; i < chars.length; i += PIECE_CHARS) pieces.push(chars.slice(i, i + PIECE_CHARS).join(""));
  if (pieces.length === 0) pieces.push("");
  return pieces.map((p) => `'${p.replace(/'/g, "''")}'`).join(` +\n${indent}`);
}

/** The numeric code SPSS gets for a numeric column's word-coded N/A answer, or null when it has none. */
export function spssNotApplicableCode(column: ExportColumn): number | null {
  if (column.type !== "numeric" || !column.values.some((v) => v.special === "not-applicable" && typeof v.value === "string")) return null;
  const numbers = column.values.filter((v) => !v.missing).map((v) => v.value).filter((v): v is number => typeof v === "number");
  return Math.max(96, ...numbers) + 1;
}

function isStringInFile(column: ExportColumn, plan: ExportPlan): boolean {
  if (plan.rules.labels === "text" && column.values.length > 0) return true;
  return column.type === "string";
}

function stringWidth(column: ExportColumn, plan: ExportPlan): number {
  if (column.freeText) return FREE_TEXT_WIDTH;
  const shown = column.values.flatMap((v) => (plan.rules.labels === "text" ? [v.label.lv, String(v.value)] : [String(v.value)]));
  return Math.max(MIN_STRING_WIDTH, ...shown.map(bytes));
}

/** The input format of a column in GET DATA. */
export function spssFormat(column: ExportColumn, plan: ExportPlan): string {
  if (column.type === "date") return "SDATE10";
  if (isStringInFile(column, plan)) return `A${stringWidth(column, plan)}`;
  if (spssNotApplicableCode(column) !== null) return `A${stringWidth(column, plan)}`;
  return numericFormat(column);
}

function numericFormat(column: ExportColumn): string {
  const code = spssNotApplicableCode(column);
  const numbers = [...column.values.map((v) => v.value).filter((v): v is number => typeof v === "number"), ...(code === null ? [] : [code])];
  if (column.type === "0-1") return `F${Math.max(1, ...numbers.map((n) => String(n).length))}.0`;
  // A number question's only labelled values are its paper entry codes: its answers need the usual width.
  if (column.source.kind === "answer" && column.values.every((v) => v.missing)) return column.integer ? "F8.0" : "F8.2";
  return `F${Math.max(2, ...numbers.map((n) => String(n).length))}.0`;
}

/** A value as SPSS sees it in the loaded file: the N/A word as its recoded number, a string quoted. */
function literalOf(column: ExportColumn, plan: ExportPlan, value: ExportColumn["values"][number]): string {
  if (isStringInFile(column, plan)) return spssQuote(String(value.value));
  const code = spssNotApplicableCode(column);
  return String(value.special === "not-applicable" && code !== null ? code : value.value);
}

function commentLine(text: string): string {
  return `* ${text.replace(/[\r\n]+/g, " ").replace(/\.*\s*$/, "")}.`;
}

/** Names wrapped to lines of about 80 characters. */
function wrapNames(names: readonly string[], indent: string): string {
  const lines: string[] = [];
  let line = "";
  for (const name of names) {
    if (line && line.length + name.length + 1 > 78) {
      lines.push(line);
      line = "";
    }
    line += (line ? " " : "") + name;
  }
  if (line) lines.push(line);
  return lines.map((l) => indent + l).join("\n");
}

export interface SpssMeta {
  study: string;
  generatedOn: string;
  rows: number;
  dataFile: string;
}

/**
 * The syntax file's text (with its byte order mark and CRLF line ends).
 * @example spssSyntax(plan, { study: "Pavasara vilnis", generatedOn: "2026-03-02", rows: 40, dataFile: "data.csv" })
 */
export function spssSyntax(plan: ExportPlan, meta: SpssMeta): string {
  const columns = plan.columns;
  const values = plan.rules.labels === "values";
  const finalNames = new Set(columns.map((c) => c.spssName.toUpperCase()));
  const recodes: { column: ExportColumn; temp: string; code: number; na: string | number }[] = [];
  const readAs = columns.map((column) => {
    const code = values ? spssNotApplicableCode(column) : null;
    if (code === null) return column.spssName;
    let n = recodes.length + 1;
    while (finalNames.has(`TMP_NA_${n}`)) n += 1;
    const temp = `tmp_na_${n}`;
    finalNames.add(temp.toUpperCase());
    recodes.push({ column, temp, code, na: column.values.find((v) => v.missing)!.value });
    return temp;
  });

  const out: string[] = [];
  out.push(
    commentLine("Encoding: UTF-8"),
    commentLine(`lv: Ielasa ${meta.dataFile} ar mainīgo un vērtību nosaukumiem. Pirms palaišanas ar CD norādiet mapi, kurā izpakots ZIP`),
    commentLine(`en: Reads ${meta.dataFile} with variable and value labels. Before running, point CD at the folder the ZIP was unpacked to`),
    commentLine(`Pētījums / Study: ${meta.study}`),
    commentLine(
      `Sagatavots / Generated: ${meta.generatedOn}; rindas / rows: ${meta.rows}; detalizācija / detail: ${plan.rules.detail}; vērtības / labels: ${plan.rules.labels}; brīvais teksts / free text: ${plan.rules.freeText}`,
    ),
    commentLine("Mainīgo nosaukumi: skat. codebook.csv, kolonna spss_variable / Variable names: see codebook.csv, column spss_variable"),
    "* CD 'C:\\ceļš\\uz\\mapi'.",
    "",
    "GET DATA",
    "  /TYPE=TXT",
    `  /FILE=${spssQuote(meta.dataFile)}`,
    "  /ENCODING='UTF8'",
    "  /ARRANGEMENT=DELIMITED",
    "  /DELCASE=LINE",
    "  /FIRSTCASE=2",
    '  /DELIMITERS=","',
    "  /QUALIFIER='\"'",
    "  /VARIABLES=",
    ...columns.map((column, i) => `    ${readAs[i]} ${spssFormat(column, plan)}`),
    ".",
  );

  if (recodes.length > 0) {
    out.push("");
    out.push(commentLine("lv: N/A kods (piem. no-opportunity) kļūst par skaitli, kas ir lietotāja trūkstošā vērtība / en: the N/A code becomes a user-missing number"));
    for (const r of recodes) {
      out.push(`RECODE ${r.temp} (${spssQuote(String(r.na))}=${r.code}) (CONVERT) INTO ${r.column.spssName}.`);
      out.push(`FORMATS ${r.column.spssName} (${numericFormat(r.column)}).`);
    }
    out.push("MATCH FILES /FILE=*", "  /KEEP=", wrapNames(columns.map((c) => c.spssName), "    "), ".");
  }

  out.push("", "VARIABLE LABELS");
  columns.forEach((column, i) => {
    out.push(`  ${i === 0 ? "" : "/"}${column.spssName} ${spssQuote(truncateBytes(column.label.lv, VARIABLE_LABEL_MAX_BYTES))}`);
  });
  out.push(".");

  const labelled = values ? columns.filter((c) => c.values.length > 0) : [];
  if (labelled.length > 0) {
    out.push("", "VALUE LABELS");
    labelled.forEach((column, i) => {
      out.push(`  ${i === 0 ? "" : "/"}${column.spssName}`);
      for (const v of column.values) out.push(`    ${literalOf(column, plan, v)} ${spssQuote(truncateBytes(v.label.lv, VALUE_LABEL_MAX_BYTES))}`);
    });
    out.push(".");
  }

  // Columns with the same user-missing values share one command, in the order they first come.
  const byMissing = new Map<string, string[]>();
  for (const column of labelled) {
    const missing = column.values.filter((v) => v.missing).map((v) => literalOf(column, plan, v));
    if (missing.length === 0) continue;
    const key = `(${missing.join(" ")})`;
    byMissing.set(key, [...(byMissing.get(key) ?? []), column.spssName]);
  }
  if (byMissing.size > 0) {
    out.push("");
    for (const [list, names] of byMissing) out.push("MISSING VALUES", wrapNames(names, "  "), `  ${list}.`);
  }

  const levels = { nominal: [] as string[], ordinal: [] as string[], scale: [] as string[] };
  for (const column of columns) {
    // SPSS allows the scale level for numeric variables only.
    const level = column.level === "scale" && isStringInFile(column, plan) ? "nominal" : column.level;
    levels[level].push(column.spssName);
  }
  out.push("", "VARIABLE LEVEL");
  let first = true;
  for (const level of ["nominal", "ordinal", "scale"] as const) {
    const names = levels[level];
    if (names.length === 0) continue;
    out.push(wrapNames([`${first ? "" : "/"}${names[0]}`, ...names.slice(1), `(${level.toUpperCase()})`], "  "));
    first = false;
  }
  out.push(".");
  out.push("", "EXECUTE.", "");
  return `\uFEFF${out.join("\n").replace(/\n/g, "\r\n")}`;
}
