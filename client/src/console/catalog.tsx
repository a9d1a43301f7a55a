/**
 * What every screen names things by: the instruments (appendix number and title) and the prisons. Both
 * are loaded once after sign-in and shared; a screen asks `useCatalog()` for a name and gets the id back
 * while the lists are still loading, never an empty cell.
 */
import { createContext, useContext, useMemo, type JSX, type ReactNode } from "react";
import type { InstrumentSummary, Site } from "./api.ts";
import { useT } from "./i18n.tsx";
import { ErrorBox, useResource } from "./ui.tsx";

export interface Catalog {
  instruments: readonly InstrumentSummary[];
  sites: readonly Site[];
  instrument: (id: string) => InstrumentSummary | undefined;
  siteName: (id: string | null) => string;
}

const CatalogContext = createContext<Catalog | null>(null);

export function CatalogProvider({ children }: { children: ReactNode }): JSX.Element {
  const { t } = useT();
  const instruments = useResource<InstrumentSummary[]>("/api/instruments");
  const sites = useResource<Site[]>("/api/sites");

  const value = useMemo<Catalog>(() => {
    const byId = new Map((instruments.data ?? []).map((i) => [i.id, i]));
    const siteById = new Map((sites.data ?? []).map((s) => [s.id, s.name]));
    return {
      instruments: instruments.data ?? [],
      sites: sites.data ?? [],
      instrument: (id) => byId.get(id),
      siteName: (id) => (id === null ? t("noSite") : (siteById.get(id) ?? id)),
    };
  }, [instruments.data, sites.data, t]);

  const failed = (instruments.data === undefined && !!instruments.error) || (sites.data === undefined && !!sites.error);
  return (
    <CatalogContext.Provider value={value}>
      {failed && (
        <ErrorBox
          error={instruments.error ?? sites.error}
          onRetry={() => {
            void instruments.reload();
            void sites.reload();
          }}
        />
      )}
      {children}
    </CatalogContext.Provider>
  );
}

export function useCatalog(): Catalog {
  const value = useContext(CatalogContext);
  if (!value) throw new Error("useCatalog outside CatalogProvider");
  return value;
}

/** "3. pielikums" and the Latvian title (the source of truth), with the translation under it in en/ru. */
export function InstrumentName({ id, short = false }: { id: string; short?: boolean }): JSX.Element {
  const { t, lang } = useT();
  const item = useCatalog().instrument(id);
  if (!item) return <span className="c-mono">{id}</span>;
  return (
    <span className="c-instrument">
      <span className="c-instrument__appendix">{t("appendixShort", { n: item.appendix })}</span>{" "}
      {!short && (
        <>
          <span lang="lv">{item.title.lv}</span>
          {lang !== "lv" && (
            <span className="c-instrument__translation" lang={lang}>
              {item.title[lang]}
            </span>
          )}
        </>
      )}
      {short && <span lang={lang}>{item.title[lang]}</span>}
    </span>
  );
}
