import { describe, expect, test } from "vitest";
import { codebook } from "../../../analysis/codebook.ts";
import { loadCatalog } from "../../../instruments/catalog.ts";

const catalog = loadCatalog();
const source = (...ids: string[]) => ids.map((id) => ({ id, json: catalog.find((c) => c.descriptor.id === id)!.json }));

describe("codebook", () => {
  const items = codebook(source("youth", "seniors"));
  const item = (key: string) => items.find((i) => i.key === key)!;

  test("pools the shared items of youth and seniors into one item each", () => {
    expect(item("family_day_importance").instruments).toEqual(["youth", "seniors"]);
    expect(item("support_needs_fit.psychological").instruments).toEqual(["youth", "seniors"]);
    expect(items.filter((i) => i.key === "family_support_needed")).toHaveLength(1);
  });

  test("a 1-5 scale is Likert, with 'no opportunity' kept apart", () => {
    const days = item("family_day_importance");
    expect(days.kind).toBe("likert");
    expect(days.levels.map((l) => l.value)).toEqual([1, 2, 3, 4, 5]);
    expect(days.notApplicable?.label.lv).toBe("Nav bijusi iespēja piedalīties ģimenes dienās");
    expect(days.question.lv).toBe("Novērtējiet lūdzu no 1 līdz 5 ģimenes dienu nozīmi Jūsu dzīvē.");
  });

  test("each row of a rating table is an item with its row label; its justification is a text item", () => {
    const row = item("support_needs_fit.psychological");
    expect(row.kind).toBe("likert");
    expect(row.row?.lv).toBe("Psiholoģiskā palīdzība (psihologa konsultācijas)");
    expect(item("support_needs_fit.psychological.reason").kind).toBe("text");
  });

  test("choices pool as the union of their values; checkboxes are multiple choice with 'other'", () => {
    expect(item("family_contact_frequency").levels.map((l) => l.value)).toEqual(["1-per-month", "2-per-month", "3-per-month", "more-often", "no-contact"]);
    const support = item("family_support_needed");
    expect(support.kind).toBe("multiple");
    expect(support.other?.lv).toBe("Cits,");
  });

  test("the exact age of a minor is not an item", () => {
    expect(items.find((i) => i.key === "age_exact")).toBeUndefined();
  });

  test("a family questionnaire's categorical table cells are single-choice items", () => {
    const family = codebook(source("youth-family"));
    const known = family.find((i) => i.key === "known_activities.1")!;
    expect(family.find((i) => i.key === "known_activities.1.activity")?.kind).toBe("text");
    expect(known.kind).toBe("single");
    expect(known.levels.map((l) => l.value)).toEqual(["positive", "neutral", "negative"]);
  });
});
