/**
 * Every registered instrument, as survey-core sees it: loads without errors, numbers exactly the study's
 * questions, speaks lv/ru/en everywhere, keeps its scales scorable, and agrees with the registry.
 */
import { describe, expect, test } from "vitest";
import { Model } from "survey-core";
import { loadCatalog } from "../../../instruments/catalog.ts";
import { AGE_GROUPS, ageGroupOf, findInstrument, INSTRUMENTS } from "../../../instruments/index.ts";
import { lintInstrument, numberingRuns, walkElements } from "../../../instruments/lint.ts";

const catalog = loadCatalog();
const cases = catalog.map((item) => [item.descriptor.id, item] as const);

function element(json: unknown, name: string): Record<string, unknown> {
  const found = walkElements(json).find((e) => e.element.name === name);
  if (!found) throw new Error(`no element ${name}`);
  return found.element;
}

describe.each(cases)("%s", (id, { descriptor, json }) => {
  test("passes every structural check", () => {
    expect(lintInstrument(json, descriptor.questionCounts)).toEqual([]);
  });

  test("survey-core numbers exactly the study's questions", () => {
    expect(numberingRuns(json).counts).toEqual([...descriptor.questionCounts]);
  });

  test("has the registry's title, Latvian as its locale, and the consent text on its start page", () => {
    expect(json.title).toEqual(descriptor.title);
    expect(json.locale).toBe("lv");
    expect(json.firstPageIsStartPage).toBe(true);
    const pages = json.pages as { elements: { type: string; html?: { lv: string } }[] }[];
    const intro = pages[0]?.elements[0];
    expect(intro?.type).toBe("html");
    expect(intro?.html?.lv).toMatch(/^<p>Labdien!<\/p>/);
    expect(intro?.html?.lv).toMatch(/anonīm|anonimiz/);
  });

  test("numbers questions the way its kind needs", () => {
    expect(json.showQuestionNumbers).toBe(descriptor.kind === "interview" ? "onPage" : "on");
  });

  test("asks nothing as required: taking part is voluntary", () => {
    expect(walkElements(json).filter((e) => e.element.isRequired === true).map((e) => e.element.name)).toEqual([]);
  });

  test("maps its age question's every choice to a canonical age group", () => {
    if (!descriptor.ageGroup) {
      expect(descriptor.kind).toBe("interview");
      return;
    }
    const question = element(json, descriptor.ageGroup.question);
    const values = (question.choices as { value: string }[]).map((c) => c.value);
    expect(values).toEqual(Object.keys(descriptor.ageGroup.map));
    for (const value of values) {
      expect(AGE_GROUPS).toContain(ageGroupOf(descriptor, { [descriptor.ageGroup.question]: value }));
    }
  });
});

describe("interview guides", () => {
  const guides = cases.filter(([, item]) => item.descriptor.kind === "interview");

  test.each(guides)("%s: each guide question is a long-text field, the interviewee is asked in bands", (_id, { json }) => {
    for (const { element: el } of walkElements(json)) {
      if (el.type === "html") continue;
      if (["position", "years_in_post", "years_with_group", "age_band", "child_age"].includes(String(el.name))) {
        expect(el.type, String(el.name)).toBe("radiogroup");
      } else {
        expect(el.type, String(el.name)).toBe("comment");
      }
    }
  });

  test("staff guides with an interviewee section ask position, time in post and time with the group", () => {
    for (const id of ["youth-staff-interview", "mental-health-diagnosed-staff-interview", "mental-health-undiagnosed-staff-interview", "mothers-staff-interview"]) {
      const json = catalog.find((c) => c.descriptor.id === id)?.json;
      const names = walkElements(json).map((e) => e.element.name);
      expect(names.slice(1, 4), id).toEqual(["position", "years_in_post", "years_with_group"]);
    }
  });
});

describe("conditional parts", () => {
  const model = (id: string) => new Model(catalog.find((c) => c.descriptor.id === id)?.json);

  test.each([
    ["youth", "age_band", "age_exact"],
    ["youth-family", "prisoner_age_band", "prisoner_age_exact"],
  ])("%s: the exact age 14-17 is asked only for a minor", (id, band, exact) => {
    const survey = model(id);
    const question = survey.getQuestionByName(exact);
    expect(question.isVisible).toBe(false);
    survey.setValue(band, "18-21");
    expect(question.isVisible).toBe(false);
    survey.setValue(band, "under-18");
    expect(question.isVisible).toBe(true);
    expect(question.no).toBe("");
    for (const [age, ok] of [[13, false], [14, true], [17, true], [18, false]] as const) {
      survey.setValue(exact, age);
      expect(question.validate(true), `age ${age}`).toBe(ok);
    }
  });

  test.each(["youth", "youth-family", "seniors", "seniors-family", "mothers"])(
    "%s: the sources of information are asked only after 'Jā'",
    (id) => {
      const survey = model(id);
      const which = survey.getQuestionByName("family_support_awareness_which");
      const sources = survey.getQuestionByName("family_support_awareness_sources");
      expect([which.isVisible, sources.isVisible]).toEqual([false, false]);
      survey.setValue("family_support_awareness", "no");
      expect([which.isVisible, sources.isVisible]).toEqual([false, false]);
      survey.setValue("family_support_awareness", "yes");
      expect([which.isVisible, sources.isVisible]).toEqual([true, true]);
    },
  );

  test.each(["youth", "youth-family", "seniors", "seniors-family", "mothers"])(
    "%s: family-day importance keeps 'no opportunity' apart from the 1-5 points",
    (id) => {
      const json = catalog.find((c) => c.descriptor.id === id)?.json;
      const values = (element(json, "family_day_importance").choices as { value: unknown }[]).map((c) => c.value);
      expect(values).toEqual([1, 2, 3, 4, 5, "no-opportunity"]);
    },
  );
});

test("the registry names every instrument once and finds them by id", () => {
  expect(new Set(INSTRUMENTS.map((d) => d.id)).size).toBe(11);
  expect(findInstrument("mothers")?.appendix).toBe(9);
  expect(findInstrument("nope")).toBeUndefined();
  expect(ageGroupOf(findInstrument("mothers")!, { age_band: "26-plus" })).toBe("mothers-26-plus");
  expect(ageGroupOf(findInstrument("youth")!, {})).toBeNull();
  expect(ageGroupOf(findInstrument("youth-staff-interview")!, { age_band: "18-21" })).toBeNull();
});
