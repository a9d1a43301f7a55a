/**
 * Recording an interview in the browser and keeping its recordings: MediaRecorder (audio only, Opus in WebM
 * where the browser has it) with start/stop and the time elapsed, each chunk kept on this computer as it
 * arrives (take-store.ts), the whole take uploaded when it stops, with progress; an audio file recorded
 * elsewhere can be uploaded too. A failed upload stays on the screen (and on the computer) to try again or
 * to save as a file; a take left from a crash is offered when the screen opens again.
 *
 * The recordings the server keeps are listed with their size, when they will be deleted, and a player;
 * each question can jump a player to the moment it was asked. Every take recorded here has a random id, sent
 * with its upload and kept with each "asked now" offset measured in it, so that the jump plays the right
 * recording when there are several; the server keeps a take once, so sending it again is harmless.
 */
import { useCallback, useEffect, useRef, useState, type ChangeEvent, type JSX } from "react";
import { api, ApiError, type User } from "../api.ts";
import { useT } from "../i18n.tsx";
import { ConfirmButton, ErrorBox, useAction } from "../ui.tsx";
import { ACCEPTED_AUDIO, audioTypeOf, interviewApi, isTransient, uploadRecording, type RecordingView, type SessionView } from "./interview-api.ts";
import { shortDay } from "./InterviewsTab.tsx";
import { addChunk, beginTake, dropTake, newTakeId, takeBlob, takesOf, type Take } from "./take-store.ts";

const PREFERRED_TYPES = ["audio/webm;codecs=opus", "audio/ogg;codecs=opus", "audio/webm", "audio/mp4"];
const CHUNK_MS = 5000;

/** "mm:ss", or "h:mm:ss" from an hour. */
export function clockOf(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const two = (n: number) => String(n).padStart(2, "0");
  return h > 0 ? `${h}:${two(m)}:${two(s % 60)}` : `${two(m)}:${two(s % 60)}`;
}

export function recorderSupported(): boolean {
  return typeof window !== "undefined" && typeof MediaRecorder !== "undefined" && !!navigator.mediaDevices?.getUserMedia && window.isSecureContext;
}

function pickType(): string {
  if (typeof MediaRecorder === "undefined" || typeof MediaRecorder.isTypeSupported !== "function") return "";
  return PREFERRED_TYPES.find((type) => MediaRecorder.isTypeSupported(type)) ?? "";
}

export interface Upload {
  key: string;
  /** What it is: a take recorded here, or a file's name. */
  label: string;
  blob: Blob;
  mime: string;
  /** The take's id, for a take recorded here (sent as `X-Take-Id`); null for a file. */
  takeId: string | null;
  sent: number;
  state: "uploading" | "failed";
  error: unknown;
}

export interface Recorder {
  supported: boolean;
  status: "idle" | "starting" | "recording" | "stopping";
  /** Seconds since this recording started (while recording). */
  elapsed: number;
  /** The id of the take being recorded (while recording): what an offset measured now is measured in. */
  takeId: string | null;
  error: unknown;
  /** False when this computer could not keep the audio as it arrived (memory only). */
  keptLocally: boolean;
  uploads: Upload[];
  leftovers: Take[];
  start: () => Promise<void>;
  stop: () => void;
  /** Stops and throws the audio away (recording consent withdrawn). */
  cancel: () => void;
  uploadFile: (file: File) => void;
  retry: (key: string) => void;
  uploadLeftover: (take: Take) => void;
  discardLeftover: (take: Take) => void;
  dismiss: (key: string) => void;
}

/**
 * The recorder of one session. `onUploaded` gets each recording the server stored; `onReloaded` the session's
 * recordings as the server lists them, after an upload turned out to be stored already.
 */
export function useRecorder(sessionId: string, onUploaded: (recording: RecordingView) => void, onReloaded: (recordings: RecordingView[]) => void): Recorder {
  const [status, setStatus] = useState<Recorder["status"]>("idle");
  const [startedAt, setStartedAt] = useState<number | null>(null);
  const [liveTake, setLiveTake] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const [error, setError] = useState<unknown>(null);
  const [keptLocally, setKeptLocally] = useState(true);
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [leftovers, setLeftovers] = useState<Take[]>([]);
  const media = useRef<{ recorder: MediaRecorder; stream: MediaStream; chunks: Blob[]; take: Take | null; seq: number; lock: { release: () => Promise<void> } | null } | null>(null);
  const uploaded = useRef(onUploaded);
  uploaded.current = onUploaded;
  const reloaded = useRef(onReloaded);
  reloaded.current = onReloaded;
  const alive = useRef(true);

  useEffect(() => {
    alive.current = true;
    void takesOf(sessionId).then((takes) => alive.current && setLeftovers(takes.filter((t) => t.bytes > 0)));
    return () => {
      alive.current = false;
      const live = media.current;
      if (live && live.recorder.state !== "inactive") {
        // Leaving the screen mid-recording: what was kept so far is offered when it opens again.
        live.recorder.ondataavailable = null;
        live.recorder.onstop = null;
        live.recorder.stop();
        live.stream.getTracks().forEach((track) => track.stop());
        void live.lock?.release().catch(() => undefined);
      }
    };
  }, [sessionId]);

  useEffect(() => {
    if (status !== "recording") return;
    const timer = window.setInterval(() => setNow(Date.now()), 500);
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", warn);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener("beforeunload", warn);
    };
  }, [status]);

  const patch = (key: string, change: Partial<Upload>) => setUploads((list) => list.map((u) => (u.key === key ? { ...u, ...change } : u)));

  const send = useCallback(
    (upload: Upload) => {
      setUploads((list) => [...list.filter((u) => u.key !== upload.key), { ...upload, state: "uploading", sent: 0, error: null }]);
      const done = async () => {
        if (upload.takeId) await dropTake(upload.takeId);
        if (alive.current) setUploads((list) => list.filter((u) => u.key !== upload.key));
      };
      uploadRecording(sessionId, upload.blob, upload.mime, upload.takeId, (sent) => alive.current && patch(upload.key, { sent })).then(
        async (recording) => {
          await done();
          if (alive.current) uploaded.current(recording);
        },
        async (failure: unknown) => {
          if (!(failure instanceof ApiError && failure.code === "recording.duplicate_take")) {
            if (alive.current) patch(upload.key, { state: "failed", error: failure });
            return;
          }
          // An earlier attempt did arrive (its answer was lost, or the screen closed before it came): the server
          // has this take, so it is done here; the list is read again to show it.
          await done();
          try {
            const view = await api<SessionView>("GET", interviewApi.session(sessionId));
            if (alive.current) reloaded.current(view.recordings);
          } catch {
            // The list is stale until the screen is opened again; the audio is safe on the server.
          }
        },
      );
    },
    [sessionId],
  );

  // Back online: uploads that failed for want of a connection go again by themselves.
  useEffect(() => {
    const again = () => setUploads((list) => {
      for (const u of list) if (u.state === "failed" && isTransient(u.error)) queueMicrotask(() => send(u));
      return list;
    });
    window.addEventListener("online", again);
    return () => window.removeEventListener("online", again);
  }, [send]);

  const start = async () => {
    if (media.current || status !== "idle") return;
    setError(null);
    setStatus("starting");
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: false });
      const type = pickType();
      const recorder = new MediaRecorder(stream, type ? { mimeType: type, audioBitsPerSecond: 48000 } : undefined);
      const mime = recorder.mimeType || type || "audio/webm";
      // The take's id also when this computer cannot keep the take (`take` null): the upload and the offsets
      // measured in it still name it.
      const takeId = newTakeId();
      const take = await beginTake(sessionId, mime, takeId);
      setKeptLocally(take !== null);
      let lock: { release: () => Promise<void> } | null = null;
      try {
        const wakeLock = (navigator as Navigator & { wakeLock?: { request: (type: "screen") => Promise<{ release: () => Promise<void> }> } }).wakeLock;
        if (wakeLock) lock = await wakeLock.request("screen");
      } catch {
        // No wake lock: the computer's own sleep settings apply.
      }
      const live = { recorder, stream, chunks: [] as Blob[], take, seq: 0, lock };
      media.current = live;
      recorder.ondataavailable = (event) => {
        if (event.data.size === 0) return;
        live.chunks.push(event.data);
        if (live.take) void addChunk(live.take, live.seq++, event.data).then((ok) => ok || (alive.current && setKeptLocally(false)));
      };
      recorder.onstop = () => {
        stream.getTracks().forEach((track) => track.stop());
        void lock?.release().catch(() => undefined);
        media.current = null;
        const blob = new Blob(live.chunks, { type: mime });
        if (!alive.current) return;
        setStatus("idle");
        setStartedAt(null);
        setLiveTake(null);
        if (blob.size === 0) return;
        const started = new Date(live.take?.startedAt ?? Date.now());
        send({ key: takeId, label: started.toISOString(), blob, mime, takeId, sent: 0, state: "uploading", error: null });
      };
      recorder.onerror = (event) => {
        setError((event as Event & { error?: unknown }).error ?? new Error("MediaRecorder"));
      };
      recorder.start(CHUNK_MS);
      const begun = Date.now();
      setStartedAt(begun);
      setNow(begun);
      setLiveTake(takeId);
      setStatus("recording");
    } catch (failure) {
      media.current = null;
      setStatus("idle");
      setError(failure);
    }
  };

  const stop = () => {
    const live = media.current;
    if (!live || live.recorder.state === "inactive") return;
    setStatus("stopping");
    live.recorder.stop();
  };

  const cancel = () => {
    const live = media.current;
    if (!live) return;
    live.recorder.ondataavailable = null;
    live.recorder.onstop = null;
    if (live.recorder.state !== "inactive") live.recorder.stop();
    live.stream.getTracks().forEach((track) => track.stop());
    void live.lock?.release().catch(() => undefined);
    if (live.take) void dropTake(live.take.id);
    media.current = null;
    setStatus("idle");
    setStartedAt(null);
    setLiveTake(null);
  };

  const uploadFile = (file: File) => {
    const mime = audioTypeOf(file);
    if (!mime) {
      setUploads((list) => [
        ...list,
        { key: `file-${Date.now()}`, label: file.name, blob: file, mime: file.type, takeId: null, sent: 0, state: "failed", error: new ApiError(415, "request.unsupported_media_type", file.type || file.name) },
      ]);
      return;
    }
    send({ key: `file-${Date.now()}-${file.name}`, label: file.name, blob: file, mime, takeId: null, sent: 0, state: "uploading", error: null });
  };

  return {
    supported: recorderSupported(),
    status,
    elapsed: startedAt === null ? 0 : Math.max(0, (now - startedAt) / 1000),
    takeId: liveTake,
    error,
    keptLocally,
    uploads,
    leftovers,
    start,
    stop,
    cancel,
    uploadFile,
    retry: (key) => {
      const upload = uploads.find((u) => u.key === key);
      if (upload) send(upload);
    },
    uploadLeftover: (take) => {
      setLeftovers((list) => list.filter((t) => t.id !== take.id));
      void takeBlob(take).then((blob) => send({ key: take.id, label: new Date(take.startedAt).toISOString(), blob, mime: take.mime, takeId: take.id, sent: 0, state: "uploading", error: null }));
    },
    discardLeftover: (take) => {
      setLeftovers((list) => list.filter((t) => t.id !== take.id));
      void dropTake(take.id);
    },
    dismiss: (key) => {
      const upload = uploads.find((u) => u.key === key);
      if (upload?.takeId) void dropTake(upload.takeId);
      setUploads((list) => list.filter((u) => u.key !== key));
    },
  };
}

// ---- Players: which one a question's "play from here" drives -----------------------------------------------

/**
 * The recordings' players on the screen. A question's ▶ drives the player of the take its offset was
 * measured in; when that is not known or not here (an offset from before takes had ids, an uploaded file, a
 * deleted recording), the one last played, else the first.
 */
export class Players {
  private players = new Map<string, HTMLAudioElement>();
  private takes = new Map<string, string | null>();
  private order: string[] = [];
  private active: string | null = null;
  private playingId: string | null = null;
  private listeners = new Set<() => void>();

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The recording playing now, if any. */
  playing = (): string | null => this.playingId;

  setPlaying(id: string | null): void {
    if (id === null && this.playingId !== null && this.players.get(this.playingId)?.paused === false) return;
    this.playingId = id;
    for (const listener of this.listeners) listener();
  }

  pause(): void {
    for (const element of this.players.values()) element.pause();
    this.setPlaying(null);
  }

  /** Which recording (1-based, in the list's order) a player belongs to. */
  numberOf(id: string): number {
    return this.order.indexOf(id) + 1;
  }

  /** A recording's player appearing (with the take it holds) or going (`element` null). */
  register(id: string, element: HTMLAudioElement | null, takeId: string | null = null): void {
    if (element) {
      this.players.set(id, element);
      this.takes.set(id, takeId);
      if (!this.order.includes(id)) this.order.push(id);
    } else {
      this.players.delete(id);
      this.takes.delete(id);
      this.order = this.order.filter((x) => x !== id);
    }
  }

  played(id: string): void {
    this.active = id;
    this.setPlaying(id);
  }

  has(): boolean {
    return this.players.size > 0;
  }

  /**
   * Plays from `seconds` in the recording of take `takeId`, else in the active player, pausing any other;
   * returns the element playing (to scroll to), or null.
   */
  playFrom(seconds: number, takeId: string | null = null): HTMLAudioElement | null {
    const own = takeId === null ? undefined : this.order.find((x) => this.players.has(x) && this.takes.get(x) === takeId);
    const id = own ?? (this.active && this.players.has(this.active) ? this.active : this.order.find((x) => this.players.has(x)));
    const element = id ? this.players.get(id) : undefined;
    if (!element) return null;
    for (const other of this.players.values()) if (other !== element) other.pause();
    element.currentTime = seconds;
    void element.play().catch(() => undefined);
    return element;
  }
}

/**
 * A browser-made WebM has no duration in its header, so a player cannot seek in it until it has read it
 * through: asking for a far-off time makes it do that once, then it goes back to the start.
 */
function fixDuration(element: HTMLAudioElement): void {
  if (element.duration !== Infinity) return;
  const back = () => {
    element.removeEventListener("durationchange", back);
    if (element.duration !== Infinity) element.currentTime = 0;
  };
  element.addEventListener("durationchange", back);
  element.currentTime = 1e101;
}

// ---- The panel ---------------------------------------------------------------------------------------

export function RecordingsPanel({
  session,
  user,
  recorder,
  players,
  retentionDays,
  onChanged,
}: {
  session: SessionView;
  user: User;
  recorder: Recorder;
  players: Players;
  retentionDays: number;
  onChanged: (recordings: RecordingView[]) => void;
}): JSX.Element {
  const tr = useT();
  const { t } = tr;
  const deleting = useAction();
  const organiser = user.role === "admin" || user.role === "researcher";
  const canAdd = session.consent.recording && session.state !== "summarised";
  const live = recorder.status === "recording" || recorder.status === "stopping";

  const pickFile = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = "";
    if (file) recorder.uploadFile(file);
  };

  const remove = (recording: RecordingView) =>
    void deleting.run(async () => {
      const deleted = await api<RecordingView>("DELETE", interviewApi.recording(recording.id));
      onChanged(session.recordings.map((r) => (r.id === deleted.id ? { ...r, ...deleted } : r)));
    }, t("ivRecordingDeletedNow"));

  return (
    <section className="c-panel" aria-labelledby="iv-rec-title" data-testid="iv-recordings">
      <h2 id="iv-rec-title">{t("ivRecTitle")}</h2>
      {!session.consent.recording && session.state !== "summarised" && <p className="c-note">{t("ivRecNoConsent")}</p>}
      {canAdd && (
        <div className="c-iv-recorder">
          {recorder.supported ? (
            <div className="c-iv-recorder__row">
              {live ? (
                <button type="button" className="c-button c-button--danger" onClick={recorder.stop} disabled={recorder.status === "stopping"} data-testid="iv-rec-stop">
                  ■ {t("ivRecStop")}
                </button>
              ) : (
                <button type="button" className="c-button c-button--primary" onClick={() => void recorder.start()} disabled={recorder.status === "starting"} data-testid="iv-rec-start">
                  ● {recorder.status === "starting" ? t("ivRecStarting") : t("ivRecStart")}
                </button>
              )}
              {live && (
                <span className="c-iv-live" role="timer" aria-live="off" data-testid="iv-rec-elapsed">
                  <span className="c-iv-live__dot" aria-hidden="true" /> {t("ivRecLive")} {clockOf(recorder.elapsed)}
                </span>
              )}
            </div>
          ) : (
            <p className="c-muted">{t("ivRecUnsupported")}</p>
          )}
          {live && !recorder.keptLocally && <p className="c-note c-note--warn">{t("ivRecMemoryOnly")}</p>}
          {recorder.error != null && <RecorderError error={recorder.error} />}
          <div className="c-iv-file">
            <label className="c-button c-iv-filebutton">
              {t("ivRecFile")}
              <input
                type="file"
                className="c-visually-hidden"
                accept={`audio/*,${[...new Set(Object.values(ACCEPTED_AUDIO))].join(",")}`}
                onChange={pickFile}
                aria-describedby="iv-rec-file-hint"
                data-testid="iv-rec-file"
              />
            </label>
            <p className="c-field__hint" id="iv-rec-file-hint">
              {t("ivRecFileHint")}
            </p>
          </div>
        </div>
      )}

      {recorder.leftovers.length > 0 && (
        <div className="c-note c-note--warn" data-testid="iv-rec-leftovers">
          <p>{t("ivRecLeftovers")}</p>
          <ul className="c-plain">
            {recorder.leftovers.map((take) => (
              <li key={take.id} className="c-iv-upload">
                <span>
                  {tr.dateTime(new Date(take.startedAt).toISOString())} · {tr.size(take.bytes)}
                </span>
                <span className="c-buttons">
                  {canAdd && (
                    <button type="button" className="c-button" onClick={() => recorder.uploadLeftover(take)}>
                      {t("ivRecUpload")}
                    </button>
                  )}
                  <ConfirmButton label={t("ivRecDiscard")} question={t("ivRecDiscardConfirm")} onConfirm={() => recorder.discardLeftover(take)} />
                </span>
              </li>
            ))}
          </ul>
        </div>
      )}

      {recorder.uploads.length > 0 && (
        <ul className="c-plain c-iv-uploads" aria-live="polite">
          {recorder.uploads.map((u) => (
            <li key={u.key} className="c-iv-upload" data-testid="iv-upload" data-state={u.state}>
              <span>
                {/^\d{4}-\d\d-\d\dT/.test(u.label) ? tr.dateTime(u.label) : u.label} · {tr.size(u.blob.size)}
              </span>
              {u.state === "uploading" ? (
                <span className="c-iv-progress">
                  <progress max={u.blob.size || 1} value={u.sent} aria-label={t("ivRecUploading")} />{" "}
                  {t("ivRecUploadingPct", { pct: Math.round((100 * u.sent) / Math.max(1, u.blob.size)) })}
                </span>
              ) : (
                <span className="c-iv-upload__failed">
                  <ErrorBox error={u.error} />
                  <span className="c-buttons">
                    {!(u.error instanceof ApiError && u.error.status === 415) && canAdd && (
                      <button type="button" className="c-button" onClick={() => recorder.retry(u.key)}>
                        {t("retry")}
                      </button>
                    )}
                    {u.takeId !== null && <SaveBlobButton blob={u.blob} name={`intervija-${session.id.slice(0, 8)}-${u.key}.${extensionOf(u.mime)}`} />}
                    <ConfirmButton label={t("ivRecDiscard")} question={t("ivRecDiscardConfirm")} onConfirm={() => recorder.dismiss(u.key)} />
                  </span>
                </span>
              )}
            </li>
          ))}
        </ul>
      )}

      {session.recordings.length === 0 ? (
        <p className="c-muted" data-testid="iv-rec-none">
          {t("ivNoRecordings")}
        </p>
      ) : (
        <ol className="c-plain c-iv-recordings" data-testid="iv-rec-list">
          {session.recordings.map((r, i) => (
            <li key={r.id} className="c-iv-recording" data-testid="iv-recording" data-id={r.id} data-delete-after={r.deleteAfter ?? ""} data-deleted={r.deletedOn ?? ""}>
              <div className="c-iv-recording__head">
                <strong>{t("ivRecordingN", { n: i + 1 })}</strong>
                <span className="c-muted">
                  {tr.size(r.bytes)} · {t("ivAddedOn", { day: shortDay(r.addedOn) })}
                </span>
                <span className={r.deletedOn ? "c-iv-deletion c-iv-deletion--gone" : r.deleteAfter ? "c-iv-deletion c-iv-deletion--set" : "c-iv-deletion"} data-testid="iv-rec-deletion">
                  {r.deletedOn
                    ? t("ivDeletedOn", { day: shortDay(r.deletedOn) })
                    : r.deleteAfter
                      ? t("ivDeletesOn", { day: shortDay(r.deleteAfter) })
                      : t("ivDeletesAfterSummary", { n: retentionDays })}
                </span>
              </div>
              {!r.deletedOn && (
                <div className="c-iv-recording__player">
                  <audio
                    controls
                    preload="metadata"
                    src={interviewApi.recording(r.id)}
                    ref={(element) => players.register(r.id, element, r.takeId)}
                    onPlay={() => players.played(r.id)}
                    onPause={() => players.setPlaying(null)}
                    onEnded={() => players.setPlaying(null)}
                    onLoadedMetadata={(event) => fixDuration(event.currentTarget)}
                    aria-label={t("ivRecordingN", { n: i + 1 })}
                  />
                  {organiser && (
                    <ConfirmButton label={t("ivRecDeleteNow")} question={t("ivRecDeleteNowConfirm")} disabled={deleting.busy} onConfirm={() => remove(r)} testId="iv-rec-delete" />
                  )}
                </div>
              )}
            </li>
          ))}
        </ol>
      )}
      {deleting.state.kind === "error" && <ErrorBox error={deleting.state.error} />}
    </section>
  );
}

function RecorderError({ error }: { error: unknown }): JSX.Element {
  const { t } = useT();
  const name = error instanceof DOMException ? error.name : "";
  if (name === "NotAllowedError" || name === "SecurityError") return <p className="c-field__error">{t("ivRecDenied")}</p>;
  if (name === "NotFoundError" || name === "OverconstrainedError") return <p className="c-field__error">{t("ivRecNoMic")}</p>;
  return <ErrorBox error={error instanceof Error && !(error instanceof ApiError) ? new ApiError(0, "recorder", `${error.name}: ${error.message}`) : error} />;
}

function extensionOf(mime: string): string {
  return (ACCEPTED_AUDIO[mime.split(";")[0]!.trim()] ?? ".webm").slice(1);
}

/** Saves audio that could not be uploaded as a file on this computer, to upload it later by hand. */
function SaveBlobButton({ blob, name }: { blob: Blob; name: string }): JSX.Element {
  const { t } = useT();
  return (
    <button
      type="button"
      className="c-button"
      onClick={() => {
        const url = URL.createObjectURL(blob);
        const a = document.createElement("a");
        a.href = url;
        a.download = name;
        document.body.appendChild(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(url), 60_000);
      }}
    >
      {t("ivRecSaveFile")}
    </button>
  );
}
