/**
 * The diverging stacked bar chart of a rating item, drawn like the PDF's: one bar per group centred on the middle
 * of rating 3, low ratings to the left in warm colours, high ratings to the right in cool ones, the group and its
 * base (n) beside each bar, hidden levels grey and hatched without a number. Plain SVG: the x coordinates are
 * percentages of the plotting area (geometry.ts), so the chart follows the page's width while its text keeps
 * its size.
 */
import { useId, type JSX } from "react";
import { REPORT_TEXT } from "../../../../analysis/report-text.ts";
import type { LikertGroupStats, Locale } from "../../../../analysis/types.ts";
import { likertBarDescription } from "./describe.ts";
import { formatCell, formatNumber, formatPercentValue } from "./format.ts";
import { divergingLayout, type DivergingLayout } from "./geometry.ts";
import { ALL } from "./model.ts";
import { RESULTS_TEXT } from "./texts.ts";

const BAR_HEIGHT = 26;

export interface LikertChartProps {
  stats: LikertGroupStats[];
  levelLabels: string[];
  labelOf: (group: string) => string;
  k: number;
  lang: Locale;
}

function pct(x: number): string {
  return `${x.toFixed(3)}%`;
}

function Grid({ layout }: { layout: DivergingLayout }): JSX.Element {
  return (
    <g aria-hidden="true">
      {layout.ticks.map((tick) => (
        <line key={tick.value} className="rr-grid" x1={pct(tick.x)} x2={pct(tick.x)} y1={0} y2={BAR_HEIGHT} />
      ))}
    </g>
  );
}

/** The diverging bars of one rating item, its axis and its legend; each bar is an image labelled for screen readers. */
export function LikertChart({ stats, levelLabels, labelOf, k, lang }: LikertChartProps): JSX.Element {
  const t = RESULTS_TEXT[lang];
  const r = REPORT_TEXT[lang];
  const hatch = `rr-hatch-${useId().replace(/[^A-Za-z0-9_-]/g, "")}`;
  const layout = divergingLayout(stats);
  const anyHidden = stats.some((s) => s.percents.some((p) => p.value === null && p.suppressed));
  return (
    <div className="rr-likert">
      <div className="rr-likert-grid">
        <span aria-hidden="true" />
        <span aria-hidden="true" />
        <svg className="rr-axis" width="100%" height="16" aria-hidden="true" focusable="false">
          {layout.ticks.map((tick, i) => (
            <text
              key={tick.value}
              x={pct(tick.x)}
              y={12}
              textAnchor={i === 0 ? "start" : i === layout.ticks.length - 1 ? "end" : "middle"}
            >
              {tick.value === 0 ? "0" : r.percent(formatNumber(Math.abs(tick.value), lang))}
            </text>
          ))}
        </svg>
        {stats.map((s, i) => {
          const bar = layout.bars[i] ?? null;
          const label = labelOf(s.group);
          const description = likertBarDescription(label, s.base, s.percents, levelLabels, k, lang, bar !== null);
          const total = s.group === ALL;
          return (
            <div key={s.group} className={total ? "rr-likert-row rr-total" : "rr-likert-row"}>
              {total && i > 0 && <span className="rr-likert-sep" aria-hidden="true" />}
              <span className="rr-bar-label" aria-hidden="true">
                {label}
              </span>
              <span className="rr-bar-n" aria-hidden="true">
                n = {formatCell(s.base, k, (v) => formatNumber(v, lang))}
              </span>
              <svg width="100%" height={BAR_HEIGHT} role="img" aria-label={description} focusable="false">
                <title>{description}</title>
                {bar?.segments.some((seg) => seg.value === null && seg.width > 0) && (
                  <defs>
                    <pattern id={`${hatch}-${i}`} width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                      <rect width="5" height="5" className="rr-hatch-bg" />
                      <line x1="0" y1="0" x2="0" y2="5" className="rr-hatch-line" />
                    </pattern>
                  </defs>
                )}
                <Grid layout={layout} />
                {/* Behind the bars, as in the PDF: it shows between them without crossing their numbers. */}
                <line className="rr-center" x1="50%" x2="50%" y1={0} y2={BAR_HEIGHT} />
                {bar ? (
                  <>
                    {bar.segments.map((seg) =>
                      seg.width > 0 ? (
                        <g key={seg.level}>
                          <rect
                            x={pct(seg.x)}
                            width={pct(seg.width)}
                            y={3}
                            height={BAR_HEIGHT - 6}
                            className={seg.value === null ? "rr-seg-hidden" : `rr-seg rr-l${seg.level + 1}`}
                            fill={seg.value === null ? `url(#${hatch}-${i})` : undefined}
                          />
                          {seg.labelled && seg.value !== null && (
                            <text className={`rr-seg-text rr-lt${seg.level + 1}`} x={pct(seg.x + seg.width / 2)} y={BAR_HEIGHT / 2 + 4} textAnchor="middle">
                              {formatPercentValue(seg.value, lang)}
                            </text>
                          )}
                        </g>
                      ) : null,
                    )}
                    <rect className="rr-bar-outline" x={pct(bar.start)} width={pct(bar.end - bar.start)} y={3} height={BAR_HEIGHT - 6} />
                  </>
                ) : (
                  <text className="rr-bar-none" x="50%" y={BAR_HEIGHT / 2 + 4} textAnchor="middle">
                    {s.base.value === 0 ? r.likert.noAnswers : r.likert.hidden(k)}
                  </text>
                )}
              </svg>
            </div>
          );
        })}
      </div>
      <ul className="rr-legend" aria-label={t.legendTitle}>
        {levelLabels.map((label, i) => (
          <li key={i}>
            <span className={`rr-swatch rr-l${i + 1}`} aria-hidden="true" />
            {label}
          </li>
        ))}
        {anyHidden && (
          <li>
            <span className="rr-swatch rr-swatch-hidden" aria-hidden="true" />
            {r.likert.legendHidden(k)}
          </li>
        )}
      </ul>
    </div>
  );
}
