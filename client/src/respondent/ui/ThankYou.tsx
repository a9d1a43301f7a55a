/**
 * The thank-you screen shown after the answers are safe: the instrument's own `completedHtml` in the
 * respondent's language (trusted text from the study's instrument file), or a plain "Thank you!" if an
 * instrument has none.
 */
import type { JSX } from "react";
import { texts, type Locale } from "./texts.ts";

export function ThankYou({ html, locale }: { html: string; locale: Locale }): JSX.Element {
  return (
    <section className="rs-screen rs-thanks" data-testid="thank-you" role="status">
      {html.trim() ? (
        <div className="rs-thanks__body" dangerouslySetInnerHTML={{ __html: html }} />
      ) : (
        <h1 className="rs-heading">{texts.thankYou[locale]}</h1>
      )}
    </section>
  );
}
