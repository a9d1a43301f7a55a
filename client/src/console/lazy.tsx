/**
 * Parts of the console loaded only when first opened (the results page, the coding screens): their code
 * stays out of the console's first download, which a cheap tablet on a prison connection feels. If a part's
 * file cannot be fetched (a dropped connection, or a new build replaced it), the place says so and offers
 * to try again with a fresh import.
 */
import { Component, lazy, Suspense, useMemo, useState, type ComponentType, type JSX, type ReactNode } from "react";
import { useT } from "./i18n.tsx";

export interface DeferredProps<P extends object> {
  /** A module-level function (the same one each render), e.g. `() => import("./X.tsx").then((m) => ({ default: m.X }))`. */
  load: () => Promise<{ default: ComponentType<P> }>;
  props: P;
  loadingText: string;
  failedText: string;
}

export function Deferred<P extends object>({ load, props, loadingText, failedText }: DeferredProps<P>): JSX.Element {
  const [attempt, setAttempt] = useState(0);
  // A lazy component remembers a failed import; each retry gets a new one.
  const Part = useMemo(() => lazy(load), [load, attempt]);
  return (
    <LoadBoundary key={attempt} fallback={<LoadFailed text={failedText} onRetry={() => setAttempt((n) => n + 1)} />}>
      <Suspense fallback={<p className="c-loading">{loadingText}</p>}>
        <Part {...props} />
      </Suspense>
    </LoadBoundary>
  );
}

function LoadFailed({ text, onRetry }: { text: string; onRetry: () => void }): JSX.Element {
  const { t } = useT();
  return (
    <div className="c-error" role="alert">
      <p className="c-error__title">{text}</p>
      <button type="button" className="c-button" onClick={onRetry}>
        {t("retry")}
      </button>
    </div>
  );
}

class LoadBoundary extends Component<{ fallback: ReactNode; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render(): ReactNode {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}
