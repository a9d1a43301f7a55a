/**
 * One respondent's visit to the tablet, from the start screen to the thank-you screen. TabletApp mounts
 * it with a new key for every person, so all of this component's state (the chosen questionnaire, the
 * survey model and its answers) is thrown away between people by React itself.
 *
 * Steps: choose the questionnaire (only when the tablet has more than one), choose the language, answer
 * (the survey's own first page greets the person and explains the study and its anonymity), and after
 * "Iesniegt" the answers are put in the encrypted outbox before the thank-you screen says they are saved.
 */
import { useCallback, useEffect, useRef, useState, type JSX } from "react";
import { loadInstrument, type InstrumentRef } from "../storage.ts";
import { enqueue, type Submission } from "../outbox.ts";
import { newResponseId } from "../ui/ids.ts";
import { LanguagePicker } from "../ui/LanguagePicker.tsx";
import { warmUpSurvey, type SurveyResult } from "../ui/survey.ts";
import { SurveyView } from "../ui/SurveyView.tsx";
import { ThankYou } from "../ui/ThankYou.tsx";
import { Trilingual } from "../ui/Trilingual.tsx";
import { texts, type Locale } from "../ui/texts.ts";

/** What TabletApp needs to know: is a person in the middle of something, or done? */
export type KioskProgress = "start" | "busy" | "finished";

/** How long the thank-you screen stays before the next person's start screen. */
export const THANK_YOU_MS = 8000;

type Phase =
  | { kind: "start" }
  | { kind: "language"; instrument: InstrumentRef }
  | { kind: "opening"; instrument: InstrumentRef }
  | { kind: "missing" }
  | { kind: "survey"; instrument: InstrumentRef; locale: Locale; json: unknown; version: string }
  | { kind: "saving" }
  | { kind: "save-failed"; submission: Submission; html: string }
  | { kind: "thanks"; html: string };

export interface KioskProps {
  instruments: readonly InstrumentRef[];
  locale: Locale;
  onLocale: (locale: Locale) => void;
  onProgress: (progress: KioskProgress) => void;
  /** The thank-you time is over: the next person may come. */
  onFinished: () => void;
}

function progressOf(phase: Phase): KioskProgress {
  if (phase.kind === "start") return "start";
  if (phase.kind === "thanks") return "finished";
  return "busy";
}

export function Kiosk({ instruments, locale, onLocale, onProgress, onFinished }: KioskProps): JSX.Element {
  const [phase, setPhase] = useState<Phase>({ kind: "start" });
  // Work that finishes after this person's kiosk is gone (a slow load, a slow save) must not touch it.
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  const progress = progressOf(phase);
  useEffect(() => onProgress(progress), [progress, onProgress]);

  // While the respondent chooses a language, get survey-core ready, so the questionnaire opens at once.
  const warmId = phase.kind === "language" ? phase.instrument.id : null;
  useEffect(() => {
    if (!warmId) return;
    let stopped = false;
    let cancel: (() => void) | undefined;
    loadInstrument(warmId)
      .then((loaded) => {
        if (loaded && !stopped) cancel = warmUpSurvey(loaded.json);
      })
      .catch(() => undefined);
    return () => {
      stopped = true;
      cancel?.();
    };
  }, [warmId]);

  useEffect(() => {
    if (phase.kind !== "thanks") return;
    const timer = window.setTimeout(onFinished, THANK_YOU_MS);
    return () => window.clearTimeout(timer);
  }, [phase.kind, onFinished]);

  const open = useCallback(
    async (instrument: InstrumentRef, chosen: Locale) => {
      onLocale(chosen);
      setPhase({ kind: "opening", instrument });
      try {
        const loaded = await loadInstrument(instrument.id);
        if (!alive.current) return;
        setPhase(loaded ? { kind: "survey", instrument, locale: chosen, json: loaded.json, version: loaded.version } : { kind: "missing" });
      } catch {
        if (alive.current) setPhase({ kind: "missing" });
      }
    },
    [onLocale],
  );

  const save = useCallback(async (submission: Submission, html: string) => {
    setPhase({ kind: "saving" });
    try {
      await enqueue(submission);
      if (alive.current) setPhase({ kind: "thanks", html });
    } catch {
      // The answers stay only in this component's memory; "Try again" stores the same submission (same
      // id), and starting over for the next person drops them.
      if (alive.current) setPhase({ kind: "save-failed", submission, html });
    }
  }, []);

  const complete = useCallback(
    (instrument: InstrumentRef, version: string, chosen: Locale, result: SurveyResult) => {
      const submission: Submission = {
        id: newResponseId(),
        instrumentId: instrument.id,
        instrumentVersion: version,
        locale: chosen,
        answers: result.answers,
      };
      void save(submission, result.completedHtml);
    },
    [save],
  );

  switch (phase.kind) {
    case "start": {
      if (instruments.length === 0) {
        return (
          <section className="rs-screen" data-testid="start-screen">
            <p className="rs-note">
              <Trilingual text={texts.noQuestionnaires} />
            </p>
          </section>
        );
      }
      const only = instruments.length === 1 ? instruments[0] : undefined;
      if (only) {
        return (
          <div data-testid="start-screen">
            <LanguagePicker intro={<InstrumentTitle instrument={only} />} onPick={(chosen) => void open(only, chosen)} />
          </div>
        );
      }
      return (
        <section className="rs-screen" data-testid="start-screen" aria-labelledby="rs-instrument-heading">
          <h1 id="rs-instrument-heading" className="rs-heading">
            <Trilingual text={texts.chooseQuestionnaire} />
          </h1>
          <div className="rs-choices">
            {instruments.map((instrument) => (
              <button
                key={instrument.id}
                type="button"
                className="rs-choice rs-choice--instrument"
                data-testid={`instrument-${instrument.id}`}
                onClick={() => setPhase({ kind: "language", instrument })}
              >
                <Trilingual text={instrument.title} />
              </button>
            ))}
          </div>
        </section>
      );
    }
    case "language":
    case "opening": {
      const { instrument } = phase;
      return (
        <div data-testid="language-screen">
          <LanguagePicker
            busy={phase.kind === "opening"}
            intro={<InstrumentTitle instrument={instrument} />}
            onPick={(chosen) => void open(instrument, chosen)}
          />
          {instruments.length > 1 ? (
            <div className="rs-actions">
              <button type="button" className="rs-button" onClick={() => setPhase({ kind: "start" })} disabled={phase.kind === "opening"}>
                <Trilingual text={texts.back} layout="inline" />
              </button>
            </div>
          ) : null}
        </div>
      );
    }
    case "missing":
      return (
        <section className="rs-screen">
          <p className="rs-note" role="alert">
            {texts.questionnaireMissing[locale]}
          </p>
          <div className="rs-actions">
            <button type="button" className="rs-button" onClick={() => setPhase({ kind: "start" })}>
              {texts.back[locale]}
            </button>
          </div>
        </section>
      );
    case "survey": {
      const { instrument, version, locale: chosen, json } = phase;
      return <SurveyView json={json} locale={chosen} onComplete={(result) => complete(instrument, version, chosen, result)} />;
    }
    case "saving":
      return (
        <p className="rs-status" role="status">
          {texts.saving[locale]}
        </p>
      );
    case "save-failed": {
      const { submission, html } = phase;
      return (
        <section className="rs-screen">
          <p className="rs-error" role="alert">
            {texts.saveFailed[locale]}
          </p>
          <div className="rs-actions">
            <button type="button" className="rs-button rs-button--primary" onClick={() => void save(submission, html)}>
              {texts.tryAgain[locale]}
            </button>
          </div>
        </section>
      );
    }
    case "thanks":
      return <ThankYou html={phase.html} locale={locale} />;
  }
}

/** The questionnaire's title in all three languages, above the language choice. */
function InstrumentTitle({ instrument }: { instrument: InstrumentRef }): JSX.Element {
  return (
    <p className="rs-instrument-title">
      <Trilingual text={instrument.title} />
    </p>
  );
}
