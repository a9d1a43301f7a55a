/**
 * A text shown in Latvian with Russian and English beside it, for the screens that come before anyone
 * has chosen a language (staff set-up, the language choice itself, a family link that no longer works).
 * Each part carries its own `lang`, so a screen reader switches voice for it.
 */
import type { JSX } from "react";
import type { Text } from "./texts.ts";

export interface TrilingualProps {
  text: Text;
  /** "stack": Latvian on its own line, the others smaller below. "inline": all three on one line. */
  layout?: "stack" | "inline";
}

export function Trilingual({ text, layout = "stack" }: TrilingualProps): JSX.Element {
  return (
    <span className={`rs-tri rs-tri--${layout}`}>
      <span lang="lv" className="rs-tri__main">
        {text.lv}
      </span>
      <span className="rs-tri__others">
        <span lang="ru">{text.ru}</span>
        <span className="rs-tri__sep" aria-hidden="true">
          {" · "}
        </span>
        <span lang="en">{text.en}</span>
      </span>
    </span>
  );
}

/** Three paragraphs, one per language, for a longer message read before any language was chosen. */
export function TrilingualParagraphs({ text }: { text: Text }): JSX.Element {
  return (
    <div className="rs-tri-paragraphs">
      <p lang="lv">{text.lv}</p>
      <p lang="ru">{text.ru}</p>
      <p lang="en">{text.en}</p>
    </div>
  );
}

