/**
 * The family member's page at /f/<token>, opened from a link on their own phone. It checks that the link
 * can still be used, lets the person choose Latvian, Russian or English, shows the questionnaire, and
 * sends the answers. Mobile connections drop, so sending keeps the answers in memory (never in browser
 * storage) and retries with growing pauses, with a visible notice and a "try again now" button, until
 * the server confirms; the response id is made once, so a retry can never count twice. A link that is
 * used up, closed or unknown gets a kind message in all three languages, not an error page.
 */
import { useCallback, useEffect, useRef, useState, type JSX } from "react";
import { AppShell, type ReadingSettings } from "../ui/AppShell.tsx";
import { newResponseId } from "../ui/ids.ts";
import { LanguagePicker } from "../ui/LanguagePicker.tsx";
import { warmUpSurvey, type SurveyResult } from "../ui/survey.ts";
import { SurveyView } from "../ui/SurveyView.tsx";
import { ThankYou } from "../ui/ThankYou.tsx";
import { Trilingual, TrilingualParagraphs } from "../ui/Trilingual.tsx";
import { fill, LOCALES, texts, type Locale } from "../ui/texts.ts";
import { backoffMs, fetchInstrument, fetchLinkStatus, postResponse, type GoneReason, type LinkInfo, type ResponsePayload } from "./api.ts";

type Stage =
  | { kind: "loading" }
  | { kind: "load-failed" }
  | { kind: "gone"; reason: GoneReason }
  | { kind: "language"; link: LinkInfo; json: unknown }
  | { kind: "survey"; link: LinkInfo; json: unknown }
  | { kind: "sending" }
  | { kind: "retrying"; nextAt: number }
  | { kind: "rejected"; code: string }
  | { kind: "thanks"; html: string };

export function FamilyApp({ token }: { token: string }): JSX.Element {
  const [stage, setStage] = useState<Stage>({ kind: "loading" });
  const [locale, setLocale] = useState<Locale>("lv");
  const [reading, setReading] = useState<ReadingSettings>({ largeText: false, highContrast: false });

  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  // ---- Opening the link ----------------------------------------------------------------------------
  const load = useCallback(async () => {
    setStage({ kind: "loading" });
    const status = await fetchLinkStatus(token);
    if (!alive.current) return;
    if (status.kind === "gone") return setStage({ kind: "gone", reason: status.reason });
    if (status.kind === "error") return setStage({ kind: "load-failed" });
    const json = await fetchInstrument(status.link.instrumentId);
    if (!alive.current) return;
    setStage(json ? { kind: "language", link: status.link, json } : { kind: "load-failed" });
  }, [token]);

  useEffect(() => {
    void load();
  }, [load]);

  // ---- Sending the answers -------------------------------------------------------------------------
  // Memory only: if the page is closed before the server confirms, the answers are gone rather than
  // left in the phone's storage for someone else to find.
  const payload = useRef<ResponsePayload | null>(null);
  const completedHtml = useRef("");
  const failures = useRef(0);
  const inFlight = useRef(false);

  const attempt = useCallback(async () => {
    const sending = payload.current;
    if (!sending || inFlight.current) return;
    inFlight.current = true;
    setStage({ kind: "sending" });
    const outcome = await postResponse(sending);
    inFlight.current = false;
    if (!alive.current) return;
    switch (outcome.kind) {
      case "ok":
        payload.current = null;
        setStage({ kind: "thanks", html: completedHtml.current });
        break;
      case "gone":
        payload.current = null;
        setStage({ kind: "gone", reason: outcome.reason });
        break;
      case "retry":
        failures.current += 1;
        setStage({ kind: "retrying", nextAt: Date.now() + backoffMs(failures.current, outcome.retryAfterMs) });
        break;
      case "rejected":
        setStage({ kind: "rejected", code: outcome.code });
        break;
    }
  }, []);

  const complete = useCallback(
    (link: LinkInfo, chosen: Locale, result: SurveyResult) => {
      payload.current = {
        linkToken: token,
        id: newResponseId(),
        instrumentId: link.instrumentId,
        instrumentVersion: link.version,
        locale: chosen,
        answers: result.answers,
      };
      completedHtml.current = result.completedHtml;
      failures.current = 0;
      void attempt();
    },
    [token, attempt],
  );

  // The scheduled retry, and a countdown the person can see.
  const [now, setNow] = useState(() => Date.now());
  const retryAt = stage.kind === "retrying" ? stage.nextAt : null;
  useEffect(() => {
    if (retryAt === null) return;
    const timer = window.setTimeout(() => void attempt(), Math.max(0, retryAt - Date.now()));
    const ticker = window.setInterval(() => setNow(Date.now()), 1000);
    // The phone says it is back online: no reason to wait out the pause.
    const online = (): void => void attempt();
    window.addEventListener("online", online);
    setNow(Date.now());
    return () => {
      window.clearTimeout(timer);
      window.clearInterval(ticker);
      window.removeEventListener("online", online);
    };
  }, [retryAt, attempt]);

  // Closing the page now would lose answers that have not reached the server: let the browser ask.
  const unsent = stage.kind === "sending" || stage.kind === "retrying" || stage.kind === "rejected";
  useEffect(() => {
    if (!unsent) return;
    const warn = (event: BeforeUnloadEvent): void => {
      event.preventDefault();
      // Older browsers need returnValue set; the text itself is not shown by any current browser.
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [unsent]);

  // A link that failed to open is tried again as soon as the phone is back online.
  useEffect(() => {
    if (stage.kind !== "load-failed") return;
    const online = (): void => void load();
    window.addEventListener("online", online);
    return () => window.removeEventListener("online", online);
  }, [stage.kind, load]);

  // While the person chooses a language, get survey-core ready, so the questionnaire opens at once.
  const warmJson = stage.kind === "language" ? stage.json : null;
  useEffect(() => (warmJson ? warmUpSurvey(warmJson) : undefined), [warmJson]);

  let content: JSX.Element;
  switch (stage.kind) {
    case "loading":
      content = (
        <p className="rs-status" role="status">
          {texts.loading[locale]}
        </p>
      );
      break;
    case "load-failed":
      content = (
        <section className="rs-screen" data-testid="load-failed">
          <TrilingualParagraphs text={texts.loadFailed} />
          <div className="rs-actions">
            <button type="button" className="rs-button rs-button--primary" onClick={() => void load()}>
              <Trilingual text={texts.tryAgain} layout="inline" />
            </button>
          </div>
        </section>
      );
      break;
    case "gone":
      content = <LinkGone reason={stage.reason} />;
      break;
    case "language": {
      const { link, json } = stage;
      content = (
        <div data-testid="start-screen">
          <LanguagePicker
            intro={
              <p className="rs-instrument-title">
                <Trilingual text={link.title} />
              </p>
            }
            onPick={(chosen) => {
              setLocale(chosen);
              setStage({ kind: "survey", link, json });
            }}
          />
        </div>
      );
      break;
    }
    case "survey": {
      const { link, json } = stage;
      content = <SurveyView json={json} locale={locale} onComplete={(result) => complete(link, locale, result)} />;
      break;
    }
    case "sending":
      content = (
        <p className="rs-status" role="status">
          {texts.sending[locale]}
        </p>
      );
      break;
    case "retrying": {
      const seconds = Math.max(0, Math.ceil((stage.nextAt - now) / 1000));
      content = (
        <section className="rs-screen rs-retrying" data-testid="retrying">
          <div role="status">
            <h1 className="rs-heading">{texts.retryingTitle[locale]}</h1>
            <p>{texts.retrying[locale]}</p>
          </div>
          {/* Outside the live region: a countdown read out every second would drown everything else. */}
          <p className="rs-countdown">{fill(texts.retryingIn[locale], { n: seconds })}</p>
          <div className="rs-actions">
            <button type="button" className="rs-button rs-button--primary" data-testid="retry-now" onClick={() => void attempt()}>
              {texts.retryNow[locale]}
            </button>
          </div>
        </section>
      );
      break;
    }
    case "rejected":
      content = (
        <section className="rs-screen" data-testid="send-rejected">
          <p className="rs-error" role="alert">
            {fill(texts.sendRejected[locale], { code: stage.code })}
          </p>
          <div className="rs-actions">
            <button type="button" className="rs-button rs-button--primary" onClick={() => void attempt()}>
              {texts.tryAgain[locale]}
            </button>
          </div>
        </section>
      );
      break;
    case "thanks":
      content = <ThankYou html={stage.html} locale={locale} />;
      break;
  }

  return (
    <AppShell locale={locale} reading={reading} onReadingChange={setReading} variant="phone">
      {content}
    </AppShell>
  );
}

/** Used up, closed or unknown: said kindly, in all three languages, since no language was chosen. */
function LinkGone({ reason }: { reason: GoneReason }): JSX.Element {
  const unknown = reason === "unknown";
  const message = unknown ? texts.linkUnknown : reason === "used-up" ? texts.linkUsedUp : texts.linkClosed;
  return (
    <section className="rs-screen rs-gone" data-testid="link-gone" data-reason={reason} aria-labelledby="rs-gone-heading">
      <h1 id="rs-gone-heading" className="rs-heading">
        <Trilingual text={unknown ? texts.linkUnknownTitle : texts.linkGoneTitle} />
      </h1>
      {LOCALES.map((code) => (
        <div key={code} lang={code} className="rs-gone__block">
          <p>{message[code]}</p>
          <p className="rs-muted">{texts.linkContact[code]}</p>
        </div>
      ))}
    </section>
  );
}
