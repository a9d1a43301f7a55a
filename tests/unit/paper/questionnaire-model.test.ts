/**
 * What a paper form says: survey-core's numbers, the instruments' own wording, answer shapes and routing
 * lines derived from visibleIf.
 */
import { describe, expect, test } from "vitest";
import { loadCatalog } from "../../../instruments/catalog.ts";
import { numberedQuestions } from "../../../instruments/lint.ts";
import {
  answerOf,
  htmlParagraphs,
  localized,
  paperModel,
  parseCondition,
  scalePoints,
  type PaperQuestion,
} from "../../../server/paper/questionnaire-model.ts";

const catalog = loadCatalog();
const jsonOf = (id: string) => catalog.find((c) => c.descriptor.id === id)!.json;
const questions = (id: string, locale: "lv" | "ru" | "en" = "lv") =>
  paperModel(jsonOf(id), locale).items.filter((i): i is PaperQuestion => i.kind === "question");
const byName = (id: string, name: string, locale: "lv" | "ru" | "en" = "lv") => questions(id, locale).find((q) => q.name === name)!;

describe("numbers", () => {
  test.each(catalog.map((c) => [c.descriptor.id]))("%s: the numbers survey-core shows on the tablet", (id) => {
    const printed = questions(id).filter((q) => q.number !== null).map((q) => [q.name, q.number]);
    expect(printed).toEqual(numberedQuestions(jsonOf(id)).map((q) => [q.name, q.no]));
  });

  test("questionnaires print exactly the study's question count", () => {
    for (const c of catalog.filter((c) => c.descriptor.kind === "questionnaire")) {
      expect(questions(c.descriptor.id).filter((q) => q.number !== null).length).toBe(c.descriptor.questionCounts[0]);
    }
  });
});

describe("wording", () => {
  test.each(["youth", "mothers", "seniors-family"])("%s: every title is the JSON's own, in order, in each language", (id) => {
    const titles: Record<string, string[]> = { lv: [], ru: [], en: [] };
    const walk = (elements: Record<string, unknown>[]) => {
      for (const e of elements) {
        if (e.type === "html") continue;
        for (const l of ["lv", "ru", "en"] as const) titles[l]!.push((e.title as Record<string, string>)[l]!);
      }
    };
    for (const page of jsonOf(id).pages as { elements: Record<string, unknown>[] }[]) walk(page.elements);
    for (const l of ["lv", "ru", "en"] as const) expect(questions(id, l).map((q) => q.title)).toEqual(titles[l]);
  });

  test("the intro is the start page's paragraphs, entities decoded", () => {
    const intro = paperModel(jsonOf("mothers"), "lv").intro;
    expect(intro[0]).toBe("Labdien!");
    expect(intro[1]).toContain('"ERNST & YOUNG BALTIC"');
    expect(intro).toHaveLength(8);
  });

  test("htmlParagraphs splits paragraphs and list items and folds spaces", () => {
    expect(htmlParagraphs("<p>Labdien!</p>\n<p>A&nbsp;&amp;  <b>B</b></p><ul><li>viens</li><li>divi</li></ul>")).toEqual(["Labdien!", "A & B", "• viens", "• divi"]);
  });

  test("localized falls back to Latvian", () => {
    expect(localized({ lv: "Jā", ru: "Да" }, "en")).toBe("Jā");
    expect(localized("plain", "ru")).toBe("plain");
  });
});

describe("answer shapes", () => {
  test("a 1-5 radiogroup is a scale; the 'no opportunity' answer stays a box below it", () => {
    const q = byName("youth", "family_day_importance");
    expect(q.answer.kind).toBe("scale");
    if (q.answer.kind !== "scale") return;
    expect(q.answer.points.map((p) => p.key)).toEqual(["1", "2", "3", "4", "5"]);
    expect(q.answer.points[0]!.text).toBe("1 - Nav vajadzīgas");
    expect(q.answer.extra).toEqual([{ text: "Nav bijusi iespēja piedalīties ģimenes dienās" }]);
    expect(q.instruction).toBe("(atzīmējiet vienu)");
  });

  test("a rating table is a grid of 1-5 keys with a justification column", () => {
    const q = byName("youth", "support_needs_fit");
    expect(q.answer.kind).toBe("grid");
    if (q.answer.kind !== "grid") return;
    expect(q.answer.rows).toHaveLength(5);
    expect(q.answer.columns.map((c) => c.kind)).toEqual(["choice", "comment"]);
    const rating = q.answer.columns[0]!;
    expect(rating.kind === "choice" && rating.points.map((p) => p.key)).toEqual(["1", "2", "3", "4", "5"]);
    expect(q.instruction).toBe("(katrā rindā atzīmējiet vienu)");
  });

  test("scale keys come from the leading number of the wording, else the full text heads the column", () => {
    expect(scalePoints([{ value: "positive", text: "1- Pozitīvi" }, { value: "neutral", text: "2- Neitrāli" }]).map((p) => p.key)).toEqual(["1", "2"]);
    expect(scalePoints([{ value: "a", text: "Labi" }, { value: "b", text: "Slikti" }]).map((p) => p.key)).toEqual(["Labi", "Slikti"]);
  });

  test("checkbox with 'other' ends in an other box; text, number and comment get lines or digit boxes", () => {
    const sources = byName("youth", "family_support_awareness_sources").answer;
    expect(sources.kind === "choices" && sources.multiple && sources.options.at(-1)).toEqual({ text: "Cits, lūdzu norādiet", other: true });
    expect(byName("youth", "age_exact").answer).toEqual({ kind: "digits", count: 2 });
    expect(byName("youth", "family_support_awareness_which").answer).toEqual({ kind: "lines", lines: 4 });
    expect(byName("seniors-staff-interview", "activities_assessment").answer).toEqual({ kind: "lines", lines: 6 });
  });

  test("every SurveyJS shape prints something, unknown types as lines", () => {
    const shapes = [
      { type: "boolean" },
      { type: "rating", rateMax: 4, minRateDescription: "slikti", maxRateDescription: "labi" },
      { type: "multipletext", items: [{ name: "a", title: "Vārds" }] },
      { type: "matrix", rows: ["a"], columns: [{ value: 1, text: "1 – Nē" }] },
      { type: "matrixdynamic", columns: [{ name: "x", cellType: "text" }] },
      { type: "text", maxLength: 10 },
      { type: "signaturepad" },
    ].map((q) => answerOf(q, "en"));
    expect(shapes.map((s) => s.kind)).toEqual(["choices", "scale", "fields", "grid", "grid", "short", "lines"]);
    expect(shapes[1]!.kind === "scale" && shapes[1]!.points.map((p) => p.text)).toEqual(["1 – slikti", "2", "3", "4 – labi"]);
    expect(shapes[4]!.kind === "grid" && shapes[4]!.rows).toEqual(["1)", "2)", "3)"]);
  });
});

describe("routing", () => {
  test("a yes-follow-up: one line under the question, in each language", () => {
    expect(byName("youth", "family_support_awareness").routes).toEqual([
      "→ Ja atbildējāt «Jā, esmu informēts/-a», atbildiet uz nākamajiem jautājumiem; ja ne, pārejiet pie 10. jautājuma.",
    ]);
    expect(byName("youth", "family_support_awareness", "ru").routes).toEqual([
      "→ Если Вы ответили «Да, я информирован(а)», ответьте на следующие вопросы; если нет, переходите к вопросу 10.",
    ]);
    expect(byName("youth", "age_band", "en").routes).toEqual(["→ If you answered “Under 18”, answer the next question; if not, go to question 2."]);
    expect(byName("youth", "family_support_awareness_which").sub).toBe(true);
  });

  test("anyof names every answer that leads on", () => {
    expect(byName("youth-family", "family_days_frequent_enough").routes).toEqual([
      "→ Ja atbildējāt «Jā» vai «Nē», atbildiet uz nākamo jautājumu; ja ne, pārejiet pie 7. jautājuma.",
    ]);
  });

  test("separate follow-ups for yes and no each get a head; nothing is skipped, so no skip line", () => {
    expect(byName("mothers", "child_activities").routes).toEqual([]);
    expect(byName("mothers", "child_activities_which").head).toBe("→ Ja atbildējāt «Jā»:");
    expect(byName("mothers", "child_activities_no_reason").head).toBe("→ Ja atbildējāt «Nē»:");
    expect(byName("mothers", "childcare_information_rating").head).toBe("→ Ja atbildējāt «Jā»:");
    expect(byName("mothers", "childcare_information_reason").head).toBeNull();
  });

  test("a follow-up of a filled-in part says so", () => {
    expect(byName("seniors-family", "family_activity_usefulness_other_reason").head).toBe("→ Ja aizpildījāt iepriekšējo daļu:");
  });

  test.each([
    ["{a} = 'yes'", { name: "a", values: ["yes"] }],
    ["{a} == 3", { name: "a", values: [3] }],
    ["{a} anyof ['yes', \"no\"]", { name: "a", values: ["yes", "no"] }],
    ["{a} = 'x' or {a} = 'y'", { name: "a", values: ["x", "y"] }],
    ["{a} notempty", { name: "a", values: "notempty" }],
    ["{a} = 'x' and {b} = 'y'", null],
    ["{a} = 'x' or {b} = 'y'", null],
    ["age({birth}) > 18", null],
  ])("parseCondition(%s)", (expression, expected) => {
    expect(parseCondition(expression)).toEqual(expected);
  });
});
