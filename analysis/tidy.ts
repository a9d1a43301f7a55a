/**
 * The tidy table: one row per response, one column per item, plus the grouping columns. It is stored by
 * column (one array per item) because the analyses read whole columns and a million responses by fifty
 * items would not fit comfortably as row objects.
 */
import type { Item, ResponseRecord } from "./types.ts";

export interface TidyTable {
  length: number;
  id: string[];
  instrument: string[];
  ageGroup: (string | null)[];
  channel: string[];
  site: (string | null)[];
  receivedOn: string[];
  /** Item key -> the answer of each row (undefined where the row has none). */
  columns: Map<string, unknown[]>;
  /** Item key -> the "other" text of each row, for choice items with an "other" box. */
  otherTexts: Map<string, (string | undefined)[]>;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Where an item's answer sits in a response: the question, and for a table the row and column. */
export interface AnswerPath {
  name: string;
  row: string | undefined;
  column: string;
}

export function answerPath(item: Item): AnswerPath {
  const [name, row, column] = item.key.split(".") as [string, string | undefined, string | undefined];
  return { name, row, column: column ?? "rating" };
}

/** The answer at a path in one response's answers (matrix items read their row and column). */
export function answerAt(path: AnswerPath, answers: Record<string, unknown>): unknown {
  const value = answers[path.name];
  if (path.row === undefined) return value;
  const cells = isObject(value) ? value[path.row] : undefined;
  return isObject(cells) ? cells[path.column] : undefined;
}

/** Builds the tidy table of the responses for these items. */
export function tidy(responses: readonly ResponseRecord[], items: readonly Item[]): TidyTable {
  const n = responses.length;
  const columns = new Map<string, unknown[]>(items.map((item) => [item.key, new Array<unknown>(n)]));
  const otherTexts = new Map<string, (string | undefined)[]>(
    items.filter((item) => item.other && !item.key.includes(".")).map((item) => [item.key, new Array<string | undefined>(n)]),
  );
  const table: TidyTable = {
    length: n,
    id: new Array<string>(n),
    instrument: new Array<string>(n),
    ageGroup: new Array<string | null>(n),
    channel: new Array<string>(n),
    site: new Array<string | null>(n),
    receivedOn: new Array<string>(n),
    columns,
    otherTexts,
  };
  // Per instrument, the items it asks, so each response only visits its own instrument's items.
  const byInstrument = new Map<string, { path: AnswerPath; key: string; column: unknown[]; other: (string | undefined)[] | undefined }[]>();
  for (const item of items) {
    for (const instrument of item.instruments) {
      const list = byInstrument.get(instrument) ?? [];
      list.push({ path: answerPath(item), key: item.key, column: columns.get(item.key)!, other: otherTexts.get(item.key) });
      byInstrument.set(instrument, list);
    }
  }
  for (let i = 0; i < n; i += 1) {
    const r = responses[i]!;
    table.id[i] = r.id;
    table.instrument[i] = r.instrumentId;
    table.ageGroup[i] = r.ageGroup;
    table.channel[i] = r.channel;
    table.site[i] = r.site;
    table.receivedOn[i] = r.receivedOn;
    for (const { path, key, column, other } of byInstrument.get(r.instrumentId) ?? []) {
      column[i] = answerAt(path, r.answers);
      if (other) {
        const comment = r.answers[`${key}-Comment`];
        if (typeof comment === "string") other[i] = comment;
      }
    }
  }
  return table;
}
