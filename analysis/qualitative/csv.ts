/**
 * The CSV pieces the qualitative files need beyond analysis/export/csv.ts (which writes fields and
 * records): a reader for files that researchers have opened and saved again in Excel or LibreOffice, and
 * the formula guard on its own.
 *
 * The reader is tolerant because those programs are: a byte order mark or none, CRLF, LF or CR line ends,
 * ";" instead of "," (Excel with Latvian regional settings saves with semicolons), quoted fields holding
 * delimiters, doubled quotes and line breaks, and a stray quote inside an unquoted field kept as a
 * character. The one thing it refuses is a quoted field that never closes, since everything after it
 * would be silently misread.
 *
 * export/csv.ts has csvSafeText, but it also folds line breaks into " ¶ " for SPSS; the qualitative files
 * are read by people, not SPSS, and an interview excerpt keeps its paragraphs (RFC 4180 quoting carries
 * them), so the guard is here alone. Its rule is the same: text starting with =, +, -, @, tab or CR gets
 * a leading apostrophe so that a spreadsheet shows it rather than running it as a formula.
 */

export type Delimiter = "," | ";" | "\t";

export interface CsvRecord {
  /** 1-based line on which the record starts. */
  line: number;
  fields: string[];
}

/** Thrown for a file the reader cannot make sense of; says on which line. */
export class CsvSyntaxError extends Error {
  readonly line: number;
  constructor(message: string, line: number) {
    super(`line ${line}: ${message}`);
    this.name = "CsvSyntaxError";
    this.line = line;
  }
}

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Text made safe to open in a spreadsheet.
 * @example guardFormula("=SUM(A1)") // "'=SUM(A1)"
 */
export function guardFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Undoes guardFormula on import: a leading apostrophe before =, +, -, @, tab or CR is dropped. */
export function unguardFormula(text: string): string {
  return text.startsWith("'") && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text;
}

/**
 * The delimiter of a file, judged from its first record: whichever of ",", ";" and tab occurs most often
 * outside quotes ("," on a tie or when there is none).
 */
export function detectDelimiter(text: string): Delimiter {
  const counts = { ",": 0, ";": 0, "\t": 0 };
  let quoted = false;
  for (const c of text.startsWith("\uFEFF") ? text.slice(1) : text) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === "\n" || c === "\r")) break;
    else if (!quoted && (c === "," || c === ";" || c === "\t")) counts[c] += 1;
  }
  return counts[";"] > counts[","] && counts[";"] >= counts["\t"] ? ";" : counts["\t"] > counts[","] ? "\t" : ",";
}

/**
 * Splits CSV text into records. Blank lines are skipped; fields are returned exactly as written (quotes
 * removed, doubled quotes undone, line breaks inside quotes kept). Throws CsvSyntaxError for a quoted
 * field that never closes.
 *
 * @example parseCsv('a;"b;c"\r\n1;"2 ""x"""\n', ";") // [{ line: 1, fields: ["a", "b;c"] }, { line: 2, fields: ["1", '2 "x"'] }]
 */
export function parseCsv(text: string, delimiter: Delimiter = detectDelimiter(text)): CsvRecord[] {
  const input = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let line = 1;
  let recordLine = 1;
  let i = 0;
  const endRecord = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === "")) records.push({ line: recordLine, fields });
    fields = [];
    field = "";
  };
  while (i < input.length) {
    const c = input[i]!;
    if (c === '"' && field === "") {
      // A quoted field: runs to the next quote not doubled.
      const openedOn = line;
      i += 1;
      for (;;) {
        if (i >= input.length) throw new CsvSyntaxError("a quoted field is never closed", openedOn);
        const q = input[i]!;
        if (q === '"') {
          if (input[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        if (q === "\n" || (q === "\r" && input[i + 1] !== "\n")) line += 1;
        field += q;
        i += 1;
      }
      // Anything between the closing quote and the delimiter is kept, as spreadsheets do.
      continue;
    }
    if (c === delimiter) {
      fields.push(field);
      field = "";
      i += 1;
      continue;
    }
    if (c === "\r" || c === "\n") {
      endRecord();
      i += c === "\r" && input[i + 1] === "\n" ? 2 : 1;
      line += 1;
      recordLine = line;
      continue;
    }
    field += c;
    i += 1;
  }
  if (field !== "" || fields.length > 0) endRecord();
  return records;
}
