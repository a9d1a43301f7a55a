/**
 * Strict check of a respondent's answers against the instrument they answered, before anything is stored.
 *
 * The respondent app is SurveyJS, but the server cannot trust what arrives: a tablet may run an old build,
 * a paper form is typed in by hand, and anyone can post JSON. A stored answer that is not one of the
 * instrument's choices, or that answers a follow-up the respondent should never have seen, silently
 * corrupts the analysis, so every answer is checked here against the instrument JSON itself: its names,
 * choice values, matrix rows and columns, number ranges, and (through survey-core, the same engine the
 * respondent app runs) its `visibleIf` and `isRequired` rules. The server answers 422 with the whole list,
 * so the function collects every problem and never throws on any answers value.
 */
import { ConditionRunner } from "survey-core";
import { walkElements } from "../../instruments/lint.ts";

/**
 * Longest free-text answer accepted, in UTF-16 code units (JavaScript's `length`, which is also what a
 * browser's `maxlength` counts, so the respondent app can enforce the same limit). Latvian, Russian and
 * English text is all in the Basic Multilingual Plane, where this equals the number of characters.
 */
export const MAX_TEXT_LENGTH = 5000;

/** One thing wrong with a response. */
export interface AnswerProblem {
  /** Field path: `name`, `name-Comment`, `matrix.row`, `matrix.row.column`, or `""` for the whole object. */
  path: string;
  /** A short English sentence for a developer, e.g. "is not one of the choices". */
  reason: string;
}

/** SurveyJS keeps the text of a chosen "other" item under the question's name plus this suffix. */
const COMMENT_SUFFIX = "-Comment";
const OTHER_VALUE = "other";
/** Untrusted keys are echoed in paths; a megabyte-long key must not become a megabyte-long 422 body. */
const MAX_KEY_IN_PATH = 100;

/** How one answer (a question's or a matrix cell's) is checked. */
type Field =
  | { kind: "single"; choices: ReadonlySet<unknown>; allowOther: boolean }
  | { kind: "multiple"; choices: ReadonlySet<unknown>; allowOther: boolean }
  | { kind: "text" }
  | { kind: "number"; min: number | undefined; max: number | undefined; integer: boolean }
  | { kind: "matrix"; rows: ReadonlySet<string>; columns: ReadonlyMap<string, Field> }
  | { kind: "unsupported"; type: string };

interface Tables {
  /** Answerable elements (every type but `html`) by name. */
  fields: ReadonlyMap<string, Field>;
  /** `<name>-Comment` -> `<name>`, for elements with an "other" item. */
  otherComments: ReadonlyMap<string, string>;
  /**
   * Answer keys that a condition may read (see {@link conditionInputsOf}); only these are given to
   * survey-core, since every value it holds costs time on each condition run.
   */
  conditionInputs: ReadonlySet<string>;
  /**
   * When each element is shown: `visible: false` on it or on a panel or page around it hides it for good;
   * otherwise every `visibleIf` on the way (its page's, its panels', its own) must hold. The expressions
   * are compiled once with survey-core's own ConditionRunner, so they mean what they mean on the tablet.
   */
  visibility: ReadonlyMap<string, Visibility>;
  /** Names of elements marked `isRequired`. */
  required: ReadonlySet<string>;
}

interface Visibility {
  hidden: boolean;
  conditions: readonly ConditionRunner[];
}

/** Lookup tables per instrument JSON object; instrument JSON is treated as immutable once loaded. */
const tablesCache = new WeakMap<object, Tables>();

/**
 * Checks a response strictly against one instrument and returns every problem found.
 *
 * Rules: `answers` is a plain object; each key is an answerable element of the instrument (any type but
 * `html`) or `<name>-Comment` for an element with `showOtherItem`; each value has the type and values the
 * element allows (choices compared with `===`, so the rating `"3"` is not the rating `3`); free text is at
 * most {@link MAX_TEXT_LENGTH} UTF-16 code units and not blank; the "other" text only comes with the
 * "other" choice; no answer is given to a question hidden by its `visibleIf` (or its page's or panel's);
 * every visible required question is answered. Element types the validator does not know are reported as
 * "cannot be answered" so that a new type in an instrument is noticed rather than stored unchecked.
 *
 * Only answers that passed their own checks, and that some condition can read, are handed to survey-core
 * for the visibility and required checks, so survey-core never sees malformed input. About 0.1 ms for a
 * full youth response once the instrument's tables are cached (the first call builds them). Keys such as `__proto__` are only ever read with
 * `Object.hasOwn`/`Object.keys` and looked up in `Map`s, never assigned into an object.
 *
 * @param instrumentJson The instrument's SurveyJS JSON as loaded by the catalog (trusted, not mutated).
 * @param answers Any JSON value, as received from the client.
 * @returns Every problem; an empty array means the answers may be stored.
 * @throws TypeError only when `instrumentJson` is not an object: that is a server bug, not a bad response.
 * @example
 * validateAnswers(youth.json, { support_participation: "no", support_participation_types: ["leisure"] });
 * // [{ path: "support_participation_types", reason: "answers a question that is hidden by its condition" }]
 */
export function validateAnswers(instrumentJson: unknown, answers: unknown): AnswerProblem[] {
  if (typeof instrumentJson !== "object" || instrumentJson === null) {
    throw new TypeError("validateAnswers: the instrument JSON must be an object");
  }
  if (!isPlainObject(answers)) {
    return [{ path: "", reason: "must be an object of answers keyed by question name" }];
  }
  const tables = tablesFor(instrumentJson);
  const problems: AnswerProblem[] = [];
  // Condition inputs that passed their checks, safe to give survey-core (keys come from the instrument).
  const wellTyped: [string, unknown][] = [];
  const answeredQuestions: string[] = [];

  for (const key of Object.keys(answers)) {
    const value = answers[key];
    const field = tables.fields.get(key);
    if (field) {
      answeredQuestions.push(key);
      const clean = checkField(field, value, key, problems);
      if (clean !== undefined && tables.conditionInputs.has(key)) wellTyped.push([key, clean]);
      continue;
    }
    const owner = tables.otherComments.get(key);
    if (owner !== undefined) {
      answeredQuestions.push(key);
      const ok = checkText(value, key, problems);
      if (!includesOther(Object.hasOwn(answers, owner) ? answers[owner] : undefined)) {
        problems.push({ path: key, reason: "other text without choosing 'other'" });
      } else if (ok && tables.conditionInputs.has(key)) {
        wellTyped.push([key, value]);
      }
      continue;
    }
    problems.push({ path: pathKey(key), reason: "is not a question of this instrument" });
  }

  checkConditions(tables, answers, wellTyped, answeredQuestions, problems);
  return problems;
}

/** Visibility and required rules, evaluated with survey-core's conditions on the well-typed answers only. */
function checkConditions(
  tables: Tables,
  answers: Record<string, unknown>,
  wellTyped: [string, unknown][],
  answeredQuestions: readonly string[],
  problems: AnswerProblem[],
): void {
  const values = Object.fromEntries(wellTyped);
  const isShown = (name: string): boolean => {
    const rule = tables.visibility.get(name);
    return !rule || (!rule.hidden && rule.conditions.every((condition) => condition.runValues(values)));
  };
  for (const key of answeredQuestions) {
    const name = tables.fields.has(key) ? key : tables.otherComments.get(key);
    if (name === undefined || tables.fields.get(name)?.kind === "unsupported") continue;
    if (!isShown(name)) problems.push({ path: key, reason: "answers a question that is hidden by its condition" });
  }
  for (const name of tables.required) {
    const field = tables.fields.get(name);
    if (!field || field.kind === "unsupported" || Object.hasOwn(answers, name)) continue;
    if (isShown(name)) problems.push({ path: name, reason: "is required" });
  }
}

/** Builds the visibility rule of every named element, and the set of required ones. */
function visibilityRules(instrumentJson: object): { visibility: Map<string, Visibility>; required: Set<string> } {
  const visibility = new Map<string, Visibility>();
  const required = new Set<string>();
  const ruleOf = (element: Record<string, unknown>, around: Visibility): Visibility => ({
    hidden: around.hidden || element.visible === false,
    conditions:
      typeof element.visibleIf === "string" && element.visibleIf.trim() !== ""
        ? [...around.conditions, new ConditionRunner(element.visibleIf)]
        : around.conditions,
  });
  const visit = (elements: unknown, around: Visibility): void => {
    if (!Array.isArray(elements)) return;
    for (const element of elements) {
      if (!isPlainObject(element)) continue;
      const rule = ruleOf(element, around);
      if (typeof element.name === "string" && !visibility.has(element.name)) {
        visibility.set(element.name, rule);
        if (element.isRequired === true) required.add(element.name);
      }
      visit(element.elements, rule);
    }
  };
  const pages = (instrumentJson as { pages?: unknown }).pages;
  for (const page of Array.isArray(pages) ? pages : []) {
    if (isPlainObject(page)) visit(page.elements, ruleOf(page, { hidden: false, conditions: [] }));
  }
  return { visibility, required };
}

/**
 * Checks one value against its field, appending problems. Returns the value to give survey-core when it
 * is well typed (for a matrix: only its well-typed cells), otherwise `undefined`.
 */
function checkField(field: Field, value: unknown, path: string, problems: AnswerProblem[]): unknown {
  switch (field.kind) {
    case "single":
      if (field.choices.has(value) || (field.allowOther && value === OTHER_VALUE)) return value;
      problems.push({ path, reason: "is not one of the choices" });
      return undefined;
    case "multiple":
      return checkMultiple(field, value, path, problems);
    case "text":
      return checkText(value, path, problems) ? value : undefined;
    case "number":
      return checkNumber(field, value, path, problems) ? value : undefined;
    case "matrix":
      return checkMatrix(field, value, path, problems);
    case "unsupported":
      problems.push({ path, reason: `cannot be answered: question type "${field.type}" is not supported by the validator` });
      return undefined;
  }
}

function checkMultiple(
  field: Extract<Field, { kind: "multiple" }>,
  value: unknown,
  path: string,
  problems: AnswerProblem[],
): unknown {
  if (!Array.isArray(value) || value.length === 0) {
    problems.push({ path, reason: "must be a non-empty list of choices" });
    return undefined;
  }
  let ok = true;
  const seen = new Set<unknown>();
  value.forEach((item: unknown, index) => {
    if (!field.choices.has(item) && !(field.allowOther && item === OTHER_VALUE)) {
      problems.push({ path, reason: `has an item that is not one of the choices (index ${index})` });
      ok = false;
    } else if (seen.has(item)) {
      problems.push({ path, reason: `lists the same choice more than once (index ${index})` });
      ok = false;
    }
    seen.add(item);
  });
  return ok ? [...value] : undefined;
}

function checkText(value: unknown, path: string, problems: AnswerProblem[]): boolean {
  if (typeof value !== "string") {
    problems.push({ path, reason: "must be text" });
    return false;
  }
  // Length first: trimming a megabyte string is needless work when it is rejected anyway.
  if (value.length > MAX_TEXT_LENGTH) {
    problems.push({ path, reason: `is longer than ${MAX_TEXT_LENGTH} characters` });
    return false;
  }
  if (value.trim() === "") {
    problems.push({ path, reason: "is blank; leave an unanswered question out instead" });
    return false;
  }
  return true;
}

function checkNumber(
  field: Extract<Field, { kind: "number" }>,
  value: unknown,
  path: string,
  problems: AnswerProblem[],
): boolean {
  if (typeof value !== "number") {
    problems.push({ path, reason: "must be a number, not text or another type" });
    return false;
  }
  if (!Number.isFinite(value)) {
    problems.push({ path, reason: "must be a finite number" });
    return false;
  }
  let ok = true;
  if (field.min !== undefined && value < field.min) {
    problems.push({ path, reason: `must be at least ${field.min}` });
    ok = false;
  }
  if (field.max !== undefined && value > field.max) {
    problems.push({ path, reason: `must be at most ${field.max}` });
    ok = false;
  }
  if (field.integer && !Number.isInteger(value)) {
    problems.push({ path, reason: "must be a whole number" });
    ok = false;
  }
  return ok;
}

function checkMatrix(
  field: Extract<Field, { kind: "matrix" }>,
  value: unknown,
  path: string,
  problems: AnswerProblem[],
): unknown {
  if (!isPlainObject(value)) {
    problems.push({ path, reason: "must be an object keyed by row" });
    return undefined;
  }
  const rowKeys = Object.keys(value);
  if (rowKeys.length === 0) {
    problems.push({ path, reason: "is empty; leave an unanswered question out instead" });
    return undefined;
  }
  const cleanRows: [string, Record<string, unknown>][] = [];
  for (const rowKey of rowKeys) {
    const rowPath = `${path}.${pathKey(rowKey)}`;
    if (!field.rows.has(rowKey)) {
      problems.push({ path: rowPath, reason: "is not a row of this question" });
      continue;
    }
    const row = value[rowKey];
    if (!isPlainObject(row)) {
      problems.push({ path: rowPath, reason: "must be an object keyed by column" });
      continue;
    }
    const cellKeys = Object.keys(row);
    if (cellKeys.length === 0) {
      problems.push({ path: rowPath, reason: "is an empty row; leave an unanswered row out instead" });
      continue;
    }
    const cleanCells: [string, unknown][] = [];
    for (const cellKey of cellKeys) {
      const cellPath = `${rowPath}.${pathKey(cellKey)}`;
      const column = field.columns.get(cellKey);
      if (column) {
        const clean = checkField(column, row[cellKey], cellPath, problems);
        if (clean !== undefined) cleanCells.push([cellKey, clean]);
        continue;
      }
      // A cell with an "other" item keeps its text beside it, as a question does.
      const owner = cellKey.endsWith(COMMENT_SUFFIX) ? cellKey.slice(0, -COMMENT_SUFFIX.length) : undefined;
      const ownerColumn = owner === undefined ? undefined : field.columns.get(owner);
      if (owner !== undefined && ownerColumn && hasOtherItem(ownerColumn)) {
        const ok = checkText(row[cellKey], cellPath, problems);
        if (!includesOther(Object.hasOwn(row, owner) ? row[owner] : undefined)) {
          problems.push({ path: cellPath, reason: "other text without choosing 'other'" });
        } else if (ok) {
          cleanCells.push([cellKey, row[cellKey]]);
        }
        continue;
      }
      problems.push({ path: cellPath, reason: "is not a column of this question" });
    }
    if (cleanCells.length > 0) cleanRows.push([rowKey, Object.fromEntries(cleanCells)]);
  }
  // Object.fromEntries defines own properties, so even a row named "__proto__" could not set a prototype.
  return cleanRows.length > 0 ? Object.fromEntries(cleanRows) : undefined;
}

function includesOther(value: unknown): boolean {
  return value === OTHER_VALUE || (Array.isArray(value) && value.includes(OTHER_VALUE));
}

function hasOtherItem(field: Field): boolean {
  return (field.kind === "single" || field.kind === "multiple") && field.allowOther;
}

/** Only JSON-style objects: no arrays, no class instances, no object with a swapped prototype. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function pathKey(key: string): string {
  return key.length > MAX_KEY_IN_PATH ? `${key.slice(0, MAX_KEY_IN_PATH)}…` : key;
}

function tablesFor(instrumentJson: object): Tables {
  const cached = tablesCache.get(instrumentJson);
  if (cached) return cached;
  const fields = new Map<string, Field>();
  const otherComments = new Map<string, string>();
  for (const { element, path } of walkElements(instrumentJson)) {
    // Elements of a dynamic panel's template answer inside that panel's value, not at the top level.
    if (path.includes("templateElements")) continue;
    const type = typeof element.type === "string" ? element.type : "";
    const name = element.name;
    if (type === "html" || typeof name !== "string" || name === "" || fields.has(name)) continue;
    const field = type === "matrixdropdown" ? matrixField(element) : fieldOf(element, type, undefined);
    fields.set(name, field);
    if (hasOtherItem(field)) otherComments.set(`${name}${COMMENT_SUFFIX}`, name);
  }
  const answerKeys = [...fields.keys(), ...otherComments.keys()];
  const tables: Tables = { fields, otherComments, conditionInputs: conditionInputsOf(instrumentJson, answerKeys), ...visibilityRules(instrumentJson) };
  tablesCache.set(instrumentJson, tables);
  return tables;
}

/** The field of a question or of a matrix column (`inheritedChoices`: the matrix's own `choices`). */
function fieldOf(element: Record<string, unknown>, type: string, inheritedChoices: unknown): Field {
  switch (type) {
    case "radiogroup":
    case "checkbox": {
      const choices = choiceValues(element.choices ?? inheritedChoices);
      const allowOther = element.showOtherItem === true;
      return type === "radiogroup" ? { kind: "single", choices, allowOther } : { kind: "multiple", choices, allowOther };
    }
    case "comment":
      return { kind: "text" };
    case "text": {
      if (element.inputType !== "number") return { kind: "text" };
      const min = typeof element.min === "number" ? element.min : undefined;
      const max = typeof element.max === "number" ? element.max : undefined;
      // Integer bounds mean a count such as the exact age: 16.5 is not an age anyone writes.
      const integer = min !== undefined && max !== undefined && Number.isInteger(min) && Number.isInteger(max);
      return { kind: "number", min, max, integer };
    }
    default:
      return { kind: "unsupported", type: type || "(none)" };
  }
}

function matrixField(element: Record<string, unknown>): Field {
  const rows = new Set<string>();
  for (const row of Array.isArray(element.rows) ? (element.rows as unknown[]) : []) {
    // JSON object keys are strings, so a row value 1 is answered under the key "1".
    rows.add(String(isPlainObject(row) ? row.value : row));
  }
  const columns = new Map<string, Field>();
  const matrixCellType = cellTypeOf(element.cellType) ?? "dropdown"; // survey-core's default
  for (const column of Array.isArray(element.columns) ? (element.columns as unknown[]) : []) {
    if (!isPlainObject(column) || typeof column.name !== "string" || columns.has(column.name)) continue;
    columns.set(column.name, fieldOf(column, cellTypeOf(column.cellType) ?? matrixCellType, element.choices));
  }
  return { kind: "matrix", rows, columns };
}

/**
 * The answer keys whose values can change what survey-core shows or requires. A survey-core expression
 * reads answers only through `{name}` variables, and the other links between questions (such as
 * `choicesFromQuestion`) also name the question in a string; so a key that appears in no string of the
 * instrument, apart from the elements' own `name`s, cannot matter. Matching is a case-insensitive
 * substring test (survey-core variables ignore case): a false match only costs a little time.
 */
function conditionInputsOf(instrumentJson: object, answerKeys: readonly string[]): Set<string> {
  const strings: string[] = [];
  const collect = (node: unknown): void => {
    if (typeof node === "string") strings.push(node.toLowerCase());
    else if (Array.isArray(node)) node.forEach(collect);
    else if (typeof node === "object" && node !== null) {
      for (const [key, value] of Object.entries(node)) if (key !== "name") collect(value);
    }
  };
  collect(instrumentJson);
  const haystack = strings.join("\n");
  return new Set(answerKeys.filter((key) => haystack.includes(key.toLowerCase())));
}

function cellTypeOf(value: unknown): string | undefined {
  return typeof value === "string" && value !== "default" ? value : undefined;
}

function choiceValues(choices: unknown): Set<unknown> {
  const values = new Set<unknown>();
  for (const choice of Array.isArray(choices) ? (choices as unknown[]) : []) {
    values.add(isPlainObject(choice) ? choice.value : choice);
  }
  return values;
}
