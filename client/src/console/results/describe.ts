/**
 * What a screen reader hears for each bar of the Results page's charts: the group, its base and every segment's
 * share, with hidden shares said as hidden ("<5"), never guessed. A chart is one picture to the eye but each bar
 * is a sentence to the ear, so every bar gets its own label; the tables below the charts carry the same numbers.
 *
 * Pure and free of DOM types: unit tests import it under Node.
 */
import { REPORT_TEXT } from "../../../../analysis/report-text.ts";
import type { Cell, Locale } from "../../../../analysis/types.ts";
import { formatCell, formatPercent } from "./format.ts";
import { RESULTS_TEXT } from "./texts.ts";

/**
 * One rating bar: "18–21 g., n = 31: 1 – Nav vajadzīgas: 3 %; 2 – …: <5; …".
 * When the bar is not drawn (no answers, or all hidden) it says why.
 */
export function likertBarDescription(
  group: string,
  base: Cell,
  percents: readonly Cell[],
  levelLabels: readonly string[],
  threshold: number,
  lang: Locale,
  drawn: boolean,
): string {
  const t = RESULTS_TEXT[lang];
  if (!drawn) {
    const reason = base.value === 0 ? REPORT_TEXT[lang].likert.noAnswers : REPORT_TEXT[lang].likert.hidden(threshold);
    return t.noBar(group, reason);
  }
  const n = formatCell(base, threshold, (v) => String(v));
  const parts = levelLabels.map((label, i) => `${label}: ${formatCell(percents[i], threshold, (v) => formatPercent(v, lang))}`);
  return t.barLabel(group, n, parts.join("; "));
}

/** One option of a choice chart: "Biežāk: Līdz 21 g. 38 %; 22–25 g. <5; Kopā 26 %". */
export function choiceOptionDescription(
  option: string,
  series: readonly { label: string; cell: Cell | undefined }[],
  threshold: number,
  lang: Locale,
): string {
  const parts = series.map((s) => `${s.label} ${formatCell(s.cell, threshold, (v) => formatPercent(v, lang))}`);
  return `${option}: ${parts.join("; ")}`;
}
