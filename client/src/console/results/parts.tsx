/**
 * Small pieces the Results page uses in many places: a table cell's number (or its "<k" when hidden, with a
 * tooltip saying why), a ticking seconds counter that re-renders only itself, and the box that explains a
 * failed request and what to do next.
 */
import { useEffect, useRef, useState, type JSX, type ReactNode } from "react";
import { REPORT_TEXT } from "../../../../analysis/report-text.ts";
import type { Cell, Locale } from "../../../../analysis/types.ts";
import { formatCell, formatNumber, isSuppressed } from "./format.ts";
import { elapsedSeconds, type Failure, type FailureKind } from "./query.ts";
import { RESULTS_TEXT, type ResultsText } from "./texts.ts";

/** A number from the analysis as printed in the PDF; a hidden one says why on hover and to screen readers. */
export function CellText({ cell, k, lang, format }: { cell: Cell | undefined; k: number; lang: Locale; format: (v: number) => string }): JSX.Element {
  if (isSuppressed(cell)) {
    const why = REPORT_TEXT[lang].likert.legendHidden(k);
    return (
      <span className="rr-supp" title={why}>
        {formatCell(cell, k, format)}
        <span className="rr-sr"> ({why})</span>
      </span>
    );
  }
  return <>{formatCell(cell, k, format)}</>;
}

/** A percentage cell with its count below it, as the page's tables show them. */
export function PercentCount({ pct, count, k, lang }: { pct: Cell | undefined; count: Cell | undefined; k: number; lang: Locale }): JSX.Element {
  const percentText = <CellText cell={pct} k={k} lang={lang} format={(v) => formatNumber(Math.round(v), lang)} />;
  if (!pct || pct.value === null || !count || count.value === null) return percentText;
  return (
    <>
      {percentText}
      <span className="rr-count">({formatNumber(count.value, lang)})</span>
    </>
  );
}

/** Seconds since `startedAt`, ticking once a second; only this element re-renders. */
export function Elapsed({ startedAt, render }: { startedAt: number; render: (seconds: string) => string }): JSX.Element {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  return <>{render(String(elapsedSeconds(startedAt, now)))}</>;
}

const WHAT: Record<FailureKind, (t: ResultsText) => [string, string]> = {
  "signed-out": (t) => [t.problem.signedOut, t.problem.signedOutDo],
  forbidden: (t) => [t.problem.forbidden, t.problem.forbiddenDo],
  "not-found": (t) => [t.problem.notFound, t.problem.notFoundDo],
  invalid: (t) => [t.problem.invalid, t.problem.invalidDo],
  network: (t) => [t.problem.network, t.problem.networkDo],
  server: (t) => [t.problem.server, t.problem.serverDo],
  unexpected: (t) => [t.problem.unexpected, t.problem.unexpectedDo],
};

export interface ProblemBoxProps {
  failure: Failure;
  lang: Locale;
  /** A heading for the box, e.g. "PDF could not be prepared". */
  title?: string;
  onRetry?: () => void;
}

/** What went wrong, in the user's language, what to do, and the server's own words for whoever debugs it. */
export function ProblemBox({ failure, lang, title, onRetry }: ProblemBoxProps): JSX.Element {
  const t = RESULTS_TEXT[lang];
  const [what, todo] = WHAT[failure.kind](t);
  // A 5xx detail says only "something went wrong"; it is shown anyway, with the code, for the administrator.
  const technical = failure.detail || failure.code || failure.status !== null;
  return (
    <div className={`rr-problem rr-problem-${failure.kind}`} role="alert">
      {title && <p className="rr-problem-title">{title}</p>}
      <p className="rr-problem-what">{what}</p>
      <p>{todo}</p>
      {technical && (
        <p className="rr-problem-detail">
          {failure.detail && (
            <>
              {t.problem.serverSays}: <span lang="en">{failure.detail}</span>{" "}
            </>
          )}
          {(failure.code || failure.status !== null) && (
            <span>
              ({[failure.status !== null ? `HTTP ${failure.status}` : null, failure.code ? `${t.problem.code}: ${failure.code}` : null]
                .filter(Boolean)
                .join(", ")}
              )
            </span>
          )}
        </p>
      )}
      {onRetry && failure.kind !== "signed-out" && (
        <p className="rr-actions">
          <button type="button" className="rr-button" onClick={onRetry}>
            {t.problem.tryAgain}
          </button>
        </p>
      )}
    </div>
  );
}

/**
 * A table's frame that scrolls sideways when the table is wider than the screen (an 800-pixel tablet). Only
 * then does it join the tab order, so keyboard users can scroll it, without adding hundreds of tab stops to a
 * long page whose tables fit.
 */
export function TableWrap({ children }: { children: ReactNode }): JSX.Element {
  const ref = useRef<HTMLDivElement>(null);
  const [scrolls, setScrolls] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === "undefined") return;
    // Measured in the observer's callback, which runs once layout is done (and first right after observing):
    // measuring here directly would force a layout per table, seconds on a page of hundreds of items.
    const observer = new ResizeObserver(() => setScrolls(el.scrollWidth > el.clientWidth + 1));
    observer.observe(el);
    if (el.firstElementChild) observer.observe(el.firstElementChild);
    return () => observer.disconnect();
  }, []);
  return (
    <div ref={ref} className="rr-table-wrap" tabIndex={scrolls ? 0 : undefined}>
      {children}
    </div>
  );
}
