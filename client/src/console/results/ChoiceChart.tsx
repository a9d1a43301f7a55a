/**
 * Horizontal bars for a choice item, as in the PDF: for a multiple-answer item one bar per option for all
 * respondents, most chosen first; for a single-answer item one thin bar per group within each option, coloured
 * by group with a legend. Values are printed at the bar ends; a hidden value is printed "<k" with no bar.
 */
import type { JSX } from "react";
import type { Cell, Locale } from "../../../../analysis/types.ts";
import { choiceOptionDescription } from "./describe.ts";
import { formatCell, formatNumber, formatPercent } from "./format.ts";
import { hbarLayout } from "./geometry.ts";
import { RESULTS_TEXT } from "./texts.ts";

/** Bars reach at most this share of the plotting width, leaving room for the value after the longest. */
const PLOT_WIDTH = 86;
const STEP = 16;
const BAR = 11;

export interface ChoiceSeries {
  key: string;
  label: string;
  /** CSS class giving the series its colour. */
  colorClass: string;
  /** Percent per option, in `options` order. */
  percents: (Cell | undefined)[];
  base: Cell;
}

export interface ChoiceChartProps {
  /** Option labels, in drawing order. */
  options: string[];
  /** Index into each series' `percents` for each drawn option. */
  order: number[];
  series: ChoiceSeries[];
  k: number;
  lang: Locale;
  /** Show the group legend (single-answer items, several series). */
  legend: boolean;
}

function pct(x: number): string {
  return `${x.toFixed(3)}%`;
}

/** Horizontal bars of one choice item, one row per option, each row an image labelled for screen readers. */
export function ChoiceChart({ options, order, series, k, lang, legend }: ChoiceChartProps): JSX.Element {
  const t = RESULTS_TEXT[lang];
  const layout = hbarLayout(
    series.flatMap((s) => order.map((i) => s.percents[i]?.value ?? null)),
    PLOT_WIDTH,
  );
  const height = series.length * STEP + 6;
  return (
    <div className="rr-choice">
      {legend && (
        <ul className="rr-legend" aria-label={t.groupsLegend}>
          {series.map((s) => (
            <li key={s.key}>
              <span className={`rr-swatch ${s.colorClass}`} aria-hidden="true" />
              {s.label} (n = {formatCell(s.base, k, (v) => formatNumber(v, lang))})
            </li>
          ))}
        </ul>
      )}
      <div className="rr-choice-grid">
        <span aria-hidden="true" />
        <svg className="rr-axis" width="100%" height="16" aria-hidden="true" focusable="false">
          {layout.ticks.map((tick, i) => (
            <text key={tick.value} x={pct(tick.x)} y={12} textAnchor={i === 0 ? "start" : "middle"}>
              {tick.value === 0 ? "0" : formatPercent(tick.value, lang)}
            </text>
          ))}
        </svg>
        {order.map((optionIndex, position) => {
          const option = options[optionIndex] ?? "";
          const description = choiceOptionDescription(
            option,
            series.map((s) => ({ label: s.label, cell: s.percents[optionIndex] })),
            k,
            lang,
          );
          return (
            <div className="rr-choice-row" key={optionIndex}>
              <span className="rr-choice-label" aria-hidden="true">
                {option}
              </span>
              <div className="rr-choice-bars">
                <svg width="100%" height={height} role="img" aria-label={description} focusable="false">
                  <title>{description}</title>
                  {layout.ticks.map((tick) => (
                    <line key={tick.value} className="rr-grid" x1={pct(tick.x)} x2={pct(tick.x)} y1={0} y2={height} aria-hidden="true" />
                  ))}
                  {series.map((s, si) => {
                    const cell = s.percents[optionIndex];
                    const y = 3 + si * STEP;
                    // Bars were laid out series by series, options in drawing order.
                    const shown = layout.bars[si * order.length + position] ?? null;
                    return (
                      <g key={s.key}>
                        {shown !== null && shown > 0 && <rect className={`rr-hbar ${s.colorClass}`} x="0" y={y} width={pct(shown)} height={BAR} />}
                        <text className="rr-hbar-text" x={pct((shown ?? 0) + 0.8)} y={y + BAR - 1.5}>
                          {formatCell(cell, k, (v) => formatPercent(v, lang))}
                        </text>
                      </g>
                    );
                  })}
                  <line className="rr-baseline" x1="0" x2="0" y1={0} y2={height} />
                </svg>
              </div>
            </div>
          );
        })}
      </div>
    </div>
  );
}
