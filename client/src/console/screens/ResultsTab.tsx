/**
 * The Results tab mounts the results page, which is loaded only when the tab is first opened (lazy.tsx):
 * its charts and report code stay out of the console's first download.
 */
import type { JSX } from "react";
import { endSession, type Study, type User } from "../api.ts";
import { useT } from "../i18n.tsx";
import { Deferred } from "../lazy.tsx";

const loadResultsPage = () => import("../results/ResultsPage.tsx").then((m) => ({ default: m.ResultsPage }));

export function ResultsTab({ study, user }: { study: Study; user: User }): JSX.Element {
  const { t, lang } = useT();
  return (
    <Deferred
      load={loadResultsPage}
      props={{ study, role: user.role, lang, onSignedOut: endSession }}
      loadingText={t("resultsLoading")}
      failedText={t("resultsLoadFailed")}
    />
  );
}
