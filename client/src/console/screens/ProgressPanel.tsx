/**
 * How many responses have arrived, refreshed every 10 seconds while the page is visible: the total as a
 * big number, then one table per instrument with prisons as rows and age groups as columns, and a channel
 * filter. The tables keep showing the last numbers while new ones load (no flicker, no spinner); a failed
 * refresh says so and keeps them.
 */
import { useEffect, useMemo, useState, type JSX } from "react";
import { AGE_GROUPS, ApiError, type Study } from "../api.ts";
import { InstrumentName, useCatalog } from "../catalog.tsx";
import { ageGroupName, channelShort } from "../format.ts";
import { useT } from "../i18n.tsx";
import { ErrorBox, useResource, useVisibleInterval } from "../ui.tsx";

export interface ProgressRow {
  instrumentId: string;
  siteId: string | null;
  channel: string;
  ageGroup: string | null;
  n: number;
}

export interface Progress {
  total: number;
  rows: ProgressRow[];
}

export const REFRESH_MS = 10_000;

/** The age groups each instrument's respondents fall into (instruments/index.ts), before any data. */
function expectedAgeGroups(instrumentId: string): readonly string[] {
  if (instrumentId === "youth" || instrumentId === "youth-family") return ["under-18", "18-21", "22-25"];
  if (instrumentId === "seniors" || instrumentId === "seniors-family") return ["60-70", "over-70"];
  if (instrumentId === "mothers" || instrumentId === "mothers-interview") return ["mothers-18-25", "mothers-26-plus"];
  return [];
}

const ORDER: readonly string[] = AGE_GROUPS;
const byAgeOrder = (a: string | null, b: string | null) => (a === null ? 1 : b === null ? -1 : ORDER.indexOf(a) - ORDER.indexOf(b));

export function ProgressPanel({ study }: { study: Study }): JSX.Element {
  const tr = useT();
  const { t } = tr;
  const progress = useResource<Progress>(`/api/studies/${encodeURIComponent(study.id)}/progress`);
  const [updated, setUpdated] = useState<Date | null>(null);
  const [channel, setChannel] = useState<string | null>(null);
  useVisibleInterval(() => void progress.reload(), REFRESH_MS);
  useEffect(() => {
    if (progress.data) setUpdated(new Date());
  }, [progress.data]);

  const channels = useMemo(() => {
    const seen = new Set(study.channels);
    for (const row of progress.data?.rows ?? []) seen.add(row.channel);
    return [...seen];
  }, [study.channels, progress.data]);

  if (!progress.data) {
    if (progress.error) return <ErrorBox error={progress.error} onRetry={() => void progress.reload()} />;
    return <p className="c-loading">{t("loading")}</p>;
  }

  const rows = progress.data.rows.filter((r) => channel === null || r.channel === channel);
  const instruments = [...study.instruments, ...new Set(rows.map((r) => r.instrumentId).filter((id) => !study.instruments.includes(id)))];
  const detail = progress.error instanceof ApiError ? progress.error.detail || progress.error.code : progress.error ? String(progress.error) : "";

  return (
    <section className="c-panel" aria-labelledby="progress-title">
      <div className="c-panel__head">
        <h2 id="progress-title">{t("progressTitle")}</h2>
        <p className="c-muted" aria-live="off" data-testid="progress-updated">
          {updated && t("updatedAt", { time: tr.clock(updated) })}
        </p>
      </div>
      <div className="c-bignumber">
        <span className="c-bignumber__value" data-testid="progress-total">
          {progress.data.total}
        </span>
        <span className="c-bignumber__label">{t("totalResponses")}</span>
      </div>
      <p className="c-muted c-small">{t("progressAutoNote")}</p>
      {!!progress.error && (
        <p className="c-note c-note--warn" role="status">
          {t("refreshFailed", { detail })}
        </p>
      )}

      <div className="c-segmented" role="group" aria-label={t("channelFilter")}>
        <span className="c-segmented__label">{t("channelFilter")}:</span>
        {[null, ...channels].map((c) => (
          <button
            key={c ?? "all"}
            type="button"
            className={c === channel ? "c-segmented__option c-segmented__option--active" : "c-segmented__option"}
            aria-pressed={c === channel}
            onClick={() => setChannel(c)}
            data-testid={`progress-channel-${c ?? "all"}`}
          >
            {c === null ? t("allChannels") : channelShort(c, tr)}
          </button>
        ))}
      </div>

      <div className="c-pivots">
        {instruments.map((id) => (
          <InstrumentPivot key={id} instrumentId={id} study={study} rows={rows.filter((r) => r.instrumentId === id)} />
        ))}
      </div>
    </section>
  );
}

function InstrumentPivot({ instrumentId, study, rows }: { instrumentId: string; study: Study; rows: ProgressRow[] }): JSX.Element {
  const tr = useT();
  const { t } = tr;
  const catalog = useCatalog();
  const total = rows.reduce((sum, r) => sum + r.n, 0);

  const ages: (string | null)[] = [...new Set<string | null>([...expectedAgeGroups(instrumentId), ...rows.map((r) => r.ageGroup)])].sort(byAgeOrder);
  const sites: (string | null)[] = [...study.sites, ...new Set(rows.map((r) => r.siteId).filter((s) => s !== null && !study.sites.includes(s)))];
  if (rows.some((r) => r.siteId === null)) sites.push(null);

  const cell = (site: string | null, age: string | null | "all") =>
    rows.filter((r) => r.siteId === site && (age === "all" || r.ageGroup === age)).reduce((sum, r) => sum + r.n, 0);
  const column = (age: string | null) => rows.filter((r) => r.ageGroup === age).reduce((sum, r) => sum + r.n, 0);
  const showAges = ages.length > 0;

  return (
    <figure className="c-pivot" data-testid={`pivot-${instrumentId}`}>
      <figcaption className="c-pivot__caption">
        <InstrumentName id={instrumentId} short />
        <span className="c-pivot__total" data-testid={`pivot-total-${instrumentId}`}>
          {t("responsesN", { n: total })}
        </span>
      </figcaption>
      {total === 0 ? (
        <p className="c-muted c-small">{t("noResponsesYet")}</p>
      ) : (
        <div className="c-tablewrap">
          <table className="c-table c-table--numbers">
            <thead>
              {showAges && (
                <tr>
                  <th scope="col" rowSpan={2}>
                    {t("colPrison")}
                  </th>
                  <th scope="colgroup" colSpan={ages.length}>
                    {t("ageGroups")}
                  </th>
                  <th scope="col" rowSpan={2}>
                    {t("colTotal")}
                  </th>
                </tr>
              )}
              <tr>
                {!showAges && <th scope="col">{t("colPrison")}</th>}
                {ages.map((age) => (
                  <th key={age ?? "none"} scope="col">
                    {ageGroupName(age, tr)}
                  </th>
                ))}
                {!showAges && <th scope="col">{t("colTotal")}</th>}
              </tr>
            </thead>
            <tbody>
              {sites.map((site) => (
                <tr key={site ?? "none"}>
                  <th scope="row">{catalog.siteName(site)}</th>
                  {ages.map((age) => {
                    const n = cell(site, age);
                    return (
                      <td key={age ?? "none"} className={n === 0 ? "c-zero" : undefined}>
                        {n}
                      </td>
                    );
                  })}
                  <td className="c-table__total">{cell(site, "all")}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t("rowTotal")}</th>
                {ages.map((age) => (
                  <td key={age ?? "none"}>{column(age)}</td>
                ))}
                <td className="c-table__total">{total}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      )}
    </figure>
  );
}
