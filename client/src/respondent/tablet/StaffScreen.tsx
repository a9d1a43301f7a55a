/**
 * What staff need to look after a tablet in the field: which study and prison it belongs to, how many
 * responses are still on it waiting for a connection, when it last reached the server, which responses
 * the server refused (kept aside, with the reason), a button to sync now, and the idle timeout. It never
 * shows answers. Left alone, it goes back to the kiosk by itself, so a respondent who picks up the tablet
 * after staff walked away cannot change settings.
 */
import { useCallback, useEffect, useId, useState, type JSX, type ReactNode } from "react";
import { loadDevice, refreshInstruments, resetDevice, saveSettings, type DeviceRecord } from "../storage.ts";
import { flush, type AsideEntry } from "../outbox.ts";
import { useOutboxStatus } from "./useOutboxStatus.ts";
import { Trilingual } from "../ui/Trilingual.tsx";
import { asideReasons, fill, INTL_LOCALE, texts, type Text } from "../ui/texts.ts";
import { useIdle } from "../ui/useIdle.ts";

const IDLE_CHOICES_SECONDS = [60, 120, 180, 300, 600, 900] as const;
/** The staff screen closes after this long untouched, or the kiosk's own timeout if that is longer. */
const STAFF_IDLE_MIN_SECONDS = 120;

export interface StaffScreenProps {
  device: DeviceRecord;
  onDeviceChange: (device: DeviceRecord) => void;
  onBack: () => void;
  onDeviceReset: () => void;
}

function filled(template: Text, values: Record<string, string | number>): Text {
  return { lv: fill(template.lv, values), ru: fill(template.ru, values), en: fill(template.en, values) };
}

function when(iso: string | null | undefined): string | null {
  if (!iso) return null;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  // Only a date (YYYY-MM-DD) has no time of day to show.
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(iso);
  return new Intl.DateTimeFormat(INTL_LOCALE.lv, dateOnly ? { dateStyle: "medium" } : { dateStyle: "medium", timeStyle: "short" }).format(date);
}

function idleLabel(seconds: number): Text {
  return seconds % 60 === 0 ? filled(texts.staffIdleOption, { n: seconds / 60 }) : filled(texts.staffIdleOptionSeconds, { n: seconds });
}

export function StaffScreen({ device, onDeviceChange, onBack, onDeviceReset }: StaffScreenProps): JSX.Element {
  // flush() tells the outbox's listeners when it is done, so the status refreshes by itself.
  const status = useOutboxStatus();
  const [syncing, setSyncing] = useState(false);
  const [syncMessage, setSyncMessage] = useState<Text | null>(null);
  const [refreshing, setRefreshing] = useState(false);
  const [refreshMessage, setRefreshMessage] = useState<Text | null>(null);
  const [idleSeconds, setIdleSeconds] = useState(device.idleSeconds);
  const [idleMessage, setIdleMessage] = useState<Text | null>(null);
  const [confirmingReset, setConfirmingReset] = useState(false);
  const idleId = useId();

  useIdle(true, Math.max(STAFF_IDLE_MIN_SECONDS, device.idleSeconds) * 1000, onBack);


  const syncNow = useCallback(async () => {
    setSyncing(true);
    setSyncMessage(null);
    try {
      const result = await flush();
      setSyncMessage(filled(texts.staffSyncResult, result));
    } catch {
      setSyncMessage(texts.staffSyncFailed);
    } finally {
      setSyncing(false);
    }
  }, []);

  const refreshQuestionnaires = useCallback(async () => {
    setRefreshing(true);
    setRefreshMessage(null);
    try {
      await refreshInstruments();
      const fresh = await loadDevice();
      if (fresh) onDeviceChange(fresh);
      setRefreshMessage(texts.staffRefreshDone);
    } catch {
      setRefreshMessage(texts.staffRefreshFailed);
    } finally {
      setRefreshing(false);
    }
  }, [onDeviceChange]);

  const saveIdle = useCallback(async () => {
    setIdleMessage(null);
    try {
      await saveSettings({ idleSeconds });
      const fresh = await loadDevice();
      onDeviceChange(fresh ?? { ...device, idleSeconds });
      setIdleMessage(texts.staffSaved);
    } catch {
      setIdleMessage(texts.staffSaveFailed);
    }
  }, [idleSeconds, device, onDeviceChange]);

  const disconnect = useCallback(async () => {
    try {
      await resetDevice();
      onDeviceReset();
    } catch {
      setConfirmingReset(false);
    }
  }, [onDeviceReset]);

  const pending = status?.pending;
  const idleChoices: number[] = IDLE_CHOICES_SECONDS.includes(device.idleSeconds as (typeof IDLE_CHOICES_SECONDS)[number])
    ? [...IDLE_CHOICES_SECONDS]
    : [...IDLE_CHOICES_SECONDS, device.idleSeconds].sort((a, b) => a - b);

  return (
    <section className="rs-screen rs-staff" aria-labelledby="rs-staff-heading" data-testid="staff-screen">
      <h1 id="rs-staff-heading" className="rs-heading">
        <Trilingual text={texts.staffTitle} />
      </h1>

      <dl className="rs-facts">
        <Fact label={texts.staffStudy}>{device.study.name}</Fact>
        <Fact label={texts.staffSite}>
          <span data-testid="staff-site">{device.site.name}</span>
        </Fact>
        <Fact label={texts.staffEnrolledOn}>{when(device.enrolledOn)}</Fact>
        <Fact label={texts.staffQuestionnaires}>
          <ul className="rs-plain-list">
            {device.instruments.map((instrument) => (
              <li key={instrument.id} lang="lv">
                {instrument.title.lv} <span className="rs-muted">({instrument.id})</span>
              </li>
            ))}
          </ul>
        </Fact>
        <Fact label={texts.staffPending}>
          <strong className="rs-big-number" data-testid="staff-pending">
            {pending ?? "…"}
          </strong>
        </Fact>
        <Fact label={texts.staffLastSync}>
          <span data-testid="staff-last-sync">{status ? (when(status.lastSyncAt) ?? <Trilingual text={texts.staffNever} layout="inline" />) : "…"}</span>
        </Fact>
        {status?.lastError ? <Fact label={texts.staffLastError}>{status.lastError}</Fact> : null}
      </dl>

      <div className="rs-actions rs-actions--start">
        <button type="button" className="rs-button rs-button--primary" data-testid="staff-sync" onClick={() => void syncNow()} disabled={syncing}>
          <Trilingual text={syncing || status?.syncing ? texts.staffSyncingNow : texts.staffSync} layout="inline" />
        </button>
        <button type="button" className="rs-button" onClick={() => void refreshQuestionnaires()} disabled={refreshing}>
          <Trilingual text={texts.staffRefresh} layout="inline" />
        </button>
      </div>
      <div aria-live="polite">
        {syncMessage ? (
          <p className="rs-note" data-testid="staff-sync-result">
            <Trilingual text={syncMessage} />
          </p>
        ) : null}
        {refreshMessage ? (
          <p className="rs-note">
            <Trilingual text={refreshMessage} />
          </p>
        ) : null}
      </div>

      <h2 className="rs-subheading">
        <Trilingual text={texts.staffAside} />
      </h2>
      <AsideList entries={status?.aside ?? []} />

      <h2 className="rs-subheading">
        <label htmlFor={idleId}>
          <Trilingual text={texts.staffIdle} />
        </label>
      </h2>
      <p className="rs-muted">
        <Trilingual text={texts.staffIdleHint} />
      </p>
      <div className="rs-inline-form">
        <select id={idleId} className="rs-select" data-testid="staff-idle" value={idleSeconds} onChange={(event) => setIdleSeconds(Number(event.target.value))}>
          {idleChoices.map((seconds) => (
            <option key={seconds} value={seconds}>
              {idleLabel(seconds).lv}
            </option>
          ))}
        </select>
        <button type="button" className="rs-button" data-testid="staff-idle-save" onClick={() => void saveIdle()}>
          <Trilingual text={texts.staffSave} layout="inline" />
        </button>
        {idleMessage ? (
          <span className="rs-note" role="status">
            <Trilingual text={idleMessage} layout="inline" />
          </span>
        ) : null}
      </div>

      <div className="rs-actions rs-actions--split">
        <button type="button" className="rs-button rs-button--primary rs-button--wide" data-testid="staff-close" onClick={onBack}>
          <Trilingual text={texts.staffBack} layout="inline" />
        </button>
      </div>

      <div className="rs-danger-zone">
        {!confirmingReset ? (
          <button type="button" className="rs-button rs-button--quiet" onClick={() => setConfirmingReset(true)}>
            <Trilingual text={texts.staffReset} layout="inline" />
          </button>
        ) : pending && pending > 0 ? (
          <p className="rs-error" role="alert">
            <Trilingual text={texts.staffResetBlocked} />
          </p>
        ) : (
          <div className="rs-confirm" role="group">
            <p className="rs-error">
              <Trilingual text={texts.staffResetWarning} />
            </p>
            <div className="rs-actions rs-actions--start">
              <button type="button" className="rs-button" onClick={() => setConfirmingReset(false)}>
                <Trilingual text={texts.cancel} layout="inline" />
              </button>
              <button type="button" className="rs-button rs-button--danger" data-testid="staff-reset-confirm" onClick={() => void disconnect()}>
                <Trilingual text={texts.staffResetConfirm} layout="inline" />
              </button>
            </div>
          </div>
        )}
      </div>
    </section>
  );
}

function Fact({ label, children }: { label: Text; children: ReactNode }): JSX.Element {
  return (
    <div className="rs-fact">
      <dt>
        <Trilingual text={label} />
      </dt>
      <dd>{children}</dd>
    </div>
  );
}

function AsideList({ entries }: { entries: readonly AsideEntry[] }): JSX.Element {
  if (entries.length === 0) {
    return (
      <p data-testid="staff-aside-none">
        <Trilingual text={texts.staffAsideNone} layout="inline" />
      </p>
    );
  }
  return (
    <ul className="rs-aside-list" data-testid="staff-aside">
      {entries.map((entry) => {
        const reason = asideReasons[entry.code];
        return (
          <li key={entry.id} className="rs-aside">
            <div>
              <strong>{entry.instrumentId}</strong> · {when(entry.failedAt)}
            </div>
            <div>{reason ? <Trilingual text={reason} /> : <span>{entry.detail || entry.code}</span>}</div>
            <div className="rs-muted">
              {entry.status} {entry.code}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
