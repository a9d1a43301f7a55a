/**
 * The language choice a respondent makes before the questionnaire. Each button names its language in
 * that language ("Latviešu", "Русский", "English"), and the heading is given in all three, because the
 * person choosing may read only one of them.
 */
import type { JSX, ReactNode } from "react";
import { Trilingual } from "./Trilingual.tsx";
import { LOCALES, texts, type Locale } from "./texts.ts";

export interface LanguagePickerProps {
  onPick: (locale: Locale) => void;
  /** Shown above the heading, e.g. the questionnaire's title. */
  intro?: ReactNode;
  /** Disables the buttons while the chosen questionnaire loads, so a double tap starts it once. */
  busy?: boolean;
}

export function LanguagePicker({ onPick, intro, busy = false }: LanguagePickerProps): JSX.Element {
  return (
    <section className="rs-screen rs-language" aria-labelledby="rs-language-heading">
      {intro}
      <h1 id="rs-language-heading" className="rs-heading">
        <Trilingual text={texts.chooseLanguage} />
      </h1>
      <div className="rs-choices">
        {LOCALES.map((code) => (
          <button
            key={code}
            type="button"
            className={code === "lv" ? "rs-choice rs-choice--primary" : "rs-choice"}
            data-testid={`lang-${code}`}
            lang={code}
            disabled={busy}
            onClick={() => onPick(code)}
          >
            {texts.languageName[code]}
          </button>
        ))}
      </div>
    </section>
  );
}
