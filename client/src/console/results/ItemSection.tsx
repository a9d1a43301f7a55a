/**
 * One question of the results, with the same numbers as its page in the PDF: for a rating item the diverging
 * chart, the table of percentages (with counts), mean, median and quartiles; for a choice item the bar chart and
 * the table by group; for an open question how many answered, by group, with the answers behind a disclosure
 * that renders them only when opened; then the comparison of groups. A study can have hundreds of items, so a
 * section is memoised: it renders again only when its result, the language or the shared context change.
 */
import { memo, useState, type JSX } from "react";
import { REPORT_TEXT } from "../../../../analysis/report-text.ts";
import type { ChoiceResult, ItemResult, LikertResult, Locale, TestResult, TextGroup, TextResult } from "../../../../analysis/types.ts";
import { ChoiceChart, type ChoiceSeries } from "./ChoiceChart.tsx";
import { LikertChart } from "./LikertChart.tsx";
import {
  cleanLabel,
  effectMagnitude,
  formatCell,
  formatMedian,
  formatNumber,
  formatPBare,
  formatQuartiles,
  isSuppressed,
  testLine,
} from "./format.ts";
import { ALL, choiceOptions, commentLists, commentTotal, optionOrderByOverall, orderGroups, type PlacedItem } from "./model.ts";
import { CellText, PercentCount, TableWrap } from "./parts.tsx";
import { RESULTS_TEXT } from "./texts.ts";

/** What every item section needs from the result as a whole; built once per result and language. */
export interface ItemContext {
  lang: Locale;
  k: number;
  /** Group keys in plan order. */
  planOrder: string[];
  labelOf: (group: string) => string;
  /** CSS colour class of a group in single-answer charts. */
  colorOf: (group: string) => string;
  instrumentTitle: (id: string) => string;
  /** Id of the contents, for the "back to contents" link. */
  tocId: string;
}

export interface ItemSectionProps {
  placed: PlacedItem;
  ctx: ItemContext;
}

function ItemHeading({ placed, ctx }: ItemSectionProps): JSX.Element {
  const { lang } = ctx;
  const r = placed.result;
  const rt = REPORT_TEXT[lang];
  const row = r.item.row?.[lang];
  return (
    <header className="rr-item-head">
      <h3 id={`${placed.anchor}-h`} tabIndex={-1}>
        <span className="rr-badge">{placed.number}</span> <span className="rr-question">{r.item.question[lang]}</span>
      </h3>
      {row && (
        <p className="rr-row">
          {rt.rowLabel}: {row}
        </p>
      )}
      <p className="rr-meta">
        <code>{r.item.key}</code> · {rt.kinds[r.item.kind]} · {rt.askedIn}: {r.item.instruments.map(ctx.instrumentTitle).join("; ")}
      </p>
    </header>
  );
}

function TestBox({ test, skipped, ctx }: { test: TestResult | null; skipped: ItemResult["testSkipped"]; ctx: ItemContext }): JSX.Element | null {
  const { lang } = ctx;
  const rt = REPORT_TEXT[lang];
  const t = RESULTS_TEXT[lang];
  if (!test && !skipped) return null;
  const significant = test?.pairwise.filter((p) => p.pAdjusted < 0.05).length ?? 0;
  return (
    <div className="rr-test">
      <p className="rr-test-head">
        {rt.test.label}: {test ? rt.test.names[test.test] : rt.test.skipped}
      </p>
      {test && <p className="rr-test-line">{testLine(test, lang)}</p>}
      <p className="rr-test-reading">{test ? test.reading[lang] : skipped?.[lang]}</p>
      {test?.effect && (
        <p className="rr-test-effect">{t.effect(rt.test.effects[test.effect.name], t.magnitudes[effectMagnitude(test.effect)])}</p>
      )}
      {test && test.pairwise.length > 0 && (
        <details className="rr-pairwise">
          <summary>{t.pairwiseShow(String(test.pairwise.length))}</summary>
          <TableWrap>
            <table className="rr-table">
              <caption>{rt.test.pairwiseCaption}</caption>
              <thead>
                <tr>
                  <th scope="col">{rt.test.pair}</th>
                  <th scope="col" className="rr-num">U</th>
                  <th scope="col" className="rr-num">p</th>
                  <th scope="col" className="rr-num">{rt.test.pAdjusted}</th>
                  <th scope="col" className="rr-num">{rt.test.rankBiserial}</th>
                </tr>
              </thead>
              <tbody>
                {test.pairwise.map((p) => (
                  <tr key={`${p.a}|${p.b}`} className={p.pAdjusted < 0.05 ? "rr-strong" : undefined}>
                    <th scope="row">
                      {ctx.labelOf(p.a)} — {ctx.labelOf(p.b)}
                    </th>
                    <td className="rr-num">{formatNumber(p.u, lang, Number.isInteger(p.u) ? 0 : 1)}</td>
                    <td className="rr-num">{formatPBare(p.p, lang)}</td>
                    <td className="rr-num">{formatPBare(p.pAdjusted, lang)}</td>
                    <td className="rr-num">{formatNumber(p.rankBiserial, lang, 2)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          {significant > 0 && <p className="rr-note">{rt.test.significantNote}</p>}
        </details>
      )}
    </div>
  );
}

function LikertBody({ r, ctx }: { r: LikertResult; ctx: ItemContext }): JSX.Element {
  const { lang, k } = ctx;
  const rt = REPORT_TEXT[lang];
  const t = RESULTS_TEXT[lang];
  const stats = orderGroups(r.byGroup, ctx.planOrder);
  const levelLabels = r.item.levels.map((l) => l.label[lang]);
  const na = r.item.notApplicable;
  const notes = [rt.likert.tableNote, t.quartilesNote, t.countsNote, ...(na ? [rt.likert.naNote(na.label[lang])] : [])].join(" ");
  const count = (v: number): string => formatNumber(v, lang);
  return (
    <>
      <figure className="rr-figure">
        <figcaption>{rt.likert.chartNote}</figcaption>
        <LikertChart stats={stats} levelLabels={levelLabels} labelOf={ctx.labelOf} k={k} lang={lang} />
      </figure>
      <TableWrap>
        <table className="rr-table rr-likert-table">
          <caption>{r.item.row?.[lang] ?? r.item.question[lang]}</caption>
          <thead>
            <tr>
              <th scope="col">{rt.table.group}</th>
              <th scope="col" className="rr-num">
                {rt.table.n}
              </th>
              {levelLabels.map((label, i) => (
                <th scope="col" className="rr-num" key={i} title={label}>
                  <span className={`rr-mark rr-l${i + 1}`} aria-hidden="true" />
                  {i + 1}
                  <span className="rr-sr"> — {label}, %</span>
                </th>
              ))}
              <th scope="col" className="rr-num">
                {rt.table.mean}
              </th>
              <th scope="col" className="rr-num">
                {rt.table.median}
              </th>
              <th scope="col" className="rr-num">
                {t.quartiles}
              </th>
              <th scope="col" className="rr-num">
                {rt.table.top2}
              </th>
              {na && (
                <th scope="col" className="rr-num" title={na.label[lang]}>
                  {rt.table.notApplicable}
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {stats.map((s) => (
              <tr key={s.group} className={s.group === ALL ? "rr-total" : undefined}>
                <th scope="row">{ctx.labelOf(s.group)}</th>
                <td className="rr-num">
                  <CellText cell={s.base} k={k} lang={lang} format={count} />
                </td>
                {[0, 1, 2, 3, 4].map((i) => (
                  <td className="rr-num rr-pc" key={i}>
                    <PercentCount pct={s.percents[i]} count={s.counts[i]} k={k} lang={lang} />
                  </td>
                ))}
                <td className="rr-num">
                  <CellText cell={s.mean} k={k} lang={lang} format={(v) => formatNumber(v, lang, 1)} />
                </td>
                <td className="rr-num">
                  <CellText cell={s.median} k={k} lang={lang} format={(v) => formatMedian(v, lang)} />
                </td>
                <td className="rr-num">
                  {isSuppressed(s.q1) || isSuppressed(s.q3) ? (
                    <CellText cell={{ value: null, suppressed: true }} k={k} lang={lang} format={count} />
                  ) : (
                    formatQuartiles(s.q1, s.q3, k, lang)
                  )}
                </td>
                <td className="rr-num">
                  <CellText cell={s.top2} k={k} lang={lang} format={(v) => formatNumber(Math.round(v), lang)} />
                </td>
                {na && (
                  <td className="rr-num">
                    <CellText cell={s.notApplicable} k={k} lang={lang} format={count} />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <p className="rr-note">{notes}</p>
      <TestBox test={r.test} skipped={r.testSkipped} ctx={ctx} />
    </>
  );
}

function ChoiceTable({ r, ctx, labels, order }: { r: ChoiceResult; ctx: ItemContext; labels: string[]; order: number[] }): JSX.Element {
  const { lang, k } = ctx;
  const rt = REPORT_TEXT[lang];
  const stats = orderGroups(r.byGroup, ctx.planOrder);
  return (
    <TableWrap>
      <table className="rr-table rr-choice-table">
        <caption>{r.kind === "multiple" ? rt.multiple.byGroup : rt.single.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{rt.table.option}</th>
            {stats.map((s) => (
              <th scope="col" className="rr-num" key={s.group}>
                {ctx.labelOf(s.group)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr className="rr-base">
            <th scope="row">{rt.table.base}</th>
            {stats.map((s) => (
              <td className="rr-num" key={s.group}>
                <CellText cell={s.base} k={k} lang={lang} format={(v) => formatNumber(v, lang)} />
              </td>
            ))}
          </tr>
          {order.map((i) => (
            <tr key={i}>
              <th scope="row">{labels[i]}</th>
              {stats.map((s) => (
                <td className="rr-num rr-pc" key={s.group}>
                  <PercentCount pct={s.percents[i]} count={s.counts[i]} k={k} lang={lang} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

function ChoiceBody({ r, ctx }: { r: ChoiceResult; ctx: ItemContext }): JSX.Element {
  const { lang, k } = ctx;
  const rt = REPORT_TEXT[lang];
  const t = RESULTS_TEXT[lang];
  const labels = choiceOptions(r, lang);
  const stats = orderGroups(r.byGroup, ctx.planOrder);
  const multiple = r.kind === "multiple";
  const toSeries = (s: (typeof stats)[number]): ChoiceSeries => ({
    key: s.group,
    label: ctx.labelOf(s.group),
    colorClass: ctx.colorOf(s.group),
    percents: s.percents,
    base: s.base,
  });
  let chart: JSX.Element;
  let caption: string;
  let order: number[];
  if (multiple) {
    const overall = stats.find((s) => s.group === ALL) ?? stats[stats.length - 1];
    order = optionOrderByOverall(r, labels.length);
    caption = rt.multiple.overall(overall ? formatCell(overall.base, k, (v) => formatNumber(v, lang)) : "–");
    chart = <ChoiceChart options={labels} order={order} series={overall ? [toSeries(overall)] : []} k={k} lang={lang} legend={false} />;
  } else {
    order = labels.map((_, i) => i);
    caption = rt.single.caption;
    chart = <ChoiceChart options={labels} order={order} series={stats.map(toSeries)} k={k} lang={lang} legend />;
  }
  const otherTotal = commentTotal(r.otherTexts);
  return (
    <>
      <figure className="rr-figure">
        <figcaption>{caption}</figcaption>
        {chart}
      </figure>
      <ChoiceTable r={r} ctx={ctx} labels={labels} order={order} />
      <p className="rr-note">{t.countsNote}</p>
      {r.item.other && otherTotal > 0 && (
        <Comments groups={r.otherTexts} ctx={ctx} caption={rt.comments.other(cleanLabel(r.item.other[lang]))} />
      )}
      <TestBox test={r.test} skipped={r.testSkipped} ctx={ctx} />
    </>
  );
}

/** Free-text answers: a count per group, and the answers themselves only once the reader opens them. */
function Comments({ groups, ctx, caption }: { groups: TextGroup[]; ctx: ItemContext; caption: string }): JSX.Element {
  const { lang } = ctx;
  const rt = REPORT_TEXT[lang];
  const t = RESULTS_TEXT[lang];
  const [open, setOpen] = useState(false);
  const lists = commentLists(groups, ctx.planOrder);
  const total = commentTotal(groups);
  const label = (group: string | null): string => (group === null ? t.commentsFromGroupsNotShown : ctx.labelOf(group));
  return (
    <div className="rr-comments">
      <TableWrap>
        <table className="rr-table rr-comments-table">
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{rt.table.group}</th>
              <th scope="col" className="rr-num">
                {t.commentsColumn}
              </th>
            </tr>
          </thead>
          <tbody>
            {lists.map((l) => (
              <tr key={l.group ?? "-"}>
                <th scope="row">{label(l.group)}</th>
                <td className="rr-num">{formatNumber(l.texts.length, lang)}</td>
              </tr>
            ))}
            {!(lists.length === 1 && lists[0]?.group === ALL) && (
              <tr className="rr-total">
                <th scope="row">{rt.sample.total}</th>
                <td className="rr-num">{formatNumber(total, lang)}</td>
              </tr>
            )}
          </tbody>
        </table>
      </TableWrap>
      {total > 0 && (
        <details className="rr-comment-list" onToggle={(e) => setOpen(e.currentTarget.open)}>
          <summary>{t.showComments(formatNumber(total, lang))}</summary>
          {open && (
            <>
              <p className="rr-note">{rt.comments.intro}</p>
              {lists.map((l) => (
                <div key={l.group ?? "-"}>
                  <p className="rr-comment-group">
                    {label(l.group)} ({formatNumber(l.texts.length, lang)})
                  </p>
                  {l.texts.length === 0 ? (
                    <p className="rr-note">{rt.comments.none}</p>
                  ) : (
                    <ul>
                      {l.texts.map((text, i) => (
                        <li key={i}>{text}</li>
                      ))}
                    </ul>
                  )}
                </div>
              ))}
            </>
          )}
        </details>
      )}
    </div>
  );
}

function TextBody({ r, ctx }: { r: TextResult; ctx: ItemContext }): JSX.Element {
  const t = RESULTS_TEXT[ctx.lang];
  return <Comments groups={r.byGroup} ctx={ctx} caption={t.commentsTotal(formatNumber(commentTotal(r.byGroup), ctx.lang))} />;
}

function Body({ r, ctx }: { r: ItemResult; ctx: ItemContext }): JSX.Element {
  switch (r.kind) {
    case "likert":
      return <LikertBody r={r} ctx={ctx} />;
    case "single":
    case "multiple":
      return <ChoiceBody r={r} ctx={ctx} />;
    case "text":
      return <TextBody r={r} ctx={ctx} />;
  }
}

function ItemSectionView({ placed, ctx }: ItemSectionProps): JSX.Element {
  const t = RESULTS_TEXT[ctx.lang];
  return (
    <section className={`rr-item rr-item-${placed.result.kind}`} id={placed.anchor} aria-labelledby={`${placed.anchor}-h`}>
      <ItemHeading placed={placed} ctx={ctx} />
      <Body r={placed.result} ctx={ctx} />
      <p className="rr-back">
        <a href={`#${ctx.tocId}`} data-jump={ctx.tocId}>
          {t.backToContents}
        </a>
      </p>
    </section>
  );
}

/** One item of the results (heading, chart, table, comparison); memoised, see the module's note. */
export const ItemSection = memo(ItemSectionView);
