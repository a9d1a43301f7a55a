/**
 * The audit log for admins: who did what to which study, tablet, link or account, and when (Riga time),
 * newest first, 100 at a time with "Older entries" to page back.
 */
import { useCallback, useEffect, useState, type JSX } from "react";
import { api, type Study } from "../api.ts";
import { useCatalog } from "../catalog.tsx";
import { actionName } from "../format.ts";
import { useT } from "../i18n.tsx";
import { ErrorBox, useAction, useResource } from "../ui.tsx";

export interface AuditEntry {
  id: number;
  at: string;
  userId: number | null;
  actor: string;
  action: string;
  target: string | null;
  detail: Record<string, unknown> | null;
}

const PAGE = 100;

function detailText(detail: Record<string, unknown> | null): string {
  if (!detail) return "";
  return Object.entries(detail)
    .map(([key, value]) => `${key}: ${Array.isArray(value) ? value.join(", ") : typeof value === "object" && value !== null ? JSON.stringify(value) : String(value)}`)
    .join("; ");
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function AuditPage(): JSX.Element {
  const tr = useT();
  const { t } = tr;
  const catalog = useCatalog();
  const studies = useResource<Study[]>("/api/studies");
  const studyNames = new Map((studies.data ?? []).map((s) => [s.id, s.name]));
  const sites = new Set(catalog.sites.map((s) => s.id));

  /** A study or prison by its name; another id shortened (the whole id stays in the tooltip). */
  const target = (id: string | null): { text: string; title?: string } => {
    if (id === null) return { text: t("none") };
    const study = studyNames.get(id);
    if (study) return { text: study, title: id };
    if (sites.has(id)) return { text: catalog.siteName(id), title: id };
    if (UUID.test(id)) return { text: `${id.slice(0, 8)}…`, title: id };
    return { text: id };
  };
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [more, setMore] = useState(true);
  const loading = useAction();

  const load = useCallback(
    (before?: number) =>
      void loading.run(async () => {
        const page = await api<AuditEntry[]>("GET", `/api/audit?limit=${PAGE}${before ? `&before=${before}` : ""}`);
        setEntries((old) => (before && old ? [...old, ...page] : page));
        setMore(page.length === PAGE);
      }),
    [loading.run],
  );

  useEffect(() => load(), [load]);
  const oldest = entries?.at(-1)?.id;

  return (
    <section className="c-page" aria-labelledby="audit-title">
      <div className="c-page__head">
        <h1 id="audit-title">{t("auditTitle")}</h1>
        <button type="button" className="c-button c-button--quiet" onClick={() => load()} disabled={loading.busy}>
          {t("refresh")}
        </button>
      </div>
      <p>{t("auditIntro")}</p>
      {entries === null && loading.busy && <p className="c-loading">{t("loading")}</p>}
      {entries !== null && entries.length === 0 && <p className="c-empty">{t("noAudit")}</p>}
      {entries !== null && entries.length > 0 && (
        <div className="c-tablewrap">
          <table className="c-table c-table--audit" data-testid="audit">
            <thead>
              <tr>
                <th scope="col">{t("colTime")}</th>
                <th scope="col">{t("colWho")}</th>
                <th scope="col">{t("colAction")}</th>
                <th scope="col">{t("colTarget")}</th>
                <th scope="col">{t("colDetail")}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id} data-testid="audit-row">
                  <td className="c-nowrap">{tr.dateTimeShort(e.at)}</td>
                  <td>{e.actor}</td>
                  <td>
                    {actionName(e.action, tr)}
                    <span className="c-code-note">{e.action}</span>
                  </td>
                  <td className="c-break" title={target(e.target).title}>
                    {target(e.target).text}
                  </td>
                  <td className="c-small c-break">{detailText(e.detail)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {loading.state.kind === "error" && <ErrorBox error={loading.state.error} onRetry={() => load(oldest)} />}
      {entries !== null && entries.length > 0 && (
        <div className="c-actions">
          {more ? (
            <button type="button" className="c-button" onClick={() => load(oldest)} disabled={loading.busy} data-testid="audit-older">
              {loading.busy ? t("loadingOlder") : t("older")}
            </button>
          ) : (
            <p className="c-muted">{t("noOlder")}</p>
          )}
        </div>
      )}
    </section>
  );
}
