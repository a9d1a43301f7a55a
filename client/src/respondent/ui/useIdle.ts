/**
 * Notices when nobody has touched the screen for a while. Shared tablets rely on it so that a respondent
 * who walks away does not leave their answers for the next person to read.
 *
 * Time is measured with timestamps, not by counting ticks: a tablet whose screen went to sleep stops
 * running timers, and on waking it must see that the whole time has passed.
 */
import { useEffect, useRef } from "react";

/** What counts as someone being there. Pointer movement too: a reader scrolling with a finger. */
const ACTIVITY_EVENTS = ["pointerdown", "pointermove", "keydown", "touchstart", "wheel", "input"] as const;

export function useIdle(active: boolean, timeoutMs: number, onIdle: () => void): void {
  const onIdleRef = useRef(onIdle);
  useEffect(() => {
    onIdleRef.current = onIdle;
  }, [onIdle]);

  useEffect(() => {
    if (!active) return;
    let last = Date.now();
    const touch = (): void => {
      last = Date.now();
    };
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, touch, { capture: true, passive: true });
    const timer = window.setInterval(() => {
      if (Date.now() - last >= timeoutMs) {
        // Start over so a caller that stays active is told again only after another full period.
        last = Date.now();
        onIdleRef.current();
      }
    }, 1000);
    return () => {
      window.clearInterval(timer);
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, touch, { capture: true });
    };
  }, [active, timeoutMs]);
}
