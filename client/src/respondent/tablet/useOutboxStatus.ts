/**
 * The outbox's status, kept current: read once, then again whenever the outbox says it changed. Staff
 * screens and the sync dot show the same numbers from one place.
 */
import { useEffect, useState } from "react";
import { onOutboxChange, outboxStatus, type OutboxStatus } from "../outbox.ts";

export function useOutboxStatus(): OutboxStatus | null {
  const [status, setStatus] = useState<OutboxStatus | null>(null);
  useEffect(() => {
    let alive = true;
    const refresh = (): void => {
      outboxStatus()
        .then((next) => alive && setStatus(next))
        .catch(() => undefined);
    };
    refresh();
    const unsubscribe = onOutboxChange(refresh);
    return () => {
      alive = false;
      unsubscribe();
    };
  }, []);
  return status;
}
