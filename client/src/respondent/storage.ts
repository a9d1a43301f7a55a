/**
 * Local storage of a prison tablet: its enrolment, the instruments it shows and the key that protects the
 * outbox, all in one IndexedDB database ("prp-tablet").
 *
 * Tablets are shared and often offline, so everything the respondent app needs to start and to run a
 * questionnaire must be on the device, and nothing a respondent typed may sit there in plain text. This
 * module owns the database and the secrets in it: the device token, the PIN hash guarding the staff screen
 * and the non-extractable AES-GCM key with which outbox.ts encrypts responses. It also exports the small
 * promise wrappers around raw IndexedDB (`tx`, `req`) that outbox.ts builds on.
 */

// ---------------------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------------------

export interface InstrumentRef {
  id: string;
  version: string;
  title: { lv: string; ru: string; en: string };
}

export interface DeviceRecord {
  token: string;
  study: { id: string; name: string };
  site: { id: string; name: string };
  instruments: InstrumentRef[];
  enrolledOn: string;
  /** kiosk settings */
  idleSeconds: number;
  hasPin: boolean;
}

/** Why enrolment failed: a server problem code (e.g. "enrolment.invalid_code") or "network". */
export class EnrolmentError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = "EnrolmentError";
    this.code = code;
  }
}

/** The object stores of the "prp-tablet" database. */
export type StoreName = "device" | "instruments" | "outbox" | "aside" | "meta";

/** The device record as stored: `hasPin` is derived from the PIN record so the two can never disagree. */
type StoredDevice = Omit<DeviceRecord, "hasPin">;

interface StoredInstrument {
  id: string;
  version: string;
  json: unknown;
  fetchedAt: string;
}

interface StoredPin {
  salt: Uint8Array<ArrayBuffer>;
  hash: Uint8Array<ArrayBuffer>;
  iterations: number;
}

const DB_NAME = "prp-tablet";
const DB_VERSION = 1;
const ALL_STORES: StoreName[] = ["device", "instruments", "outbox", "aside", "meta"];
const DEVICE_KEY = "current";
const META_OUTBOX_KEY = "outboxKey";
const META_PIN = "pin";
const META_PIN_FAILURES = "pinFailures";

const DEFAULT_IDLE_SECONDS = 120;
const PIN_PATTERN = /^\d{4,8}$/;
const PIN_ITERATIONS = 100_000;
// After this many wrong PINs in a row every further check is slowed down (persisted, so a reload does not
// reset it): a 4-digit PIN must not be guessable by a respondent trying all 10,000 in a few minutes.
const PIN_FREE_ATTEMPTS = 5;
const PIN_MAX_DELAY_MS = 30_000;
const REQUEST_TIMEOUT_MS = 30_000;

// ---------------------------------------------------------------------------------------------------------
// IndexedDB plumbing
// ---------------------------------------------------------------------------------------------------------

let dbPromise: Promise<IDBDatabase> | null = null;

/** Opens (and on first use creates) the database; the connection is shared and reopened when lost. */
function openDb(): Promise<IDBDatabase> {
  if (dbPromise) return dbPromise;
  const opening = new Promise<IDBDatabase>((resolve, reject) => {
    let request: IDBOpenDBRequest;
    try {
      request = indexedDB.open(DB_NAME, DB_VERSION);
    } catch (error) {
      reject(error);
      return;
    }
    request.onupgradeneeded = () => {
      const db = request.result;
      // Version 1: responses and set-aside responses are keyed by their client-made id, so a retry of the
      // same response can never create a second entry.
      if (!db.objectStoreNames.contains("device")) db.createObjectStore("device");
      if (!db.objectStoreNames.contains("instruments")) db.createObjectStore("instruments", { keyPath: "id" });
      if (!db.objectStoreNames.contains("outbox")) db.createObjectStore("outbox", { keyPath: "id" });
      if (!db.objectStoreNames.contains("aside")) db.createObjectStore("aside", { keyPath: "id" });
      if (!db.objectStoreNames.contains("meta")) db.createObjectStore("meta");
    };
    request.onsuccess = () => {
      const db = request.result;
      // Another tab upgrading or deleting the database must not be blocked by this connection.
      db.onversionchange = () => {
        db.close();
        if (dbPromise === opening) dbPromise = null;
      };
      // The browser may close the connection (storage cleared, disk error): reopen on next use.
      db.onclose = () => {
        if (dbPromise === opening) dbPromise = null;
      };
      resolve(db);
    };
    request.onerror = () => reject(request.error ?? new Error("IndexedDB could not be opened."));
  });
  dbPromise = opening;
  // A failed open must not poison every later call; the caller still sees the rejection.
  opening.catch(() => {
    if (dbPromise === opening) dbPromise = null;
  });
  return opening;
}

/**
 * Wraps one IndexedDB request in a promise that resolves with its result and rejects with its error.
 * Use only inside {@link tx}, awaiting nothing but such requests, or the transaction commits early.
 */
export function req<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error("IndexedDB request failed."));
  });
}

/**
 * Runs `fn` in one IndexedDB transaction and resolves with its result once the transaction has committed
 * (so "resolved" means "durably written"). Rejects, and aborts the transaction, when `fn` throws or any
 * request fails. Inside `fn`, await only {@link req} promises: awaiting anything else (fetch, WebCrypto,
 * timers) lets the transaction auto-commit, so do that work before or after.
 */
export function tx<T>(stores: StoreName | StoreName[], mode: IDBTransactionMode, fn: (t: IDBTransaction) => Promise<T> | T): Promise<T> {
  return openDb().then(
    (db) =>
      new Promise<T>((resolve, reject) => {
        let transaction: IDBTransaction;
        try {
          transaction = db.transaction(stores, mode, { durability: "strict" });
        } catch (error) {
          // The connection may have been closed under us: drop it so the next call reopens.
          dbPromise = null;
          reject(error);
          return;
        }
        let result: T;
        let settled = false;
        const fail = (error: unknown) => {
          if (settled) return;
          settled = true;
          reject(error);
        };
        transaction.oncomplete = () => {
          if (settled) return;
          settled = true;
          resolve(result);
        };
        transaction.onabort = () => fail(transaction.error ?? new DOMException("The IndexedDB transaction was aborted.", "AbortError"));
        transaction.onerror = () => fail(transaction.error ?? new Error("IndexedDB transaction failed."));
        let outcome: Promise<T>;
        try {
          outcome = Promise.resolve(fn(transaction));
        } catch (error) {
          outcome = Promise.reject(error);
        }
        outcome.then(
          (value) => {
            result = value;
          },
          (error: unknown) => {
            try {
              transaction.abort();
            } catch {
              // Already finished or aborting; the rejection below still reports the cause.
            }
            fail(error);
          },
        );
      }),
  );
}

/** Reads one value from a store, or undefined. */
function getOne<T>(store: StoreName, key: IDBValidKey): Promise<T | undefined> {
  return tx(store, "readonly", (t) => req(t.objectStore(store).get(key) as IDBRequest<T | undefined>));
}

/** Reads the meta value under `key`, or undefined. Internal helper for outbox.ts. */
export function getMeta<T>(key: string): Promise<T | undefined> {
  return getOne<T>("meta", key);
}

type ResetListener = () => void;
const resetListeners = new Set<ResetListener>();

/**
 * Internal: lets outbox.ts hear when enrolment or reset changed the local data behind its back, so it can
 * tell its own listeners. Returns an unsubscribe function.
 */
export function onLocalDataReset(listener: ResetListener): () => void {
  resetListeners.add(listener);
  return () => resetListeners.delete(listener);
}

function announceReset(): void {
  for (const listener of resetListeners) {
    try {
      listener();
    } catch (error) {
      console.error("local data listener failed", error);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Server answers
// ---------------------------------------------------------------------------------------------------------

interface ProblemBody {
  code: string;
  detail: string;
}

/**
 * Reads an RFC 9457 problem body from our API, or null when the body is not one (a proxy's error page, a
 * captive portal). Internal helper for outbox.ts.
 */
export async function readProblem(response: Response): Promise<ProblemBody | null> {
  const type = response.headers.get("Content-Type") ?? "";
  if (!/json/i.test(type)) return null;
  try {
    const body: unknown = await response.json();
    if (!isObject(body) || typeof body.code !== "string") return null;
    return { code: body.code, detail: typeof body.detail === "string" ? body.detail : "" };
  } catch {
    return null;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isIdName(value: unknown): value is { id: string; name: string } {
  return isObject(value) && typeof value.id === "string" && typeof value.name === "string";
}

function toInstrumentRef(value: unknown): InstrumentRef | null {
  if (!isObject(value) || typeof value.id !== "string" || typeof value.version !== "string") return null;
  const title = isObject(value.title) ? value.title : {};
  const text = (locale: string) => (typeof title[locale] === "string" ? (title[locale] as string) : value.id as string);
  return { id: value.id, version: value.version, title: { lv: text("lv"), ru: text("ru"), en: text("en") } };
}

/** The ETag's opaque value without quotes or weak prefix: the server's instrument version. */
function versionFromEtag(etag: string | null): string | null {
  if (!etag) return null;
  const match = /^(?:W\/)?"([^"]*)"$/.exec(etag.trim());
  return match?.[1] ?? null;
}

// ---------------------------------------------------------------------------------------------------------
// Enrolment and device
// ---------------------------------------------------------------------------------------------------------

/**
 * Enrols this tablet with a code: POST /api/devices, then downloads every instrument JSON and stores it,
 * generates the outbox key. Replaces any previous enrolment.
 *
 * The token is saved as soon as the server answers, before the instruments are downloaded, because the
 * code works only once. An instrument whose download fails is simply missing afterwards
 * ({@link loadInstrument} gives null); {@link refreshInstruments} fetches it later. Kiosk settings and the
 * PIN survive re-enrolment. Queued or set-aside responses of an earlier enrolment are kept, and so is the
 * key that decrypts them; outbox.ts sends them only if the new enrolment is for the same study and site.
 *
 * @param code the enrolment code the research team issued (e.g. "K7QM-2XWD")
 * @returns the new device record
 * @throws EnrolmentError with the server's problem code (e.g. "enrolment.invalid_code"), or "network" when
 *   the server could not be reached or did not answer as our API does
 */
export async function enrol(code: string): Promise<DeviceRecord> {
  let response: Response;
  try {
    response = await fetch("/api/devices", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ code: code.trim() }),
      cache: "no-store",
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch {
    throw new EnrolmentError("network", "The server could not be reached.");
  }
  if (!response.ok) {
    const problem = await readProblem(response);
    throw new EnrolmentError(problem?.code ?? "network", problem?.detail || `The server answered with status ${response.status}.`);
  }
  const body: unknown = await response.json().catch(() => null);
  const instruments = isObject(body) && Array.isArray(body.instruments) ? body.instruments.map(toInstrumentRef) : null;
  if (
    !isObject(body) ||
    typeof body.token !== "string" ||
    !isIdName(body.study) ||
    !isIdName(body.site) ||
    !instruments ||
    instruments.some((ref) => ref === null)
  ) {
    throw new EnrolmentError("network", "The server's answer to the enrolment was not understood.");
  }

  const previous = await getOne<StoredDevice>("device", DEVICE_KEY).catch(() => undefined);
  const stored: StoredDevice = {
    token: body.token,
    study: { id: body.study.id, name: body.study.name },
    site: { id: body.site.id, name: body.site.name },
    instruments: instruments as InstrumentRef[],
    enrolledOn: new Date().toISOString(),
    idleSeconds: previous?.idleSeconds ?? DEFAULT_IDLE_SECONDS,
  };
  // Generated before the transaction because WebCrypto calls would let it auto-commit.
  const freshKey = await newOutboxKey();
  await tx(ALL_STORES, "readwrite", async (t) => {
    const meta = t.objectStore("meta");
    const [queued, setAside, existingKey] = await Promise.all([
      req(t.objectStore("outbox").count()),
      req(t.objectStore("aside").count()),
      req(meta.get(META_OUTBOX_KEY)),
      req(t.objectStore("instruments").clear()),
      req(t.objectStore("device").put(stored, DEVICE_KEY)),
      req(meta.delete("lastError")),
    ]);
    // A new key only when nothing is encrypted with the old one: replacing it would make queued responses
    // unreadable, i.e. lost.
    if (!(existingKey instanceof CryptoKey) || (queued === 0 && setAside === 0)) await req(meta.put(freshKey, META_OUTBOX_KEY));
  });
  announceReset();

  await Promise.allSettled(stored.instruments.map((ref) => downloadInstrument(ref.id, null)));
  const device = await loadDevice();
  if (!device) throw new Error("The enrolment was stored but cannot be read back.");
  return device;
}

/**
 * The tablet's enrolment and kiosk settings.
 * @returns the device record, or null when the tablet is not enrolled
 */
export async function loadDevice(): Promise<DeviceRecord | null> {
  const [stored, pin] = await tx(["device", "meta"], "readonly", (t) =>
    Promise.all([
      req(t.objectStore("device").get(DEVICE_KEY) as IDBRequest<StoredDevice | undefined>),
      req(t.objectStore("meta").get(META_PIN) as IDBRequest<StoredPin | undefined>),
    ]),
  );
  if (!stored) return null;
  return { ...stored, hasPin: pin !== undefined };
}

/**
 * The stored SurveyJS JSON of an instrument and the version it is (the server's ETag).
 * @returns null when the instrument was never downloaded
 */
export async function loadInstrument(id: string): Promise<{ json: unknown; version: string } | null> {
  const stored = await getOne<StoredInstrument>("instruments", id);
  return stored ? { json: stored.json, version: stored.version } : null;
}

/**
 * Downloads one instrument (conditionally when `knownVersion` is given) and stores it, keeping the device
 * record's version in step. Resolves when stored or unchanged (304); rejects on network or HTTP failure.
 */
async function downloadInstrument(id: string, knownVersion: string | null): Promise<void> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (knownVersion !== null) headers["If-None-Match"] = `"${knownVersion}"`;
  const response = await fetch(`/api/instruments/${encodeURIComponent(id)}`, {
    headers,
    // The app keeps its own copy in IndexedDB; the HTTP cache would only blur which version we hold.
    cache: "no-store",
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  if (response.status === 304) return;
  if (!response.ok) throw new Error(`GET /api/instruments/${id} answered ${response.status}`);
  const json: unknown = await response.json();
  const version = versionFromEtag(response.headers.get("ETag"));
  await tx(["device", "instruments"], "readwrite", async (t) => {
    const deviceStore = t.objectStore("device");
    const device = (await req(deviceStore.get(DEVICE_KEY))) as StoredDevice | undefined;
    // Reset or re-enrolled meanwhile into a study without this instrument: do not resurrect it.
    const ref = device?.instruments.find((r) => r.id === id);
    if (!device || !ref) return;
    const stored: StoredInstrument = { id, version: version ?? ref.version, json, fetchedAt: new Date().toISOString() };
    const writes: Promise<unknown>[] = [req(t.objectStore("instruments").put(stored))];
    if (ref.version !== stored.version) {
      const instruments = device.instruments.map((r) => (r.id === id ? { ...r, version: stored.version } : r));
      writes.push(req(deviceStore.put({ ...device, instruments }, DEVICE_KEY)));
    }
    await Promise.all(writes);
  });
}

/**
 * Re-downloads instruments when online (If-None-Match with the stored version); silent when offline.
 * Also fetches instruments missing since enrolment. Never rejects: a failure leaves the stored copy.
 */
export async function refreshInstruments(): Promise<void> {
  if (typeof navigator !== "undefined" && navigator.onLine === false) return;
  let device: DeviceRecord | null;
  try {
    device = await loadDevice();
  } catch (error) {
    console.warn("refreshInstruments: the device record could not be read", error);
    return;
  }
  if (!device) return;
  for (const ref of device.instruments) {
    try {
      const stored = await loadInstrument(ref.id);
      await downloadInstrument(ref.id, stored?.version ?? null);
    } catch {
      // Offline, timed out or the server is unhappy: the stored copy stays valid, try again next time.
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Staff PIN and kiosk settings
// ---------------------------------------------------------------------------------------------------------

async function pbkdf2(pin: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<Uint8Array<ArrayBuffer>> {
  const material = await crypto.subtle.importKey("raw", new TextEncoder().encode(pin), "PBKDF2", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations }, material, 256);
  return new Uint8Array(bits);
}

/** Compares without an early exit, so timing does not tell how much of a guess was right. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return difference === 0;
}

/**
 * PIN of 4-8 digits guarding the staff screen: stored only as PBKDF2-SHA256 (100,000 iterations, random
 * salt) via WebCrypto.
 * @throws RangeError when the PIN is not 4-8 digits
 */
export async function setPin(pin: string): Promise<void> {
  if (!PIN_PATTERN.test(pin)) throw new RangeError("The PIN must be 4 to 8 digits.");
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const hash = await pbkdf2(pin, salt, PIN_ITERATIONS);
  const record: StoredPin = { salt, hash, iterations: PIN_ITERATIONS };
  await tx("meta", "readwrite", (t) =>
    Promise.all([req(t.objectStore("meta").put(record, META_PIN)), req(t.objectStore("meta").delete(META_PIN_FAILURES))]),
  );
}

/**
 * Checks a PIN against the stored hash. Resolves false when no PIN is set. After 5 wrong PINs in a row
 * each check is delayed (1 s doubling to 30 s, kept across reloads) before it answers, so brute force is
 * slow; the right PIN still opens, and resets the count.
 */
export async function checkPin(pin: string): Promise<boolean> {
  const [record, failures] = await tx("meta", "readonly", (t) =>
    Promise.all([
      req(t.objectStore("meta").get(META_PIN) as IDBRequest<StoredPin | undefined>),
      req(t.objectStore("meta").get(META_PIN_FAILURES) as IDBRequest<number | undefined>),
    ]),
  );
  if (!record) return false;
  const failed = typeof failures === "number" ? failures : 0;
  if (failed >= PIN_FREE_ATTEMPTS) {
    const delay = Math.min(1000 * 2 ** (failed - PIN_FREE_ATTEMPTS), PIN_MAX_DELAY_MS);
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
  const ok = PIN_PATTERN.test(pin) && sameBytes(await pbkdf2(pin, record.salt, record.iterations), record.hash);
  await tx("meta", "readwrite", async (t) => {
    const meta = t.objectStore("meta");
    if (ok) {
      await req(meta.delete(META_PIN_FAILURES));
      return;
    }
    // Re-read inside the transaction so wrong guesses from two screens both count.
    const current = (await req(meta.get(META_PIN_FAILURES))) as number | undefined;
    await req(meta.put((typeof current === "number" ? current : 0) + 1, META_PIN_FAILURES));
  });
  return ok;
}

/**
 * Saves the kiosk settings in the device record.
 * @param settings.idleSeconds whole seconds of inactivity after which the UI resets, 5 to 86,400
 * @throws RangeError for an out-of-range value; Error when the tablet is not enrolled
 */
export async function saveSettings(settings: { idleSeconds: number }): Promise<void> {
  const { idleSeconds } = settings;
  if (!Number.isInteger(idleSeconds) || idleSeconds < 5 || idleSeconds > 86_400) {
    throw new RangeError("idleSeconds must be a whole number from 5 to 86400.");
  }
  await tx("device", "readwrite", async (t) => {
    const store = t.objectStore("device");
    const device = (await req(store.get(DEVICE_KEY))) as StoredDevice | undefined;
    if (!device) throw new Error("This tablet is not enrolled.");
    await req(store.put({ ...device, idleSeconds }, DEVICE_KEY));
  });
}

/**
 * Forgets the enrolment and all local data (staff action): device, instruments, PIN, the outbox key and
 * every queued or set-aside response. Unsent responses are lost, so the UI should show
 * `outboxStatus().pending` and ask for confirmation first.
 */
export async function resetDevice(): Promise<void> {
  await tx(ALL_STORES, "readwrite", (t) => Promise.all(ALL_STORES.map((name) => req(t.objectStore(name).clear()))));
  announceReset();
}

/**
 * Asks the browser to keep this origin's storage (navigator.storage.persist); returns its answer.
 * Without it, Chromium may evict IndexedDB under storage pressure and take unsent responses with it.
 */
export async function requestPersistence(): Promise<boolean> {
  try {
    if (typeof navigator === "undefined" || !navigator.storage?.persist) return false;
    if (await navigator.storage.persisted()) return true;
    return await navigator.storage.persist();
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Outbox key
// ---------------------------------------------------------------------------------------------------------

function newOutboxKey(): Promise<CryptoKey> {
  return crypto.subtle.generateKey({ name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"]);
}

/**
 * The outbox encryption key: AES-GCM 256, generated with extractable=false at enrolment and kept as a
 * CryptoKey object in IndexedDB (structured clone), so no script can read the key bytes and stored
 * responses are ciphertext. Creates one if none is stored yet (e.g. after a reset), atomically, so two
 * callers can never end up encrypting with different keys.
 */
export async function outboxKey(): Promise<CryptoKey> {
  const stored = await getMeta<unknown>(META_OUTBOX_KEY);
  if (stored instanceof CryptoKey) return stored;
  const candidate = await newOutboxKey();
  return tx("meta", "readwrite", async (t) => {
    const meta = t.objectStore("meta");
    // Another caller (or tab) may have stored one since the read above: theirs wins.
    const existing: unknown = await req(meta.get(META_OUTBOX_KEY));
    if (existing instanceof CryptoKey) return existing;
    await req(meta.put(candidate, META_OUTBOX_KEY));
    return candidate;
  });
}
