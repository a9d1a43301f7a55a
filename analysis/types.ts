/**
 * The shapes that flow through the analysis: responses in, a codebook of items, and the results that the
 * JSON endpoint returns and the PDF renderer draws. Everything in analysis/ is pure: it never reads the
 * database or imports server/; the server hands it plain data.
 */
import type { TargetGroupFindings } from "./qualitative/findings.ts";

export type Locale = "lv" | "ru" | "en";
export type LocalizedText = Record<Locale, string>;

/** Published outputs protect small groups; internal outputs (admins, researchers) are exact but confidential. */
export type Mode = "published" | "internal";

/** One stored response, as the server hands it to analysis (answers already scrubbed at intake). */
export interface ResponseRecord {
  id: string;
  instrumentId: string;
  ageGroup: string | null;
  channel: string;
  site: string | null;
  receivedOn: string;
  answers: Record<string, unknown>;
}

export type ItemKind = "likert" | "single" | "multiple" | "text" | "number";

export interface Level {
  /** The stored value: a number 1..5 for Likert levels, a code for choices. */
  value: string | number;
  label: LocalizedText;
}

/**
 * One analysable column. A plain question is one item (`family_day_importance`); each row of a rating
 * table is its own item (`support_needs_fit.psychological`), and so is each text column of a table
 * (`support_needs_fit.psychological.reason`). Items with the same key in several instruments are pooled.
 */
export interface Item {
  key: string;
  kind: ItemKind;
  /** Instruments that ask it, in appendix order. */
  instruments: string[];
  /** The question's wording (from the first instrument that asks it). */
  question: LocalizedText;
  /** For a row of a rating table: the row's label (the activity). */
  row?: LocalizedText;
  /** Likert: the five levels in order 1..5; single/multiple: the choices in order. */
  levels: Level[];
  /** The separate, never-scored answer of a scale ("Nav bijusi iespēja ..."), when it has one. */
  notApplicable?: Level;
  /** Single/multiple choice with an "other" box: its label. */
  other?: LocalizedText;
}

/** A number as published: the exact value, or hidden because it rests on too few respondents. */
export interface Cell {
  /** null when suppressed in published mode. */
  value: number | null;
  suppressed: boolean;
}

/** A group of respondents as shown: one canonical age group, or several merged, plus "all". */
export interface GroupInfo {
  key: string;
  label: LocalizedText;
  /** Canonical age groups it holds (one, or more when merged to reach the threshold). */
  members: string[];
  /** Respondents in the group for the instruments analysed. */
  n: number;
}

export interface GroupPlan {
  groups: GroupInfo[];
  /** Age groups left out entirely (too small even merged), with their reason, so the output can say so. */
  omitted: { members: string[]; reason: LocalizedText }[];
  /** Human-readable notes on merges, e.g. "under-18 merged with 18-21 (n < 5)". */
  notes: LocalizedText[];
}

export interface TestResult {
  test: "chi-square" | "fisher" | "freeman-halton" | "kruskal-wallis";
  method: "asymptotic" | "exact" | "monte-carlo";
  statistic: number | null;
  df: number | null;
  p: number;
  effect: { name: "cramers-v" | "epsilon-squared"; value: number } | null;
  /** Pairwise follow-up for ordinal items (Mann-Whitney, Holm-adjusted). */
  pairwise: { a: string; b: string; u: number; p: number; pAdjusted: number; rankBiserial: number }[];
  /** One plain sentence, e.g. "Vērtējumi vecuma grupās būtiski neatšķiras (p = 0,41)." */
  reading: LocalizedText;
  /** Monte Carlo: the seed and number of samples; otherwise null. */
  simulation: { seed: number; samples: number } | null;
}

export interface LikertGroupStats {
  group: string;
  /** Respondents with a 1-5 answer (the base for every % and statistic). */
  base: Cell;
  /** "No opportunity" answers: reported apart, never in the base. */
  notApplicable: Cell;
  /** Count and % of the base for each level 1..5. */
  counts: Cell[];
  percents: Cell[];
  mean: Cell;
  sd: Cell;
  median: Cell;
  q1: Cell;
  q3: Cell;
  /** % answering 4 or 5, and 1 or 2. */
  top2: Cell;
  bottom2: Cell;
}

export interface ChoiceGroupStats {
  group: string;
  /** Respondents who answered the item. */
  base: Cell;
  /** Per level (in `item.levels` order, then "other" when the item has one): respondents choosing it. */
  counts: Cell[];
  /** % of the base; for multiple choice the column may add to more than 100. */
  percents: Cell[];
}

export interface TextGroup {
  group: string;
  texts: string[];
}

/** `byGroup` holds one entry per shown group, then the overall entry with group key "all". */
interface ItemResultBase {
  item: Item;
  /** Comparison of the shown groups; null when there were fewer than two groups with answers. */
  test: TestResult | null;
  /** Why no test was run (too few groups or answers), when none was. */
  testSkipped?: LocalizedText;
}

export interface LikertResult extends ItemResultBase {
  kind: "likert";
  byGroup: LikertGroupStats[];
}

export interface ChoiceResult extends ItemResultBase {
  kind: "single" | "multiple";
  byGroup: ChoiceGroupStats[];
  /** "Other" texts per group (published: only groups at or above the threshold). */
  otherTexts: TextGroup[];
}

export interface TextResult extends ItemResultBase {
  kind: "text";
  byGroup: TextGroup[];
}

export type ItemResult = LikertResult | ChoiceResult | TextResult;

/** Respondents by age group x instrument x channel x site, suppressed like any other table. */
export interface SampleCell {
  group: string;
  instrument: string;
  channel: string;
  site: string;
  count: Cell;
}

/**
 * The coded interviews of the study, as the report's qualitative section prints them: per target group, the
 * codes raised in most sessions with short scrubbed quotes (analysis/qualitative/findings.ts). In published
 * mode codes resting on fewer sessions than the threshold are left out, and each group says how many.
 */
export interface QualitativeFindings {
  /** Sessions with at least one coding (hidden in published mode below the threshold). */
  sessions: Cell;
  /** Target groups in the platform's order (youth, seniors, mothers, mental-health, then "unknown"). */
  groups: TargetGroupFindings[];
}

export interface AnalysisResult {
  study: { id: string; name: string };
  mode: Mode;
  instruments: { id: string; title: LocalizedText }[];
  /** First and last day of the responses analysed. */
  period: { from: string | null; to: string | null };
  generatedOn: string;
  threshold: number;
  plan: GroupPlan;
  totalResponses: number;
  sample: SampleCell[];
  items: ItemResult[];
  /** Present only when the study has coded interview sessions; the report then adds a qualitative section. */
  qualitative?: QualitativeFindings;
}
