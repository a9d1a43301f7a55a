/**
 * "Are you still there?" A respondent who stops touching the tablet gets 30 seconds, counted down in
 * their own language, to say they are still answering; otherwise the kiosk starts over so the next person
 * cannot read what they answered.
 */
import { useEffect, useState, type JSX } from "react";
import { Modal } from "../ui/Modal.tsx";
import { fill, texts, type Locale } from "../ui/texts.ts";

export const IDLE_COUNTDOWN_SECONDS = 30;

export interface IdleDialogProps {
  locale: Locale;
  onContinue: () => void;
  onTimeout: () => void;
}

export function IdleDialog({ locale, onContinue, onTimeout }: IdleDialogProps): JSX.Element {
  const [deadline] = useState(() => Date.now() + IDLE_COUNTDOWN_SECONDS * 1000);
  const [left, setLeft] = useState(IDLE_COUNTDOWN_SECONDS);

  useEffect(() => {
    // Timestamps, not ticks: a tablet that slept through the countdown resets as soon as it wakes.
    const tick = (): void => {
      const remaining = Math.ceil((deadline - Date.now()) / 1000);
      if (remaining <= 0) onTimeout();
      else setLeft(remaining);
    };
    const timer = window.setInterval(tick, 250);
    return () => window.clearInterval(timer);
  }, [deadline, onTimeout]);

  return (
    <Modal labelledBy="rs-idle-title" describedBy="rs-idle-body" onCancel={onContinue} role="alertdialog" testId="idle-dialog">
      <h2 id="rs-idle-title" className="rs-modal__title">
        {texts.idleTitle[locale]}
      </h2>
      <p id="rs-idle-body">{texts.idleBody[locale]}</p>
      {/* Not live: a screen reader announcing every second would drown the question itself. */}
      <p className="rs-countdown">{fill(texts.idleCountdown[locale], { n: left })}</p>
      <div className="rs-modal__actions">
        <button type="button" className="rs-button rs-button--primary rs-button--wide" data-testid="idle-continue" onClick={onContinue} autoFocus>
          {texts.continue[locale]}
        </button>
      </div>
    </Modal>
  );
}
