/**
 * The registry of the study's instruments: what each JSON file in this folder is, who answers it, through
 * which channels, and which of its questions gives the respondent's age group.
 *
 * Everything the platform needs to know about an instrument beyond the SurveyJS JSON lives here, so the
 * JSON stays plain SurveyJS (loadable in Creator) and the server, the paper renderer and the analysis read
 * the same facts. The canonical age groups are ordered: reports list them in this order.
 */
import type { LocalizedText } from "./lint.ts";

export const AGE_GROUPS = ["under-18", "18-21", "22-25", "60-70", "over-70", "mothers-18-25", "mothers-26-plus"] as const;
export type AgeGroup = (typeof AGE_GROUPS)[number];

export const CHANNELS = ["tablet", "online", "paper", "interview"] as const;
export type Channel = (typeof CHANNELS)[number];

export const INSTRUMENT_IDS = [
  "youth",
  "youth-staff-interview",
  "youth-family",
  "seniors",
  "seniors-staff-interview",
  "seniors-family",
  "mental-health-diagnosed-staff-interview",
  "mental-health-undiagnosed-staff-interview",
  "mothers",
  "mothers-staff-interview",
  "mothers-interview",
] as const;
export type InstrumentId = (typeof INSTRUMENT_IDS)[number];

export type InstrumentKind = "questionnaire" | "interview";

export type RespondentGroup =
  | "imprisoned-youth"
  | "imprisoned-seniors"
  | "imprisoned-mothers"
  | "family-of-youth"
  | "family-of-seniors"
  | "staff";

export interface AgeGroupSource {
  /** Name of the question whose answer gives the age band. */
  question: string;
  /** Choice value of that question -> canonical age group. */
  map: Readonly<Record<string, AgeGroup>>;
}

export interface InstrumentDescriptor {
  id: InstrumentId;
  /** Appendix number in the 2025 study. */
  appendix: number;
  kind: InstrumentKind;
  respondentGroup: RespondentGroup;
  channels: readonly Channel[];
  /** null where the instrument does not ask an age (staff interviews). */
  ageGroup: AgeGroupSource | null;
  /**
   * The study's count of numbered questions, per numbering run: a questionnaire is one run ([11]); an
   * interview guide restarts at 1 in each section ([3, 8]).
   */
  questionCounts: readonly number[];
  title: LocalizedText;
}

const YOUTH_AGE_BANDS = { "under-18": "under-18", "18-21": "18-21", "22-25": "22-25" } as const;
const SENIOR_AGE_BANDS = { "60-70": "60-70", "over-70": "over-70" } as const;
const MOTHER_AGE_BANDS = { "18-25": "mothers-18-25", "26-plus": "mothers-26-plus" } as const;

const PRISONER_CHANNELS: readonly Channel[] = ["tablet", "paper"];
const FAMILY_CHANNELS: readonly Channel[] = ["online", "paper"];
const INTERVIEW_CHANNELS: readonly Channel[] = ["interview"];

export const INSTRUMENTS: readonly InstrumentDescriptor[] = [
  {
    id: "youth",
    appendix: 1,
    kind: "questionnaire",
    respondentGroup: "imprisoned-youth",
    channels: PRISONER_CHANNELS,
    ageGroup: { question: "age_band", map: YOUTH_AGE_BANDS },
    questionCounts: [11],
    title: {
      lv: "Anketa par atbalsta pasākumiem ieslodzītajiem jauniešiem",
      ru: "Анкета о мерах поддержки для молодых людей в заключении",
      en: "Questionnaire on support measures for young people in prison",
    },
  },
  {
    id: "youth-staff-interview",
    appendix: 2,
    kind: "interview",
    respondentGroup: "staff",
    channels: INTERVIEW_CHANNELS,
    ageGroup: null,
    questionCounts: [3, 8],
    title: {
      lv: "Intervijas jautājumi par atbalsta pasākumiem jauniešiem ieslodzījuma vietās",
      ru: "Вопросы интервью о мерах поддержки для молодёжи в местах заключения",
      en: "Interview questions on support measures for young people in prisons",
    },
  },
  {
    id: "youth-family",
    appendix: 3,
    kind: "questionnaire",
    respondentGroup: "family-of-youth",
    channels: FAMILY_CHANNELS,
    ageGroup: { question: "prisoner_age_band", map: YOUTH_AGE_BANDS },
    questionCounts: [10],
    title: {
      lv: "Anketa ģimenes locekļiem par atbalsta pasākumiem ieslodzītajiem jauniešiem un ģimenes saišu stiprināšanu",
      ru: "Анкета для членов семьи о мерах поддержки для молодых людей в заключении и об укреплении семейных связей",
      en: "Questionnaire for family members on support for young people in prison and on strengthening family ties",
    },
  },
  {
    id: "seniors",
    appendix: 4,
    kind: "questionnaire",
    respondentGroup: "imprisoned-seniors",
    channels: PRISONER_CHANNELS,
    ageGroup: { question: "age_band", map: SENIOR_AGE_BANDS },
    questionCounts: [11],
    title: {
      lv: "Anketa par atbalsta pasākumiem ieslodzītajiem senioriem",
      ru: "Анкета о мерах поддержки для пожилых людей в заключении",
      en: "Questionnaire on support measures for older people in prison",
    },
  },
  {
    id: "seniors-staff-interview",
    appendix: 5,
    kind: "interview",
    respondentGroup: "staff",
    channels: INTERVIEW_CHANNELS,
    ageGroup: null,
    questionCounts: [8],
    title: {
      lv: "Intervijas jautājumi par atbalsta pasākumiem senioriem ieslodzījuma vietās",
      ru: "Вопросы интервью о мерах поддержки для пожилых людей в местах заключения",
      en: "Interview questions on support measures for older people in prisons",
    },
  },
  {
    id: "seniors-family",
    appendix: 6,
    kind: "questionnaire",
    respondentGroup: "family-of-seniors",
    channels: FAMILY_CHANNELS,
    ageGroup: { question: "prisoner_age_band", map: SENIOR_AGE_BANDS },
    questionCounts: [10],
    title: {
      lv: "Anketa ģimenes locekļiem par atbalsta pasākumiem ieslodzītajiem senioriem un ģimenes saišu stiprināšanu",
      ru: "Анкета для членов семьи о мерах поддержки для пожилых людей в заключении и об укреплении семейных связей",
      en: "Questionnaire for family members on support for older people in prison and on strengthening family ties",
    },
  },
  {
    id: "mental-health-diagnosed-staff-interview",
    appendix: 7,
    kind: "interview",
    respondentGroup: "staff",
    channels: INTERVIEW_CHANNELS,
    ageGroup: null,
    questionCounts: [3, 1, 10],
    title: {
      lv: "Intervijas jautājumi par atbalsta pasākumiem ieslodzītajām personām ar garīga rakstura traucējumiem (oficiāli diagnosticētiem)",
      ru: "Вопросы интервью о мерах поддержки для заключённых с психическими расстройствами (официально диагностированными)",
      en: "Interview questions on support measures for prisoners with mental disorders (officially diagnosed)",
    },
  },
  {
    id: "mental-health-undiagnosed-staff-interview",
    appendix: 8,
    kind: "interview",
    respondentGroup: "staff",
    channels: INTERVIEW_CHANNELS,
    ageGroup: null,
    questionCounts: [3, 1, 12],
    title: {
      lv: "Intervijas jautājumi par atbalsta pasākumiem ieslodzītajām personām ar psihiska rakstura un uzvedības traucējumiem (bez oficiālas diagnozes)",
      ru: "Вопросы интервью о мерах поддержки для заключённых с психическими и поведенческими расстройствами (без официального диагноза)",
      en: "Interview questions on support measures for prisoners with mental and behavioural disorders (without an official diagnosis)",
    },
  },
  {
    id: "mothers",
    appendix: 9,
    kind: "questionnaire",
    respondentGroup: "imprisoned-mothers",
    channels: PRISONER_CHANNELS,
    ageGroup: { question: "age_band", map: MOTHER_AGE_BANDS },
    questionCounts: [17],
    title: {
      lv: "Anketa par atbalsta pasākumiem ieslodzītajām mātēm ar bērniem līdz četru gadu vecumam",
      ru: "Анкета о мерах поддержки для матерей в заключении с детьми до четырёх лет",
      en: "Questionnaire on support measures for imprisoned mothers with children under four",
    },
  },
  {
    id: "mothers-staff-interview",
    appendix: 10,
    kind: "interview",
    respondentGroup: "staff",
    channels: INTERVIEW_CHANNELS,
    ageGroup: null,
    questionCounts: [3, 14],
    title: {
      lv: "Intervijas jautājumi par atbalsta pasākumiem ieslodzītajām mātēm, kuras atrodas ieslodzījuma vietā ar bērniem līdz četru gadu vecumam",
      ru: "Вопросы интервью о мерах поддержки для матерей в заключении, которые находятся в месте заключения с детьми до четырёх лет",
      en: "Interview questions on support for imprisoned mothers who live in prison with children under four",
    },
  },
  {
    id: "mothers-interview",
    appendix: 11,
    kind: "interview",
    respondentGroup: "imprisoned-mothers",
    channels: INTERVIEW_CHANNELS,
    ageGroup: { question: "age_band", map: MOTHER_AGE_BANDS },
    questionCounts: [2, 9],
    title: {
      lv: "Intervijas jautājumi ieslodzītajām mātēm, kuras atrodas ieslodzījuma vietā ar saviem bērniem līdz četru gadu vecumam, par, viņuprāt, nepieciešamajiem atbalsta pasākumiem",
      ru: "Вопросы интервью для матерей в заключении, которые находятся в месте заключения со своими детьми до четырёх лет, о том, какие меры поддержки, по их мнению, нужны",
      en: "Interview questions for imprisoned mothers living in prison with their children under four, on the support they think is needed",
    },
  },
];

/** The descriptor of an instrument id, or undefined for an id the study does not have. */
export function findInstrument(id: string): InstrumentDescriptor | undefined {
  return INSTRUMENTS.find((d) => d.id === id);
}

/**
 * Maps an answer set to the canonical age group of its instrument, or null when the instrument asks no
 * age or the respondent skipped the question.
 *
 * @example ageGroupOf(findInstrument("mothers")!, { age_band: "26-plus" }) // "mothers-26-plus"
 */
export function ageGroupOf(descriptor: InstrumentDescriptor, answers: Readonly<Record<string, unknown>>): AgeGroup | null {
  if (!descriptor.ageGroup) return null;
  const value = answers[descriptor.ageGroup.question];
  return typeof value === "string" ? (descriptor.ageGroup.map[value] ?? null) : null;
}
