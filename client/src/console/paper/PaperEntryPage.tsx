/**
 * The data-entry screen for returned paper forms, made for a pile of forms and a keyboard: type (or scan)
 * the number printed at the top of the form, press Enter, type the answers, press Ctrl+Enter, and the
 * number field is ready for the next form, with what happened to the last one said above it. The number is
 * formatted as it is typed and its check character tested at once, so a misread character never opens
 * another form. The forms typed in this sitting are listed (numbers only) so the typist can see where
 * they are in the pile.
 */
import { useEffect, useMemo, useRef, useState, type FormEvent, type JSX } from "react";
import { api, ApiError, type User } from "../api.ts";
import { useCatalog } from "../catalog.tsx";
import { useT } from "../i18n.tsx";
import { Link, paths } from "../router.tsx";
import type { TextKey } from "../texts.ts";
import { Loadable, useResource } from "../ui.tsx";
import { EntryForm } from "./EntryForm.tsx";
import { caretAfterFormat, checkFormNumber, foreignCharacters, formatTyped } from "./form-number.ts";
import { buildEntryForm, type Json } from "./form-model.ts";
import { differenceCount, paperApi, type EntryResult, type PaperFormInfo, type PaperStudy } from "./paper-api.ts";
import { PaperProblem } from "./PaperProblem.tsx";
import { QrScanButton } from "./QrScan.tsx";

type Stage = { kind: "number" } | { kind: "form"; info: PaperFormInfo; json: Json };

interface Logged {
  number: string;
  result: EntryResult;
}

export function PaperEntryPage({ studyId, user }: { studyId: string; user: User }): JSX.Element {
  const { t } = useT();
  const study = useResource<PaperStudy>(`/api/studies/${encodeURIComponent(studyId)}`);
  return (
    <section className="c-page c-entry-page" aria-labelledby="entry-title">
      <p className="c-crumbs">
        <Link to={paths.study(studyId, "paper")}>{study.data ? study.data.name : t("navStudies")}</Link>
      </p>
      <h1 id="entry-title">{t("entryTitle")}</h1>
      <Loadable resource={study}>{(loaded) => <Workbench study={loaded} user={user} />}</Loadable>
    </section>
  );
}

const REASONS: Readonly<Record<string, TextKey>> = {
  final: "entryReason_final",
  "entered-by-you": "entryReason_enteredByYou",
  conflict: "entryReason_conflict",
  "study-closed": "entryReason_studyClosed",
  "no-paper-channel": "entryReason_noPaperChannel",
};

function Workbench({ study, user }: { study: PaperStudy; user: User }): JSX.Element {
  const catalog = useCatalog();
  const [stage, setStage] = useState<Stage>({ kind: "number" });
  const [log, setLog] = useState<Logged[]>([]);
  const [wording, setWording] = useState<"lv" | "form">("lv");
  const instruments = useRef(new Map<string, Json>());
  const organiser = user.role === "admin" || user.role === "researcher";

  const open = async (info: PaperFormInfo): Promise<void> => {
    let json = instruments.current.get(info.instrumentId);
    if (!json) {
      json = await api<Json>("GET", paperApi.instrument(info.instrumentId));
      instruments.current.set(info.instrumentId, json);
    }
    setStage({ kind: "form", info, json });
  };

  const form = useMemo(() => (stage.kind === "form" ? buildEntryForm(stage.json, wording === "lv" ? "lv" : stage.info.locale) : null), [stage, wording]);

  if (stage.kind === "form" && form) {
    return (
      <EntryForm
        key={stage.info.number}
        info={stage.info}
        form={form}
        studyId={study.id}
        currentVersion={catalog.instrument(stage.info.instrumentId)?.version}
        wording={wording}
        onWording={setWording}
        onCancel={() => setStage({ kind: "number" })}
        onSaved={(result) => {
          setLog((old) => [{ number: stage.info.number, result }, ...old]);
          setStage({ kind: "number" });
        }}
      />
    );
  }
  return <NumberStep study={study} organiser={organiser} last={log[0] ?? null} log={log} onOpen={open} />;
}

function resultText(result: EntryResult, t: ReturnType<typeof useT>["t"], double: boolean): string {
  switch (result.state) {
    case "single-entered":
      return t("entryResult_single");
    case "final":
      return double ? t("entryResult_final") : t("entryResult_finalSingle");
    case "conflict":
      return t("entryResult_conflict", { n: differenceCount(result) });
    default:
      return result.state;
  }
}

function NumberStep({
  study,
  organiser,
  last,
  log,
  onOpen,
}: {
  study: PaperStudy;
  organiser: boolean;
  last: Logged | null;
  log: readonly Logged[];
  onOpen: (info: PaperFormInfo) => Promise<void>;
}): JSX.Element {
  const tr = useT();
  const { t } = tr;
  const [typed, setTyped] = useState("");
  const [local, setLocal] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [refused, setRefused] = useState<PaperFormInfo | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const caret = useRef<number | null>(null);

  useEffect(() => {
    input.current?.focus();
  }, []);

  useEffect(() => {
    if (caret.current !== null && input.current) {
      input.current.setSelectionRange(caret.current, caret.current);
      caret.current = null;
    }
  }, [typed]);

  const foreign = foreignCharacters(typed);

  const lookup = async (text: string) => {
    setError(null);
    setRefused(null);
    const check = checkFormNumber(text);
    if (!check.ok) {
      setLocal(check.reason === "check" ? t("entryNumberCheck") : check.reason === "characters" ? t("entryNumberCharacters", { chars: foreign.join(", ") }) : t("entryNumberShort"));
      return;
    }
    setLocal(null);
    setBusy(true);
    try {
      const info = await api<PaperFormInfo>("GET", paperApi.form(check.number));
      if (!info.canEnter) {
        setRefused(info);
        input.current?.select();
        return;
      }
      await onOpen(info);
    } catch (failure) {
      setError(failure);
      input.current?.select();
    } finally {
      setBusy(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void lookup(typed);
  };

  const check = checkFormNumber(typed);
  const hint = check.ok ? t("entryNumberOk") : check.reason === "check" ? t("entryNumberCheck") : foreign.length > 0 ? t("entryNumberCharacters", { chars: foreign.join(", ") }) : t("entryNumberHint");

  return (
    <div className="c-stack">
      {last && (
        <div className={`c-entry-result c-entry-result--${last.result.state}`} role="status" data-testid="entry-result" data-state={last.result.state} data-number={last.number}>
          <p>
            <span className="c-paper-number">{last.number}</span>: <strong>{resultText(last.result, t, study.paperDoubleEntry !== false)}</strong>
          </p>
          {last.result.state === "conflict" && organiser && (
            <p className="c-small">
              <Link to={paths.paperConflict(study.id, last.number)}>{t("entryOpenConflict")}</Link>
            </p>
          )}
        </div>
      )}
      <section className="c-panel" aria-labelledby="entry-number-title">
        <h2 id="entry-number-title">{t("entryNumberTitle")}</h2>
        <form className="c-entry-number" onSubmit={submit} noValidate>
          <div className="c-field">
            <label htmlFor="entry-number">{t("entryNumberLabel")}</label>
            <div className="c-entry-number__row">
              <input
                ref={input}
                id="entry-number"
                type="text"
                className="c-entry-number__input"
                autoComplete="off"
                autoCapitalize="characters"
                spellCheck={false}
                placeholder="XXXX-XXXX-X"
                maxLength={14}
                value={typed}
                aria-describedby="entry-number-hint"
                aria-invalid={local !== null || (!check.ok && check.reason === "check") || foreign.length > 0}
                onChange={(e) => {
                  const raw = e.target.value;
                  const formatted = formatTyped(raw);
                  caret.current = caretAfterFormat(raw, e.target.selectionStart ?? raw.length);
                  setTyped(formatted);
                  setLocal(null);
                  setRefused(null);
                  setError(null);
                }}
                data-testid="entry-number"
              />
              <button type="submit" className="c-button c-button--primary" disabled={busy} data-testid="entry-open">
                {busy ? t("loading") : t("entryOpen")}
              </button>
              <QrScanButton
                onNumber={(number) => {
                  setTyped(number);
                  void lookup(number);
                }}
              />
            </div>
            <p id="entry-number-hint" className={check.ok ? "c-field__hint c-entry-number__ok" : "c-field__hint"} data-testid="entry-number-hint">
              {hint}
            </p>
            {local && (
              <p className="c-field__error" data-testid="entry-number-error">
                {local}
              </p>
            )}
          </div>
        </form>
        {refused && (
          <div className="c-note c-note--warn" role="alert" data-testid="entry-refused" data-reason={refused.reason ?? ""}>
            <p>
              <span className="c-paper-number">{refused.number}</span>: {refused.reason && REASONS[refused.reason] ? t(REASONS[refused.reason]!) : t("entryReason_other", { reason: refused.reason ?? "—" })}
            </p>
            {refused.reason === "conflict" && organiser && (
              <p>
                <Link to={paths.paperConflict(refused.studyId, refused.number)}>{t("entryOpenConflict")}</Link>
              </p>
            )}
          </div>
        )}
        {error !== null && <PaperProblem error={error} testId="entry-number-problem" />}
        {error instanceof ApiError && error.code === "paper.invalid_number" && <p className="c-small c-muted">{t("entryNumberAlphabet")}</p>}
      </section>
      {study.closed && <p className="c-note c-note--warn">{t("paperStudyClosed")}</p>}
      {log.length > 0 && (
        <section className="c-panel" aria-labelledby="entry-log-title">
          <h2 id="entry-log-title">{t("entryLogTitle", { n: log.length })}</h2>
          <ol className="c-plain c-entry-log" data-testid="entry-log">
            {log.map((entry, i) => (
              <li key={`${entry.number}-${i}`}>
                <span className="c-paper-number">{entry.number}</span> <span className={`c-paper-chip c-paper-chip--${entry.result.state}`}>{resultText(entry.result, t, study.paperDoubleEntry !== false)}</span>
              </li>
            ))}
          </ol>
        </section>
      )}
    </div>
  );
}
