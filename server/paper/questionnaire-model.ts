/**
 * What a paper questionnaire says, before anything is laid out: the instrument JSON read into a flat list of
 * sections, numbered questions with their answer shapes, and the follow-ups printed under their question
 * with a routing line derived from `visibleIf`.
 *
 * A paper form is the same instrument as the tablet, so the numbers come from survey-core itself (the
 * engine the tablet runs) rather than from a re-implementation of its numbering rules, and every title,
 * choice and row is the instrument's own localized text, never rewritten. The only words added are the
 * instructions of paper-text.ts. Pure: no pdfkit, no database; unknown element types become writing lines
 * so that any instrument prints.
 */
import { Model, type Question } from "survey-core";
import { PAPER_TEXT, type PaperLocale, type PaperText } from "./paper-text.ts";

export interface ChoiceOption {
  text: string;
  /** "Other (please specify)": a box, its label and a writing line. */
  other?: boolean;
}

/** One point of a rating scale: `key` heads its column in a grid ("1"), `text` is the full wording. */
export interface ScalePoint {
  key: string;
  text: string;
}

export type GridColumn =
  | { kind: "choice"; title: string; multiple: boolean; points: ScalePoint[] }
  | { kind: "text"; title: string }
  | { kind: "comment"; title: string; lines: number };

export type PaperAnswer =
  | { kind: "choices"; multiple: boolean; options: ChoiceOption[] }
  /** A 1..n scale printed as a row of boxes with their anchors; `extra` are non-scale answers ("no opportunity"). */
  | { kind: "scale"; points: ScalePoint[]; extra: ChoiceOption[] }
  | { kind: "lines"; lines: number }
  /** A short answer: one box per character (a number), or a short line of `width` characters. */
  | { kind: "digits"; count: number }
  | { kind: "short"; chars: number }
  | { kind: "grid"; rows: string[]; columns: GridColumn[] }
  | { kind: "fields"; labels: string[] };

export interface PaperQuestion {
  kind: "question";
  name: string;
  /** survey-core's number without its trailing dot ("3"), or null for a sub-part. */
  number: string | null;
  /** Printed under the preceding numbered question (a follow-up or a "please explain" box). */
  sub: boolean;
  title: string;
  description: string | null;
  instruction: string | null;
  /** A routing line printed above the question: the answer of its parent that leads here. */
  head: string | null;
  answer: PaperAnswer;
  /** Routing lines printed under the answer boxes. */
  routes: string[];
}

export type PaperItem =
  | { kind: "section"; title: string; description: string | null }
  | { kind: "note"; paragraphs: string[] }
  | PaperQuestion;

export interface PaperModel {
  title: string;
  intro: string[];
  items: PaperItem[];
}

type Json = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------------------------
// Text

/** A localizable SurveyJS string in `locale`, falling back to Latvian, `default`, then any language. */
export function localized(value: unknown, locale: PaperLocale): string {
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

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0", ndash: "–", mdash: "—" };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === "#") {
      const code = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/**
 * The paragraphs of an html element as plain text: one per `<p>`, heading or list item (items get a bullet),
 * tags dropped, entities decoded, runs of spaces folded.
 *
 * @example htmlParagraphs("<p>Labdien!</p><p>A &amp; B</p>") // ["Labdien!", "A & B"]
 */
export function htmlParagraphs(html: string): string[] {
  return html
    .replace(/<li(\s[^>]*)?>/gi, "<p>• ")
    .replace(/<br\s*\/?>/gi, "\n")
    .split(/<\/?(?:p|h[1-6]|li|ul|ol|div)(?:\s[^>]*)?>/i)
    .map((part) =>
      decodeEntities(part.replace(/<[^>]*>/g, ""))
        .replace(/[ \t\r\f\u00a0]+/g, " ")
        .replace(/ *\n */g, "\n")
        .trim(),
    )
    .filter((p) => p.length > 0 && p !== "•");
}

// ---------------------------------------------------------------------------------------------------------------
// Conditions

/** A `visibleIf` this module understands: one question's answer is one of `values`, or is given at all. */
export interface Condition {
  name: string;
  values: (string | number)[] | "notempty";
}

const LITERAL = String.raw`'([^']*)'|"([^"]*)"|(-?\d+(?:\.\d+)?)`;
const EQUALS = new RegExp(String.raw`^\{([^}]+)\}\s*(?:=|==)\s*(?:${LITERAL})$`);
const ANY_OF = /^\{([^}]+)\}\s+anyof\s*\[(.*)\]$/i;
const NOT_EMPTY = /^\{([^}]+)\}\s+notempty$/i;

function literal(m: RegExpMatchArray, from: number): string | number {
  if (m[from] !== undefined) return m[from]!;
  if (m[from + 1] !== undefined) return m[from + 1]!;
  return Number(m[from + 2]);
}

/**
 * Reads the simple `visibleIf` forms the instruments use: `{q} = 'v'`, `{q} anyof ['a', 'b']`, `{q} notempty`,
 * and `or` of equalities on one question. Anything else gives null (printed without a routing line).
 *
 * @example parseCondition("{family_support_awareness} = 'yes'") // { name: "family_support_awareness", values: ["yes"] }
 */
export function parseCondition(expression: unknown): Condition | null {
  if (typeof expression !== "string") return null;
  const parts = expression.trim().split(/\s+or\s+/i);
  const conditions: Condition[] = [];
  for (const raw of parts) {
    const part = raw.trim().replace(/^\((.*)\)$/, "$1").trim();
    let m = part.match(NOT_EMPTY);
    if (m) {
      conditions.push({ name: m[1]!.trim(), values: "notempty" });
      continue;
    }
    m = part.match(EQUALS);
    if (m) {
      conditions.push({ name: m[1]!.trim(), values: [literal(m, 2)] });
      continue;
    }
    m = part.match(ANY_OF);
    if (m) {
      const values = [...m[2]!.matchAll(new RegExp(LITERAL, "g"))].map((v) => literal(v, 1));
      if (values.length === 0) return null;
      conditions.push({ name: m[1]!.trim(), values });
      continue;
    }
    return null;
  }
  const first = conditions[0];
  if (!first || conditions.some((c) => c.name !== first.name)) return null;
  if (conditions.length === 1) return first;
  if (conditions.some((c) => c.values === "notempty")) return null;
  return { name: first.name, values: conditions.flatMap((c) => c.values as (string | number)[]) };
}

// ---------------------------------------------------------------------------------------------------------------
// Answers

interface RawChoice {
  value: unknown;
  text: string;
}

function choicesOf(list: unknown, locale: PaperLocale): RawChoice[] {
  if (!Array.isArray(list)) return [];
  return list.map((c) => {
    if (c && typeof c === "object") {
      const o = c as Json;
      const value = o.value ?? o.name;
      const text = localized(o.text ?? o.title, locale);
      return { value, text: text || String(value) };
    }
    return { value: c, text: String(c) };
  });
}

/** The short key of a scale point for a grid header: its leading number ("1 – Nav..." -> "1"), else its value when numeric. */
export function scaleKey(text: string, value: unknown): string | null {
  const m = text.match(/^\s*(\d{1,2})\s*[-–—.):]/);
  if (m) return m[1]!;
  if (typeof value === "number") return String(value);
  return null;
}

/** Scale points for grid columns: numbered keys when every point has one (and they differ), else the full texts. */
export function scalePoints(choices: readonly RawChoice[]): ScalePoint[] {
  const keys = choices.map((c) => scaleKey(c.text, c.value));
  const usable = keys.every((k) => k !== null) && new Set(keys).size === keys.length;
  return choices.map((c, i) => ({ key: usable ? keys[i]! : c.text, text: c.text }));
}

/** Indexes of a run of consecutive integer values 1..n (n >= 3) at the start of the choices: a rating scale. */
function likertRun(choices: readonly RawChoice[]): number {
  let n = 0;
  while (n < choices.length && choices[n]!.value === n + 1) n += 1;
  return n >= 3 ? n : 0;
}

function extraChoices(q: Json, locale: PaperLocale, t: PaperText): ChoiceOption[] {
  const extra: ChoiceOption[] = [];
  if (q.showNoneItem === true || q.hasNone === true) extra.push({ text: localized(q.noneText, locale) || t.noneFallback });
  if (q.showOtherItem === true || q.hasOther === true) extra.push({ text: localized(q.otherText, locale) || t.otherFallback, other: true });
  return extra;
}

function commentLines(q: Json, fallback: number): number {
  const rows = typeof q.rows === "number" ? q.rows : fallback;
  return Math.max(3, Math.min(10, Math.round(rows)));
}

function textAnswer(q: Json): PaperAnswer {
  const inputType = typeof q.inputType === "string" ? q.inputType : "text";
  if (inputType === "number") {
    const bound = [q.max, q.min].find((v) => typeof v === "number") as number | undefined;
    const digits = bound !== undefined ? String(Math.abs(Math.trunc(bound))).length : 3;
    return { kind: "digits", count: Math.max(1, Math.min(8, digits)) };
  }
  const maxLength = typeof q.maxLength === "number" && q.maxLength > 0 ? q.maxLength : null;
  if (maxLength !== null && maxLength <= 40) return { kind: "short", chars: maxLength };
  if (maxLength !== null) return { kind: "lines", lines: Math.max(1, Math.min(10, Math.ceil(maxLength / 70))) };
  return { kind: "lines", lines: 1 };
}

function matrixColumn(column: Json, question: Json, locale: PaperLocale, t: PaperText): GridColumn {
  const title = localized(column.title, locale) || String(column.name ?? "");
  const cellType = typeof column.cellType === "string" ? column.cellType : typeof question.cellType === "string" ? question.cellType : "dropdown";
  if (cellType === "comment") return { kind: "comment", title, lines: 3 };
  if (cellType === "text" || cellType === "expression") return { kind: "text", title };
  if (cellType === "boolean") {
    return { kind: "choice", title, multiple: false, points: [{ key: t.yes, text: t.yes }, { key: t.no, text: t.no }] };
  }
  const choices = choicesOf(column.choices ?? question.choices, locale);
  if (choices.length === 0) return { kind: "text", title };
  return { kind: "choice", title, multiple: cellType === "checkbox" || cellType === "tagbox", points: scalePoints(choices) };
}

function gridRows(q: Json, locale: PaperLocale): string[] {
  if (Array.isArray(q.rows)) return choicesOf(q.rows, locale).map((r) => r.text);
  const count = typeof q.rowCount === "number" && q.rowCount > 0 ? Math.min(q.rowCount, 10) : 3;
  return Array.from({ length: count }, (_, i) => `${i + 1})`);
}

/** The answer shape of one SurveyJS question. */
export function answerOf(q: Json, locale: PaperLocale, t: PaperText = PAPER_TEXT[locale]): PaperAnswer {
  switch (q.type) {
    case "radiogroup":
    case "dropdown":
    case "checkbox":
    case "tagbox": {
      const multiple = q.type === "checkbox" || q.type === "tagbox";
      const choices = choicesOf(q.choices, locale);
      const run = multiple ? 0 : likertRun(choices);
      const extra = extraChoices(q, locale, t);
      if (run > 0) {
        const rest = choices.slice(run).map((c) => ({ text: c.text }));
        return { kind: "scale", points: choices.slice(0, run).map((c) => ({ key: String(c.value), text: c.text })), extra: [...rest, ...extra] };
      }
      return { kind: "choices", multiple, options: [...choices.map((c) => ({ text: c.text })), ...extra] };
    }
    case "boolean":
      return {
        kind: "choices",
        multiple: false,
        options: [{ text: localized(q.labelTrue, locale) || t.yes }, { text: localized(q.labelFalse, locale) || t.no }],
      };
    case "rating": {
      const values = choicesOf(q.rateValues, locale);
      const min = typeof q.rateMin === "number" ? q.rateMin : 1;
      const max = typeof q.rateMax === "number" ? q.rateMax : 5;
      const step = typeof q.rateStep === "number" && q.rateStep > 0 ? q.rateStep : 1;
      const points: ScalePoint[] =
        values.length > 0 ? values.map((v) => ({ key: String(v.value), text: v.text })) : [];
      if (points.length === 0) for (let v = min; v <= max && points.length < 11; v += step) points.push({ key: String(v), text: String(v) });
      const low = localized(q.minRateDescription, locale);
      const high = localized(q.maxRateDescription, locale);
      if (low && points[0]) points[0] = { ...points[0], text: `${points[0].text} – ${low}` };
      const last = points[points.length - 1];
      if (high && last && points.length > 1) points[points.length - 1] = { ...last, text: `${last.text} – ${high}` };
      return { kind: "scale", points, extra: [] };
    }
    case "comment":
      return { kind: "lines", lines: commentLines(q, 4) };
    case "text":
      return textAnswer(q);
    case "multipletext":
      return { kind: "fields", labels: choicesOf(q.items, locale).map((i) => i.text) };
    case "matrix": {
      const points = scalePoints(choicesOf(q.columns, locale));
      return { kind: "grid", rows: gridRows(q, locale), columns: [{ kind: "choice", title: "", multiple: false, points }] };
    }
    case "matrixdropdown":
    case "matrixdynamic": {
      const columns = Array.isArray(q.columns) ? (q.columns as Json[]).map((c) => matrixColumn(c, q, locale, t)) : [];
      return { kind: "grid", rows: gridRows(q, locale), columns };
    }
    default:
      return { kind: "lines", lines: 2 };
  }
}

function instructionOf(answer: PaperAnswer, t: PaperText): string | null {
  switch (answer.kind) {
    case "choices":
      return answer.multiple ? t.tickAll : t.tickOne;
    case "scale":
      return t.tickOne;
    case "grid": {
      const choice = answer.columns.filter((c) => c.kind === "choice");
      if (choice.length === 0) return null;
      return choice.some((c) => c.kind === "choice" && c.multiple) ? t.tickAllPerRow : t.tickOnePerRow;
    }
    default:
      return null;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Numbering

const numberCache = new WeakMap<object, ReadonlyMap<string, string>>();

/**
 * survey-core's displayed number of every question, by name, without the trailing dot: the numbers the tablet
 * shows. Computed on a fresh model, as a respondent first sees it (sub-parts have `showNumber: false`).
 */
export function questionNumbers(json: object): ReadonlyMap<string, string> {
  // A survey-core model costs a few hundred milliseconds to build; an instrument's JSON object does not change.
  const known = numberCache.get(json);
  if (known) return known;
  const model = new Model(json);
  const numbers = new Map<string, string>();
  for (const q of model.getAllQuestions(false, false, true) as Question[]) {
    const no = String(q.no ?? "").trim().replace(/\.$/, "");
    if (no) numbers.set(q.name, no);
  }
  numberCache.set(json, numbers);
  return numbers;
}

// ---------------------------------------------------------------------------------------------------------------
// The model

const NON_ANSWER_TYPES = new Set(["html", "image", "expression", "panel", "paneldynamic"]);

interface Walked {
  question: PaperQuestion;
  json: Json;
  condition: Condition | null;
}

/**
 * Reads an instrument into what a paper form prints, in `locale`.
 *
 * @example
 * const model = paperModel(youthJson, "lv");
 * model.items.filter((i) => i.kind === "question" && i.number).length // 11
 */
export function paperModel(json: Json, locale: PaperLocale): PaperModel {
  const t = PAPER_TEXT[locale];
  const numbers = questionNumbers(json);
  const pages = Array.isArray(json.pages) ? (json.pages as Json[]) : [];
  const intro: string[] = [];
  const description = localized(json.description, locale);
  if (description) intro.push(...htmlParagraphs(description));
  const items: PaperItem[] = [];
  const walked: Walked[] = [];
  let seenQuestion = false;
  let lastNumbered: string | null = null;

  const visit = (element: Json, startPage: boolean): void => {
    const type = element.type;
    if (type === "html") {
      const paragraphs = htmlParagraphs(localized(element.html, locale));
      if (paragraphs.length === 0) return;
      if (startPage || !seenQuestion) intro.push(...paragraphs);
      else items.push({ kind: "note", paragraphs });
      return;
    }
    if (type === "panel" || type === "paneldynamic") {
      const title = localized(element.title, locale);
      if (title) items.push({ kind: "section", title, description: localized(element.description, locale) || null });
      const children = (type === "panel" ? element.elements : element.templateElements) as Json[] | undefined;
      for (const child of children ?? []) visit(child, startPage);
      return;
    }
    if (typeof type !== "string" || NON_ANSWER_TYPES.has(type)) return;
    seenQuestion = true;
    const name = String(element.name ?? "");
    const number = numbers.get(name) ?? null;
    if (number !== null) lastNumbered = name;
    const answer = answerOf(element, locale, t);
    const question: PaperQuestion = {
      kind: "question",
      name,
      number,
      sub: number === null && lastNumbered !== null,
      title: localized(element.title, locale) || name,
      description: localized(element.description, locale) || null,
      instruction: instructionOf(answer, t),
      head: null,
      answer,
      routes: [],
    };
    items.push(question);
    walked.push({ question, json: element, condition: parseCondition(element.visibleIf) });
  };

  pages.forEach((page, index) => {
    const startPage = index === 0 && json.firstPageIsStartPage === true;
    const title = localized(page.title, locale);
    if (title && !startPage) items.push({ kind: "section", title, description: localized(page.description, locale) || null });
    for (const element of (page.elements as Json[] | undefined) ?? []) visit(element, startPage);
  });

  addRouting(walked, locale, t);
  return { title: localized(json.title, locale), intro, items };
}

/** Groups of consecutive follow-ups that share one condition on one question. */
interface FollowUpGroup {
  condition: Condition;
  members: Walked[];
}

function addRouting(walked: readonly Walked[], locale: PaperLocale, t: PaperText): void {
  const byName = new Map(walked.map((w) => [w.question.name, w]));
  const groups = new Map<string, FollowUpGroup[]>();
  walked.forEach((w, index) => {
    const c = w.condition;
    if (!c || !byName.has(c.name) || walked.findIndex((x) => x.question.name === c.name) >= index) return;
    const list = groups.get(c.name) ?? [];
    const last = list[list.length - 1];
    const previous = walked[index - 1];
    if (last && previous && last.members.includes(previous) && sameCondition(last.condition, c)) last.members.push(w);
    else list.push({ condition: c, members: [w] });
    groups.set(c.name, list);
  });

  for (const [name, list] of groups) {
    const parent = byName.get(name)!;
    const choices = choicesOf(parent.json.choices, locale);
    if (parent.json.showOtherItem === true || parent.json.hasOther === true) choices.push({ value: "other", text: localized(parent.json.otherText, locale) || t.otherFallback });
    const answers = (values: readonly (string | number)[]) =>
      values.map((v) => t.quote(choices.find((c) => c.value === v)?.text ?? String(v))).join(` ${t.or} `);
    const lastMember = list[list.length - 1]!.members.at(-1)!;
    const after = walked.slice(walked.indexOf(lastMember) + 1).find((w) => w.question.number !== null);
    const goTo = after ? t.goTo(after.question.number!) : t.goToEnd;
    const covered = new Set(list.flatMap((g) => (g.condition.values === "notempty" ? [] : g.condition.values)));
    const uncovered = choices.length > 0 ? choices.filter((c) => !covered.has(c.value as string | number)).map((c) => c.value as string | number) : null;

    const valueGroups = list.filter((g) => g.condition.values !== "notempty");
    for (const g of list) if (g.condition.values === "notempty") g.members[0]!.question.head = `→ ${t.ifFilledAbove}:`;
    if (valueGroups.length === 1) {
      const g = valueGroups[0]!;
      const first = `→ ${t.ifAnswered(answers(g.condition.values as (string | number)[]))}, ${t.answerNext(g.members.length)}`;
      parent.question.routes.push(uncovered === null || uncovered.length > 0 ? `${first}; ${t.ifNot} ${goTo}.` : `${first}.`);
    } else if (valueGroups.length > 1) {
      for (const g of valueGroups) g.members[0]!.question.head = `→ ${t.ifAnswered(answers(g.condition.values as (string | number)[]))}:`;
      if (uncovered && uncovered.length > 0) parent.question.routes.push(`→ ${t.ifAnswered(answers(uncovered))}, ${goTo}.`);
    }
  }
}

function sameCondition(a: Condition, b: Condition): boolean {
  if (a.name !== b.name) return false;
  if (a.values === "notempty" || b.values === "notempty") return a.values === b.values;
  return a.values.length === b.values.length && a.values.every((v, i) => v === (b.values as (string | number)[])[i]);
}
