/**
 * Tablets: a researcher picks one of the study's prisons and gets a short enrolment code to type on a new
 * tablet, shown very large with its expiry (Riga time), a QR code of the tablet address and the
 * instruction in all three languages, for whoever sets the tablet up. Below, the study's tablets with
 * their prison, enrolment day, last sync day and status; a tablet can be revoked.
 */
import { useState, type FormEvent, type JSX } from "react";
import { api, type Study } from "../api.ts";
import { useCatalog } from "../catalog.tsx";
import { useT } from "../i18n.tsx";
import { TABLET_INSTRUCTION, type Lang } from "../texts.ts";
import { ActionStatus, ConfirmButton, ListPanel, QrImage, useAction, useResource, useVisibleInterval } from "../ui.tsx";

interface Enrolment {
  code: string;
  expiresAt: string;
  studyId: string;
  siteId: string;
}

interface Device {
  id: string;
  studyId: string;
  siteId: string;
  enrolledOn: string;
  revoked: boolean;
  lastSyncOn?: string | null;
}

const INSTRUCTION_ORDER: readonly Lang[] = ["lv", "ru", "en"];

export function TabletsTab({ study }: { study: Study }): JSX.Element {
  const tr = useT();
  const { t } = tr;
  const catalog = useCatalog();
  const [siteId, setSiteId] = useState(study.sites[0] ?? "");
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const creating = useAction();
  const devices = useResource<Device[]>(`/api/studies/${encodeURIComponent(study.id)}/devices`);
  useVisibleInterval(() => void devices.reload(), 30_000);
  const tabletUrl = `${location.origin}/tablet`;

  const create = (event: FormEvent) => {
    event.preventDefault();
    void creating.run(async () => {
      setEnrolment(null);
      setEnrolment(await api<Enrolment>("POST", `/api/studies/${encodeURIComponent(study.id)}/enrolments`, { siteId }));
    });
  };

  return (
    <div className="c-stack">
      <section className="c-panel" aria-labelledby="enrol-title">
        <h2 id="enrol-title">{t("tabletsTitle")}</h2>
        <p>{t("tabletsIntro")}</p>
        <form className="c-form c-inline-form" onSubmit={create}>
          <div className="c-field">
            <label htmlFor="enrol-site">{t("choosePrison")}</label>
            <select id="enrol-site" value={siteId} onChange={(e) => setSiteId(e.target.value)} data-testid="enrol-site">
              {study.sites.map((id) => (
                <option key={id} value={id}>
                  {catalog.siteName(id)}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="c-button c-button--primary" disabled={creating.busy || !siteId || study.closed} data-testid="create-code">
            {t("createCode")}
          </button>
        </form>
        <ActionStatus state={creating.state} busyText={t("creatingCode")} />

        {enrolment && (
          <div className="c-enrolment" data-testid="enrolment">
            <div className="c-enrolment__code-block">
              <h3>{t("codeFor", { site: catalog.siteName(enrolment.siteId) })}</h3>
              <p className="c-code" data-testid="enrolment-code" data-code={enrolment.code} aria-label={enrolment.code.split("").join(" ")}>
                {enrolment.code.split("-").map((group, i) => (
                  <span key={i} className="c-code__group">
                    {group}
                  </span>
                ))}
              </p>
              <p className="c-enrolment__expiry" data-testid="enrolment-expiry">
                {t("codeExpires", { time: tr.dateTime(enrolment.expiresAt) })}
              </p>
            </div>
            <div className="c-enrolment__where">
              <QrImage text={tabletUrl} size={176} testId="tablet-qr" />
              <div>
                <p className="c-muted c-small">{t("tabletAddress")}</p>
                <p className="c-url">{tabletUrl}</p>
                <ul className="c-trilingual">
                  {INSTRUCTION_ORDER.map((code) => (
                    <li key={code} lang={code}>
                      {TABLET_INSTRUCTION[code]}
                    </li>
                  ))}
                </ul>
              </div>
            </div>
          </div>
        )}
      </section>

      <ListPanel
        id="devices-title"
        title={t("devicesTitle")}
        resource={devices}
        empty={t("noDevices")}
        testId="devices"
        columns={[t("colPrison"), t("colEnrolledOn"), t("colLastSync"), t("colStatus")]}
      >
        {(list) =>
          [...list]
            .sort((a, b) => Number(a.revoked) - Number(b.revoked) || b.enrolledOn.localeCompare(a.enrolledOn))
            .map((device) => (
              <DeviceRow key={device.id} device={device} onRevoked={() => devices.set((old) => (old ?? []).map((d) => (d.id === device.id ? { ...d, revoked: true } : d)))} />
            ))
        }
      </ListPanel>
    </div>
  );
}

function DeviceRow({ device, onRevoked }: { device: Device; onRevoked: () => void }): JSX.Element {
  const tr = useT();
  const { t } = tr;
  const catalog = useCatalog();
  const revoking = useAction();
  return (
    <tr data-testid="device-row">
      <td>{catalog.siteName(device.siteId)}</td>
      <td>{tr.day(device.enrolledOn)}</td>
      <td>{device.lastSyncOn ? tr.day(device.lastSyncOn) : t("never")}</td>
      <td>
        <span className={device.revoked ? "c-badge c-badge--closed" : "c-badge c-badge--open"}>{device.revoked ? t("deviceRevoked") : t("deviceActive")}</span>
      </td>
      <td className="c-table__actions">
        {!device.revoked && (
          <ConfirmButton
            label={t("revoke")}
            question={t("revokeDeviceConfirm")}
            disabled={revoking.busy}
            testId="revoke-device"
            onConfirm={() =>
              void revoking.run(async () => {
                await api("DELETE", `/api/devices/${encodeURIComponent(device.id)}`);
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
