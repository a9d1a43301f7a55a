/**
 * The one place where a survey-core Model is made for a respondent, so the tablet and the family page
 * set it up the same way: the chosen language, no built-in completed page (the apps show their own
 * thank-you screen after the answers are safe), no animations on cheap tablets, and inputs that ask the
 * browser not to remember what was typed (a shared tablet must not suggest one person's words to the next).
 */
import { Model, settings, surveyLocalization } from "survey-core";
// Side-effect imports: survey-core's own words in Latvian and Russian (error messages, "Other", ...).
import "survey-core/i18n/latvian";
import "survey-core/i18n/russian";
import { LOCALES, texts, type Locale } from "./texts.ts";

// Animations cost frames on cheap tablets and can unsettle some readers; nothing depends on them.
settings.animationEnabled = false;
// A real outline for screen-reader users who jump by heading: the questionnaire's title is the page's
// one h1, each section an h2 and each question an h3 (survey-core's default is h3 / h4 / h5).
settings.titleTags.survey = "h1";
settings.titleTags.page = "h2";
settings.titleTags.panel = "h3";
settings.titleTags.question = "h3";

// The navigation buttons use our own words (texts.ts): survey-core's Latvian "Iepriekšēja lapa" is
// misspelt, its Russian "Готово" does not say that the answers are sent, and short, equal words in all
// three languages are easier for readers with little schooling.
const BUTTON_WORDS = {
  pagePrevText: texts.surveyPrevious,
  pageNextText: texts.surveyNext,
  completeText: texts.surveySubmit,
  startSurveyText: texts.surveyStart,
} as const;
for (const locale of LOCALES) {
  const strings = surveyLocalization.locales[locale] as Record<string, string> | undefined;
  if (!strings) continue;
  for (const [key, words] of Object.entries(BUTTON_WORDS)) strings[key] = words[locale];
}

export interface SurveyResult {
  /** A plain copy of `survey.data`, detached from the model that is about to be thrown away. */
  answers: Record<string, unknown>;
  /** The instrument's `completedHtml` in the respondent's language. */
  completedHtml: string;
}

/** Asks browsers and keyboards not to keep or suggest what the previous respondent typed. */
export function hardenInputs(root: HTMLElement | null | undefined): void {
  if (!root) return;
  for (const input of root.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>("input, textarea")) {
    input.setAttribute("autocomplete", "off");
  }
}

export function createSurveyModel(json: unknown, locale: Locale): Model {
  const model = new Model(json as object);
  model.locale = locale;
  // The app shows its own thank-you screen only once the answers are stored (tablet) or acknowledged
  // (family); survey-core's own page would say "saved" before that is true.
  model.showCompletePage = false;
  model.showProgressBar = true;
  model.progressBarLocation = "top";
  model.onAfterRenderQuestion.add((_sender, options) => hardenInputs(options.htmlElement));
  model.onAfterRenderMatrixCell.add((_sender, options) => hardenInputs(options.htmlElement));
  // Each page is a new section: start reading it from the top, not where the last page was scrolled to.
  model.onCurrentPageChanged.add(() => window.scrollTo({ top: 0 }));
  return model;
}

/** Reads the respondent's answers and thank-you text from a completed model. */
export function readResult(model: Model): SurveyResult {
  // A JSON round trip gives plain data with no link back to the model's internals.
  const answers = JSON.parse(JSON.stringify(model.data ?? {})) as Record<string, unknown>;
  return { answers, completedHtml: model.processedCompletedHtml ?? "" };
}

/**
 * Builds and throws away a model of the instrument while the respondent is still choosing a language, so
 * survey-core's one-time set-up (class metadata, expression parsing, the JIT) is done before the real
 * model is made. Measured on the family page: the step from choosing the language to the start page took
 * 170-300 ms cold. The real model is still made fresh per respondent; this one holds no answers.
 */
export function warmUpSurvey(json: unknown): () => void {
  const run = () => {
    try {
      new Model(json as object).dispose();
    } catch {
      // A warm-up that fails costs nothing; the real model reports its own problems.
    }
  };
  if (typeof requestIdleCallback === "function") {
    const handle = requestIdleCallback(run, { timeout: 1000 });
    return () => cancelIdleCallback(handle);
  }
  const handle = setTimeout(run, 0);
  return () => clearTimeout(handle);
}
