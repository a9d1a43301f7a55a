/**
 * The coarsening rules of anonymised exports. A respondent's answers must not be traceable to them through
 * the facts an export carries beside the answers (quasi-identifiers): the exact age of a minor, a mother's
 * child's age, birthplace and gender, and the prison. Some groups are tiny (seven mothers in one prison), so
 * an analyst's export (detail=coarsened) keeps these facts only in bands, or not at all. The rules are data
 * here, one table, so the codebook and the README can say exactly what was done.
 *
 * - Exact numbers (the instruments' only number inputs are the exact ages `age_exact` and
 *   `prisoner_age_exact`): left out; `ageGroup` stands for them.
 * - `child_age` (mothers, mothers' interview): two bands, "under-2" (under 1 and 1 year old) and "2-4"
 *   (2, 3 and 4 years old), in a column named `child_age_band`.
 * - `child_birthplace` and `child_gender`: left out. Each has two real values, so no band is coarser than
 *   the answer itself, and together with the mother's age band and the prison they single a mother out.
 * - The day a response arrived: cut to its month (in cells.ts and the plan), since a day and a small prison
 *   can point to one tablet session.
 * - Sites: a prison with fewer responses in the export than the study's disclosure threshold is shown as
 *   "other"; when that would hide exactly one prison, the next smallest is hidden with it, so that "other"
 *   never stands for one known prison (the same complementary rule as every published table).
 * - Small groups (after the sites): the export shows each response's instrument, prison (as shown), age
 *   group, channel and month beside its answers, and people who know who is a minor in a prison, who filled
 *   a paper form or who answered in a later month could pick out rows by that combination. So within each
 *   (instrument, prison as shown) the age groups with 1..k-1 rows become "hidden" (and with them the answer
 *   to the age question, `age_band` or `prisoner_age_band`, which would give the group back); then, within
 *   each (instrument, prison, age group as shown), the channels; then, within each (instrument, prison, age
 *   group, channel as shown), the months. In each step, while the hidden rows of a group number fewer than
 *   k (so also when exactly one value is hidden), the next smallest value is hidden too: the hidden rows are
 *   at least k alike rows and no hidden value can be had back by subtracting the shown ones from the
 *   group's total. Every combination of the five therefore has 0 or at least k rows, unless an instrument
 *   has fewer than k responses from one prison as shown (then all three are hidden for those rows).
 *   A month is hidden rather than widened to its quarter: a quarter of a small prison can be as small as
 *   its month, and one column holding both months and quarters is harder to analyse than one "hidden".
 *   Age groups go first because they are what the reports compare; the month, of least use, goes last.
 */
import { protectCells } from "../disclosure.ts";
import type { LocalizedText } from "../types.ts";

/** The site value that stands for every prison below the threshold. */
export const OTHER_SITE = "other";

export const OTHER_SITE_LABEL = (threshold: number): LocalizedText => ({
  lv: `cita ieslodzījuma vieta (vietas ar mazāk nekā ${threshold} atbildēm)`,
  ru: `другое место заключения (места, где меньше ${threshold} ответов)`,
  en: `another prison (prisons with fewer than ${threshold} responses)`,
});

/** Why an exact number is not in a coarsened export. */
export const EXACT_NUMBER_REASON: LocalizedText = {
  lv: "precīzs vecums ir identificējošs; to aizstāj vecuma grupa (ageGroup)",
  ru: "точный возраст позволяет узнать человека; вместо него — возрастная группа (ageGroup)",
  en: "an exact age identifies; the age group (ageGroup) stands for it",
};

/** Items left out of a coarsened export, with why. */
export const DROPPED_IN_COARSENED: Readonly<Record<string, LocalizedText>> = {
  child_birthplace: {
    lv: "bērna dzimšanas vieta kopā ar mātes vecuma grupu un ieslodzījuma vietu var norādīt uz konkrētu māti",
    ru: "место рождения ребёнка вместе с возрастной группой матери и местом заключения может указать на конкретную мать",
    en: "the child's birthplace, with the mother's age group and the prison, can point to one mother",
  },
  child_gender: {
    lv: "bērna dzimums kopā ar bērna vecuma grupu un ieslodzījuma vietu var norādīt uz konkrētu māti",
    ru: "пол ребёнка вместе с возрастной группой ребёнка и местом заключения может указать на конкретную мать",
    en: "the child's gender, with the child's age band and the prison, can point to one mother",
  },
};

export interface Band {
  value: string;
  /** The instrument's choice values the band holds. */
  members: readonly string[];
  label: LocalizedText;
}

export interface BandRule {
  /** The item whose answers are banded. */
  key: string;
  /** The export column that holds the band. */
  column: string;
  bands: readonly Band[];
  rule: LocalizedText;
}

/** Items whose answers a coarsened export shows only in bands. */
export const BANDED_IN_COARSENED: readonly BandRule[] = [
  {
    key: "child_age",
    column: "child_age_band",
    bands: [
      { value: "under-2", members: ["under-1", "age-1"], label: { lv: "līdz 2 gadiem", ru: "до 2 лет", en: "under 2" } },
      { value: "2-4", members: ["age-2", "age-3", "age-4"], label: { lv: "2–4 gadi", ru: "2–4 года", en: "2–4 years" } },
    ],
    rule: {
      lv: "bērna vecums tikai divās grupās: līdz 2 gadiem (līdz 1 gadam, 1 gads) un 2–4 gadi (2, 3, 4 gadi)",
      ru: "возраст ребёнка только в двух группах: до 2 лет (до 1 года, 1 год) и 2–4 года (2, 3, 4 года)",
      en: "the child's age in two bands only: under 2 (under 1, 1 year) and 2–4 (2, 3, 4 years)",
    },
  },
];

/** The band rule of an item, when a coarsened export bands it. */
export function bandRuleOf(key: string): BandRule | undefined {
  return BANDED_IN_COARSENED.find((rule) => rule.key === key);
}

/**
 * The prisons a coarsened export shows as "other": those with fewer responses in the export than the
 * threshold, plus, when that is exactly one prison, the smallest of the others with responses (so that
 * "other" cannot be read as one prison by elimination). Sites without responses play no part.
 * @example sitesShownAsOther([{ id: "a", responses: 40 }, { id: "b", responses: 9 }, { id: "c", responses: 2 }], 5)
 * // Set { "b", "c" }
 */
export function sitesShownAsOther(sites: readonly { id: string; responses: number }[], threshold: number): Set<string> {
  const present = sites.filter((s) => s.responses > 0);
  const hidden = protectCells(
    present.map((s) => s.responses),
    [present.map((_, i) => i)],
    threshold,
  );
  return new Set(present.filter((_, i) => hidden[i]).map((s) => s.id));
}

/** The value a coarsened export shows for an age group, channel or month that too few rows share. */
export const HIDDEN = "hidden";

export const HIDDEN_LABEL: LocalizedText = {
  lv: "slēpts (maza grupa)",
  ru: "скрыто (малая группа)",
  en: "hidden (small group)",
};

/** Code-unit order ("age not given", null, first), the same on every machine. */
function codeOrder(a: string | null, b: string | null): number {
  const [x, y] = [a ?? "", b ?? ""];
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * The values of one quasi-identifier to hide within one group of rows, given how many rows have each
 * value: every value with 1..k-1 rows, then, while the hidden rows number fewer than k, the smallest shown
 * value (ties: the first in code order) after another. Hidden rows are thus at least k (or the whole group,
 * when it is smaller than k), and never one value alone, whose rows a reader could count by subtracting.
 * A group whose values all have 0 or at least k rows is left as it is.
 * @example valuesToHide([{ value: "under-18", n: 3 }, { value: "18-21", n: 6 }, { value: "22-25", n: 20 }], 5)
 * // Set { "under-18", "18-21" }
 */
export function valuesToHide<V extends string | null>(cells: readonly { value: V; n: number }[], threshold: number): Set<V> {
  const present = cells.filter((c) => c.n > 0);
  const hidden = new Set(present.filter((c) => c.n < threshold).map((c) => c.value));
  if (hidden.size === 0) return hidden;
  let rows = present.filter((c) => hidden.has(c.value)).reduce((sum, c) => sum + c.n, 0);
  const shown = present
    .filter((c) => !hidden.has(c.value))
    .sort((a, b) => a.n - b.n || codeOrder(a.value, b.value));
  for (const cell of shown) {
    if (rows >= threshold) break;
    hidden.add(cell.value);
    rows += cell.n;
  }
  return hidden;
}

/** The facts a coarsened export shows beside the answers, with the site as shown ("other" or a prison). */
export interface QuasiIdentifiers {
  instrument: string;
  site: string | null;
  channel: string;
  ageGroup: string | null;
  /** YYYY-MM. */
  month: string;
}

/** How many responses of the export share one combination. */
export interface QuasiCount extends QuasiIdentifiers {
  n: number;
}

/** What a row shows for its age group, channel and month: the value, or {@link HIDDEN}. */
export interface QuasiShown {
  ageGroup: string | null;
  channel: string;
  month: string;
}

export interface SmallGroupHiding {
  /** What a response with these facts shows; a combination that was not counted shows nothing but "hidden". */
  shown(facts: QuasiIdentifiers): QuasiShown;
  /** Rows whose age group, channel or month is hidden. */
  hiddenRows: { ageGroup: number; channel: number; month: number };
}

const keyOf = (...parts: (string | null)[]) => JSON.stringify(parts);

/** One step: within each class, the values to hide, as keys of (class, value). */
function hideStep<T>(entries: readonly T[], classOf: (e: T) => string, valueOf: (e: T) => string | null, count: (e: T) => number, threshold: number): Set<string> {
  const byClass = new Map<string, Map<string | null, number>>();
  for (const e of entries) {
    const cells = byClass.get(classOf(e)) ?? new Map<string | null, number>();
    cells.set(valueOf(e), (cells.get(valueOf(e)) ?? 0) + count(e));
    byClass.set(classOf(e), cells);
  }
  const hidden = new Set<string>();
  for (const [cls, cells] of byClass) {
    for (const value of valuesToHide([...cells].map(([v, n]) => ({ value: v, n })), threshold)) hidden.add(keyOf(cls, value));
  }
  return hidden;
}

/**
 * Decides, from the export's responses counted by their shown facts, which age groups, channels and
 * months a coarsened export hides (see the module's rules): age groups within (instrument, site), then
 * channels within (instrument, site, age group as shown), then months within (instrument, site, age group,
 * channel as shown), each by {@link valuesToHide}.
 * @example hideSmallGroups([{ instrument: "youth", site: "olaine", channel: "tablet", ageGroup: "under-18", month: "2026-03", n: 3 }, ...], 5)
 *   .shown({ instrument: "youth", site: "olaine", channel: "tablet", ageGroup: "under-18", month: "2026-03" }) // { ageGroup: "hidden", ... }
 */
export function hideSmallGroups(counts: readonly QuasiCount[], threshold: number): SmallGroupHiding {
  const merged = new Map<string, QuasiCount>();
  for (const c of counts) {
    const key = keyOf(c.instrument, c.site, c.channel, c.ageGroup, c.month);
    const known = merged.get(key);
    merged.set(key, known ? { ...known, n: known.n + c.n } : { ...c });
  }
  const entries = [...merged.values()].filter((c) => c.n > 0);

  const block = (e: QuasiIdentifiers) => keyOf(e.instrument, e.site);
  const ageHidden = hideStep(entries, block, (e) => e.ageGroup, (e) => e.n, threshold);
  const age = (e: QuasiIdentifiers) => (ageHidden.has(keyOf(block(e), e.ageGroup)) ? HIDDEN : e.ageGroup);
  const byAge = (e: QuasiIdentifiers) => keyOf(e.instrument, e.site, age(e));
  const channelHidden = hideStep(entries, byAge, (e) => e.channel, (e) => e.n, threshold);
  const channel = (e: QuasiIdentifiers) => (channelHidden.has(keyOf(byAge(e), e.channel)) ? HIDDEN : e.channel);
  const byChannel = (e: QuasiIdentifiers) => keyOf(e.instrument, e.site, age(e), channel(e));
  const monthHidden = hideStep(entries, byChannel, (e) => e.month, (e) => e.n, threshold);
  const month = (e: QuasiIdentifiers) => (monthHidden.has(keyOf(byChannel(e), e.month)) ? HIDDEN : e.month);

  const table = new Map<string, QuasiShown>();
  const hiddenRows = { ageGroup: 0, channel: 0, month: 0 };
  for (const e of entries) {
    const shown = { ageGroup: age(e), channel: channel(e), month: month(e) };
    table.set(keyOf(e.instrument, e.site, e.channel, e.ageGroup, e.month), shown);
    if (shown.ageGroup === HIDDEN) hiddenRows.ageGroup += e.n;
    if (shown.channel === HIDDEN) hiddenRows.channel += e.n;
    if (shown.month === HIDDEN) hiddenRows.month += e.n;
  }
  const unknown: QuasiShown = { ageGroup: HIDDEN, channel: HIDDEN, month: HIDDEN };
  return {
    shown: (f) => table.get(keyOf(f.instrument, f.site, f.channel, f.ageGroup, f.month)) ?? unknown,
    hiddenRows,
  };
}
