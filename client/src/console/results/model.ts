/**
 * The shape of the Results page, derived once from an `AnalysisResult`: which items go where, the numbers they
 * carry, the table of contents, the order of groups and what each is called. The numbering and ordering follow
 * the PDF report (3.1, 3.2 … for results, then 4.1 … for open questions), so "question 3.12" means the same on
 * screen and on paper.
 *
 * Pure and free of DOM types: unit tests import it under Node.
 */
import { REPORT_TEXT } from "../../../../analysis/report-text.ts";
import type { AnalysisResult, ChoiceResult, ItemResult, Locale, TextGroup, TextResult } from "../../../../analysis/types.ts";
import { cleanLabel } from "./format.ts";

/** The key of the overall group in every `byGroup` list. */
export const ALL = "all";

/** Section numbers, as in the PDF. */
export const SECTION = { sample: "1", howToRead: "2", results: "3" } as const;

/** An item placed on the page. */
export interface PlacedItem {
  result: ItemResult;
  /** "3.4" or "4.1", as in the PDF. */
  number: string;
  /** Element id of its section on the page. */
  anchor: string;
}

/** A run of consecutive items asked in the same instruments: one heading in the table of contents. */
export interface TocGroup {
  /** Instrument titles, joined. */
  title: string;
  items: PlacedItem[];
}

export interface PageModel {
  /** Non-text items, numbered 3.x. */
  results: PlacedItem[];
  /** Open questions, numbered 4.x (3.x when there are no other items), after the results. */
  comments: PlacedItem[];
  commentsSection: string;
  /** Contents of each part, grouped by the instruments that ask the items. */
  toc: { results: TocGroup[]; comments: TocGroup[] };
}

/** Makes a string safe for an element id (item keys hold dots). */
export function anchorId(prefix: string, number: string): string {
  return `${prefix}-${number.replace(/[^A-Za-z0-9_-]/g, "-")}`;
}

/** The title of an instrument in a language, its id when the result does not name it. */
export function instrumentTitle(result: AnalysisResult, id: string, lang: Locale): string {
  return result.instruments.find((i) => i.id === id)?.title[lang] ?? id;
}

/** The item's title in the table of contents: the rated row first, then the question, as in the PDF. */
export function itemTitle(r: ItemResult, lang: Locale): string {
  const row = r.item.row?.[lang];
  return row ? `${row} — ${r.item.question[lang]}` : r.item.question[lang];
}

function groupRuns(items: PlacedItem[], result: AnalysisResult, lang: Locale): TocGroup[] {
  const groups: TocGroup[] = [];
  let key = "";
  for (const placed of items) {
    const k = placed.result.item.instruments.join("|");
    if (k !== key || groups.length === 0) {
      groups.push({ title: placed.result.item.instruments.map((id) => instrumentTitle(result, id, lang)).join("; "), items: [] });
      key = k;
    }
    groups[groups.length - 1]!.items.push(placed);
  }
  return groups;
}

/** Numbers and groups the items of a result for the page and its contents. */
export function pageModel(result: AnalysisResult, lang: Locale, idPrefix = "res"): PageModel {
  const nonText = result.items.filter((r) => r.kind !== "text");
  const texts = result.items.filter((r): r is TextResult => r.kind === "text");
  const commentsSection = nonText.length > 0 ? "4" : "3";
  const place = (section: string) => (r: ItemResult, i: number): PlacedItem => {
    const number = `${section}.${i + 1}`;
    return { result: r, number, anchor: anchorId(idPrefix, number) };
  };
  const results = nonText.map(place(SECTION.results));
  const comments = texts.map(place(commentsSection));
  return { results, comments, commentsSection, toc: { results: groupRuns(results, result, lang), comments: groupRuns(comments, result, lang) } };
}

/** The labels of the result's groups in a language; "all" reads as the total ("Kopā"), as in the PDF. */
export function groupLabels(result: AnalysisResult, lang: Locale): Map<string, string> {
  const labels = new Map<string, string>();
  for (const g of result.plan.groups) labels.set(g.key, g.label[lang]);
  labels.set(ALL, REPORT_TEXT[lang].sample.total);
  return labels;
}

/** Shown groups in plan order, "all" last; groups the plan does not know go just before "all". */
export function orderGroups<T extends { group: string }>(list: readonly T[], planOrder: readonly string[]): T[] {
  const pos = (g: string): number => (g === ALL ? 1e9 : planOrder.indexOf(g) < 0 ? 1e8 : planOrder.indexOf(g));
  return [...list].sort((a, b) => pos(a.group) - pos(b.group));
}

/** A choice item's options in `counts` order: its levels, then "other" when it has one. */
export function choiceOptions(r: ChoiceResult, lang: Locale): string[] {
  const labels = r.item.levels.map((l) => l.label[lang]);
  if (r.item.other) labels.push(cleanLabel(r.item.other[lang]));
  return labels;
}

/**
 * Option indexes for a multiple-answer item, most chosen first (by the overall group), as the PDF orders them.
 * Hidden percentages sort last; ties keep the questionnaire's order.
 */
export function optionOrderByOverall(r: ChoiceResult, count: number): number[] {
  const overall = r.byGroup.find((s) => s.group === ALL) ?? r.byGroup[r.byGroup.length - 1];
  return Array.from({ length: count }, (_, i) => i).sort(
    (a, b) => (overall?.percents[b]?.value ?? -1) - (overall?.percents[a]?.value ?? -1) || a - b,
  );
}

/** One list of free-text answers as shown: a group's, or the answers of respondents whose group is not shown. */
export interface CommentList {
  /** A group key, or null for answers whose group is not shown. */
  group: string | null;
  texts: string[];
}

/**
 * Answers listed per shown group. The overall entry repeats them, so only what it holds beyond the groups
 * (answers from respondents whose group is not shown) is listed apart — the PDF's rule.
 */
export function commentLists(groups: readonly TextGroup[], planOrder: readonly string[]): CommentList[] {
  const list = orderGroups(groups, planOrder);
  const perGroup = list.filter((g) => g.group !== ALL);
  const all = list.find((g) => g.group === ALL);
  if (perGroup.length === 0) return all ? [{ group: ALL, texts: all.texts }] : [];
  const rest = [...(all?.texts ?? [])];
  for (const g of perGroup) {
    for (const text of g.texts) {
      const i = rest.indexOf(text);
      if (i >= 0) rest.splice(i, 1);
    }
  }
  const lists: CommentList[] = perGroup.map((g) => ({ group: g.group, texts: g.texts }));
  if (rest.length > 0) lists.push({ group: null, texts: rest });
  return lists;
}

/** How many answers a list of text groups holds in all: the overall entry's count, else the sum of the groups. */
export function commentTotal(groups: readonly TextGroup[]): number {
  const all = groups.find((g) => g.group === ALL);
  return all ? all.texts.length : groups.reduce((s, g) => s + g.texts.length, 0);
}
