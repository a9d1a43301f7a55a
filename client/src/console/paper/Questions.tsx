/**
 * One question of a paper form as a compact, keyboard-first row: its number and Latvian wording, its
 * options numbered 1..n, and the two codes "unreadable" (U) and "left blank" (B).
 *
 * Keys, while a question has focus: a digit picks that option (radio) or toggles it (checkbox); U and B
 * mark the question; Delete clears it; Enter goes to the next question that applies (Tab and Shift+Tab go
 * through every field, applying or not). In a text field digits and letters are typed, so the codes are
 * Alt+U and Alt+B there, and Shift+Enter starts a new line in a long answer. In a rating table each row is
 * its own stop (digits rate, U/B mark the row, Shift+U/B the whole table), followed by its text boxes.
 *
 * Letters are read from the key's position (`event.code`), so U and B work whatever keyboard layout
 * (Latvian, Russian) the typist has switched to.
 */
import { useEffect, useRef, useState, type JSX, type KeyboardEvent, type MouseEvent, type ReactNode } from "react";
import { useT } from "../i18n.tsx";
import {
  otherChosen,
  rowCodeKey,
  setCell,
  setOther,
  setValue,
  toggleCode,
  toggleRowCode,
  type ChoiceColumn,
  type Draft,
  type EntryItem,
  type ItemState,
  type PaperCode,
  type Value,
} from "./form-model.ts";

export type DraftUpdate = (update: (draft: Draft) => Draft) => void;

// ---- Moving between fields ------------------------------------------------------------------------------------

/** Every stop (a question's choice group, a text box) of the form around `from`, in page order. */
function stopsAround(from: HTMLElement): { root: HTMLElement | null; stops: HTMLElement[] } {
  const root = from.closest<HTMLElement>("[data-entry-root]");
  if (!root) return { root: null, stops: [] };
  return { root, stops: [...root.querySelectorAll<HTMLElement>("[data-stop]")].filter((el) => !(el as HTMLInputElement).disabled) };
}

const applying = (el: HTMLElement): boolean => !el.closest('[data-applies="no"]');

function show(el: HTMLElement): void {
  el.focus();
  el.scrollIntoView?.({ block: "nearest" });
}

/** Enter: the next field of a question that applies, or the save button after the last one. */
export function focusNextStop(from: HTMLElement): void {
  const { root, stops } = stopsAround(from);
  const index = stops.findIndex((s) => s === from || s.contains(from));
  const next = stops.slice(index + 1).find(applying);
  if (next) show(next);
  else root?.querySelector<HTMLElement>("[data-entry-save]")?.focus();
}

/** The first field of the question `name` (or of its row `row`), to go back to an untouched or refused one. */
export function focusItem(root: HTMLElement | null, name: string, row?: string): void {
  const item = root?.querySelector<HTMLElement>(`[data-item="${CSS.escape(name)}"]`);
  const scope = row === undefined ? item : item?.querySelector<HTMLElement>(`[data-row="${CSS.escape(row)}"]`);
  const stop = scope?.querySelector<HTMLElement>("[data-stop]") ?? item?.querySelector<HTMLElement>("[data-stop]");
  if (stop) show(stop);
}

/** The option a digit key stands for: 1..9, then 0 for the tenth; from the key or its position. */
function digitOf(event: KeyboardEvent): number | null {
  if (/^[0-9]$/.test(event.key)) return event.key === "0" ? 9 : Number(event.key) - 1;
  const m = /^(?:Digit|Numpad)([0-9])$/.exec(event.code);
  if (m) return m[1] === "0" ? 9 : Number(m[1]) - 1;
  return null;
}

/** U / B by key position (any layout). */
function codeOf(event: KeyboardEvent): PaperCode | null {
  if (event.code === "KeyU") return "unreadable";
  if (event.code === "KeyB") return "blank";
  const key = event.key.toLowerCase();
  if (key === "u") return "unreadable";
  if (key === "b") return "blank";
  return null;
}

const keepFocus = (event: MouseEvent) => event.preventDefault();

// ---- The question row ----------------------------------------------------------------------------------------------

export interface QuestionRowProps {
  item: EntryItem;
  draft: Draft;
  onChange: DraftUpdate;
  state: ItemState;
  applies: "yes" | "no" | "unknown";
  errors: readonly string[];
  idPrefix: string;
  /** The language the wording is in (Latvian unless the form's own language was chosen). */
  lang?: string;
}

export function QuestionRow({ item, draft, onChange, state, applies, errors, idPrefix, lang = "lv" }: QuestionRowProps): JSX.Element {
  const { t } = useT();
  const titleId = `${idPrefix}-${item.name}-title`;
  const errorId = `${idPrefix}-${item.name}-error`;
  const code = draft.codes[item.name];
  const classes = ["c-entry__q", `c-entry__q--${state}`];
  if (item.sub) classes.push("c-entry__q--sub");
  if (applies === "no") classes.push("c-entry__q--na");
  if (errors.length > 0) classes.push("c-entry__q--error");
  const onCode = (c: PaperCode) => onChange((d) => toggleCode(d, item.name, c));

  let body: ReactNode;
  switch (item.kind) {
    case "choice":
      body = <ChoiceQuestion item={item} draft={draft} onChange={onChange} titleId={titleId} errorId={errorId} onCode={onCode} />;
      break;
    case "text":
      body = <TextQuestion item={item} draft={draft} onChange={onChange} titleId={titleId} errorId={errorId} onCode={onCode} />;
      break;
    case "matrix":
      body = <MatrixQuestion item={item} draft={draft} onChange={onChange} titleId={titleId} errorId={errorId} onCode={onCode} />;
      break;
  }

  return (
    <div className={classes.join(" ")} data-item={item.name} data-applies={applies} data-state={state} data-testid="entry-question">
      <div className="c-entry__num" aria-hidden="true">
        {item.number ?? "↳"}
      </div>
      <div className="c-entry__body">
        <p className="c-entry__title" id={titleId}>
          {item.number && <span className="c-visually-hidden">{item.number}. </span>}
          <span lang={lang}>{item.title}</span>
          {applies === "no" && <span className="c-entry__tag">{t("entryNotApplicable")}</span>}
        </p>
        <div lang={lang}>{body}</div>
        {applies === "no" && state === "answered" && <p className="c-entry__warn">{t("entryAnsweredButNotApplicable")}</p>}
        {errors.length > 0 && (
          <p className="c-field__error" id={errorId} data-testid="entry-question-error">
            {errors.join("; ")}
          </p>
        )}
      </div>
      <CodeToggles code={code} onCode={onCode} name={item.name} labelledBy={titleId} />
    </div>
  );
}

function CodeToggles({ code, onCode, name, labelledBy, small = false }: { code: PaperCode | undefined; onCode: (c: PaperCode) => void; name: string; labelledBy: string; small?: boolean }): JSX.Element {
  const { t } = useT();
  return (
    <div className={small ? "c-entry__codes c-entry__codes--small" : "c-entry__codes"} role="group" aria-labelledby={labelledBy}>
      {(["unreadable", "blank"] as const).map((c) => (
        <button
          key={c}
          type="button"
          tabIndex={-1}
          className={code === c ? "c-entry__code c-entry__code--on" : "c-entry__code"}
          aria-pressed={code === c}
          onMouseDown={keepFocus}
          onClick={() => onCode(c)}
          data-testid={`code-${c}-${name}`}
          title={c === "unreadable" ? t("entryUnreadableHelp") : t("entryBlankHelp")}
        >
          <kbd>{c === "unreadable" ? "U" : "B"}</kbd>
          {!small && <span>{c === "unreadable" ? t("entryUnreadable") : t("entryBlank")}</span>}
          {small && <span className="c-visually-hidden">{c === "unreadable" ? t("entryUnreadable") : t("entryBlank")}</span>}
        </button>
      ))}
    </div>
  );
}

interface PartProps<K extends EntryItem["kind"]> {
  item: Extract<EntryItem, { kind: K }>;
  draft: Draft;
  onChange: DraftUpdate;
  titleId: string;
  errorId: string;
  onCode: (code: PaperCode) => void;
}

/** Handles Enter (next field) and Alt+U / Alt+B (codes) in a text box; Ctrl+Enter is left to the form. */
function textKeys(event: KeyboardEvent<HTMLInputElement | HTMLTextAreaElement>, onCode: (c: PaperCode) => void): void {
  if (event.ctrlKey || event.metaKey) return;
  if (event.altKey) {
    const c = codeOf(event);
    if (c) {
      event.preventDefault();
      onCode(c);
    }
    return;
  }
  if (event.key === "Enter" && !event.shiftKey) {
    event.preventDefault();
    focusNextStop(event.currentTarget);
  }
}

// ---- Choices ------------------------------------------------------------------------------------------------------

function ChoiceQuestion({ item, draft, onChange, titleId, errorId, onCode }: PartProps<"choice">): JSX.Element {
  const { t } = useT();
  const value = draft.values[item.name];
  const selected = (v: Value) => (item.multiple ? Array.isArray(value) && value.includes(v) : value === v);
  const hasOther = otherChosen(item, draft);
  const otherRef = useRef<HTMLInputElement>(null);
  const groupRef = useRef<HTMLDivElement>(null);
  const [focusOther, setFocusOther] = useState(false);

  useEffect(() => {
    if (focusOther && hasOther) otherRef.current?.focus();
    if (focusOther) setFocusOther(false);
  }, [focusOther, hasOther]);

  const pick = (index: number, fromKeyboard: boolean) => {
    const choice = item.choices[index];
    if (!choice) return;
    if (item.multiple) {
      const list = Array.isArray(value) ? (value as Value[]) : [];
      const on = list.includes(choice.value);
      // Kept in the instrument's order, as SurveyJS keeps them.
      const next = item.choices.map((c) => c.value).filter((v) => (v === choice.value ? !on : list.includes(v)));
      onChange((d) => setValue(d, item.name, next));
      if (choice.other && !on && fromKeyboard) setFocusOther(true);
    } else {
      onChange((d) => setValue(d, item.name, choice.value));
      if (choice.other && fromKeyboard) setFocusOther(true);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.ctrlKey || event.metaKey || event.target !== event.currentTarget) return;
    const digit = event.altKey ? null : digitOf(event);
    if (digit !== null) {
      event.preventDefault();
      pick(digit, true);
      return;
    }
    const c = codeOf(event);
    if (c) {
      event.preventDefault();
      onCode(c);
      return;
    }
    if (event.key === "Enter") {
      event.preventDefault();
      focusNextStop(event.currentTarget);
    } else if (event.key === "Delete" || event.key === "Backspace") {
      event.preventDefault();
      onChange((d) => setValue(d, item.name, undefined));
    } else if (!item.multiple && (event.key === "ArrowDown" || event.key === "ArrowRight" || event.key === "ArrowUp" || event.key === "ArrowLeft")) {
      event.preventDefault();
      const at = item.choices.findIndex((ch) => ch.value === value);
      const step = event.key === "ArrowDown" || event.key === "ArrowRight" ? 1 : -1;
      pick((at + step + item.choices.length) % item.choices.length, false);
    }
  };

  return (
    <>
      <div
        ref={groupRef}
        className="c-entry__options"
        role={item.multiple ? "group" : "radiogroup"}
        tabIndex={0}
        aria-labelledby={titleId}
        aria-describedby={errorId}
        data-stop=""
        onKeyDown={onKeyDown}
        data-testid={`entry-${item.name}`}
      >
        {item.choices.map((choice, index) => (
          <button
            key={String(choice.value)}
            type="button"
            tabIndex={-1}
            role={item.multiple ? "checkbox" : "radio"}
            aria-checked={selected(choice.value)}
            className={selected(choice.value) ? "c-entry__opt c-entry__opt--on" : "c-entry__opt"}
            onMouseDown={keepFocus}
            onClick={() => {
              pick(index, false);
              groupRef.current?.focus();
            }}
          >
            <kbd>{index < 9 ? index + 1 : index === 9 ? 0 : "·"}</kbd>
            <span>{choice.label}</span>
          </button>
        ))}
      </div>
      {hasOther && (
        <div className="c-entry__other">
          <label htmlFor={`${titleId}-other`} className="c-visually-hidden">
            {t("entryOtherText")}
          </label>
          <input
            ref={otherRef}
            id={`${titleId}-other`}
            type="text"
            data-stop=""
            placeholder={t("entryOtherText")}
            value={draft.other[item.name] ?? ""}
            onChange={(e) => {
              const text = e.target.value;
              onChange((d) => setOther(d, item.name, text));
            }}
            onKeyDown={(e) => textKeys(e, onCode)}
            data-testid={`entry-${item.name}-other`}
          />
        </div>
      )}
    </>
  );
}

// ---- Text ----------------------------------------------------------------------------------------------------------

function TextQuestion({ item, draft, onChange, titleId, errorId, onCode }: PartProps<"text">): JSX.Element {
  const { t, lang } = useT();
  const raw = draft.values[item.name];
  const text = typeof raw === "string" ? raw : raw === undefined ? "" : String(raw);
  const numeric = item.numeric;
  let local: string | null = null;
  if (numeric && text.trim() !== "") {
    const n = Number(text.trim().replace(",", "."));
    const outside = (numeric.min !== undefined && n < numeric.min) || (numeric.max !== undefined && n > numeric.max);
    if (!Number.isFinite(n) || !/^-?\d+([.,]\d+)?$/.test(text.trim())) local = t("entryNotNumber");
    else if (outside || (numeric.integer && !Number.isInteger(n))) local = t("entryOutOfRange", { min: numeric.min ?? "…", max: numeric.max ?? "…" });
  }
  const common = {
    id: `${titleId}-input`,
    "aria-labelledby": titleId,
    "aria-describedby": errorId,
    "aria-invalid": local ? true : undefined,
    "data-stop": "",
    "data-testid": `entry-${item.name}`,
    value: text,
    onChange: (e: { target: { value: string } }) => {
      const next = e.target.value;
      onChange((d) => setValue(d, item.name, next === "" ? undefined : next));
    },
    onKeyDown: (e: KeyboardEvent<HTMLInputElement | HTMLTextAreaElement>) => textKeys(e, onCode),
  };
  return (
    <div className="c-entry__text">
      {item.multiline ? (
        <textarea rows={2} {...common} />
      ) : (
        <input type="text" inputMode={numeric ? "numeric" : undefined} className={numeric ? "c-entry__number" : undefined} {...common} />
      )}
      {numeric && (numeric.min !== undefined || numeric.max !== undefined) && (
        <span className="c-entry__hint" lang={lang}>{t("entryRange", { min: numeric.min ?? "…", max: numeric.max ?? "…" })}</span>
      )}
      {local && (
        <span className="c-entry__local-error" lang={lang}>
          {local}
        </span>
      )}
    </div>
  );
}

// ---- Rating tables ----------------------------------------------------------------------------------------------

function MatrixQuestion({ item, draft, onChange, titleId, errorId, onCode }: PartProps<"matrix">): JSX.Element {
  const table = (draft.values[item.name] as Record<string, Record<string, unknown>> | undefined) ?? {};
  const template = ["minmax(7em, 13em)", ...item.columns.map((c) => (c.kind === "choice" ? "auto" : "minmax(8em, 1fr)")), "auto"].join(" ");
  return (
    <div className="c-entry__matrix" role="group" aria-labelledby={titleId} aria-describedby={errorId} style={{ gridTemplateColumns: template }}>
      <span className="c-entry__mhead" aria-hidden="true" />
      {item.columns.map((column) => (
        <span key={column.name} className="c-entry__mhead" aria-hidden="true">
          {column.title}
        </span>
      ))}
      <span className="c-entry__mhead" aria-hidden="true" />
      {item.rows.map((row) => {
        const rowId = `${titleId}-${row.value}`;
        const rowCode = draft.codes[rowCodeKey(item.name, row.value)];
        const cells = table[row.value] ?? {};
        return (
          <div key={row.value} className={rowCode ? "c-entry__mrow c-entry__mrow--coded" : "c-entry__mrow"} data-row={row.value}>
            <span className="c-entry__mlabel" id={rowId}>
              {row.label}
            </span>
            {item.columns.map((column) =>
              column.kind === "choice" ? (
                <MatrixChoice
                  key={column.name}
                  item={item}
                  row={row.value}
                  column={column}
                  value={cells[column.name]}
                  labelledBy={`${rowId} ${rowId}-${column.name}`}
                  columnLabelId={`${rowId}-${column.name}`}
                  onChange={onChange}
                  onCode={onCode}
                />
              ) : (
                <span key={column.name} className="c-entry__mcell">
                  <span className="c-visually-hidden" id={`${rowId}-${column.name}`}>
                    {column.title}
                  </span>
                  <input
                    type="text"
                    data-stop=""
                    aria-labelledby={`${rowId} ${rowId}-${column.name}`}
                    value={typeof cells[column.name] === "string" ? (cells[column.name] as string) : ""}
                    onChange={(e) => {
                      const text = e.target.value;
                      onChange((d) => setCell(d, item.name, row.value, column.name, text === "" ? undefined : text));
                    }}
                    onKeyDown={(e) => textKeys(e, onCode)}
                    data-testid={`entry-${item.name}-${row.value}-${column.name}`}
                  />
                </span>
              ),
            )}
            <CodeToggles code={rowCode} onCode={(c) => onChange((d) => toggleRowCode(d, item.name, row.value, c))} name={`${item.name}.${row.value}`} labelledBy={rowId} small />
          </div>
        );
      })}
    </div>
  );
}

function MatrixChoice({
  item,
  row,
  column,
  value,
  labelledBy,
  columnLabelId,
  onChange,
  onCode,
}: {
  item: Extract<EntryItem, { kind: "matrix" }>;
  row: string;
  column: ChoiceColumn;
  value: unknown;
  labelledBy: string;
  columnLabelId: string;
  onChange: DraftUpdate;
  onCode: (code: PaperCode) => void;
}): JSX.Element {
  const groupRef = useRef<HTMLDivElement>(null);
  const isOn = (v: Value) => (column.multiple ? Array.isArray(value) && value.includes(v) : value === v);
  const pick = (index: number) => {
    const choice = column.choices[index];
    if (!choice) return;
    let next: unknown = choice.value;
    if (column.multiple) {
      const list = Array.isArray(value) ? (value as Value[]) : [];
      next = column.choices.map((c) => c.value).filter((v) => (v === choice.value ? !list.includes(v) : list.includes(v)));
    }
    onChange((d) => setCell(d, item.name, row, column.name, next));
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.ctrlKey || event.metaKey || event.target !== event.currentTarget) return;
    const digit = event.altKey ? null : digitOf(event);
    if (digit !== null) {
      event.preventDefault();
      pick(digit);
      return;
    }
    const c = codeOf(event);
    if (c) {
      event.preventDefault();
      // Shift marks the whole table; otherwise just this row.
      if (event.shiftKey) onCode(c);
      else onChange((d) => toggleRowCode(d, item.name, row, c));
      return;
    }
    if (event.key === "Enter") {
      event.preventDefault();
      focusNextStop(event.currentTarget);
    } else if (event.key === "Delete" || event.key === "Backspace") {
      event.preventDefault();
      onChange((d) => setCell(d, item.name, row, column.name, undefined));
    }
  };
  return (
    <span className="c-entry__mcell">
      <span className="c-visually-hidden" id={columnLabelId}>
        {column.title}
      </span>
      <div
        ref={groupRef}
        className="c-entry__scale"
        role={column.multiple ? "group" : "radiogroup"}
        tabIndex={0}
        aria-labelledby={labelledBy}
        data-stop=""
        onKeyDown={onKeyDown}
        data-testid={`entry-${item.name}-${row}-${column.name}`}
      >
        {column.choices.map((choice, index) => (
          <button
            key={String(choice.value)}
            type="button"
            tabIndex={-1}
            role={column.multiple ? "checkbox" : "radio"}
            aria-checked={isOn(choice.value)}
            aria-label={choice.label}
            title={choice.label}
            className={isOn(choice.value) ? "c-entry__dot c-entry__dot--on" : "c-entry__dot"}
            onMouseDown={keepFocus}
            onClick={() => {
              pick(index);
              groupRef.current?.focus();
            }}
          >
            {index < 9 ? index + 1 : index === 9 ? 0 : "·"}
          </button>
        ))}
      </div>
    </span>
  );
}
