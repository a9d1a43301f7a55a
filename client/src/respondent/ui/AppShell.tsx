/**
 * The frame around every respondent screen, on the tablet and on the family page: the top bar with the
 * large-text and high-contrast switches (visible on every screen, big enough for unsteady fingers), and
 * the root element that carries the reading settings as CSS classes and the language as `lang`, so screen
 * readers pronounce the text in the right language and the stylesheet can scale the survey as a whole.
 */
import { useEffect, type JSX, type ReactNode } from "react";
// survey-core's stylesheet first, then ours, so our overrides win at equal specificity. The fontless
// build: the app must not fetch web fonts (offline tablets, and one less download on a phone).
import "survey-core/survey-core.fontless.min.css";
import "./respondent.css";
import { texts, type Locale } from "./texts.ts";

export interface ReadingSettings {
  largeText: boolean;
  highContrast: boolean;
}

export interface AppShellProps {
  locale: Locale;
  reading: ReadingSettings;
  onReadingChange: (next: ReadingSettings) => void;
  /** Shown at the start of the top bar (the tablet's staff button and sync dot). */
  corner?: ReactNode;
  /** "tablet" or "phone": small layout differences, e.g. the phone has no staff corner. */
  variant: "tablet" | "phone";
  children: ReactNode;
}

export function AppShell({ locale, reading, onReadingChange, corner, variant, children }: AppShellProps): JSX.Element {
  // The document's own language matters too: it is what assistive technology and axe read first.
  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = texts.documentTitle[locale];
  }, [locale]);

  const classes = ["rs-app", `rs-app--${variant}`];
  if (reading.largeText) classes.push("rs-large");
  if (reading.highContrast) classes.push("rs-contrast");

  return (
    <div className={classes.join(" ")} lang={locale}>
      <header className="rs-topbar">
        <div className="rs-topbar__corner">{corner}</div>
        <div className="rs-topbar__switches" role="group" aria-label={texts.displayOptions[locale]}>
          <button
            type="button"
            className="rs-switch"
            data-testid="large-text"
            aria-pressed={reading.largeText}
            onClick={() => onReadingChange({ ...reading, largeText: !reading.largeText })}
          >
            <span className="rs-switch__icon" aria-hidden="true">
              A<span className="rs-switch__icon-big">A</span>
            </span>
            <span>{texts.largeText[locale]}</span>
          </button>
          <button
            type="button"
            className="rs-switch"
            data-testid="high-contrast"
            aria-pressed={reading.highContrast}
            onClick={() => onReadingChange({ ...reading, highContrast: !reading.highContrast })}
          >
            <span className="rs-switch__icon rs-switch__icon--contrast" aria-hidden="true" />
            <span>{texts.highContrast[locale]}</span>
          </button>
        </div>
      </header>
      <main className="rs-main">{children}</main>
    </div>
  );
}
