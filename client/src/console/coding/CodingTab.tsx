/**
 * The study's "Coding" tab: qualitative coding of its interviews. Who sees what follows the server's rules:
 * coders (interviewers, researchers, admins) get the interviews to code and the codebook; researchers and
 * admins keep the codebook (edit, import) and read the coding (agreement, code matrix, coded passages),
 * published or internal; analysts read the coding in its published version only, with the codebook to read
 * it by. Interviewers get neither agreement nor matrix nor excerpts (the server refuses them those), nor the
 * codebook's counts of codings: they code blind, and the counts would tell them how a colleague coded.
 *
 * A study that does not interview has nothing to code: the tab says so and links to its settings.
 */
import { useState, type JSX } from "react";
import type { Study, User } from "../api.ts";
import { InstrumentName, useCatalog } from "../catalog.tsx";
import { downloadFile } from "../download.ts";
import { useT } from "../i18n.tsx";
import { interviewApi, type SessionSummary } from "../interviews/interview-api.ts";
import { StateBadge } from "../interviews/InterviewsTab.tsx";
import { Link, paths } from "../router.tsx";
import { ActionStatus, ChannelMissing, Loadable, PanelHead, useAction, useResource } from "../ui.tsx";
import { AgreementPanel } from "./AgreementPanel.tsx";
import { CodebookPanel } from "./CodebookPanel.tsx";
import { codingApi, type Mode } from "./coding-api.ts";
import { MatrixPanel } from "./MatrixPanel.tsx";
import "./coding-tab.css";

export function CodingTab({ study, user }: { study: Study; user: User }): JSX.Element {
  const { t } = useT();
  const organiser = user.role === "admin" || user.role === "researcher";
  const coder = organiser || user.role === "interviewer";
  const reader = organiser || user.role === "analyst";
  // Bumped when the codebook changes: agreement and matrix are drawn afresh over the new codes.
  const [codebookVersion, setCodebookVersion] = useState(0);

  if (!study.channels.includes("interview")) {
    return (
      <ChannelMissing
        id="cd-off-title"
        title={t("cdTitle")}
        text={t("ivNoChannel")}
        askText={t("ivAskOrganiser")}
        editPath={paths.editStudy(study.id)}
        organiser={organiser}
        testId="coding"
      />
    );
  }
  return (
    <div className="c-stack c-cd" data-testid="coding-tab">
      {coder && <SessionsPanel study={study} />}
      <CodebookPanel study={study} organiser={organiser} showCounts={reader} onChanged={() => setCodebookVersion((v) => v + 1)} />
      {reader && <AgreementPanel key={`ag-${codebookVersion}`} study={study} organiser={organiser} />}
      {reader && <MatrixPanel key={`mx-${codebookVersion}`} study={study} organiser={organiser} />}
      {reader && <ExcerptsPanel study={study} organiser={organiser} />}
    </div>
  );
}

// ---- Interviews to code ------------------------------------------------------------------------------------

function SessionsPanel({ study }: { study: Study }): JSX.Element {
  const tr = useT();
  const { t } = tr;
  const catalog = useCatalog();
  const sessions = useResource<SessionSummary[]>(interviewApi.list(study.id));
  const what = (s: SessionSummary) => (s.kind === "interview" && s.instrumentId ? (catalog.instrument(s.instrumentId)?.title[tr.lang] ?? s.instrumentId) : t("ivFocusGroup"));

  return (
    <section className="c-panel" aria-labelledby="cd-sessions-title" data-testid="cd-sessions">
      <PanelHead id="cd-sessions-title" title={t("cdSessionsTitle")} resource={sessions} />
      <p className="c-muted">{t("cdSessionsIntro")}</p>
      <Loadable resource={sessions}>
        {(list) =>
          list.length === 0 ? (
            <p className="c-empty">{t("cdSessionsEmpty")}</p>
          ) : (
            <div className="c-tablewrap">
              <table className="c-table">
                <thead>
                  <tr>
                    <th scope="col">{t("ivColWhat")}</th>
                    <th scope="col">{t("ivSite")}</th>
                    <th scope="col">{t("colStatus")}</th>
                    <th scope="col">{t("ivColStarted")}</th>
                    <th scope="col">
                      <span className="c-visually-hidden">{t("colActions")}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((s) => (
                    <tr key={s.id} data-testid="cd-session" data-session-id={s.id} data-state={s.state}>
                      <td>{s.kind === "interview" && s.instrumentId ? <InstrumentName id={s.instrumentId} short /> : <strong>{t("ivFocusGroup")}</strong>}</td>
                      <td>{s.siteId ? catalog.siteName(s.siteId) : t("none")}</td>
                      <td>
                        <StateBadge state={s.state} />
                      </td>
                      <td className="c-nowrap">{tr.day(s.startedOn)}</td>
                      <td className="c-table__actions">
                        <Link
                          to={paths.interviewCoding(s.id)}
                          className="c-button"
                          aria-label={t("cdCodeSession", { what: `${what(s)}, ${tr.day(s.startedOn)}` })}
                          data-testid="cd-code-link"
                        >
                          {t("cdCode")}
                        </Link>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loadable>
    </section>
  );
}

// ---- Coded passages --------------------------------------------------------------------------------------

function ExcerptsPanel({ study, organiser }: { study: Study; organiser: boolean }): JSX.Element {
  const tr = useT();
  const { t } = tr;
  const [chosenMode, setMode] = useState<Mode>("published");
  const mode: Mode = organiser ? chosenMode : "published";
  const [received, setReceived] = useState<number | null>(null);
  const action = useAction();

  const download = () => {
    setReceived(null);
    void action.run(
      () => downloadFile(codingApi.excerptsCsv(study.id, mode), `excerpts-${mode}.csv`, setReceived),
      (file) => t("downloaded", { name: file.name, size: tr.size(file.size) }),
    );
  };

  return (
    <section className="c-panel" aria-labelledby="ex-title" data-testid="ex-panel">
      <h2 id="ex-title">{t("cdExTitle")}</h2>
      <p>{t("cdExIntro")}</p>
      {organiser ? (
        <div className="c-field c-cd-control">
          <label htmlFor="ex-mode">{t("cdMode")}</label>
          <select id="ex-mode" value={mode} onChange={(e) => setMode(e.target.value as Mode)} aria-describedby="ex-mode-hint" data-testid="ex-mode">
            <option value="published">{t("cdModePublished")}</option>
            <option value="internal">{t("cdModeInternal")}</option>
          </select>
        </div>
      ) : (
        <p className="c-field__hint">{t("cdAnalystPublished")}</p>
      )}
      <p id="ex-mode-hint" className={mode === "internal" ? "c-note c-note--warn" : "c-field__hint"} data-testid="ex-mode-hint">
        {mode === "internal" ? t("cdExInternalHint") : t("cdExPublishedHint", { k: study.disclosureThreshold })}
      </p>
      <div className="c-actions">
        <button type="button" className="c-button c-button--primary" onClick={download} disabled={action.busy} data-testid="ex-download">
          {t("download")}
        </button>
      </div>
      <ActionStatus state={action.state} busyText={received === null ? t("downloadPreparing") : t("downloading", { size: tr.size(received) })} testId="ex-status" />
    </section>
  );
}
