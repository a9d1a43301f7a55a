/**
 * The column plan of an anonymised export: which columns a data file has, in which order, what each holds
 * and how it is described. Every format (CSV, XLSX, JSON), the codebook and the SPSS syntax are written
 * from the same plan, so they cannot disagree about a column.
 *
 * The items come from the codebook (analysis/codebook.ts), which reads the instruments and pools items that
 * share a name (youth and seniors questions 3-11 are one column each). The plan adds what a flat file
 * needs: the grouping columns first (`instrument`, `channel`, `site`, `ageGroup`, `submittedOn`), then the
 * items in the order they are first asked; a multiple-choice item becomes one 0/1 column per option
 * (`<item>__<value>`), and an "other" box its own text column (`<item>__other_text`). The coarsening rules
 * (coarsen.ts) decide what an analyst's export leaves out, bands or hides; free text is left out unless asked
 * for. Every answer column also knows the codes paper entry gives instead of an answer (entry-codes.ts).
 * Nothing internal is ever a column: no response, device or link ids.
 */
import { codebook } from "../codebook.ts";
import { AGE_GROUP_ORDER, groupLabel } from "../disclosure.ts";
import { answerPath, type AnswerPath } from "../tidy.ts";
import type { Item, LocalizedText } from "../types.ts";
import {
  bandRuleOf,
  DROPPED_IN_COARSENED,
  EXACT_NUMBER_REASON,
  HIDDEN,
  HIDDEN_LABEL,
  hideSmallGroups,
  OTHER_SITE,
  OTHER_SITE_LABEL,
  sitesShownAsOther,
  type BandRule,
  type QuasiCount,
  type SmallGroupHiding,
} from "./coarsen.ts";
import { ENTRY_CODE_KINDS, ENTRY_CODE_LABELS, ENTRY_CODE_MARKERS, entryCodeNumbers, type EntryCodeKind } from "./entry-codes.ts";
import { spssNames } from "./spss-names.ts";

export type Detail = "coarsened" | "full";
export type LabelMode = "values" | "text";
export type FreeTextMode = "omit" | "include";
/** What a column holds in the values file: numbers, text codes or text, 0/1 indicators, or a day. */
export type ColumnType = "numeric" | "string" | "0-1" | "date";
export type MetaField = "instrument" | "channel" | "site" | "ageGroup" | "submittedOn";

/**
 * What a code that is not one of the question's own answers stands for: the "no opportunity" answer, a
 * paper entry code, or a value hidden because too few rows share it (coarsened exports).
 */
export type SpecialCode = "not-applicable" | EntryCodeKind | "hidden";

export interface ValueLabel {
  value: string | number;
  label: LocalizedText;
  /** A code that is not a value on the scale ("no-opportunity", paper entry codes, "hidden"): user-missing in SPSS. */
  missing?: boolean;
  special?: SpecialCode;
}

/** Where a column's value comes from in a response. */
export type ColumnSource =
  | { kind: "meta"; field: MetaField }
  | { kind: "answer"; path: AnswerPath }
  | { kind: "option"; path: AnswerPath; value: string | number }
  | { kind: "other-text"; name: string }
  | { kind: "band"; path: AnswerPath; rule: BandRule };

export interface ExportColumn {
  /** The header in the data file. */
  name: string;
  /** The variable name in SPSS (see spss-names.ts for the mapping). */
  spssName: string;
  source: ColumnSource;
  type: ColumnType;
  /** Measurement level for statistics packages. */
  level: "nominal" | "ordinal" | "scale";
  /** The full wording (question, then table row and option), for the codebook. */
  question: LocalizedText;
  /** A short label, most specific part first (for SPSS, whose labels are cut at 256 bytes). */
  label: LocalizedText;
  /** Codes and their labels; empty for free text, numbers and days. */
  values: ValueLabel[];
  /** What an empty cell (and an N/A code) means. */
  missing: LocalizedText;
  /** Instruments that ask it; empty for the grouping columns, which every response has. */
  instruments: string[];
  /** Respondents' own words: left out unless free text is asked for, scrubbed again when written. */
  freeText: boolean;
  /** Integer-valued numeric column (for the SPSS format). */
  integer: boolean;
  note: LocalizedText | null;
}

export interface ExportRules {
  detail: Detail;
  labels: LabelMode;
  freeText: FreeTextMode;
  threshold: number;
  /** Prisons shown as "other" (coarsened exports). */
  sitesAsOther: string[];
  /** Columns a full export would have that this one leaves out, with why (free text not listed). */
  omitted: { name: string; reason: LocalizedText }[];
  /** Columns that hold bands instead of the answers. */
  banded: { name: string; from: string; rule: LocalizedText }[];
  /** Coarsened exports: rows whose age group (and age answer), channel or month is shown as "hidden". */
  hiddenRows: { ageGroup: number; channel: number; submittedOn: number } | null;
}

export interface ExportPlan {
  columns: ExportColumn[];
  rules: ExportRules;
  /** Site ids written as "other". */
  otherSites: ReadonlySet<string>;
  /** Coarsened exports: which age groups, channels and months each row shows (null: full detail). */
  hiding: SmallGroupHiding | null;
  /** Each instrument's age question (whose answer gives the age group), for those that have one. */
  ageQuestions: ReadonlyMap<string, string>;
}

export interface ExportInstrument {
  id: string;
  title: LocalizedText;
  json: unknown;
  /** Canonical age groups its responses can have. */
  ageGroups: readonly string[];
  /** The question whose answer gives the age group (`age_band`, `prisoner_age_band`), or null. */
  ageQuestion: string | null;
}

export interface ExportSite {
  id: string;
  name: string;
  /** Responses from this prison in the export. */
  responses: number;
}

export interface ExportPlanInput {
  /** In the order their columns should come (the first instrument's items, then new items of the next). */
  instruments: readonly ExportInstrument[];
  /** The study's prisons (and any other a response names), with their responses in the export. */
  sites: readonly ExportSite[];
  /**
   * The export's responses counted by instrument, site (as stored), channel, age group and month, from the
   * same snapshot as the rows: a coarsened export hides the small groups among them.
   */
  counts: readonly QuasiCount[];
  detail: Detail;
  labels: LabelMode;
  freeText: FreeTextMode;
  threshold: number;
}

const t = (lv: string, en: string, ru = en): LocalizedText => ({ lv, ru, en });

export const CHANNEL_LABELS: Readonly<Record<string, LocalizedText>> = {
  tablet: t("planšetdators ieslodzījuma vietā", "tablet in the prison", "планшет в месте заключения"),
  online: t("tiešsaistes saite", "online link", "ссылка онлайн"),
  paper: t("papīra anketa", "paper form", "бумажная анкета"),
  interview: t("intervija", "interview", "интервью"),
};

export const TICKED: ValueLabel[] = [
  { value: 0, label: t("nav atzīmēts", "not ticked", "не отмечено") },
  { value: 1, label: t("atzīmēts", "ticked", "отмечено") },
];

const MISSING = {
  answer: t("tukšs = nav atbildēts vai jautājums netika rādīts", "empty = not answered, or the question was not shown"),
  option: t(
    "tukšs = jautājums nav atbildēts vai netika rādīts (0 = atbildēts, bet šis variants nav atzīmēts)",
    "empty = the question was not answered or not shown (0 = answered, but this option not ticked)",
  ),
  notApplicable: (code: string) =>
    t(
      `tukšs = nav atbildēts vai jautājums netika rādīts; „${code}” = nav bijusi iespēja novērtēt (nav skalas vērtība, neietilpst vidējā)`,
      `empty = not answered, or the question was not shown; "${code}" = had no opportunity to rate (not a value on the scale, never averaged)`,
    ),
  site: t("tukšs = nav ieslodzījuma vietas (tiešsaistes atbilde vai papīra anketa bez vietas)", "empty = no prison (an online response, or a paper form without one)"),
  ageGroup: t("tukšs = vecums nav norādīts vai instruments vecumu nejautā", "empty = age not given, or the instrument does not ask it"),
  none: t("nav (katrai atbildei ir vērtība)", "none (every response has a value)"),
};

const META_QUESTIONS: Record<MetaField, LocalizedText> = {
  instrument: t("Instruments (anketa vai intervija), uz kuru atbildēts", "Instrument (questionnaire or interview) answered"),
  channel: t("Kā atbilde saņemta", "How the response was collected"),
  site: t("Ieslodzījuma vieta", "Prison"),
  ageGroup: t("Vecuma grupa (kanoniskā)", "Age group (canonical)"),
  submittedOn: t("Diena, kad atbilde saņemta (bez laika)", "Day the response was received (no time of day)"),
};

/** In a coarsened export the day is cut to its month: a day and a small prison can point to one tablet session. */
const SUBMITTED_MONTH = t("Mēnesis, kad atbilde saņemta (GGGG-MM)", "Month the response was received (YYYY-MM)");

const NOTES = {
  month: t(
    "Analītiķa eksportā diena saīsināta līdz mēnesim: diena kopā ar mazu ieslodzījuma vietu var norādīt uz vienu planšetes sesiju.",
    "In an analyst's export the day is cut to the month: a day with a small prison can point to one tablet session.",
  ),
  pooled: (ids: string[]) => t(`Kopīgs jautājums, apvienots no: ${ids.join(", ")}`, `Shared item, pooled from: ${ids.join(", ")}`),
  freeText: t(
    "Brīvs teksts; personas kodi, tālruņi un e-pasti aizstāti ar marķieriem. data.csv: rindu pārnesumi aizstāti ar „ ¶ ”; teksts, kas sākas ar = + - @, sākas ar apostrofu (aizsardzība pret formulām).",
    "Free text; personal codes, phone numbers and e-mail addresses replaced by markers. data.csv: line breaks replaced by \" ¶ \"; text starting with = + - @ starts with an apostrophe (formula guard).",
  ),
  site: (threshold: number) =>
    t(
      `Vietas ar mazāk nekā ${threshold} atbildēm šajā eksportā apzīmētas „${OTHER_SITE}”; ja tāda būtu tikai viena, arī nākamā mazākā.`,
      `Prisons with fewer than ${threshold} responses in this export are shown as "${OTHER_SITE}"; when that would be only one, the next smallest too.`,
    ),
  exactNumber: t("Precīza vērtība (tikai pilnajā eksportā).", "Exact value (full exports only)."),
  hiddenAge: (threshold: number) => ({
    lv: `Mazas grupas: ja kāda instrumenta atbilžu no vienas ieslodzījuma vietas (kā parādīta) šajā vecuma grupā ir mazāk nekā ${threshold}, tā ir „${HIDDEN}”; ja slēpto rindu būtu mazāk nekā ${threshold}, slēpta arī nākamā mazākā grupa.`,
    ru: `Малые группы: если ответов на инструмент из одного места заключения (как показано) в этой возрастной группе меньше ${threshold}, она «${HIDDEN}»; если скрытых строк было бы меньше ${threshold}, скрыта и следующая наименьшая группа.`,
    en: `Small groups: where an instrument has fewer than ${threshold} responses from one prison (as shown) in an age group, it is "${HIDDEN}"; were fewer than ${threshold} rows hidden, the next smallest group is hidden too.`,
  }),
  hiddenChannel: (threshold: number) => ({
    lv: `Mazas grupas: kanāls, kuram kāda instrumenta, ieslodzījuma vietas un vecuma grupas (kā parādītas) kombinācijā ir mazāk nekā ${threshold} atbilžu, ir „${HIDDEN}”; ja slēpto rindu būtu mazāk nekā ${threshold}, slēpts arī nākamais mazākais.`,
    ru: `Малые группы: канал, у которого в сочетании инструмента, места заключения и возрастной группы (как показаны) меньше ${threshold} ответов, «${HIDDEN}»; если скрытых строк было бы меньше ${threshold}, скрыт и следующий наименьший.`,
    en: `Small groups: a channel with fewer than ${threshold} responses in a combination of instrument, prison and age group (as shown) is "${HIDDEN}"; were fewer than ${threshold} rows hidden, the next smallest is hidden too.`,
  }),
  hiddenMonth: (threshold: number) => ({
    lv: `Mazas grupas: mēnesis, kuram kāda instrumenta, ieslodzījuma vietas, vecuma grupas un kanāla (kā parādīti) kombinācijā ir mazāk nekā ${threshold} atbilžu, ir „${HIDDEN}”; ja slēpto rindu būtu mazāk nekā ${threshold}, slēpts arī nākamais mazākais.`,
    ru: `Малые группы: месяц, у которого в сочетании инструмента, места заключения, возрастной группы и канала (как показаны) меньше ${threshold} ответов, «${HIDDEN}»; если скрытых строк было бы меньше ${threshold}, скрыт и следующий наименьший.`,
    en: `Small groups: a month with fewer than ${threshold} responses in a combination of instrument, prison, age group and channel (as shown) is "${HIDDEN}"; were fewer than ${threshold} rows hidden, the next smallest is hidden too.`,
  }),
  hiddenAgeAnswer: t(
    `Kur vecuma grupa (ageGroup) ir „${HIDDEN}”, arī šī atbilde ir „${HIDDEN}”: tā atklātu vecuma grupu.`,
    `Where the age group (ageGroup) is "${HIDDEN}", this answer is "${HIDDEN}" too: it would give the age group away.`,
    `Где возрастная группа (ageGroup) «${HIDDEN}», этот ответ тоже «${HIDDEN}»: он выдал бы возрастную группу.`,
  ),
};

const join2 = (a: LocalizedText | null, b: LocalizedText): LocalizedText => (a ? { lv: `${a.lv} ${b.lv}`, ru: `${a.ru} ${b.ru}`, en: `${a.en} ${b.en}` } : b);

/** The codes a column gets for paper answers marked unreadable or left blank, above its own numbers. */
function entryValues(own: readonly ValueLabel[], highest: number | null = null): ValueLabel[] {
  const numbers = entryCodeNumbers([...own.filter((v) => !v.missing && typeof v.value === "number").map((v) => v.value as number), ...(highest === null ? [] : [highest])]);
  return ENTRY_CODE_KINDS.map((kind) => ({ value: numbers[kind], label: ENTRY_CODE_LABELS[kind], missing: true, special: kind }));
}

const HIDDEN_VALUE: ValueLabel = { value: HIDDEN, label: HIDDEN_LABEL, missing: true, special: "hidden" };

/** The missing-values text of a column, with what its paper entry codes and "hidden" mean. */
function missingWith(base: LocalizedText, values: readonly ValueLabel[], freeText = false): LocalizedText {
  const parts: LocalizedText[] = [base];
  const code = (kind: EntryCodeKind) => values.find((v) => v.special === kind)?.value;
  if (code("unreadable") !== undefined) {
    parts.push({
      lv: `${code("unreadable")} = nesalasāms, ${code("blank")} = atstāts tukšs (papīra anketa: ievadīts kods, nevis atbilde)`,
      ru: `${code("unreadable")} = неразборчиво, ${code("blank")} = оставлено пустым (бумажная анкета: введён код вместо ответа)`,
      en: `${code("unreadable")} = unreadable, ${code("blank")} = left blank (paper form: a code typed in instead of an answer)`,
    });
  }
  if (freeText) {
    parts.push({
      lv: `„${ENTRY_CODE_MARKERS.unreadable}”, „${ENTRY_CODE_MARKERS.blank}” = papīra anketā nesalasāms, atstāts tukšs`,
      ru: `«${ENTRY_CODE_MARKERS.unreadable}», «${ENTRY_CODE_MARKERS.blank}» = в бумажной анкете неразборчиво, оставлено пустым`,
      en: `"${ENTRY_CODE_MARKERS.unreadable}", "${ENTRY_CODE_MARKERS.blank}" = unreadable, left blank on a paper form`,
    });
  }
  if (values.some((v) => v.special === "hidden")) {
    parts.push({
      lv: `„${HIDDEN}” = ${HIDDEN_LABEL.lv}`,
      ru: `«${HIDDEN}» = ${HIDDEN_LABEL.ru}`,
      en: `"${HIDDEN}" = ${HIDDEN_LABEL.en}`,
    });
  }
  return join(parts, "; ");
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function textOf(value: unknown, fallback: string): LocalizedText {
  if (isObject(value)) {
    const lv = typeof value.lv === "string" ? value.lv : fallback;
    return { lv, ru: typeof value.ru === "string" ? value.ru : lv, en: typeof value.en === "string" ? value.en : lv };
  }
  const plain = typeof value === "string" ? value : fallback;
  return { lv: plain, ru: plain, en: plain };
}

/** The named elements of an instrument, in the order asked (panels opened). */
function namedElements(json: unknown): Json[] {
  const out: Json[] = [];
  const visit = (list: unknown): void => {
    if (!Array.isArray(list)) return;
    for (const el of list) {
      if (!isObject(el)) continue;
      if (typeof el.name === "string") out.push(el);
      visit(el.elements);
    }
  };
  if (isObject(json) && Array.isArray(json.pages)) for (const page of json.pages) if (isObject(page)) visit(page.elements);
  return out;
}

/**
 * The codebook leaves exact numbers out (they are exact ages); a full export puts them back, after the
 * question they follow in the instrument.
 */
interface NumberItem {
  key: string;
  question: LocalizedText;
  instruments: string[];
  integer: boolean;
  /** The largest value the question allows; null when it sets none. */
  max: number | null;
  after: string | null;
}

function numberItems(instruments: readonly ExportInstrument[], itemNames: ReadonlySet<string>): NumberItem[] {
  const byKey = new Map<string, NumberItem>();
  for (const instrument of instruments) {
    let previous: string | null = null;
    for (const el of namedElements(instrument.json)) {
      const name = el.name as string;
      if (el.type === "text" && el.inputType === "number") {
        const existing = byKey.get(name);
        const max = typeof el.max === "number" ? el.max : null;
        if (existing) {
          existing.instruments.push(instrument.id);
          existing.max = existing.max === null || max === null ? null : Math.max(existing.max, max);
        } else {
          const integer = Number.isInteger(el.min) && Number.isInteger(el.max);
          byKey.set(name, { key: name, question: textOf(el.title, name), instruments: [instrument.id], integer, max, after: previous });
        }
      } else if (itemNames.has(name)) previous = name;
    }
  }
  return [...byKey.values()];
}

/** The title of a table column (`support_needs_fit` / `reason` -> "Pamatojums"), when the JSON has one. */
function columnTitles(instruments: readonly ExportInstrument[]): Map<string, LocalizedText> {
  const titles = new Map<string, LocalizedText>();
  for (const instrument of instruments) {
    for (const el of namedElements(instrument.json)) {
      if (!Array.isArray(el.columns)) continue;
      for (const column of el.columns) {
        if (isObject(column) && typeof column.name === "string" && !titles.has(`${el.name as string}.${column.name}`)) {
          titles.set(`${el.name as string}.${column.name}`, textOf(column.title, column.name));
        }
      }
    }
  }
  return titles;
}

function join(parts: (LocalizedText | undefined)[], separator = " — "): LocalizedText {
  const present = parts.filter((p): p is LocalizedText => p !== undefined);
  // A part ending in ":" ("Lūdzu pamatojiet savu novērtējumu:") would read "::" before the separator.
  const at = (lang: keyof LocalizedText) => present.map((p, i) => (i < present.length - 1 ? p[lang].replace(/[\s:]+$/, "") : p[lang])).join(separator);
  return { lv: at("lv"), ru: at("ru"), en: at("en") };
}

type Draft = Omit<ExportColumn, "spssName">;

function metaColumns(input: ExportPlanInput, otherSites: ReadonlySet<string>): Draft[] {
  const base = { instruments: [], freeText: false, integer: false, note: null, level: "nominal" as const };
  const meta = (field: MetaField, values: ValueLabel[], missing: LocalizedText, extra: Partial<Draft> = {}): Draft => ({
    ...base,
    name: field,
    source: { kind: "meta", field },
    type: "string",
    question: META_QUESTIONS[field],
    label: META_QUESTIONS[field],
    values,
    missing,
    ...extra,
  });
  const coarsened = input.detail === "coarsened";
  const hidden = coarsened ? [HIDDEN_VALUE] : [];
  const sites: ValueLabel[] = input.sites
    .filter((s) => !(coarsened && otherSites.has(s.id)))
    .map((s) => ({ value: s.id, label: { lv: s.name, ru: s.name, en: s.name } }));
  if (coarsened && otherSites.size > 0) sites.push({ value: OTHER_SITE, label: OTHER_SITE_LABEL(input.threshold) });
  const ageGroups: ValueLabel[] = [
    ...AGE_GROUP_ORDER.filter((g) => input.instruments.some((i) => i.ageGroups.includes(g))).map((g) => ({ value: g, label: groupLabel(g) })),
    ...hidden,
  ];
  const channels: ValueLabel[] = [...Object.entries(CHANNEL_LABELS).map(([value, label]) => ({ value, label })), ...hidden];
  const k = input.threshold;
  return [
    meta("instrument", input.instruments.map((i) => ({ value: i.id, label: i.title })), MISSING.none),
    meta("channel", channels, missingWith(MISSING.none, channels), coarsened ? { note: NOTES.hiddenChannel(k) } : {}),
    meta("site", sites, MISSING.site, coarsened ? { note: NOTES.site(k) } : {}),
    meta("ageGroup", ageGroups, missingWith(MISSING.ageGroup, ageGroups), { level: "ordinal", ...(coarsened ? { note: NOTES.hiddenAge(k) } : {}) }),
    coarsened
      ? meta("submittedOn", hidden, missingWith(MISSING.none, hidden), {
          type: "string",
          level: "ordinal",
          question: SUBMITTED_MONTH,
          label: SUBMITTED_MONTH,
          note: join2(NOTES.month, NOTES.hiddenMonth(k)),
        })
      : meta("submittedOn", [], MISSING.none, { type: "date", level: "scale" }),
  ];
}

function itemColumns(item: Item, input: ExportPlanInput, titles: Map<string, LocalizedText>, rules: ExportRules, ageQuestions: ReadonlySet<string>): Draft[] {
  const path = answerPath(item);
  const coarsened = input.detail === "coarsened";
  const includeText = input.freeText === "include";
  const pooled = item.instruments.length > 1 ? NOTES.pooled(item.instruments) : null;
  const base = { instruments: item.instruments, freeText: false, integer: false, note: pooled };
  const columnTitle = path.row !== undefined && path.column !== "rating" ? titles.get(`${path.name}.${path.column}`) : undefined;
  const question = join([item.question, item.row, columnTitle]);
  const label = join([columnTitle, item.row, item.question], ": ");

  if (coarsened && DROPPED_IN_COARSENED[item.key]) {
    rules.omitted.push({ name: item.key, reason: DROPPED_IN_COARSENED[item.key]! });
    return [];
  }
  const band = coarsened ? bandRuleOf(item.key) : undefined;
  if (band) {
    rules.banded.push({ name: band.column, from: item.key, rule: band.rule });
    const bands: ValueLabel[] = band.bands.map((b) => ({ value: b.value, label: b.label }));
    const values = [...bands, ...entryValues(bands)];
    return [
      {
        ...base,
        name: band.column,
        source: { kind: "band", path, rule: band },
        type: "string",
        level: "ordinal",
        question,
        label,
        values,
        missing: missingWith(MISSING.answer, values),
        note: join([pooled ?? undefined, { lv: `Rupināts: ${band.rule.lv}.`, ru: `Огрублено: ${band.rule.ru}.`, en: `Coarsened: ${band.rule.en}.` }], " "),
      },
    ];
  }

  const otherText = (): Draft[] =>
    item.other && path.row === undefined && includeText
      ? [
          {
            ...base,
            name: `${item.key}__other_text`,
            source: { kind: "other-text", name: item.key },
            type: "string",
            level: "nominal",
            question: join([item.question, item.other, t("teksts", "text", "текст")]),
            label: join([item.other, item.question], ": "),
            values: [],
            missing: missingWith(MISSING.answer, [], true),
            freeText: true,
            note: join([pooled ?? undefined, NOTES.freeText], " "),
          },
        ]
      : [];

  switch (item.kind) {
    case "likert":
    case "single": {
      const values: ValueLabel[] = item.levels.map((l) => ({ value: l.value, label: l.label }));
      if (item.kind === "single" && item.other) values.push({ value: "other", label: item.other });
      if (item.notApplicable) values.push({ value: item.notApplicable.value, label: item.notApplicable.label, missing: true, special: "not-applicable" });
      values.push(...entryValues(values));
      // The age question's answer would give a hidden age group back, so it is hidden with it.
      const ageAnswer = coarsened && path.row === undefined && ageQuestions.has(item.key);
      if (ageAnswer) values.push(HIDDEN_VALUE);
      const numeric = item.levels.length > 0 && item.levels.every((l) => typeof l.value === "number");
      const column: Draft = {
        ...base,
        name: item.key,
        source: { kind: "answer", path },
        type: numeric ? "numeric" : "string",
        integer: numeric,
        level: item.kind === "likert" ? "ordinal" : "nominal",
        question,
        label,
        values,
        missing: missingWith(item.notApplicable ? MISSING.notApplicable(String(item.notApplicable.value)) : MISSING.answer, values),
        ...(ageAnswer ? { note: join([pooled ?? undefined, NOTES.hiddenAgeAnswer], ". ") } : {}),
      };
      return [column, ...otherText()];
    }
    case "multiple": {
      const options = [...item.levels.map((l) => ({ value: l.value, label: l.label })), ...(item.other ? [{ value: "other", label: item.other }] : [])];
      const ticked = [...TICKED, ...entryValues(TICKED)];
      const columns: Draft[] = options.map((option) => ({
        ...base,
        name: `${item.key}__${option.value}`,
        source: { kind: "option", path, value: option.value },
        type: "0-1",
        integer: true,
        level: "nominal",
        question: join([item.question, item.row, option.label]),
        label: join([option.label, item.row, item.question], ": "),
        values: ticked,
        missing: missingWith(MISSING.option, ticked),
      }));
      return [...columns, ...otherText()];
    }
    case "text":
      if (!includeText) return [];
      return [
        {
          ...base,
          name: item.key,
          source: { kind: "answer", path },
          type: "string",
          level: "nominal",
          question,
          label,
          values: [],
          missing: missingWith(MISSING.answer, [], true),
          freeText: true,
          note: join([pooled ?? undefined, NOTES.freeText], " "),
        },
      ];
    case "number":
      return [];
  }
}

function numberColumn(item: NumberItem, input: ExportPlanInput, rules: ExportRules): Draft[] {
  if (input.detail === "coarsened") {
    rules.omitted.push({ name: item.key, reason: EXACT_NUMBER_REASON });
    return [];
  }
  // Without a largest value, the codes go well above any number a question like these could take.
  const values = entryValues([], item.max ?? 996);
  return [
    {
      name: item.key,
      source: { kind: "answer", path: { name: item.key, row: undefined, column: "rating" } },
      type: "numeric",
      level: "scale",
      question: item.question,
      label: item.question,
      values,
      missing: missingWith(MISSING.answer, values),
      instruments: item.instruments,
      freeText: false,
      integer: item.integer,
      note: NOTES.exactNumber,
    },
  ];
}

/**
 * Plans the columns of an export of these instruments under the given rules.
 * @example planExport({ instruments, sites, counts, detail: "coarsened", labels: "values", freeText: "omit", threshold: 5 }).columns.map((c) => c.name)
 * // ["instrument", "channel", "site", "ageGroup", "submittedOn", "age_band", "gender", ...]
 */
export function planExport(input: ExportPlanInput): ExportPlan {
  const coarsened = input.detail === "coarsened";
  const otherSites = coarsened ? sitesShownAsOther(input.sites, input.threshold) : new Set<string>();
  const hiding = coarsened
    ? hideSmallGroups(
        input.counts.map((c) => ({ ...c, site: c.site !== null && otherSites.has(c.site) ? OTHER_SITE : c.site })),
        input.threshold,
      )
    : null;
  const ageQuestions = new Map(input.instruments.flatMap((i) => (i.ageQuestion ? [[i.id, i.ageQuestion] as const] : [])));
  const rules: ExportRules = {
    detail: input.detail,
    labels: input.labels,
    freeText: input.freeText,
    threshold: input.threshold,
    sitesAsOther: [...otherSites].sort(),
    omitted: [],
    banded: [],
    hiddenRows: hiding ? { ageGroup: hiding.hiddenRows.ageGroup, channel: hiding.hiddenRows.channel, submittedOn: hiding.hiddenRows.month } : null,
  };
  const items = codebook(input.instruments.map((i) => ({ id: i.id, json: i.json })));
  const titles = columnTitles(input.instruments);
  const numbers = numberItems(input.instruments, new Set(items.map((i) => answerPath(i).name)));

  // Each exact number goes after the last item of the question it follows (or first, if it follows none).
  const entries: ({ item: Item } | { number: NumberItem })[] = items.map((item) => ({ item }));
  for (const number of numbers) {
    let at = 0;
    entries.forEach((entry, i) => {
      if ("item" in entry && number.after !== null && answerPath(entry.item).name === number.after) at = i + 1;
      if ("number" in entry && number.after !== null && entry.number.after === number.after) at = Math.max(at, i + 1);
    });
    entries.splice(at, 0, { number });
  }

  const drafts: Draft[] = [
    ...metaColumns(input, otherSites),
    ...entries.flatMap((entry) =>
      "item" in entry ? itemColumns(entry.item, input, titles, rules, new Set(ageQuestions.values())) : numberColumn(entry.number, input, rules),
    ),
  ];
  const names = spssNames(drafts.map((d) => d.name));
  return { columns: drafts.map((d, i) => ({ ...d, spssName: names[i]! })), rules, otherSites, hiding, ageQuestions };
}
