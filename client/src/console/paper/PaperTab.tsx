/**
 * The study's "Paper" tab. Organisers print numbered questionnaires (one instrument, language and prison
 * per run), print a run again, get blank questionnaires to look at, and follow the data entry: how many
 * forms are typed in once, twice and agreeing, or in conflict, and how often two people typing the same
 * form agreed. Everyone who types forms in (interviewers too) starts the data entry from here. A study
 * that does not collect on paper says so and links to its settings.
 */
import { useEffect, useState, type FormEvent, type JSX } from "react";
import type { User } from "../api.ts";
import { InstrumentName, useCatalog } from "../catalog.tsx";
import { useT } from "../i18n.tsx";
import { Link, paths } from "../router.tsx";
import { ActionStatus, ChannelMissing, FieldMessage, ListPanel, Loadable, PanelHead, useAction, useResource, type Resource } from "../ui.tsx";
import { PAPER_LOCALES, paperApi, type PaperBatch, type PaperFormRow, type PaperLocale, type PaperStudy, type PaperSummary } from "./paper-api.ts";
import { downloadFile } from "../download.ts";

const MAX_COUNT = 500;

/** The instruments of the study that are printed on paper: questionnaires, never interview guides. */
export function usePaperInstruments(study: PaperStudy): string[] {
  const catalog = useCatalog();
  return study.instruments.filter((id) => {
    const item = catalog.instrument(id);
    return !!item && item.kind === "questionnaire" && item.channels.includes("paper");
  });
}

export function PaperTab({ study, user }: { study: PaperStudy; user: User }): JSX.Element {
  const { t } = useT();
  const organiser = user.role === "admin" || user.role === "researcher";
  if (!study.channels.includes("paper")) {
    return (
      <ChannelMissing
        id="paper-off-title"
        title={t("paperTitle")}
        text={t("paperNoChannel")}
        askText={t("paperAskOrganiser")}
        editPath={paths.editStudy(study.id)}
        organiser={organiser}
        testId="paper"
      />
    );
  }
  return organiser ? <OrganiserPaper study={study} /> : <EntryPanel study={study} />;
}

function OrganiserPaper({ study }: { study: PaperStudy }): JSX.Element {
  const summary = useResource<PaperSummary>(paperApi.summary(study.id));
  const batches = useResource<PaperBatch[]>(paperApi.batches(study.id));
  const refresh = () => {
    void summary.reload();
    void batches.reload();
  };
  return (
    <div className="c-stack">
      <EntryPanel study={study} summary={summary} />
      <PrintPanel study={study} onPrinted={refresh} />
      <BatchesPanel study={study} batches={batches} />
      <BlankPanel study={study} />
    </div>
  );
}

// ---- Data entry: where to start, how far it is, what needs settling -----------------------------------------

function EntryPanel({ study, summary }: { study: PaperStudy; summary?: Resource<PaperSummary> }): JSX.Element {
  const tr = useT();
  const { t } = tr;
  const double = study.paperDoubleEntry !== false;
  return (
    <section className="c-panel" aria-labelledby="paper-entry-title">
      <PanelHead id="paper-entry-title" title={t("paperEntryTitle")} resource={summary} />
      <p>{double ? (study.paperResolver === "either-enterer" ? t("paperDoubleEither") : t("paperDoubleThird")) : t("paperSingle")}</p>
      {study.closed && <p className="c-note c-note--warn">{t("paperStudyClosed")}</p>}
      <p>
        <Link to={paths.paperEntry(study.id)} className="c-button c-button--primary" data-testid="paper-start-entry">
          {t("paperStartEntry")}
        </Link>
      </p>
      {summary && <Loadable resource={summary}>{(data) => <SummaryView summary={data} />}</Loadable>}
      {summary && <ConflictList study={study} key={summary.data ? summary.data.conflict : -1} />}
    </section>
  );
}

function SummaryView({ summary }: { summary: PaperSummary }): JSX.Element {
  const tr = useT();
  const { t, lang } = tr;
  const percent = new Intl.NumberFormat(lang === "en" ? "en-GB" : lang === "ru" ? "ru-RU" : "lv-LV", { style: "percent", maximumFractionDigits: 1 });
  const { agreement } = summary;
  // The rate from the counts themselves, so "1" cannot be misread as 1 % or 100 %.
  const rate = agreement.itemsCompared > 0 ? agreement.itemsAgreed / agreement.itemsCompared : agreement.rate === null ? null : agreement.rate > 1 ? agreement.rate / 100 : agreement.rate;
  const cells: { key: string; label: string; value: number; tone?: string }[] = [
    { key: "total", label: t("paperSumTotal"), value: summary.total },
    { key: "printed", label: t("paperSumPrinted"), value: summary.printed },
    { key: "single", label: t("paperSumSingle"), value: summary.singleEntered },
    { key: "conflict", label: t("paperSumConflict"), value: summary.conflict, tone: summary.conflict > 0 ? "warn" : undefined },
    { key: "final", label: t("paperSumFinal"), value: summary.final, tone: "ok" },
  ];
  return (
    <div className="c-paper-summary" data-testid="paper-summary">
      <dl className="c-paper-counts">
        {cells.map((c) => (
          <div key={c.key} className={c.tone ? `c-paper-count c-paper-count--${c.tone}` : "c-paper-count"} data-testid={`paper-sum-${c.key}`} data-value={c.value}>
            <dt>{c.label}</dt>
            <dd>{c.value}</dd>
          </div>
        ))}
      </dl>
      <p className="c-paper-agreement" data-testid="paper-agreement" data-rate={rate === null ? "" : String(rate)}>
        <strong>{t("paperAgreement")}:</strong>{" "}
        {rate === null
          ? t("paperAgreementNone")
          : t("paperAgreementValue", { rate: percent.format(rate), agreed: agreement.itemsAgreed, items: agreement.itemsCompared, forms: agreement.formsCompared })}
      </p>
    </div>
  );
}

function ConflictList({ study }: { study: PaperStudy }): JSX.Element | null {
  const { t } = useT();
  const catalog = useCatalog();
  const conflicts = useResource<PaperFormRow[]>(paperApi.forms(study.id, "conflict"));
  if (conflicts.data === undefined && !conflicts.error) return null;
  return (
    <div className="c-paper-conflicts" data-testid="paper-conflicts">
      <h3>{t("paperConflictsTitle")}</h3>
      <Loadable resource={conflicts}>
        {(list) =>
          list.length === 0 ? (
            <p className="c-muted">{t("paperNoConflicts")}</p>
          ) : (
            <>
              <p className="c-small c-muted">{t("paperConflictsIntro")}</p>
              <ul className="c-plain c-paper-conflicts__list">
                {list.map((form) => (
                  <li key={form.number} data-testid="paper-conflict-row" data-number={form.number}>
                    <Link to={paths.paperConflict(study.id, form.number)} className="c-paper-number">
                      {form.number}
                    </Link>{" "}
                    <span className="c-muted c-small">
                      <InstrumentName id={form.instrumentId} short /> · {catalog.siteName(form.siteId)}
                    </span>
                  </li>
                ))}
              </ul>
            </>
          )
        }
      </Loadable>
    </div>
  );
}

// ---- Printing ------------------------------------------------------------------------------------------------

/** Seconds since `running` became true, ticking while it stays true. */
function useElapsed(running: boolean): number {
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    if (!running) return;
    const start = Date.now();
    setSeconds(0);
    const timer = window.setInterval(() => setSeconds(Math.floor((Date.now() - start) / 1000)), 1000);
    return () => window.clearInterval(timer);
  }, [running]);
  return seconds;
}

function PrintPanel({ study, onPrinted }: { study: PaperStudy; onPrinted: () => void }): JSX.Element {
  const tr = useT();
  const { t } = tr;
  const catalog = useCatalog();
  const instruments = usePaperInstruments(study);
  const [picked, setInstrumentId] = useState("");
  // The catalog may still be loading on the first render: the first questionnaire is chosen once it is there.
  const instrumentId = instruments.includes(picked) ? picked : (instruments[0] ?? "");
  const [locale, setLocale] = useState<PaperLocale>("lv");
  const [siteId, setSiteId] = useState(study.sites[0] ?? "");
  const [count, setCount] = useState("30");
  const [checked, setChecked] = useState(false);
  const [received, setReceived] = useState<number | null>(null);
  const [printing, setPrinting] = useState(0);
  const action = useAction();
  const elapsed = useElapsed(action.busy);
  const error = action.state.kind === "error" ? action.state.error : null;
  const instrument = catalog.instrument(instrumentId);
  const inPrison = instrument ? instrument.respondentGroup.startsWith("imprisoned-") : true;
  const n = Number(count);
  const countProblem = /^\d+$/.test(count.trim()) && n >= 1 && n <= MAX_COUNT ? null : t("paperCountRange", { max: MAX_COUNT });
  const siteProblem = inPrison && !siteId ? t("required") : null;

  if (instruments.length === 0) {
    return (
      <section className="c-panel" aria-labelledby="paper-print-title">
        <h2 id="paper-print-title">{t("paperPrintTitle")}</h2>
        <p className="c-note c-note--warn">{t("paperNoQuestionnaires")}</p>
      </section>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setChecked(true);
    if (countProblem || siteProblem || !instrumentId) return;
    setReceived(null);
    setPrinting(n);
    const body = { instrumentId, locale, count: n, ...(inPrison ? { siteId } : {}) };
    void action
      .run(
        () => downloadFile(paperApi.batches(study.id), `forms-${instrumentId}-${locale}-${n}.pdf`, setReceived, { method: "POST", body }),
        (file) => t("paperPrinted", { name: file.name, size: tr.size(file.size) }),
      )
      .then((file) => {
        if (file) onPrinted();
      });
  };

  const busyText = received === null ? t("paperPreparing", { n: printing, seconds: elapsed }) : t("downloading", { size: tr.size(received) });

  return (
    <section className="c-panel" aria-labelledby="paper-print-title">
      <h2 id="paper-print-title">{t("paperPrintTitle")}</h2>
      <p>{t("paperPrintIntro")}</p>
      {study.closed && <p className="c-note c-note--warn">{t("paperPrintClosed")}</p>}
      <form className="c-form c-form--wide" onSubmit={submit} noValidate data-testid="paper-print-form">
        <fieldset className="c-fieldset">
          <legend>{t("paperInstrument")}</legend>
          {instruments.map((id) => (
            <label key={id} className="c-check">
              <input type="radio" name="paper-instrument" checked={instrumentId === id} onChange={() => setInstrumentId(id)} data-testid={`paper-instrument-${id}`} />
              <InstrumentName id={id} />
            </label>
          ))}
        </fieldset>
        <div className="c-row">
          <fieldset className="c-paper-locales">
            <legend>{t("paperLanguage")}</legend>
            <div className="c-segmented">
              {PAPER_LOCALES.map((code) => (
                <label key={code} className={locale === code ? "c-segmented__option c-segmented__option--active c-paper-radio" : "c-segmented__option c-paper-radio"}>
                  <input type="radio" name="paper-locale" className="c-visually-hidden" checked={locale === code} onChange={() => setLocale(code)} data-testid={`paper-locale-${code}`} />
                  {t(`paperLocale_${code}`)}
                </label>
              ))}
            </div>
          </fieldset>
          <div className="c-field c-paper-site-field">
            <label htmlFor="paper-site">{t("choosePrison")}</label>
            {inPrison ? (
              <select id="paper-site" value={siteId} onChange={(e) => setSiteId(e.target.value)} data-testid="paper-site" aria-describedby="paper-site-error" aria-invalid={checked && !!siteProblem}>
                {study.sites.map((id) => (
                  <option key={id} value={id}>
                    {catalog.siteName(id)}
                  </option>
                ))}
              </select>
            ) : (
              <p className="c-field__hint" id="paper-site" data-testid="paper-no-site">
                {t("paperFamilyNoSite")}
              </p>
            )}
            <FieldMessage id="paper-site-error" error={error} field="siteId" local={checked ? siteProblem : null} />
          </div>
          <div className="c-field c-field--narrow c-paper-count-field">
            <label htmlFor="paper-count">{t("paperCount")}</label>
            <input
              id="paper-count"
              type="number"
              min={1}
              max={MAX_COUNT}
              inputMode="numeric"
              value={count}
              onChange={(e) => setCount(e.target.value)}
              aria-invalid={checked && !!countProblem}
              aria-describedby="paper-count-hint paper-count-error"
              data-testid="paper-count"
            />
            <p className="c-field__hint" id="paper-count-hint">
              {t("paperCountHint", { max: MAX_COUNT })}
            </p>
            <FieldMessage id="paper-count-error" error={error} field="count" local={checked ? countProblem : null} />
          </div>
        </div>
        <div className="c-actions">
          <button type="submit" className="c-button c-button--primary" disabled={action.busy || study.closed} data-testid="paper-print">
            {countProblem ? t("paperPrintButtonPlain") : t("paperPrintButton", { n })}
          </button>
        </div>
        <ActionStatus state={action.state} busyText={busyText} shownFields={["siteId", "count"]} testId="paper-print-status" />
      </form>
    </section>
  );
}

function BatchesPanel({ study, batches }: { study: PaperStudy; batches: Resource<PaperBatch[]> }): JSX.Element {
  const { t } = useT();
  return (
    <ListPanel
      id="paper-batches-title"
      title={t("paperBatchesTitle")}
      resource={batches}
      empty={t("paperNoBatches")}
      testId="paper-batches"
      columns={[t("paperColDay"), t("paperInstrument"), t("paperColEntry")]}
    >
      {(list) => list.map((batch) => <BatchRow key={batch.id} batch={batch} closed={study.closed} />)}
    </ListPanel>
  );
}

function BatchRow({ batch, closed }: { batch: PaperBatch; closed: boolean }): JSX.Element {
  const tr = useT();
  const { t } = tr;
  const catalog = useCatalog();
  const action = useAction();
  const [received, setReceived] = useState<number | null>(null);
  const elapsed = useElapsed(action.busy);
  const f = batch.forms;
  const entered = (f["single-entered"] ?? 0) + (f["double-entered"] ?? 0) + (f.conflict ?? 0) + (f.final ?? 0);
  return (
    <tr data-testid="paper-batch-row">
      <td className="c-nowrap">{tr.day(batch.createdOn)}</td>
      <td>
        <InstrumentName id={batch.instrumentId} short />
        <span className="c-paper-batch__meta">
          {batch.siteId === null ? t("paperNoSiteShort") : catalog.siteName(batch.siteId)} · {t("paperBatchMeta", { language: t(`paperLocale_${batch.locale}`), count: batch.count })}
        </span>
      </td>
      <td className="c-small">
        {t("paperBatchEntered", { entered, count: batch.count })}
        {(f.final ?? 0) > 0 && <span className="c-paper-chip c-paper-chip--ok">{t("paperChipFinal", { n: f.final ?? 0 })}</span>}
        {(f.conflict ?? 0) > 0 && <span className="c-paper-chip c-paper-chip--warn">{t("paperChipConflict", { n: f.conflict ?? 0 })}</span>}
      </td>
      <td className="c-table__actions">
        <button
          type="button"
          className="c-button"
          disabled={action.busy || closed}
          data-testid="paper-reprint"
          onClick={() => {
            setReceived(null);
            void action.run(
              () => downloadFile(paperApi.reprint(batch.id), `forms-${batch.instrumentId}-${batch.locale}-${batch.count}.pdf`, setReceived),
              (file) => t("downloaded", { name: file.name, size: tr.size(file.size) }),
            );
          }}
        >
          {t("paperReprint")}
        </button>
        <ActionStatus
          state={action.state}
          busyText={received === null ? t("paperPreparing", { n: batch.count, seconds: elapsed }) : t("downloading", { size: tr.size(received) })}
        />
      </td>
    </tr>
  );
}

function BlankPanel({ study }: { study: PaperStudy }): JSX.Element {
  const { t } = useT();
  const instruments = usePaperInstruments(study);
  return (
    <section className="c-panel" aria-labelledby="paper-blank-title">
      <h2 id="paper-blank-title">{t("paperBlankTitle")}</h2>
      <p>{t("paperBlankIntro")}</p>
      <ul className="c-plain c-paper-blanks">
        {instruments.map((id) => (
          <li key={id}>
            <InstrumentName id={id} short />{" "}
            <span className="c-paper-blanks__links">
              {PAPER_LOCALES.map((code) => (
                <a key={code} href={paperApi.blank(id, code)} download className="c-button c-button--quiet" data-testid={`paper-blank-${id}-${code}`}>
                  {t("paperBlankLink", { language: t(`paperLocale_${code}`) })}
                </a>
              ))}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
