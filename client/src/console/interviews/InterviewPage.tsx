/**
 * The interviewer's screen for one interview or focus group, made for a laptop on the table (and usable on
 * a tablet): the guide's greeting and what the interviewee agrees to, to read aloud (in Latvian, Russian or
 * English), the consent checklist that opens the questions, the interviewee's bands, then every question
 * with a notes field that saves itself (note-sync.ts: nothing is lost when the lid closes or the network
 * drops), a "skipped" toggle and, while recording, the moment it was asked. Recording, uploading audio and
 * the transcript follow, and at the end "Finish" and "Summarised", which starts the clock on deleting the
 * recordings. A bar at the top keeps the save status and the recording in view while scrolling.
 */
import { useEffect, useMemo, useRef, useState, useSyncExternalStore, type ChangeEvent, type FormEvent, type JSX } from "react";
import { api, ApiError, problemOf, send, type Study, type User } from "../api.ts";
import { useCatalog } from "../catalog.tsx";
import { useT } from "../i18n.tsx";
import { Link, paths } from "../router.tsx";
import type { Lang, TextKey } from "../texts.ts";
import { ActionStatus, ConfirmButton, ErrorBox, Loadable, useAction, useResource } from "../ui.tsx";
import { paragraphsOf, readGuide, type GuideText } from "./guide.ts";
import { interviewApi, localised, type Consent, type GuideQuestion, type RecordingView, type SessionView, type TranscriptSegment } from "./interview-api.ts";
import { organisationName, shortDay, StateBadge, targetGroupName } from "./InterviewsTab.tsx";
import { forgetSession } from "./local-expiry.ts";
import { NoteSync, type SyncStatus } from "./note-sync.ts";
import { clockOf, Players, RecordingsPanel, useRecorder, type Recorder } from "./recording.tsx";

const READ_LANGS: readonly Lang[] = ["lv", "ru", "en"];

type SetView = (next: SessionView | ((old: SessionView) => SessionView)) => void;

export function InterviewPage({ sessionId, user }: { sessionId: string; user: User }): JSX.Element {
  const session = useResource<SessionView>(interviewApi.session(sessionId));
  return (
    <section className="c-page c-iv-page" aria-labelledby="iv-title">
      <Loadable resource={session}>{(view) => <Workspace view={view} user={user} setView={(next) => session.set((old) => (typeof next === "function" ? next(old ?? view) : next))} />}</Loadable>
    </section>
  );
}

/** Plural-aware choice of text: "1 change", "2 changes" (and Russian's few/many). */
function plural(lang: Lang, n: number, keys: { one: TextKey; few: TextKey; many: TextKey }): TextKey {
  const rule = new Intl.PluralRules(lang === "lv" ? "lv-LV" : lang === "ru" ? "ru-RU" : "en-GB").select(n);
  return rule === "one" ? keys.one : rule === "few" ? keys.few : keys.many;
}

function Workspace({ view, user, setView }: { view: SessionView; user: User; setView: SetView }): JSX.Element {
  const tr = useT();
  const { t } = tr;
  const catalog = useCatalog();
  const study = useResource<Study>(`/api/studies/${encodeURIComponent(view.studyId)}`);
  const guide = useResource<unknown>(view.instrumentId ? interviewApi.instrument(view.instrumentId) : null);
  const guideText = useMemo<GuideText>(() => readGuide(guide.data), [guide.data]);
  const [readLang, setReadLang] = useState<Lang>("lv");
  const [sync] = useState(() => new NoteSync(view.id));
  const [players] = useState(() => new Players());
  useSyncExternalStore(sync.subscribe, sync.snapshot);
  const playing = useSyncExternalStore(players.subscribe, players.playing);

  useEffect(() => {
    sync.start(view.notes, view.interviewee);
    return () => sync.stop();
    // The notes are taken from the server once; after that this screen's own copy is the one shown.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [sync]);

  // A summarised interview takes no more notes or audio: nothing of it stays on this computer.
  useEffect(() => {
    if (view.state === "summarised") void forgetSession(view.id);
  }, [view.state, view.id]);

  const setRecordings = (recordings: RecordingView[]) => setView((old) => ({ ...old, recordings }));
  const recorder = useRecorder(
    view.id,
    (recording) => setView((old) => ({ ...old, recordings: [...old.recordings.filter((r) => r.id !== recording.id), recording] })),
    setRecordings,
  );
  const retentionDays = study.data?.recordingRetentionDays ?? 7;
  const title = view.kind === "focus-group" ? t("ivFocusGroup") : view.instrumentId ? (catalog.instrument(view.instrumentId)?.title.lv ?? view.instrumentId) : "";
  const live = recorder.status === "recording" || recorder.status === "stopping";
  const status = sync.status();

  return (
    <>
      <p className="c-crumbs">
        <Link to={paths.study(view.studyId, "interviews")}>{study.data ? `${study.data.name} · ${t("ivTitle")}` : t("ivTitle")}</Link>
      </p>
      <div className="c-page__head">
        <div>
          <h1 id="iv-title" lang={view.kind === "interview" ? "lv" : undefined} data-testid="iv-title">
            {title}
          </h1>
          <p className="c-page__sub">
            <StateBadge state={view.state} /> {view.siteId ? catalog.siteName(view.siteId) : t("ivNoSite")} · {t("ivStartedOn", { day: tr.day(view.startedOn) })}
            {view.finishedOn ? ` · ${t("ivFinishedOn", { day: tr.day(view.finishedOn) })}` : ""}
            {view.summarisedOn ? ` · ${t("ivSummarisedOn", { day: tr.day(view.summarisedOn) })}` : ""}
          </p>
        </div>
        <div className="c-page__actions">
          <Link to={paths.interviewCoding(view.id)} className="c-button" data-testid="iv-code-link">
            {t("cwOpen")}
          </Link>
        </div>
      </div>

      <div className="c-iv-bar" role="region" aria-label={t("ivBarLabel")}>
        <SaveStatus status={status} onRetry={() => sync.retryNow()} />
        {live && (
          <span className="c-iv-bar__rec">
            <span className="c-iv-live" role="timer" aria-live="off">
              <span className="c-iv-live__dot" aria-hidden="true" /> {t("ivRecLive")} {clockOf(recorder.elapsed)}
            </span>
            <button type="button" className="c-button c-button--danger c-button--quiet" onClick={recorder.stop} disabled={recorder.status === "stopping"} data-testid="iv-bar-stop">
              ■ {t("ivRecStop")}
            </button>
          </span>
        )}
        {playing && (
          <button type="button" className="c-button c-button--quiet" onClick={() => players.pause()} data-testid="iv-bar-pause">
            {t("ivPausePlayback")}
          </button>
        )}
      </div>
      {status.restored > 0 && <p className="c-note" data-testid="iv-restored">{t("ivRestored", { n: status.restored })}</p>}
      {!status.localOk && <p className="c-note c-note--warn">{t("ivNoLocalStorage")}</p>}

      {view.kind === "focus-group" && <FocusGroupFacts view={view} />}
      <OpeningPanel
        view={view}
        guide={guide.data === undefined && !!view.instrumentId ? null : guideText}
        failed={guide.data === undefined && guide.error ? guide.error : null}
        onRetry={() => void guide.reload()}
        readLang={readLang}
        onReadLang={setReadLang}
      />
      <ConsentPanel view={view} setView={setView} recorder={recorder} retentionDays={retentionDays} />
      {view.kind === "interview" && view.intervieweeBlock.length > 0 && <IntervieweePanel view={view} sync={sync} guideText={guideText} readLang={readLang} />}
      {(view.consent.recording || view.recordings.length > 0) && (
        <RecordingsPanel session={view} user={user} recorder={recorder} players={players} retentionDays={retentionDays} onChanged={setRecordings} />
      )}
      <QuestionsPanel view={view} sync={sync} guideText={guideText} readLang={readLang} recorder={recorder} players={players} />
      {view.consent.participation && <TranscriptPanel view={view} setView={setView} />}
      <FinishPanel view={view} setView={setView} sync={sync} recorder={recorder} retentionDays={retentionDays} />
    </>
  );
}

// ---- Save status -------------------------------------------------------------------------------------------

function SaveStatus({ status, onRetry }: { status: SyncStatus; onRetry: () => void }): JSX.Element {
  const { t, lang } = useT();
  let text: string;
  switch (status.state) {
    case "saved":
      text = t("ivSaved");
      break;
    case "saving":
      text = t("ivSaving");
      break;
    case "offline":
      text = t(plural(lang, status.waiting, { one: "ivOfflineOne", few: "ivOfflineFew", many: "ivOfflineMany" }), { n: status.waiting });
      break;
    case "conflict":
      text = t("ivConflicts", { n: status.conflicts });
      break;
    case "error":
      text = t(plural(lang, status.waiting, { one: "ivSaveFailedOne", few: "ivSaveFailedFew", many: "ivSaveFailedMany" }), { n: status.waiting });
      break;
  }
  return (
    <span className={`c-iv-save c-iv-save--${status.state}`} role="status" data-testid="iv-save-status" data-state={status.state} data-waiting={status.waiting}>
      <span className="c-iv-save__icon" aria-hidden="true">
        {status.state === "saved" ? "✓" : status.state === "saving" ? "…" : status.state === "offline" ? "⚡" : "!"}
      </span>{" "}
      {text}
      {status.state === "offline" && status.localOk && <span className="c-iv-save__kept"> {t("ivKeptHere")}</span>}
      {(status.state === "offline" || status.state === "error") && (
        <button type="button" className="c-button c-button--quiet c-iv-save__retry" onClick={onRetry} data-testid="iv-save-retry">
          {t("ivTryNow")}
        </button>
      )}
    </span>
  );
}

// ---- Opening: greeting and consent ---------------------------------------------------------------------------

function FocusGroupFacts({ view }: { view: SessionView }): JSX.Element {
  const tr = useT();
  const { t } = tr;
  return (
    <section className="c-panel" aria-labelledby="iv-fg-title">
      <h2 id="iv-fg-title">{t("ivFocusGroupAbout")}</h2>
      <dl className="c-facts">
        <div>
          <dt>{t("ivParticipantCount")}</dt>
          <dd>{view.participantCount ?? t("none")}</dd>
        </div>
        <div>
          <dt>{t("ivOrganisationKinds")}</dt>
          <dd>{(view.organisationKinds ?? []).map((k) => organisationName(k, tr)).join(", ") || t("none")}</dd>
        </div>
        <div>
          <dt>{t("ivTargetGroup")}</dt>
          <dd>{view.targetGroup ? targetGroupName(view.targetGroup, tr) : t("ivNoTargetGroup")}</dd>
        </div>
      </dl>
    </section>
  );
}

function OpeningPanel({
  view,
  guide,
  failed,
  onRetry,
  readLang,
  onReadLang,
}: {
  view: SessionView;
  guide: GuideText | null;
  failed: unknown;
  onRetry: () => void;
  readLang: Lang;
  onReadLang: (lang: Lang) => void;
}): JSX.Element | null {
  const { t } = useT();
  if (view.kind === "focus-group") return null;
  const paragraphs = guide ? guide.greeting.flatMap((html) => paragraphsOf(localised(html, readLang))) : [];
  return (
    <section className="c-panel c-iv-opening" aria-labelledby="iv-opening-title">
      <div className="c-panel__head">
        <h2 id="iv-opening-title">{t("ivOpeningTitle")}</h2>
        <ReadLangSwitch value={readLang} onChange={onReadLang} />
      </div>
      <p className="c-muted c-small">{t("ivOpeningHint")}</p>
      {failed ? (
        <ErrorBox error={failed} onRetry={onRetry} />
      ) : guide === null ? (
        <p className="c-loading">{t("loading")}</p>
      ) : paragraphs.length === 0 ? (
        <p className="c-muted">{t("ivNoGreeting")}</p>
      ) : (
        <div className="c-iv-readaloud" lang={readLang} data-testid="iv-greeting">
          {paragraphs.map((p, i) => (
            <p key={i}>{p}</p>
          ))}
        </div>
      )}
    </section>
  );
}

function ReadLangSwitch({ value, onChange }: { value: Lang; onChange: (lang: Lang) => void }): JSX.Element {
  const { t } = useT();
  const names: Record<Lang, TextKey> = { lv: "ivReadLv", ru: "ivReadRu", en: "ivReadEn" };
  return (
    <div className="c-segmented" role="group" aria-label={t("ivReadLang")}>
      <span className="c-segmented__label">{t("ivReadLang")}</span>
      {READ_LANGS.map((lang) => (
        <button
          key={lang}
          type="button"
          className={lang === value ? "c-segmented__option c-segmented__option--active" : "c-segmented__option"}
          aria-pressed={lang === value}
          onClick={() => onChange(lang)}
          data-testid={`iv-read-${lang}`}
        >
          {t(names[lang])}
        </button>
      ))}
    </div>
  );
}

function ConsentPanel({ view, setView, recorder, retentionDays }: { view: SessionView; setView: SetView; recorder: Recorder; retentionDays: number }): JSX.Element {
  const { t } = useT();
  const action = useAction();
  const [asking, setAsking] = useState<Consent | null>(null);
  // The boxes show the change at once; the server's answer then confirms it (or the box goes back).
  const [sending, setSending] = useState<Consent | null>(null);
  const consent = sending ?? view.consent;
  const editable = view.state === "in-progress";
  const group = view.kind === "focus-group";
  const kept = view.recordings.filter((r) => r.deletedOn === null).length;
  const live = recorder.status !== "idle";

  // One change at a time, in the order ticked: a late answer must not undo a later box.
  const chain = useRef<Promise<unknown>>(Promise.resolve());
  const queued = useRef(0);
  const apply = (next: Consent) => {
    setAsking(null);
    setSending(next);
    queued.current += 1;
    chain.current = chain.current
      .then(() =>
        action.run(async () => {
          if (!next.recording) recorder.cancel();
          setView(await api<SessionView>("PUT", interviewApi.consent(view.id), next));
        }),
      )
      .finally(() => {
        queued.current -= 1;
        if (queued.current === 0) setSending(null);
      });
  };
  const change = (next: Consent) => {
    const withdrawsRecording = view.consent.recording && !next.recording && (kept > 0 || live);
    const withdrawsParticipation = view.consent.participation && !next.participation;
    if (withdrawsRecording || withdrawsParticipation) setAsking(next);
    else apply(next);
  };

  return (
    <section className="c-panel" aria-labelledby="iv-consent-title" data-testid="iv-consent">
      <h2 id="iv-consent-title">{t("ivConsentTitle")}</h2>
      <fieldset className="c-iv-consent" disabled={!editable}>
        <legend className="c-visually-hidden">{t("ivConsentTitle")}</legend>
        <label className="c-check c-iv-consent__item">
          <input
            type="checkbox"
            checked={consent.participation}
            onChange={(e) => change({ participation: e.target.checked, recording: e.target.checked ? consent.recording : false })}
            data-testid="iv-consent-participation"
          />
          <span>{t(group ? "ivConsentParticipationGroup" : "ivConsentParticipation")}</span>
        </label>
        <label className={consent.participation ? "c-check c-iv-consent__item" : "c-check c-iv-consent__item c-check--disabled"}>
          <input
            type="checkbox"
            checked={consent.recording}
            disabled={!consent.participation}
            onChange={(e) => change({ participation: consent.participation, recording: e.target.checked })}
            aria-describedby="iv-consent-recording-hint"
            data-testid="iv-consent-recording"
          />
          <span>
            {t(group ? "ivConsentRecordingGroup" : "ivConsentRecording")}
            <span className="c-field__hint c-check__hint" id="iv-consent-recording-hint">
              {t("ivConsentRecordingHint", { n: retentionDays })}
            </span>
          </span>
        </label>
      </fieldset>
      {asking && (
        <div className="c-confirm" role="group" aria-label={t("ivWithdrawTitle")} data-testid="iv-consent-confirm">
          <span className="c-confirm__question">{!asking.participation ? t("ivWithdrawParticipation") : t("ivWithdrawRecording", { n: kept })}</span>
          <button type="button" className="c-button c-button--danger" onClick={() => apply(asking)} data-testid="iv-consent-confirm-yes">
            {t("yes")}
          </button>
          <button type="button" className="c-button" onClick={() => setAsking(null)}>
            {t("cancel")}
          </button>
        </div>
      )}
      {!editable && <p className="c-muted c-small">{t("ivConsentFixed")}</p>}
      {editable && !view.consent.participation && <p className="c-note">{t("ivConsentFirst")}</p>}
      <ActionStatus state={action.state} busyText={t("saving")} testId="iv-consent-status" />
    </section>
  );
}

// ---- The interviewee, in the guide's bands -----------------------------------------------------------------

function IntervieweePanel({ view, sync, guideText, readLang }: { view: SessionView; sync: NoteSync; guideText: GuideText; readLang: Lang }): JSX.Element {
  const { t } = useT();
  const bands = sync.interviewee();
  const open = view.questionsOpen;
  const error = sync.intervieweeError();
  return (
    <section className="c-panel" aria-labelledby="iv-who-title" data-testid="iv-interviewee">
      <h2 id="iv-who-title">{t("ivIntervieweeTitle")}</h2>
      <p className="c-muted c-small">{t("ivIntervieweeHint")}</p>
      {!view.consent.participation ? (
        <p className="c-muted">{t("ivQuestionsClosed")}</p>
      ) : (
        <div className="c-iv-bands">
          {view.intervieweeBlock.map((item) => (
            <fieldset key={item.key} className="c-fieldset c-iv-band" disabled={!open}>
              <legend>
                <span lang="lv">{localised(item.title, "lv")}</span>
                {readLang !== "lv" && (
                  <span className="c-iv-translation" lang={readLang}>
                    {localised(item.title, readLang)}
                  </span>
                )}
              </legend>
              <div className="c-iv-band__choices">
                {item.choices.map((value) => {
                  const text = guideText.bandTexts[item.key]?.[value];
                  return (
                    <label key={value} className={bands[item.key] === value ? "c-iv-chip c-iv-chip--on" : "c-iv-chip"}>
                      <input type="radio" name={`iv-band-${item.key}`} value={value} checked={bands[item.key] === value} onChange={() => sync.setBand(item.key, value)} data-testid={`iv-band-${item.key}-${value}`} />
                      <span lang="lv">{text ? localised(text, "lv") : value}</span>
                      {text && readLang !== "lv" && (
                        <span className="c-iv-translation" lang={readLang}>
                          {localised(text, readLang)}
                        </span>
                      )}
                    </label>
                  );
                })}
              </div>
            </fieldset>
          ))}
        </div>
      )}
      {error != null && <ErrorBox error={error} onRetry={() => sync.retryNow()} />}
    </section>
  );
}

// ---- The questions ----------------------------------------------------------------------------------------

function QuestionsPanel({
  view,
  sync,
  guideText,
  readLang,
  recorder,
  players,
}: {
  view: SessionView;
  sync: NoteSync;
  guideText: GuideText;
  readLang: Lang;
  recorder: Recorder;
  players: Players;
}): JSX.Element {
  const { t } = useT();
  const sections: { name: string; questions: GuideQuestion[] }[] = [];
  for (const q of view.questions) {
    const last = sections[sections.length - 1];
    if (last && last.name === q.section) last.questions.push(q);
    else sections.push({ name: q.section, questions: [q] });
  }
  return (
    <section className="c-panel" aria-labelledby="iv-questions-title" data-testid="iv-questions">
      <h2 id="iv-questions-title">{view.kind === "focus-group" ? t("ivTopicsTitle") : t("ivQuestionsTitle")}</h2>
      {!view.consent.participation ? (
        <p className="c-note" data-testid="iv-questions-closed">
          {t("ivQuestionsClosed")}
        </p>
      ) : (
        <>
          {!view.questionsOpen && <p className="c-muted">{t("ivQuestionsReadOnly")}</p>}
          {sections.map((section) => {
            const heading = guideText.sectionTitles[section.name];
            return (
              <div key={section.name} className="c-iv-section">
                {heading && (
                  <h3 className="c-iv-section__title">
                    <span lang="lv">{localised(heading, "lv").replace(/:$/, "")}</span>
                  </h3>
                )}
                {section.questions.map((q) => (
                  <QuestionCard key={q.key} question={q} view={view} sync={sync} readLang={readLang} recorder={recorder} players={players} />
                ))}
              </div>
            );
          })}
        </>
      )}
    </section>
  );
}

function QuestionCard({
  question,
  view,
  sync,
  readLang,
  recorder,
  players,
}: {
  question: GuideQuestion;
  view: SessionView;
  sync: NoteSync;
  readLang: Lang;
  recorder: Recorder;
  players: Players;
}): JSX.Element {
  const { t } = useT();
  const key = question.key;
  const value = sync.value(key);
  const conflict = sync.conflict(key);
  const error = sync.error(key);
  const pending = sync.isPending(key);
  const open = view.questionsOpen;
  const live = recorder.status === "recording";
  const playable = value.offsetSeconds !== null && view.recordings.some((r) => r.deletedOn === null);
  // With several recordings, which one the offset is in (numbered as the recordings panel numbers them).
  const takeNumber = value.offsetTake === null || view.recordings.length < 2 ? 0 : view.recordings.findIndex((r) => r.takeId === value.offsetTake) + 1;
  const id = `iv-q-${key}`;
  const translation = readLang !== "lv" && typeof question.title === "object" ? localised(question.title, readLang) : "";

  return (
    <article className={value.skipped ? "c-iv-q c-iv-q--skipped" : "c-iv-q"} aria-labelledby={`${id}-title`} data-testid="iv-question" data-key={key} data-pending={pending ? "yes" : "no"}>
      <h4 className="c-iv-q__title" id={`${id}-title`}>
        <span className="c-iv-q__num">{question.number}.</span> <span lang={view.kind === "interview" ? "lv" : undefined}>{localised(question.title, "lv")}</span>
      </h4>
      {translation && (
        <p className="c-iv-translation" lang={readLang}>
          {translation}
        </p>
      )}
      <div className="c-iv-q__tools">
        <label className="c-check c-iv-skip">
          <input type="checkbox" checked={value.skipped} disabled={!open} onChange={(e) => sync.edit(key, { skipped: e.target.checked }, { immediate: true })} data-testid="iv-skip" />
          <span>{t("ivSkipped")}</span>
        </label>
        {open && live && (
          <button
            type="button"
            className="c-button c-button--quiet"
            onClick={() => sync.edit(key, { offsetSeconds: Math.floor(recorder.elapsed), offsetTake: recorder.takeId }, { immediate: true })}
            data-testid="iv-asked"
          >
            {t("ivAsked")}
          </button>
        )}
        {value.offsetSeconds !== null && (
          <span className="c-iv-q__offset" data-testid="iv-offset" data-take={value.offsetTake ?? ""} title={t("ivOffsetTitle")}>
            {takeNumber > 0 ? t("ivAskedAtIn", { time: clockOf(value.offsetSeconds), n: takeNumber }) : t("ivAskedAt", { time: clockOf(value.offsetSeconds) })}
          </span>
        )}
        {playable && (
          <button type="button" className="c-button c-button--quiet" onClick={() => players.playFrom(value.offsetSeconds ?? 0, value.offsetTake)} data-testid="iv-play-from">
            ▶ {t("ivPlayFrom")}
          </button>
        )}
        <span className="c-iv-q__state" aria-hidden={!pending}>
          {pending ? t("ivUnsaved") : ""}
        </span>
      </div>
      <label htmlFor={`${id}-notes`} className="c-visually-hidden">
        {t("ivNotesFor", { n: question.number })}
      </label>
      <textarea
        id={`${id}-notes`}
        className="c-textarea c-iv-q__notes"
        rows={4}
        value={value.notes}
        readOnly={!open}
        aria-describedby={conflict || error ? `${id}-problem` : undefined}
        onChange={(e) => sync.edit(key, { notes: e.target.value })}
        data-testid="iv-notes"
      />
      {conflict && (
        <div className="c-iv-conflict" id={`${id}-problem`} role="alert" data-testid="iv-conflict">
          <p className="c-iv-conflict__title">{t("ivConflictTitle")}</p>
          <div className="c-iv-conflict__sides">
            <div>
              <p className="c-iv-conflict__label">{t("ivConflictMine")}</p>
              <p className="c-iv-conflict__text" data-testid="iv-conflict-mine">
                {value.notes || t("none")}
              </p>
              <button type="button" className="c-button c-button--primary" onClick={() => sync.resolve(key, "mine")} data-testid="iv-conflict-keep-mine">
                {t("ivConflictKeepMine")}
              </button>
            </div>
            <div>
              <p className="c-iv-conflict__label">{t("ivConflictTheirs")}</p>
              <p className="c-iv-conflict__text" data-testid="iv-conflict-theirs">
                {conflict.notes || t("none")}
              </p>
              <button type="button" className="c-button" onClick={() => sync.resolve(key, "theirs")} data-testid="iv-conflict-take-theirs">
                {t("ivConflictTakeTheirs")}
              </button>
            </div>
          </div>
        </div>
      )}
      {error != null && !conflict && (
        <div id={`${id}-problem`}>
          <ErrorBox error={error} onRetry={() => sync.retryNow()} />
        </div>
      )}
    </article>
  );
}

// ---- Transcript --------------------------------------------------------------------------------------------

const DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/** The stored transcript as typed text again, with a `## n` marker before each question's part. */
function textOf(segments: readonly TranscriptSegment[], questions: readonly GuideQuestion[]): string {
  return segments
    .map((s) => {
      const q = s.questionKey ? questions.find((x) => x.key === s.questionKey) : undefined;
      return q ? `## ${q.number}\n${s.text}` : s.text;
    })
    .join("\n\n");
}

function TranscriptPanel({ view, setView }: { view: SessionView; setView: SetView }): JSX.Element {
  const { t } = useT();
  const [text, setText] = useState(() => textOf(view.transcript, view.questions));
  const action = useAction();

  const saved = (result: { segments: TranscriptSegment[]; redactions: number }) => {
    setView((old) => ({ ...old, transcript: result.segments }));
    setText(textOf(result.segments, view.questions));
    return result;
  };
  const doneText = (result: { segments: TranscriptSegment[]; redactions: number }) => t("ivTranscriptSaved", { n: result.segments.length, r: result.redactions });

  const save = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => saved(await api<{ segments: TranscriptSegment[]; redactions: number }>("PUT", interviewApi.transcript(view.id), { text })), doneText);
  };

  const upload = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = "";
    if (!file) return;
    void action.run(async () => {
      const form = new FormData();
      form.append("file", file.type ? file : new File([file], file.name, { type: /\.docx$/i.test(file.name) ? DOCX_TYPE : "text/plain" }));
      const response = await send(interviewApi.transcript(view.id), { method: "PUT", headers: { Accept: "application/json" }, body: form });
      if (!response.ok) throw await problemOf(response);
      return saved((await response.json()) as { segments: TranscriptSegment[]; redactions: number });
    }, doneText);
  };

  const byKey = new Map(view.questions.map((q) => [q.key, q]));
  return (
    <section className="c-panel" aria-labelledby="iv-tr-title" data-testid="iv-transcript">
      <h2 id="iv-tr-title">{t("ivTranscriptTitle")}</h2>
      <p className="c-small" id="iv-tr-hint">
        {t("ivTranscriptHint")}
      </p>
      <form className="c-form c-form--wide c-iv-tr-form" onSubmit={save} noValidate>
        <div className="c-field">
          <label htmlFor="iv-tr-text">{t("ivTranscriptText")}</label>
          <textarea id="iv-tr-text" className="c-textarea c-iv-tr-text" rows={10} value={text} onChange={(e) => setText(e.target.value)} aria-describedby="iv-tr-hint" data-testid="iv-tr-text" />
        </div>
        <div className="c-actions">
          <button type="submit" className="c-button c-button--primary" disabled={action.busy || text.trim() === ""} data-testid="iv-tr-save">
            {t("ivTranscriptSave")}
          </button>
          <label className="c-button c-iv-filebutton">
            {t("ivTranscriptUpload")}
            <input type="file" accept=".txt,.docx,text/plain,application/vnd.openxmlformats-officedocument.wordprocessingml.document" onChange={upload} className="c-visually-hidden" data-testid="iv-tr-file" />
          </label>
        </div>
        <ActionStatus state={action.state} busyText={t("saving")} testId="iv-tr-status" />
      </form>
      {view.transcript.length > 0 && (
        <div className="c-iv-segments" data-testid="iv-tr-segments">
          <h3>{t("ivTranscriptStored", { n: view.transcript.length })}</h3>
          <ol className="c-plain">
            {view.transcript.map((s) => {
              const q = s.questionKey ? byKey.get(s.questionKey) : undefined;
              return (
                <li key={s.seq} className="c-iv-segment" data-testid="iv-tr-segment" data-key={s.questionKey ?? ""}>
                  <p className="c-iv-segment__q">{q ? `${q.number}. ${localised(q.title, "lv")}` : t("ivTranscriptNoQuestion")}</p>
                  <p className="c-iv-segment__text">{s.text}</p>
                </li>
              );
            })}
          </ol>
        </div>
      )}
    </section>
  );
}

// ---- Finishing and summarising ----------------------------------------------------------------------------

function FinishPanel({
  view,
  setView,
  sync,
  recorder,
  retentionDays,
}: {
  view: SessionView;
  setView: SetView;
  sync: NoteSync;
  recorder: Recorder;
  retentionDays: number;
}): JSX.Element {
  const { t } = useT();
  const action = useAction();
  const status = sync.status();
  const blockers: string[] = [];
  if (status.waiting > 0 || status.conflicts > 0) blockers.push(t("ivBlockNotes"));
  if (recorder.status !== "idle") blockers.push(t("ivBlockRecording"));
  if (recorder.uploads.length > 0 || recorder.leftovers.length > 0) blockers.push(t("ivBlockUploads"));
  const kept = view.recordings.filter((r) => r.deletedOn === null);
  const deleteDay = kept.find((r) => r.deleteAfter)?.deleteAfter ?? null;

  const settle = async () => {
    try {
      await sync.settled();
    } catch {
      throw new ApiError(0, "interview.unsaved_notes", t("ivBlockNotes"));
    }
  };
  const finish = () =>
    void action.run(async () => {
      await settle();
      setView(await api<SessionView>("POST", interviewApi.finish(view.id)));
    }, t("ivFinishedNow"));
  const summarise = () =>
    void action.run(
      async () => {
        await settle();
        const next = await api<SessionView>("POST", interviewApi.summarise(view.id));
        setView(next);
        return next;
      },
    );

  return (
    <section className="c-panel" aria-labelledby="iv-end-title" data-testid="iv-finish-panel">
      <h2 id="iv-end-title">{t("ivEndTitle")}</h2>
      <ol className="c-iv-steps">
        <li className={view.state === "in-progress" ? "c-iv-step c-iv-step--now" : "c-iv-step c-iv-step--done"}>{t("ivStepInterview")}</li>
        <li className={view.state === "finished" ? "c-iv-step c-iv-step--now" : view.state === "summarised" ? "c-iv-step c-iv-step--done" : "c-iv-step"}>{t("ivStepSummary")}</li>
        <li className={view.state === "summarised" ? "c-iv-step c-iv-step--now" : "c-iv-step"}>{t("ivStepDeletion", { n: retentionDays })}</li>
      </ol>
      {view.state === "in-progress" && (
        <>
          <p>{t("ivFinishHint")}</p>
          <div className="c-actions">
            <ConfirmButton label={t("ivFinish")} question={t("ivFinishConfirm")} danger={false} disabled={action.busy} onConfirm={finish} testId="iv-finish" />
          </div>
        </>
      )}
      {view.state === "finished" && (
        <>
          <p>{t("ivSummariseHint", { n: retentionDays })}</p>
          {blockers.length > 0 && (
            <ul className="c-note c-note--warn c-iv-blockers" data-testid="iv-blockers">
              {blockers.map((b) => (
                <li key={b}>{b}</li>
              ))}
            </ul>
          )}
          <div className="c-actions">
            <ConfirmButton
              label={t("ivSummarise")}
              question={kept.length > 0 ? t("ivSummariseConfirm", { n: retentionDays, count: kept.length }) : t("ivSummariseConfirmNoRecordings")}
              danger={false}
              disabled={action.busy || blockers.length > 0}
              onConfirm={summarise}
              testId="iv-summarise"
            />
          </div>
        </>
      )}
      {view.state === "summarised" && (
        <p data-testid="iv-summarised">
          {kept.length > 0 && deleteDay ? t("ivSummarisedInfo", { day: shortDay(deleteDay) }) : t("ivSummarisedNoRecordings")}
        </p>
      )}
      <ActionStatus state={action.state} busyText={t("saving")} testId="iv-finish-status" />
    </section>
  );
}
