/**
 * Typing returned paper questionnaires in, with blind double entry.
 *
 * A printed form yields at most one response. By default two different staff members type each form, neither
 * seeing the other's entry; when the two agree the response is stored, when they disagree a colleague settles
 * it against the paper (a third one, unless the study lets either of the two do it). Every entry goes through
 * intake's own validation and anonymisation (`prepareRow`), so a paper response is checked, scrubbed and
 * given its age group exactly as a tablet's is. When a form becomes final its entries (who typed what) are
 * deleted; the form keeps only its state and how well its two entries agreed, never its response's id.
 *
 * A question the respondent left empty or wrote illegibly is marked with a code ("blank", "unreadable")
 * instead of an answer: it stays out of `answers` (not answered, for validation, analysis and export) and is
 * kept beside it in the response's `entry_codes`.
 *
 * Agreement is counted in items: each question of the instrument is one item, and each row of a matrix is
 * one item (its cells together). An item agrees when both entries gave the same value (free text compared
 * with runs of whitespace folded and ends trimmed, a multiple choice as a set), the same "other" text and
 * the same code; an item neither entry answered or coded agrees too. Every item of the
 * instrument is compared, so each form of an instrument counts the same number of items.
 */
import { randomUUID } from "node:crypto";
import { canonicalJson, type LoadedInstrument } from "../../instruments/catalog.ts";
import { walkElements } from "../../instruments/lint.ts";
import { validateAnswers, type AnswerProblem } from "../domain/answers.ts";
import { rigaDay } from "../domain/day.ts";
import { Problem } from "../http/problem.ts";
import { parseFormNumber } from "../paper/form-number.ts";
import { PAPER_TEXT } from "../paper/paper-text.ts";
import type { Db } from "../store/db.ts";
import {
  deleteEntries,
  findEntryForm,
  insertEntry,
  insertPaperResponse,
  listEntries,
  listForms,
  moveForm,
  recordAgreement,
  summariseForms,
  type EntryForm,
  type EntryRow,
  type FormListing,
  type PaperFormSummary,
} from "../store/paper-entry.ts";
import type { FormState } from "../store/paper.ts";
import type { ResponseRow } from "../store/responses.ts";
import type { Study } from "../store/studies.ts";
import { excuseRequired, instrumentJsonFor, prepareRow } from "./intake.ts";
import { requireStudy } from "./studies.ts";

export const ENTRY_CODES = ["unreadable", "blank"] as const;
export type EntryCode = (typeof ENTRY_CODES)[number];

/** What one person typed from a form: the answers, and the questions marked instead of answered. */
export interface Entry {
  answers: Record<string, unknown>;
  /** `{ "<question name>": code }`; a single matrix row may be coded as `"<question name>.<row value>"`. */
  codes: Record<string, EntryCode>;
}

export interface PaperEntryDeps {
  db: Db;
  clock: () => Date;
  catalog: readonly LoadedInstrument[];
}

/** At most this many forms are listed at once. */
export const MAX_FORM_LIST = 500;

// ---------------------------------------------------------------------------------------------------------
// Items and comparison (pure)

export interface LocalizedTitle {
  lv: string;
  en: string;
}

/** One unit of comparison: a question, or one row of a matrix question. */
export interface EntryItem {
  /** The question's name, or `<question>.<row value>` for a matrix row. */
  key: string;
  question: string;
  /** The row's key in the matrix answer, for a matrix row. */
  row?: string;
  title: LocalizedTitle;
  /** For a question with an "other" item: the title of its typed-in text (`<question>-Comment`). */
  otherTitle?: LocalizedTitle;
}

const itemsCache = new WeakMap<object, EntryItem[]>();

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A SurveyJS localizable string in one language (falling back to its default, then Latvian). */
function textIn(text: unknown, locale: "lv" | "en", fallback: string): string {
  if (typeof text === "string" && text !== "") return text;
  if (isPlainObject(text)) {
    for (const key of [locale, "default", "lv"]) {
      const value = text[key];
      if (typeof value === "string" && value !== "") return value;
    }
  }
  return fallback;
}

/** A title without its closing colon, full stop or comma, to be followed by ": <row>" (or to follow it). */
function stem(title: string): string {
  return title.replace(/[\s.:,;]+$/, "");
}

/** "Question: part", or "Question? — part" when the question ends with a question mark. */
function joinTitle(question: string, part: string): string {
  const head = stem(question);
  return head.endsWith("?") ? `${head} — ${part}` : `${head}: ${part}`;
}

/**
 * The items of an instrument, in the order a respondent meets them: every answerable question (not `html`
 * or a panel, not inside a dynamic panel's template, as for validation), a `matrixdropdown` split into rows.
 *
 * @example entryItems(youth.json).find((i) => i.key === "support_needs_fit.leisure")?.title.en
 * // "Please rate from 1 to 5 how well ...: Leisure activities"
 */
export function entryItems(instrumentJson: unknown): EntryItem[] {
  if (typeof instrumentJson !== "object" || instrumentJson === null) throw new TypeError("entryItems: the instrument JSON must be an object");
  const cached = itemsCache.get(instrumentJson);
  if (cached) return cached;
  const items: EntryItem[] = [];
  const seen = new Set<string>();
  for (const { element, path } of walkElements(instrumentJson)) {
    const name = element.name;
    if (path.includes("templateElements") || element.type === "html" || element.type === "panel") continue;
    if (typeof name !== "string" || name === "" || seen.has(name)) continue;
    seen.add(name);
    const title = { lv: textIn(element.title, "lv", name), en: textIn(element.title, "en", name) };
    if (element.type !== "matrixdropdown") {
      const item: EntryItem = { key: name, question: name, title };
      if (element.showOtherItem === true) {
        const other = (locale: "lv" | "en") => joinTitle(title[locale], stem(textIn(element.otherText, locale, PAPER_TEXT[locale].otherFallback)));
        item.otherTitle = { lv: other("lv"), en: other("en") };
      }
      items.push(item);
      continue;
    }
    for (const row of Array.isArray(element.rows) ? (element.rows as unknown[]) : []) {
      const value = String(isPlainObject(row) ? row.value : row);
      const text = isPlainObject(row) ? row.text : undefined;
      items.push({
        key: `${name}.${value}`,
        question: name,
        row: value,
        title: { lv: joinTitle(title.lv, textIn(text, "lv", value)), en: joinTitle(title.en, textIn(text, "en", value)) },
      });
    }
  }
  itemsCache.set(instrumentJson, items);
  return items;
}

/**
 * A value as compared between two entries: text with runs of whitespace folded to one space and its ends
 * trimmed (Unicode NFC), and lists (multiple choices) as sets.
 */
export function comparable(value: unknown): unknown {
  if (typeof value === "string") return value.normalize("NFC").replace(/\s+/g, " ").trim();
  if (Array.isArray(value)) return value.map((v) => canonicalJson(comparable(v))).sort();
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, comparable(v)]));
  return value;
}

function same(a: unknown, b: unknown): boolean {
  return canonicalJson(comparable(a)) === canonicalJson(comparable(b));
}

/** One side of a difference: the value (null when none) and the code (null when none). */
export interface ItemReading {
  value: unknown;
  code: EntryCode | null;
}

/**
 * Where two entries differ: a question (`name`), a matrix row (`name.row`), or the text typed beside a
 * question's "other" choice (`name-Comment`, never coded; it belongs to its question's item).
 */
export interface ItemDifference {
  name: string;
  title: LocalizedTitle;
  first: ItemReading;
  second: ItemReading;
}

export interface Comparison {
  itemsCompared: number;
  itemsAgreed: number;
  /** How many items differ (an item whose choice and "other" text both differ is listed twice, counted once). */
  itemsDiffering: number;
  differences: ItemDifference[];
}

function own(record: unknown, key: string): unknown {
  return isPlainObject(record) && Object.hasOwn(record, key) ? record[key] : undefined;
}

function readItem(entry: Entry, item: EntryItem): { value: unknown; code: EntryCode | null; comment: unknown } {
  if (item.row === undefined) {
    const code = own(entry.codes, item.key) as EntryCode | undefined;
    return { value: own(entry.answers, item.question), code: code ?? null, comment: own(entry.answers, `${item.question}-Comment`) };
  }
  const code = (own(entry.codes, item.key) ?? own(entry.codes, item.question)) as EntryCode | undefined;
  return { value: own(own(entry.answers, item.question), item.row), code: code ?? null, comment: undefined };
}

/**
 * Compares two entries of one form item by item.
 *
 * @example
 * compareEntries(entryItems(youth.json), first, second) // { itemsCompared: 23, itemsAgreed: 21, differences: [...] }
 */
export function compareEntries(items: readonly EntryItem[], first: Entry, second: Entry): Comparison {
  const differences: ItemDifference[] = [];
  let itemsDiffering = 0;
  for (const item of items) {
    const a = readItem(first, item);
    const b = readItem(second, item);
    const valueDiffers = a.code !== b.code || !same(a.value, b.value);
    const commentDiffers = !same(a.comment, b.comment);
    if (!valueDiffers && !commentDiffers) continue;
    itemsDiffering += 1;
    if (valueDiffers) {
      differences.push({ name: item.key, title: item.title, first: { value: a.value ?? null, code: a.code }, second: { value: b.value ?? null, code: b.code } });
    }
    if (commentDiffers) {
      differences.push({
        name: `${item.question}-Comment`,
        title: item.otherTitle ?? item.title,
        first: { value: a.comment ?? null, code: null },
        second: { value: b.comment ?? null, code: null },
      });
    }
  }
  return { itemsCompared: items.length, itemsAgreed: items.length - itemsDiffering, itemsDiffering, differences };
}

/**
 * What is wrong with an entry's codes: a code for something that is not a question (or matrix row) of the
 * instrument, or a question (row) both answered and coded. A row's own code overrides its question's.
 */
export function codeProblems(items: readonly EntryItem[], entry: Entry): AnswerProblem[] {
  const questions = new Set(items.map((i) => i.question));
  const rows = new Map(items.filter((i) => i.row !== undefined).map((i) => [i.key, i]));
  const problems: AnswerProblem[] = [];
  for (const [key, code] of Object.entries(entry.codes)) {
    const shown = key.length > 100 ? `${key.slice(0, 100)}…` : key;
    if (questions.has(key)) {
      if (Object.hasOwn(entry.answers, key)) problems.push({ path: key, reason: `is answered and also marked "${code}"` });
      continue;
    }
    const row = rows.get(key);
    if (!row) {
      problems.push({ path: `codes.${shown}`, reason: "is not a question of this instrument" });
    } else if (own(own(entry.answers, row.question), row.row!) !== undefined) {
      problems.push({ path: key, reason: `is answered and also marked "${code}"` });
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------------
// Forms and their entry rules

/**
 * The canonical `XXXX-XXXX-C` form of a typed number (case, spaces and hyphens do not matter), or a 422 when
 * it is malformed or its check character does not match.
 */
export function requireFormNumber(typed: string): string {
  const parsed = parseFormNumber(typed);
  if (!parsed.ok) throw new Problem("paper.invalid_number", "Check the number on the form; it does not exist or was mistyped.", { reason: parsed.reason });
  return parsed.number;
}

function requireForm(db: Db, number: string): EntryForm {
  const form = findEntryForm(db, number);
  if (!form) throw new Problem("paper.form_not_found", `No form with the number ${number} was printed.`, { number });
  return form;
}

/** Why the signed-in person cannot type this form in now; null when they can. */
export type EntryBlock = "final" | "entered-by-you" | "conflict" | "study-closed" | "no-paper-channel";

function studyBlock(study: Study): EntryBlock | null {
  if (study.closed) return "study-closed";
  if (!study.channels.includes("paper")) return "no-paper-channel";
  return null;
}

function entryBlock(form: EntryForm, entries: readonly EntryRow[], study: Study, userId: number): EntryBlock | null {
  if (form.state === "final") return "final";
  if (entries.some((e) => e.userId === userId)) return "entered-by-you";
  if (form.state === "conflict") return "conflict";
  return studyBlock(study);
}

function blockProblem(block: EntryBlock, form: EntryForm, study: Study): Problem {
  switch (block) {
    case "final":
      return new Problem("paper.final", "This form has been entered and is final; a form gives only one response.");
    case "entered-by-you":
      return new Problem("paper.already_entered", "You have entered this form already; a different colleague must type it in the second time.");
    case "conflict":
      return new Problem("paper.in_conflict", "The two entries of this form disagree; it waits for a colleague to resolve it against the paper.");
    case "study-closed":
      return new Problem("study.closed", "The study is closed; reopen it to enter paper forms.");
    case "no-paper-channel":
      return new Problem("study.channel_not_included", "The study does not collect through the paper channel.", { channel: "paper", channels: study.channels, number: form.number });
  }
}

export interface FormView {
  number: string;
  studyId: string;
  studyName: string;
  instrumentId: string;
  instrumentVersion: string;
  locale: string;
  siteId: string | null;
  state: FormState;
  enteredByMe: boolean;
  canEnter: boolean;
  reason: EntryBlock | null;
}

/** What the entry screen needs to know about a form before anyone types: whose it is and whether they may. */
export function paperFormView(deps: PaperEntryDeps, number: string, userId: number): FormView {
  const form = requireForm(deps.db, number);
  const study = requireStudy(deps.db, form.studyId);
  const entries = listEntries(deps.db, number);
  const reason = entryBlock(form, entries, study, userId);
  return {
    number: form.number,
    studyId: study.id,
    studyName: study.name,
    instrumentId: form.instrumentId,
    instrumentVersion: form.instrumentVersion,
    locale: form.locale,
    siteId: form.siteId,
    state: form.state,
    enteredByMe: entries.some((e) => e.userId === userId),
    canEnter: reason === null,
    reason,
  };
}

interface PreparedEntry {
  /** The response this entry would store: validated, scrubbed, with its age group, a fresh random id. */
  row: ResponseRow;
  /** The entry as kept and compared: scrubbed answers and the codes. */
  entry: Entry;
  items: EntryItem[];
}

/** Checks an entry against the form's instrument version and prepares it as intake prepares a response. */
function prepareEntry(deps: PaperEntryDeps, form: EntryForm, entry: Entry): PreparedEntry {
  const { json } = instrumentJsonFor(deps, form);
  const items = entryItems(json);
  const questions = new Set(items.map((i) => i.question));
  const excused = new Set(Object.keys(entry.codes).filter((key) => questions.has(key)));
  const badCodes = codeProblems(items, entry);
  if (badCodes.length > 0) {
    const problems = [...badCodes, ...excuseRequired(validateAnswers(json, entry.answers), excused)];
    throw new Problem("response.invalid_answers", `${problems.length} answer(s) cannot be accepted.`, problems);
  }
  const row = prepareRow(
    deps,
    { id: randomUUID(), instrumentId: form.instrumentId, instrumentVersion: form.instrumentVersion, locale: form.locale, answers: entry.answers },
    { studyId: form.studyId, channel: "paper", siteId: form.siteId, receivedOn: rigaDay(deps.clock()) },
    excused,
  );
  return { row, entry: { answers: JSON.parse(row.answers) as Record<string, unknown>, codes: entry.codes }, items };
}

function codesJson(codes: Entry["codes"]): string {
  return canonicalJson(codes);
}

/** Stores the form's one response, marks the form final and forgets its entries. Runs inside a transaction. */
function finalise(db: Db, form: EntryForm, from: FormState, prepared: PreparedEntry): void {
  if (!moveForm(db, form.number, from, "final")) throw new Error(`paper form ${form.number} left the state ${from} during its entry`);
  const codes = Object.keys(prepared.entry.codes).length > 0 ? codesJson(prepared.entry.codes) : null;
  if (!insertPaperResponse(db, prepared.row, codes)) throw new Error(`response id ${prepared.row.id} exists already`);
  deleteEntries(db, form.number);
}

function parseEntry(row: EntryRow): Entry {
  return { answers: JSON.parse(row.answers) as Entry["answers"], codes: JSON.parse(row.codes) as Entry["codes"] };
}

export type EntryOutcome = { state: "single-entered" } | { state: "final" } | { state: "conflict"; differences: number };

/**
 * Records one person's entry of a form. With double entry off the entry is final at once; otherwise the
 * first entry waits, and the second (by someone else) either agrees, storing the response, or disagrees,
 * leaving the form in conflict. The caller learns only how many items differ, never the other entry.
 *
 * The decision is made in an immediate transaction that re-reads the form, and every state change is a
 * conditional UPDATE, so two entries arriving together are taken one after the other: never both first.
 */
export function enterPaperForm(deps: PaperEntryDeps, number: string, userId: number, entry: Entry): { form: EntryForm; outcome: EntryOutcome } {
  const { db } = deps;
  const form = requireForm(db, number);
  const study = requireStudy(db, form.studyId);
  const block = entryBlock(form, listEntries(db, number), study, userId);
  if (block) throw blockProblem(block, form, study);
  const prepared = prepareEntry(deps, form, entry);

  const outcome = db
    .transaction((): EntryOutcome => {
      const current = requireForm(db, number);
      const entries = listEntries(db, number);
      const again = entryBlock(current, entries, study, userId);
      if (again) throw blockProblem(again, current, study);
      if (current.state === "printed") {
        if (!study.paperDoubleEntry) {
          finalise(db, current, "printed", prepared);
          return { state: "final" };
        }
        if (!moveForm(db, number, "printed", "single-entered")) throw new Error(`paper form ${number} left the state printed during its entry`);
        insertEntry(db, { number, seq: 1, userId, answers: prepared.row.answers, codes: codesJson(prepared.entry.codes) });
        return { state: "single-entered" };
      }
      // A form typed once is compared with its first entry even if the study has since turned double entry off.
      const first = entries.find((e) => e.seq === 1);
      if (!first) throw new Error(`paper form ${number} is ${current.state} without a first entry`);
      const comparison = compareEntries(prepared.items, parseEntry(first), prepared.entry);
      recordAgreement(db, number, comparison.itemsCompared, comparison.itemsAgreed);
      if (comparison.itemsDiffering === 0) {
        finalise(db, current, current.state, prepared);
        return { state: "final" };
      }
      if (!moveForm(db, number, current.state, "conflict")) throw new Error(`paper form ${number} left the state ${current.state} during its entry`);
      insertEntry(db, { number, seq: 2, userId, answers: prepared.row.answers, codes: codesJson(prepared.entry.codes) });
      return { state: "conflict", differences: comparison.itemsDiffering };
    })
    .immediate();
  return { form, outcome };
}

/** 409 unless the form is in conflict; 403 when the study wants a third person and this is one of the two. */
function requireResolver(form: EntryForm, entries: readonly EntryRow[], study: Study, userId: number): void {
  if (form.state !== "conflict") {
    throw new Problem("paper.not_in_conflict", "This form is not waiting for a resolution: only a form whose two entries disagree is resolved.", { state: form.state });
  }
  if (study.paperResolver === "third-person" && entries.some((e) => e.userId === userId)) {
    throw new Problem(
      "paper.resolver_not_allowed",
      "You typed one of the two entries of this form; a third colleague, who typed neither entry, must resolve it against the paper.",
    );
  }
}

export interface ConflictView {
  number: string;
  instrumentId: string;
  instrumentVersion: string;
  locale: string;
  siteId: string | null;
  differences: ItemDifference[];
  first: Entry;
  second: Entry;
}

/** Both entries of a form in conflict and where they differ, for the colleague who resolves it. */
export function paperConflict(deps: PaperEntryDeps, number: string, userId: number): ConflictView {
  const form = requireForm(deps.db, number);
  const study = requireStudy(deps.db, form.studyId);
  const entries = listEntries(deps.db, number);
  requireResolver(form, entries, study, userId);
  const [first, second] = [entries.find((e) => e.seq === 1), entries.find((e) => e.seq === 2)];
  if (!first || !second) throw new Error(`paper form ${number} is in conflict without two entries`);
  const items = entryItems(instrumentJsonFor(deps, form).json);
  const [a, b] = [parseEntry(first), parseEntry(second)];
  return {
    number: form.number,
    instrumentId: form.instrumentId,
    instrumentVersion: form.instrumentVersion,
    locale: form.locale,
    siteId: form.siteId,
    differences: compareEntries(items, a, b).differences,
    first: a,
    second: b,
  };
}

/**
 * Settles a form in conflict with the values as read on the paper: checked as an entry, stored as the form's
 * one response, and the form is final. The agreement counted when the second entry arrived stays as it was.
 */
export function resolvePaperForm(deps: PaperEntryDeps, number: string, userId: number, entry: Entry): { form: EntryForm; outcome: { state: "final" } } {
  const { db } = deps;
  const form = requireForm(db, number);
  const study = requireStudy(db, form.studyId);
  const check = (current: EntryForm) => {
    requireResolver(current, listEntries(db, number), study, userId);
    const block = studyBlock(study);
    if (block) throw blockProblem(block, current, study);
  };
  check(form);
  const prepared = prepareEntry(deps, form, entry);
  db.transaction(() => {
    const current = requireForm(db, number);
    check(current);
    finalise(db, current, "conflict", prepared);
  }).immediate();
  return { form, outcome: { state: "final" } };
}

/** A study's forms counted by entry state, with the agreement of its double-entered forms. */
export function paperFormSummary(deps: PaperEntryDeps, studyId: string): PaperFormSummary {
  return summariseForms(deps.db, requireStudy(deps.db, studyId).id);
}

/** A study's forms in one entry state (or all), in number order, at most {@link MAX_FORM_LIST}. */
export function studyPaperForms(deps: PaperEntryDeps, studyId: string, state: FormState | undefined): FormListing[] {
  return listForms(deps.db, requireStudy(deps.db, studyId).id, state, MAX_FORM_LIST);
}
