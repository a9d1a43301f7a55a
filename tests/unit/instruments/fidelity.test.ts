/**
 * The Latvian wording of every instrument is the study's, question by question. Every Latvian string a
 * person reads (titles, answers, row and column labels, greeting and closing paragraphs) must appear in
 * the appendices' text after folding whitespace, unless it is listed as platform text with a reason.
 */
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { loadCatalog } from "../../../instruments/catalog.ts";
import { INTERLEAVED_TEXT, PLATFORM_TEXT } from "./platform-text.ts";

const fold = (s: string): string => s.replace(/\s+/g, " ").trim();
const appendices = fold(readFileSync(new URL("../../fixtures/appendices.txt", import.meta.url), "utf8"));

/** The folded text of one appendix, from its heading to the next appendix's heading. */
function appendixText(n: number): string {
  const start = appendices.indexOf(`Pielikums Nr. ${n}. `);
  const end = appendices.indexOf(`Pielikums Nr. ${n + 1}. `);
  if (start < 0) throw new Error(`appendix ${n} not found in the fixture`);
  return appendices.slice(start, end < 0 ? undefined : end);
}

/** The PDF letters the follow-ups of the "informed" question a)-h); the instruments always use a)/b). */
const withoutFollowUpLetter = (s: string): string => s.replace(/^[a-h]\) /, "");

/** The few HTML entities an instrument's paragraphs use, so "Ernst &amp; Young" compares as printed. */
const decodeEntities = (s: string): string =>
  s.replace(/&amp;/g, "&").replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&nbsp;/g, " ");

interface LatvianText {
  where: string;
  text: string;
  isQuestionTitle: boolean;
}

/** Every Latvian string of one instrument, HTML split into paragraphs with the tags removed. */
function latvianTexts(json: unknown): LatvianText[] {
  const out: LatvianText[] = [];
  const visit = (node: unknown, path: string, parent: Record<string, unknown> | null): void => {
    if (Array.isArray(node)) return node.forEach((n, i) => visit(n, `${path}[${i}]`, parent));
    if (!node || typeof node !== "object") return;
    const record = node as Record<string, unknown>;
    for (const [key, value] of Object.entries(record)) {
      const here = `${path}.${key}`;
      const lv = value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>).lv : undefined;
      if (typeof lv === "string") {
        if (key === "completedHtml" || key === "html") {
          for (const paragraph of lv.split(/<\/p>|<\/h3>/)) {
            const plain = decodeEntities(fold(paragraph.replace(/<[^>]+>/g, " ")));
            if (plain) out.push({ where: here, text: plain, isQuestionTitle: false });
          }
        } else {
          const isQuestionTitle = key === "title" && typeof record.type === "string" && record.type !== "html";
          out.push({ where: `${here} (${String(record.name ?? record.value ?? "")})`, text: fold(lv), isQuestionTitle });
        }
      } else {
        visit(value, here, record);
      }
    }
  };
  visit(json, "", null);
  return out;
}

const catalog = loadCatalog();

describe.each(catalog.map((c) => [c.descriptor.id, c] as const))("%s", (_id, { descriptor, json }) => {
  test("every Latvian text is its own appendix's wording or declared platform text", () => {
    const source = appendixText(descriptor.appendix);
    const interleaved = new Map(INTERLEAVED_TEXT.map((i) => [`${i.appendix}:${i.text}`, i.pieces]));
    const notFound = latvianTexts(json)
      .filter(({ text }) => {
        if (text in PLATFORM_TEXT) return false;
        const pieces = interleaved.get(`${descriptor.appendix}:${text}`);
        if (pieces) return !pieces.every((p) => source.includes(p));
        return !source.includes(withoutFollowUpLetter(text));
      })
      .map(({ where, text }) => `${where}: ${text}`);
    expect(notFound).toEqual([]);
  });
});

test("at least 30 question titles across the instruments match their appendix exactly", () => {
  const titles = catalog.flatMap((c) =>
    latvianTexts(c.json)
      .filter((t) => t.isQuestionTitle)
      .map((t) => ({ ...t, source: appendixText(c.descriptor.appendix) })),
  );
  const exact = titles.filter((t) => t.source.includes(withoutFollowUpLetter(t.text)));
  expect(exact.length).toBeGreaterThanOrEqual(30);
  expect(exact.length).toBe(titles.length);
});

test("interleaved texts are declared consistently", () => {
  for (const { appendix, text, pieces } of INTERLEAVED_TEXT) {
    expect(pieces.join(" ")).toBe(text);
    expect(appendixText(appendix).includes(text)).toBe(false);
  }
});

test("the fixture is the appendices of the study, with Latvian letters intact", () => {
  expect(appendices.startsWith("Pielikumi Pielikums Nr. 1.")).toBe(true);
  expect(appendices).toContain("Pielikums Nr. 11.");
  expect(appendices).toContain("ģimenes saišu stiprināšanu");
});
