/**
 * What went wrong with a paper form, said in the typist's words: a mistyped number, a form that is not
 * printed, already typed in by this person, finished, or waiting for its differences to be settled. Other
 * problems fall back to the console's usual error box.
 */
import type { JSX } from "react";
import { ApiError } from "../api.ts";
import { useT } from "../i18n.tsx";
import type { TextKey } from "../texts.ts";
import { ErrorBox } from "../ui.tsx";

const MESSAGES: Readonly<Record<string, TextKey>> = {
  "paper.invalid_number": "paperErr_invalidNumber",
  "paper.form_not_found": "paperErr_notFound",
  "paper.already_entered": "paperErr_alreadyEntered",
  "paper.final": "paperErr_final",
  "paper.in_conflict": "paperErr_inConflict",
  "paper.resolver_not_allowed": "paperErr_resolverNotAllowed",
  "paper.not_in_conflict": "paperErr_notInConflict",
  "response.invalid_answers": "paperErr_invalidAnswers",
  "study.channel_not_included": "paperNoChannel",
  "study.closed": "paperStudyClosed",
};

export function PaperProblem({ error, shownFields = [], testId = "error" }: { error: unknown; shownFields?: readonly string[]; testId?: string }): JSX.Element {
  const { t } = useT();
  if (!(error instanceof ApiError) || !MESSAGES[error.code]) return <ErrorBox error={error} shownFields={shownFields} testId={testId} />;
  const unclaimed = error.fields.filter((f) => !shownFields.some((s) => f.path === s || f.path.startsWith(`${s}.`)));
  return (
    <div className="c-error" role="alert" data-testid={testId} data-code={error.code}>
      <p className="c-error__title">{t(MESSAGES[error.code]!, { n: error.fields.length })}</p>
      {unclaimed.length > 0 && (
        <ul className="c-error__fields">
          {unclaimed.map((f) => (
            <li key={`${f.path}:${f.reason}`}>{t("fieldProblem", { field: f.path || "—", reason: f.reason })}</li>
          ))}
        </ul>
      )}
      {error.detail && (
        <p className="c-error__detail c-small">
          {t("serverSaid")} <span lang="en">{error.detail}</span> <span className="c-error__code">({t("errorCode", { code: error.code })})</span>
        </p>
      )}
    </div>
  );
}
