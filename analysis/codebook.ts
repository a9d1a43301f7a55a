/**
 * The codebook: every analysable item of a set of instruments, read from their SurveyJS JSON.
 *
 * A plain question is one item; each row of a rating table is an item of its own (that is how the study
 * reported them, one bar per activity), and each text column of a table is a text item. Items with the
 * same key in several instruments (the shared items) become one pooled item, so youth and seniors answers
 * to the same question are analysed together. The exact age of a minor is a quasi-identifier and is not
 * an item: the age group stands for it.
 */
import type { Item, ItemKind, Level, LocalizedText } from "./types.ts";

export interface InstrumentSource {
  id: string;
  json: unknown;
}

type Json = Record<string, unknown>;

const NOT_APPLICABLE = "no-opportunity";
const RATING_COLUMN = "rating";

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function text(value: unknown, fallback: string): LocalizedText {
  if (isObject(value)) {
    const lv = typeof value.lv === "string" ? value.lv : fallback;
    return { lv, ru: typeof value.ru === "string" ? value.ru : lv, en: typeof value.en === "string" ? value.en : lv };
  }
  const plain = typeof value === "string" ? value : fallback;
  return { lv: plain, ru: plain, en: plain };
}

function levelsOf(choices: unknown): Level[] {
  if (!Array.isArray(choices)) return [];
  return choices.map((c) => (isObject(c) ? { value: c.value as string | number, label: text(c.text, String(c.value)) } : { value: c as string | number, label: text(undefined, String(c)) }));
}

/** Items of one choice list: a 1-5 scale (numeric values) is Likert, anything else a choice. */
function choiceItem(base: Omit<Item, "kind" | "levels">, type: string, element: Json): Item {
  const levels = levelsOf(element.choices);
  const other = element.showOtherItem === true ? text(element.otherText, "other") : undefined;
  if (type === "checkbox") return { ...base, kind: "multiple", levels, ...(other ? { other } : {}) };
  if (levels.some((l) => typeof l.value === "number")) {
    const notApplicable = levels.find((l) => l.value === NOT_APPLICABLE);
    return { ...base, kind: "likert", levels: levels.filter((l) => typeof l.value === "number"), ...(notApplicable ? { notApplicable } : {}) };
  }
  return { ...base, kind: "single", levels, ...(other ? { other } : {}) };
}

function itemsOfElement(instrumentId: string, element: Json): Item[] {
  const type = typeof element.type === "string" ? element.type : "";
  const name = typeof element.name === "string" ? element.name : "";
  if (!name) return [];
  const question = text(element.title, name);
  const base = { instruments: [instrumentId], question };
  switch (type) {
    case "radiogroup":
    case "checkbox":
      return [choiceItem({ ...base, key: name }, type, element)];
    case "comment":
      return [{ ...base, key: name, kind: "text", levels: [] }];
    case "text":
      return element.inputType === "number" ? [] : [{ ...base, key: name, kind: "text", levels: [] }];
    case "matrixdropdown": {
      const rows = Array.isArray(element.rows) ? element.rows : [];
      const columns = (Array.isArray(element.columns) ? element.columns : []).filter(isObject);
      const items: Item[] = [];
      for (const row of rows) {
        const rowValue = String(isObject(row) ? row.value : row);
        const rowLabel = text(isObject(row) ? row.text : undefined, rowValue);
        for (const column of columns) {
          const columnName = String(column.name);
          const cellType = typeof column.cellType === "string" ? column.cellType : "dropdown";
          const key = columnName === RATING_COLUMN ? `${name}.${rowValue}` : `${name}.${rowValue}.${columnName}`;
          const cellBase = { ...base, key, row: rowLabel };
          if (cellType === "radiogroup" || cellType === "checkbox" || cellType === "dropdown") items.push(choiceItem(cellBase, cellType === "checkbox" ? "checkbox" : "radiogroup", column));
          else if (cellType === "comment" || cellType === "text") items.push({ ...cellBase, kind: "text", levels: [] });
        }
      }
      return items;
    }
    default:
      return [];
  }
}

function elementsOf(json: unknown): Json[] {
  const out: Json[] = [];
  const visit = (list: unknown): void => {
    if (!Array.isArray(list)) return;
    for (const el of list) {
      if (!isObject(el)) continue;
      out.push(el);
      visit(el.elements);
    }
  };
  const pages = isObject(json) ? json.pages : undefined;
  if (Array.isArray(pages)) for (const page of pages) if (isObject(page)) visit(page.elements);
  return out;
}

/** Merges two copies of a pooled item: instruments are added, levels are the union in first-seen order. */
function pool(into: Item, other: Item): Item {
  const known = new Set(into.levels.map((l) => l.value));
  return {
    ...into,
    instruments: [...into.instruments, ...other.instruments.filter((i) => !into.instruments.includes(i))],
    levels: [...into.levels, ...other.levels.filter((l) => !known.has(l.value))],
    ...(into.notApplicable || other.notApplicable ? { notApplicable: into.notApplicable ?? other.notApplicable } : {}),
    ...(into.other || other.other ? { other: into.other ?? other.other } : {}),
  };
}

/**
 * The items of the given instruments, pooled by key, in the order they are first asked.
 * @example codebook([{ id: "youth", json }, { id: "seniors", json }]).find((i) => i.key === "family_day_importance")
 */
export function codebook(instruments: readonly InstrumentSource[]): Item[] {
  const byKey = new Map<string, Item>();
  for (const instrument of instruments) {
    for (const element of elementsOf(instrument.json)) {
      for (const item of itemsOfElement(instrument.id, element)) {
        const existing = byKey.get(item.key);
        if (existing && existing.kind !== item.kind) {
          throw new Error(`item ${item.key} is ${existing.kind} in ${existing.instruments.join(", ")} but ${item.kind} in ${instrument.id}`);
        }
        byKey.set(item.key, existing ? pool(existing, item) : item);
      }
    }
  }
  return [...byKey.values()];
}

export const ITEM_KINDS: readonly ItemKind[] = ["likert", "single", "multiple", "text", "number"];
