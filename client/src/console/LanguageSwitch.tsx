/**
 * Latviešu / English / Русский: each language named in itself, the choice remembered on this browser.
 */
import type { JSX } from "react";
import { useT } from "./i18n.tsx";
import { LANGS, LANGUAGE_NAMES } from "./texts.ts";

export function LanguageSwitch(): JSX.Element {
  const { t, lang, setLang } = useT();
  return (
    <div className="c-lang" role="group" aria-label={t("language")}>
      {LANGS.map((code) => (
        <button
          key={code}
          type="button"
          lang={code}
          className={code === lang ? "c-lang__option c-lang__option--active" : "c-lang__option"}
          aria-pressed={code === lang}
          data-testid={`console-lang-${code}`}
          onClick={() => setLang(code)}
        >
          {LANGUAGE_NAMES[code]}
        </button>
      ))}
    </div>
  );
}
