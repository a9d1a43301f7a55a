/**
 * One study: its name and state with close/reopen and edit (admins and researchers), and tabs for its
 * work. Which tabs a person sees follows their role: organisers get everything; analysts the overview,
 * coding (read-only: agreement, matrix, excerpts), results and export; interviewers the overview, the
 * paper tab, where they type returned forms in, the interviews and their coding. The interviews and coding
 * tabs are left out of the bar when the study does not interview (their address then says so and links to
 * the settings).
 */
import { useState, type JSX } from "react";
import { api, type Study, type User } from "../api.ts";
import { InstrumentName, useCatalog } from "../catalog.tsx";
import { channelShort, studyPeriod } from "../format.ts";
import { useT } from "../i18n.tsx";
import { Link, paths, type StudyTab } from "../router.tsx";
import { ActionStatus, ConfirmButton, Loadable, useAction, useFlash, useResource } from "../ui.tsx";
import { PaperTab } from "../paper/PaperTab.tsx";
import { InterviewsTab } from "../interviews/InterviewsTab.tsx";
import { Deferred } from "../lazy.tsx";
import { ExportTab } from "./ExportTab.tsx";
import { LinksTab } from "./LinksTab.tsx";
import { ProgressPanel } from "./ProgressPanel.tsx";
import { ResultsTab } from "./ResultsTab.tsx";
import { TabletsTab } from "./TabletsTab.tsx";

// The coding screens load when first opened: most visits to a study never code.
const loadCodingTab = () => import("../coding/CodingTab.tsx").then((m) => ({ default: m.CodingTab }));

export function tabsFor(role: User["role"]): readonly StudyTab[] {
  switch (role) {
    case "admin":
    case "researcher":
      return ["overview", "tablets", "links", "paper", "interviews", "coding", "results", "export"];
    case "analyst":
      return ["overview", "coding", "results", "export"];
    case "interviewer":
      return ["overview", "paper", "interviews", "coding"];
  }
}

export function StudyPage({ studyId, tab, user }: { studyId: string; tab: StudyTab; user: User }): JSX.Element {
  const study = useResource<Study>(`/api/studies/${encodeURIComponent(studyId)}`);
  return <Loadable resource={study}>{(loaded) => <StudyView study={loaded} tab={tab} user={user} onChange={(s) => study.set(() => s)} />}</Loadable>;
}

function StudyView({ study, tab, user, onChange }: { study: Study; tab: StudyTab; user: User; onChange: (study: Study) => void }): JSX.Element {
  const tr = useT();
  const { t } = tr;
  const flash = useFlash();
  const [flashTab] = useState(tab);
  const closing = useAction();
  const organiser = user.role === "admin" || user.role === "researcher";
  const allowed = tabsFor(user.role);
  const shown: StudyTab = allowed.includes(tab) ? tab : "overview";
  // Interviews and their coding only where the study interviews (or when someone followed a link there).
  const tabs = allowed.filter((name) => (name !== "interviews" && name !== "coding") || study.channels.includes("interview") || shown === name);

  const setClosed = (closed: boolean) =>
    void closing.run(async () => {
      onChange(await api<Study>("PATCH", `/api/studies/${encodeURIComponent(study.id)}`, { closed }));
    }, closed ? t("studyClosedNow") : t("studyReopened"));

  return (
    <section className="c-page" aria-labelledby="study-title">
      <p className="c-crumbs">
        <Link to={paths.studies()}>{t("navStudies")}</Link>
      </p>
      <div className="c-page__head">
        <div>
          <h1 id="study-title" data-testid="study-title">
            {study.name}
          </h1>
          <p className="c-page__sub">
            <span className={study.closed ? "c-badge c-badge--closed" : "c-badge c-badge--open"} data-testid="study-status">
              {study.closed ? t("statusClosed") : t("statusOpen")}
            </span>{" "}
            {studyPeriod(study, tr)}
          </p>
        </div>
        {organiser && (
          <div className="c-page__actions">
            <Link to={paths.editStudy(study.id)} className="c-button" data-testid="edit-study">
              {t("edit")}
            </Link>
            {study.closed ? (
              <button type="button" className="c-button" disabled={closing.busy} onClick={() => setClosed(false)} data-testid="reopen-study">
                {t("reopenStudy")}
              </button>
            ) : (
              <ConfirmButton label={t("closeStudy")} question={t("closeConfirm")} disabled={closing.busy} onConfirm={() => setClosed(true)} testId="close-study" />
            )}
          </div>
        )}
      </div>
      {flash && flashTab === tab && closing.state.kind === "idle" && <p className="c-status__done">{flash}</p>}
      <ActionStatus state={closing.state} busyText={study.closed ? t("reopening") : t("closing")} />
      {study.closed && <p className="c-note c-note--warn">{t("studyClosedBanner")}</p>}

      {tabs.length > 0 && (
        <nav className="c-tabs" aria-label={t("studyTabs")}>
          {tabs.map((name) => (
            <Link
              key={name}
              to={paths.study(study.id, name)}
              className={name === shown ? "c-tabs__tab c-tabs__tab--active" : "c-tabs__tab"}
              aria-current={name === shown ? "page" : undefined}
              data-testid={`tab-${name}`}
            >
              {t(`tab_${name}`)}
            </Link>
          ))}
        </nav>
      )}

      <div className="c-tabpanel">
        {shown === "overview" && (
          <>
            {user.role === "interviewer" && <p className="c-note">{t("interviewerNote")}</p>}
            {organiser && <ProgressPanel study={study} />}
            <StudyFacts study={study} />
          </>
        )}
        {shown === "tablets" && <TabletsTab study={study} />}
        {shown === "links" && <LinksTab study={study} />}
        {shown === "paper" && <PaperTab study={study} user={user} />}
        {shown === "interviews" && <InterviewsTab study={study} user={user} />}
        {shown === "coding" && <Deferred load={loadCodingTab} props={{ study, user }} loadingText={t("codingLoading")} failedText={t("codingLoadFailed")} />}
        {shown === "results" && <ResultsTab study={study} user={user} />}
        {shown === "export" && <ExportTab study={study} user={user} />}
      </div>
    </section>
  );
}

function StudyFacts({ study }: { study: Study }): JSX.Element {
  const tr = useT();
  const { t } = tr;
  const catalog = useCatalog();
  return (
    <section className="c-panel" aria-labelledby="facts-title">
      <h2 id="facts-title">{t("aboutStudy")}</h2>
      <dl className="c-facts c-facts--wide">
        <div>
          <dt>{t("colInstruments")}</dt>
          <dd>
            <ul className="c-plain">
              {study.instruments.map((id) => (
                <li key={id}>
                  <InstrumentName id={id} />
                </li>
              ))}
            </ul>
          </dd>
        </div>
        <div>
          <dt>{t("colPrisons")}</dt>
          <dd>
            <ul className="c-plain">
              {study.sites.map((id) => (
                <li key={id}>{catalog.siteName(id)}</li>
              ))}
            </ul>
          </dd>
        </div>
        <div>
          <dt>{t("colChannels")}</dt>
          <dd>{study.channels.map((c) => channelShort(c, tr)).join(", ")}</dd>
        </div>
        <div>
          <dt>{t("fieldThreshold")}</dt>
          <dd>
            {study.disclosureThreshold} <span className="c-muted">— {t("thresholdHint")}</span>
          </dd>
        </div>
        <div>
          <dt>{t("createdOn")}</dt>
          <dd>{tr.day(study.createdOn)}</dd>
        </div>
      </dl>
    </section>
  );
}
