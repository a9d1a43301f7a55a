/**
 * One response as one row of export cells, following the plan. Pure and per row, so the server can stream
 * any number of responses through it without holding more than one (what a coarsened export hides is
 * decided beforehand, from counts, and looked up here).
 *
 * Empty (null) means not answered or not shown. A multiple-choice option is 1 when ticked and 0 when the
 * question was answered without ticking it. A question a paper form's typist coded instead of answering
 * holds its code (98 unreadable, 99 left blank; in every 0/1 column of a multiple choice) or, in free text,
 * a bracketed marker. With labels=text, every coded value is written as its Latvian label; a value the
 * codebook does not know (from an older instrument version) is written as it is.
 */
import { answerAt } from "../tidy.ts";
import { HIDDEN, OTHER_SITE, type QuasiShown } from "./coarsen.ts";
import { ENTRY_CODE_MARKERS, entryCodeAt, type EntryCodeKind } from "./entry-codes.ts";
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
  /** Paper entry codes, `{ "<question>" | "<question>.<row>": "unreadable" | "blank" }`; null when none. */
  entryCodes: Readonly<Record<string, unknown>> | null;
}

export interface CellOptions {
  labels: LabelMode;
  /** Cleans free text once more before it is written (the server passes its scrubber). */
  scrub: (text: string) => string;
}

/** A response with what the export shows of its site, age group, channel and month. */
interface RowView extends QuasiShown {
  r: ExportRecord;
  site: string | null;
}

type Reader = (view: RowView) => CellValue;

const isEmpty = (value: unknown) => value === undefined || value === null || value === "";

function asCell(value: unknown): CellValue {
  if (isEmpty(value)) return null;
  if (typeof value === "number" || typeof value === "string") return value;
  return JSON.stringify(value);
}

/** The column's code for each paper entry code (from its value labels). */
function entryCodesOf(column: ExportColumn): Partial<Record<EntryCodeKind, CellValue>> {
  const codes: Partial<Record<EntryCodeKind, CellValue>> = {};
  for (const v of column.values) if (v.special === "unreadable" || v.special === "blank") codes[v.special] = v.value;
  return codes;
}

/** Wraps a reader of an answer so that an empty cell of a coded question holds the code instead. */
function withEntryCodes(read: Reader, column: ExportColumn, path: { name: string; row: string | undefined }): Reader {
  const codes: Partial<Record<EntryCodeKind, CellValue>> = column.freeText ? ENTRY_CODE_MARKERS : entryCodesOf(column);
  if (codes.unreadable === undefined) return read;
  return (v) => {
    const value = read(v);
    if (value !== null || v.r.entryCodes === null) return value;
    const code = entryCodeAt(path, v.r.entryCodes);
    return code === null ? null : (codes[code] ?? null);
  };
}

function reader(column: ExportColumn, plan: ExportPlan, scrub: (text: string) => string): Reader {
  const source = column.source;
  switch (source.kind) {
    case "meta":
      switch (source.field) {
        case "instrument":
          return (v) => v.r.instrumentId;
        case "channel":
          return (v) => v.channel;
        case "site":
          return (v) => v.site;
        case "ageGroup":
          return (v) => v.ageGroup;
        case "submittedOn":
          return (v) => v.month;
      }
      break;
    case "answer": {
      const { path } = source;
      const read: Reader = column.freeText
        ? (v) => {
            const value = answerAt(path, v.r.answers);
            return typeof value === "string" && value !== "" ? scrub(value) : asCell(value);
          }
        : (v) => asCell(answerAt(path, v.r.answers));
      const coded = withEntryCodes(read, column, path);
      // The answer that gives the age group is hidden wherever the age group is.
      const ageFor = new Set([...plan.ageQuestions].filter(([, question]) => question === path.name && path.row === undefined).map(([id]) => id));
      if (plan.hiding === null || ageFor.size === 0) return coded;
      return (v) => (v.ageGroup === HIDDEN && ageFor.has(v.r.instrumentId) ? HIDDEN : coded(v));
    }
    case "option": {
      const { path, value } = source;
      return withEntryCodes(
        (v) => {
          const answer = answerAt(path, v.r.answers);
          return Array.isArray(answer) ? (answer.includes(value) ? 1 : 0) : null;
        },
        column,
        path,
      );
    }
    case "other-text": {
      const key = `${source.name}-Comment`;
      return withEntryCodes(
        (v) => {
          const value = v.r.answers[key];
          return typeof value === "string" && value !== "" ? scrub(value) : null;
        },
        column,
        { name: source.name, row: undefined },
      );
    }
    case "band": {
      const { path, rule } = source;
      const bandOf = new Map(rule.bands.flatMap((b) => b.members.map((m) => [m, b.value] as const)));
      return withEntryCodes(
        (v) => {
          const value = answerAt(path, v.r.answers);
          return isEmpty(value) ? null : (bandOf.get(String(value)) ?? null);
        },
        column,
        path,
      );
    }
  }
}

/** What the export shows of a response's site, age group, channel and month under the plan's detail. */
function viewOf(plan: ExportPlan): (r: ExportRecord) => RowView {
  const { hiding, otherSites } = plan;
  if (hiding === null) return (r) => ({ r, site: r.siteId, ageGroup: r.ageGroup, channel: r.channel, month: r.receivedOn });
  return (r) => {
    const site = r.siteId === null ? null : otherSites.has(r.siteId) ? OTHER_SITE : r.siteId;
    return { r, site, ...hiding.shown({ instrument: r.instrumentId, site, channel: r.channel, ageGroup: r.ageGroup, month: r.receivedOn.slice(0, 7) }) };
  };
}

/**
 * Compiles the plan into a function from a response to its row of cells (one per column, in order).
 * @example const row = rowMaker(plan, { labels: "values", scrub: (s) => s }); row(record) // ["youth", "tablet", ...]
 */
export function rowMaker(plan: ExportPlan, options: CellOptions): (record: ExportRecord) => CellValue[] {
  const readers = plan.columns.map((column): Reader => {
    const read = reader(column, plan, options.scrub);
    if (options.labels === "values" || column.values.length === 0) return read;
    const labels = new Map(column.values.map((v) => [String(v.value), v.label.lv]));
    return (v) => {
      const value = read(v);
      return value === null ? null : (labels.get(String(value)) ?? value);
    };
  });
  const view = viewOf(plan);
  return (record) => {
    const v = view(record);
    return readers.map((read) => read(v));
  };
}
