/**
 * The study's codebook on the Coding tab: the tree of codes for everyone who codes or reads the coding, and
 * for researchers and admins an editor over a local copy (saved whole with one PUT), an import of a CSV or
 * REFI-QDA file that replaces the codebook, and the two exports.
 *
 * The server refuses a codebook as a whole and says why in the problem's details: 422 codebook.invalid
 * lists every problem with the code it concerns (and, for a file, its line), 409 codebook.code_in_use lists
 * the codes that would disappear although they have codings. `api()` keeps only `{path, reason}` details,
 * so the codebook's requests read the details themselves and carry them in a `CodebookError`.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type CSSProperties, type JSX } from "react";
import { api, ApiError, problemOf, send, type Study } from "../api.ts";
import { downloadFile } from "../download.ts";
import { useT, type Translator } from "../i18n.tsx";
import type { TextKey } from "../texts.ts";
import { ActionStatus, ErrorBox, Loadable, PanelHead, useAction, useResource } from "../ui.tsx";
import {
  addChild,
  addRoot,
  blankCode,
  canIndent,
  canMoveDown,
  canMoveUp,
  canOutdent,
  deleteBlock,
  deleteCode,
  depths,
  fromView,
  indent,
  isChanged,
  localProblems,
  moveDown,
  moveUp,
  newGuid,
  outdent,
  problemsByRow,
  readCodesInUse,
  readProblems,
  toPutBody,
  updateCode,
  type CodebookProblem,
  type CodeInUse,
  type EditCode,
} from "./codebook-edit.ts";
import { codingApi, type CodeView } from "./coding-api.ts";
import { markColours } from "./highlight.ts";
import { codeColours } from "./workspace-blocks.ts";

type Codebook = { codes: CodeView[] };

/** A refused codebook: the server's problem, with the codebook's own details read in full. */
class CodebookError extends ApiError {
  readonly problems: CodebookProblem[];
  readonly inUse: CodeInUse[];
  constructor(error: ApiError, details: unknown) {
    super(error.status, error.code, error.detail, error.fields, error.retryAfterSeconds);
    this.name = "CodebookError";
    this.problems = error.code === "codebook.invalid" ? readProblems(details) : [];
    this.inUse = error.code === "codebook.code_in_use" ? readCodesInUse(details) : [];
  }
}

/** PUT or import a codebook; the saved codebook, or a CodebookError. */
async function sendCodebook(path: string, init: RequestInit): Promise<Codebook> {
  const response = await send(path, init);
  if (response.ok) return (await response.json()) as Codebook;
  const copy = response.clone();
  const error = await problemOf(response);
  let details: unknown = null;
  try {
    details = ((await copy.json()) as { details?: unknown }).details;
  } catch {
    // Not JSON: the status and code have to do.
  }
  throw new CodebookError(error, details);
}

/**
 * A server problem in the console's language where it is one the editor knows, else as the server said it
 * (without its "line 3: " lead, which the list says itself).
 */
function problemText(problem: CodebookProblem, tr: Translator): string {
  const key = `cdProblem_${problem.code ?? ""}`;
  if (key in KNOWN_PROBLEMS) return tr.t(key as TextKey);
  return problem.line !== null ? problem.reason.replace(/^line \d+:\s*/i, "") : problem.reason;
}

const KNOWN_PROBLEMS: Readonly<Record<string, true>> = {
  "cdProblem_code.name_required": true,
  "cdProblem_code.duplicate_name": true,
  "cdProblem_code.name_whitespace": true,
  "cdProblem_code.name_separator": true,
  "cdProblem_code.name_invalid_character": true,
  "cdProblem_code.description_invalid_character": true,
  "cdProblem_code.invalid_color": true,
};

/**
 * What a refused save or import says besides the error box: the problems no row shows (with their line in
 * an imported file) and the codes that have codings.
 */
function Refusal({ error, rest, title, testId }: { error: CodebookError; rest: readonly CodebookProblem[]; title: TextKey; testId: string }): JSX.Element | null {
  const tr = useT();
  const { t } = tr;
  if (rest.length === 0 && error.inUse.length === 0) return null;
  return (
    <div className="c-cd-refusal" data-testid={testId}>
      {rest.length > 0 && (
        <>
          <p>{t(title)}</p>
          <ul>
            {rest.map((p, i) => (
              <li key={`${p.path}:${i}`} data-testid="cb-problem" data-line={p.line ?? undefined}>
                {p.line !== null ? t("cdProblemLine", { line: p.line, reason: problemText(p, tr) }) : t("cdProblemPath", { path: p.path, reason: problemText(p, tr) })}
              </li>
            ))}
          </ul>
        </>
      )}
      {error.inUse.length > 0 && (
        <>
          <p>{t("cdInUseTitle")}</p>
          <ul>
            {error.inUse.map((c) => (
              <li key={c.codeId} data-testid="cb-in-use" data-code-id={c.codeId}>
                {t("cdInUseItem", { path: c.path, n: c.codings })}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/** The error box of a failed save or import, without the problems listed beside it. */
function RefusalStatus({ error, rest, kind }: { error: unknown; rest?: readonly CodebookProblem[]; kind: "save" | "import" }): JSX.Element {
  const refusal = error instanceof CodebookError ? error : null;
  return (
    <div className="c-status" aria-live="polite" data-testid={`cb-${kind}-status`} data-state="error">
      <ErrorBox error={error} shownFields={refusal ? refusal.problems.map((p) => p.path) : []} />
      {refusal && (
        <Refusal
          error={refusal}
          rest={rest ?? refusal.problems}
          title={kind === "import" ? "cdImportProblems" : "cdProblemsTitle"}
          testId={kind === "import" ? "cb-import-problems" : "cb-save-problems"}
        />
      )}
    </div>
  );
}

// ---- The panel ----------------------------------------------------------------------------------------------

/**
 * `showCounts`: how many codings each code has, which coders who code blind (interviewers) are not shown, as
 * it would tell them how a colleague coded.
 */
export function CodebookPanel({
  study,
  organiser,
  showCounts,
  onChanged,
}: {
  study: Study;
  organiser: boolean;
  showCounts: boolean;
  /** After a save or an import, so the panels that count by code read again. */
  onChanged?: () => void;
}): JSX.Element {
  const { t } = useT();
  const codebook = useResource<Codebook>(codingApi.codebook(study.id));
  const [editing, setEditing] = useState<{ codes: CodeView[]; start: boolean } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const editButton = useRef<HTMLButtonElement>(null);

  const opening = useAction();

  // The editor starts from the codebook as it is now (a colleague may have changed it, a code may have got
  // codings since this page loaded), so what it allows to delete is what the server will accept.
  const open = (start: boolean) => {
    setNotice(null);
    void opening.run(async () => {
      const fresh = await api<Codebook>("GET", codingApi.codebook(study.id));
      codebook.set(() => fresh);
      setEditing({ codes: fresh.codes, start });
    });
  };
  const [refocus, setRefocus] = useState(false);
  const close = (message: string | null) => {
    setEditing(null);
    setNotice(message);
    setRefocus(true);
  };
  // Back where the editor was opened from, for keyboard users, once the tree is drawn again.
  useEffect(() => {
    if (!refocus || editing) return;
    editButton.current?.focus();
    setRefocus(false);
  }, [refocus, editing]);

  return (
    <section className="c-panel" aria-labelledby="cb-title" data-testid="cb-panel">
      <PanelHead id="cb-title" title={t("cdCbTitle")} resource={!editing ? codebook : null} />
      <p className="c-muted">
        {t("cdCbIntro")} {!organiser && t("cdCbReadOnly")}
      </p>
      <div aria-live="polite" data-testid="cb-status">
        {notice && <p className="c-status__done">{notice}</p>}
      </div>
      {editing ? (
        <CodebookEditor
          study={study}
          initial={editing.codes}
          start={editing.start}
          onSaved={(codes) => {
            codebook.set(() => ({ codes }));
            onChanged?.();
            close(t("cdSaved", { n: codes.length }));
          }}
          onCancel={() => close(null)}
        />
      ) : (
        <Loadable resource={codebook}>
          {({ codes }) => (
            <>
              {codes.length === 0 ? (
                <div className="c-empty c-cd-empty" data-testid="cb-empty">
                  <p>{organiser ? t("cdCbEmptyOrganiser") : t("cdCbEmptyOthers")}</p>
                  {organiser && (
                    <p>
                      <button type="button" className="c-button c-button--primary" onClick={() => open(true)} disabled={opening.busy} data-testid="cb-start">
                        {t("cdAddCode")}
                      </button>
                    </p>
                  )}
                </div>
              ) : (
                <CodeTree codes={codes} showCounts={showCounts} />
              )}
              {organiser && opening.state.kind === "error" && <ActionStatus state={opening.state} busyText={t("loading")} testId="cb-open-status" />}
              {organiser && (
                <div className="c-actions">
                  <button type="button" ref={editButton} className="c-button" onClick={() => open(false)} disabled={opening.busy} data-testid="cb-edit">
                    {t("cdEdit")}
                  </button>
                </div>
              )}
              {organiser && (
                <ImportBox
                  study={study}
                  onImported={(imported) => {
                    codebook.set(() => ({ codes: imported }));
                    onChanged?.();
                    setNotice(t("cdImported", { n: imported.length }));
                  }}
                />
              )}
              <ExportBox study={study} empty={codes.length === 0} />
            </>
          )}
        </Loadable>
      )}
    </section>
  );
}

// ---- The tree -----------------------------------------------------------------------------------------------

function Swatch({ own, shown }: { own: string | undefined; shown: string | undefined }): JSX.Element {
  if (own) return <span className="c-cd-swatch" style={{ backgroundColor: own }} aria-hidden="true" />;
  if (!shown) return <span className="c-cd-swatch c-cd-swatch--none" aria-hidden="true" />;
  return <span className="c-cd-swatch c-cd-swatch--derived" style={{ borderColor: shown, backgroundColor: markColours(shown).background }} aria-hidden="true" />;
}

const MAX_INDENT = 8;

function CodeTree({ codes, showCounts }: { codes: CodeView[]; showCounts: boolean }): JSX.Element {
  const { t } = useT();
  // A code without a colour of its own is highlighted in its parent's or a spare one (workspace-blocks.ts):
  // the tree shows that colour too, lighter, so the codebook and the coding screen agree.
  const colours = useMemo(() => codeColours(codes), [codes]);
  return (
    <ul className="c-cd-tree" data-testid="cb-tree">
      {codes.map((c) => (
        <li key={c.id} className="c-cd-node" data-testid="cb-code" data-code-id={c.id} data-depth={c.depth} style={{ "--cd-depth": Math.min(c.depth, MAX_INDENT) } as CSSProperties}>
          <Swatch own={c.color} shown={colours.get(c.id.toLowerCase())} />
          <div className="c-cd-node__body">
            <p className="c-cd-node__line">
              {c.depth > 0 && <span className="c-visually-hidden">{t("cdLevel", { n: c.depth + 1 })} </span>}
              <span className="c-cd-node__name" title={c.path}>
                {c.name}
              </span>
              {!c.isCodable && (
                <span className="c-badge c-cd-group" title={t("cdGroupBadgeHint")} data-testid="cb-group">
                  {t("cdGroupBadge")}
                </span>
              )}
              {showCounts && (
                <span className={c.codings === 0 ? "c-cd-node__count c-zero" : "c-cd-node__count"} data-testid="cb-codings" data-codings={c.codings}>
                  {t("cdCodingsN", { n: c.codings })}
                </span>
              )}
            </p>
            {c.description && <p className="c-cd-node__desc">{c.description}</p>}
          </div>
        </li>
      ))}
    </ul>
  );
}

// ---- The editor ---------------------------------------------------------------------------------------------

/** Where the focus goes after a change: a control of a row (by code id, or the first or last row). */
type Focus = { row: string | { at: "first" | "last" }; testId: string };

function CodebookEditor({
  study,
  initial,
  start,
  onSaved,
  onCancel,
}: {
  study: Study;
  initial: CodeView[];
  start: boolean;
  onSaved: (codes: CodeView[]) => void;
  onCancel: () => void;
}): JSX.Element {
  const tr = useT();
  const { t } = tr;
  const original = useMemo(() => fromView(initial), [initial]);
  const [list, setList] = useState<EditCode[]>(() => (start ? addRoot(original, blankCode(newGuid(), null)) : original));
  const [checked, setChecked] = useState(false);
  const [announce, setAnnounce] = useState("");
  const [focus, setFocus] = useState<Focus | null>({ row: { at: start ? "last" : "first" }, testId: "cb-name" });
  const save = useAction();
  const root = useRef<HTMLDivElement>(null);

  const local = useMemo(() => localProblems(list), [list]);
  const refusal = save.state.kind === "error" && save.state.error instanceof CodebookError ? save.state.error : null;
  // The server's problems name rows of the list as it was sent; rows since deleted fall to the list below.
  const server = useMemo(() => problemsByRow(list, refusal?.problems ?? []), [list, refusal]);
  const depth = useMemo(() => depths(list), [list]);
  const changed = isChanged(original, list);

  // Unsaved changes: the browser asks before the page is left.
  useEffect(() => {
    if (!changed) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [changed]);

  // After a change the list is drawn anew: put the focus back on the control that was used (or the nearest
  // sensible one), so a keyboard user can press "Up" again.
  useEffect(() => {
    if (!focus || !root.current) return;
    const rows = [...root.current.querySelectorAll<HTMLElement>('[data-testid="cb-row"]')];
    const wanted = focus.row;
    const row = typeof wanted === "string" ? rows.find((r) => r.dataset.codeId === wanted) : wanted.at === "first" ? rows[0] : rows.at(-1);
    const target = row?.querySelector<HTMLButtonElement | HTMLInputElement>(`[data-testid="${focus.testId}"]`);
    if (target && !target.disabled) target.focus();
    else if (row) row.querySelector<HTMLInputElement>('[data-testid="cb-name"]')?.focus();
    else root.current.querySelector<HTMLButtonElement>('[data-testid="cb-add-root"]')?.focus();
    setFocus(null);
  }, [focus, list]);

  const nameOf = useCallback((c: EditCode | undefined) => (c && c.name.trim() !== "" ? c.name.trim() : t("cdUnnamed")), [t]);

  const change = (next: EditCode[], message: string, then: Focus | null) => {
    setList(next);
    setAnnounce(message);
    if (then) setFocus(then);
  };

  const act = {
    addRoot: () => {
      const code = blankCode(newGuid(), null);
      change(addRoot(list, code), t("cdAdded"), { row: code.id, testId: "cb-name" });
    },
    addChild: (c: EditCode) => {
      const code = blankCode(newGuid(), c.id);
      change(addChild(list, c.id, code), t("cdAdded"), { row: code.id, testId: "cb-name" });
    },
    up: (c: EditCode) => change(moveUp(list, c.id), t("cdMovedUp", { name: nameOf(c) }), { row: c.id, testId: "cb-up" }),
    down: (c: EditCode) => change(moveDown(list, c.id), t("cdMovedDown", { name: nameOf(c) }), { row: c.id, testId: "cb-down" }),
    indent: (c: EditCode) => {
      const next = indent(list, c.id);
      const parent = next.find((x) => x.id === next.find((y) => y.id === c.id)?.parentId);
      change(next, t("cdIndented", { name: nameOf(c), parent: nameOf(parent) }), { row: c.id, testId: "cb-indent" });
    },
    outdent: (c: EditCode) => change(outdent(list, c.id), t("cdOutdented", { name: nameOf(c) }), { row: c.id, testId: "cb-outdent" }),
    remove: (c: EditCode) => {
      const i = list.findIndex((x) => x.id === c.id);
      const neighbour = list[i - 1] ?? list[i + 1];
      change(deleteCode(list, c.id), t("cdDeleted", { name: nameOf(c) }), neighbour ? { row: neighbour.id, testId: "cb-name" } : { row: { at: "first" }, testId: "cb-name" });
    },
  };

  const submit = () => {
    setChecked(true);
    if (local.length > 0) {
      save.reset();
      setAnnounce(t("cdFixMarked"));
      setFocus({ row: local[0]!.codeId, testId: "cb-name" });
      return;
    }
    void save.run(async () => {
      const saved = await sendCodebook(codingApi.codebook(study.id), {
        method: "PUT",
        headers: { Accept: "application/json", "Content-Type": "application/json" },
        body: JSON.stringify(toPutBody(list)),
      });
      onSaved(saved.codes);
      return saved;
    });
  };

  return (
    <div className="c-cd-editor" ref={root} data-testid="cb-editor">
      <p className="c-note">{t("cdEditorIntro")}</p>
      <p className="c-visually-hidden" aria-live="polite">
        {announce}
      </p>
      {list.length === 0 ? (
        <p className="c-empty">{t("cdEditorEmpty")}</p>
      ) : (
        <ul className="c-cd-edits">
          {list.map((c) => {
            const mine = local.filter((p) => p.codeId === c.id);
            const messages = [
              ...(checked ? mine.map((p) => t(p.kind === "name-required" ? "cdNameRequired" : "cdNameDuplicate")) : []),
              ...(server.byId.get(c.id) ?? []).map((p) => problemText(p, tr)),
            ];
            return (
              <EditorRow
                key={c.id}
                code={c}
                depth={depth.get(c.id) ?? 0}
                messages={messages}
                block={deleteBlock(list, c.id)}
                can={{ up: canMoveUp(list, c.id), down: canMoveDown(list, c.id), indent: canIndent(list, c.id), outdent: canOutdent(list, c.id) }}
                name={nameOf(c)}
                onChange={(patch) => setList((old) => updateCode(old, c.id, patch))}
                act={act}
              />
            );
          })}
        </ul>
      )}
      <div className="c-actions">
        <button type="button" className="c-button" onClick={act.addRoot} data-testid="cb-add-root">
          + {t("cdAddCode")}
        </button>
      </div>
      <div className="c-actions c-cd-editor__save">
        <button type="button" className="c-button c-button--primary" onClick={submit} disabled={save.busy} data-testid="cb-save">
          {t("cdSave")}
        </button>
        <button type="button" className="c-button" onClick={onCancel} disabled={save.busy} data-testid="cb-cancel">
          {t("cancel")}
        </button>
      </div>
      {checked && local.length > 0 && (
        <p className="c-field__error" role="alert" data-testid="cb-local-problems">
          {t("cdFixMarked")}
        </p>
      )}
      {save.state.kind === "error" ? <RefusalStatus error={save.state.error} rest={server.rest} kind="save" /> : <ActionStatus state={save.state} busyText={t("saving")} testId="cb-save-status" />}
    </div>
  );
}

function EditorRow({
  code: c,
  depth,
  messages,
  block,
  can,
  name,
  onChange,
  act,
}: {
  code: EditCode;
  depth: number;
  messages: string[];
  block: ReturnType<typeof deleteBlock>;
  can: { up: boolean; down: boolean; indent: boolean; outdent: boolean };
  name: string;
  onChange: (patch: Partial<Pick<EditCode, "name" | "description" | "color" | "isCodable">>) => void;
  act: {
    addChild: (c: EditCode) => void;
    up: (c: EditCode) => void;
    down: (c: EditCode) => void;
    indent: (c: EditCode) => void;
    outdent: (c: EditCode) => void;
    remove: (c: EditCode) => void;
  };
}): JSX.Element {
  const { t } = useT();
  const id = `cb-${c.id}`;
  const errorId = `${id}-error`;
  const whyId = `${id}-why`;
  const label = (action: string) => t("cdActionFor", { action, name });
  const tool = (testId: string, text: string, onClick: () => void, enabled: boolean, long?: string, icon?: string) => (
    <button type="button" className="c-button c-button--quiet" onClick={onClick} disabled={!enabled} aria-label={label(long ?? text)} title={long} data-testid={testId}>
      {icon && <span aria-hidden="true">{icon} </span>}
      {text}
    </button>
  );
  return (
    <li className="c-cd-edit" data-testid="cb-row" data-code-id={c.id} data-depth={depth} style={{ "--cd-depth": Math.min(depth, MAX_INDENT) } as CSSProperties}>
      <div className="c-cd-edit__fields">
        <div className="c-field c-cd-edit__name">
          <label htmlFor={`${id}-name`}>
            {depth > 0 && <span className="c-visually-hidden">{t("cdLevel", { n: depth + 1 })} </span>}
            {t("cdName")}
          </label>
          <input
            id={`${id}-name`}
            type="text"
            value={c.name}
            maxLength={500}
            aria-invalid={messages.length > 0}
            aria-describedby={messages.length > 0 ? errorId : undefined}
            onChange={(e) => onChange({ name: e.target.value })}
            data-testid="cb-name"
          />
        </div>
        <div className="c-field c-cd-edit__color">
          <label htmlFor={`${id}-color`}>{t("cdColor")}</label>
          <span className="c-cd-edit__colorrow">
            <input
              id={`${id}-color`}
              type="color"
              value={(c.color ?? "#ffffff").toLowerCase()}
              onChange={(e) => onChange({ color: e.target.value })}
              aria-describedby={c.color ? undefined : `${id}-nocolor`}
              data-testid="cb-color"
            />
            {c.color ? (
              <button type="button" className="c-button c-button--quiet" onClick={() => onChange({ color: null })} aria-label={label(t("cdClearColor"))} data-testid="cb-color-clear">
                {t("cdClearColor")}
              </button>
            ) : (
              <span className="c-muted c-small" id={`${id}-nocolor`}>
                {t("cdNoColor")}
              </span>
            )}
          </span>
        </div>
        <label className="c-check c-cd-edit__codable">
          <input type="checkbox" checked={c.isCodable} onChange={(e) => onChange({ isCodable: e.target.checked })} data-testid="cb-codable" />
          <span>{t("cdCodable")}</span>
        </label>
      </div>
      <div className="c-field">
        <label htmlFor={`${id}-description`}>{t("cdDescription")}</label>
        <textarea
          id={`${id}-description`}
          className="c-textarea c-cd-edit__description"
          rows={2}
          value={c.description}
          onChange={(e) => onChange({ description: e.target.value })}
          data-testid="cb-description"
        />
      </div>
      {messages.length > 0 && (
        <p className="c-field__error" id={errorId} data-testid="cb-row-error">
          {messages.join(" ")}
        </p>
      )}
      <div className="c-buttons c-cd-edit__tools" role="group" aria-label={t("cdToolsFor", { name })}>
        {tool("cb-add-child", t("cdAddChild"), () => act.addChild(c), true, t("cdAddChildLong"), "+")}
        {tool("cb-up", t("cdUp"), () => act.up(c), can.up, undefined, "↑")}
        {tool("cb-down", t("cdDown"), () => act.down(c), can.down, undefined, "↓")}
        {tool("cb-indent", t("cdIndent"), () => act.indent(c), can.indent, t("cdIndentLong"), "→")}
        {tool("cb-outdent", t("cdOutdent"), () => act.outdent(c), can.outdent, undefined, "←")}
        <button
          type="button"
          className="c-button c-button--quiet c-button--danger"
          onClick={() => act.remove(c)}
          disabled={block !== null}
          aria-label={label(t("cdDelete"))}
          aria-describedby={block ? whyId : undefined}
          data-testid="cb-delete"
        >
          {t("cdDelete")}
        </button>
      </div>
      {block && (
        <p className="c-field__hint" id={whyId} data-testid="cb-delete-why">
          {block === "has-codings" ? t("cdDeleteHasCodings", { n: c.codings }) : t("cdDeleteHasChildren")}
        </p>
      )}
    </li>
  );
}

// ---- Import and export --------------------------------------------------------------------------------------

function ImportBox({ study, onImported }: { study: Study; onImported: (codes: CodeView[]) => void }): JSX.Element {
  const { t } = useT();
  const [file, setFile] = useState<File | null>(null);
  // A new key empties the file input after an import or a cancel, so the same file can be chosen again.
  const [inputKey, setInputKey] = useState(0);
  const action = useAction();
  const input = useRef<HTMLInputElement>(null);

  const reset = () => {
    setFile(null);
    setInputKey((k) => k + 1);
  };
  const confirm = () => {
    if (!file) return;
    const form = new FormData();
    form.append("file", file, file.name);
    void action.run(async () => {
      const saved = await sendCodebook(codingApi.codebookImport(study.id), { method: "POST", headers: { Accept: "application/json" }, body: form });
      reset();
      onImported(saved.codes);
      return saved;
    });
  };

  return (
    <div className="c-cd-box" data-testid="cb-import">
      <h3>{t("cdImportTitle")}</h3>
      <div className="c-field">
        <label htmlFor="cb-import-file">{t("cdImportLabel")}</label>
        <input
          key={inputKey}
          ref={input}
          id="cb-import-file"
          type="file"
          accept=".csv,.qdc,text/csv,application/xml"
          aria-describedby="cb-import-hint"
          disabled={action.busy}
          onChange={(e) => {
            action.reset();
            setFile(e.target.files?.[0] ?? null);
          }}
          data-testid="cb-import-file"
        />
        <p className="c-field__hint" id="cb-import-hint">
          {t("cdImportHint")}
        </p>
      </div>
      {file && (
        <div className="c-note c-note--warn c-cd-confirm" role="group" aria-labelledby="cb-import-question">
          <p id="cb-import-question">{t("cdImportConfirmText", { name: file.name })}</p>
          <div className="c-actions">
            <button type="button" className="c-button c-button--primary" onClick={confirm} disabled={action.busy} data-testid="cb-import-confirm">
              {t("cdImportConfirm")}
            </button>
            <button
              type="button"
              className="c-button"
              disabled={action.busy}
              onClick={() => {
                reset();
                window.setTimeout(() => input.current?.focus(), 0);
              }}
              data-testid="cb-import-cancel"
            >
              {t("cancel")}
            </button>
          </div>
        </div>
      )}
      {action.state.kind === "error" ? (
        <RefusalStatus error={action.state.error} kind="import" />
      ) : (
        <ActionStatus state={action.state} busyText={t("cdImporting")} testId="cb-import-status" />
      )}
    </div>
  );
}

function ExportBox({ study, empty }: { study: Study; empty: boolean }): JSX.Element {
  const tr = useT();
  const { t } = tr;
  const [received, setReceived] = useState<number | null>(null);
  const action = useAction();
  const download = (path: string, fallback: string) => {
    setReceived(null);
    void action.run(
      () => downloadFile(path, fallback, setReceived),
      (file) => t("downloaded", { name: file.name, size: tr.size(file.size) }),
    );
  };
  return (
    <div className="c-cd-box" data-testid="cb-export">
      <h3>{t("cdExportTitle")}</h3>
      <div className="c-buttons">
        <button type="button" className="c-button" disabled={action.busy} onClick={() => download(codingApi.codebookCsv(study.id), "codebook.csv")} data-testid="cb-export-csv">
          {t("cdExportCsv")}
        </button>
        <button type="button" className="c-button" disabled={action.busy || empty} onClick={() => download(codingApi.codebookQdc(study.id), "codebook.qdc")} data-testid="cb-export-qdc">
          {t("cdExportQdc")}
        </button>
      </div>
      <ActionStatus state={action.state} busyText={received === null ? t("downloadPreparing") : t("downloading", { size: tr.size(received) })} testId="cb-export-status" />
    </div>
  );
}
