/**
 * Export for SPSS, R or Excel: format, instruments, answer labels, detail and free text. Analysts can
 * only have coarsened data (the server enforces it; the form explains it). The file is fetched with the
 * session, with the bytes received shown while it arrives, and saved under the server's file name.
 */
import { useState, type FormEvent, type JSX } from "react";
import type { Study, User } from "../api.ts";
import { InstrumentName } from "../catalog.tsx";
import { downloadFile } from "../download.ts";
import { useT } from "../i18n.tsx";
import { ActionStatus, FieldMessage, useAction } from "../ui.tsx";

const FORMATS = ["csv", "xlsx", "json"] as const;
type Format = (typeof FORMATS)[number];

export function ExportTab({ study, user }: { study: Study; user: User }): JSX.Element {
  const tr = useT();
  const { t } = tr;
  const analyst = user.role === "analyst";
  const [format, setFormat] = useState<Format>("csv");
  const [instruments, setInstruments] = useState<string[]>(study.instruments);
  const [labels, setLabels] = useState<"values" | "text">("values");
  const [detail, setDetail] = useState<"coarsened" | "full">("coarsened");
  const [freeText, setFreeText] = useState<"omit" | "include">("omit");
  const [received, setReceived] = useState<number | null>(null);
  const [checked, setChecked] = useState(false);
  const action = useAction();
  const error = action.state.kind === "error" ? action.state.error : null;
  const noInstrument = instruments.length === 0 ? t("pickInstrument") : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setChecked(true);
    if (noInstrument) return;
    const ordered = study.instruments.filter((id) => instruments.includes(id));
    const query = new URLSearchParams({ format, instruments: ordered.join(","), labels, detail: analyst ? "coarsened" : detail, freeText });
    setReceived(null);
    void action.run(
      () => downloadFile(`/api/studies/${encodeURIComponent(study.id)}/export?${query.toString()}`, `export.${format === "csv" ? "zip" : format}`, setReceived),
      (file) => t("downloaded", { name: file.name, size: tr.size(file.size) }),
    );
  };

  const busyText = received === null ? t("downloadPreparing") : t("downloading", { size: tr.size(received) });

  return (
    <section className="c-panel" aria-labelledby="export-title">
      <h2 id="export-title">{t("exportTitle")}</h2>
      <p>{t("exportIntro")}</p>
      <form className="c-form c-form--wide" onSubmit={submit} noValidate data-testid="export-form">
        <fieldset className="c-fieldset">
          <legend>{t("exportFormat")}</legend>
          {FORMATS.map((f) => (
            <label key={f} className="c-check">
              <input type="radio" name="export-format" checked={format === f} onChange={() => setFormat(f)} data-testid={`export-format-${f}`} />
              <span>{t(`format_${f}`)}</span>
            </label>
          ))}
        </fieldset>

        <fieldset className="c-fieldset" aria-describedby="export-instruments-error">
          <legend>{t("exportInstruments")}</legend>
          {study.instruments.map((id) => (
            <label key={id} className="c-check">
              <input
                type="checkbox"
                checked={instruments.includes(id)}
                onChange={() => setInstruments((list) => (list.includes(id) ? list.filter((x) => x !== id) : [...list, id]))}
                data-testid={`export-instrument-${id}`}
              />
              <InstrumentName id={id} short />
            </label>
          ))}
          <FieldMessage id="export-instruments-error" error={error} field="instruments" local={checked ? noInstrument : null} />
        </fieldset>

        <fieldset className="c-fieldset">
          <legend>{t("exportLabels")}</legend>
          {(["values", "text"] as const).map((v) => (
            <label key={v} className="c-check">
              <input type="radio" name="export-labels" checked={labels === v} onChange={() => setLabels(v)} data-testid={`export-labels-${v}`} />
              <span>{t(`labels_${v}`)}</span>
            </label>
          ))}
        </fieldset>

        <fieldset className="c-fieldset" aria-describedby={analyst ? "export-detail-note" : undefined}>
          <legend>{t("exportDetail")}</legend>
          {(["coarsened", "full"] as const).map((v) => (
            <label key={v} className={analyst && v === "full" ? "c-check c-check--disabled" : "c-check"}>
              <input
                type="radio"
                name="export-detail"
                checked={(analyst ? "coarsened" : detail) === v}
                disabled={analyst && v === "full"}
                onChange={() => setDetail(v)}
                data-testid={`export-detail-${v}`}
              />
              <span>{t(`detail_${v}`)}</span>
            </label>
          ))}
          {analyst && (
            <p className="c-field__hint" id="export-detail-note">
              {t("analystCoarsenedOnly")}
            </p>
          )}
          <FieldMessage id="export-detail-error" error={error} field="detail" />
        </fieldset>

        <fieldset className="c-fieldset">
          <legend>{t("exportFreeText")}</legend>
          {(["omit", "include"] as const).map((v) => (
            <label key={v} className="c-check">
              <input type="radio" name="export-free-text" checked={freeText === v} onChange={() => setFreeText(v)} data-testid={`export-free-text-${v}`} />
              <span>{t(`freeText_${v}`)}</span>
            </label>
          ))}
        </fieldset>

        <div className="c-actions">
          <button type="submit" className="c-button c-button--primary" disabled={action.busy} data-testid="export-download">
            {t("download")}
          </button>
        </div>
        <ActionStatus state={action.state} busyText={busyText} shownFields={["instruments", "detail"]} testId="export-status" />
      </form>
    </section>
  );
}
