/**
 * Small building blocks every console screen uses, so feedback looks and reads the same everywhere:
 * an error box with the server's own detail and what to do about it, busy/done/error status for each
 * action, field messages beside inputs, data loading that keeps what is shown while it refreshes, a copy
 * button that works without the Clipboard API, a QR image and an inline "are you sure?" button.
 */
import { useCallback, useEffect, useRef, useState, type JSX, type ReactNode } from "react";
import { renderSVG } from "uqr";
import { api, ApiError, fieldReasons } from "./api.ts";
import { useT } from "./i18n.tsx";
import { Link } from "./router.tsx";
import type { TextKey } from "./texts.ts";

// ---- What to do about an error ----------------------------------------------------------------------

const ADVICE_BY_CODE: Readonly<Record<string, TextKey>> = {
  network: "advice_network",
  "request.invalid": "advice_invalid",
  "auth.invalid_credentials": "advice_invalidCredentials",
  "auth.too_many_attempts": "advice_tooMany",
  "auth.account_disabled": "advice_accountDisabled",
  "auth.forbidden": "advice_forbidden",
  "study.in_use": "advice_studyInUse",
  "study.closed": "advice_studyClosed",
  "user.self": "advice_userSelf",
  "client.not_built": "advice_notBuilt",
};

export function adviceFor(error: ApiError): TextKey {
  const known = ADVICE_BY_CODE[error.code];
  if (known) return known;
  if (error.status === 0) return "advice_network";
  if (error.status === 403) return "advice_forbidden";
  if (error.status === 404 || error.status === 410) return "advice_notFound";
  if (error.status === 409) return "advice_conflict";
  if (error.status === 400 || error.status === 422) return "advice_invalid";
  if (error.status === 429) return "advice_tooMany";
  if (error.status >= 500) return "advice_server";
  return "advice_generic";
}

export interface ErrorBoxProps {
  error: unknown;
  /** Field paths shown beside their inputs; other field problems are listed in the box. */
  shownFields?: readonly string[];
  onRetry?: () => void;
  testId?: string;
}

/** The server's problem detail, what to do, and any field problems no input shows. */
export function ErrorBox({ error, shownFields = [], onRetry, testId = "error" }: ErrorBoxProps): JSX.Element {
  const { t } = useT();
  const apiError = error instanceof ApiError ? error : new ApiError(0, "client", error instanceof Error ? error.message : String(error));
  const unclaimed = apiError.fields.filter((f) => !shownFields.some((s) => f.path === s || f.path.startsWith(`${s}.`)));
  return (
    <div className="c-error" role="alert" data-testid={testId} data-code={apiError.code}>
      <p className="c-error__title">
        {t("errorTitle")} <span className="c-error__code">({t("errorCode", { code: apiError.code })})</span>
      </p>
      {apiError.detail && (
        <p className="c-error__detail">
          {t("serverSaid")} <span lang="en">{apiError.detail}</span>
        </p>
      )}
      {unclaimed.length > 0 && (
        <ul className="c-error__fields">
          {unclaimed.map((f) => (
            <li key={`${f.path}:${f.reason}`}>{t("fieldProblem", { field: f.path || "—", reason: f.reason })}</li>
          ))}
        </ul>
      )}
      <p className="c-error__advice">{t(adviceFor(apiError))}</p>
      {onRetry && (
        <button type="button" className="c-button" onClick={onRetry}>
          {t("retry")}
        </button>
      )}
    </div>
  );
}

/** The messages for one input: our own check first, then the server's reasons. */
export function FieldMessage({ id, error, field, local }: { id: string; error: unknown; field: string; local?: string | null }): JSX.Element | null {
  const reasons = [...(local ? [local] : []), ...fieldReasons(error, field)];
  if (reasons.length === 0) return null;
  return (
    <p className="c-field__error" id={id} data-testid={`field-error-${field}`}>
      {reasons.join("; ")}
    </p>
  );
}

// ---- Actions: busy, done, failed ----------------------------------------------------------------------

export type ActionState = { kind: "idle" } | { kind: "busy" } | { kind: "done"; message?: string } | { kind: "error"; error: unknown };

/**
 * Runs one user action at a time and remembers how it went. `run` resolves to the action's value, or
 * undefined when it failed (the failure is in `state`); `doneMessage` (or a function of the value) is
 * what the status then says.
 */
export function useAction(): {
  state: ActionState;
  busy: boolean;
  run: <T>(work: () => Promise<T>, doneMessage?: string | ((value: T) => string)) => Promise<T | undefined>;
  reset: () => void;
  fail: (error: unknown) => void;
} {
  const [state, setState] = useState<ActionState>({ kind: "idle" });
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);
  const run = useCallback(async <T,>(work: () => Promise<T>, doneMessage?: string | ((value: T) => string)): Promise<T | undefined> => {
    setState({ kind: "busy" });
    try {
      const value = await work();
      const message = typeof doneMessage === "function" ? doneMessage(value) : doneMessage;
      if (alive.current) setState(message === undefined ? { kind: "done" } : { kind: "done", message });
      return value;
    } catch (error) {
      if (alive.current) setState({ kind: "error", error });
      return undefined;
    }
  }, []);
  const reset = useCallback(() => setState({ kind: "idle" }), []);
  const fail = useCallback((error: unknown) => setState({ kind: "error", error }), []);
  return { state, busy: state.kind === "busy", run, reset, fail };
}

/** "Saving…", "Saved." or the error box, in a live region so screen readers hear it too. */
export function ActionStatus({
  state,
  busyText,
  shownFields,
  testId = "status",
}: {
  state: ActionState;
  busyText: string;
  shownFields?: readonly string[];
  testId?: string;
}): JSX.Element {
  return (
    <div className="c-status" aria-live="polite" data-testid={testId} data-state={state.kind}>
      {state.kind === "busy" && <p className="c-status__busy">{busyText}</p>}
      {state.kind === "done" && state.message && <p className="c-status__done">{state.message}</p>}
      {state.kind === "error" && <ErrorBox error={state.error} shownFields={shownFields} />}
    </div>
  );
}

// ---- Loading data --------------------------------------------------------------------------------------

export interface Resource<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => Promise<void>;
  /** Replaces the data after a change this screen made itself. */
  set: (update: (old: T | undefined) => T) => void;
}

/**
 * GETs a path and keeps the result. A reload keeps showing the old data until the new data arrives, so
 * nothing flickers; a failed reload keeps the old data and sets `error`.
 */
export function useResource<T>(path: string | null): Resource<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(path !== null);
  const current = useRef(path);
  current.current = path;

  const load = useCallback(async () => {
    const requested = current.current;
    if (requested === null) return;
    setLoading(true);
    try {
      const value = await api<T>("GET", requested);
      if (current.current !== requested) return;
      setData(value);
      setError(null);
    } catch (failure) {
      if (current.current === requested) setError(failure);
    } finally {
      if (current.current === requested) setLoading(false);
    }
  }, []);

  useEffect(() => {
    setData(undefined);
    setError(null);
    void load();
  }, [path, load]);

  const set = useCallback((update: (old: T | undefined) => T) => setData((old) => update(old)), []);
  return { data, error, loading, reload: load, set };
}

/**
 * Calls `tick` every `ms` while the page is visible, and once at once when it becomes visible again, so a
 * console left open in a background tab does not keep the server busy.
 */
export function useVisibleInterval(tick: () => void, ms: number): void {
  const saved = useRef(tick);
  saved.current = tick;
  useEffect(() => {
    const timer = window.setInterval(() => {
      if (document.visibilityState === "visible") saved.current();
    }, ms);
    const onVisible = () => {
      if (document.visibilityState === "visible") saved.current();
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [ms]);
}

/** What to show while a resource loads for the first time or failed before any data came. */
export function Loadable<T>({ resource, children }: { resource: Resource<T>; children: (data: T) => ReactNode }): JSX.Element {
  const { t } = useT();
  if (resource.data !== undefined) return <>{children(resource.data)}</>;
  if (resource.error) return <ErrorBox error={resource.error} onRetry={() => void resource.reload()} />;
  return <p className="c-loading">{t("loading")}</p>;
}

/** A panel's heading, with a "refresh" button when it shows something loaded from the server. */
export function PanelHead({ id, title, resource }: { id: string; title: string; resource?: Pick<Resource<unknown>, "reload" | "loading"> | null | undefined }): JSX.Element {
  const { t } = useT();
  return (
    <div className="c-panel__head">
      <h2 id={id}>{title}</h2>
      {resource && (
        <button type="button" className="c-button c-button--quiet" onClick={() => void resource.reload()} disabled={resource.loading}>
          {resource.loading ? t("loading") : t("refresh")}
        </button>
      )}
    </div>
  );
}

/**
 * A panel listing what the server holds (tablets, links, print runs): its title, a refresh button, a
 * message when the list is empty, else a table with these column headings and an unlabelled actions column.
 */
export function ListPanel<T>({
  id,
  title,
  resource,
  empty,
  testId,
  columns,
  children,
}: {
  id: string;
  title: string;
  resource: Resource<T[]>;
  empty: string;
  testId: string;
  columns: readonly string[];
  children: (list: T[]) => ReactNode;
}): JSX.Element {
  const { t } = useT();
  return (
    <section className="c-panel" aria-labelledby={id}>
      <PanelHead id={id} title={title} resource={resource} />
      <Loadable resource={resource}>
        {(list) =>
          list.length === 0 ? (
            <p className="c-empty">{empty}</p>
          ) : (
            <div className="c-tablewrap">
              <table className="c-table" data-testid={testId}>
                <thead>
                  <tr>
                    {columns.map((column) => (
                      <th key={column} scope="col">
                        {column}
                      </th>
                    ))}
                    <th scope="col">
                      <span className="c-visually-hidden">{t("colActions")}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>{children(list)}</tbody>
              </table>
            </div>
          )
        }
      </Loadable>
    </section>
  );
}

/**
 * What a study tab says when the study does not collect through its channel: organisers get a link to the
 * study's settings, others are told whom to ask.
 */
export function ChannelMissing({
  id,
  title,
  text,
  askText,
  editPath,
  organiser,
  testId,
}: {
  id: string;
  title: string;
  text: string;
  askText: string;
  editPath: string;
  organiser: boolean;
  testId: string;
}): JSX.Element {
  const { t } = useT();
  return (
    <section className="c-panel" aria-labelledby={id} data-testid={`${testId}-no-channel`}>
      <h2 id={id}>{title}</h2>
      <p className="c-note c-note--warn">{text}</p>
      {organiser ? (
        <p>
          <Link to={editPath} className="c-button" data-testid={`${testId}-edit-study`}>
            {t("paperEditStudy")}
          </Link>
        </p>
      ) : (
        <p className="c-muted">{askText}</p>
      )}
    </section>
  );
}

// ---- Copy, QR, confirm ---------------------------------------------------------------------------------

/** Copies with the Clipboard API where the page may use it (https, localhost), else the old way. */
export async function copyText(text: string): Promise<void> {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return;
    } catch {
      // Permission refused: try the old way below.
    }
  }
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.appendChild(area);
  area.select();
  const ok = document.execCommand("copy");
  area.remove();
  if (!ok) throw new Error("copy refused");
}

export function CopyButton({ text, testId }: { text: string; testId?: string }): JSX.Element {
  const { t } = useT();
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  return (
    <span className="c-copy">
      <button
        type="button"
        className="c-button"
        data-testid={testId}
        onClick={() => {
          copyText(text).then(
            () => setState("copied"),
            () => setState("failed"),
          );
        }}
      >
        {t("copy")}
      </button>
      <span aria-live="polite" className={state === "failed" ? "c-copy__failed" : "c-copy__ok"}>
        {state === "copied" ? t("copied") : state === "failed" ? t("copyFailed") : ""}
      </span>
    </span>
  );
}

/** The QR code of `text` as an SVG image (a data: URL, which the page's CSP allows). */
export function QrImage({ text, size = 200, testId }: { text: string; size?: number; testId?: string }): JSX.Element {
  const { t } = useT();
  const src = `data:image/svg+xml;utf8,${encodeURIComponent(renderSVG(text, { ecc: "M", border: 2 }))}`;
  return <img className="c-qr" src={src} width={size} height={size} alt={t("qrAlt", { text })} data-testid={testId} />;
}

/**
 * A button that asks "are you sure?" in place before doing something that cannot be undone.
 */
export function ConfirmButton({
  label,
  question,
  onConfirm,
  disabled,
  danger = true,
  testId,
}: {
  label: string;
  question: string;
  onConfirm: () => void;
  disabled?: boolean;
  danger?: boolean;
  testId?: string;
}): JSX.Element {
  const { t } = useT();
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" className={danger ? "c-button c-button--danger" : "c-button"} disabled={disabled} data-testid={testId} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <span className="c-confirm" role="group" aria-label={question}>
      <span className="c-confirm__question">{question}</span>
      <button
        type="button"
        className={danger ? "c-button c-button--danger" : "c-button c-button--primary"}
        data-testid={testId ? `${testId}-yes` : undefined}
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {t("yes")}
      </button>
      <button type="button" className="c-button" onClick={() => setAsking(false)}>
        {t("cancel")}
      </button>
    </span>
  );
}

// ---- A message carried to the next screen ---------------------------------------------------------------

let flash: string | null = null;

/** Leaves a "saved" message for the screen the app navigates to next. */
export function setFlash(message: string): void {
  flash = message;
}

/** The message left by the previous screen, once. */
export function useFlash(): string | null {
  const [message] = useState(() => {
    const value = flash;
    flash = null;
    return value;
  });
  return message;
}
