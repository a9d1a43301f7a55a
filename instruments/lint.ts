/**
 * Structural checks for instrument JSON, shared by the test suite and by `npm run instruments:check`.
 *
 * Researchers edit instruments by hand (or in SurveyJS Creator); these checks say in plain words what
 * breaks the platform's promises: survey-core must load the file without errors, survey-core's own
 * numbering must match the study's, every string a person reads must exist in lv, ru and en, and every
 * 1-5 scale must be scorable. See AUTHORING.md for the rules themselves.
 */
import { Model, type Question } from "survey-core";

export const LOCALES = ["lv", "ru", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export type LocalizedText = Record<Locale, string>;

/** JSON keys whose value a respondent, interviewer or researcher reads. */
const LOCALIZABLE_KEYS = new Set([
  "title",
  "description",
  "html",
  "text",
  "otherText",
  "otherPlaceholder",
  "placeholder",
  "completedHtml",
  "completedBeforeHtml",
  "loadingHtml",
  "minRateDescription",
  "maxRateDescription",
  "noneText",
  "commentText",
  "requiredErrorText",
  "minErrorText",
  "maxErrorText",
  "labelTrue",
  "labelFalse",
]);

/** Element types that carry no answer and therefore need no title. */
const NON_QUESTION_TYPES = new Set(["html", "image", "expression"]);

export interface NumberedQuestion {
  /** 0-based index of the page among the pages that follow the start page. */
  page: number;
  name: string;
  /** survey-core's displayed number without its trailing dot, e.g. "3". */
  no: string;
}

/** Builds a survey-core model exactly as the respondent app does, with Latvian as the locale. */
export function createModel(json: unknown): Model {
  return new Model(json);
}

/** survey-core's own load errors (unknown properties, unknown types, bad values). */
export function jsonErrorsOf(json: unknown): string[] {
  const model = createModel(json);
  return (model.jsonErrors ?? []).map((e) => `${e.type ?? "error"}: ${e.message}`);
}

/**
 * The questions survey-core numbers, in order, with the number it shows. Runs on a fresh model with no
 * answers, so questions hidden by `visibleIf` are not numbered, as a respondent would see it.
 */
export function numberedQuestions(json: unknown): NumberedQuestion[] {
  const model = createModel(json);
  const pages = model.pages.filter((p) => p !== model.startPage);
  const result: NumberedQuestion[] = [];
  pages.forEach((page, pageIndex) => {
    for (const q of page.questions as Question[]) {
      const no = String(q.no ?? "").trim();
      if (no) result.push({ page: pageIndex, name: q.name, no: no.replace(/\.$/, "") });
    }
  });
  return result;
}

/**
 * Groups the numbered questions into numbering runs: a new run starts whenever survey-core's numbering
 * goes back to 1 (interview guides restart each section). Returns the length of each run and whether the
 * numbers inside every run were exactly 1..n.
 */
export function numberingRuns(json: unknown): { counts: number[]; problems: string[] } {
  const counts: number[] = [];
  const problems: string[] = [];
  let expected = 1;
  for (const q of numberedQuestions(json)) {
    if (q.no === "1") {
      if (expected !== 1) counts.push(expected - 1);
      expected = 1;
    }
    if (q.no !== String(expected)) problems.push(`${q.name}: shows number ${q.no}, expected ${expected}`);
    expected = Number(q.no) + 1;
  }
  if (expected !== 1) counts.push(expected - 1);
  return { counts, problems };
}

/** Every string a person reads must be `{lv, ru, en}` with all three non-empty; returns the paths that are not. */
export function localizationProblems(json: unknown): string[] {
  const problems: string[] = [];
  const visit = (node: unknown, path: string): void => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => visit(item, `${path}[${i}]`));
      return;
    }
    if (!node || typeof node !== "object") return;
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      const here = path ? `${path}.${key}` : key;
      if (LOCALIZABLE_KEYS.has(key)) {
        problems.push(...localizedTextProblems(value, here));
      } else {
        visit(value, here);
      }
    }
  };
  visit(json, "");
  problems.push(...missingTextProblems(json));
  return problems;
}

function localizedTextProblems(value: unknown, path: string): string[] {
  if (typeof value === "string") return [`${path}: plain string, needs lv/ru/en`];
  if (!value || typeof value !== "object" || Array.isArray(value)) return [`${path}: not a localized text`];
  const problems: string[] = [];
  const record = value as Record<string, unknown>;
  for (const locale of LOCALES) {
    const text = record[locale];
    if (typeof text !== "string" || text.trim() === "") problems.push(`${path}.${locale}: missing or empty`);
  }
  for (const key of Object.keys(record)) {
    if (!(LOCALES as readonly string[]).includes(key)) problems.push(`${path}.${key}: unexpected locale key`);
  }
  return problems;
}

/** Questions, choices, rows and columns without any text would show their code names to a person. */
function missingTextProblems(json: unknown): string[] {
  const problems: string[] = [];
  for (const { element, path } of walkElements(json)) {
    const type = String(element.type ?? "");
    if (!NON_QUESTION_TYPES.has(type) && type !== "panel" && element.title === undefined) {
      problems.push(`${path} (${String(element.name)}): question without a title`);
    }
    for (const listKey of ["choices", "rows"] as const) {
      const list = element[listKey];
      if (!Array.isArray(list)) continue;
      list.forEach((item, i) => {
        if (!item || typeof item !== "object" || (item as Record<string, unknown>).text === undefined) {
          problems.push(`${path}.${listKey}[${i}]: no text`);
        }
      });
    }
    const columns = element.columns;
    if (Array.isArray(columns)) {
      columns.forEach((col: Record<string, unknown>, i) => {
        if (col.title === undefined) problems.push(`${path}.columns[${i}]: no title`);
        const choices = col.choices;
        if (Array.isArray(choices)) {
          choices.forEach((item, j) => {
            if (!item || typeof item !== "object" || (item as Record<string, unknown>).text === undefined) {
              problems.push(`${path}.columns[${i}].choices[${j}]: no text`);
            }
          });
        }
      });
    }
  }
  return problems;
}

export interface ElementAt {
  element: Record<string, unknown>;
  path: string;
}

/** Every element (question, panel, html) of every page, depth first, in the order a respondent meets them. */
export function walkElements(json: unknown): ElementAt[] {
  const out: ElementAt[] = [];
  const visitList = (list: unknown, path: string): void => {
    if (!Array.isArray(list)) return;
    list.forEach((el: Record<string, unknown>, i) => {
      const here = `${path}[${i}]`;
      out.push({ element: el, path: here });
      visitList(el.elements, `${here}.elements`);
      visitList(el.templateElements, `${here}.templateElements`);
    });
  };
  const pages = (json as { pages?: unknown }).pages;
  if (Array.isArray(pages)) {
    pages.forEach((page: Record<string, unknown>, i) => visitList(page.elements, `pages[${i}].elements`));
  }
  return out;
}

/** Element names must be unique in a file: they are the export columns. */
export function duplicateNames(json: unknown): string[] {
  const seen = new Map<string, number>();
  for (const { element } of walkElements(json)) {
    const name = String(element.name ?? "");
    seen.set(name, (seen.get(name) ?? 0) + 1);
  }
  return [...seen].filter(([, n]) => n > 1).map(([name]) => name);
}

export interface ChoiceList {
  /** Where the list is: `question` or `question.column`. */
  owner: string;
  values: (string | number)[];
}

/** Every choice list in the file, including the choices of matrix columns. */
export function choiceLists(json: unknown): ChoiceList[] {
  const lists: ChoiceList[] = [];
  const valuesOf = (choices: unknown[]): (string | number)[] =>
    choices.map((c) => (c && typeof c === "object" ? (c as { value: string | number }).value : (c as string | number)));
  for (const { element } of walkElements(json)) {
    const name = String(element.name);
    if (Array.isArray(element.choices)) lists.push({ owner: name, values: valuesOf(element.choices) });
    if (Array.isArray(element.columns)) {
      for (const col of element.columns as Record<string, unknown>[]) {
        if (Array.isArray(col.choices)) lists.push({ owner: `${name}.${String(col.name)}`, values: valuesOf(col.choices) });
      }
    }
  }
  return lists;
}

/** The only non-numeric answer a 1-5 scale may carry besides its points; never scored. */
export const NO_OPPORTUNITY = "no-opportunity";

/**
 * A choice list with any numeric value is a scale: its numbers must be exactly 1..5 in order and it may
 * have at most one other value, `no-opportunity`.
 */
export function scaleProblems(json: unknown): string[] {
  const problems: string[] = [];
  for (const { owner, values } of choiceLists(json)) {
    const numbers = values.filter((v): v is number => typeof v === "number");
    if (numbers.length === 0) continue;
    if (numbers.join(",") !== "1,2,3,4,5") problems.push(`${owner}: scale values ${numbers.join(",")}, expected 1,2,3,4,5`);
    const others = values.filter((v) => typeof v !== "number");
    if (others.length > 1 || (others.length === 1 && others[0] !== NO_OPPORTUNITY)) {
      problems.push(`${owner}: non-numeric values ${others.join(",")} beside a 1-5 scale (only "${NO_OPPORTUNITY}" is allowed)`);
    }
  }
  return problems;
}

/**
 * Layout rules learned on real screens: a matrix column spread over one column per answer does not fit an
 * 800-pixel tablet with five activities and their justification boxes (see AUTHORING.md).
 */
export function layoutProblems(json: unknown): string[] {
  const problems: string[] = [];
  for (const { element } of walkElements(json)) {
    for (const col of Array.isArray(element.columns) ? (element.columns as Record<string, unknown>[]) : []) {
      if (col.showInMultipleColumns) {
        problems.push(`${String(element.name)}.${String(col.name)}: showInMultipleColumns does not fit a tablet; keep the answers as a list`);
      }
    }
  }
  return problems;
}

/** All checks of one instrument file; an empty list means the file is fit to serve. */
export function lintInstrument(json: unknown, expectedCounts?: readonly number[]): string[] {
  const problems = [
    ...jsonErrorsOf(json).map((e) => `survey-core: ${e}`),
    ...duplicateNames(json).map((n) => `duplicate name: ${n}`),
    ...localizationProblems(json),
    ...scaleProblems(json),
    ...layoutProblems(json),
  ];
  const runs = numberingRuns(json);
  problems.push(...runs.problems.map((p) => `numbering: ${p}`));
  if (expectedCounts && runs.counts.join("+") !== expectedCounts.join("+")) {
    problems.push(`numbering: survey-core numbers ${runs.counts.join("+") || "nothing"}, the study has ${expectedCounts.join("+")}`);
  }
  return problems;
}
