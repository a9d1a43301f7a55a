/**
 * The data-entry form of a paper questionnaire, read from the instrument's SurveyJS JSON without
 * survey-core (which the console never loads): a flat list of questions in the printed order with the
 * numbers the paper shows, their choices (numbered 1..n, the digit keys), matrix rows and columns, and the
 * simple `visibleIf` conditions that make a follow-up apply or not.
 *
 * It also turns what the typist entered into exactly the answers SurveyJS would have produced on a tablet
 * (radiogroup value, checkbox array, text, numbers as numbers, `{ row: { column: value } }` for rating
 * tables, the "other" text under `<name>-Comment`), because the server checks paper entries with the same
 * rules as tablet responses (server/domain/answers.ts). Pure: no React, no requests.
 */

export type Json = Record<string, unknown>;
export type Value = string | number;
export type PaperCode = "unreadable" | "blank";

/** The value SurveyJS gives an "other" item; its text goes under `<name>-Comment`. */
export const OTHER_VALUE = "other";
export const COMMENT_SUFFIX = "-Comment";

export interface Choice {
  value: Value;
  /** The wording in the language asked for (Latvian by default). */
  label: string;
  other: boolean;
}

export interface ChoiceColumn {
  kind: "choice";
  name: string;
  title: string;
  multiple: boolean;
  choices: Choice[];
}

export interface TextColumn {
  kind: "text";
  name: string;
  title: string;
  multiline: boolean;
}

export type MatrixColumn = ChoiceColumn | TextColumn;

interface ItemBase {
  name: string;
  /** The number printed on paper ("5"), or null for a follow-up printed under its question. */
  number: string | null;
  /** A follow-up or sub-part: printed under the preceding numbered question. */
  sub: boolean;
  title: string;
  /** When the question applies; null when always. */
  condition: Condition | null;
}

export type EntryItem =
  | (ItemBase & { kind: "choice"; multiple: boolean; choices: Choice[] })
  | (ItemBase & { kind: "text"; multiline: boolean; numeric: { min?: number; max?: number; integer: boolean } | null })
  | (ItemBase & { kind: "matrix"; rows: { value: string; label: string }[]; columns: MatrixColumn[] });

export type FormPart = { kind: "section"; title: string; key: string } | EntryItem;

export interface EntryForm {
  title: string;
  parts: FormPart[];
  items: EntryItem[];
}

/**
 * When a follow-up applies. `complex` is a condition this module does not read: the follow-up is then
 * always shown as applying, and the server (which runs survey-core) has the last word.
 */
export type Condition =
  | { kind: "simple"; name: string; op: "equals"; values: Value[] }
  | { kind: "simple"; name: string; op: "contains"; values: Value[] }
  | { kind: "simple"; name: string; op: "notempty" | "empty" }
  | { kind: "complex"; expression: string };

// ---- Text ---------------------------------------------------------------------------------------------

/** A localizable SurveyJS string in `locale`, falling back to Latvian, `default`, then any language. */
export function localized(value: unknown, locale: string): string {
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  if (value && typeof value === "object") {
    const v = value as Record<string, unknown>;
    for (const key of [locale, "lv", "default"]) if (typeof v[key] === "string" && v[key]) return v[key] as string;
    const any = Object.values(v).find((x) => typeof x === "string" && x);
    if (typeof any === "string") return any;
  }
  return "";
}

function plain(text: string): string {
  return text
    .replace(/<[^>]*>/g, " ")
    .replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
}

// ---- Conditions ---------------------------------------------------------------------------------------

const LITERAL = String.raw`'([^']*)'|"([^"]*)"|(-?\d+(?:\.\d+)?)`;
const COMPARE = new RegExp(String.raw`^\{([^}]+)\}\s*(=|==|contains)\s*(?:${LITERAL})$`, "i");
const ANY_OF = /^\{([^}]+)\}\s+anyof\s*\[(.*)\]$/i;
const EMPTY = /^\{([^}]+)\}\s+(notempty|empty)$/i;

function literal(m: RegExpExecArray | RegExpMatchArray, from: number): Value {
  if (m[from] !== undefined) return m[from]!;
  if (m[from + 1] !== undefined) return m[from + 1]!;
  return Number(m[from + 2]);
}

function parsePart(part: string): Condition | null {
  const text = part.trim().replace(/^\((.*)\)$/, "$1").trim();
  let m = EMPTY.exec(text);
  if (m) return { kind: "simple", name: m[1]!.trim(), op: m[2]!.toLowerCase() === "empty" ? "empty" : "notempty" };
  m = COMPARE.exec(text);
  if (m) return { kind: "simple", name: m[1]!.trim(), op: m[2]!.toLowerCase() === "contains" ? "contains" : "equals", values: [literal(m, 3)] };
  m = ANY_OF.exec(text);
  if (m) {
    const values = [...m[2]!.matchAll(new RegExp(LITERAL, "g"))].map((v) => literal(v, 1));
    return values.length > 0 ? { kind: "simple", name: m[1]!.trim(), op: "equals", values } : null;
  }
  return null;
}

/**
 * Reads the `visibleIf` forms the instruments use: `{q} = 'v'`, `{q} contains 'v'`, `{q} anyof ['a','b']`,
 * `{q} notempty` / `empty`, and `or` of equalities on one question. Anything else is `complex`.
 *
 * @example parseCondition("{family_support_awareness} = 'yes'") // { kind: "simple", name: "family_support_awareness", op: "equals", values: ["yes"] }
 */
export function parseCondition(expression: unknown): Condition | null {
  if (typeof expression !== "string" || expression.trim() === "") return null;
  const complex: Condition = { kind: "complex", expression };
  const parts = expression.trim().split(/\s+or\s+/i).map(parsePart);
  if (parts.some((p) => p === null)) return complex;
  const conditions = parts as Extract<Condition, { kind: "simple" }>[];
  const first = conditions[0]!;
  if (conditions.length === 1) return first;
  if (conditions.some((c) => c.name !== first.name || c.op !== "equals")) return complex;
  return { kind: "simple", name: first.name, op: "equals", values: conditions.flatMap((c) => ("values" in c ? c.values : [])) };
}

const same = (a: unknown, b: Value): boolean => a === b || (typeof a !== "object" && a !== undefined && a !== null && String(a) === String(b));

/**
 * Whether a question applies, from the answers entered so far: "yes", "no", or "unknown" when its
 * condition is too complex to read here or the question it depends on was marked unreadable.
 */
export function applies(condition: Condition | null, answers: Readonly<Record<string, unknown>>, codes: Readonly<Record<string, PaperCode>>): "yes" | "no" | "unknown" {
  if (!condition) return "yes";
  if (condition.kind === "complex") return "unknown";
  if (codes[condition.name] === "unreadable") return "unknown";
  const value = answers[condition.name];
  const present = isPresent(value);
  switch (condition.op) {
    case "notempty":
      return present ? "yes" : "no";
    case "empty":
      return present ? "no" : "yes";
    case "equals":
      if (!present) return "no";
      if (Array.isArray(value)) return "unknown";
      return condition.values.some((v) => same(value, v)) ? "yes" : "no";
    case "contains":
      if (!present) return "no";
      if (Array.isArray(value)) return condition.values.some((v) => value.some((item) => same(item, v))) ? "yes" : "no";
      if (typeof value === "string") return condition.values.some((v) => value.includes(String(v))) ? "yes" : "no";
      return "unknown";
  }
}

function isPresent(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === "string") return value.trim() !== "";
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "object") return Object.keys(value).length > 0;
  return true;
}

// ---- Reading the instrument ----------------------------------------------------------------------------

function choicesOf(list: unknown, locale: string, withOther: boolean, otherText: unknown): Choice[] {
  const choices: Choice[] = (Array.isArray(list) ? list : []).map((c: unknown) => {
    if (c && typeof c === "object") {
      const o = c as Json;
      const value = (o.value ?? o.name) as Value;
      return { value, label: plain(localized(o.text ?? o.title, locale)) || String(value), other: false };
    }
    return { value: c as Value, label: String(c), other: false };
  });
  if (withOther) choices.push({ value: OTHER_VALUE, label: plain(localized(otherText, locale)) || OTHER_LABEL[locale] || OTHER_LABEL.lv!, other: true });
  return choices;
}

const OTHER_LABEL: Record<string, string> = { lv: "Cits", ru: "Другое", en: "Other" };

function cellType(value: unknown): string | undefined {
  return typeof value === "string" && value !== "default" ? value : undefined;
}

function matrixColumns(element: Json, locale: string): MatrixColumn[] {
  const matrixType = cellType(element.cellType) ?? "dropdown";
  const columns: MatrixColumn[] = [];
  for (const raw of Array.isArray(element.columns) ? (element.columns as unknown[]) : []) {
    if (!raw || typeof raw !== "object") continue;
    const column = raw as Json;
    if (typeof column.name !== "string") continue;
    const type = cellType(column.cellType) ?? matrixType;
    const title = plain(localized(column.title, locale)) || column.name;
    if (type === "radiogroup" || type === "dropdown" || type === "checkbox" || type === "tagbox") {
      columns.push({
        kind: "choice",
        name: column.name,
        title,
        multiple: type === "checkbox" || type === "tagbox",
        choices: choicesOf(column.choices ?? element.choices, locale, column.showOtherItem === true, column.otherText),
      });
    } else {
      columns.push({ kind: "text", name: column.name, title, multiline: type === "comment" });
    }
  }
  return columns;
}

/**
 * The entry form of an instrument, question wording in `locale` (Latvian unless asked otherwise).
 * Numbers follow survey-core's rule for a fresh survey, which is what the paper prints: every question
 * that is shown from the start and has `showNumber` counts; follow-ups do not.
 */
export function buildEntryForm(json: Json, locale = "lv"): EntryForm {
  const parts: FormPart[] = [];
  const items: EntryItem[] = [];
  const numbering = json.showQuestionNumbers !== "off" && json.showQuestionNumbers !== false;
  let next = 1;
  let lastNumbered = false;

  const visit = (elements: unknown, hiddenAround: boolean): void => {
    if (!Array.isArray(elements)) return;
    for (const raw of elements) {
      if (!raw || typeof raw !== "object") continue;
      const element = raw as Json;
      const type = typeof element.type === "string" ? element.type : "";
      const name = typeof element.name === "string" ? element.name : "";
      if (type === "html" || type === "image" || type === "expression" || !name) continue;
      if (type === "panel") {
        const title = plain(localized(element.title, locale));
        if (title) parts.push({ kind: "section", title, key: `panel:${name}` });
        visit(element.elements, hiddenAround || typeof element.visibleIf === "string");
        continue;
      }
      const condition = parseCondition(element.visibleIf);
      // survey-core numbers only what a fresh survey shows: a follow-up whose condition needs an answer is not counted.
      const shownAtStart = condition === null || applies(condition, {}, {}) === "yes";
      const counts = numbering && element.showNumber !== false && shownAtStart && !hiddenAround && element.visible !== false;
      const number = counts ? String(next++) : null;
      const sub = number === null && lastNumbered;
      if (number !== null) lastNumbered = true;
      const base = { name, number, sub, title: plain(localized(element.title, locale)) || name, condition };
      let item: EntryItem;
      switch (type) {
        case "radiogroup":
        case "dropdown":
        case "checkbox":
        case "tagbox":
          item = {
            ...base,
            kind: "choice",
            multiple: type === "checkbox" || type === "tagbox",
            choices: choicesOf(element.choices, locale, element.showOtherItem === true || element.hasOther === true, element.otherText),
          };
          break;
        case "boolean":
          item = {
            ...base,
            kind: "choice",
            multiple: false,
            choices: [
              { value: true as unknown as Value, label: plain(localized(element.labelTrue, locale)) || "Jā", other: false },
              { value: false as unknown as Value, label: plain(localized(element.labelFalse, locale)) || "Nē", other: false },
            ],
          };
          break;
        case "matrixdropdown":
          item = {
            ...base,
            kind: "matrix",
            rows: (Array.isArray(element.rows) ? (element.rows as unknown[]) : []).map((r) => {
              if (r && typeof r === "object") {
                const o = r as Json;
                const value = String(o.value);
                return { value, label: plain(localized(o.text, locale)) || value };
              }
              return { value: String(r), label: String(r) };
            }),
            columns: matrixColumns(element, locale),
          };
          break;
        case "text": {
          const numeric = element.inputType === "number";
          const min = typeof element.min === "number" ? element.min : undefined;
          const max = typeof element.max === "number" ? element.max : undefined;
          item = {
            ...base,
            kind: "text",
            multiline: false,
            numeric: numeric
              ? { ...(min === undefined ? {} : { min }), ...(max === undefined ? {} : { max }), integer: min !== undefined && max !== undefined && Number.isInteger(min) && Number.isInteger(max) }
              : null,
          };
          break;
        }
        default:
          // comment, and any type this screen does not know: typed in as text.
          item = { ...base, kind: "text", multiline: true, numeric: null };
      }
      parts.push(item);
      items.push(item);
    }
  };

  const pages = Array.isArray(json.pages) ? (json.pages as unknown[]) : [];
  pages.forEach((raw, index) => {
    if (!raw || typeof raw !== "object") return;
    const page = raw as Json;
    const title = plain(localized(page.title, locale));
    const before = parts.length;
    if (json.showQuestionNumbers === "onPage") next = 1;
    if (title) parts.push({ kind: "section", title, key: `page:${String(page.name ?? index)}` });
    visit(page.elements, page.visible === false || typeof page.visibleIf === "string");
    // A page with nothing to enter (the introduction) leaves no heading behind.
    if (parts.length === before + (title ? 1 : 0)) parts.length = before;
  });
  if (Array.isArray(json.elements)) visit(json.elements, false);
  return { title: plain(localized(json.title, locale)), parts, items };
}

// ---- What was entered --------------------------------------------------------------------------------------

/**
 * What the typist entered, as typed: a choice question holds its value (or list of values), a text
 * question the raw string, a rating table `{ row: { column: value or raw text } }`; `other` holds the
 * "other" texts by question name.
 */
export interface Draft {
  values: Record<string, unknown>;
  other: Record<string, string>;
  codes: Record<string, PaperCode>;
}

export const emptyDraft = (): Draft => ({ values: {}, other: {}, codes: {} });

/** A code for one row of a rating table: `"<question>.<row>"` (server/store/migrations/0009). */
export const rowCodeKey = (name: string, row: string): string => `${name}.${row}`;

/** The number in a typed numeric answer, or undefined when it is not one (a comma is read as a point). */
export function parseNumber(text: string): number | undefined {
  const trimmed = text.trim().replace(",", ".");
  if (!/^-?\d+(\.\d+)?$/.test(trimmed)) return undefined;
  return Number(trimmed);
}

/** One question's answer as SurveyJS gives it, or undefined when nothing is entered. */
export function answerOf(item: EntryItem, draft: Draft): unknown {
  const value = draft.values[item.name];
  switch (item.kind) {
    case "choice":
      if (item.multiple) return Array.isArray(value) && value.length > 0 ? [...value] : undefined;
      return value === undefined || value === null ? undefined : value;
    case "text": {
      if (typeof value !== "string" || value.trim() === "") return undefined;
      if (item.numeric) return parseNumber(value) ?? value.trim();
      return value.trim();
    }
    case "matrix": {
      if (!value || typeof value !== "object") return undefined;
      const rows: [string, Record<string, unknown>][] = [];
      for (const row of item.rows) {
        const cells = (value as Record<string, Record<string, unknown>>)[row.value];
        if (!cells || draft.codes[rowCodeKey(item.name, row.value)]) continue;
        const clean: [string, unknown][] = [];
        for (const column of item.columns) {
          const cell = cells[column.name];
          if (column.kind === "text") {
            if (typeof cell === "string" && cell.trim() !== "") clean.push([column.name, cell.trim()]);
          } else if (column.multiple) {
            if (Array.isArray(cell) && cell.length > 0) clean.push([column.name, [...cell]]);
          } else if (cell !== undefined && cell !== null) {
            clean.push([column.name, cell]);
          }
        }
        if (clean.length > 0) rows.push([row.value, Object.fromEntries(clean)]);
      }
      return rows.length > 0 ? Object.fromEntries(rows) : undefined;
    }
  }
}

/** True when an "other" item of this question is chosen. */
export function otherChosen(item: EntryItem, draft: Draft): boolean {
  if (item.kind !== "choice") return false;
  const value = draft.values[item.name];
  return value === OTHER_VALUE || (Array.isArray(value) && value.includes(OTHER_VALUE));
}

/** The answers and codes to send: `{ answers, codes }` as POST /api/paper-forms/:number/entries takes them. */
export function toPayload(form: EntryForm, draft: Draft): { answers: Record<string, unknown>; codes: Record<string, PaperCode> } {
  const answers: Record<string, unknown> = {};
  const codes: Record<string, PaperCode> = {};
  for (const item of form.items) {
    const code = draft.codes[item.name];
    if (code) {
      codes[item.name] = code;
      continue;
    }
    if (item.kind === "matrix") {
      for (const row of item.rows) {
        const rowCode = draft.codes[rowCodeKey(item.name, row.value)];
        if (rowCode) codes[rowCodeKey(item.name, row.value)] = rowCode;
      }
    }
    const answer = answerOf(item, draft);
    if (answer === undefined) continue;
    answers[item.name] = answer;
    const other = draft.other[item.name];
    if (otherChosen(item, draft) && typeof other === "string" && other.trim() !== "") answers[`${item.name}${COMMENT_SUFFIX}`] = other.trim();
  }
  return { answers, codes };
}

/** A draft holding answers and codes as the server gave them (for editing a value during conflict resolution). */
export function draftFrom(form: EntryForm, answers: Readonly<Record<string, unknown>>, codes: Readonly<Record<string, unknown>>): Draft {
  const draft = emptyDraft();
  for (const item of form.items) {
    const code = codes[item.name];
    if (code === "unreadable" || code === "blank") draft.codes[item.name] = code;
    if (item.kind === "matrix") {
      for (const row of item.rows) {
        const rowCode = codes[rowCodeKey(item.name, row.value)];
        if (rowCode === "unreadable" || rowCode === "blank") draft.codes[rowCodeKey(item.name, row.value)] = rowCode;
      }
    }
    const value = answers[item.name];
    if (value !== undefined && value !== null) draft.values[item.name] = item.kind === "text" ? String(value) : structuredClone(value);
    const other = answers[`${item.name}${COMMENT_SUFFIX}`];
    if (typeof other === "string") draft.other[item.name] = other;
  }
  return draft;
}

export type ItemState = "answered" | "coded" | "untouched" | "not-applicable";

/** How each question stands: answered, coded, untouched, or not applicable (and empty). */
export function itemStates(form: EntryForm, draft: Draft): Map<string, { state: ItemState; applies: "yes" | "no" | "unknown" }> {
  const { answers, codes } = toPayload(form, draft);
  const states = new Map<string, { state: ItemState; applies: "yes" | "no" | "unknown" }>();
  for (const item of form.items) {
    const applying = applies(item.condition, answers, codes);
    let state: ItemState;
    const rowCoded = item.kind === "matrix" && item.rows.some((r) => codes[rowCodeKey(item.name, r.value)]);
    if (codes[item.name]) state = "coded";
    else if (answers[item.name] !== undefined) state = "answered";
    else if (rowCoded) state = "coded";
    else if (applying === "no") state = "not-applicable";
    else state = "untouched";
    states.set(item.name, { state, applies: applying });
  }
  return states;
}

/** The question a field path of a 422 names: `age_exact`, `x-Comment`, `matrix.row.column`, `answers.x`. */
export function itemOfPath(form: EntryForm, path: string): string | null {
  const trimmed = path.replace(/^(answers|codes)\./, "");
  const head = trimmed.split(".")[0] ?? "";
  const name = head.endsWith(COMMENT_SUFFIX) ? head.slice(0, -COMMENT_SUFFIX.length) : head;
  return form.items.some((i) => i.name === name) ? name : null;
}

// ---- Showing a stored value ------------------------------------------------------------------------------------

/** The number a question is known by: its own, or "5↳" for a follow-up of question 5. */
export function displayNumber(form: EntryForm, name: string): string {
  const index = form.items.findIndex((i) => i.name === name);
  const item = form.items[index];
  if (!item) return "";
  if (item.number) return item.number;
  const parent = form.items.slice(0, index).reverse().find((i) => i.number);
  return parent ? `${parent.number}↳` : "↳";
}

/** One row of a rating table in words: each choice cell by its wording ("4 – Lielākā daļa…"), text in quotes. */
export function describeRow(item: Extract<EntryItem, { kind: "matrix" }>, cells: unknown): string {
  if (!cells || typeof cells !== "object") return String(cells);
  const values = cells as Record<string, unknown>;
  return item.columns
    .filter((c) => values[c.name] !== undefined)
    .map((c) => {
      const v = values[c.name];
      if (c.kind === "text") return `«${String(v)}»`;
      const list = Array.isArray(v) ? v : [v];
      return list.map((x) => c.choices.find((ch) => same(x, ch.value))?.label ?? String(x)).join(", ");
    })
    .join(" · ");
}

function choiceLabel(choices: readonly Choice[], value: unknown): string {
  const index = choices.findIndex((c) => same(value, c.value));
  return index < 0 ? String(value) : `${index + 1} ${choices[index]!.label}`;
}

/**
 * An answer in words for people comparing two entries: choices by their number and wording, rating tables
 * row by row, text as typed. `comment` is the "other" text, if any.
 */
export function describeAnswer(item: EntryItem | undefined, value: unknown, comment?: unknown): string {
  if (value === undefined || value === null) return "";
  const otherText = typeof comment === "string" && comment ? ` («${comment}»)` : "";
  if (!item) return typeof value === "object" ? JSON.stringify(value) : String(value);
  switch (item.kind) {
    case "choice":
      if (Array.isArray(value)) return value.map((v) => choiceLabel(item.choices, v)).join("; ") + otherText;
      return choiceLabel(item.choices, value) + otherText;
    case "text":
      return String(value);
    case "matrix": {
      if (typeof value !== "object") return String(value);
      const lines: string[] = [];
      for (const row of item.rows) {
        const cells = (value as Record<string, Record<string, unknown>>)[row.value];
        if (cells) lines.push(`${row.label}: ${describeRow(item, cells)}`);
      }
      return lines.join("\n");
    }
  }
}

// ---- Changing a draft --------------------------------------------------------------------------------------
// Every change returns a new draft. Answering a question takes its code away, and coding it takes the answer
// away: a question is either answered or marked, never both.

function withoutCodesOf(codes: Record<string, PaperCode>, name: string): Record<string, PaperCode> {
  return Object.fromEntries(Object.entries(codes).filter(([key]) => key !== name && !key.startsWith(`${name}.`)));
}

/** Sets (or, with undefined, clears) a question's whole value. */
export function setValue(draft: Draft, name: string, value: unknown): Draft {
  const values = { ...draft.values };
  if (value === undefined || (Array.isArray(value) && value.length === 0)) delete values[name];
  else values[name] = value;
  const other = { ...draft.other };
  const keepsOther = value === OTHER_VALUE || (Array.isArray(value) && value.includes(OTHER_VALUE));
  if (!keepsOther) delete other[name];
  const codes = { ...draft.codes };
  delete codes[name];
  return { values, other, codes };
}

/** Sets one cell of a rating table; the row's code and the table's code go. */
export function setCell(draft: Draft, name: string, row: string, column: string, value: unknown): Draft {
  const table = { ...((draft.values[name] as Record<string, Record<string, unknown>> | undefined) ?? {}) };
  const cells = { ...(table[row] ?? {}) };
  if (value === undefined || value === "" || (Array.isArray(value) && value.length === 0)) delete cells[column];
  else cells[column] = value;
  if (Object.keys(cells).length > 0) table[row] = cells;
  else delete table[row];
  const values = { ...draft.values };
  if (Object.keys(table).length > 0) values[name] = table;
  else delete values[name];
  const codes = { ...draft.codes };
  delete codes[name];
  delete codes[rowCodeKey(name, row)];
  return { ...draft, values, codes };
}

export function setOther(draft: Draft, name: string, text: string): Draft {
  return { ...draft, other: { ...draft.other, [name]: text } };
}

/** Marks a question unreadable or blank (again: unmarks it), clearing whatever was entered for it. */
export function toggleCode(draft: Draft, name: string, code: PaperCode): Draft {
  const wasSet = draft.codes[name] === code;
  const codes = withoutCodesOf(draft.codes, name);
  if (!wasSet) codes[name] = code;
  const values = { ...draft.values };
  const other = { ...draft.other };
  if (!wasSet) {
    delete values[name];
    delete other[name];
  }
  return { values, other, codes };
}

/** Marks one row of a rating table unreadable or blank (again: unmarks it), clearing the row. */
export function toggleRowCode(draft: Draft, name: string, row: string, code: PaperCode): Draft {
  const key = rowCodeKey(name, row);
  const wasSet = draft.codes[key] === code;
  const codes = { ...draft.codes };
  delete codes[name];
  if (wasSet) delete codes[key];
  else codes[key] = code;
  if (wasSet) return { ...draft, codes };
  const table = { ...((draft.values[name] as Record<string, Record<string, unknown>> | undefined) ?? {}) };
  delete table[row];
  const values = { ...draft.values };
  if (Object.keys(table).length > 0) values[name] = table;
  else delete values[name];
  return { ...draft, values, codes };
}

/** A question, or one row of a rating table, that is neither answered nor marked. */
export interface Untouched {
  name: string;
  row?: string;
}

/**
 * What is neither answered nor marked: whole questions that apply, and the rows of a rating table that was
 * filled in only in part (a row left empty on one entry and marked blank on the other would count as a
 * difference between the two people typing).
 */
export function untouchedParts(form: EntryForm, draft: Draft): Untouched[] {
  const states = itemStates(form, draft);
  const parts: Untouched[] = [];
  for (const item of form.items) {
    const status = states.get(item.name);
    if (!status) continue;
    if (status.state === "untouched") {
      parts.push({ name: item.name });
      continue;
    }
    if (item.kind !== "matrix" || status.state === "not-applicable" || draft.codes[item.name]) continue;
    const answered = (answerOf(item, draft) as Record<string, unknown> | undefined) ?? {};
    for (const row of item.rows) {
      if (answered[row.value] === undefined && !draft.codes[rowCodeKey(item.name, row.value)]) parts.push({ name: item.name, row: row.value });
    }
  }
  return parts;
}

/** Marks every untouched question (or row) blank: the typist's answer to "these were not filled in". */
export function markBlank(draft: Draft, parts: readonly Untouched[]): Draft {
  let next = draft;
  for (const part of parts) {
    if (part.row === undefined) {
      if (next.codes[part.name] !== "blank") next = toggleCode(next, part.name, "blank");
    } else if (next.codes[rowCodeKey(part.name, part.row)] !== "blank") {
      next = toggleRowCode(next, part.name, part.row, "blank");
    }
  }
  return next;
}
