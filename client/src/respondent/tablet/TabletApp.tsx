/**
 * The tablet kiosk at /tablet. One shared tablet in a prison serves respondent after respondent, often
 * offline, so this component decides which of a few stages is on screen (staff enrolment, PIN set-up,
 * the respondent kiosk, the staff screen) and owns the one operation that matters most for privacy:
 * starting over for the next person. Starting over gives the kiosk a new React key, which unmounts the
 * survey and its model, resets language and reading settings, and replaces (never pushes) the history
 * entry, so neither the screen nor the back button can show one person's answers to the next.
 */
import { useCallback, useEffect, useState, type JSX } from "react";
import { loadDevice, refreshInstruments, type DeviceRecord } from "../storage.ts";
import { startBackgroundSync } from "../outbox.ts";
import { AppShell, type ReadingSettings } from "../ui/AppShell.tsx";
import { Trilingual, TrilingualParagraphs } from "../ui/Trilingual.tsx";
import { texts, type Locale } from "../ui/texts.ts";
import { useIdle } from "../ui/useIdle.ts";
import { EnrolScreen, PinSetupScreen } from "./EnrolScreen.tsx";
import { IdleDialog } from "./IdleDialog.tsx";
import { Kiosk, type KioskProgress } from "./Kiosk.tsx";
import { StaffScreen } from "./StaffScreen.tsx";
import { StaffSignIn } from "./StaffSignIn.tsx";
import { SyncDot } from "./SyncDot.tsx";

type Stage = "loading" | "load-failed" | "enrol" | "pin-setup" | "kiosk" | "staff";

const PLAIN_READING: ReadingSettings = { largeText: false, highContrast: false };
const DEFAULT_IDLE_SECONDS = 180;

function stageFor(device: DeviceRecord | null): Stage {
  if (!device) return "enrol";
  return device.hasPin ? "kiosk" : "pin-setup";
}

export function TabletApp(): JSX.Element {
  const [device, setDevice] = useState<DeviceRecord | null>(null);
  const [stage, setStage] = useState<Stage>("loading");
  const [session, setSession] = useState(0);
  const [locale, setLocale] = useState<Locale>("lv");
  const [reading, setReading] = useState<ReadingSettings>(PLAIN_READING);
  const [progress, setProgress] = useState<KioskProgress>("start");
  const [signingIn, setSigningIn] = useState(false);
  const [askingIfThere, setAskingIfThere] = useState(false);

  useEffect(() => {
    let alive = true;
    loadDevice()
      .then((loaded) => {
        if (!alive) return;
        setDevice(loaded);
        setStage(stageFor(loaded));
      })
      .catch(() => alive && setStage("load-failed"));
    // The kiosk has no URL history of its own; drop any hash or state the address came with.
    history.replaceState(null, "", location.pathname);
    return () => {
      alive = false;
    };
  }, []);

  // Sync runs for as long as an enrolled device is loaded; a new token (re-enrolment) restarts it.
  const token = device?.token;
  useEffect(() => {
    if (!token) return;
    const stop = startBackgroundSync();
    // Fetch newer questionnaire versions while the network is there; offline this quietly fails and
    // the tablet keeps the versions it has.
    let alive = true;
    refreshInstruments()
      .then(() => loadDevice())
      .then((fresh) => {
        if (alive && fresh) setDevice(fresh);
      })
      .catch(() => undefined);
    return () => {
      alive = false;
      stop();
    };
  }, [token]);

  /** Everything of the current respondent goes; the next person gets a clean start screen. */
  const startOver = useCallback(() => {
    setSession((n) => n + 1);
    setLocale("lv");
    setReading(PLAIN_READING);
    setProgress("start");
    setAskingIfThere(false);
    setSigningIn(false);
    history.replaceState(null, "", location.pathname);
    window.scrollTo({ top: 0 });
    if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
  }, []);

  const onIdle = useCallback(() => {
    // Nothing of a person is on the start screen: start over quietly instead of asking.
    if (progress === "start") startOver();
    else {
      setSigningIn(false);
      setAskingIfThere(true);
    }
  }, [progress, startOver]);

  const idleSeconds = device?.idleSeconds && device.idleSeconds > 0 ? device.idleSeconds : DEFAULT_IDLE_SECONDS;
  const someoneMayBeHere = progress === "busy" || signingIn || reading.largeText || reading.highContrast;
  // The thank-you screen has its own 8-second timer, so it is not watched here.
  useIdle(stage === "kiosk" && !askingIfThere && someoneMayBeHere && progress !== "finished", idleSeconds * 1000, onIdle);

  const corner =
    stage === "kiosk" ? (
      <>
        <button
          type="button"
          className="rs-staff-button"
          data-testid="staff-open"
          aria-label={texts.staffOpen[locale]}
          title={texts.staffOpen[locale]}
          onClick={() => setSigningIn(true)}
        >
          <GearIcon />
        </button>
        <SyncDot />
      </>
    ) : null;

  let content: JSX.Element;
  switch (stage) {
    case "loading":
      content = <p className="rs-status">{texts.loading[locale]}</p>;
      break;
    case "load-failed":
      content = (
        <section className="rs-screen">
          <TrilingualParagraphs text={texts.deviceLoadFailed} />
          <div className="rs-actions">
            <button type="button" className="rs-button rs-button--primary" onClick={() => location.reload()}>
              <Trilingual text={texts.tryAgain} layout="inline" />
            </button>
          </div>
        </section>
      );
      break;
    case "enrol":
      content = (
        <EnrolScreen
          onEnrolled={(enrolled) => {
            setDevice(enrolled);
            setStage(stageFor(enrolled));
          }}
        />
      );
      break;
    case "pin-setup":
      content = device ? (
        <PinSetupScreen
          device={device}
          onDone={(updated) => {
            setDevice(updated);
            startOver();
            setStage("kiosk");
          }}
        />
      ) : (
        <p className="rs-status">{texts.loading[locale]}</p>
      );
      break;
    case "staff":
      content = device ? (
        <StaffScreen
          device={device}
          onDeviceChange={setDevice}
          onBack={() => {
            startOver();
            setStage("kiosk");
          }}
          onDeviceReset={() => {
            startOver();
            setDevice(null);
            setStage("enrol");
          }}
        />
      ) : (
        <p className="rs-status">{texts.loading[locale]}</p>
      );
      break;
    case "kiosk":
      content = device ? (
        <Kiosk key={session} instruments={device.instruments} locale={locale} onLocale={setLocale} onProgress={setProgress} onFinished={startOver} />
      ) : (
        <p className="rs-status">{texts.loading[locale]}</p>
      );
      break;
  }

  return (
    <AppShell locale={locale} reading={reading} onReadingChange={setReading} corner={corner} variant="tablet">
      {content}
      {stage === "kiosk" && signingIn ? (
        <StaffSignIn
          locale={locale}
          interruptsRespondent={progress === "busy"}
          onCancel={() => setSigningIn(false)}
          onSuccess={() => {
            startOver();
            setStage("staff");
          }}
        />
      ) : null}
      {stage === "kiosk" && askingIfThere ? <IdleDialog locale={locale} onContinue={() => setAskingIfThere(false)} onTimeout={startOver} /> : null}
    </AppShell>
  );
}

function GearIcon(): JSX.Element {
  return (
    <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false">
      <path
        fill="currentColor"
        d="M19.14 12.94a7.1 7.1 0 0 0 .05-.94 7.1 7.1 0 0 0-.05-.94l2.03-1.58a.5.5 0 0 0 .12-.64l-1.92-3.32a.5.5 0 0 0-.6-.22l-2.39.96a7 7 0 0 0-1.63-.94l-.36-2.54A.5.5 0 0 0 13.9 2h-3.84a.5.5 0 0 0-.49.42l-.36 2.54a7 7 0 0 0-1.63.94l-2.39-.96a.5.5 0 0 0-.6.22L2.67 8.48a.5.5 0 0 0 .12.64l2.03 1.58a7.1 7.1 0 0 0 0 1.88l-2.03 1.58a.5.5 0 0 0-.12.64l1.92 3.32a.5.5 0 0 0 .6.22l2.39-.96c.5.38 1.05.7 1.63.94l.36 2.54a.5.5 0 0 0 .49.42h3.84a.5.5 0 0 0 .49-.42l.36-2.54a7 7 0 0 0 1.63-.94l2.39.96a.5.5 0 0 0 .6-.22l1.92-3.32a.5.5 0 0 0-.12-.64l-2.03-1.58ZM12 15.5A3.5 3.5 0 1 1 12 8.5a3.5 3.5 0 0 1 0 7Z"
      />
    </svg>
  );
}
