/**
 * Disclosure control: no published number may rest on fewer respondents than the study's threshold, and
 * none may be recovered from the totals printed beside it. Some groups are tiny (seven mothers in one
 * prison), so this runs on every published table.
 *
 * Two steps. Groups: an age group below the threshold is merged with its smaller neighbour of the same
 * population (youth bands with youth bands); a population that stays below it is left out of every table,
 * the overall included, so that "all" minus the shown groups reveals nothing; the plan says what it did.
 * Cells: counts between 1 and k-1 are suppressed, then, for every published sum (a row adding up to its
 * base, a column adding up to the overall), a relation with exactly one hidden member gets a second hidden
 * member, the smallest positive one, until no relation gives a hidden cell away. Zero counts are shown.
 * Internal outputs skip both steps and are marked confidential instead.
 */
import type { Cell, GroupInfo, GroupPlan, LocalizedText, Mode } from "./types.ts";

/** The canonical age groups in report order, with the population each belongs to. */
export const AGE_GROUP_ORDER = ["under-18", "18-21", "22-25", "60-70", "over-70", "mothers-18-25", "mothers-26-plus", "unknown"] as const;
const POPULATION: Record<string, string> = {
  "under-18": "youth",
  "18-21": "youth",
  "22-25": "youth",
  "60-70": "seniors",
  "over-70": "seniors",
  "mothers-18-25": "mothers",
  "mothers-26-plus": "mothers",
  unknown: "unknown",
};

export const ALL_GROUP = "all";
/** Responses whose age question was skipped form their own group. */
export const UNKNOWN_GROUP = "unknown";

const LABELS: Record<string, LocalizedText> = {
  "under-18": { lv: "līdz 18 gadiem", ru: "до 18 лет", en: "under 18" },
  "18-21": { lv: "18–21 gads", ru: "18–21 год", en: "18–21" },
  "22-25": { lv: "22–25 gadi", ru: "22–25 лет", en: "22–25" },
  "60-70": { lv: "60–70 gadi", ru: "60–70 лет", en: "60–70" },
  "over-70": { lv: "virs 70 gadiem", ru: "старше 70 лет", en: "over 70" },
  "mothers-18-25": { lv: "mātes 18–25 g.", ru: "матери 18–25 лет", en: "mothers 18–25" },
  "mothers-26-plus": { lv: "mātes no 26 g.", ru: "матери от 26 лет", en: "mothers 26+" },
  unknown: { lv: "vecums nav norādīts", ru: "возраст не указан", en: "age not given" },
  all: { lv: "Visi", ru: "Все", en: "All" },
};

/** The label of a canonical age group (or "all"), in every language. */
export function groupLabel(key: string): LocalizedText {
  return LABELS[key] ?? { lv: key, ru: key, en: key };
}

function joinLabels(members: string[]): LocalizedText {
  const labels = members.map(groupLabel);
  return { lv: labels.map((l) => l.lv).join(" + "), ru: labels.map((l) => l.ru).join(" + "), en: labels.map((l) => l.en).join(" + ") };
}

/**
 * Decides which groups a table shows. `counts` maps canonical age groups (and "unknown") to respondents.
 * @example planGroups({ "under-18": 3, "18-21": 27, "22-25": 32 }, "published", 5).groups.map((g) => g.key)
 * // ["under-18+18-21", "22-25"]
 */
export function planGroups(counts: Readonly<Record<string, number>>, mode: Mode, threshold: number): GroupPlan {
  const present = AGE_GROUP_ORDER.filter((g) => (counts[g] ?? 0) > 0);
  const plan: GroupPlan = { groups: [], omitted: [], notes: [] };
  if (mode === "internal") {
    plan.groups = present.map((g) => ({ key: g, label: groupLabel(g), members: [g], n: counts[g] ?? 0 }));
    return plan;
  }
  for (const population of [...new Set(present.map((g) => POPULATION[g]))]) {
    let groups: GroupInfo[] = present.filter((g) => POPULATION[g] === population).map((g) => ({ key: g, label: groupLabel(g), members: [g], n: counts[g] ?? 0 }));
    for (;;) {
      const small = groups.findIndex((g) => g.n < threshold);
      if (small < 0 || groups.length < 2) break;
      const left = groups[small - 1];
      const right = groups[small + 1];
      const partner = !left ? small + 1 : !right ? small - 1 : left.n <= right.n ? small - 1 : small + 1;
      const [a, b] = [Math.min(small, partner), Math.max(small, partner)];
      const members = [...groups[a]!.members, ...groups[b]!.members];
      const merged: GroupInfo = { key: members.join("+"), label: joinLabels(members), members, n: groups[a]!.n + groups[b]!.n };
      plan.notes.push({
        lv: `Grupas „${joinLabels(members).lv}” apvienotas, jo kādā no tām ir mazāk nekā ${threshold} respondentu.`,
        ru: `Группы «${joinLabels(members).ru}» объединены, так как в одной из них меньше ${threshold} респондентов.`,
        en: `Groups "${joinLabels(members).en}" are merged because one of them has fewer than ${threshold} respondents.`,
      });
      groups = [...groups.slice(0, a), merged, ...groups.slice(b + 1)];
    }
    const tooSmall = groups.length === 1 && groups[0]!.n < threshold;
    if (tooSmall) {
      plan.omitted.push({
        members: groups[0]!.members,
        reason: {
          lv: `„${groups[0]!.label.lv}” nav parādīti: mazāk nekā ${threshold} respondentu.`,
          ru: `«${groups[0]!.label.ru}» не показаны: меньше ${threshold} респондентов.`,
          en: `"${groups[0]!.label.en}" not shown: fewer than ${threshold} respondents.`,
        },
      });
    } else {
      plan.groups.push(...groups);
    }
  }
  return plan;
}

/**
 * Which cells to hide. `values` are counts; `relations` list index sets whose sum is published or known
 * (a row with its base; a column of group cells together with the overall cell, whose sum relation is
 * "groups add up to the overall"). A relation with exactly one hidden member would give that member away,
 * so a second one is hidden: the smallest positive visible member, or else the smallest visible one.
 */
export function protectCells(
  values: readonly number[],
  relations: readonly (readonly number[])[],
  threshold: number,
  forced: readonly boolean[] = [],
): boolean[] {
  const hidden = values.map((v, i) => forced[i] === true || (v > 0 && v < threshold));
  for (let round = 0; round < values.length + 1; round += 1) {
    let changed = false;
    for (const relation of relations) {
      const hiddenCount = relation.filter((i) => hidden[i]).length;
      if (hiddenCount !== 1) continue;
      const visible = relation.filter((i) => !hidden[i]);
      if (visible.length === 0) continue;
      const positive = visible.filter((i) => (values[i] ?? 0) > 0);
      const pool = positive.length > 0 ? positive : visible;
      const pick = pool.reduce((best, i) => ((values[i] ?? 0) < (values[best] ?? 0) ? i : best));
      hidden[pick] = true;
      changed = true;
    }
    if (!changed) break;
  }
  return hidden;
}

/**
 * Protects a table of counts with one row per shown group plus a last "all" row, columns being levels.
 * Each row adds up to its base when `rowsAddUp` (single choice, Likert levels); every column's group
 * cells add up to its "all" cell. Rows in `hiddenRows` (a group whose base is hidden) are hidden whole.
 */
export function protectGroupTable(
  rows: readonly (readonly number[])[],
  threshold: number,
  rowsAddUp: boolean,
  hiddenRows: readonly boolean[] = [],
): boolean[][] {
  const width = rows[0]?.length ?? 0;
  const flat = rows.flatMap((r) => [...r]);
  const index = (r: number, c: number) => r * width + c;
  const relations: number[][] = [];
  if (rowsAddUp) rows.forEach((_, r) => relations.push(Array.from({ length: width }, (_, c) => index(r, c))));
  for (let c = 0; c < width; c += 1) relations.push(rows.map((_, r) => index(r, c)));
  const forced = rows.flatMap((row, r) => row.map(() => hiddenRows[r] === true));
  const hidden = protectCells(flat, relations, threshold, forced);
  return rows.map((_, r) => Array.from({ length: width }, (_, c) => hidden[index(r, c)] ?? false));
}

/** A published number: hidden values are null in published mode; internal mode shows everything. */
export function cell(value: number, suppressed: boolean, mode: Mode): Cell {
  const hide = mode === "published" && suppressed;
  return { value: hide || Number.isNaN(value) ? null : value, suppressed: hide };
}
