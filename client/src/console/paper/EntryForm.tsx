/**
 * Typing one returned paper form in: every question of the instrument in the printed order, a bar at the
 * bottom counting what is answered, marked and untouched, and "Save entry" (Ctrl+Enter). Questions left
 * untouched are never dropped silently: saving asks whether to mark them "left blank" first. The answers
 * go to the server in the shapes SurveyJS produces (see form-model.ts); a refused answer is shown at its
 * question, and the first such question gets the focus.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type JSX, type KeyboardEvent } from "react";
import { api, ApiError } from "../api.ts";
import { InstrumentName, useCatalog } from "../catalog.tsx";
import { useT } from "../i18n.tsx";
import { useAction } from "../ui.tsx";
import {
  displayNumber,
  emptyDraft,
  itemOfPath,
  itemStates,
  markBlank,
  toPayload,
  untouchedParts,
  type Draft,
  type EntryForm as Form,
  type EntryItem,
  type ItemState,
  type Untouched,
} from "./form-model.ts";
import { paperApi, type EntryResult, type PaperFormInfo } from "./paper-api.ts";
import { PaperProblem } from "./PaperProblem.tsx";
import { focusItem, QuestionRow } from "./Questions.tsx";

export interface EntryFormProps {
  info: PaperFormInfo;
  form: Form;
  /** The instrument version the console has (the current one), to warn when the form printed another. */
  currentVersion: string | undefined;
  onSaved: (result: EntryResult) => void;
  onCancel: () => void;
  /** Question wording: Latvian, or the form's own language. */
  wording: "lv" | "form";
  onWording: (wording: "lv" | "form") => void;
  /** The study whose page this is: a form of another study is typed in all the same, with a word on it. */
  studyId: string;
}

export function EntryForm({ info, form, currentVersion, onSaved, onCancel, wording, onWording, studyId }: EntryFormProps): JSX.Element {
  const tr = useT();
  const { t } = tr;
  const catalog = useCatalog();
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [asking, setAsking] = useState<Untouched[] | null>(null);
  const saving = useAction();
  const root = useRef<HTMLDivElement>(null);
  const askRef = useRef<HTMLDivElement>(null);
  const states = useMemo(() => itemStates(form, draft), [form, draft]);
  const update = useCallback((change: (d: Draft) => Draft) => setDraft((d) => change(d)), []);

  const counts = useMemo(() => {
    const c: Record<ItemState, number> = { answered: 0, coded: 0, untouched: 0, "not-applicable": 0 };
    for (const { state } of states.values()) c[state] += 1;
    return c;
  }, [states]);
  const untouched = useMemo(() => untouchedParts(form, draft), [form, draft]);

  // Field problems of a refused entry, by question.
  const error = saving.state.kind === "error" ? saving.state.error : null;
  const fieldErrors = useMemo(() => {
    const byItem = new Map<string, string[]>();
    if (error instanceof ApiError) {
      for (const f of error.fields) {
        const name = itemOfPath(form, f.path);
        if (name) byItem.set(name, [...(byItem.get(name) ?? []), f.path.includes(".") ? `${f.path}: ${f.reason}` : f.reason]);
      }
    }
    return byItem;
  }, [error, form]);
  const claimed = useMemo(() => form.items.flatMap((i) => [i.name, `${i.name}-Comment`, `answers.${i.name}`, `codes.${i.name}`]), [form]);

  useEffect(() => {
    // Start at the first question.
    const first = root.current?.querySelector<HTMLElement>("[data-stop]");
    first?.focus();
  }, []);

  useEffect(() => {
    if (asking) askRef.current?.querySelector<HTMLElement>("button")?.focus();
  }, [asking]);

  useEffect(() => {
    const first = fieldErrors.keys().next();
    if (!first.done) focusItem(root.current, first.value);
  }, [fieldErrors]);

  const send = (toSend: Draft) => {
    setAsking(null);
    void saving
      .run(() => api<EntryResult>("POST", paperApi.entries(info.number), toPayload(form, toSend)))
      .then((result) => {
        if (result) onSaved(result);
      });
  };

  const save = () => {
    if (saving.busy) return;
    if (untouched.length > 0) {
      setAsking(untouched);
      return;
    }
    send(draft);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      save();
    }
  };

  const instrument = catalog.instrument(info.instrumentId);
  const otherVersion = currentVersion !== undefined && currentVersion !== info.instrumentVersion;
  const numberOf = (name: string) => displayNumber(form, name);

  return (
    <div className="c-entry" ref={root} data-entry-root="" onKeyDown={onKeyDown} data-testid="entry-form" data-number={info.number}>
      <div className="c-entry__head">
        <div>
          <p className="c-entry__formno" data-testid="entry-form-number">
            {info.number}
          </p>
          <p className="c-small">
            {instrument ? <InstrumentName id={info.instrumentId} short /> : info.instrumentId} · {t(`paperLocale_${info.locale}`)} ·{" "}
            {info.siteId === null ? t("paperNoSiteShort") : catalog.siteName(info.siteId)}
          </p>
        </div>
        <div className="c-entry__head-actions">
          {info.locale !== "lv" && (
            <div className="c-segmented" role="group" aria-label={t("entryWording")}>
              <span className="c-segmented__label c-small">{t("entryWording")}</span>
              {(["lv", "form"] as const).map((w) => (
                <button
                  key={w}
                  type="button"
                  className={wording === w ? "c-segmented__option c-segmented__option--active" : "c-segmented__option"}
                  aria-pressed={wording === w}
                  onClick={() => onWording(w)}
                >
                  {w === "lv" ? t("paperLocale_lv") : t(`paperLocale_${info.locale}`)}
                </button>
              ))}
            </div>
          )}
          <button type="button" className="c-button c-button--quiet" onClick={onCancel} data-testid="entry-cancel">
            {t("entryOtherForm")}
          </button>
        </div>
      </div>
      {info.studyId !== studyId && (
        <p className="c-note c-note--warn" data-testid="entry-other-study">
          {t("entryOtherStudy", { name: info.studyName })}
        </p>
      )}
      {info.state === "single-entered" && !info.enteredByMe && <p className="c-note">{t("entrySecond")}</p>}
      {otherVersion && (
        <p className="c-note c-note--warn" data-testid="entry-version-warning">
          {t("entryOtherVersion", { printed: info.instrumentVersion.slice(0, 10), current: (currentVersion ?? "").slice(0, 10) })}
        </p>
      )}
      <p className="c-entry__keys c-small" id="entry-keys">
        {t("entryKeys")}
      </p>

      <div className="c-entry__list">
        {form.parts.map((part) =>
          part.kind === "section" ? (
            <h3 key={part.key} className="c-entry__section" lang={wording === "lv" ? "lv" : info.locale}>
              {part.title}
            </h3>
          ) : (
            <QuestionRow
              key={part.name}
              item={part}
              draft={draft}
              onChange={update}
              state={states.get(part.name)?.state ?? "untouched"}
              applies={states.get(part.name)?.applies ?? "yes"}
              errors={fieldErrors.get(part.name) ?? []}
              idPrefix="entry"
              lang={wording === "lv" ? "lv" : info.locale}
            />
          ),
        )}
      </div>

      <div className="c-entry__bar" data-testid="entry-bar">
        {asking && (
          <div className="c-entry__ask" role="alertdialog" aria-labelledby="entry-ask-text" ref={askRef} data-testid="entry-untouched">
            <p id="entry-ask-text">
              <strong>
                {t(asking.some((p) => p.row !== undefined) ? "entryUntouchedMixed" : singular(tr.lang, asking.length) ? "entryUntouchedQuestionOne" : "entryUntouchedQuestion", { n: asking.length })}
              </strong>{" "}
              <span className="c-small">({describeUntouched(asking, numberOf, (name) => form.items.find((i) => i.name === name))})</span>
            </p>
            <div className="c-actions">
              <button type="button" className="c-button c-button--primary" onClick={() => send(markBlank(draft, asking))} data-testid="entry-mark-blank">
                {t("entryMarkBlankSave")}
              </button>
              <button
                type="button"
                className="c-button"
                onClick={() => {
                  const first = asking[0];
                  setAsking(null);
                  if (first) focusItem(root.current, first.name, first.row);
                }}
                data-testid="entry-go-untouched"
              >
                {t("entryGoUntouched")}
              </button>
              <button type="button" className="c-button c-button--quiet" onClick={() => send(draft)} data-testid="entry-save-anyway">
                {t("entrySaveAnyway")}
              </button>
            </div>
          </div>
        )}
        <div className="c-entry__bar-row">
          <p className="c-entry__counts" aria-live="polite" data-testid="entry-counts">
            <span>{t("entryCountAnswered", { n: counts.answered })}</span>
            <span>{t("entryCountCoded", { n: counts.coded })}</span>
            <span className={untouched.length > 0 ? "c-entry__untouched" : undefined}>{t("entryCountUntouched", { n: untouched.length })}</span>
            {counts["not-applicable"] > 0 && <span className="c-muted">{t("entryCountNotApplicable", { n: counts["not-applicable"] })}</span>}
          </p>
          <button type="button" className="c-button c-button--primary" data-entry-save="" disabled={saving.busy} onClick={save} data-testid="entry-save">
            {saving.busy ? t("saving") : t("entrySave")} <kbd className="c-entry__kbd-light">Ctrl+Enter</kbd>
          </button>
        </div>
        {error !== null && <PaperProblem error={error} shownFields={claimed} />}
      </div>
    </div>
  );
}

/** Whether a count takes the singular: Latvian and Russian 1, 21, 31… (not 11); English 1. */
function singular(lang: string, n: number): boolean {
  return lang === "en" ? n === 1 : n % 10 === 1 && n % 100 !== 11;
}

/** "5 (2), 11": the questions, and for a rating table how many of its rows, in the order of the form. */
function describeUntouched(parts: readonly Untouched[], numberOf: (name: string) => string, itemOf: (name: string) => EntryItem | undefined): string {
  const rows = new Map<string, number>();
  const order: string[] = [];
  for (const part of parts) {
    if (!order.includes(part.name)) order.push(part.name);
    if (part.row !== undefined) rows.set(part.name, (rows.get(part.name) ?? 0) + 1);
  }
  return order
    .map((name) => {
      const item = itemOf(name);
      const n = rows.get(name);
      return n !== undefined && item?.kind === "matrix" ? `${numberOf(name)}: ${item.rows.filter((r) => parts.some((p) => p.name === name && p.row === r.value)).map((r) => shortLabel(r.label)).join("; ")}` : numberOf(name);
    })
    .join(", ");
}

/** A row's label without its explanation in brackets, at most about 30 characters. */
function shortLabel(label: string): string {
  const plain = label.replace(/\s*\(.*$/, "");
  return plain.length > 30 ? `${plain.slice(0, 29).trimEnd()}…` : plain;
}
