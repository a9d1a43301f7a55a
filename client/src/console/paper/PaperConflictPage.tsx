/**
 * Settling a paper form whose two entries disagree. Only the questions that differ are shown, the first
 * and the second entry side by side in words (choices with their number and Latvian wording); for each the
 * person picks the first, the second, or types what they read on the paper form themselves. The result is
 * the first entry with those choices applied, and the form becomes final. Where the study wants a third
 * colleague to decide, someone who typed the form is told so instead.
 */
import { useMemo, useState, type JSX } from "react";
import { api, ApiError } from "../api.ts";
import { InstrumentName, useCatalog } from "../catalog.tsx";
import { useT } from "../i18n.tsx";
import { Link, paths } from "../router.tsx";
import { ActionStatus, Loadable, useAction, useResource } from "../ui.tsx";
import {
  buildEntryForm,
  COMMENT_SUFFIX,
  describeAnswer,
  describeRow,
  displayNumber,
  draftFrom,
  itemStates,
  rowCodeKey,
  toPayload,
  type Draft,
  type EntryForm,
  type EntryItem,
  type Json,
  type PaperCode,
} from "./form-model.ts";
import { paperApi, type EntryPayload, type EntrySide, type PaperConflict } from "./paper-api.ts";
import { PaperProblem } from "./PaperProblem.tsx";
import { QuestionRow } from "./Questions.tsx";

export function PaperConflictPage({ studyId, number }: { studyId: string; number: string }): JSX.Element {
  const { t } = useT();
  const conflict = useResource<PaperConflict>(paperApi.conflict(number));
  const notAllowed = conflict.error instanceof ApiError && conflict.error.code === "paper.resolver_not_allowed";
  return (
    <section className="c-page" aria-labelledby="conflict-title">
      <p className="c-crumbs">
        <Link to={paths.study(studyId, "paper")}>{t("tab_paper")}</Link>
      </p>
      <h1 id="conflict-title">
        {t("conflictTitle")} <span className="c-paper-number">{number}</span>
      </h1>
      {notAllowed ? (
        <div className="c-note c-note--warn" role="alert" data-testid="conflict-not-allowed">
          <p>{t("paperErr_resolverNotAllowed")}</p>
        </div>
      ) : conflict.data === undefined && conflict.error ? (
        <PaperProblem error={conflict.error} />
      ) : (
        <Loadable resource={conflict}>{(data) => <ConflictLoader conflict={data} studyId={studyId} />}</Loadable>
      )}
    </section>
  );
}

function ConflictLoader({ conflict, studyId }: { conflict: PaperConflict; studyId: string }): JSX.Element {
  const instrument = useResource<Json>(paperApi.instrument(conflict.instrumentId));
  return <Loadable resource={instrument}>{(json) => <Resolver conflict={conflict} json={json} studyId={studyId} />}</Loadable>;
}

type Pick = "first" | "second" | "typed";

/** The question a difference is about (a difference may name `q`, `q-Comment` or `q.row`). */
function baseName(name: string): string {
  const head = name.split(".")[0] ?? name;
  return head.endsWith(COMMENT_SUFFIX) ? head.slice(0, -COMMENT_SUFFIX.length) : head;
}

function clone<T>(value: T): T {
  return value === undefined ? value : (structuredClone(value) as T);
}

/** Puts one side's value and code for `name` into the answers and codes being built. */
function applySide(target: EntryPayload, form: EntryForm, name: string, side: EntrySide): void {
  const item = form.items.find((i) => i.name === baseName(name));
  const dot = name.indexOf(".");
  if (item?.kind === "matrix" && dot > 0) {
    const row = name.slice(dot + 1);
    // A code on the whole table becomes a code on each row, so that one row can take another value.
    const whole = target.codes[item.name];
    if (whole) {
      const answered = (target.answers[item.name] as Record<string, unknown> | undefined) ?? {};
      for (const r of item.rows) if (answered[r.value] === undefined && !target.codes[rowCodeKey(item.name, r.value)]) target.codes[rowCodeKey(item.name, r.value)] = whole;
      delete target.codes[item.name];
    }
    const table = { ...((target.answers[item.name] as Record<string, unknown> | undefined) ?? {}) };
    if (side.value === undefined || side.value === null) delete table[row];
    else table[row] = clone(side.value);
    if (Object.keys(table).length > 0) target.answers[item.name] = table;
    else delete target.answers[item.name];
    if (side.code) target.codes[rowCodeKey(item.name, row)] = side.code;
    else delete target.codes[rowCodeKey(item.name, row)];
    return;
  }
  if (side.value === undefined || side.value === null) delete target.answers[name];
  else target.answers[name] = clone(side.value);
  if (side.code) target.codes[name] = side.code;
  else delete target.codes[name];
}

/** Replaces everything about one question with what was typed during resolution. */
function applyTyped(target: EntryPayload, form: EntryForm, item: EntryItem, draft: Draft): void {
  delete target.answers[item.name];
  delete target.answers[`${item.name}${COMMENT_SUFFIX}`];
  for (const key of Object.keys(target.codes)) if (key === item.name || key.startsWith(`${item.name}.`)) delete target.codes[key];
  const single: EntryForm = { ...form, items: [item] };
  const typed = toPayload(single, draft);
  Object.assign(target.answers, typed.answers);
  Object.assign(target.codes, typed.codes);
}

function Resolver({ conflict, json, studyId }: { conflict: PaperConflict; json: Json; studyId: string }): JSX.Element {
  const tr = useT();
  const { t } = tr;
  const catalog = useCatalog();
  const form = useMemo(() => buildEntryForm(json, "lv"), [json]);
  const [picks, setPicks] = useState<Record<string, Pick>>({});
  const [typed, setTyped] = useState<Record<string, Draft>>({});
  const saving = useAction();
  const [done, setDone] = useState(false);
  const differences = conflict.differences;
  const open = differences.filter((d) => !picks[d.name]).length;

  const codeText = (code: PaperCode | null) => (code === "unreadable" ? t("entryUnreadable") : code === "blank" ? t("entryBlank") : null);
  const sideText = (name: string, side: EntrySide, whole: EntryPayload) => {
    const item = form.items.find((i) => i.name === baseName(name));
    const coded = codeText(side.code);
    if (coded) return coded;
    if (side.value === undefined || side.value === null) return t("conflictNothing");
    if (item?.kind === "matrix" && name.includes(".")) return describeRow(item, side.value);
    if (name.endsWith(COMMENT_SUFFIX)) return `«${String(side.value)}»`;
    return describeAnswer(item, side.value, item ? whole.answers[`${item.name}${COMMENT_SUFFIX}`] : undefined);
  };

  const resolve = () => {
    const result: EntryPayload = { answers: clone(conflict.first.answers), codes: { ...conflict.first.codes } };
    const typedDone = new Set<string>();
    for (const d of differences) {
      const pick = picks[d.name];
      if (pick === "second") applySide(result, form, d.name, d.second);
      else if (pick === "first") applySide(result, form, d.name, d.first);
      else if (pick === "typed") {
        const item = form.items.find((i) => i.name === baseName(d.name));
        if (item && !typedDone.has(item.name)) {
          applyTyped(result, form, item, typed[d.name] ?? draftFrom(form, conflict.first.answers, conflict.first.codes));
          typedDone.add(item.name);
        }
      }
    }
    void saving.run(() => api<{ state: string }>("POST", paperApi.resolution(conflict.number), result), t("conflictResolved")).then((r) => {
      if (r) setDone(true);
    });
  };

  return (
    <div className="c-stack" data-testid="conflict" data-number={conflict.number}>
      <p className="c-small">
        <InstrumentName id={conflict.instrumentId} short /> · {t(`paperLocale_${conflict.locale}`)} · {conflict.siteId === null ? t("paperNoSiteShort") : catalog.siteName(conflict.siteId)}
      </p>
      <p>{t("conflictIntro", { n: differences.length })}</p>
      <div className="c-conflict" data-entry-root="">
        {differences.map((d, index) => {
          const item = form.items.find((i) => i.name === baseName(d.name));
          // The server's title names the row or the "other" text too ("…: Brīvā laika pasākumi").
          const title = (typeof d.title === "string" ? d.title : (d.title?.lv ?? item?.title ?? d.name)).replace(/([?!.]):\s/, "$1 ");
          const number = item ? displayNumber(form, item.name) : "";
          const pick = picks[d.name];
          const group = `conflict-${index}`;
          const draft = typed[d.name] ?? draftFrom(form, conflict.first.answers, conflict.first.codes);
          const states = item ? itemStates({ ...form, items: [item] }, draft).get(item.name) : undefined;
          return (
            <div key={d.name} className="c-conflict__item" role="group" aria-labelledby={`${group}-title`} data-testid="conflict-difference" data-name={d.name}>
              <h2 className="c-conflict__title" id={`${group}-title`}>
                {number && <span className="c-conflict__num">{number}</span>} <span lang="lv">{title}</span>
              </h2>
              <div className="c-conflict__sides">
                {(["first", "second"] as const).map((side) => (
                  <label key={side} className={pick === side ? "c-conflict__side c-conflict__side--on" : "c-conflict__side"}>
                    <input type="radio" name={group} checked={pick === side} onChange={() => setPicks((p) => ({ ...p, [d.name]: side }))} data-testid={`conflict-pick-${side}`} />
                    <span className="c-conflict__label">{side === "first" ? t("conflictFirst") : t("conflictSecond")}</span>
                    <span className="c-conflict__value" lang="lv">
                      {sideText(d.name, d[side], conflict[side])}
                    </span>
                  </label>
                ))}
                <label className={pick === "typed" ? "c-conflict__side c-conflict__side--on" : "c-conflict__side"}>
                  <input type="radio" name={group} checked={pick === "typed"} onChange={() => setPicks((p) => ({ ...p, [d.name]: "typed" }))} disabled={!item} data-testid="conflict-pick-typed" />
                  <span className="c-conflict__label">{t("conflictTyped")}</span>
                  <span className="c-conflict__value c-muted">{t("conflictTypedHint")}</span>
                </label>
              </div>
              {pick === "typed" && item && (
                <div className="c-conflict__editor c-entry">
                  <QuestionRow
                    item={item}
                    draft={draft}
                    onChange={(change) => setTyped((all) => ({ ...all, [d.name]: change(all[d.name] ?? draftFrom(form, conflict.first.answers, conflict.first.codes)) }))}
                    state={states?.state ?? "untouched"}
                    applies="yes"
                    errors={[]}
                    idPrefix={group}
                  />
                </div>
              )}
            </div>
          );
        })}
      </div>
      {done ? (
        <div className="c-entry-result c-entry-result--final" role="status" data-testid="conflict-done">
          <p>
            <strong>{t("conflictResolved")}</strong>
          </p>
          <p>
            <Link to={paths.study(studyId, "paper")}>{t("conflictBack")}</Link>
          </p>
        </div>
      ) : (
        <div className="c-actions">
          <button type="button" className="c-button c-button--primary" disabled={open > 0 || saving.busy} onClick={resolve} data-testid="conflict-resolve">
            {t("conflictSave")}
          </button>
          {open > 0 && <span className="c-muted c-small">{t("conflictOpen", { n: open })}</span>}
        </div>
      )}
      {saving.state.kind === "error" ? <PaperProblem error={saving.state.error} /> : <ActionStatus state={saving.state.kind === "busy" ? saving.state : { kind: "idle" }} busyText={t("saving")} />}
    </div>
  );
}
