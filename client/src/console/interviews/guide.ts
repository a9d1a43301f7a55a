/**
 * What the interviewer's screen reads from a guide's SurveyJS JSON (GET /api/instruments/:id): the greeting
 * and consent text to read aloud (the first page's html and description elements, before the first
 * question), the sections' titles, and the wording of the interviewee block's bands. The HTML is turned into
 * plain paragraphs here, never put into the page as HTML.
 */
import type { Localised } from "./interview-api.ts";

interface Element {
  type?: string;
  name?: string;
  title?: Localised;
  html?: Localised;
  description?: Localised;
  choices?: unknown[];
  elements?: Element[];
}

interface Page {
  name?: string;
  title?: Localised;
  description?: Localised;
  elements?: Element[];
}

export interface GuideText {
  /** The greeting and what the interviewee agrees to, as paragraphs per language. */
  greeting: Localised[];
  /** A page's title by its name. */
  sectionTitles: Record<string, Localised>;
  /** The wording of each band: item key -> value -> text. */
  bandTexts: Record<string, Record<string, Localised>>;
}

const NOT_QUESTIONS = new Set(["html", "image", "expression", "panel"]);

export function readGuide(json: unknown): GuideText {
  const text: GuideText = { greeting: [], sectionTitles: {}, bandTexts: {} };
  if (!json || typeof json !== "object") return text;
  const pages = ((json as { pages?: Page[] }).pages ?? []).filter((p) => p && typeof p === "object");
  let beforeQuestions = true;
  for (const page of pages) {
    if (page.name && page.title) text.sectionTitles[page.name] = page.title;
    if (beforeQuestions && page.description) text.greeting.push(page.description);
    const walk = (elements: readonly Element[]) => {
      for (const e of elements) {
        if (beforeQuestions && e.type === "html" && e.html) text.greeting.push(e.html);
        else if (beforeQuestions && e.description && (!e.type || NOT_QUESTIONS.has(e.type))) text.greeting.push(e.description);
        if (e.elements) walk(e.elements);
        if (e.type && !NOT_QUESTIONS.has(e.type) && e.name) {
          beforeQuestions = false;
          if (Array.isArray(e.choices)) {
            const bands: Record<string, Localised> = {};
            for (const c of e.choices) {
              if (c && typeof c === "object") {
                const choice = c as { value?: unknown; text?: Localised };
                bands[String(choice.value)] = choice.text ?? String(choice.value);
              } else {
                bands[String(c)] = String(c);
              }
            }
            text.bandTexts[e.name] = bands;
          }
        }
      }
    };
    walk(page.elements ?? []);
  }
  return text;
}

/** The readable paragraphs of a piece of guide HTML ("<p>Labdien!</p><p>…</p>"), without any markup. */
export function paragraphsOf(html: string): string[] {
  if (typeof DOMParser === "undefined") return [html.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim()].filter(Boolean);
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, "text/html");
  const blocks = Array.from(doc.body.querySelectorAll("p, li, h1, h2, h3, h4"));
  const texts = (blocks.length > 0 ? blocks.map((b) => (b.tagName === "LI" ? `• ${b.textContent ?? ""}` : (b.textContent ?? ""))) : [doc.body.textContent ?? ""])
    .map((t) => t.replace(/\s+/g, " ").trim())
    .filter(Boolean);
  return texts;
}
