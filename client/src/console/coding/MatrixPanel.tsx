/**
 * The code matrix on the Coding tab (researchers, admins and analysts): codes down the side, the guides'
 * questions or the target groups across, and in each cell the passages and the interviews a code was applied
 * in. Published cells resting on fewer interviews than the study's threshold come hidden from the server and
 * are shown "<k", as on the Results page; the internal version (organisers only) carries the same
 * confidentiality banner.
 *
 * The server names question columns by their keys; the titles come from the interview guides' SurveyJS JSON,
 * each fetched once per page load. Where several guides share a key (the staff guides all ask
 * "challenges_in_work"), the first of the study's guides names it.
 */
import { useEffect, useState, type CSSProperties, type JSX } from "react";
import { api, type Study } from "../api.ts";
import { useCatalog } from "../catalog.tsx";
import { useT, type Translator } from "../i18n.tsx";
import { interviewApi, localised, type Localised } from "../interviews/interview-api.ts";
import { formatCell, formatNumber, isSuppressed } from "../results/format.ts";
import type { TextKey } from "../texts.ts";
import { Loadable, PanelHead, useResource } from "../ui.tsx";
import { codingApi, type CodeMatrix, type MatrixCell, type MatrixColumnBy, type Mode } from "./coding-api.ts";

/** Columns that are no guide question (analysis/qualitative/matrix.ts SEGMENT_COLUMN, FOCUS_GROUP_COLUMN). */
const SEGMENT_COLUMN = "segment";
const FOCUS_GROUP_COLUMN = "focus-group";

const GROUP_KEYS: Readonly<Record<string, TextKey>> = {
  youth: "cdGroup_youth",
  seniors: "cdGroup_seniors",
  mothers: "cdGroup_mothers",
  "mental-health": "cdGroup_mentalHealth",
  unknown: "cdGroup_unknown",
};

const MAX_INDENT = 8;

// ---- Question titles from the guides ----------------------------------------------------------------------

const guides = new Map<string, Promise<unknown>>();

/** A guide's JSON, fetched once; a failed fetch is forgotten so a later look tries again. */
function guideJson(id: string): Promise<unknown> {
  let pending = guides.get(id);
  if (!pending) {
    pending = api<unknown>("GET", interviewApi.instrument(id));
    guides.set(id, pending);
    pending.catch(() => guides.delete(id));
  }
  return pending;
}

interface SurveyElement {
  type?: string;
  name?: string;
  title?: Localised;
  elements?: SurveyElement[];
}

const NOT_QUESTIONS = new Set(["html", "image", "expression", "panel"]);

/** Each question's title by its key (the element's `name`), in a guide's SurveyJS JSON. */
function questionTitles(json: unknown, into: Map<string, Localised>): void {
  if (!json || typeof json !== "object") return;
  const walk = (elements: readonly SurveyElement[] | undefined) => {
    for (const e of elements ?? []) {
      if (!e || typeof e !== "object") continue;
      if (e.name && e.type && !NOT_QUESTIONS.has(e.type) && !into.has(e.name)) into.set(e.name, e.title ?? e.name);
      walk(e.elements);
    }
  };
  for (const page of (json as { pages?: { elements?: SurveyElement[] }[] }).pages ?? []) walk(page?.elements);
}

/** Question titles of the given guides by key, the first guide winning; empty until they arrive. */
function useQuestionTitles(ids: readonly string[]): Map<string, Localised> {
  const [titles, setTitles] = useState<Map<string, Localised>>(new Map());
  const key = ids.join(",");
  useEffect(() => {
    let alive = true;
    const list = key ? key.split(",") : [];
    void Promise.allSettled(list.map(guideJson)).then((results) => {
      if (!alive) return;
      const map = new Map<string, Localised>();
      for (const r of results) if (r.status === "fulfilled") questionTitles(r.value, map);
      setTitles(map);
    });
    return () => {
      alive = false;
    };
  }, [key]);
  return titles;
}

// ---- The panel ---------------------------------------------------------------------------------------------

export function MatrixPanel({ study, organiser }: { study: Study; organiser: boolean }): JSX.Element {
  const tr = useT();
  const { t } = tr;
  const catalog = useCatalog();
  const [by, setBy] = useState<MatrixColumnBy>("question");
  const [chosenMode, setMode] = useState<Mode>("published");
  const [instrument, setInstrument] = useState("");
  const mode: Mode = organiser ? chosenMode : "published";
  const guideIds = study.instruments.filter((id) => catalog.instrument(id)?.kind === "interview");
  const titles = useQuestionTitles(guideIds);
  const matrix = useResource<CodeMatrix>(codingApi.matrix(study.id, { by, mode, instrument: instrument || null }));

  const guideLabel = (id: string): string => {
    const item = catalog.instrument(id);
    return item ? `${t("appendixShort", { n: item.appendix })} ${item.title[tr.lang]}` : id;
  };

  return (
    <section className="c-panel" aria-labelledby="mx-title" data-testid="mx-panel">
      <PanelHead id="mx-title" title={t("cdMxTitle")} resource={matrix} />
      <p className="c-muted">{t("cdMxIntro")}</p>
      <div className="c-row c-cd-controls">
        <div className="c-field">
          <label htmlFor="mx-by">{t("cdMxBy")}</label>
          <select id="mx-by" value={by} onChange={(e) => setBy(e.target.value as MatrixColumnBy)} data-testid="mx-by">
            <option value="question">{t("cdMxByQuestion")}</option>
            <option value="target-group">{t("cdMxByGroup")}</option>
          </select>
        </div>
        {organiser && (
          <div className="c-field">
            <label htmlFor="mx-mode">{t("cdMode")}</label>
            <select id="mx-mode" value={mode} onChange={(e) => setMode(e.target.value as Mode)} data-testid="mx-mode">
              <option value="published">{t("cdModePublished")}</option>
              <option value="internal">{t("cdModeInternal")}</option>
            </select>
          </div>
        )}
        <div className="c-field">
          <label htmlFor="mx-instrument">{t("cdMxInstrument")}</label>
          <select id="mx-instrument" value={instrument} onChange={(e) => setInstrument(e.target.value)} data-testid="mx-instrument">
            <option value="">{t("cdMxAllGuides")}</option>
            {guideIds.map((id) => (
              <option key={id} value={id}>
                {guideLabel(id)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {!organiser && <p className="c-field__hint">{t("cdAnalystPublished")}</p>}
      <Loadable resource={matrix}>{(data) => <MatrixTable matrix={data} titles={titles} />}</Loadable>
    </section>
  );
}

function columnHeading(key: string, by: MatrixColumnBy, titles: Map<string, Localised>, tr: Translator): { title: string; key: string | null } {
  if (by === "target-group") {
    const text = GROUP_KEYS[key];
    return { title: text ? tr.t(text) : key, key: null };
  }
  if (key === SEGMENT_COLUMN) return { title: tr.t("cdColSegment"), key: null };
  if (key === FOCUS_GROUP_COLUMN) return { title: tr.t("cdColFocusGroups"), key: null };
  const title = titles.get(key);
  return title === undefined ? { title: key, key: null } : { title: localised(title, tr.lang), key };
}

/** The value a cell's data attribute carries: the number, or "suppressed". */
const dataValue = (cell: MatrixCell["excerpts"]) => (isSuppressed(cell) ? "suppressed" : String(cell.value ?? ""));

function MatrixTable({ matrix, titles }: { matrix: CodeMatrix; titles: Map<string, Localised> }): JSX.Element {
  const tr = useT();
  const { t, lang } = tr;
  const k = matrix.threshold;
  const internal = matrix.mode === "internal";

  const cellView = (cell: MatrixCell, column: string, testId: string) => {
    const hidden = isSuppressed(cell.excerpts) || isSuppressed(cell.sessions);
    const zero = cell.excerpts.value === 0;
    const text = hidden
      ? formatCell({ value: null, suppressed: true }, k, String)
      : `${formatCell(cell.excerpts, k, (n) => formatNumber(n, lang))} / ${formatCell(cell.sessions, k, (n) => formatNumber(n, lang))}`;
    return (
      <td
        key={column}
        className={zero ? "c-zero" : hidden ? "c-cd-hidden" : undefined}
        title={hidden ? t("cdMxSuppressed", { k }) : undefined}
        data-testid={testId}
        data-column={column}
        data-excerpts={dataValue(cell.excerpts)}
        data-sessions={dataValue(cell.sessions)}
      >
        {text}
      </td>
    );
  };

  const table = matrix.rows.length > 0 && matrix.columns.length > 0;
  let body: JSX.Element;
  if (matrix.rows.length === 0) {
    body = (
      <p className="c-empty" data-testid="mx-empty">
        {t("cdMxNoCodes")}
      </p>
    );
  } else if (matrix.columns.length === 0) {
    body = (
      <p className="c-empty" data-testid="mx-empty">
        {t("cdMxEmpty")}
      </p>
    );
  } else {
    body = (
      <div className="c-tablewrap">
        <table className="c-table c-table--numbers c-cd-matrix" data-testid="mx-table" data-mode={matrix.mode} data-by={matrix.by}>
          <thead>
            <tr>
              <th scope="col">{t("cdMxColCode")}</th>
              {matrix.columns.map((c) => {
                const heading = columnHeading(c.key, matrix.by, titles, tr);
                return (
                  <th key={c.key} scope="col" data-column={c.key} className="c-cd-matrix__col">
                    {heading.title}
                    {heading.key && <span className="c-code-note">{heading.key}</span>}
                  </th>
                );
              })}
              <th scope="col" className="c-table__total">
                {t("cdMxTotal")}
              </th>
            </tr>
          </thead>
          <tbody>
            {matrix.rows.map((row) => (
              <tr key={row.codeId} data-testid="mx-row" data-code-id={row.codeId} data-depth={row.depth}>
                <th scope="row" className="c-cd-matrix__code" title={row.path} style={{ "--cd-depth": Math.min(row.depth, MAX_INDENT) } as CSSProperties}>
                  {/* The parents' names are read out too; on screen the indentation shows them. */}
                  {row.depth > 0 && <span className="c-visually-hidden">{row.path.split(" / ").slice(0, -1).join(" / ")} / </span>}
                  {row.path.split(" / ").at(-1)}
                </th>
                {row.cells.map((cell, i) => cellView(cell, matrix.columns[i]!.key, "mx-cell"))}
                {cellView(row.total, "total", "mx-total")}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }

  return (
    <>
      {internal && (
        <div className="c-cd-banner" role="note" data-testid="mx-confidential">
          <p className="c-cd-banner__title">{t("cdConfidential")}</p>
          <p>{t("cdConfidentialDetail")}</p>
        </div>
      )}
      {body}
      {table && (
        <>
          <p className="c-field__hint">{t("cdMxCellLegend")}</p>
          <p className="c-field__hint" data-testid="mx-threshold">
            {internal ? t("cdMxInternalNote", { k }) : t("cdMxThreshold", { k })}
          </p>
        </>
      )}
      {matrix.unknownCodeIds.length > 0 && <p className="c-note c-note--warn">{t("cdMxUnknown", { n: matrix.unknownCodeIds.length })}</p>}
    </>
  );
}
