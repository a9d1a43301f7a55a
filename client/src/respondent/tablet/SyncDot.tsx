/**
 * The only sign of syncing a respondent sees: a tiny grey dot in the corner, solid when everything has
 * been sent and hollow while responses wait. It tells staff at a glance whether to open the staff screen,
 * and tells a respondent nothing (it is hidden from screen readers and carries no words).
 */
import type { JSX } from "react";
import { useOutboxStatus } from "./useOutboxStatus.ts";

export function SyncDot(): JSX.Element {
  const waiting = (useOutboxStatus()?.pending ?? 0) > 0;
  return <span className={waiting ? "rs-dot rs-dot--waiting" : "rs-dot"} aria-hidden="true" />;
}
