/**
 * The checker must catch what it promises to catch; otherwise the instrument tests that rely on it could
 * pass on a broken file.
 */
import { describe, expect, test } from "vitest";
import { lintInstrument, numberingRuns } from "../../../instruments/lint.ts";

const t = (s: string) => ({ lv: s, ru: `${s} (ru)`, en: `${s} (en)` });
const comment = (name: string, extra: Record<string, unknown> = {}) => ({ type: "comment", name, title: t(name), ...extra });
const scale = (name: string, values: (string | number)[]) => ({
  type: "radiogroup",
  name,
  title: t(name),
  choices: values.map((v) => ({ value: v, text: t(String(v)) })),
});

function survey(elements: unknown[], extra: Record<string, unknown> = {}) {
  return {
    title: t("Survey"),
    locale: "lv",
    showQuestionNumbers: "on",
    firstPageIsStartPage: true,
    pages: [{ name: "intro", elements: [{ type: "html", name: "intro", html: t("<p>Labdien!</p>") }] }, { name: "p1", elements }],
    ...extra,
  };
}

describe("lintInstrument", () => {
  test("accepts a clean file", () => {
    expect(lintInstrument(survey([comment("a"), comment("a_reason", { showNumber: false }), comment("b")]), [2])).toEqual([]);
  });

  test.each([
    ["a plain-string title", survey([{ type: "comment", name: "a", title: "Jūsu vecums:" }]), "plain string"],
    ["a missing Russian text", survey([{ type: "comment", name: "a", title: { lv: "x", en: "x" } }]), "title.ru: missing or empty"],
    ["an empty English text", survey([{ type: "comment", name: "a", title: { lv: "x", ru: "x", en: " " } }]), "title.en: missing or empty"],
    ["a default locale key", survey([{ type: "comment", name: "a", title: { default: "x", lv: "x", ru: "x", en: "x" } }]), "unexpected locale key"],
    ["a question without title", survey([{ type: "comment", name: "a" }]), "question without a title"],
    ["a choice without text", survey([{ type: "radiogroup", name: "a", title: t("a"), choices: [{ value: "yes" }] }]), "choices[0]: no text"],
    ["a duplicate name", survey([comment("a"), comment("a")]), "duplicate name: a"],
    ["a scale 0..4", survey([scale("s", [0, 1, 2, 3, 4])]), "expected 1,2,3,4,5"],
    ["two non-numeric values beside a scale", survey([scale("s", [1, 2, 3, 4, 5, "no-opportunity", "dont-know"])]), "non-numeric"],
    ["an unknown property", survey([comment("a", { importance: 3 })]), "survey-core: unknownproperty"],
    [
      "a rating column spread over one column per answer",
      survey([{ type: "matrixdropdown", name: "m", title: t("m"), rows: [{ value: "r", text: t("r") }], columns: [{ name: "rating", title: t("r"), cellType: "radiogroup", showInMultipleColumns: true, choices: [{ value: "a", text: t("a") }] }] }]),
      "showInMultipleColumns does not fit a tablet",
    ],
    ["a wrong question count", survey([comment("a"), comment("b"), comment("c")]), "survey-core numbers 3, the study has 2"],
  ])("rejects %s", (_label, json, message) => {
    const problems = lintInstrument(json, [2]);
    expect(problems.join("\n")).toContain(message);
  });

  test("a numbered question hidden by visibleIf changes the numbering and is caught", () => {
    const json = survey([comment("a"), comment("b", { visibleIf: "{a} notempty" }), comment("c")]);
    expect(lintInstrument(json, [3])).toContain("numbering: survey-core numbers 2, the study has 3");
  });

  test("accepts a 1-5 scale with one no-opportunity answer, and values of a matrix column", () => {
    const matrix = {
      type: "matrixdropdown",
      name: "m",
      title: t("m"),
      rows: [{ value: "r1", text: t("r1") }],
      columns: [{ name: "rating", title: t("Vērtējums"), cellType: "radiogroup", choices: [1, 2, 3, 4, 6].map((v) => ({ value: v, text: t(String(v)) })) }],
    };
    expect(lintInstrument(survey([scale("s", [1, 2, 3, 4, 5, "no-opportunity"])]), [1])).toEqual([]);
    expect(lintInstrument(survey([matrix]), [1]).join("\n")).toContain("m.rating: scale values 1,2,3,4,6");
  });
});

describe("numberingRuns", () => {
  test("splits interview sections where survey-core restarts at 1 on each page", () => {
    const json = {
      title: t("Guide"),
      showQuestionNumbers: "onPage",
      firstPageIsStartPage: true,
      pages: [
        { name: "intro", elements: [{ type: "html", name: "intro", html: t("<p>x</p>") }] },
        { name: "s1", elements: [comment("a"), comment("b"), comment("c")] },
        { name: "s2", elements: [comment("d")] },
        { name: "s3", elements: [comment("e"), comment("f")] },
      ],
    };
    expect(numberingRuns(json)).toEqual({ counts: [3, 1, 2], problems: [] });
  });
});
