/**
 * Autosave of an interview's notes that loses nothing when the laptop's lid closes, the tab crashes or the
 * network drops.
 *
 * Every change is written at once (synchronously) to localStorage, one record per session holding, for each
 * question with unsent changes, the latest text, the skipped flag, the time offset (with the take it was
 * measured in) and the revision the change was made on top of ("base revision"); the interviewee's bands
 * likewise. ~800 ms after the last keystroke the changes are sent (PUT notes with `baseRevision`). A record
 * leaves localStorage only when the server has acknowledged exactly that content, so the computer keeps
 * interview text only while it is unsent.
 *
 * A failed send because of the network or a busy server is retried with backoff (1 s doubling to 30 s), at
 * once when the browser says it is online again, and when the page becomes visible. A 409 interview.stale
 * (someone else saved the question since) is kept as a conflict holding the server's text, so the
 * interviewer can compare and choose; if the server's text is just what this computer sent last (the
 * acknowledgement was lost), the newer local text is sent again without asking. Any other refusal is shown
 * on its question and kept locally until the next edit.
 *
 * On reload the unsent local text is put over the server's: when the server's note is what was sent, the
 * local record is dropped; when it is still the revision the change was based on, the local text is newer
 * and is sent; when someone else changed it since, the send comes back stale and becomes a conflict.
 */
import { ApiError } from "../api.ts";
import { isTransient, putInterviewee, putNote, StaleNote, type NoteRow } from "./interview-api.ts";

export interface NoteValue {
  notes: string;
  skipped: boolean;
  offsetSeconds: number | null;
  /** The take `offsetSeconds` was measured in (drafts stored before takes had ids: null). */
  offsetTake: string | null;
}

interface Draft extends NoteValue {
  /** The server revision this change was made on top of (0: no note on the server yet). */
  baseRevision: number;
  /** When it was last changed here (ms since epoch), for the "restored" notice. */
  editedAt: number;
  /** The last few texts sent for this question without an answer yet, to recognise our own save when its
   * acknowledgement was lost. */
  sent?: string[];
}

interface Stored {
  v: 1;
  drafts: Record<string, Draft>;
  interviewee?: { bands: Record<string, string>; editedAt: number } | undefined;
}

export type SyncState = "saved" | "saving" | "offline" | "conflict" | "error";

export interface SyncStatus {
  state: SyncState;
  /** Changes not yet acknowledged by the server (questions, plus the interviewee block). */
  waiting: number;
  conflicts: number;
  errors: number;
  /** False when this browser refuses to keep anything locally (private mode, full storage). */
  localOk: boolean;
  /** Unsent changes found on this computer when the screen opened. */
  restored: number;
  /** When the next automatic try is due (ms since epoch), while offline. */
  retryAt: number | null;
}

const EMPTY: NoteValue = { notes: "", skipped: false, offsetSeconds: null, offsetTake: null };
const DEBOUNCE_MS = 800;
const BACKOFF_MS = [1000, 2000, 4000, 8000, 15000, 30000];

export const storageKey = (sessionId: string) => `prp.console.interview.${sessionId}`;

const sameValue = (a: NoteValue, b: NoteValue) =>
  a.notes === b.notes && a.skipped === b.skipped && a.offsetSeconds === b.offsetSeconds && a.offsetTake === b.offsetTake;

/** The value part of a note or draft: only these fields are compared, kept and sent. */
const valueOf = (v: NoteValue): NoteValue => ({ notes: v.notes, skipped: v.skipped, offsetSeconds: v.offsetSeconds, offsetTake: v.offsetTake });

export interface NoteSyncOptions {
  storage?: Storage | null;
  now?: () => number;
  /** For tests: how a note and the interviewee block are sent. */
  send?: {
    note: typeof putNote;
    interviewee: typeof putInterviewee;
  };
  debounceMs?: number;
}

export class NoteSync {
  readonly sessionId: string;
  private readonly storage: Storage | null;
  private readonly now: () => number;
  private readonly sendNote: typeof putNote;
  private readonly sendInterviewee: typeof putInterviewee;
  private readonly debounceMs: number;

  private values = new Map<string, NoteValue>();
  private revisions = new Map<string, number>();
  private drafts = new Map<string, Draft>();
  private edits = new Map<string, number>();
  private inFlight = new Set<string>();
  private conflictMap = new Map<string, NoteRow>();
  private errorMap = new Map<string, unknown>();
  private bands: Record<string, string> = {};
  private bandsDraft: { bands: Record<string, string>; editedAt: number } | undefined;
  private bandsEdits = 0;
  private bandsInFlight = false;
  private bandsError: unknown = null;

  private offline = false;
  private localOk = true;
  private restored = 0;
  private attempt = 0;
  private retryAt: number | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private debounceTimer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  private version = 0;
  private listeners = new Set<() => void>();
  /** Called with a note the server stored (text possibly scrubbed). */
  onStored: ((note: NoteRow) => void) | null = null;

  constructor(sessionId: string, options: NoteSyncOptions = {}) {
    this.sessionId = sessionId;
    this.storage = options.storage === undefined ? safeLocalStorage() : options.storage;
    this.now = options.now ?? Date.now;
    this.sendNote = options.send?.note ?? putNote;
    this.sendInterviewee = options.send?.interviewee ?? putInterviewee;
    this.debounceMs = options.debounceMs ?? DEBOUNCE_MS;
    if (!this.storage) this.localOk = false;
  }

  // ---- Reading ---------------------------------------------------------------------------------------

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  snapshot = (): number => this.version;

  value(key: string): NoteValue {
    return this.values.get(key) ?? EMPTY;
  }

  conflict(key: string): NoteRow | undefined {
    return this.conflictMap.get(key);
  }

  error(key: string): unknown {
    return this.errorMap.get(key) ?? null;
  }

  isPending(key: string): boolean {
    return this.drafts.has(key);
  }

  interviewee(): Record<string, string> {
    return this.bands;
  }

  intervieweeError(): unknown {
    return this.bandsError;
  }

  /** Keys with unsent changes (for the finish/summarise checks). */
  waitingCount(): number {
    return this.drafts.size + (this.bandsDraft ? 1 : 0);
  }

  status(): SyncStatus {
    const waiting = this.waitingCount();
    const conflicts = this.conflictMap.size;
    const errors = this.errorMap.size + (this.bandsError ? 1 : 0);
    let state: SyncState = "saved";
    if (conflicts > 0) state = "conflict";
    else if (errors > 0) state = "error";
    else if (waiting > 0 && this.offline) state = "offline";
    else if (waiting > 0 || this.inFlight.size > 0 || this.bandsInFlight) state = "saving";
    return { state, waiting, conflicts, errors, localOk: this.localOk, restored: this.restored, retryAt: this.offline ? this.retryAt : null };
  }

  // ---- Starting and stopping -----------------------------------------------------------------------------

  /**
   * Takes the notes and bands as the server has them, then puts the unsent local changes over them and
   * starts sending those.
   */
  start(notes: readonly NoteRow[], interviewee: Record<string, string> | null): void {
    this.stopped = false;
    this.values.clear();
    this.revisions.clear();
    this.drafts.clear();
    this.conflictMap.clear();
    this.errorMap.clear();
    this.inFlight.clear();
    this.bandsDraft = undefined;
    this.restored = 0;
    for (const note of notes) {
      this.values.set(note.questionKey, valueOf(note));
      this.revisions.set(note.questionKey, note.revision);
    }
    this.bands = { ...(interviewee ?? {}) };
    const stored = this.load();
    for (const [key, draft] of Object.entries(stored.drafts)) {
      const server = this.values.get(key) ?? EMPTY;
      const serverRevision = this.revisions.get(key) ?? 0;
      // The server already has exactly this: it was sent and the acknowledgement was lost.
      if (sameValue(server, draft) && serverRevision >= draft.baseRevision) continue;
      this.values.set(key, valueOf(draft));
      this.drafts.set(key, draft);
      this.restored += 1;
    }
    if (stored.interviewee && JSON.stringify(stored.interviewee.bands) !== JSON.stringify(this.bands)) {
      this.bandsDraft = stored.interviewee;
      this.bands = { ...stored.interviewee.bands };
      this.restored += 1;
    }
    this.persist();
    if (typeof window !== "undefined") {
      window.addEventListener("online", this.handleOnline);
      window.addEventListener("offline", this.handleOffline);
      document.addEventListener("visibilitychange", this.handleVisibility);
      window.addEventListener("pagehide", this.handlePageHide);
      if (typeof navigator !== "undefined" && navigator.onLine === false) this.offline = true;
    }
    this.changed();
    this.flush();
  }

  stop(): void {
    this.stopped = true;
    this.clearTimers();
    if (typeof window !== "undefined") {
      window.removeEventListener("online", this.handleOnline);
      window.removeEventListener("offline", this.handleOffline);
      document.removeEventListener("visibilitychange", this.handleVisibility);
      window.removeEventListener("pagehide", this.handlePageHide);
    }
  }

  // ---- Changing ------------------------------------------------------------------------------------------

  /** A change typed or clicked by the interviewer: kept locally at once, sent after a pause (or at once). */
  edit(key: string, change: Partial<NoteValue>, options: { immediate?: boolean } = {}): void {
    const next = { ...this.value(key), ...change };
    this.values.set(key, next);
    this.edits.set(key, (this.edits.get(key) ?? 0) + 1);
    this.errorMap.delete(key);
    const before = this.drafts.get(key);
    this.drafts.set(key, {
      ...next,
      baseRevision: before?.baseRevision ?? this.revisions.get(key) ?? 0,
      editedAt: this.now(),
      ...(before?.sent ? { sent: before.sent } : {}),
    });
    this.persist();
    this.changed();
    this.schedule(options.immediate ? 0 : this.debounceMs);
  }

  /** The interviewee's band for one item; sent at once. */
  setBand(item: string, value: string): void {
    this.bands = { ...this.bands, [item]: value };
    this.bandsDraft = { bands: this.bands, editedAt: this.now() };
    this.bandsEdits += 1;
    this.bandsError = null;
    this.persist();
    this.changed();
    this.schedule(0);
  }

  /** Settles a conflict: keep this computer's text (sent on top of the server's) or take the server's. */
  resolve(key: string, choice: "mine" | "theirs"): void {
    const current = this.conflictMap.get(key);
    if (!current) return;
    this.conflictMap.delete(key);
    this.revisions.set(key, current.revision);
    if (choice === "theirs") {
      this.values.set(key, valueOf(current));
      this.drafts.delete(key);
      this.edits.set(key, (this.edits.get(key) ?? 0) + 1);
      this.persist();
      this.changed();
      return;
    }
    const draft = this.drafts.get(key);
    if (draft) this.drafts.set(key, { ...draft, baseRevision: current.revision });
    this.persist();
    this.changed();
    this.schedule(0);
  }

  /** Sends everything waiting now (the "try again" button, and before finishing). */
  retryNow(): void {
    for (const key of [...this.errorMap.keys()]) if (this.drafts.has(key)) this.errorMap.delete(key);
    this.bandsError = null;
    this.attempt = 0;
    this.schedule(0);
  }

  /** Resolves when nothing is waiting or in flight, or rejects after `ms`. */
  async settled(ms = 15000): Promise<void> {
    const until = this.now() + ms;
    this.retryNow();
    while (this.waitingCount() > 0 || this.inFlight.size > 0 || this.bandsInFlight) {
      if (this.conflictMap.size > 0 || this.errorMap.size > 0 || this.bandsError) throw new Error("unsettled");
      if (this.now() > until) throw new Error("timeout");
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  // ---- Sending -------------------------------------------------------------------------------------------

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.debounceTimer !== null) clearTimeout(this.debounceTimer);
    this.debounceTimer = setTimeout(() => {
      this.debounceTimer = null;
      this.flush();
    }, ms);
  }

  private flush(options: { keepalive?: boolean } = {}): void {
    if (this.stopped) return;
    if (this.retryTimer !== null) {
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
    }
    for (const key of this.drafts.keys()) {
      if (this.inFlight.has(key) || this.conflictMap.has(key) || this.errorMap.has(key)) continue;
      void this.sendOne(key, options.keepalive === true);
    }
    if (this.bandsDraft && !this.bandsInFlight && !this.bandsError) void this.sendBands();
  }

  private async sendOne(key: string, keepalive: boolean): Promise<void> {
    const draft = this.drafts.get(key);
    if (!draft) return;
    const seq = this.edits.get(key) ?? 0;
    this.inFlight.add(key);
    this.drafts.set(key, { ...draft, sent: [...(draft.sent ?? []).filter((s) => s !== draft.notes).slice(-2), draft.notes] });
    this.persist();
    this.changed();
    try {
      const stored = await this.sendNote(
        this.sessionId,
        key,
        { ...valueOf(draft), baseRevision: draft.baseRevision },
        keepalive ? { keepalive: true } : {},
      );
      this.inFlight.delete(key);
      this.online();
      this.revisions.set(key, stored.revision);
      if ((this.edits.get(key) ?? 0) === seq) {
        // Nothing typed since: the server's (scrubbed) text is the note now, and nothing is left to send.
        this.drafts.delete(key);
        this.values.set(key, valueOf(stored));
        this.onStored?.(stored);
      } else {
        const latest = this.drafts.get(key);
        if (latest) this.drafts.set(key, { ...latest, baseRevision: stored.revision, sent: [] });
        this.schedule(this.debounceMs);
      }
      this.persist();
      this.changed();
    } catch (error) {
      this.inFlight.delete(key);
      if (error instanceof StaleNote) {
        this.online();
        const latest = this.drafts.get(key);
        if (latest && sameValue(error.current, latest)) {
          this.revisions.set(key, error.current.revision);
          this.drafts.delete(key);
          this.persist();
        } else if (latest && (latest.sent ?? []).includes(error.current.notes)) {
          // Our own earlier save (its answer never arrived): go on from it without asking.
          this.revisions.set(key, error.current.revision);
          this.drafts.set(key, { ...latest, baseRevision: error.current.revision, sent: [] });
          this.persist();
          this.schedule(0);
        } else {
          this.conflictMap.set(key, error.current);
        }
      } else if (isTransient(error)) {
        this.wentOffline(error);
      } else if (error instanceof ApiError && error.status === 401) {
        // The session ended: the app shows sign-in; the text stays here and is sent after signing in.
      } else {
        this.online();
        this.errorMap.set(key, error);
      }
      this.changed();
    }
  }

  private async sendBands(): Promise<void> {
    if (!this.bandsDraft) return;
    const seq = this.bandsEdits;
    const bands = this.bandsDraft.bands;
    this.bandsInFlight = true;
    this.changed();
    try {
      await this.sendInterviewee(this.sessionId, bands);
      this.bandsInFlight = false;
      this.online();
      if (this.bandsEdits === seq) this.bandsDraft = undefined;
      else this.schedule(0);
      this.persist();
    } catch (error) {
      this.bandsInFlight = false;
      if (isTransient(error)) this.wentOffline(error);
      else if (!(error instanceof ApiError && error.status === 401)) this.bandsError = error;
    }
    this.changed();
  }

  private online(): void {
    this.offline = false;
    this.attempt = 0;
    this.retryAt = null;
  }

  private wentOffline(_error: unknown): void {
    this.offline = true;
    const wait = BACKOFF_MS[Math.min(this.attempt, BACKOFF_MS.length - 1)]!;
    this.attempt += 1;
    this.retryAt = this.now() + wait;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.flush();
    }, wait);
  }

  private handleOnline = (): void => {
    this.attempt = 0;
    this.flush();
  };

  private handleOffline = (): void => {
    this.offline = true;
    this.changed();
  };

  private handleVisibility = (): void => {
    if (document.visibilityState === "visible") this.flush();
    // Going to the background (lid closing, switching apps): one last try that survives the page's end.
    else if (this.drafts.size > 0) this.flush({ keepalive: true });
  };

  private handlePageHide = (): void => {
    if (this.drafts.size > 0) this.flush({ keepalive: true });
  };

  private clearTimers(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    if (this.debounceTimer !== null) clearTimeout(this.debounceTimer);
    this.retryTimer = null;
    this.debounceTimer = null;
  }

  // ---- Local storage -------------------------------------------------------------------------------------

  private load(): Stored {
    if (!this.storage) return { v: 1, drafts: {} };
    try {
      const text = this.storage.getItem(storageKey(this.sessionId));
      if (!text) return { v: 1, drafts: {} };
      const parsed = JSON.parse(text) as Partial<Stored>;
      if (parsed.v !== 1 || typeof parsed.drafts !== "object" || parsed.drafts === null) return { v: 1, drafts: {} };
      const drafts: Record<string, Draft> = {};
      for (const [key, d] of Object.entries(parsed.drafts)) {
        if (d && typeof d.notes === "string" && typeof d.baseRevision === "number") {
          drafts[key] = {
            notes: d.notes,
            skipped: d.skipped === true,
            offsetSeconds: typeof d.offsetSeconds === "number" ? d.offsetSeconds : null,
            // Drafts kept before offsets named their take have none: an offset of an unknown recording.
            offsetTake: typeof d.offsetSeconds === "number" && typeof d.offsetTake === "string" ? d.offsetTake : null,
            baseRevision: d.baseRevision,
            editedAt: typeof d.editedAt === "number" ? d.editedAt : 0,
            ...(Array.isArray(d.sent) ? { sent: d.sent.filter((x): x is string => typeof x === "string") } : {}),
          };
        }
      }
      const interviewee = parsed.interviewee && typeof parsed.interviewee.bands === "object" ? parsed.interviewee : undefined;
      return { v: 1, drafts, interviewee };
    } catch {
      return { v: 1, drafts: {} };
    }
  }

  private persist(): void {
    if (!this.storage) return;
    const key = storageKey(this.sessionId);
    try {
      if (this.drafts.size === 0 && !this.bandsDraft) {
        this.storage.removeItem(key);
      } else {
        const stored: Stored = { v: 1, drafts: Object.fromEntries(this.drafts), interviewee: this.bandsDraft };
        this.storage.setItem(key, JSON.stringify(stored));
      }
      if (!this.localOk) {
        this.localOk = true;
      }
    } catch {
      this.localOk = false;
    }
  }

  private changed(): void {
    this.version += 1;
    for (const listener of this.listeners) listener();
  }
}

function safeLocalStorage(): Storage | null {
  try {
    if (typeof localStorage === "undefined") return null;
    const probe = "prp.console.probe";
    localStorage.setItem(probe, "1");
    localStorage.removeItem(probe);
    return localStorage;
  } catch {
    return null;
  }
}
