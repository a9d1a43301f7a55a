/**
 * Family links: a researcher makes a link to one of the study's family questionnaires, for one use or
 * several. The address exists only in the server's answer (the server keeps a hash), so it is shown at
 * once with Copy, a QR code and a printable slip with a short invitation in Latvian, Russian and English.
 * Below, the links made so far (never their addresses) with their use counts; a link can be revoked.
 */
import { useState, type FormEvent, type JSX } from "react";
import { createPortal } from "react-dom";
import { api, type Study } from "../api.ts";
import { InstrumentName } from "../catalog.tsx";
import { useT } from "../i18n.tsx";
import { FAMILY_INVITATION, type Lang } from "../texts.ts";
import { ActionStatus, ConfirmButton, CopyButton, FieldMessage, ListPanel, QrImage, useAction, useResource } from "../ui.tsx";

interface CreatedLink {
  id: string;
  token: string;
  url: string;
  instrumentId: string;
  maxUses: number | null;
}

interface LinkRow {
  id: string;
  studyId: string;
  instrumentId: string;
  maxUses: number | null;
  uses: number;
  createdOn: string;
  revoked: boolean;
}

const SLIP_ORDER: readonly Lang[] = ["lv", "ru", "en"];

export function LinksTab({ study }: { study: Study }): JSX.Element {
  const { t } = useT();
  const family = study.instruments.filter((id) => id.endsWith("-family"));
  const [instrumentId, setInstrumentId] = useState(family[0] ?? "");
  const [multi, setMulti] = useState(false);
  const [maxUses, setMaxUses] = useState("20");
  const [created, setCreated] = useState<CreatedLink | null>(null);
  const [checked, setChecked] = useState(false);
  const creating = useAction();
  const links = useResource<LinkRow[]>(`/api/studies/${encodeURIComponent(study.id)}/links`);

  const uses = Number(maxUses);
  const usesProblem = multi && !(Number.isInteger(uses) && uses >= 2 && uses <= 100_000) ? t("maxUsesRange") : null;
  const error = creating.state.kind === "error" ? creating.state.error : null;

  const create = (event: FormEvent) => {
    event.preventDefault();
    setChecked(true);
    if (usesProblem) return;
    void creating.run(async () => {
      setCreated(null);
      const link = await api<CreatedLink>("POST", `/api/studies/${encodeURIComponent(study.id)}/links`, { instrumentId, maxUses: multi ? uses : 1 });
      setCreated(link);
      void links.reload();
    });
  };

  if (family.length === 0) return <p className="c-note">{t("noFamilyInstruments")}</p>;

  return (
    <div className="c-stack">
      <section className="c-panel" aria-labelledby="link-title">
        <h2 id="link-title">{t("linksTitle")}</h2>
        <p>{t("linksIntro")}</p>
        <form className="c-form" onSubmit={create} noValidate>
          <fieldset className="c-fieldset">
            <legend>{t("linkInstrument")}</legend>
            {family.map((id) => (
              <label key={id} className="c-check">
                <input type="radio" name="link-instrument" checked={instrumentId === id} onChange={() => setInstrumentId(id)} data-testid={`link-instrument-${id}`} />
                <InstrumentName id={id} />
              </label>
            ))}
            <FieldMessage id="link-instrument-error" error={error} field="instrumentId" />
          </fieldset>
          <fieldset className="c-fieldset">
            <legend>{t("linkUse")}</legend>
            <div className="c-row">
              <label className="c-check">
                <input type="radio" name="link-use" checked={!multi} onChange={() => setMulti(false)} data-testid="link-single" />
                <span>{t("singleUse")}</span>
              </label>
              <label className="c-check">
                <input type="radio" name="link-use" checked={multi} onChange={() => setMulti(true)} data-testid="link-multi" />
                <span>{t("multiUse")}</span>
              </label>
            </div>
            {multi && (
              <div className="c-field c-field--narrow">
                <label htmlFor="link-max-uses">{t("maxUses")}</label>
                <input
                  id="link-max-uses"
                  type="number"
                  inputMode="numeric"
                  min={2}
                  max={100000}
                  value={maxUses}
                  aria-describedby="maxUses-error"
                  onChange={(e) => setMaxUses(e.target.value)}
                  data-testid="link-max-uses"
                />
                <FieldMessage id="maxUses-error" error={error} field="maxUses" local={checked ? usesProblem : null} />
              </div>
            )}
          </fieldset>
          <div className="c-actions">
            <button type="submit" className="c-button c-button--primary" disabled={creating.busy || study.closed} data-testid="create-link">
              {t("createLink")}
            </button>
          </div>
          <ActionStatus state={creating.state} busyText={t("creatingLink")} shownFields={["instrumentId", "maxUses"]} />
        </form>
      </section>

      {created && (
        <section className="c-panel c-panel--highlight" aria-labelledby="link-ready-title" data-testid="created-link">
          <h2 id="link-ready-title">
            {t("linkReady")}
          </h2>
          <p className="c-note c-note--warn">{t("linkShownOnce")}</p>
          <div className="c-link-result">
            <input className="c-url-input" readOnly value={created.url} aria-label={t("linkReady")} onFocus={(e) => e.target.select()} data-testid="link-url" />
            <CopyButton text={created.url} testId="copy-link" />
            <button type="button" className="c-button" onClick={() => window.print()} data-testid="print-slip">
              {t("printSlip")}
            </button>
          </div>
          <p className="c-muted c-small">{t("slipPreview")}</p>
          <Slip url={created.url} testId="slip" />
          {/* The copy that prints: a direct child of <body>, so print CSS can hide everything else
              (display: none) and the printout is one slip, not the slip plus blank pages. */}
          {createPortal(
            <div className="c-print-only">
              <Slip url={created.url} />
            </div>,
            document.body,
          )}
        </section>
      )}

      <ListPanel
        id="links-title"
        title={t("existingLinks")}
        resource={links}
        empty={t("noLinks")}
        testId="links"
        columns={[t("linkInstrument"), t("colUses"), t("colCreated"), t("colStatus")]}
      >
        {(list) =>
          [...list]
            .sort((a, b) => Number(a.revoked) - Number(b.revoked) || b.createdOn.localeCompare(a.createdOn))
            .map((link) => (
              <LinkListRow key={link.id} link={link} onRevoked={() => links.set((old) => (old ?? []).map((l) => (l.id === link.id ? { ...l, revoked: true } : l)))} />
            ))
        }
      </ListPanel>
    </div>
  );
}

function LinkListRow({ link, onRevoked }: { link: LinkRow; onRevoked: () => void }): JSX.Element {
  const tr = useT();
  const { t } = tr;
  const revoking = useAction();
  const usedUp = link.maxUses !== null && link.uses >= link.maxUses;
  const status = link.revoked ? t("linkRevoked") : usedUp ? t("linkUsedUp") : t("linkActive");
  return (
    <tr data-testid="link-row">
      <td>
        <InstrumentName id={link.instrumentId} short />
      </td>
      <td>{link.maxUses === null ? t("usesUnlimited", { uses: link.uses }) : t("usesOf", { uses: link.uses, max: link.maxUses })}</td>
      <td>{tr.day(link.createdOn)}</td>
      <td>
        <span className={link.revoked || usedUp ? "c-badge c-badge--closed" : "c-badge c-badge--open"}>{status}</span>
      </td>
      <td className="c-table__actions">
        {!link.revoked && !usedUp && (
          <ConfirmButton
            label={t("revoke")}
            question={t("revokeLinkConfirm")}
            disabled={revoking.busy}
            testId="revoke-link"
            onConfirm={() =>
              void revoking.run(async () => {
                await api("DELETE", `/api/links/${encodeURIComponent(link.id)}`);
                onRevoked();
              }, t("revoked"))
            }
          />
        )}
        <ActionStatus state={revoking.state} busyText={t("revoking")} />
      </td>
    </tr>
  );
}

/** The slip with the QR code, the link and the invitation in three languages. */
function Slip({ url, testId }: { url: string; testId?: string }): JSX.Element {
  return (
    <article className="c-slip" data-testid={testId}>
      <div className="c-slip__qr">
        <QrImage text={url} size={220} testId={testId ? "link-qr" : undefined} />
        <p className="c-slip__url">{url}</p>
      </div>
      <div className="c-slip__texts">
        {SLIP_ORDER.map((code) => (
          <section key={code} lang={code} className="c-slip__lang">
            <h3>{FAMILY_INVITATION[code].title}</h3>
            <p>{FAMILY_INVITATION[code].body}</p>
            <p>{FAMILY_INVITATION[code].how}</p>
          </section>
        ))}
      </div>
    </article>
  );
}
