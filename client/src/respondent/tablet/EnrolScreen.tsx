/**
 * Setting up a tablet, done once by staff: type the enrolment code the research team gave them, then
 * choose the staff PIN that guards the staff screen. Staff in Latvian prisons read Latvian, but not all
 * of them, so every text has Russian and English beside it. Codes are forgiving to type: lower case,
 * spaces and a missing hyphen are all accepted.
 */
import { useId, useState, type FormEvent, type JSX } from "react";
import { EnrolmentError, enrol, loadDevice, requestPersistence, setPin, type DeviceRecord } from "../storage.ts";
import { Trilingual } from "../ui/Trilingual.tsx";
import { fill, texts, type Text } from "../ui/texts.ts";

/** `k7qm 2xwd` -> `K7QM-2XWD`; null when it cannot be a code (8 letters or digits). */
export function normaliseEnrolmentCode(raw: string): string | null {
  const compact = raw.replace(/[\s\-–—_.]/g, "").toUpperCase();
  if (!/^[A-Z0-9]{8}$/.test(compact)) return null;
  return `${compact.slice(0, 4)}-${compact.slice(4)}`;
}

function enrolmentMessage(error: unknown): Text {
  const code = error instanceof EnrolmentError ? error.code : "network";
  if (code === "enrolment.invalid_code") return texts.enrolInvalidCode;
  if (code === "network") return texts.enrolNetwork;
  if (code === "study.closed") return texts.enrolStudyClosed;
  return {
    lv: fill(texts.enrolOther.lv, { code }),
    ru: fill(texts.enrolOther.ru, { code }),
    en: fill(texts.enrolOther.en, { code }),
  };
}

export function EnrolScreen({ onEnrolled }: { onEnrolled: (device: DeviceRecord) => void }): JSX.Element {
  const [code, setCode] = useState("");
  const [error, setError] = useState<Text | null>(null);
  const [busy, setBusy] = useState(false);
  const inputId = useId();
  const hintId = useId();
  const errorId = useId();

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (busy) return;
    const normalised = normaliseEnrolmentCode(code);
    if (!normalised) {
      setError(texts.enrolCodeShape);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const device = await enrol(normalised);
      // Ask the browser to keep this tablet's data (token, questionnaires, unsent answers) even when
      // storage runs low. Asked now, while staff are holding the tablet, never in front of a respondent.
      void requestPersistence().catch(() => false);
      onEnrolled(device);
    } catch (caught) {
      setError(enrolmentMessage(caught));
      setBusy(false);
    }
  }

  return (
    <section className="rs-screen rs-setup" aria-labelledby="rs-enrol-heading">
      <h1 id="rs-enrol-heading" className="rs-heading">
        <Trilingual text={texts.enrolTitle} />
      </h1>
      <p>
        <Trilingual text={texts.enrolIntro} />
      </p>
      <form className="rs-form" onSubmit={(event) => void submit(event)} noValidate>
        <div className="rs-field">
          <label className="rs-field__label" htmlFor={inputId}>
            <Trilingual text={texts.enrolCodeLabel} layout="inline" />
          </label>
          <input
            id={inputId}
            className="rs-input rs-input--code"
            data-testid="enrol-code"
            type="text"
            name="enrol-code"
            value={code}
            onChange={(event) => setCode(event.target.value)}
            autoComplete="off"
            autoCapitalize="characters"
            autoCorrect="off"
            spellCheck={false}
            maxLength={20}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${hintId} ${errorId}` : hintId}
          />
          <span id={hintId} className="rs-field__hint">
            <Trilingual text={texts.enrolCodeHint} layout="inline" />
          </span>
        </div>
        {error ? (
          <p id={errorId} className="rs-error" role="alert" data-testid="enrol-error">
            <Trilingual text={error} />
          </p>
        ) : null}
        <button type="submit" className="rs-button rs-button--primary" data-testid="enrol-submit" disabled={busy}>
          <Trilingual text={busy ? texts.enrolBusy : texts.enrolSubmit} layout="inline" />
        </button>
      </form>
    </section>
  );
}

export function PinSetupScreen({ device, onDone }: { device: DeviceRecord; onDone: (device: DeviceRecord) => void }): JSX.Element {
  const [pin, setPinValue] = useState("");
  const [repeat, setRepeat] = useState("");
  const [error, setError] = useState<Text | null>(null);
  const [busy, setBusy] = useState(false);
  const errorId = useId();

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (busy) return;
    if (!/^\d{4,8}$/.test(pin)) {
      setError(texts.pinShape);
      return;
    }
    if (pin !== repeat) {
      setError(texts.pinMismatch);
      setRepeat("");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await setPin(pin);
      const updated = (await loadDevice()) ?? { ...device, hasPin: true };
      onDone(updated);
    } catch {
      setError(texts.pinSaveFailed);
      setBusy(false);
    }
  }

  const enrolled = {
    lv: fill(texts.enrolledAs.lv, { study: device.study.name, site: device.site.name }),
    ru: fill(texts.enrolledAs.ru, { study: device.study.name, site: device.site.name }),
    en: fill(texts.enrolledAs.en, { study: device.study.name, site: device.site.name }),
  };
  const described = error ? errorId : undefined;

  return (
    <section className="rs-screen rs-setup" aria-labelledby="rs-pin-heading">
      <p className="rs-note" role="status">
        <Trilingual text={enrolled} />
      </p>
      <h1 id="rs-pin-heading" className="rs-heading">
        <Trilingual text={texts.pinTitle} />
      </h1>
      <p>
        <Trilingual text={texts.pinIntro} />
      </p>
      <form className="rs-form" onSubmit={(event) => void submit(event)} noValidate>
        <label className="rs-field">
          <span className="rs-field__label">
            <Trilingual text={texts.pinLabel} layout="inline" />
          </span>
          <PinInput testId="pin" value={pin} onChange={setPinValue} invalid={Boolean(error)} describedBy={described} />
        </label>
        <label className="rs-field">
          <span className="rs-field__label">
            <Trilingual text={texts.pinRepeatLabel} layout="inline" />
          </span>
          <PinInput testId="pin-repeat" value={repeat} onChange={setRepeat} invalid={Boolean(error)} describedBy={described} />
        </label>
        {error ? (
          <p id={errorId} className="rs-error" role="alert" data-testid="pin-error">
            <Trilingual text={error} />
          </p>
        ) : null}
        <button type="submit" className="rs-button rs-button--primary" data-testid="pin-submit" disabled={busy}>
          <Trilingual text={texts.pinSubmit} layout="inline" />
        </button>
      </form>
    </section>
  );
}

export interface PinInputProps {
  testId: string;
  value: string;
  onChange: (value: string) => void;
  invalid?: boolean;
  describedBy?: string | undefined;
  autoFocus?: boolean;
}

/** A masked number field: the digit keyboard on tablets, and nothing a password manager should keep. */
export function PinInput({ testId, value, onChange, invalid, describedBy, autoFocus }: PinInputProps): JSX.Element {
  return (
    <input
      className="rs-input rs-input--pin"
      data-testid={testId}
      type="password"
      inputMode="numeric"
      pattern="[0-9]*"
      autoComplete="off"
      maxLength={8}
      value={value}
      // Only digits: a stray letter would make a PIN nobody can type on the number keyboard again.
      onChange={(event) => onChange(event.target.value.replace(/\D/g, "").slice(0, 8))}
      aria-invalid={invalid ? true : undefined}
      aria-describedby={describedBy}
      autoFocus={autoFocus}
    />
  );
}
