/**
 * The codebook that goes with every export: one entry per data column, in the data's order, saying what
 * the column is (variable name and its SPSS name, question wording in Latvian and English), what it holds
 * (type, values with their labels in both languages) and what empty cells and N/A codes mean.
 *
 * The type describes the data file as written: with labels=text every coded column holds its labels, so
 * it is a string column whatever its codes are; the codes stay listed so the labels can be mapped back.
 */
import type { LocalizedText } from "../types.ts";
import { spssNotApplicableCode } from "./spss.ts";
import type { ColumnType, ExportColumn, ExportPlan, SpecialCode } from "./plan.ts";

export interface CodebookValue {
  value: string | number;
  lv: string;
  en: string;
  /** A code that is not a value on the scale ("no-opportunity", paper entry codes, "hidden"). */
  missing: boolean;
  /** What such a code stands for; absent for the question's own answers. */
  special?: SpecialCode;
}

export interface CodebookEntry {
  variable: string;
  spssVariable: string;
  question: { lv: string; en: string };
  type: ColumnType;
  values: CodebookValue[];
  missing: { lv: string; en: string };
  instruments: string[];
  note: { lv: string; en: string } | null;
}

const both = (text: LocalizedText) => ({ lv: text.lv, en: text.en });

function typeInFile(column: ExportColumn, plan: ExportPlan): ColumnType {
  return plan.rules.labels === "text" && column.values.length > 0 ? "string" : column.type;
}

function noteOf(column: ExportColumn, plan: ExportPlan): { lv: string; en: string } | null {
  const parts: { lv: string; en: string }[] = column.note ? [both(column.note)] : [];
  const code = plan.rules.labels === "values" ? spssNotApplicableCode(column) : null;
  if (code !== null) {
    const na = column.values.find((v) => v.special === "not-applicable")!;
    parts.push({ lv: `SPSS: „${na.value}” = ${code} (lietotāja trūkstošā vērtība).`, en: `SPSS: "${na.value}" = ${code} (user-missing).` });
  }
  if (parts.length === 0) return null;
  return { lv: parts.map((p) => p.lv).join(" "), en: parts.map((p) => p.en).join(" ") };
}

/** The codebook entries of a plan, one per column, in column order. */
export function codebookEntries(plan: ExportPlan): CodebookEntry[] {
  return plan.columns.map((column) => ({
    variable: column.name,
    spssVariable: column.spssName,
    question: both(column.question),
    type: typeInFile(column, plan),
    values: column.values.map((v) => ({ value: v.value, lv: v.label.lv, en: v.label.en, missing: v.missing === true, ...(v.special ? { special: v.special } : {}) })),
    missing: both(column.missing),
    instruments: column.instruments,
    note: noteOf(column, plan),
  }));
}

export const CODEBOOK_CSV_HEADER = [
  "variable",
  "spss_variable",
  "question_lv",
  "question_en",
  "type",
  "values_lv",
  "values_en",
  "missing_lv",
  "missing_en",
  "instruments",
  "note_lv",
  "note_en",
] as const;

function valueList(values: CodebookValue[], lang: "lv" | "en"): string {
  const na = lang === "lv" ? " [nav skalas vērtība]" : " [not a scale value]";
  const missing = lang === "lv" ? " [trūkstošā vērtība]" : " [missing value]";
  return values.map((v) => `${v.value} = ${v[lang]}${v.special === "not-applicable" ? na : v.missing ? missing : ""}`).join(" | ");
}

/** One codebook entry as a row of codebook.csv (values as `code = label | code = label`). */
export function codebookCsvRow(entry: CodebookEntry): string[] {
  return [
    entry.variable,
    entry.spssVariable,
    entry.question.lv,
    entry.question.en,
    entry.type,
    valueList(entry.values, "lv"),
    valueList(entry.values, "en"),
    entry.missing.lv,
    entry.missing.en,
    entry.instruments.join(", "),
    entry.note?.lv ?? "",
    entry.note?.en ?? "",
  ];
}
