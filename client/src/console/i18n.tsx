/**
 * The console's language: Latvian unless the person chose English or Russian before (remembered in
 * localStorage on this browser). `useT()` gives the text lookup with placeholders and the date formats,
 * all in Riga time, because the study's days and a code's expiry are Riga days and times wherever the
 * researcher's laptop thinks it is.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type JSX, type ReactNode } from "react";
import { INTL_LOCALE, isLang, TEXTS, type Lang, type TextKey } from "./texts.ts";

const STORAGE_KEY = "prp.console.lang";
const RIGA = "Europe/Riga";

function storedLang(): Lang {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isLang(value) ? value : "lv";
  } catch {
    return "lv";
  }
}

export interface Translator {
  lang: Lang;
  setLang: (lang: Lang) => void;
  /** The text in the current language, `{name}` placeholders filled; unknown ones stay visible. */
  t: (key: TextKey, values?: Record<string, string | number>) => string;
  /** A study day ("2026-03-01") as the language writes it. */
  day: (isoDay: string | null | undefined) => string;
  /** An instant as day and time in Riga. */
  dateTime: (iso: string) => string;
  /** An instant as day and time in Riga, in digits (for tables). */
  dateTimeShort: (iso: string) => string;
  /** An instant as hh:mm:ss in Riga. */
  clock: (date: Date) => string;
  /** A byte count as KB or MB. */
  size: (bytes: number) => string;
}

const LangContext = createContext<Translator | null>(null);

export function fill(template: string, values: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

export function LangProvider({ children }: { children: ReactNode }): JSX.Element {
  const [lang, setLangState] = useState<Lang>(storedLang);
  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Private mode: the choice lasts for this page only.
    }
  }, []);

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = TEXTS[lang].appTitle;
  }, [lang]);

  const value = useMemo<Translator>(() => {
    const locale = INTL_LOCALE[lang];
    const dayFormat = new Intl.DateTimeFormat(locale, { timeZone: "UTC", day: "numeric", month: "short", year: "numeric" });
    const dateTimeFormat = new Intl.DateTimeFormat(locale, { timeZone: RIGA, day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    const shortFormat = new Intl.DateTimeFormat(locale, { timeZone: RIGA, day: "2-digit", month: "2-digit", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    const clockFormat = new Intl.DateTimeFormat(locale, { timeZone: RIGA, hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" });
    const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
    return {
      lang,
      setLang,
      t: (key, values) => fill(TEXTS[lang][key], values),
      day: (isoDay) => {
        if (!isoDay) return TEXTS[lang].none;
        const date = new Date(`${isoDay.slice(0, 10)}T00:00:00Z`);
        return Number.isNaN(date.getTime()) ? isoDay : dayFormat.format(date);
      },
      dateTime: (iso) => {
        const date = new Date(iso);
        return Number.isNaN(date.getTime()) ? iso : dateTimeFormat.format(date);
      },
      dateTimeShort: (iso) => {
        const date = new Date(iso);
        return Number.isNaN(date.getTime()) ? iso : shortFormat.format(date);
      },
      clock: (date) => clockFormat.format(date),
      size: (bytes) => (bytes < 1024 * 1024 ? `${number.format(bytes / 1024)} KB` : `${number.format(bytes / 1024 / 1024)} MB`),
    };
  }, [lang, setLang]);

  return <LangContext.Provider value={value}>{children}</LangContext.Provider>;
}

export function useT(): Translator {
  const value = useContext(LangContext);
  if (!value) throw new Error("useT outside LangProvider");
  return value;
}
