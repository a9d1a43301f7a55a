/**
 * An analysis result laid out like the PDF report: the mode (with a confidentiality banner for internal results),
 * the facts of the cover, a table of contents by instrument and question, the sample, how to read the numbers,
 * the items (3.x) and the open questions (4.x). It is memoised on the result and the language, so ticking a box
 * in the form above does not render hundreds of charts again; links in the contents scroll within the page
 * (the console may use the URL's hash for its own navigation, so they never change it).
 */
import { memo, startTransition, useCallback, useDeferredValue, useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type JSX, type MouseEvent } from "react";
import { groupLabel as canonicalGroupLabel } from "../../../../analysis/disclosure.ts";
import { REPORT_TEXT } from "../../../../analysis/report-text.ts";
import type { AnalysisResult, Locale } from "../../../../analysis/types.ts";
import { formatDay, formatNumber, formatPeriod } from "./format.ts";
import { ItemSection, type ItemContext } from "./ItemSection.tsx";
import { ALL, groupLabels, instrumentTitle, itemTitle, pageModel, SECTION, type TocGroup } from "./model.ts";
import { TableWrap } from "./parts.tsx";
import { sampleTables } from "./sample.ts";
import { RESULTS_TEXT } from "./texts.ts";

/** Number of group colours defined in results.css (.rr-g0 … .rr-g8). */
const GROUP_COLOURS = 9;
/** Items mounted with the first render (more than a screenful), then per batch while the browser is idle. */
const FIRST_BATCH = 12;
const BATCH = 40;

export interface ResultsViewProps {
  result: AnalysisResult;
  lang: Locale;
}

function ModeBanner({ result, lang }: ResultsViewProps): JSX.Element {
  const rt = REPORT_TEXT[lang];
  const t = RESULTS_TEXT[lang];
  if (result.mode === "internal") {
    return (
      <div className="rr-banner rr-banner-internal" role="note">
        <p className="rr-banner-title">{t.internalBanner}</p>
        <p>{rt.modeInternalDetail(result.threshold)}</p>
      </div>
    );
  }
  return (
    <div className="rr-banner rr-banner-published" role="note">
      <p className="rr-banner-title">{rt.modePublished}</p>
      <p>{rt.modePublishedDetail(result.threshold)}</p>
    </div>
  );
}

function TocItems({ groups, lang }: { groups: TocGroup[]; lang: Locale }): JSX.Element {
  const t = RESULTS_TEXT[lang];
  return (
    <ol className="rr-toc-groups">
      {groups.map((g, gi) => (
        <li key={gi}>
          <p className="rr-toc-group">
            {t.askedInGroup}: {g.title}
          </p>
          <ol className="rr-toc-items">
            {g.items.map((p) => (
              <li key={p.anchor}>
                <a href={`#${p.anchor}`} data-jump={p.anchor}>
                  <span className="rr-toc-number">{p.number}</span> <span className="rr-toc-title">{itemTitle(p.result, lang)}</span>
                </a>
              </li>
            ))}
          </ol>
        </li>
      ))}
    </ol>
  );
}

function Sample({ result, lang, id }: ResultsViewProps & { id: string }): JSX.Element {
  const rt = REPORT_TEXT[lang];
  const { tables, approximate } = useMemo(() => sampleTables(result, lang), [result, lang]);
  const labelOf = (key: string): string => result.plan.groups.find((g) => g.key === key)?.label[lang] ?? canonicalGroupLabel(key)[lang];
  return (
    <section className="rr-section" id={id} aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`} tabIndex={-1}>
        <span className="rr-section-number">{SECTION.sample}</span> {rt.sections.sample}
      </h2>
      <p>{rt.sample.intro(formatNumber(result.totalResponses, lang))}</p>
      {tables.map((table) => (
        <TableWrap key={table.title}>
          <table className="rr-table rr-sample-table">
            <caption>{table.title}</caption>
            <thead>
              <tr>
                {table.headers.map((h, i) => (
                  <th scope="col" key={i} className={i === 0 ? undefined : "rr-num"}>
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row, ri) => (
                <tr key={ri} className={row.total ? "rr-total" : undefined}>
                  <th scope="row">{row.label}</th>
                  {row.cells.map((c, ci) => (
                    <td className="rr-num" key={ci}>
                      {c}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ))}
      {approximate && <p className="rr-note">{rt.sample.rangeNote(result.threshold)}</p>}
      <h3>{rt.sample.planTitle}</h3>
      {result.plan.notes.length === 0 ? (
        <p className="rr-note">{rt.sample.notesNone}</p>
      ) : (
        <ul>
          {result.plan.notes.map((n, i) => (
            <li key={i}>{n[lang]}</li>
          ))}
        </ul>
      )}
      <h3>{rt.sample.omittedTitle}</h3>
      {result.plan.omitted.length === 0 ? (
        <p className="rr-note">{rt.sample.omittedNone}</p>
      ) : (
        <ul>
          {result.plan.omitted.map((o, i) => (
            <li key={i}>
              {o.members.map(labelOf).join(", ")}: {o.reason[lang]}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function HowToRead({ result, lang, id }: ResultsViewProps & { id: string }): JSX.Element {
  const rt = REPORT_TEXT[lang];
  return (
    <section className="rr-section" id={id} aria-labelledby={`${id}-h`}>
      <details className="rr-howto">
        <summary>
          <h2 id={`${id}-h`} tabIndex={-1}>
            <span className="rr-section-number">{SECTION.howToRead}</span> {rt.sections.howToRead}
          </h2>
        </summary>
        {rt.howToRead(result.threshold, result.mode).map((e) => (
          <div key={e.title}>
            <h3>{e.title}</h3>
            <p>{e.body}</p>
          </div>
        ))}
      </details>
    </section>
  );
}

function ResultsViewInner({ result, lang: urgentLang }: ResultsViewProps): JSX.Element {
  // A change of language re-renders every item: done in the background, the page stays responsive meanwhile.
  const lang = useDeferredValue(urgentLang);
  const rt = REPORT_TEXT[lang];
  const t = RESULTS_TEXT[lang];
  const uid = useId().replace(/[^A-Za-z0-9_-]/g, "");
  const ids = useMemo(
    () => ({
      toc: `rr${uid}-toc`,
      sample: `rr${uid}-sample`,
      howto: `rr${uid}-howto`,
      results: `rr${uid}-results`,
      comments: `rr${uid}-comments`,
    }),
    [uid],
  );
  const model = useMemo(() => pageModel(result, lang, `rr${uid}`), [result, lang, uid]);
  const ctx = useMemo<ItemContext>(() => {
    const labels = groupLabels(result, lang);
    const colours = new Map<string, string>();
    result.plan.groups
      .filter((g) => g.key !== ALL)
      .forEach((g, i) => colours.set(g.key, `rr-g${i % GROUP_COLOURS}`));
    return {
      lang,
      k: result.threshold,
      planOrder: result.plan.groups.map((g) => g.key),
      labelOf: (g) => labels.get(g) ?? canonicalGroupLabel(g)[lang],
      colorOf: (g) => (g === ALL ? "rr-gall" : (colours.get(g) ?? `rr-g${GROUP_COLOURS - 1}`)),
      instrumentTitle: (id) => instrumentTitle(result, id, lang),
      tocId: ids.toc,
    };
  }, [result, lang, ids]);

  // Hundreds of items are mounted a batch at a time after the first screenful, so the page answers at once
  // instead of freezing for the seconds a single render of everything takes.
  const total = model.results.length + model.comments.length;
  const [limit, setLimit] = useState(FIRST_BATCH);
  useEffect(() => {
    if (limit >= total) return;
    const timer = window.setTimeout(() => startTransition(() => setLimit((l) => l + BATCH)), 0);
    return () => window.clearTimeout(timer);
  }, [limit, total]);

  // One handler for every in-page link: scroll to the target and move focus to its heading, without touching
  // the URL (the console shell owns it). A link to an item not mounted yet mounts the rest first.
  const pendingJump = useRef<string | null>(null);
  const jump = useCallback((id: string): boolean => {
    const target = document.getElementById(id);
    if (!target) return false;
    target.scrollIntoView({ block: "start" });
    const heading = target.querySelector<HTMLElement>("h2, h3") ?? target;
    heading.focus({ preventScroll: true });
    return true;
  }, []);
  const onClick = useCallback(
    (event: MouseEvent<HTMLDivElement>) => {
      const link = (event.target as Element).closest<HTMLAnchorElement>("a[data-jump]");
      const id = link?.dataset["jump"];
      if (!id) return;
      event.preventDefault();
      if (!jump(id)) {
        pendingJump.current = id;
        setLimit(Number.MAX_SAFE_INTEGER);
      }
    },
    [jump],
  );
  useLayoutEffect(() => {
    if (pendingJump.current && jump(pendingJump.current)) pendingJump.current = null;
  }, [limit, jump]);
  const shownResults = model.results.slice(0, limit);
  const shownComments = model.comments.slice(0, Math.max(0, limit - model.results.length));

  const empty = result.totalResponses === 0;
  const noItems = result.items.length === 0;
  return (
    <div className={`rr-view rr-mode-${result.mode}`} onClick={onClick}>
      <ModeBanner result={result} lang={lang} />
      <dl className="rr-facts">
        <dt>{rt.cover.instruments}</dt>
        <dd>
          <ul>
            {result.instruments.map((i) => (
              <li key={i.id}>{i.title[lang]}</li>
            ))}
          </ul>
        </dd>
        <dt>{rt.cover.period}</dt>
        <dd>{formatPeriod(result.period, lang)}</dd>
        <dt>{rt.cover.generated}</dt>
        <dd>{formatDay(result.generatedOn, lang)}</dd>
        <dt>{rt.cover.responses}</dt>
        <dd>{formatNumber(result.totalResponses, lang)}</dd>
        <dt>{rt.cover.threshold}</dt>
        <dd>{result.threshold}</dd>
      </dl>
      {empty && <p className="rr-empty">{t.noResponses}</p>}

      <nav className="rr-toc" id={ids.toc} aria-labelledby={`${ids.toc}-h`}>
        <details open>
          <summary>
            <h2 id={`${ids.toc}-h`} tabIndex={-1}>
              {rt.contents}
            </h2>
          </summary>
          <ol className="rr-toc-sections">
            <li>
              <a href={`#${ids.sample}`} data-jump={ids.sample}>
                <span className="rr-toc-number">{SECTION.sample}</span> {rt.sections.sample}
              </a>
            </li>
            <li>
              <a href={`#${ids.howto}`} data-jump={ids.howto}>
                <span className="rr-toc-number">{SECTION.howToRead}</span> {rt.sections.howToRead}
              </a>
            </li>
            {model.results.length > 0 && (
              <li>
                <a href={`#${ids.results}`} data-jump={ids.results}>
                  <span className="rr-toc-number">{SECTION.results}</span> {rt.sections.results}
                </a>{" "}
                <span className="rr-muted">({t.itemCount(formatNumber(model.results.length, lang))})</span>
                <TocItems groups={model.toc.results} lang={lang} />
              </li>
            )}
            {model.comments.length > 0 && (
              <li>
                <a href={`#${ids.comments}`} data-jump={ids.comments}>
                  <span className="rr-toc-number">{model.commentsSection}</span> {rt.sections.comments}
                </a>{" "}
                <span className="rr-muted">({t.itemCount(formatNumber(model.comments.length, lang))})</span>
                <TocItems groups={model.toc.comments} lang={lang} />
              </li>
            )}
          </ol>
        </details>
      </nav>

      <Sample result={result} lang={lang} id={ids.sample} />
      <HowToRead result={result} lang={lang} id={ids.howto} />

      {noItems && <p className="rr-empty">{t.noItems}</p>}
      {model.results.length > 0 && (
        <section className="rr-section" id={ids.results} aria-labelledby={`${ids.results}-h`}>
          <h2 id={`${ids.results}-h`} tabIndex={-1}>
            <span className="rr-section-number">{SECTION.results}</span> {rt.sections.results}
          </h2>
          {shownResults.map((p) => (
            <ItemSection key={p.anchor} placed={p} ctx={ctx} />
          ))}
        </section>
      )}
      {shownComments.length > 0 && (
        <section className="rr-section" id={ids.comments} aria-labelledby={`${ids.comments}-h`}>
          <h2 id={`${ids.comments}-h`} tabIndex={-1}>
            <span className="rr-section-number">{model.commentsSection}</span> {rt.sections.comments}
          </h2>
          {shownComments.map((p) => (
            <ItemSection key={p.anchor} placed={p} ctx={ctx} />
          ))}
        </section>
      )}
    </div>
  );
}

/** Renders again only when the result or the language changes; mount a new one (a new key) for a new result. */
export const ResultsView = memo(ResultsViewInner);
