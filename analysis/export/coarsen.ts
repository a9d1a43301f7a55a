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
