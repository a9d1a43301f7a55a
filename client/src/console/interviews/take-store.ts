/**
 * Audio being recorded is kept on this computer as it arrives (IndexedDB, a chunk every few seconds), so a
 * crash, a closed lid or a failed upload does not lose the interview: the screen offers to upload (or
 * discard) what it finds when it opens again. A take is removed once the server has stored it.
 *
 * Everything here fails soft: without IndexedDB (or when it refuses) the recording still works, from
 * memory only, and the screen says so.
 */

export interface Take {
  /** Random, per take (`newTakeId`): sent with its upload as `X-Take-Id` and named by the offsets measured in it. */
  id: string;
  sessionId: string;
  mime: string;
  startedAt: number;
  /** Bytes kept so far. */
  bytes: number;
}

const DB_NAME = "prp-console-recordings";
const TAKES = "takes";
const CHUNKS = "chunks";

let opening: Promise<IDBDatabase | null> | null = null;

function openDb(): Promise<IDBDatabase | null> {
  if (opening) return opening;
  opening = new Promise((resolve) => {
    try {
      if (typeof indexedDB === "undefined") return resolve(null);
      const request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = () => {
        const db = request.result;
        if (!db.objectStoreNames.contains(TAKES)) db.createObjectStore(TAKES, { keyPath: "id" }).createIndex("session", "sessionId");
        if (!db.objectStoreNames.contains(CHUNKS)) db.createObjectStore(CHUNKS, { keyPath: ["takeId", "seq"] }).createIndex("take", "takeId");
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => resolve(null);
      request.onblocked = () => resolve(null);
    } catch {
      resolve(null);
    }
  });
  return opening;
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error("IndexedDB"));
    tx.onabort = () => reject(tx.error ?? new Error("IndexedDB aborted"));
  });
}

function result<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error("IndexedDB"));
  });
}

/**
 * A new take's id: 128 random bits in hex, nothing about the computer it was made on (the server takes
 * 1-64 of A-Z a-z 0-9 _ - as `X-Take-Id`; takes kept before this had a time-and-random id, also valid).
 */
export function newTakeId(): string {
  const bytes = new Uint8Array(16);
  if (typeof crypto !== "undefined" && typeof crypto.getRandomValues === "function") crypto.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Starts keeping a new take (with this id, else a new one); null when this browser cannot keep one. */
export async function beginTake(sessionId: string, mime: string, id: string = newTakeId()): Promise<Take | null> {
  const db = await openDb();
  if (!db) return null;
  const take: Take = { id, sessionId, mime, startedAt: Date.now(), bytes: 0 };
  try {
    const tx = db.transaction(TAKES, "readwrite");
    tx.objectStore(TAKES).put(take);
    await done(tx);
    return take;
  } catch {
    return null;
  }
}

/** Adds one chunk of audio to a take; false when it could not be kept. */
export async function addChunk(take: Take, seq: number, chunk: Blob): Promise<boolean> {
  const db = await openDb();
  if (!db) return false;
  try {
    const tx = db.transaction([TAKES, CHUNKS], "readwrite");
    tx.objectStore(CHUNKS).put({ takeId: take.id, seq, blob: chunk });
    take.bytes += chunk.size;
    tx.objectStore(TAKES).put({ ...take });
    await done(tx);
    return true;
  } catch {
    return false;
  }
}

/** The takes of a session still on this computer (not uploaded yet), oldest first. */
export async function takesOf(sessionId: string): Promise<Take[]> {
  const db = await openDb();
  if (!db) return [];
  try {
    const tx = db.transaction(TAKES, "readonly");
    const list = await result(tx.objectStore(TAKES).index("session").getAll(sessionId) as IDBRequest<Take[]>);
    return list.sort((a, b) => a.startedAt - b.startedAt);
  } catch {
    return [];
  }
}

/** Every take on this computer, of any session (for the expiry at start-up). */
export async function allTakes(): Promise<Take[]> {
  const db = await openDb();
  if (!db) return [];
  try {
    const tx = db.transaction(TAKES, "readonly");
    return await result(tx.objectStore(TAKES).getAll() as IDBRequest<Take[]>);
  } catch {
    return [];
  }
}

/** A take's audio as one file. */
export async function takeBlob(take: Take): Promise<Blob> {
  const db = await openDb();
  if (!db) return new Blob([], { type: take.mime });
  const tx = db.transaction(CHUNKS, "readonly");
  const chunks = await result(tx.objectStore(CHUNKS).index("take").getAll(take.id) as IDBRequest<{ seq: number; blob: Blob }[]>);
  chunks.sort((a, b) => a.seq - b.seq);
  return new Blob(
    chunks.map((c) => c.blob),
    { type: take.mime },
  );
}

/** Forgets a take (uploaded, or discarded by the interviewer). */
export async function dropTake(takeId: string): Promise<void> {
  const db = await openDb();
  if (!db) return;
  try {
    const tx = db.transaction([TAKES, CHUNKS], "readwrite");
    tx.objectStore(TAKES).delete(takeId);
    const chunks = tx.objectStore(CHUNKS);
    const keys = await result(chunks.index("take").getAllKeys(takeId));
    for (const key of keys) chunks.delete(key);
    await done(tx);
  } catch {
    // Nothing to do: it will be offered again next time and can be discarded then.
  }
}
