/**
 * One response as one row of export cells, following the plan. Pure and per row, so the server can stream
 * any number of responses through it without holding more than one.
 *
 * Empty (null) means not answered or not shown. A multiple-choice option is 1 when ticked and 0 when the
 * question was answered without ticking it. With labels=text, every coded value is written as its Latvian
 * label; a value the codebook does not know (from an older instrument version) is written as it is.
 */
import { answerAt } from "../tidy.ts";
import { OTHER_SITE } from "./coarsen.ts";
import type { ExportColumn, ExportPlan, LabelMode } from "./plan.ts";

export type CellValue = string | number | null;

/** A stored response as the export reads it: no id, no device, no link. */
export interface ExportRecord {
  instrumentId: string;
  channel: string;
  siteId: string | null;
  ageGroup: string | null;
  receivedOn: string;
  answers: Record<string, unknown>;
}

export interface CellOptions {
  labels: LabelMode;
  /** Cleans free text once more before it is written (the server passes its scrubber). */
  scrub: (text: string) => string;
}

type Reader = (record: ExportRecord) => CellValue;

function asCell(value: unknown): CellValue {
  if (value === undefined || value === null || value === "") return null;
  if (typeof value === "number" || typeof value === "string") return value;
  return JSON.stringify(value);
}

function reader(column: ExportColumn, plan: ExportPlan, scrub: (text: string) => string): Reader {
  const source = column.source;
  switch (source.kind) {
    case "meta":
      switch (source.field) {
        case "instrument":
          return (r) => r.instrumentId;
        case "channel":
          return (r) => r.channel;
        case "site":
          return plan.rules.detail === "coarsened"
            ? (r) => (r.siteId === null ? null : plan.otherSites.has(r.siteId) ? OTHER_SITE : r.siteId)
            : (r) => r.siteId;
        case "ageGroup":
          return (r) => r.ageGroup;
        case "submittedOn":
          return plan.rules.detail === "coarsened" ? (r) => r.receivedOn.slice(0, 7) : (r) => r.receivedOn;
      }
      break;
    case "answer": {
      const { path } = source;
      if (column.freeText) {
        return (r) => {
          const value = answerAt(path, r.answers);
          return typeof value === "string" && value !== "" ? scrub(value) : asCell(value);
        };
      }
      return (r) => asCell(answerAt(path, r.answers));
    }
    case "option": {
      const { path, value } = source;
      return (r) => {
        const answer = answerAt(path, r.answers);
        return Array.isArray(answer) ? (answer.includes(value) ? 1 : 0) : null;
      };
    }
    case "other-text": {
      const key = `${source.name}-Comment`;
      return (r) => {
        const value = r.answers[key];
        return typeof value === "string" && value !== "" ? scrub(value) : null;
      };
    }
    case "band": {
      const { path, rule } = source;
      const bandOf = new Map(rule.bands.flatMap((b) => b.members.map((m) => [m, b.value] as const)));
      return (r) => {
        const value = answerAt(path, r.answers);
        return value === undefined || value === null || value === "" ? null : (bandOf.get(String(value)) ?? null);
      };
    }
  }
}

/**
 * Compiles the plan into a function from a response to its row of cells (one per column, in order).
 * @example const row = rowMaker(plan, { labels: "values", scrub: (s) => s }); row(record) // ["youth", "tablet", ...]
 */
export function rowMaker(plan: ExportPlan, options: CellOptions): (record: ExportRecord) => CellValue[] {
  const readers = plan.columns.map((column) => {
    const read = reader(column, plan, options.scrub);
    if (options.labels === "values" || column.values.length === 0) return read;
    const labels = new Map(column.values.map((v) => [String(v.value), v.label.lv]));
    return (r: ExportRecord): CellValue => {
      const value = read(r);
      return value === null ? null : (labels.get(String(value)) ?? value);
    };
  });
  return (record) => readers.map((read) => read(record));
}
