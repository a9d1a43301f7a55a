/**
 * The three sample tables of the Results page (respondents by age group, by channel and by prison, each against
 * the instruments), built exactly as the PDF builds them (analysis/report-pdf.ts `sample`). The analysis hides
 * small cells of the sample; a sum that includes hidden cells is printed as a lower bound "12+" (each hidden cell
 * holds at least one respondent), or as "<k" when it is a single hidden cell, so no total gives a hidden cell away.
 *
 * Pure and free of DOM types: unit tests import it under Node.
 */
import { REPORT_TEXT, SITE_NAMES } from "../../../../analysis/report-text.ts";
import type { AnalysisResult, Locale, SampleCell } from "../../../../analysis/types.ts";
import { formatNumber, suppressedText } from "./format.ts";
import { ALL, groupLabels, instrumentTitle } from "./model.ts";

/** A sum over sample cells: what is known exactly and how many hidden cells it also holds. */
export interface Sum {
  known: number;
  hidden: number;
}

export interface SampleRow {
  label: string;
  cells: string[];
  total: boolean;
}

export interface SampleTable {
  /** The table's caption. */
  title: string;
  /** Header of the first column, then one per instrument, then the total. */
  headers: string[];
  rows: SampleRow[];
}

export interface SampleTables {
  tables: SampleTable[];
  /** True when some sum is a lower bound ("12+"): the page then explains it. */
  approximate: boolean;
}

/** Adds up sample cells, counting hidden ones apart. */
export function sumCells(cells: readonly SampleCell[]): Sum {
  return cells.reduce<Sum>(
    (s, c) => (c.count.value === null ? { known: s.known, hidden: s.hidden + 1 } : { known: s.known + c.count.value, hidden: s.hidden }),
    { known: 0, hidden: 0 },
  );
}

/**
 * A sum as printed: exact when nothing in it is hidden, "<k" for a single hidden cell, otherwise a lower bound.
 * @example formatSum({ known: 10, hidden: 2 }, 5, "lv") // "12+"
 */
export function formatSum(s: Sum, threshold: number, lang: Locale): string {
  if (s.hidden === 0) return formatNumber(s.known, lang);
  if (s.known === 0 && s.hidden === 1) return suppressedText(threshold);
  return `${formatNumber(s.known + s.hidden, lang)}+`;
}

const add = (a: Sum, b: Sum): Sum => ({ known: a.known + b.known, hidden: a.hidden + b.hidden });
const ZERO: Sum = { known: 0, hidden: 0 };

/** The sample tables of a result in a language. */
export function sampleTables(result: AnalysisResult, lang: Locale): SampleTables {
  const t = REPORT_TEXT[lang];
  const k = result.threshold;
  const labels = groupLabels(result, lang);
  let approximate = false;
  const fmt = (s: Sum): string => {
    if (s.hidden > 0 && !(s.known === 0 && s.hidden === 1)) approximate = true;
    return formatSum(s, k, lang);
  };
  const cellText = (s: Sum): string => (s.known + s.hidden === 0 ? "–" : fmt(s));

  const instruments = result.instruments.map((i) => i.id);
  for (const c of result.sample) if (!instruments.includes(c.instrument)) instruments.push(c.instrument);
  const headers = (first: string): string[] => [first, ...instruments.map((id) => instrumentTitle(result, id, lang)), t.sample.total];

  // By group x instrument. A group answered in one instrument only is exactly its published n.
  const groupKeys = result.plan.groups.map((g) => g.key).filter((key) => key !== ALL);
  for (const c of result.sample) if (!groupKeys.includes(c.group)) groupKeys.push(c.group);
  const perInstrument = new Map<string, Sum>(instruments.map((i) => [i, ZERO]));
  const groupRows: SampleRow[] = groupKeys.map((g) => {
    const mine = result.sample.filter((c) => c.group === g);
    const info = result.plan.groups.find((x) => x.key === g);
    const only = new Set(mine.map((c) => c.instrument));
    const cells = instruments.map((i) => {
      const s: Sum = only.size === 1 && only.has(i) && info ? { known: info.n, hidden: 0 } : sumCells(mine.filter((c) => c.instrument === i));
      perInstrument.set(i, add(perInstrument.get(i)!, s));
      return s;
    });
    const total: Sum = info ? { known: info.n, hidden: 0 } : cells.reduce(add, ZERO);
    return { label: labels.get(g) ?? g, cells: [...cells.map(cellText), fmt(total)], total: false };
  });
  const totalRow = (): SampleRow => ({
    label: t.sample.total,
    cells: [...instruments.map((i) => fmt(perInstrument.get(i)!)), formatNumber(result.totalResponses, lang)],
    total: true,
  });
  const tables: SampleTable[] = [{ title: t.sample.byGroup, headers: headers(t.sample.ageGroup), rows: [...groupRows, totalRow()] }];

  const breakdown = (keyOf: (c: SampleCell) => string, order: readonly string[], labelOf: (key: string) => string): SampleRow[] => {
    const keys = [...new Set(result.sample.map(keyOf))].sort((a, b) => {
      const ia = order.indexOf(a);
      const ib = order.indexOf(b);
      return (ia < 0 ? 1e9 : ia) - (ib < 0 ? 1e9 : ib) || labelOf(a).localeCompare(labelOf(b), lang);
    });
    const rows: SampleRow[] = keys.map((key) => {
      const mine = result.sample.filter((c) => keyOf(c) === key);
      const cells = instruments.map((i) => sumCells(mine.filter((c) => c.instrument === i)));
      return { label: labelOf(key), cells: [...cells.map(cellText), fmt(sumCells(mine))], total: false };
    });
    return [...rows, totalRow()];
  };
  tables.push({
    title: t.sample.byChannel,
    headers: headers(t.sample.channel),
    rows: breakdown((c) => c.channel, ["tablet", "online", "paper", "interview"], (key) => t.channels[key] ?? key),
  });
  tables.push({
    title: t.sample.bySite,
    headers: headers(t.sample.site),
    rows: breakdown(
      (c) => c.site,
      [],
      (key) => (key === "" || key === "-" || key === "none" ? t.sample.noSite : (SITE_NAMES[key] ?? key)),
    ),
  });
  return { tables, approximate };
}
