/**
 * Numbers on the Results page exactly as the PDF prints them: the same decimal mark and grouping per language
 * (taken from analysis/report-text.ts), the same "<k" for a suppressed cell, the same p-value and test line. A
 * researcher who reads "H = 28,58; df = 3; p < 0,001" on screen must find the same characters in the report, so
 * the rules here copy the PDF renderer's (`Report.num`, `Report.cell`, `Report.testLine`) rather than using
 * `Intl.NumberFormat`, whose output differs between browsers and Node.
 *
 * Pure and free of DOM types: unit tests import it under Node.
 */
import { REPORT_TEXT } from "../../../../analysis/report-text.ts";
import type { Cell, Locale, TestResult } from "../../../../analysis/types.ts";

/**
 * A number in the language's style: decimal comma in Latvian and Russian, a no-break space grouping from
 * 10 000 (lv, ru) or a comma from 1,000 (en), a true minus sign.
 * @example formatNumber(0.3248, "lv", 2) // "0,32"
 */
export function formatNumber(value: number, lang: Locale, digits = 0): string {
  const style = REPORT_TEXT[lang].number;
  const fixed = Math.abs(value).toFixed(digits);
  const [int = "0", frac] = fixed.split(".");
  const grouped = Math.abs(value) >= style.groupFrom ? int.replace(/\B(?=(\d{3})+(?!\d))/g, style.group) : int;
  const sign = value < 0 && Number(fixed) !== 0 ? "−" : "";
  return sign + grouped + (frac ? style.decimal + frac : "");
}

/** A percentage rounded to a whole number, without the sign: the form used in tables ("45"). */
export function formatPercentValue(value: number, lang: Locale): string {
  return formatNumber(Math.round(value), lang);
}

/** A percentage with its sign as the language writes it: "45 %" (lv, ru), "45%" (en). */
export function formatPercent(value: number, lang: Locale): string {
  return REPORT_TEXT[lang].percent(formatPercentValue(value, lang));
}

/** A median: whole ratings as integers, a median between two ratings with one decimal ("3,5"). */
export function formatMedian(value: number, lang: Locale): string {
  return Number.isInteger(value) ? formatNumber(value, lang) : formatNumber(value, lang, 1);
}

/** The text for a suppressed cell: "<5" when the study's threshold is 5. */
export function suppressedText(threshold: number): string {
  return `<${threshold}`;
}

/**
 * A cell as printed: its value through `format`, "<k" when the analysis hid it, "–" when there is nothing.
 * Nothing is ever computed from a hidden value.
 * @example formatCell({ value: null, suppressed: true }, 5, String) // "<5"
 */
export function formatCell(cell: Cell | undefined, threshold: number, format: (value: number) => string): string {
  if (!cell) return "–";
  if (cell.value === null) return cell.suppressed ? suppressedText(threshold) : "–";
  return format(cell.value);
}

/** True when the cell was hidden to protect a small group. */
export function isSuppressed(cell: Cell | undefined): boolean {
  return Boolean(cell && cell.value === null && cell.suppressed);
}

/** The interquartile range as "Q1–Q3" ("2–4", "2,5–4"), or "<k" when either quartile is hidden. */
export function formatQuartiles(q1: Cell | undefined, q3: Cell | undefined, threshold: number, lang: Locale): string {
  if (isSuppressed(q1) || isSuppressed(q3)) return suppressedText(threshold);
  if (!q1 || !q3 || q1.value === null || q3.value === null) return "–";
  return `${formatMedian(q1.value, lang)}–${formatMedian(q3.value, lang)}`;
}

/** "< 0,001" or "= 0,042": the relation is part of the value, so it reads "p < 0,001". */
export function formatPValue(p: number, lang: Locale): string {
  return p < 0.001 ? `< ${formatNumber(0.001, lang, 3)}` : `= ${formatNumber(p, lang, 3)}`;
}

/** A p value in a table column, without "=": "0,042" or "< 0,001". */
export function formatPBare(p: number, lang: Locale): string {
  return p < 0.001 ? `< ${formatNumber(0.001, lang, 3)}` : formatNumber(p, lang, 3);
}

/**
 * The statistics of a group comparison on one line, as the PDF prints it under the test's name.
 * @example testLine(kruskalWallis, "lv") // "H = 28,58; df = 3; p < 0,001; ε² = 0,32; asimptotiskā p vērtība"
 */
export function testLine(test: TestResult, lang: Locale): string {
  const t = REPORT_TEXT[lang];
  const parts: string[] = [];
  const symbol = test.test === "kruskal-wallis" ? "H" : test.test === "chi-square" ? "χ²" : null;
  if (symbol && test.statistic !== null) parts.push(`${symbol} = ${formatNumber(test.statistic, lang, 2)}`);
  if (test.df !== null) parts.push(`df = ${formatNumber(test.df, lang)}`);
  parts.push(`p ${formatPValue(test.p, lang)}`);
  if (test.effect) parts.push(`${t.test.effects[test.effect.name]} = ${formatNumber(test.effect.value, lang, 2)}`);
  parts.push(
    test.simulation
      ? t.test.monteCarlo(String(test.simulation.seed), formatNumber(test.simulation.samples, lang))
      : t.test.methods[test.method],
  );
  return parts.join("; ");
}

export type EffectMagnitude = "negligible" | "small" | "medium" | "large";

/**
 * How large an effect is, by the rules of thumb the report's "how to read" section gives: Cramér's V about 0.1
 * small, 0.3 medium, 0.5 large; ε² about 0.01 small, 0.08 medium, 0.26 large.
 */
export function effectMagnitude(effect: NonNullable<TestResult["effect"]>): EffectMagnitude {
  const [small, medium, large] = effect.name === "cramers-v" ? [0.1, 0.3, 0.5] : [0.01, 0.08, 0.26];
  const v = Math.abs(effect.value);
  if (v >= large) return "large";
  if (v >= medium) return "medium";
  if (v >= small) return "small";
  return "negligible";
}

/** An ISO day as readers of the language write it ("30.04.2025." in Latvian). */
export function formatDay(iso: string, lang: Locale): string {
  return REPORT_TEXT[lang].date(iso);
}

/** The fieldwork period: "03.03.2025. – 30.04.2025.", one day, or `unknown`. */
export function formatPeriod(period: { from: string | null; to: string | null }, lang: Locale): string {
  const t = REPORT_TEXT[lang];
  if (period.from && period.to) return `${t.date(period.from)} – ${t.date(period.to)}`;
  const one = period.from ?? period.to;
  return one ? t.date(one) : t.cover.periodUnknown;
}

/** "Cits," -> "Cits": SurveyJS "other" captions end in the punctuation that leads into the text box. */
export function cleanLabel(label: string): string {
  return label.replace(/[\s,:;.]+$/u, "");
}
