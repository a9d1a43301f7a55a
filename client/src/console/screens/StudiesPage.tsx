/**
 * The list of studies: open ones first, each with its period, prisons, instruments and channels. Admins
 * and researchers can start a new one from here.
 */
import type { JSX } from "react";
import type { Study, User } from "../api.ts";
import { useCatalog } from "../catalog.tsx";
import { channelShort, studyPeriod } from "../format.ts";
import { useT } from "../i18n.tsx";
import { Link, paths } from "../router.tsx";
import { Loadable, useResource } from "../ui.tsx";

export function StudiesPage({ user }: { user: User }): JSX.Element {
  const tr = useT();
  const { t } = tr;
  const catalog = useCatalog();
  const studies = useResource<Study[]>("/api/studies");
  const organiser = user.role === "admin" || user.role === "researcher";

  return (
    <section className="c-page" aria-labelledby="studies-title">
      <div className="c-page__head">
        <h1 id="studies-title">{t("studiesTitle")}</h1>
        {organiser && (
          <Link to={paths.newStudy()} className="c-button c-button--primary" data-testid="new-study">
            {t("newStudy")}
          </Link>
        )}
      </div>
      <Loadable resource={studies}>
        {(list) =>
          list.length === 0 ? (
            <p className="c-empty">
              {t("noStudies")} {organiser && t("noStudiesOrganiser")}
            </p>
          ) : (
            <ul className="c-cards" data-testid="study-list">
              {[...list]
                .sort((a, b) => Number(a.closed) - Number(b.closed) || b.createdOn.localeCompare(a.createdOn) || a.name.localeCompare(b.name))
                .map((study) => (
                  <li key={study.id} className={study.closed ? "c-card c-card--closed" : "c-card"}>
                    <div className="c-card__head">
                      <h2 className="c-card__title">
                        <Link to={paths.study(study.id, user.role === "analyst" ? "results" : "overview")} data-testid="study-link">
                          {study.name}
                        </Link>
                      </h2>
                      <span className={study.closed ? "c-badge c-badge--closed" : "c-badge c-badge--open"}>{study.closed ? t("statusClosed") : t("statusOpen")}</span>
                    </div>
                    <dl className="c-facts">
                      <div>
                        <dt>{t("colPeriod")}</dt>
                        <dd>{studyPeriod(study, tr)}</dd>
                      </div>
                      <div>
                        <dt>{t("colPrisons")}</dt>
                        <dd>{study.sites.map((s) => catalog.siteName(s)).join(", ")}</dd>
                      </div>
                      <div>
                        <dt>{t("colInstruments")}</dt>
                        <dd className="c-chips">
                          {[...study.instruments]
                            .sort((a, b) => (catalog.instrument(a)?.appendix ?? 99) - (catalog.instrument(b)?.appendix ?? 99))
                            .map((id) => {
                              const item = catalog.instrument(id);
                              return (
                                <span key={id} className="c-instrument__appendix" title={item?.title[tr.lang] ?? id}>
                                  {item ? t("appendixShort", { n: item.appendix }) : id}
                                </span>
                              );
                            })}
                        </dd>
                      </div>
                      <div>
                        <dt>{t("colChannels")}</dt>
                        <dd>{study.channels.map((c) => channelShort(c, tr)).join(", ")}</dd>
                      </div>
                    </dl>
                  </li>
                ))}
            </ul>
          )
        }
      </Loadable>
    </section>
  );
}
