/**
 * Per-item results by group: Likert breakdowns, choice counts, free text, each with its group comparison,
 * and with published numbers protected by disclosure.ts. Inputs are a column of the tidy table and, for
 * each row, the index of the shown group it belongs to (-1 for a left-out group).
 */
import { ALL_GROUP, cell, protectCells, protectGroupTable } from "./disclosure.ts";
import { describeCounts, kruskalWallisFromCounts, mannWhitneyFromCounts } from "./ordinal.ts";
import { chiSquareTest, fisherExactTest, holm } from "./statistics.ts";
import type { Cell, ChoiceResult, GroupInfo, Item, LikertResult, LocalizedText, Mode, TestResult, TextGroup, TextResult } from "./types.ts";

export interface BreakdownContext {
  groups: readonly GroupInfo[];
  /** Shown-group index of each row of the tidy table, -1 when the row's group is left out. */
  groupOf: Int32Array;
  mode: Mode;
  threshold: number;
  /** Seed for any Monte Carlo test, so a report is reproducible. */
  seed: number;
}

const SIGNIFICANCE = 0.05;

/** "0,041" in Latvian and Russian, "0.041" in English; "< 0,001" below a thousandth. */
export function formatP(p: number, locale: "lv" | "ru" | "en"): string {
  const text = p < 0.001 ? "< 0.001" : `= ${p.toFixed(3)}`;
  return locale === "en" ? text : text.replace(".", ",");
}

function reading(p: number, what: "ratings" | "answers"): LocalizedText {
  const differ = p < SIGNIFICANCE;
  const [lv, ru, en] = differ
    ? [
        what === "ratings" ? "Vērtējumi grupās statistiski nozīmīgi atšķiras" : "Atbildes grupās statistiski nozīmīgi atšķiras",
        what === "ratings" ? "Оценки в группах статистически значимо различаются" : "Ответы в группах статистически значимо различаются",
        what === "ratings" ? "Ratings differ significantly between the groups" : "Answers differ significantly between the groups",
      ]
    : [
        "Statistiski nozīmīgas atšķirības starp grupām nav konstatētas",
        "Статистически значимых различий между группами не обнаружено",
        "No significant difference between the groups was found",
      ];
  return { lv: `${lv} (p ${formatP(p, "lv")}).`, ru: `${ru} (p ${formatP(p, "ru")}).`, en: `${en} (p ${formatP(p, "en")}).` };
}

const FEW_GROUPS: LocalizedText = {
  lv: "Salīdzinājums nav veikts: atbildes ir mazāk nekā divās grupās.",
  ru: "Сравнение не проводилось: ответы есть меньше чем в двух группах.",
  en: "No comparison: fewer than two groups answered.",
};
const NO_VARIATION: LocalizedText = {
  lv: "Salīdzinājums nav veikts: visas atbildes ir vienādas.",
  ru: "Сравнение не проводилось: все ответы одинаковы.",
  en: "No comparison: every answer is the same.",
};
const MULTIPLE_ANSWERS: LocalizedText = {
  lv: "Salīdzinājums nav veikts: katrs respondents varēja atzīmēt vairākas atbildes.",
  ru: "Сравнение не проводилось: каждый респондент мог отметить несколько ответов.",
  en: "No comparison: each respondent could tick several answers.",
};

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

/**
 * Counts per group (shown groups, then "all") and level. `levelOf` maps one answer to a level index (-1
 * for none). For multiple choice each array answer counts once per distinct level, and the last column
 * counts the respondents who chose anything (the base). Runs once per item over every response, so it
 * allocates nothing per answer.
 */
function countByGroup(column: readonly unknown[], ctx: BreakdownContext, width: number, levelOf: (value: unknown) => number, multiple: boolean): number[][] {
  const rows = Array.from({ length: ctx.groups.length + 1 }, () => new Array<number>(width).fill(0));
  const all = rows[ctx.groups.length]!;
  const seen = new Array<number>(width).fill(-1);
  for (let i = 0; i < column.length; i += 1) {
    const g = ctx.groupOf[i]!;
    const value = column[i];
    if (g < 0 || value === undefined) continue;
    const row = rows[g]!;
    if (!multiple) {
      const level = levelOf(value);
      if (level >= 0) {
        row[level]! += 1;
        all[level]! += 1;
      }
      continue;
    }
    let any = false;
    const picks = Array.isArray(value) ? value : [value];
    for (const pick of picks) {
      const level = levelOf(pick);
      if (level < 0 || seen[level] === i) continue;
      seen[level] = i;
      row[level]! += 1;
      all[level]! += 1;
      any = true;
    }
    if (any) {
      row[width - 1]! += 1;
      all[width - 1]! += 1;
    }
  }
  return rows;
}

/** A level index lookup that does not search a list per answer. */
function indexOf(values: readonly unknown[]): (value: unknown) => number {
  const map = new Map(values.map((v, j) => [v, j]));
  return (value) => map.get(value) ?? -1;
}

const groupKeys = (ctx: BreakdownContext) => [...ctx.groups.map((g) => g.key), ALL_GROUP];

/** The categorical comparison: chi-square when Cochran's rule allows, otherwise Fisher / Freeman-Halton. */
export function categoricalTest(table: number[][], seed: number): TestResult | null {
  const rows = table.filter((r) => sum(r) > 0);
  const columnsUsed = (rows[0] ?? []).map((_, c) => rows.some((r) => (r[c] ?? 0) > 0));
  const compact = rows.map((r) => r.filter((_, c) => columnsUsed[c]));
  if (compact.length < 2 || (compact[0]?.length ?? 0) < 2) return null;
  const chi = chiSquareTest(compact);
  if (chi.cochranOk) {
    return {
      test: "chi-square",
      method: "asymptotic",
      statistic: chi.statistic,
      df: chi.df,
      p: chi.p,
      effect: { name: "cramers-v", value: chi.cramersV },
      pairwise: [],
      reading: reading(chi.p, "answers"),
      simulation: null,
    };
  }
  const fisher = fisherExactTest(compact, { seed });
  const twoByTwo = compact.length === 2 && compact[0]!.length === 2;
  return {
    test: twoByTwo ? "fisher" : "freeman-halton",
    method: fisher.method,
    statistic: null,
    df: null,
    p: fisher.p,
    effect: { name: "cramers-v", value: chi.cramersV },
    pairwise: [],
    reading: reading(fisher.p, "answers"),
    simulation: fisher.simulation,
  };
}

/** Kruskal-Wallis across the groups, with Holm-adjusted pairwise Mann-Whitney. */
function ordinalTest(counts: number[][], keys: readonly string[]): TestResult | null {
  const used = counts.map((c, g) => ({ c, key: keys[g]! })).filter(({ c }) => sum(c) > 0);
  if (used.length < 2) return null;
  const kw = kruskalWallisFromCounts(used.map((u) => u.c));
  if (Number.isNaN(kw.p)) return null;
  const pairs: { a: string; b: string; u: number; p: number; rankBiserial: number }[] = [];
  for (let i = 0; i < used.length; i += 1) {
    for (let j = i + 1; j < used.length; j += 1) {
      const mw = mannWhitneyFromCounts(used[i]!.c, used[j]!.c);
      pairs.push({ a: used[i]!.key, b: used[j]!.key, u: mw.u, p: mw.p, rankBiserial: mw.rankBiserial });
    }
  }
  const adjusted = holm(pairs.map((p) => p.p));
  return {
    test: "kruskal-wallis",
    method: "asymptotic",
    statistic: kw.statistic,
    df: kw.df,
    p: kw.p,
    effect: { name: "epsilon-squared", value: kw.epsilonSquared },
    pairwise: pairs.map((p, i) => ({ ...p, pAdjusted: adjusted[i]! })),
    reading: reading(kw.p, "ratings"),
    simulation: null,
  };
}

function percentCells(counts: readonly number[], base: number, hidden: readonly boolean[], mode: Mode): Cell[] {
  return counts.map((c, j) => cell(base > 0 ? (100 * c) / base : NaN, hidden[j] ?? false, mode));
}

/** Likert item: base, "no opportunity" apart, counts and % per level, mean, SD, median, quartiles, top/bottom 2. */
export function likertBreakdown(item: Item, column: readonly unknown[], ctx: BreakdownContext): LikertResult {
  const levels = item.levels.map((l) => Number(l.value));
  const na = item.notApplicable?.value;
  const width = levels.length + 1; // the last column counts "no opportunity"
  const all = countByGroup(column, ctx, width, indexOf(na === undefined ? levels : [...levels, na]), false);
  const counts = all.map((r) => r.slice(0, levels.length));
  const naCounts = all.map((r) => r[levels.length]!);
  const bases = counts.map(sum);
  const keys = groupKeys(ctx);
  const baseHidden = protectCells(bases, [bases.map((_, g) => g)], ctx.threshold);
  const hidden = protectGroupTable(counts, ctx.threshold, true, baseHidden);
  const naHidden = protectCells(naCounts, [naCounts.map((_, g) => g)], ctx.threshold);
  const test = ordinalTest(counts.slice(0, ctx.groups.length), keys);
  const top = levels.map((v) => v >= 4);
  const bottom = levels.map((v) => v <= 2);
  return {
    kind: "likert",
    item,
    test,
    ...(test ? {} : { testSkipped: counts.slice(0, ctx.groups.length).filter((c) => sum(c) > 0).length < 2 ? FEW_GROUPS : NO_VARIATION }),
    byGroup: counts.map((c, g) => {
      const d = describeCounts(c, levels);
      const statsHidden = baseHidden[g]!;
      const share = (mask: boolean[]) => (bases[g]! > 0 ? (100 * sum(c.filter((_, j) => mask[j]))) / bases[g]! : NaN);
      const anyHidden = (mask: boolean[]) => statsHidden || mask.some((m, j) => m && hidden[g]![j]);
      return {
        group: keys[g]!,
        base: cell(bases[g]!, statsHidden, ctx.mode),
        notApplicable: cell(naCounts[g]!, naHidden[g]!, ctx.mode),
        counts: c.map((v, j) => cell(v, hidden[g]![j]!, ctx.mode)),
        percents: percentCells(c, bases[g]!, hidden[g]!, ctx.mode),
        mean: cell(d.mean, statsHidden, ctx.mode),
        sd: cell(d.sd, statsHidden, ctx.mode),
        median: cell(d.median, statsHidden, ctx.mode),
        q1: cell(d.q1, statsHidden, ctx.mode),
        q3: cell(d.q3, statsHidden, ctx.mode),
        top2: cell(share(top), anyHidden(top), ctx.mode),
        bottom2: cell(share(bottom), anyHidden(bottom), ctx.mode),
      };
    }),
  };
}

function textsByGroup(column: readonly (unknown | undefined)[], ctx: BreakdownContext): TextGroup[] {
  const lists = ctx.groups.map(() => [] as string[]);
  const nonBlank = /\S/;
  for (let i = 0; i < column.length; i += 1) {
    const g = ctx.groupOf[i]!;
    const value = column[i];
    if (g >= 0 && typeof value === "string" && nonBlank.test(value)) lists[g]!.push(value);
  }
  // Listed in the order of the responses' random ids, which carries no order of arrival; sorting every
  // comment cost a third of the analysis of a million responses. Published texts only for groups at or
  // above the threshold (the plan makes shown groups so).
  return ctx.groups
    .map((group, g) => ({ group: group.key, texts: lists[g]! }))
    .filter((t, g) => t.texts.length > 0 && (ctx.mode === "internal" || ctx.groups[g]!.n >= ctx.threshold));
}

/** Single or multiple choice: respondents choosing each option, % of those who answered. */
export function choiceBreakdown(item: Item, column: readonly unknown[], other: readonly (string | undefined)[] | undefined, ctx: BreakdownContext): ChoiceResult {
  const values = item.levels.map((l) => l.value);
  const hasOther = item.other !== undefined;
  const width = values.length + (hasOther ? 1 : 0) + 1; // the last column counts respondents (the base)
  const counted = countByGroup(column, ctx, width, indexOf(hasOther ? [...values, "other"] : values), true);
  const counts = counted.map((r) => r.slice(0, width - 1));
  const bases = counted.map((r) => r[width - 1]!);
  const baseHidden = protectCells(bases, [bases.map((_, g) => g)], ctx.threshold);
  const hidden = protectGroupTable(counts, ctx.threshold, item.kind === "single", baseHidden);
  const keys = groupKeys(ctx);
  const test = item.kind === "single" ? categoricalTest(counts.slice(0, ctx.groups.length), ctx.seed) : null;
  return {
    kind: item.kind === "multiple" ? "multiple" : "single",
    item,
    test,
    ...(test ? {} : { testSkipped: item.kind === "multiple" ? MULTIPLE_ANSWERS : FEW_GROUPS }),
    byGroup: counts.map((c, g) => ({
      group: keys[g]!,
      base: cell(bases[g]!, baseHidden[g]!, ctx.mode),
      counts: c.map((v, j) => cell(v, hidden[g]![j]!, ctx.mode)),
      percents: percentCells(c, bases[g]!, hidden[g]!, ctx.mode),
    })),
    otherTexts: other ? textsByGroup(other, ctx) : [],
  };
}

/** Free-text answers listed per group. */
export function textBreakdown(item: Item, column: readonly unknown[], ctx: BreakdownContext): TextResult {
  return { kind: "text", item, test: null, byGroup: textsByGroup(column, ctx) };
}
