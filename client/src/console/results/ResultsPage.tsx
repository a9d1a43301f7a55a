/**
 * The Results page of the researcher console: choose instruments and the kind of results, see them by age group
 * with the same numbers, words and charts as the PDF report, and download that report in Latvian, Russian or
 * English. Analysts see published results only (small groups protected); admins and researchers may also ask
 * for internal results, which are exact and shown under a confidentiality banner.
 *
 * The console shell mounts it with the study, the user's role and the interface language. Results are fetched
 * only when asked for ("Rādīt rezultātus"), since every view is written to the audit log; the form and the
 * results are separate components so ticking a box does not render the results again.
 */
import { useCallback, useEffect, useId, useRef, useState, type FormEvent, type JSX } from "react";
import { REPORT_TEXT } from "../../../../analysis/report-text.ts";
import type { AnalysisResult, LocalizedText, Locale, Mode } from "../../../../analysis/types.ts";
import { fetchAnalysis, fetchInstrumentTitles, fetchReport, isAbort, RequestError, saveBlob, todayInRiga } from "./api.ts";
import { Elapsed, ProblemBox } from "./parts.tsx";
import type { AnalysisQuery, Failure } from "./query.ts";
import { ResultsView } from "./ResultsView.tsx";
import { RESULTS_TEXT } from "./texts.ts";
import "./results.css";

export interface ResultsPageProps {
  study: { id: string; name: string; instruments: string[]; disclosureThreshold: number };
  role: "admin" | "researcher" | "analyst" | "interviewer";
  lang: "lv" | "en" | "ru";
  /** Called when the server says the session has ended (401), so the console can show its sign-in screen. */
  onSignedOut?: () => void;
}

/** Report languages in the order the study writes them: Latvian first. */
const REPORT_LANGS: readonly Locale[] = ["lv", "ru", "en"];

type Job = { status: "idle" } | { status: "running"; startedAt: number } | { status: "error"; failure: Failure };

function toFailure(error: unknown): Failure {
  return error instanceof RequestError ? error.failure : { kind: "unexpected", status: null, code: null, detail: null };
}

function sameQuery(a: AnalysisQuery, b: { instruments: readonly string[]; mode: Mode }): boolean {
  return a.mode === b.mode && a.instruments.join(",") === b.instruments.join(",");
}

/** The Results page; a new study starts it afresh. */
export function ResultsPage(props: ResultsPageProps): JSX.Element {
  return <ResultsPageBody key={props.study.id} {...props} />;
}

function ResultsPageBody({ study, role, lang, onSignedOut }: ResultsPageProps): JSX.Element {
  const t = RESULTS_TEXT[lang];
  const rt = REPORT_TEXT[lang];
  const ids = useId().replace(/[^A-Za-z0-9_-]/g, "");
  const canRead = role !== "interviewer";
  const canInternal = role === "admin" || role === "researcher";

  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set(study.instruments));
  const [chosenMode, setChosenMode] = useState<Mode>("published");
  const mode: Mode = canInternal ? chosenMode : "published";
  const instruments = study.instruments.filter((id) => selected.has(id));

  const [titles, setTitles] = useState<Map<string, LocalizedText> | null>(null);
  const [titlesFailed, setTitlesFailed] = useState(false);
  const [job, setJob] = useState<Job>({ status: "idle" });
  const [shown, setShown] = useState<{ result: AnalysisResult; query: AnalysisQuery; serial: number } | null>(null);
  const serial = useRef(0);
  const controller = useRef<AbortController | null>(null);
  const signedOut = useRef(onSignedOut);
  useEffect(() => {
    signedOut.current = onSignedOut;
  }, [onSignedOut]);

  useEffect(() => {
    const abort = new AbortController();
    fetchInstrumentTitles(abort.signal).then(setTitles, (error: unknown) => {
      if (!isAbort(error)) setTitlesFailed(true);
    });
    return () => abort.abort();
  }, []);

  useEffect(() => () => controller.current?.abort(), []);

  const run = useCallback(
    (query: AnalysisQuery) => {
      controller.current?.abort();
      const abort = new AbortController();
      controller.current = abort;
      setJob({ status: "running", startedAt: Date.now() });
      fetchAnalysis(study.id, query, abort.signal).then(
        (result) => {
          if (controller.current !== abort) return;
          setShown({ result, query, serial: ++serial.current });
          setJob({ status: "idle" });
        },
        (error: unknown) => {
          if (isAbort(error) || controller.current !== abort) return;
          const failure = toFailure(error);
          setJob({ status: "error", failure });
          if (failure.kind === "signed-out") signedOut.current?.();
        },
      );
    },
    [study.id],
  );

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (instruments.length === 0) return;
    run({ instruments, mode, lang });
  };

  const cancel = (): void => {
    controller.current?.abort();
    controller.current = null;
    setJob({ status: "idle" });
  };

  const toggle = (id: string, on: boolean): void => {
    setSelected((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  };

  const titleOf = (id: string): string => titles?.get(id)?.[lang] ?? id;
  const stale = shown !== null && !sameQuery(shown.query, { instruments, mode });
  const running = job.status === "running";

  if (!canRead) {
    return (
      <div className="rr-page" lang={lang}>
        <h2>{t.pageTitle}</h2>
        <p className="rr-callout">{t.roleWithoutAccess}</p>
      </div>
    );
  }

  return (
    <div className="rr-page" lang={lang}>
      <h2>{t.resultsHeading(study.name)}</h2>

      <div className="rr-panels">
        <form className="rr-panel rr-controls" onSubmit={submit} aria-labelledby={`${ids}-controls`}>
          <h3 id={`${ids}-controls`}>{t.controlsTitle}</h3>

          <fieldset className="rr-fieldset">
            <legend>{t.instrumentsLegend}</legend>
            {study.instruments.length === 0 ? (
              <p className="rr-note">{t.studyWithoutInstruments}</p>
            ) : (
              <>
                {study.instruments.length > 1 && (
                  <p className="rr-inline-actions">
                    <button type="button" className="rr-link-button" onClick={() => setSelected(new Set(study.instruments))}>
                      {t.selectAll}
                    </button>
                    <button type="button" className="rr-link-button" onClick={() => setSelected(new Set())}>
                      {t.selectNone}
                    </button>
                  </p>
                )}
                <ul className="rr-checks">
                  {study.instruments.map((id) => (
                    <li key={id}>
                      <label>
                        <input type="checkbox" checked={selected.has(id)} onChange={(e) => toggle(id, e.currentTarget.checked)} />
                        <span>
                          {titleOf(id)}
                          {titles?.has(id) && <span className="rr-id"> ({id})</span>}
                        </span>
                      </label>
                    </li>
                  ))}
                </ul>
                {titlesFailed && <p className="rr-note">{t.titlesUnavailable}</p>}
                {instruments.length === 0 && (
                  <p className="rr-warning" role="status">
                    {t.instrumentsNone}
                  </p>
                )}
              </>
            )}
          </fieldset>

          <fieldset className="rr-fieldset">
            <legend>{t.groupingLegend}</legend>
            <label className="rr-radio">
              <input type="radio" name={`${ids}-by`} value="ageGroup" checked readOnly />
              <span>{t.groupingAgeGroup}</span>
            </label>
            <p className="rr-note">{t.groupingNote}</p>
          </fieldset>

          <fieldset className="rr-fieldset">
            <legend>{t.modeLegend}</legend>
            <label className="rr-radio">
              <input
                type="radio"
                name={`${ids}-mode`}
                value="published"
                checked={mode === "published"}
                onChange={() => setChosenMode("published")}
                aria-describedby={`${ids}-mode-pub`}
              />
              <span>
                {t.modePublishedLabel}
                <span className="rr-hint" id={`${ids}-mode-pub`}>
                  {rt.modePublishedDetail(study.disclosureThreshold)}
                </span>
              </span>
            </label>
            {canInternal ? (
              <label className="rr-radio">
                <input
                  type="radio"
                  name={`${ids}-mode`}
                  value="internal"
                  checked={mode === "internal"}
                  onChange={() => setChosenMode("internal")}
                  aria-describedby={`${ids}-mode-int`}
                />
                <span>
                  {t.modeInternalLabel}
                  <span className="rr-hint" id={`${ids}-mode-int`}>
                    {rt.modeInternalDetail(study.disclosureThreshold)}
                  </span>
                </span>
              </label>
            ) : (
              <p className="rr-note">{t.analystPublishedOnly}</p>
            )}
          </fieldset>

          <div className="rr-submit">
            <button type="submit" className="rr-button rr-primary" disabled={instruments.length === 0 || running}>
              {t.showResults}
            </button>
            {running && (
              <button type="button" className="rr-button" onClick={cancel}>
                {t.cancel}
              </button>
            )}
            <span className="rr-status" role="status" aria-live="polite">
              {running && (
                <>
                  <span className="rr-spinner" aria-hidden="true" />{" "}
                  <span aria-hidden="true">
                    <Elapsed startedAt={job.startedAt} render={t.computing} />
                  </span>
                  <span className="rr-sr">{t.computingNow}</span>
                </>
              )}
            </span>
          </div>
        </form>

        <PdfPanel
          studyId={study.id}
          instruments={instruments}
          mode={mode}
          lang={lang}
          onSignedOut={() => signedOut.current?.()}
        />
      </div>

      {job.status === "error" && (
        <ProblemBox failure={job.failure} lang={lang} onRetry={instruments.length > 0 ? () => run({ instruments, mode, lang }) : undefined} />
      )}
      {stale && !running && (
        <p className="rr-warning" role="status">
          {t.staleNote}
        </p>
      )}
      {shown ? <ResultsView key={shown.serial} result={shown.result} lang={lang} /> : job.status === "idle" && <p className="rr-empty">{t.emptyState}</p>}
    </div>
  );
}

interface PdfPanelProps {
  studyId: string;
  instruments: string[];
  mode: Mode;
  lang: Locale;
  onSignedOut: () => void;
}

type PdfJob = { status: "idle" } | { status: "running"; startedAt: number } | { status: "done"; filename: string } | { status: "error"; failure: Failure };

/** "Lejupielādēt PDF": fetches the report with a running count of seconds, then saves it under a sensible name. */
function PdfPanel({ studyId, instruments, mode, lang, onSignedOut }: PdfPanelProps): JSX.Element {
  const t = RESULTS_TEXT[lang];
  const ids = useId().replace(/[^A-Za-z0-9_-]/g, "");
  const [reportLang, setReportLang] = useState<Locale>(lang);
  const [job, setJob] = useState<PdfJob>({ status: "idle" });
  const controller = useRef<AbortController | null>(null);

  useEffect(() => () => controller.current?.abort(), []);

  const download = (): void => {
    controller.current?.abort();
    const abort = new AbortController();
    controller.current = abort;
    setJob({ status: "running", startedAt: Date.now() });
    fetchReport(studyId, { instruments, mode, lang: reportLang }, todayInRiga(), abort.signal).then(
      ({ blob, filename }) => {
        if (controller.current !== abort) return;
        saveBlob(blob, filename);
        setJob({ status: "done", filename });
      },
      (error: unknown) => {
        if (isAbort(error) || controller.current !== abort) return;
        const failure = toFailure(error);
        setJob({ status: "error", failure });
        if (failure.kind === "signed-out") onSignedOut();
      },
    );
  };

  const cancel = (): void => {
    controller.current?.abort();
    controller.current = null;
    setJob({ status: "idle" });
  };

  const running = job.status === "running";
  return (
    <section className="rr-panel rr-pdf" aria-labelledby={`${ids}-pdf`}>
      <h3 id={`${ids}-pdf`}>{t.pdfTitle}</h3>
      <p className="rr-note">{t.pdfNote}</p>
      <label className="rr-select">
        <span>{t.pdfLanguage}</span>
        <select value={reportLang} onChange={(e) => setReportLang(e.currentTarget.value as Locale)} disabled={running}>
          {REPORT_LANGS.map((l) => (
            <option key={l} value={l}>
              {t.languageNames[l]}
            </option>
          ))}
        </select>
      </label>
      <div className="rr-submit">
        <button type="button" className="rr-button rr-primary" onClick={download} disabled={running || instruments.length === 0}>
          {t.downloadPdf}
        </button>
        {running && (
          <button type="button" className="rr-button" onClick={cancel}>
            {t.cancel}
          </button>
        )}
      </div>
      <p className="rr-status" role="status" aria-live="polite">
        {running && (
          <>
            <span className="rr-spinner" aria-hidden="true" />{" "}
            <span aria-hidden="true">
              <Elapsed startedAt={job.startedAt} render={t.preparingPdf} />
            </span>
            <span className="rr-sr">{t.preparingPdfNow}</span>
          </>
        )}
        {job.status === "done" && t.pdfSaved(job.filename)}
      </p>
      {job.status === "error" && <ProblemBox failure={job.failure} lang={lang} title={t.pdfFailed} onRetry={download} />}
    </section>
  );
}

/** For `React.lazy(() => import("./ResultsPage.tsx"))`: the console loads this page only when it is opened. */
export default ResultsPage;
