/**
 * Inter-coder agreement on the Coding tab (researchers, admins and analysts): the pair of coders to compare,
 * what a unit is, and per code the 2x2 table, percentage agreement and Cohen's kappa, with the pooled kappa
 * of all codes. The numbers come from analysis/qualitative/agreement.ts through the server; this panel only
 * lays them out, in the language's number style (decimal comma in Latvian and Russian, as the PDF prints).
 *
 * Analysts get the coders by number only (the server sends no e-mails to them).
 */
import { useEffect, useState, type JSX } from "react";
import { REPORT_TEXT } from "../../../../analysis/report-text.ts";
import type { Study } from "../api.ts";
import { useT, type Translator } from "../i18n.tsx";
import { INTL_LOCALE } from "../texts.ts";
import { Loadable, PanelHead, useResource } from "../ui.tsx";
import { formatNumber } from "../results/format.ts";
import { codingApi, type AgreementView } from "./coding-api.ts";

type Pair = { coderA: number; coderB: number };

const pairKey = (pair: Pair) => `${pair.coderA}-${pair.coderB}`;

/**
 * "45,5 %" in Latvian and Russian, "45.5%" in English; "—" without units. The PDF's no-break space before
 * the sign is a plain one here (the cells do not wrap), so what is copied from the table is plain text.
 */
function percent(value: number | null, tr: Translator): string {
  return value === null ? "—" : REPORT_TEXT[tr.lang].percent(formatNumber(value, tr.lang, 1)).replace(/\u00a0/g, " ");
}

function sharedInterviews(n: number, tr: Translator): string {
  const one = new Intl.PluralRules(INTL_LOCALE[tr.lang]).select(n) === "one";
  return tr.t(one ? "cdPairSessionsOne" : "cdPairSessions", { n });
}

export function AgreementPanel({ study, organiser }: { study: Study; organiser: boolean }): JSX.Element {
  const tr = useT();
  const { t } = tr;
  const [pair, setPair] = useState<Pair | null>(null);
  const view = useResource<AgreementView>(codingApi.agreement(study.id, pair ?? undefined));
  // The pairs stay on screen while another pair's agreement loads, so the select keeps its focus.
  const [known, setKnown] = useState<AgreementView | null>(null);
  useEffect(() => {
    if (view.data) setKnown(view.data);
  }, [view.data]);

  const coderLabel = (id: number): string => {
    const email = organiser ? known?.coders.find((c) => c.id === id)?.email : undefined;
    return email || t("cdCoderN", { id });
  };
  const pairs = known?.pairs ?? [];
  const shown = pair ?? (known?.agreement ? { coderA: known.agreement.coderA, coderB: known.agreement.coderB } : null);

  return (
    <section className="c-panel" aria-labelledby="ag-title" data-testid="ag-panel">
      <PanelHead id="ag-title" title={t("cdAgTitle")} resource={view} />
      <p>{t("cdAgIntro")}</p>
      <div className="c-cd-explain">
        <p>{t("cdAgUnit")}</p>
        <p>{t("cdAgStats")}</p>
      </div>
      {pairs.length > 0 && shown && (
        <div className="c-field c-cd-control">
          <label htmlFor="ag-pair">{t("cdAgPair")}</label>
          <select
            id="ag-pair"
            value={pairKey(shown)}
            onChange={(e) => {
              const chosen = pairs.find((p) => pairKey(p) === e.target.value);
              if (chosen) setPair({ coderA: chosen.coderA, coderB: chosen.coderB });
            }}
            data-testid="ag-pair"
          >
            {/* A pair asked for by link but no longer listed stays choosable, so the select shows what is shown. */}
            {!pairs.some((p) => pairKey(p) === pairKey(shown)) && <option value={pairKey(shown)}>{t("cdPairOption", { a: coderLabel(shown.coderA), b: coderLabel(shown.coderB), sessions: "—" })}</option>}
            {pairs.map((p) => (
              <option key={pairKey(p)} value={pairKey(p)}>
                {t("cdPairOption", { a: coderLabel(p.coderA), b: coderLabel(p.coderB), sessions: sharedInterviews(p.sessions, tr) })}
              </option>
            ))}
          </select>
        </div>
      )}
      <Loadable resource={view}>
        {(data) =>
          data.agreement === null ? (
            <p className="c-empty" data-testid="ag-empty">
              {t("cdAgEmpty")}
            </p>
          ) : (
            <AgreementTable agreement={data.agreement} coderLabel={coderLabel} />
          )
        }
      </Loadable>
    </section>
  );
}

function AgreementTable({ agreement, coderLabel }: { agreement: NonNullable<AgreementView["agreement"]>; coderLabel: (id: number) => string }): JSX.Element {
  const tr = useT();
  const { t, lang } = tr;
  const num = (n: number) => formatNumber(n, lang);

  // Each reason kappa is undefined for becomes one numbered note under the table.
  const reasons: { code: string; text: string }[] = [];
  const noteOf = (reason: { code: string; text: Record<"lv" | "en" | "ru", string> } | null): number | null => {
    if (!reason) return null;
    let i = reasons.findIndex((r) => r.code === reason.code);
    if (i < 0) i = reasons.push({ code: reason.code, text: reason.text[lang] ?? reason.text.lv }) - 1;
    return i + 1;
  };
  const kappaCell = (result: { kappa: number | null; undefinedReason: { code: string; text: Record<"lv" | "en" | "ru", string> } | null }, testId: string) => {
    if (result.kappa !== null) {
      return <td data-testid={testId}>{formatNumber(result.kappa, lang, 3)}</td>;
    }
    const note = noteOf(result.undefinedReason);
    const text = result.undefinedReason?.text[lang] ?? "";
    return (
      // The note's number is drawn by CSS (data-note), so the cell's text stays "—".
      <td
        className="c-cd-undefined"
        data-testid={testId}
        data-undefined={result.undefinedReason?.code}
        data-note={note ?? undefined}
        title={text}
        aria-describedby={note ? `ag-note-${result.undefinedReason!.code}` : undefined}
      >
        —
      </td>
    );
  };

  const rows = agreement.codes.map((c) => (
    <tr key={c.codeId} data-testid="ag-row" data-code-id={c.codeId}>
      <th scope="row">{c.path}</th>
      <td>{num(c.n)}</td>
      <td>{num(c.a)}</td>
      <td>{num(c.b)}</td>
      <td>{num(c.c)}</td>
      <td>{num(c.d)}</td>
      <td data-testid="ag-percent">{percent(c.percentAgreement, tr)}</td>
      {kappaCell(c, "ag-kappa")}
    </tr>
  ));
  const pooled = (
    <tr data-testid="ag-pooled">
      <th scope="row">{t("cdAgPooled")}</th>
      <td>{num(agreement.units)}</td>
      <td colSpan={4} />
      <td data-testid="ag-pooled-percent">{percent(agreement.pooled.percentAgreement, tr)}</td>
      {kappaCell(agreement.pooled, "ag-pooled-kappa")}
    </tr>
  );

  return (
    <>
      <dl className="c-cd-figures">
        <div>
          <dt>{t("cdAgUnits")}</dt>
          <dd data-testid="ag-units">{num(agreement.units)}</dd>
        </div>
        <div>
          <dt>{t("cdAgSessions")}</dt>
          <dd data-testid="ag-sessions">{num(agreement.sessions.length)}</dd>
        </div>
        <div>
          <dt>{t("cdAgCoderA")}</dt>
          <dd data-testid="ag-coder-a">{coderLabel(agreement.coderA)}</dd>
        </div>
        <div>
          <dt>{t("cdAgCoderB")}</dt>
          <dd data-testid="ag-coder-b">{coderLabel(agreement.coderB)}</dd>
        </div>
      </dl>
      {agreement.codes.length === 0 ? (
        <p className="c-empty">{t("cdAgNoCodes")}</p>
      ) : (
        <div className="c-tablewrap">
          <table className="c-table c-table--numbers c-cd-agreement" data-testid="ag-table">
            <thead>
              <tr>
                <th scope="col">{t("cdAgColCode")}</th>
                <th scope="col">n</th>
                <th scope="col">a</th>
                <th scope="col">b</th>
                <th scope="col">c</th>
                <th scope="col">d</th>
                <th scope="col">{t("cdAgColPercent")}</th>
                <th scope="col">{t("cdAgColKappa")}</th>
              </tr>
            </thead>
            <tbody>{rows}</tbody>
            <tfoot>{pooled}</tfoot>
          </table>
        </div>
      )}
      <p className="c-field__hint">{t("cdAgLegend")}</p>
      {agreement.codes.length > 0 && reasons.length > 0 && (
        <div className="c-cd-notes" data-testid="ag-notes">
          <p className="c-field__hint">{t("cdAgNotes")}:</p>
          <ol className="c-field__hint">
            {reasons.map((r) => (
              <li key={r.code} id={`ag-note-${r.code}`}>
                {r.text}
              </li>
            ))}
          </ol>
        </div>
      )}
    </>
  );
}
