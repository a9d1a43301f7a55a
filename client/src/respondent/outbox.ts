/**
 * The outbox: how a finished questionnaire gets from a shared, often offline tablet to the server exactly
 * once, without ever lying in the tablet's storage in plain text.
 *
 * A submission is encrypted with the tablet's non-extractable AES-GCM key (storage.ts) and written to
 * IndexedDB before any network call, so closing the tab, a flat battery or a dead network cannot lose it.
 * Sending is idempotent because the response id is made on the client and the server answers a repeat of
 * the same payload with 200: an entry is therefore deleted only after the server confirmed that id, and is
 * simply sent again after any doubt. A response the server refuses for good is moved to "aside" (still
 * encrypted) instead of being dropped or blocking the queue, so research staff can recover it later.
 */
import { getMeta, loadDevice, onLocalDataReset, outboxKey, readProblem, req, tx, type DeviceRecord } from "./storage.ts";

export interface Submission {
  id: string;
  instrumentId: string;
  instrumentVersion: string;
  locale: "lv" | "ru" | "en";
  answers: Record<string, unknown>;
}

export interface AsideEntry {
  id: string;
  instrumentId: string;
  status: number;
  code: string;
  detail: string;
  failedAt: string;
}

export interface OutboxStatus {
  pending: number;
  aside: AsideEntry[];
  lastSyncAt: string | null;
  lastError: string | null;
  syncing: boolean;
}

/**
 * What the "outbox" store holds. The answers (and everything else of the submission) are only inside
 * `ciphertext`; the clear fields are not typed by the respondent. They are bound to the ciphertext as
 * AES-GCM additional data, so editing them in storage makes the entry undecryptable rather than misfiled.
 */
interface QueuedEntry {
  id: string;
  iv: Uint8Array<ArrayBuffer>;
  ciphertext: ArrayBuffer;
  instrumentId: string;
  queuedAt: string;
  /** The enrolment it was made under: sent only while the tablet is enrolled for the same study and site. */
  studyId: string;
  siteId: string;
}

/** What the "aside" store holds: the queued entry, still encrypted, and why the server refused it. */
interface AsideRecord extends QueuedEntry {
  status: number;
  code: string;
  detail: string;
  failedAt: string;
}

type Outcome = { kind: "sent" } | { kind: "aside"; status: number; code: string; detail: string } | { kind: "retry"; error: string };

interface RoundResult {
  sent: number;
  failed: number;
  aside: number;
  /** The round ended early on a transient or tablet-wide error; entries are kept for the next round. */
  stopped: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LOCALES: readonly string[] = ["lv", "ru", "en"];
const SEND_TIMEOUT_MS = 30_000;
const RETRY_BASE_MS = 5_000;
const RETRY_MAX_MS = 5 * 60_000;
const FLUSH_LOCK = "prp-outbox-flush";
const CHANNEL_NAME = "prp-outbox";
const META_LAST_SYNC = "lastSyncAt";
const META_LAST_ERROR = "lastError";
const DETAIL_MAX = 500;

// ---------------------------------------------------------------------------------------------------------
// Change notification (this tab and other tabs of the same origin)
// ---------------------------------------------------------------------------------------------------------

const listeners = new Set<() => void>();
let channel: BroadcastChannel | null = null;

function tellListeners(): void {
  for (const listener of [...listeners]) {
    try {
      listener();
    } catch (error) {
      // One broken listener must not keep the others (or the flush) from running.
      console.error("outbox listener failed", error);
    }
  }
}

function ensureChannel(): void {
  if (channel || typeof BroadcastChannel === "undefined") return;
  try {
    channel = new BroadcastChannel(CHANNEL_NAME);
    channel.onmessage = () => tellListeners();
  } catch {
    channel = null;
  }
}

function notify(): void {
  tellListeners();
  ensureChannel();
  try {
    channel?.postMessage("changed");
  } catch {
    // A closed channel only costs other tabs an update; they also refresh on their own flushes.
  }
}

// Enrolment and reset (storage.ts) change what outboxStatus() reports.
onLocalDataReset(notify);

/**
 * Listeners are told when status changes (enqueue, flush results). Returns an unsubscribe function.
 * Listeners get no argument: call {@link outboxStatus} to read the new state. Changes made by other tabs
 * of the app are reported too.
 */
export function onOutboxChange(listener: () => void): () => void {
  ensureChannel();
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

// ---------------------------------------------------------------------------------------------------------
// Validation and encryption
// ---------------------------------------------------------------------------------------------------------

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A copy with exactly the fields the server accepts (it rejects unknown ones), or a TypeError. */
function normalise(value: unknown): Submission {
  if (!isObject(value)) throw new TypeError("A submission must be an object.");
  const { id, instrumentId, instrumentVersion, locale, answers } = value;
  if (typeof id !== "string" || !UUID.test(id)) throw new TypeError("submission.id must be a UUID from crypto.randomUUID().");
  if (typeof instrumentId !== "string" || instrumentId === "") throw new TypeError("submission.instrumentId is missing.");
  if (typeof instrumentVersion !== "string" || instrumentVersion === "") throw new TypeError("submission.instrumentVersion is missing.");
  if (typeof locale !== "string" || !LOCALES.includes(locale)) throw new TypeError('submission.locale must be "lv", "ru" or "en".');
  if (!isObject(answers)) throw new TypeError("submission.answers must be an object.");
  return { id, instrumentId, instrumentVersion, locale: locale as Submission["locale"], answers };
}

/** JSON with sorted keys, so two equal submissions compare equal whatever order their keys were set in. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    isObject(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v,
  );
}

function additionalData(entry: Pick<QueuedEntry, "id" | "instrumentId" | "studyId" | "siteId">): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(JSON.stringify(["prp-outbox-v1", entry.id, entry.instrumentId, entry.studyId, entry.siteId]));
}

async function encryptEntry(submission: Submission, device: DeviceRecord, key: CryptoKey): Promise<QueuedEntry> {
  const clear = { id: submission.id, instrumentId: submission.instrumentId, studyId: device.study.id, siteId: device.site.id };
  // A fresh 96-bit random IV per entry: AES-GCM must never reuse one with the same key.
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const plaintext = new TextEncoder().encode(JSON.stringify(submission));
  const ciphertext = await crypto.subtle.encrypt({ name: "AES-GCM", iv, additionalData: additionalData(clear) }, key, plaintext);
  // Best effort: do not leave the encoded answers lying in this buffer until it is collected.
  plaintext.fill(0);
  return { ...clear, iv, ciphertext, queuedAt: new Date().toISOString() };
}

async function decryptEntry(entry: QueuedEntry, key: CryptoKey): Promise<Submission> {
  const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: entry.iv, additionalData: additionalData(entry) }, key, entry.ciphertext);
  const bytes = new Uint8Array(plain);
  try {
    return normalise(JSON.parse(new TextDecoder().decode(bytes)));
  } finally {
    bytes.fill(0);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Enqueue
// ---------------------------------------------------------------------------------------------------------

/**
 * Encrypts and stores the response BEFORE any network call; resolves when it is safely in IndexedDB; then
 * starts a flush in the background.
 *
 * Enqueueing the same id again with the same content resolves (a harmless repeat, e.g. a double tap);
 * with different content it rejects, since the server would refuse it as a conflict anyway.
 *
 * @throws TypeError for a malformed submission; Error when the tablet is not enrolled, the id is queued
 *   with other content, or storage fails (then nothing was stored and the UI must not say "sent")
 */
export async function enqueue(submission: Submission): Promise<void> {
  const clean = normalise(submission);
  const device = await loadDevice();
  if (!device) throw new Error("This tablet is not enrolled; the response cannot be stored.");
  const key = await outboxKey();
  const entry = await encryptEntry(clean, device, key);
  const existing = await tx(["outbox", "aside"], "readwrite", async (t) => {
    const outbox = t.objectStore("outbox");
    const [queued, setAside] = await Promise.all([
      req(outbox.get(entry.id) as IDBRequest<QueuedEntry | undefined>),
      req(t.objectStore("aside").get(entry.id) as IDBRequest<AsideRecord | undefined>),
    ]);
    if (queued ?? setAside) return queued ?? setAside;
    await req(outbox.add(entry));
    return undefined;
  });
  if (existing) {
    const earlier = await decryptEntry(existing, key).catch(() => null);
    if (!earlier || canonicalJson(earlier) !== canonicalJson(clean)) {
      throw new Error(`A different response with id ${clean.id} is already stored on this tablet; make a new id.`);
    }
  }
  notify();
  // flush() never rejects, so this cannot become an unhandled rejection.
  void flush();
}

// ---------------------------------------------------------------------------------------------------------
// Sending
// ---------------------------------------------------------------------------------------------------------

/** POSTs one response and says what to do with its entry. Never throws. */
async function send(submission: Submission, token: string): Promise<Outcome> {
  let response: Response;
  try {
    response = await fetch("/api/responses", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json", Authorization: `Bearer ${token}` },
      body: JSON.stringify(submission),
      cache: "no-store",
      // The tablet token is the only credential; a staff session cookie on this browser must not ride along.
      credentials: "omit",
      // A hung connection must not stall the queue; a response that did arrive is confirmed by the retry.
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
    });
  } catch {
    return { kind: "retry", error: "network" };
  }
  const { status } = response;
  if (response.ok) {
    // Only our API's receipt proves the response is stored; a captive portal or proxy also answers 200.
    const body: unknown = await response.json().catch(() => null);
    if (isObject(body) && typeof body.id === "string" && body.id === submission.id) return { kind: "sent" };
    return { kind: "retry", error: "unexpected_response" };
  }
  const problem = await readProblem(response);
  if (status === 408 || status === 429 || status >= 500) return { kind: "retry", error: problem?.code ?? `http.${status}` };
  // Not a problem document from our server (an intermediary's error page): no reason to give up on it.
  if (!problem) return { kind: "retry", error: `http.${status}` };
  // A bad or revoked tablet token is about the tablet, not this response: setting the queue aside would
  // strand every response, while keeping it lets them go out once staff re-enrol the tablet.
  if (status === 401 || (status === 403 && problem.code.startsWith("credential."))) return { kind: "retry", error: problem.code };
  if (status >= 400 && status < 500) return { kind: "aside", status, code: problem.code, detail: problem.detail.slice(0, DETAIL_MAX) };
  return { kind: "retry", error: `http.${status}` };
}

/** Moves an entry from the outbox to "aside" in one transaction; false when it is no longer queued. */
function moveAside(id: string, status: number, code: string, detail: string): Promise<boolean> {
  return tx(["outbox", "aside"], "readwrite", async (t) => {
    const outbox = t.objectStore("outbox");
    const current = (await req(outbox.get(id))) as QueuedEntry | undefined;
    // Gone meanwhile (sent by another tab, or the device was reset): nothing to keep.
    if (!current) return false;
    const record: AsideRecord = { ...current, status, code, detail, failedAt: new Date().toISOString() };
    await Promise.all([req(t.objectStore("aside").put(record)), req(outbox.delete(id))]);
    return true;
  });
}

function removeEntry(id: string): Promise<void> {
  return tx("outbox", "readwrite", async (t) => {
    await req(t.objectStore("outbox").delete(id));
  });
}

/** One pass over the outbox, oldest first, stopping at the first transient failure. */
async function flushRound(): Promise<RoundResult> {
  const result: RoundResult = { sent: 0, failed: 0, aside: 0, stopped: false };
  const device = await loadDevice();
  // Not enrolled: nothing can be sent; entries (if any) wait for an enrolment.
  if (!device) return result;
  const entries = await tx("outbox", "readonly", (t) => req(t.objectStore("outbox").getAll() as IDBRequest<QueuedEntry[]>));
  entries.sort((a, b) => (a.queuedAt < b.queuedAt ? -1 : a.queuedAt > b.queuedAt ? 1 : 0));
  let decided = false;
  let lastError: string | null = null;
  let key: CryptoKey | null = null;

  for (const entry of entries) {
    if (entry.studyId !== device.study.id || entry.siteId !== device.site.id) {
      // Sending it with the new enrolment's token would count it for another study or prison.
      const detail = "Made under an earlier enrolment of this tablet for another study or site; not sent so it is not counted there.";
      if (await moveAside(entry.id, 0, "outbox.enrolment_changed", detail)) result.aside++;
      continue;
    }
    key ??= await outboxKey();
    let submission: Submission | null;
    try {
      submission = await decryptEntry(entry, key);
    } catch {
      if (await moveAside(entry.id, 0, "outbox.undecryptable", "The stored response cannot be decrypted with this tablet's key.")) result.aside++;
      continue;
    }
    const outcome = await send(submission, device.token);
    // Drop the plain answers as soon as they are sent, rather than at the end of the round.
    submission = null;
    if (outcome.kind === "sent") {
      await removeEntry(entry.id);
      result.sent++;
      decided = true;
    } else if (outcome.kind === "aside") {
      if (await moveAside(entry.id, outcome.status, outcome.code, outcome.detail)) result.aside++;
      decided = true;
    } else {
      result.failed++;
      result.stopped = true;
      lastError = outcome.error;
      break;
    }
  }

  await tx("meta", "readwrite", async (t) => {
    const meta = t.objectStore("meta");
    const writes: Promise<unknown>[] = [result.stopped ? req(meta.put(lastError, META_LAST_ERROR)) : req(meta.delete(META_LAST_ERROR))];
    if (decided) writes.push(req(meta.put(new Date().toISOString(), META_LAST_SYNC)));
    await Promise.all(writes);
  });
  return result;
}

/** Runs `fn` while holding a lock shared by all tabs, so two tabs do not send the same entries at once. */
async function withFlushLock<T>(fn: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== "undefined" ? navigator.locks : undefined;
  if (!locks) return fn();
  return locks.request(FLUSH_LOCK, () => fn());
}

let running: Promise<{ sent: number; failed: number; aside: number }> | null = null;
let runAgain = false;
let syncing = false;
/** Set while background sync runs: told after every flush whether it ended on a failure. */
let afterFlush: ((stopped: boolean) => void) | null = null;

/**
 * Sends every queued response once (sequentially); removes each only on 2xx; on 409/other non-retryable
 * 4xx moves it to "aside" (kept encrypted, never dropped); on network error, 5xx, 408, 429 keeps it and
 * stops this round. Resolves with counts.
 *
 * Only one flush runs at a time: a call during a flush joins it, and the running flush then makes one more
 * round so responses queued meanwhile are not left behind. A 401, or a 403 with a `credential.*` code (bad
 * or revoked tablet), counts as transient: the response is kept and the round stops, since the fault is
 * the tablet's enrolment and not the response. Responses made under an earlier enrolment for another
 * study or site, and ones that cannot be decrypted, are moved aside (status 0, code `outbox.*`).
 *
 * Never rejects: a storage failure counts as a failed round and is reported in `lastError`.
 *
 * @returns sent: stored by the server (201, or 200 for a repeat); failed: attempts kept for a later round
 *   (0 or 1 per round, as a round stops there); aside: responses moved aside
 */
export function flush(): Promise<{ sent: number; failed: number; aside: number }> {
  if (running) {
    runAgain = true;
    return running;
  }
  const run = (async () => {
    // Yield first so `running` is set before any listener notified below can call flush() again.
    await null;
    syncing = true;
    notify();
    const total = { sent: 0, failed: 0, aside: 0 };
    let stopped = false;
    try {
      do {
        runAgain = false;
        const round = await withFlushLock(flushRound);
        total.sent += round.sent;
        total.failed += round.failed;
        total.aside += round.aside;
        stopped = round.stopped;
      } while (runAgain && !stopped);
    } catch (error) {
      stopped = true;
      total.failed++;
      console.error("outbox flush failed", error);
      await tx("meta", "readwrite", (t) => req(t.objectStore("meta").put("storage", META_LAST_ERROR))).catch(() => undefined);
    } finally {
      // No await between the loop's last check and here, so a caller who saw `running` set is served.
      running = null;
      syncing = false;
    }
    notify();
    afterFlush?.(stopped);
    return total;
  })();
  running = run;
  return run;
}

// ---------------------------------------------------------------------------------------------------------
// Status
// ---------------------------------------------------------------------------------------------------------

/**
 * The outbox as the staff screen shows it. `pending`: responses waiting to be sent; `aside`: responses the
 * server refused (oldest first, kept encrypted on the tablet); `lastSyncAt`: when the server last took or
 * refused a queued response; `lastError`: why the last round stopped ("network", "unexpected_response",
 * "http.<status>", a server problem code such as "credential.revoked", or "storage"), null after a round
 * that went through; `syncing`: a flush is running in this tab.
 */
export async function outboxStatus(): Promise<OutboxStatus> {
  const [pending, asideRecords] = await tx(["outbox", "aside"], "readonly", (t) =>
    Promise.all([req(t.objectStore("outbox").count()), req(t.objectStore("aside").getAll() as IDBRequest<AsideRecord[]>)]),
  );
  const [lastSyncAt, lastError] = await Promise.all([getMeta<unknown>(META_LAST_SYNC), getMeta<unknown>(META_LAST_ERROR)]);
  const aside = asideRecords
    .map(({ id, instrumentId, status, code, detail, failedAt }): AsideEntry => ({ id, instrumentId, status, code, detail, failedAt }))
    .sort((a, b) => (a.failedAt < b.failedAt ? -1 : a.failedAt > b.failedAt ? 1 : 0));
  return {
    pending,
    aside,
    lastSyncAt: typeof lastSyncAt === "string" ? lastSyncAt : null,
    lastError: typeof lastError === "string" ? lastError : null,
    syncing,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Background sync
// ---------------------------------------------------------------------------------------------------------

interface SyncState {
  users: number;
  delay: number;
  timer: ReturnType<typeof setTimeout> | null;
  onOnline: () => void;
  onVisible: () => void;
}

let sync: SyncState | null = null;

function schedule(state: SyncState, ms: number): void {
  if (state.timer !== null) clearTimeout(state.timer);
  state.timer = setTimeout(() => {
    state.timer = null;
    void flush();
  }, ms);
}

/**
 * Flushes on start, on the window "online" event, and on a timer with exponential backoff after failures
 * (5 s doubling to 5 min, reset after success); returns a stop function.
 *
 * After a successful round it still checks every 5 minutes, because "online" does not fire when only the
 * server (not the Wi-Fi) comes back. It also flushes when the page becomes visible again (a tablet waking
 * up). Calling it again while running shares the one scheduler; it stops when every caller has stopped,
 * so it is safe in a React effect under StrictMode.
 */
export function startBackgroundSync(): () => void {
  if (!sync) {
    const state: SyncState = {
      users: 0,
      delay: RETRY_BASE_MS,
      timer: null,
      onOnline: () => {
        state.delay = RETRY_BASE_MS;
        void flush();
      },
      onVisible: () => {
        if (document.visibilityState === "visible") void flush();
      },
    };
    sync = state;
    afterFlush = (stopped) => {
      if (sync !== state) return;
      if (stopped) {
        schedule(state, state.delay);
        state.delay = Math.min(state.delay * 2, RETRY_MAX_MS);
      } else {
        state.delay = RETRY_BASE_MS;
        schedule(state, RETRY_MAX_MS);
      }
    };
    window.addEventListener("online", state.onOnline);
    document.addEventListener("visibilitychange", state.onVisible);
    void flush();
  }
  const state = sync;
  state.users++;
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    state.users--;
    if (state.users > 0 || sync !== state) return;
    window.removeEventListener("online", state.onOnline);
    document.removeEventListener("visibilitychange", state.onVisible);
    if (state.timer !== null) clearTimeout(state.timer);
    state.timer = null;
    sync = null;
    afterFlush = null;
  };
}
