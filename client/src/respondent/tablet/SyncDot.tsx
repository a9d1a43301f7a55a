/**
 * The only sign of syncing a respondent sees: a tiny grey dot in the corner, solid when everything has
 * been sent and hollow while responses wait. It tells staff at a glance whether to open the staff screen,
 * and tells a respondent nothing (it is hidden from screen readers and carries no words).
 */
import { useEffect, useState, type JSX } from "react";
import { onOutboxChange, outboxStatus } from "../outbox.ts";

export function SyncDot(): JSX.Element {
  const [waiting, setWaiting] = useState(false);

  useEffect(() => {
    let alive = true;
    const refresh = (): void => {
      outboxStatus()
        .then((status) => alive && setWaiting(status.pending > 0))
        .catch(() => undefined);
    };
    refresh();
    const unsubscribe = onOutboxChange(refresh);
    return () => {
      alive = false;
      unsubscribe();
    };
  }, []);

  return <span className={waiting ? "rs-dot rs-dot--waiting" : "rs-dot"} aria-hidden="true" />;
}
