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

/** The answer to an item in one response's answers (matrix items read their row and column). */
export function answerOf(item: Item, answers: Record<string, unknown>): unknown {
  const [name, row, column] = item.key.split(".") as [string, string | undefined, string | undefined];
  const value = answers[name];
  if (row === undefined) return value;
  const cells = isObject(value) ? value[row] : undefined;
  if (!isObject(cells)) return undefined;
  return cells[column ?? "rating"];
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
  const relevant = items.map((item) => ({ item, column: columns.get(item.key)!, other: otherTexts.get(item.key), instruments: new Set(item.instruments) }));
  for (let i = 0; i < n; i += 1) {
    const r = responses[i]!;
    table.id[i] = r.id;
    table.instrument[i] = r.instrumentId;
    table.ageGroup[i] = r.ageGroup;
    table.channel[i] = r.channel;
    table.site[i] = r.site;
    table.receivedOn[i] = r.receivedOn;
    for (const { item, column, other, instruments } of relevant) {
      if (!instruments.has(r.instrumentId)) continue;
      column[i] = answerOf(item, r.answers);
      if (other) {
        const comment = r.answers[`${item.key}-Comment`];
        if (typeof comment === "string") other[i] = comment;
      }
    }
  }
  return table;
}
