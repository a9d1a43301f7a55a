/**
 * Shows one respondent's questionnaire. The survey-core Model lives only as long as this component:
 * it is made when the component mounts and disposed when it unmounts, so giving the component a new
 * React key is enough to be sure nothing of the previous person's answers survives in memory or on
 * screen. The model is made inside an effect (not during render) so React's strict-mode double mount
 * gets two separate models instead of one disposed model being reused.
 */
import { useEffect, useRef, useState, type JSX } from "react";
import type { Model } from "survey-core";
import { Survey } from "survey-react-ui";
import { createSurveyModel, hardenInputs, readResult, type SurveyResult } from "./survey.ts";
import { texts, type Locale } from "./texts.ts";

export interface SurveyViewProps {
  json: unknown;
  locale: Locale;
  onComplete: (result: SurveyResult) => void;
}

export function SurveyView({ json, locale, onComplete }: SurveyViewProps): JSX.Element {
  const [model, setModel] = useState<Model | null>(null);
  // The latest callback, without remaking the model (and losing the answers) when the parent re-renders.
  const onCompleteRef = useRef(onComplete);
  useEffect(() => {
    onCompleteRef.current = onComplete;
  }, [onComplete]);

  // The language is fixed for one respondent; reading it once here keeps the model from being remade.
  const localeRef = useRef(locale);
  useEffect(() => {
    const created = createSurveyModel(json, localeRef.current);
    created.onComplete.add((sender) => onCompleteRef.current(readResult(sender)));
    setModel(created);
    return () => {
      setModel(null);
      created.dispose();
    };
  }, [json]);

  useEffect(() => {
    if (model && model.locale !== locale) model.locale = locale;
  }, [model, locale]);

  if (!model) return <p className="rs-status">{texts.loading[locale]}</p>;
  return (
    // Fields that survey-core draws later (an "other" box, a follow-up) get the same no-autofill
    // treatment as the rest the moment they are focused, before anything is typed into them.
    <div className="rs-survey" onFocusCapture={(event) => hardenInputs(event.target instanceof HTMLElement ? event.target.parentElement : null)}>
      <Survey model={model} />
    </div>
  );
}
