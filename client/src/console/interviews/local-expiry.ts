/**
 * Interview text and audio kept on this computer only while unsent (note-sync.ts, take-store.ts) must not
 * stay on a shared laptop for ever when nobody opens that interview again. At each start of the console:
 *
 *  - unsent notes and interviewee bands of a session are forgotten once nothing in them changed for
 *    LOCAL_KEEP_DAYS days;
 *  - audio takes not uploaded are forgotten LOCAL_KEEP_DAYS days after they were started.
 *
 * And when an interview is seen summarised (its answers closed, its recordings on their way out), whatever
 * this computer still holds of it is forgotten at once: the server would refuse it anyway, and the guide
 * promises the recording is gone within a week of the summary.
 */
import { storageKey } from "./note-sync.ts";
import { allTakes, dropTake, takesOf } from "./take-store.ts";

/** Two weeks: longer than any stretch a prison laptop is expected to be offline, short of lingering. */
export const LOCAL_KEEP_DAYS = 14;
const DAY_MS = 24 * 60 * 60 * 1000;
const PREFIX = storageKey("");

/** The last change (ms since epoch) in a stored record of note-sync, or 0 when none can be read. */
function lastChange(text: string): number {
  try {
    const parsed = JSON.parse(text) as { drafts?: Record<string, { editedAt?: unknown }>; interviewee?: { editedAt?: unknown } };
    const times = [...Object.values(parsed.drafts ?? {}).map((d) => d?.editedAt), parsed.interviewee?.editedAt].filter((t): t is number => typeof t === "number");
    return times.length > 0 ? Math.max(...times) : 0;
  } catch {
    return 0;
  }
}

/** Removes the unsent-note records untouched for LOCAL_KEEP_DAYS; returns the session ids forgotten. */
export function expireNoteDrafts(storage: Storage, now: number): string[] {
  const cutoff = now - LOCAL_KEEP_DAYS * DAY_MS;
  const keys: string[] = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (key?.startsWith(PREFIX)) keys.push(key);
  }
  const gone: string[] = [];
  for (const key of keys) {
    const text = storage.getItem(key);
    if (text === null || lastChange(text) < cutoff) {
      storage.removeItem(key);
      gone.push(key.slice(PREFIX.length));
    }
  }
  return gone;
}

/** Both kinds of local copy, as the console does at start; never throws. */
export async function expireLocalCopies(now = Date.now()): Promise<{ notes: number; takes: number }> {
  let notes = 0;
  try {
    notes = expireNoteDrafts(localStorage, now).length;
  } catch {
    // No localStorage (private mode): nothing was kept.
  }
  const cutoff = now - LOCAL_KEEP_DAYS * DAY_MS;
  const old = (await allTakes()).filter((take) => take.startedAt < cutoff);
  for (const take of old) await dropTake(take.id);
  return { notes, takes: old.length };
}

/** Forgets everything this computer holds of one session (seen summarised). */
export async function forgetSession(sessionId: string): Promise<void> {
  try {
    localStorage.removeItem(storageKey(sessionId));
  } catch {
    // Nothing was kept.
  }
  for (const take of await takesOf(sessionId)) await dropTake(take.id);
}
