import { expect, test } from "vitest";
import { codebook } from "../../../analysis/codebook.ts";
import { tidy } from "../../../analysis/tidy.ts";
import type { ResponseRecord } from "../../../analysis/types.ts";
import { loadCatalog } from "../../../instruments/catalog.ts";
import { seniorsAnswers, youthAnswers } from "../../fixtures/02-answers.ts";

const catalog = loadCatalog();
const items = codebook(["youth", "seniors"].map((id) => ({ id, json: catalog.find((c) => c.descriptor.id === id)!.json })));
const responses: ResponseRecord[] = [
  { id: "a", instrumentId: "youth", ageGroup: "under-18", channel: "tablet", site: "jelgava", receivedOn: "2026-03-02", answers: youthAnswers() },
  { id: "b", instrumentId: "seniors", ageGroup: "over-70", channel: "paper", site: null, receivedOn: "2026-03-03", answers: seniorsAnswers() },
];

test("one row per response, one column per pooled item, with the grouping columns", () => {
  const table = tidy(responses, items);
  expect(table.length).toBe(2);
  expect([table.instrument, table.ageGroup, table.channel, table.site]).toEqual([
    ["youth", "seniors"],
    ["under-18", "over-70"],
    ["tablet", "paper"],
    ["jelgava", null],
  ]);
  expect(table.columns.get("family_day_importance")).toEqual([5, "no-opportunity"]);
  expect(table.columns.get("support_needs_fit.psychological")).toEqual([1, undefined]);
  expect(table.columns.get("support_needs_fit.psychological.reason")).toEqual(["Pamatojums psychological", undefined]);
  expect(table.columns.get("family_support_needed")).toEqual([["more-meetings", "other"], ["family-therapy"]]);
  expect(table.otherTexts.get("family_support_needed")).toEqual(["Vairāk telefona zvanu", undefined]);
  expect(table.columns.has("age_exact")).toBe(false);
});

