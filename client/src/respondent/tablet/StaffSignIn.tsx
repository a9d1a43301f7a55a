/**
 * The PIN prompt in front of the staff screen. It opens over whatever the respondent sees, so a
 * respondent who taps the staff button by mistake just cancels and carries on; only a correct PIN ends
 * the respondent's visit (with a warning when a questionnaire is in progress). After five wrong PINs it
 * waits a minute before trying again, which makes guessing at a shared tablet slow.
 */
import { useEffect, useId, useState, type FormEvent, type JSX } from "react";
import { checkPin } from "../storage.ts";
import { Modal } from "../ui/Modal.tsx";
import { Trilingual } from "../ui/Trilingual.tsx";
import { fill, texts, type Locale, type Text } from "../ui/texts.ts";
import { PinInput } from "./EnrolScreen.tsx";

const MAX_TRIES = 5;
const LOCK_MS = 60_000;

// Kept outside the component so closing and reopening the prompt does not reset the count.
const tries = { failures: 0, lockedUntil: 0 };

export interface StaffSignInProps {
  locale: Locale;
  /** A respondent is in the middle of a questionnaire that signing in will close. */
  interruptsRespondent: boolean;
  onCancel: () => void;
  onSuccess: () => void;
}

export function StaffSignIn({ locale, interruptsRespondent, onCancel, onSuccess }: StaffSignInProps): JSX.Element {
  const [pin, setPin] = useState("");
  const [error, setError] = useState<Text | null>(null);
  const [busy, setBusy] = useState(false);
  const [now, setNow] = useState(() => Date.now());
  const errorId = useId();

  const lockedFor = Math.max(0, Math.ceil((tries.lockedUntil - now) / 1000));
  useEffect(() => {
    if (lockedFor <= 0) return;
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [lockedFor]);

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (busy || Date.now() < tries.lockedUntil) return;
    if (!/^\d{4,8}$/.test(pin)) {
      setError(texts.staffPinWrong);
      return;
    }
    setBusy(true);
    let ok = false;
    try {
      ok = await checkPin(pin);
    } catch {
      ok = false;
    }
    setBusy(false);
    if (ok) {
      tries.failures = 0;
      onSuccess();
      return;
    }
    tries.failures += 1;
    if (tries.failures >= MAX_TRIES) {
      tries.failures = 0;
      tries.lockedUntil = Date.now() + LOCK_MS;
      setNow(Date.now());
    }
    setPin("");
    setError(texts.staffPinWrong);
  }

  const lockedText: Text | null =
    lockedFor > 0
      ? {
          lv: fill(texts.staffPinLocked.lv, { n: lockedFor }),
          ru: fill(texts.staffPinLocked.ru, { n: lockedFor }),
          en: fill(texts.staffPinLocked.en, { n: lockedFor }),
        }
      : null;
  const shown = lockedText ?? error;

  return (
    <Modal labelledBy="rs-staff-title" onCancel={onCancel} testId="staff-signin">
      <form onSubmit={(event) => void submit(event)} noValidate className="rs-form">
        <h2 id="rs-staff-title" className="rs-modal__title">
          <Trilingual text={texts.staffSignInTitle} />
        </h2>
        {interruptsRespondent ? (
          <p className="rs-note">
            <Trilingual text={texts.staffInterruptWarning} />
          </p>
        ) : null}
        <label className="rs-field">
          <span className="rs-field__label">
            <Trilingual text={texts.staffPinLabel} layout="inline" />
          </span>
          <PinInput testId="staff-pin" value={pin} onChange={setPin} invalid={Boolean(shown)} describedBy={shown ? errorId : undefined} autoFocus />
        </label>
        {shown ? (
          <p id={errorId} className="rs-error" role="alert" data-testid="staff-pin-error">
            <Trilingual text={shown} />
          </p>
        ) : null}
        <div className="rs-modal__actions">
          <button type="button" className="rs-button" onClick={onCancel} data-testid="staff-cancel">
            {texts.cancel[locale]}
          </button>
          <button type="submit" className="rs-button rs-button--primary" data-testid="staff-pin-submit" disabled={busy || lockedFor > 0}>
            <Trilingual text={texts.staffPinSubmit} layout="inline" />
          </button>
        </div>
      </form>
    </Modal>
  );
}
