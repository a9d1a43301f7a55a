/**
 * Where the bars of the Results page's charts go, computed apart from React so it can be tested and so the page
 * draws the same bars as the PDF (analysis/report-pdf.ts `divergingChart`, `levelWidths`, `hbarChart`).
 *
 * Coordinates are in "chart units": 0 at the left edge of the plotting area, `width` (100 by default) at the right.
 * The SVG uses them as percentages of its own width, so the chart stretches with the page on a laptop and on an
 * 800-pixel tablet while its text keeps its size.
 *
 * Pure and free of DOM types: unit tests import it under Node.
 */
import type { Cell } from "../../../../analysis/types.ts";

/** Step of the percentage axis, as in the PDF. */
export const AXIS_STEP = 25;

/** One level of a diverging bar. */
export interface Segment {
  /** 0..4 for ratings 1..5. */
  level: number;
  x: number;
  width: number;
  /** The published percentage, or null when it is hidden (then the width is only a fair share of what is left). */
  value: number | null;
  /** Wide enough to print its percentage inside. */
  labelled: boolean;
}

export interface DivergingBar {
  segments: Segment[];
  /** Left end and right end of the whole bar. */
  start: number;
  end: number;
}

export interface DivergingLayout {
  width: number;
  /** The centre line: the middle of rating 3. */
  center: number;
  /** The axis runs from -axisMax % to +axisMax %. */
  axisMax: number;
  /** Tick values in percent (negative to the left) and their positions. */
  ticks: { value: number; x: number }[];
  /** One per input row; null when nothing may be drawn (no answers, or every level hidden). */
  bars: (DivergingBar | null)[];
}

/** What the diverging layout needs of a group's statistics (a `LikertGroupStats` fits). */
export interface LikertRowInput {
  base: Cell;
  percents: Cell[];
}

/**
 * Percent widths of ratings 1..5 for one bar, or null when there is nothing that may be drawn. Hidden levels
 * share what the shown ones leave of 100 % equally: their place in the bar is known, their exact size is not.
 * @example levelWidths({ base: shown(20), percents: [shown(10), hidden, hidden, shown(30), shown(40)] }) // [10, 10, 10, 30, 40]
 */
export function levelWidths(row: LikertRowInput): number[] | null {
  if (row.base.value === null || row.base.value === 0) return null;
  const values = [0, 1, 2, 3, 4].map((i) => row.percents[i]?.value ?? null);
  const hiddenCount = values.filter((v) => v === null).length;
  if (hiddenCount === 5) return null;
  const known = values.reduce<number>((sum, v) => sum + (v ?? 0), 0);
  const share = hiddenCount ? Math.max(0, 100 - known) / hiddenCount : 0;
  return values.map((v) => v ?? share);
}

/** Ticks every AXIS_STEP from `from` to `to` (percent), placed with `xOf`. */
export function axisTicks(from: number, to: number, xOf: (value: number) => number): { value: number; x: number }[] {
  const ticks: { value: number; x: number }[] = [];
  for (let v = from; v <= to + 1e-9; v += AXIS_STEP) ticks.push({ value: v, x: xOf(v) });
  return ticks;
}

/**
 * Lays out one diverging bar per row, each centred on the middle of rating 3, on a shared axis that is just wide
 * enough for the longest side (a multiple of 25 %, at most 100 %). A segment is labelled when it is at least
 * `minLabelWidth` chart units wide.
 */
export function divergingLayout(rows: readonly LikertRowInput[], width = 100, minLabelWidth = 6): DivergingLayout {
  const widths = rows.map(levelWidths);
  const extent = Math.max(
    AXIS_STEP,
    ...widths.filter((w): w is number[] => w !== null).map((w) => Math.max(w[0]! + w[1]! + w[2]! / 2, w[2]! / 2 + w[3]! + w[4]!)),
  );
  const axisMax = Math.min(100, Math.ceil((extent - 0.001) / AXIS_STEP) * AXIS_STEP);
  const center = width / 2;
  const scale = center / axisMax;
  const bars = widths.map((w, rowIndex): DivergingBar | null => {
    if (!w) return null;
    const start = center - (w[0]! + w[1]! + w[2]! / 2) * scale;
    let x = start;
    const segments = w.map((pct, level): Segment => {
      const segment: Segment = {
        level,
        x,
        width: pct * scale,
        value: rows[rowIndex]!.percents[level]?.value ?? null,
        labelled: false,
      };
      segment.labelled = segment.value !== null && segment.width >= minLabelWidth;
      x += segment.width;
      return segment;
    });
    return { segments, start, end: x };
  });
  return { width, center, axisMax, ticks: axisTicks(-axisMax, axisMax, (v) => center + v * scale), bars };
}

export interface HBarLayout {
  width: number;
  axisMax: number;
  ticks: { value: number; x: number }[];
  /** Bar length per value in chart units; null for a hidden value. */
  bars: (number | null)[];
}

/**
 * Horizontal bars from 0 for percentages (choice items), on an axis up to the next multiple of 25 % above the
 * largest shown value. A shown value above zero gets at least a sliver, so "1 %" is not mistaken for nothing.
 */
export function hbarLayout(values: readonly (number | null)[], width = 100): HBarLayout {
  const max = Math.max(1, ...values.map((v) => v ?? 0));
  const axisMax = Math.min(100, Math.ceil(max / AXIS_STEP) * AXIS_STEP);
  const scale = width / axisMax;
  return {
    width,
    axisMax,
    ticks: axisTicks(0, axisMax, (v) => v * scale),
    bars: values.map((v) => (v === null ? null : v > 0 ? Math.max(0.4, v * scale) : 0)),
  };
}
