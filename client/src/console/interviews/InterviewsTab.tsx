/**
 * The study's "Interviews" tab (interviewers, researchers, admins): the study's interviews and focus groups
 * with their state and when their recordings go, starting an interview with one of the study's guides in
 * one of its prisons, or a focus group on typed topics (the number of participants and the kinds of
 * organisation they come from, never their names), and, for researchers, the study's names to redact. A
 * study that does not interview says so and links to its settings.
 */
import { useState, type FormEvent, type JSX } from "react";
import { api, type Study, type User } from "../api.ts";
import { InstrumentName, useCatalog } from "../catalog.tsx";
import { useT, type Translator } from "../i18n.tsx";
import { Link, navigate, paths } from "../router.tsx";
import type { TextKey } from "../texts.ts";
import { ActionStatus, ChannelMissing, FieldMessage, ListPanel, Loadable, useAction, useResource, type Resource } from "../ui.tsx";
import { interviewApi, ORGANISATION_KINDS, TARGET_GROUPS, type OrganisationKind, type SessionSummary, type SessionView, type TargetGroup } from "./interview-api.ts";

export function InterviewsTab({ study, user }: { study: Study; user: User }): JSX.Element {
  const { t } = useT();
  const organiser = user.role === "admin" || user.role === "researcher";
  const sessions = useResource<SessionSummary[]>(study.channels.includes("interview") ? interviewApi.list(study.id) : null);
  if (!study.channels.includes("interview")) {
    return (
      <ChannelMissing
        id="iv-off-title"
        title={t("ivTitle")}
        text={t("ivNoChannel")}
        askText={t("ivAskOrganiser")}
        editPath={paths.editStudy(study.id)}
        organiser={organiser}
        testId="interviews"
      />
    );
  }
  return (
    <div className="c-stack">
      <StartPanel study={study} />
      <SessionsPanel study={study} sessions={sessions} />
      {organiser && <RedactionsPanel study={study} />}
    </div>
  );
}

// ---- Starting an interview or a focus group ---------------------------------------------------------------

function StartPanel({ study }: { study: Study }): JSX.Element {
  const { t } = useT();
  const [open, setOpen] = useState<"none" | "interview" | "focus-group">("none");
  return (
    <section className="c-panel" aria-labelledby="iv-start-title">
      <h2 id="iv-start-title">{t("ivStartTitle")}</h2>
      {study.closed ? (
        <p className="c-note c-note--warn">{t("ivStudyClosed")}</p>
      ) : (
        <>
          <p className="c-muted">{t("ivStartIntro")}</p>
          <div className="c-buttons">
            <button
              type="button"
              className={open === "interview" ? "c-button c-button--primary" : "c-button"}
              aria-expanded={open === "interview"}
              aria-controls="iv-start-interview"
              onClick={() => setOpen(open === "interview" ? "none" : "interview")}
              data-testid="iv-start-interview"
            >
              {t("ivStartInterview")}
            </button>
            <button
              type="button"
              className={open === "focus-group" ? "c-button c-button--primary" : "c-button"}
              aria-expanded={open === "focus-group"}
              aria-controls="iv-start-focus"
              onClick={() => setOpen(open === "focus-group" ? "none" : "focus-group")}
              data-testid="iv-start-focus"
            >
              {t("ivStartFocus")}
            </button>
          </div>
          {open === "interview" && <InterviewForm study={study} />}
          {open === "focus-group" && <FocusGroupForm study={study} />}
        </>
      )}
    </section>
  );
}

function InterviewForm({ study }: { study: Study }): JSX.Element {
  const { t } = useT();
  const catalog = useCatalog();
  const guides = study.instruments.filter((id) => catalog.instrument(id)?.kind === "interview");
  const [guide, setGuide] = useState(guides.length === 1 ? guides[0]! : "");
  const [site, setSite] = useState(study.sites.length === 1 ? study.sites[0]! : "");
  const [checked, setChecked] = useState(false);
  const action = useAction();
  const error = action.state.kind === "error" ? action.state.error : null;
  const local = { instrumentId: guide ? null : t("ivPickGuide"), siteId: site ? null : t("ivPickSite") };

  if (guides.length === 0) {
    return (
      <div id="iv-start-interview" className="c-note c-note--warn" data-testid="iv-no-guides">
        {t("ivNoGuides")}
      </div>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setChecked(true);
    if (local.instrumentId || local.siteId) return;
    void action.run(async () => {
      const started = await api<SessionView>("POST", interviewApi.list(study.id), { kind: "interview", instrumentId: guide, siteId: site });
      navigate(paths.interview(started.id));
    });
  };

  return (
    <form id="iv-start-interview" className="c-form c-form--wide c-iv-start" onSubmit={submit} noValidate data-testid="iv-interview-form">
      <fieldset className="c-fieldset" aria-describedby="iv-guide-error">
        <legend>{t("ivGuide")}</legend>
        {guides.map((id) => (
          <label key={id} className="c-check c-check--instrument">
            <input type="radio" name="iv-guide" value={id} checked={guide === id} onChange={() => setGuide(id)} data-testid={`iv-guide-${id}`} />
            <span>
              <InstrumentName id={id} />
            </span>
          </label>
        ))}
        <FieldMessage id="iv-guide-error" error={error} field="instrumentId" local={checked ? local.instrumentId : null} />
      </fieldset>
      <div className="c-field c-iv-site">
        <label htmlFor="iv-site">{t("ivSite")}</label>
        <select id="iv-site" value={site} onChange={(e) => setSite(e.target.value)} aria-describedby="iv-site-error" data-testid="iv-site">
          <option value="">{t("ivChoose")}</option>
          {study.sites.map((id) => (
            <option key={id} value={id}>
              {catalog.siteName(id)}
            </option>
          ))}
        </select>
        <FieldMessage id="iv-site-error" error={error} field="siteId" local={checked ? local.siteId : null} />
      </div>
      <div className="c-actions">
        <button type="submit" className="c-button c-button--primary" disabled={action.busy} data-testid="iv-interview-submit">
          {t("ivStartAndOpen")}
        </button>
      </div>
      <ActionStatus state={action.state} busyText={t("ivStarting")} shownFields={["instrumentId", "siteId"]} />
    </form>
  );
}

const ORG_KEYS: Readonly<Record<OrganisationKind, TextKey>> = {
  "social-service": "ivOrg_social",
  "local-government-association": "ivOrg_municipalities",
  ngo: "ivOrg_ngo",
  "prison-administration": "ivOrg_prisonAdmin",
  "project-team": "ivOrg_project",
};

const GROUP_KEYS: Readonly<Record<TargetGroup, TextKey>> = {
  youth: "ivGroup_youth",
  seniors: "ivGroup_seniors",
  mothers: "ivGroup_mothers",
  "mental-health": "ivGroup_mentalHealth",
};

export const organisationName = (kind: string, tr: Translator): string => (kind in ORG_KEYS ? tr.t(ORG_KEYS[kind as OrganisationKind]) : kind);
export const targetGroupName = (group: string, tr: Translator): string => (group in GROUP_KEYS ? tr.t(GROUP_KEYS[group as TargetGroup]) : group);

function FocusGroupForm({ study }: { study: Study }): JSX.Element {
  const tr = useT();
  const { t } = tr;
  const catalog = useCatalog();
  const [topics, setTopics] = useState("");
  const [count, setCount] = useState("");
  const [kinds, setKinds] = useState<OrganisationKind[]>([]);
  const [site, setSite] = useState("");
  const [group, setGroup] = useState<TargetGroup | "">("");
  const [checked, setChecked] = useState(false);
  const action = useAction();
  const error = action.state.kind === "error" ? action.state.error : null;
  const lines = topics
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  const n = Number(count);
  const local = {
    topics: lines.length === 0 ? t("ivTopicsRequired") : lines.length > 50 ? t("ivTopicsTooMany") : null,
    participantCount: count.trim() !== "" && Number.isInteger(n) && n >= 1 && n <= 100 ? null : t("ivCountRange"),
    organisationKinds: kinds.length > 0 ? null : t("pickAtLeastOne"),
  };
  const shown = (field: keyof typeof local) => (checked ? local[field] : null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setChecked(true);
    if (Object.values(local).some(Boolean)) return;
    void action.run(async () => {
      const body = {
        kind: "focus-group",
        topics: lines,
        participantCount: n,
        organisationKinds: ORGANISATION_KINDS.filter((k) => kinds.includes(k)),
        ...(site ? { siteId: site } : {}),
        ...(group ? { targetGroup: group } : {}),
      };
      const started = await api<SessionView>("POST", interviewApi.list(study.id), body);
      navigate(paths.interview(started.id));
    });
  };

  return (
    <form id="iv-start-focus" className="c-form c-form--wide c-iv-start" onSubmit={submit} noValidate data-testid="iv-focus-form">
      <div className="c-field">
        <label htmlFor="iv-topics">{t("ivTopics")}</label>
        <textarea
          id="iv-topics"
          className="c-textarea"
          rows={5}
          value={topics}
          aria-invalid={!!shown("topics")}
          aria-describedby="iv-topics-hint iv-topics-error"
          onChange={(e) => setTopics(e.target.value)}
          data-testid="iv-topics"
        />
        <p className="c-field__hint" id="iv-topics-hint">
          {t("ivTopicsHint")}
        </p>
        <FieldMessage id="iv-topics-error" error={error} field="topics" local={shown("topics")} />
      </div>
      <div className="c-field c-field--narrow">
        <label htmlFor="iv-count">{t("ivParticipantCount")}</label>
        <input
          id="iv-count"
          type="number"
          inputMode="numeric"
          min={1}
          max={100}
          step={1}
          value={count}
          aria-invalid={!!shown("participantCount")}
          aria-describedby="iv-count-error"
          onChange={(e) => setCount(e.target.value)}
          data-testid="iv-count"
        />
        <FieldMessage id="iv-count-error" error={error} field="participantCount" local={shown("participantCount")} />
      </div>
      <fieldset className="c-fieldset" aria-describedby="iv-kinds-hint iv-kinds-error">
        <legend>{t("ivOrganisationKinds")}</legend>
        <p className="c-field__hint" id="iv-kinds-hint">
          {t("ivOrganisationKindsHint")}
        </p>
        <div className="c-checkgrid">
          {ORGANISATION_KINDS.map((kind) => (
            <label key={kind} className="c-check">
              <input
                type="checkbox"
                checked={kinds.includes(kind)}
                onChange={() => setKinds((old) => (old.includes(kind) ? old.filter((k) => k !== kind) : [...old, kind]))}
                data-testid={`iv-org-${kind}`}
              />
              <span>{organisationName(kind, tr)}</span>
            </label>
          ))}
        </div>
        <FieldMessage id="iv-kinds-error" error={error} field="organisationKinds" local={shown("organisationKinds")} />
      </fieldset>
      <div className="c-row">
        <div className="c-field">
          <label htmlFor="iv-focus-site">{t("ivSiteOptional")}</label>
          <select id="iv-focus-site" value={site} onChange={(e) => setSite(e.target.value)} data-testid="iv-focus-site">
            <option value="">{t("ivNoSite")}</option>
            {study.sites.map((id) => (
              <option key={id} value={id}>
                {catalog.siteName(id)}
              </option>
            ))}
          </select>
        </div>
        <div className="c-field">
          <label htmlFor="iv-focus-group">{t("ivTargetGroup")}</label>
          <select id="iv-focus-group" value={group} onChange={(e) => setGroup(e.target.value as TargetGroup | "")} data-testid="iv-focus-group">
            <option value="">{t("ivNoTargetGroup")}</option>
            {TARGET_GROUPS.map((g) => (
              <option key={g} value={g}>
                {targetGroupName(g, tr)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="c-actions">
        <button type="submit" className="c-button c-button--primary" disabled={action.busy} data-testid="iv-focus-submit">
          {t("ivStartAndOpen")}
        </button>
      </div>
      <ActionStatus state={action.state} busyText={t("ivStarting")} shownFields={["topics", "participantCount", "organisationKinds"]} />
    </form>
  );
}

// ---- The study's sessions ---------------------------------------------------------------------------------

export const STATE_KEYS: Readonly<Record<string, TextKey>> = {
  "in-progress": "ivState_inProgress",
  finished: "ivState_finished",
  summarised: "ivState_summarised",
};

export function StateBadge({ state }: { state: string }): JSX.Element {
  const { t } = useT();
  const key = STATE_KEYS[state];
  return (
    <span className={`c-badge c-iv-state c-iv-state--${state}`} data-testid="iv-state" data-state={state}>
      {key ? t(key) : state}
    </span>
  );
}

/** "dd.mm." of a `YYYY-MM-DD` day, as the deletion dates are said. */
export function shortDay(day: string): string {
  const [, m, d] = day.split("-");
  return m && d ? `${d}.${m}.` : day;
}

function SessionsPanel({ study, sessions }: { study: Study; sessions: Resource<SessionSummary[]> }): JSX.Element {
  const tr = useT();
  const { t } = tr;
  const catalog = useCatalog();
  return (
    <ListPanel
      id="iv-list-title"
      title={t("ivListTitle")}
      resource={sessions}
      empty={t("ivListEmpty")}
      testId="iv-list"
      columns={[t("ivColWhat"), t("ivSite"), t("colStatus"), t("ivColStarted"), t("ivColRecordings")]}
    >
      {(list) =>
        list.map((s) => (
          <tr key={s.id} data-testid="iv-row" data-id={s.id} data-state={s.state}>
            <td>
              {/* The name opens the session too, so a narrow screen need not scroll to the button. */}
              <Link to={paths.interview(s.id)} className="c-iv-what">
                {s.kind === "interview" && s.instrumentId ? (
                  <InstrumentName id={s.instrumentId} short />
                ) : (
                  <>
                    <strong>{t("ivFocusGroup")}</strong>{" "}
                    <span className="c-muted">
                      {t("ivParticipants", { n: s.participantCount ?? 0 })}
                      {s.topics ? ` · ${t("ivTopicsCount", { n: s.topics.length })}` : ""}
                    </span>
                  </>
                )}
              </Link>
            </td>
            <td>{s.siteId ? catalog.siteName(s.siteId) : t("none")}</td>
            <td>
              <StateBadge state={s.state} />
            </td>
            <td className="c-nowrap">{tr.day(s.startedOn)}</td>
            <td>
              <RecordingsCell session={s} retentionDays={study.recordingRetentionDays} />
            </td>
            <td className="c-table__actions">
              <Link to={paths.interview(s.id)} className="c-button" data-testid="iv-open">
                {s.state === "summarised" ? t("ivView") : t("ivOpen")}
              </Link>
            </td>
          </tr>
        ))
      }
    </ListPanel>
  );
}

/** When a session's recordings go: the day once it is summarised, else how long they will be kept then. */
function RecordingsCell({ session, retentionDays }: { session: SessionSummary; retentionDays: number }): JSX.Element {
  const { t } = useT();
  const recordings = session.recordings;
  if (recordings.length === 0) return <span className="c-muted">{t("ivNoRecordings")}</span>;
  if (session.state !== "summarised") {
    return (
      <span className="c-muted c-small" data-testid="iv-row-recordings">
        {t("ivRecordingsCount", { n: recordings.length })} · {t("ivKeptAfterSummary", { n: retentionDays })}
      </span>
    );
  }
  return (
    <ul className="c-plain c-small" data-testid="iv-row-recordings">
      {recordings.map((r, i) => (
        <li key={r.id}>
          {t("ivRecordingN", { n: i + 1 })}: {r.deletedOn ? t("ivDeletedOn", { day: shortDay(r.deletedOn) }) : r.deleteAfter ? t("ivDeletesOn", { day: shortDay(r.deleteAfter) }) : t("none")}
        </li>
      ))}
    </ul>
  );
}

// ---- Names to redact ------------------------------------------------------------------------------------

function RedactionsPanel({ study }: { study: Study }): JSX.Element {
  const { t } = useT();
  const terms = useResource<{ terms: string[] }>(interviewApi.redactions(study.id));
  return (
    <section className="c-panel" aria-labelledby="iv-redact-title" data-testid="iv-redactions">
      <h2 id="iv-redact-title">{t("ivRedactTitle")}</h2>
      <p>{t("ivRedactIntro")}</p>
      <Loadable resource={terms}>{(data) => <RedactionsEditor study={study} initial={data.terms} onSaved={(list) => terms.set(() => ({ terms: list }))} />}</Loadable>
    </section>
  );
}

function RedactionsEditor({ study, initial, onSaved }: { study: Study; initial: string[]; onSaved: (terms: string[]) => void }): JSX.Element {
  const { t } = useT();
  const [text, setText] = useState(initial.join("\n"));
  const action = useAction();
  const list = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  const save = (event: FormEvent) => {
    event.preventDefault();
    void action.run(
      async () => {
        const saved = await api<{ terms: string[]; redactions: number }>("PUT", interviewApi.redactions(study.id), { terms: list });
        onSaved(saved.terms);
        setText(saved.terms.join("\n"));
        return saved;
      },
      (saved) => t("ivRedactSaved", { n: saved.terms.length, r: saved.redactions }),
    );
  };
  return (
    <form className="c-form c-form--wide" onSubmit={save} noValidate>
      <div className="c-field">
        <label htmlFor="iv-redact-terms">{t("ivRedactLabel")}</label>
        <textarea
          id="iv-redact-terms"
          className="c-textarea"
          rows={8}
          value={text}
          spellCheck={false}
          aria-describedby="iv-redact-hint iv-redact-error"
          onChange={(e) => setText(e.target.value)}
          data-testid="iv-redact-terms"
        />
        <p className="c-field__hint" id="iv-redact-hint">
          {t("ivRedactHint")}
        </p>
        <FieldMessage id="iv-redact-error" error={action.state.kind === "error" ? action.state.error : null} field="terms" />
      </div>
      <div className="c-actions">
        <button type="submit" className="c-button c-button--primary" disabled={action.busy} data-testid="iv-redact-save">
          {t("ivRedactSave", { n: list.length })}
        </button>
      </div>
      <ActionStatus state={action.state} busyText={t("saving")} shownFields={["terms"]} testId="iv-redact-status" />
    </form>
  );
}
