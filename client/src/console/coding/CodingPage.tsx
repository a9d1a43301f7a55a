/**
 * One interview's coding workspace: the notes of each guide question and the transcript segments, as the
 * server stores them, with the coder's codings highlighted. Selecting text inside one block offers the
 * study's codable codes; choosing one codes that span. Offsets are counted over the block's stored text in
 * UTF-16 code units (workspace-selection.ts), which is what the server checks the span against, so the text
 * is shown exactly as stored (no trimming; white space kept by CSS).
 *
 * Double coding is blind: interviewers see only their own codings; researchers and admins may switch to
 * everyone's, each shown with its coder's number. A coding whose excerpt no longer matches the text (the note
 * was edited after coding) stays listed, marked, and is not highlighted.
 */
import { Fragment, memo, useCallback, useEffect, useMemo, useRef, useState, type JSX, type KeyboardEvent, type MouseEvent, type ReactNode, type RefObject } from "react";
import { api, type Study, type User } from "../api.ts";
import { InstrumentName, useCatalog } from "../catalog.tsx";
import { useT } from "../i18n.tsx";
import { interviewApi, localised, type SessionView } from "../interviews/interview-api.ts";
import { StateBadge } from "../interviews/InterviewsTab.tsx";
import { Link, paths } from "../router.tsx";
import { ActionStatus, ConfirmButton, ErrorBox, Loadable, useAction, useResource } from "../ui.tsx";
import { codingApi, type CodeView, type CodingInput, type CodingView } from "./coding-api.ts";
import { highlightPieces, markColours, shortExcerpt, type HighlightPiece } from "./highlight.ts";
import { codeColours, codeGroups, placeCodings, workspaceBlocks, type PlacedCoding, type WorkspaceBlock } from "./workspace-blocks.ts";
import { offsetsOf, textLength, tidySpan } from "./workspace-selection.ts";
import "./workspace.css";

type CoderView = "me" | "all";

/** The span the coder has selected, kept while they pick a code (clicking may collapse the DOM selection). */
interface PendingSpan {
  blockKey: string;
  start: number;
  end: number;
}

export function CodingPage({ sessionId, user }: { sessionId: string; user: User }): JSX.Element {
  const session = useResource<SessionView>(interviewApi.session(sessionId));
  return (
    <section className="c-page c-cw-page" aria-labelledby="cw-title" data-testid="coding-page">
      <Loadable resource={session}>{(view) => <CodingWorkspace view={view} user={user} />}</Loadable>
    </section>
  );
}

const NO_CODINGS: PlacedCoding[] = [];

const isOrganiser = (user: User) => user.role === "admin" || user.role === "researcher";

/** Elements that handle Enter themselves. */
function isInteractive(target: EventTarget | null): boolean {
  return target instanceof Element && !!target.closest("a, button, input, select, textarea, summary, [contenteditable='true']");
}

function CodingWorkspace({ view, user }: { view: SessionView; user: User }): JSX.Element {
  const { t, lang } = useT();
  const catalog = useCatalog();
  const organiser = isOrganiser(user);
  const [coder, setCoder] = useState<CoderView>("me");
  const shownCoder: CoderView = organiser ? coder : "me";
  const study = useResource<Study>(`/api/studies/${encodeURIComponent(view.studyId)}`);
  const codebook = useResource<{ codes: CodeView[] }>(codingApi.codebook(view.studyId));
  const codings = useResource<{ codings: CodingView[] }>(codingApi.codings(view.id, shownCoder));
  const action = useAction();

  const { notes, transcript } = useMemo(() => workspaceBlocks(view), [view]);
  const blocks = useMemo(() => [...notes, ...transcript], [notes, transcript]);
  const blockByKey = useMemo(() => new Map(blocks.map((b) => [b.key, b])), [blocks]);
  const codes = useMemo(() => codebook.data?.codes ?? [], [codebook.data]);
  const colours = useMemo(() => codeColours(codes), [codes]);
  const list = useMemo(() => codings.data?.codings ?? [], [codings.data]);
  const placed = useMemo(() => placeCodings(blocks, list), [blocks, list]);
  const questionByKey = useMemo(() => new Map(view.questions.map((q) => [q.key, q])), [view.questions]);

  const [pending, setPending] = useState<PendingSpan | null>(null);
  const [crossBlock, setCrossBlock] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const filterRef = useRef<HTMLInputElement>(null);
  const blocksRef = useRef(blockByKey);
  blocksRef.current = blockByKey;
  const pendingRef = useRef(pending);
  pendingRef.current = pending;
  const resetStatus = action.reset;
  const statusRef = useRef(action.state.kind);
  statusRef.current = action.state.kind;

  // "Kodēts: …" has been read out by the live region; after a few seconds it stops covering the text.
  useEffect(() => {
    if (action.state.kind !== "done") return;
    const timer = window.setTimeout(resetStatus, 4000);
    return () => window.clearTimeout(timer);
  }, [action.state, resetStatus]);

  // The selection: only a non-empty one inside exactly one block's text becomes the pending span. A collapsed
  // selection or one elsewhere (the code filter, a button) leaves the pending span alone, so choosing a code
  // still knows what was selected; a click into a block's text (a caret there) drops it.
  useEffect(() => {
    const onChange = () => {
      const root = rootRef.current;
      const selection = document.getSelection();
      if (!root || !selection || selection.rangeCount === 0) return;
      const range = selection.getRangeAt(0);
      const texts = Array.from(root.querySelectorAll<HTMLElement>("[data-cw-text]"));
      if (range.collapsed) {
        if (texts.some((el) => el.contains(range.startContainer))) {
          setPending(null);
          setCrossBlock(false);
        }
        return;
      }
      const touched = texts.filter((el) => range.intersectsNode(el));
      if (touched.length === 0) return;
      if (touched.length > 1) {
        setPending(null);
        setCrossBlock(true);
        return;
      }
      const el = touched[0]!;
      const block = blocksRef.current.get(el.dataset.cwText ?? "");
      setCrossBlock(false);
      const raw = block && textLength(el) === block.text.length ? offsetsOf(el, range) : null;
      const span = block && raw ? tidySpan(block.text, raw) : null;
      if (!block || !span) {
        setPending(null);
        return;
      }
      if (statusRef.current !== "busy" && statusRef.current !== "idle") resetStatus();
      setPending((old) => (old && old.blockKey === block.key && old.start === span.start && old.end === span.end ? old : { blockKey: block.key, ...span }));
    };
    // Keyboard coders select with caret browsing; Enter then takes them to the codes.
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (!pendingRef.current || event.defaultPrevented) return;
      if (event.key === "Escape") {
        setPending(null);
        document.getSelection()?.removeAllRanges();
      } else if (event.key === "Enter" && !isInteractive(event.target)) {
        event.preventDefault();
        filterRef.current?.focus();
      }
    };
    document.addEventListener("selectionchange", onChange);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("selectionchange", onChange);
      document.removeEventListener("keydown", onKey);
    };
  }, [resetStatus]);

  const cancel = useCallback(() => {
    setPending(null);
    setCrossBlock(false);
    document.getSelection()?.removeAllRanges();
  }, []);

  const apply = async (code: CodeView) => {
    const span = pending;
    const block = span ? blockByKey.get(span.blockKey) : undefined;
    if (!span || !block || action.busy) return;
    const input: CodingInput = { codeId: code.id, blockKey: block.apiKey, source: block.source, start: span.start, end: span.end };
    const created = await action.run(
      () => api<CodingView>("POST", codingApi.createCoding(view.id), input),
      (c) => t("cwCoded", { path: c.codePath }),
    );
    if (!created) return;
    codings.set((old) => ({ codings: [...(old?.codings ?? []).filter((c) => c.id !== created.id), created] }));
    setPending(null);
    document.getSelection()?.removeAllRanges();
    // The apply bar goes away with the focus in it: give the focus back to the text that was coded.
    const text = rootRef.current?.querySelector<HTMLElement>(`[data-cw-text="${CSS.escape(block.key)}"]`);
    if (text && (!document.activeElement || document.activeElement === document.body || rootRef.current?.querySelector(".c-cw-dock")?.contains(document.activeElement))) {
      text.focus({ preventScroll: true });
    }
  };

  const remove = (coding: CodingView) =>
    void action.run(async () => {
      await api("DELETE", codingApi.coding(coding.id));
      codings.set((old) => ({ codings: (old?.codings ?? []).filter((c) => c.id !== coding.id) }));
    }, t("cwDeleted", { path: coding.codePath }));

  const focusCoding = useCallback((id: string) => {
    // Not while the coder is selecting: a drag that starts and ends on one mark is a click too.
    if (document.getSelection()?.isCollapsed === false) return;
    document.getElementById(`cw-coding-${id}`)?.focus();
  }, []);

  const headingOf = (block: WorkspaceBlock): string => {
    const question = block.questionKey ? questionByKey.get(block.questionKey) : undefined;
    if (question) return `${question.number}. ${localised(question.title, lang)}`;
    if (block.source === "transcript") return t("cwSegment", { n: block.seq ?? "" });
    return block.questionKey ?? block.key;
  };

  const showCoder = shownCoder === "all";
  const canDelete = (c: CodingView) => organiser || c.coderId === user.id;
  const pendingBlock = pending ? blockByKey.get(pending.blockKey) : undefined;
  const codable = codes.filter((c) => c.isCodable);

  const renderBlock = (block: WorkspaceBlock, index: number) => (
    <CodingBlock
      key={block.key}
      block={block}
      headingId={`cw-h-${index}`}
      heading={headingOf(block)}
      placed={placed.byBlock.get(block.key) ?? NO_CODINGS}
      colours={colours}
      selecting={pending?.blockKey === block.key}
      onMarkClick={focusCoding}
      entry={(p) => <CodingEntry key={p.coding.id} placed={p} colour={colours.get(p.coding.codeId.toLowerCase()) ?? null} showCoder={showCoder} userId={user.id} canDelete={canDelete(p.coding)} busy={action.busy} onDelete={remove} />}
    />
  );

  return (
    <div className="c-cw-root" ref={rootRef}>
      <p className="c-crumbs c-cw-crumbs">
        <Link to={paths.study(view.studyId, "coding")}>{study.data ? t("cwCrumbStudy", { study: study.data.name }) : t("cwTitle")}</Link>
        <Link to={paths.interview(view.id)}>{t("cwCrumbSession")}</Link>
      </p>
      <div className="c-page__head">
        <div>
          <h1 id="cw-title" data-testid="cw-title">
            {view.kind === "focus-group" ? t("ivFocusGroup") : view.instrumentId ? <InstrumentName id={view.instrumentId} /> : t("cwTitle")}
          </h1>
          <p className="c-page__sub">
            {t("cwTitle")} · {view.siteId ? catalog.siteName(view.siteId) : t("ivNoSite")} · <StateBadge state={view.state} />
          </p>
        </div>
        <div className="c-page__actions c-cw-toolbar">
          {organiser && (
            <div className="c-field c-cw-coder">
              <label htmlFor="cw-coder">{t("cwCoderLabel")}</label>
              <select id="cw-coder" data-testid="cw-coder" value={coder} onChange={(e) => setCoder(e.target.value === "all" ? "all" : "me")}>
                <option value="me">{t("cwCoderMe")}</option>
                <option value="all">{t("cwCoderAll")}</option>
              </select>
            </div>
          )}
          <p className="c-cw-count" data-testid="cw-count" data-count={codings.data ? list.length : undefined} aria-live="polite">
            {t("cwCount", { n: codings.data ? list.length : "…" })}
          </p>
        </div>
      </div>

      {!organiser && <p className="c-muted">{t("cwBlind")}</p>}
      {codebook.error && !codebook.data ? <ErrorBox error={codebook.error} onRetry={() => void codebook.reload()} testId="cw-codebook-error" /> : null}
      {codings.error ? <ErrorBox error={codings.error} onRetry={() => void codings.reload()} testId="cw-codings-error" /> : null}
      {codebook.data && codable.length === 0 && (
        <p className="c-note c-note--warn" data-testid="cw-no-codes">
          {t("cwNoCodes")} <Link to={paths.study(view.studyId, "coding")}>{t("cwNoCodesLink")}</Link>
        </p>
      )}

      {blocks.length === 0 ? (
        <div className="c-empty" data-testid="cw-empty">
          <p>{t("cwEmpty")}</p>
          <p>
            <Link to={paths.interview(view.id)}>{t("cwEmptyLink")}</Link>
          </p>
        </div>
      ) : (
        <>
          <p className="c-note c-cw-hint">{t("cwHint")}</p>
          {notes.length > 0 && (
            <section className="c-cw-section" aria-labelledby="cw-notes">
              <h2 id="cw-notes">{t("cwNotes")}</h2>
              {notes.map((b, i) => renderBlock(b, i))}
            </section>
          )}
          {transcript.length > 0 && (
            <section className="c-cw-section" aria-labelledby="cw-transcript">
              <h2 id="cw-transcript">{t("cwTranscript")}</h2>
              {transcript.map((b, i) => renderBlock(b, notes.length + i))}
            </section>
          )}
        </>
      )}

      {placed.orphans.length > 0 && (
        <section className="c-panel" aria-labelledby="cw-orphans" data-testid="cw-orphans">
          <h2 id="cw-orphans">{t("cwOrphans")}</h2>
          <p className="c-muted">{t("cwOrphansHint")}</p>
          <ul className="c-cw-codings">
            {placed.orphans.map((c) => (
              <CodingEntry key={c.id} placed={{ coding: c, stale: true }} colour={colours.get(c.codeId.toLowerCase()) ?? null} showCoder={showCoder} userId={user.id} canDelete={canDelete(c)} busy={action.busy} onDelete={remove} />
            ))}
          </ul>
        </section>
      )}

      <div className={`c-cw-dock${pending || crossBlock || action.state.kind !== "idle" ? " c-cw-dock--open" : ""}`}>
        {crossBlock && (
          <p className="c-note c-note--warn" data-testid="cw-selection-note">
            {t("cwCrossBlock")}
          </p>
        )}
        {pending && pendingBlock && (
          <ApplyBar
            excerpt={pendingBlock.text.slice(pending.start, pending.end)}
            codes={codes}
            colours={colours}
            busy={action.busy}
            onApply={(code) => void apply(code)}
            onCancel={cancel}
            filterRef={filterRef}
            studyId={view.studyId}
          />
        )}
        <ActionStatus state={action.state} busyText={t("cwBusy")} testId="cw-status" />
      </div>
    </div>
  );
}

// ---- One block: its text with the codings highlighted, and its codings -----------------------------------

function CodingBlock({
  block,
  headingId,
  heading,
  placed,
  colours,
  selecting,
  onMarkClick,
  entry,
}: {
  block: WorkspaceBlock;
  headingId: string;
  heading: string;
  placed: PlacedCoding[];
  colours: Map<string, string | null>;
  selecting: boolean;
  onMarkClick: (id: string) => void;
  entry: (placed: PlacedCoding) => ReactNode;
}): JSX.Element {
  const { t } = useT();
  const marks = useMemo<MarkSpec[]>(
    () =>
      placed
        .filter((p) => !p.stale)
        .map((p) => {
          return { id: p.coding.id, start: p.coding.start, end: p.coding.end, path: p.coding.codePath, colour: colours.get(p.coding.codeId.toLowerCase()) ?? null };
        }),
    [placed, colours],
  );
  return (
    <article className={`c-cw-block${selecting ? " c-cw-block--selecting" : ""}`} data-testid="cw-block" data-block-key={block.key} aria-labelledby={headingId}>
      <h3 id={headingId} className="c-cw-block__heading">
        {heading}
      </h3>
      <div className="c-cw-block__body">
        <BlockText blockKey={block.key} text={block.text} marks={marks} onMarkClick={onMarkClick} />
        <div className="c-cw-block__side">
          {placed.length === 0 ? (
            <p className="c-muted c-cw-none">{t("cwNoBlockCodings")}</p>
          ) : (
            <ul className="c-cw-codings" aria-label={`${t("cwBlockCodings")}: ${heading}`}>
              {placed.map(entry)}
            </ul>
          )}
        </div>
      </div>
    </article>
  );
}

interface MarkSpec {
  id: string;
  start: number;
  end: number;
  path: string;
  colour: string | null;
}

/**
 * The block's stored text as text nodes, coded pieces inside nested marks. Nothing else goes in here: the
 * selection offsets count every character of it. Memoised, so choosing a code does not re-render the text
 * under a live selection.
 */
const BlockText = memo(function BlockText({ blockKey, text, marks, onMarkClick }: { blockKey: string; text: string; marks: MarkSpec[]; onMarkClick: (id: string) => void }): JSX.Element {
  const { t } = useT();
  const byId = useMemo(() => new Map(marks.map((m) => [m.id, m])), [marks]);
  const pieces = useMemo(() => highlightPieces(text, marks), [text, marks]);
  const click = (event: MouseEvent<HTMLDivElement>) => {
    const mark = event.target instanceof Element ? event.target.closest<HTMLElement>("mark[data-coding-id]") : null;
    if (mark?.dataset.codingId) onMarkClick(mark.dataset.codingId);
  };
  const renderPiece = (piece: HighlightPiece): ReactNode => {
    if (piece.ids.length === 0) return piece.text;
    const overlap = piece.ids.length > 1;
    const title = t("cwMarkTitle", { path: piece.ids.map((id) => byId.get(id)?.path ?? "").join("; ") });
    // Outermost first, so the innermost (last) mark's colour is the one seen; it carries the overlap cue.
    return piece.ids.reduceRight<ReactNode>((inner, id, depth) => {
      const spec = byId.get(id);
      const colours = markColours(spec?.colour);
      const innermost = depth === piece.ids.length - 1;
      return (
        <mark
          key={`${piece.start}:${id}`}
          className={`c-cw-mark${innermost && overlap ? " c-cw-mark--overlap" : ""}`}
          data-testid="cw-mark"
          data-coding-id={id}
          style={{ backgroundColor: colours.background, borderBottomColor: colours.line }}
          title={innermost ? title : undefined}
        >
          {inner}
        </mark>
      );
    }, piece.text);
  };
  // Clicking a mark is a shortcut to its entry in the list; the list itself is the keyboard way there.
  return (
    <div className="c-cw-text" data-testid="cw-text" data-cw-text={blockKey} tabIndex={-1} onClick={click}>
      {pieces.map((piece) => (
        <Fragment key={piece.start}>{renderPiece(piece)}</Fragment>
      ))}
    </div>
  );
});

// ---- One coding in a block's list ---------------------------------------------------------------------

function CodingEntry({
  placed,
  colour,
  showCoder,
  userId,
  canDelete,
  busy,
  onDelete,
}: {
  placed: PlacedCoding;
  colour: string | null;
  showCoder: boolean;
  userId: number;
  canDelete: boolean;
  busy: boolean;
  onDelete: (coding: CodingView) => void;
}): JSX.Element {
  const { t } = useT();
  const { coding, stale } = placed;
  const colours = markColours(colour);
  return (
    <li className={`c-cw-coding${stale ? " c-cw-coding--stale" : ""}`} data-testid="cw-coding" data-coding-id={coding.id} data-stale={stale ? "true" : undefined} id={`cw-coding-${coding.id}`} tabIndex={-1}>
      <p className="c-cw-coding__code">
        <span className="c-cw-swatch" style={{ backgroundColor: colours.background, borderColor: colours.line }} aria-hidden="true" />
        <strong>{coding.codePath}</strong>
      </p>
      {showCoder && <p className="c-cw-coding__coder c-muted">{coding.coderId === userId ? t("cwCoderYou", { n: coding.coderId }) : t("cwCoderN", { n: coding.coderId })}</p>}
      {stale && (
        <p className="c-cw-coding__stale" data-testid="cw-stale">
          {t("cwStale")}
        </p>
      )}
      <blockquote className="c-cw-coding__excerpt">{shortExcerpt(coding.text, 160)}</blockquote>
      {canDelete && <ConfirmButton label={t("cwDelete")} question={t("cwDeleteQuestion")} onConfirm={() => onDelete(coding)} disabled={busy} testId="cw-delete" />}
    </li>
  );
}

// ---- The apply bar ---------------------------------------------------------------------------------------

/** Lower case without diacritics, so "gimene" finds "Ģimene". */
const fold = (s: string) => s.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();

function ApplyBar({
  excerpt,
  codes,
  colours,
  busy,
  onApply,
  onCancel,
  filterRef,
  studyId,
}: {
  excerpt: string;
  codes: CodeView[];
  colours: Map<string, string | null>;
  busy: boolean;
  onApply: (code: CodeView) => void;
  onCancel: () => void;
  filterRef: RefObject<HTMLInputElement | null>;
  studyId: string;
}): JSX.Element {
  const { t } = useT();
  const [filter, setFilter] = useState("");
  const query = fold(filter.trim());
  const matches = query === "" ? [] : codes.filter((c) => c.isCodable && fold(c.path).includes(query));
  const groups = useMemo(() => codeGroups(codes), [codes]);
  const codable = codes.some((c) => c.isCodable);

  const keyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key === "Escape") {
      event.preventDefault();
      onCancel();
    }
  };
  // Pressing a button does not take the selection away, so the coder still sees what they are coding.
  const keepSelection = (event: MouseEvent) => event.preventDefault();
  const button = (code: CodeView, label: string) => (
    <button
      key={code.id}
      type="button"
      className="c-button c-button--quiet c-cw-code"
      data-testid="cw-code-button"
      data-code-id={code.id}
      style={{ borderLeftColor: markColours(colours.get(code.id.toLowerCase())).line }}
      title={code.description ? `${code.path}: ${code.description}` : code.path}
      disabled={busy}
      onMouseDown={keepSelection}
      onClick={() => onApply(code)}
    >
      {label}
    </button>
  );

  return (
    <div className="c-cw-apply" role="region" aria-label={t("cwApplyLabel")} data-testid="cw-apply" onKeyDown={keyDown}>
      <div className="c-cw-apply__head">
        <p className="c-cw-apply__excerpt">
          <span className="c-muted">{t("cwSelected", { n: Array.from(excerpt).length })}</span> <q data-testid="cw-excerpt">{shortExcerpt(excerpt, 100)}</q>
        </p>
        <button type="button" className="c-button c-button--quiet" onMouseDown={keepSelection} onClick={onCancel} data-testid="cw-cancel">
          {t("cwCancel")}
        </button>
      </div>
      {!codable ? (
        <p className="c-muted">
          {t("cwNoCodes")} <Link to={paths.study(studyId, "coding")}>{t("cwNoCodesLink")}</Link>
        </p>
      ) : (
        <>
          <div className="c-cw-apply__filter">
            <label htmlFor="cw-code-filter">{t("cwFilter")}</label>
            <input
              id="cw-code-filter"
              ref={filterRef}
              type="text"
              autoComplete="off"
              value={filter}
              data-testid="cw-code-filter"
              aria-describedby="cw-code-filter-hint"
              onChange={(e) => setFilter(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === "Enter") {
                  e.preventDefault();
                  if (matches.length === 1 && !busy) onApply(matches[0]!);
                }
              }}
            />
            <span id="cw-code-filter-hint" className="c-field__hint">
              {t("cwFilterHint")}
            </span>
          </div>
          {query !== "" ? (
            matches.length === 0 ? (
              <p className="c-muted">{t("cwFilterNone")}</p>
            ) : (
              <div className="c-cw-codes">
                <p className="c-cw-codes__row">{matches.map((code) => button(code, code.path))}</p>
              </div>
            )
          ) : (
            <ul className="c-cw-codes">
              {groups.map(({ root, members }) => (
                <li key={root.code.id} className="c-cw-codes__row">
                  {root.code.isCodable ? (
                    button(root.code, root.label)
                  ) : (
                    <span className="c-cw-group" data-testid="cw-code-group" data-code-id={root.code.id}>
                      {root.label}
                      <span className="c-visually-hidden"> ({t("cwGroup")})</span>
                    </span>
                  )}
                  {members.map(({ code, label }) =>
                    code.isCodable ? (
                      button(code, label)
                    ) : (
                      <span key={code.id} className="c-cw-group c-cw-group--inner" data-testid="cw-code-group" data-code-id={code.id}>
                        {label}
                        <span className="c-visually-hidden"> ({t("cwGroup")})</span>
                      </span>
                    ),
                  )}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}
