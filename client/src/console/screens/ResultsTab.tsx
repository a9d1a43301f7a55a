/**
 * The Results tab mounts the results page, which is loaded only when the tab is first opened: its charts
 * and report code stay out of the console's first download. If its file cannot be fetched (a dropped
 * connection, or a new build replaced it), the tab says so and offers to try again with a fresh import.
 */
import { Component, lazy, Suspense, useMemo, useState, type JSX, type ReactNode } from "react";
import { endSession, type Study, type User } from "../api.ts";
import { useT } from "../i18n.tsx";

const loadResultsPage = () => import("../results/ResultsPage.tsx");

export function ResultsTab({ study, user }: { study: Study; user: User }): JSX.Element {
  const { t, lang } = useT();
  const [attempt, setAttempt] = useState(0);
  // A lazy component remembers a failed import; each retry gets a new one.
  const ResultsPage = useMemo(() => lazy(loadResultsPage), [attempt]);
  return (
    <LoadBoundary key={attempt} fallback={<LoadFailed onRetry={() => setAttempt((n) => n + 1)} />}>
      <Suspense fallback={<p className="c-loading">{t("resultsLoading")}</p>}>
        <ResultsPage study={study} role={user.role} lang={lang} onSignedOut={endSession} />
      </Suspense>
    </LoadBoundary>
  );
}

function LoadFailed({ onRetry }: { onRetry: () => void }): JSX.Element {
  const { t } = useT();
  return (
    <div className="c-error" role="alert">
      <p className="c-error__title">{t("resultsLoadFailed")}</p>
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
