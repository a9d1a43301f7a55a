/**
 * The code matrix: excerpts and distinct sessions per code and column, columns by guide question (the
 * real guides' question keys) or by target group, and disclosure control through analysis/disclosure.ts:
 * session counts of 1..k-1 hidden in published mode, and a second cell hidden where a row total would
 * give a single hidden cell away.
 */
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { buildCodeMatrix, type CodeMatrix } from "../../../analysis/qualitative/matrix.ts";
import { CODEBOOK, DISPLAY_ORDER, ID } from "../../fixtures/qualitative/01-codebook.ts";
import { MOTHERS_KEYS, YOUTH_STAFF_KEYS, coding, sampleCodings } from "../../fixtures/qualitative/02-codings.ts";

/** Question keys of an interview guide, in guide order. */
function guideKeys(instrumentId: string): string[] {
  const json = JSON.parse(readFileSync(new URL(`../../../instruments/${instrumentId}.json`, import.meta.url), "utf8")) as {
    pages: { elements?: { type: string; name: string }[] }[];
  };
  return json.pages.flatMap((p) => p.elements ?? []).filter((e) => e.type === "comment").map((e) => e.name);
}

/** A row's cells as [excerpts, sessions] with null for hidden values. */
function row(matrix: CodeMatrix, codeId: string) {
  const r = matrix.rows.find((x) => x.codeId === codeId)!;
  return { cells: r.cells.map((c) => [c.excerpts.value, c.sessions.value]), total: [r.total.excerpts.value, r.total.sessions.value] };
}

test("the fixture's question keys are the real guides' keys", () => {
  expect(guideKeys("mothers-interview")).toEqual(expect.arrayContaining([...MOTHERS_KEYS]));
  expect(guideKeys("youth-staff-interview")).toEqual(expect.arrayContaining([...YOUTH_STAFF_KEYS]));
});

describe("by target group", () => {
  test("internal mode: exact excerpts and distinct sessions, codes in display order, a total per row", () => {
    const m = buildCodeMatrix(sampleCodings(), { codes: CODEBOOK, by: "target-group", mode: "internal", threshold: 5 });
    expect(m.columns).toEqual([
      { key: "mothers", sessions: { value: 6, suppressed: false } },
      { key: "youth", sessions: { value: 3, suppressed: false } },
    ]);
    expect(m.rows.map((r) => r.path)).toEqual(DISPLAY_ORDER);
    expect(row(m, ID.contact)).toEqual({ cells: [[8, 6], [0, 0]], total: [8, 6] });
    expect(row(m, ID.mental)).toEqual({ cells: [[5, 5], [3, 3]], total: [8, 8] });
    expect(row(m, ID.work)).toEqual({ cells: [[0, 0], [3, 2]], total: [3, 2] });
    expect(row(m, ID.family)).toEqual({ cells: [[0, 0], [0, 0]], total: [0, 0] });
  });

  test("published mode hides cells resting on 1..k-1 sessions, excerpts with them, and keeps zeros", () => {
    const m = buildCodeMatrix(sampleCodings(), { codes: CODEBOOK, by: "target-group", mode: "published", threshold: 5 });
    expect(m.columns.map((c) => c.sessions)).toEqual([
      { value: 6, suppressed: false },
      { value: null, suppressed: true },
    ]);
    expect(row(m, ID.visits)).toEqual({ cells: [[null, null], [0, 0]], total: [null, null] });
    expect(row(m, ID.contact)).toEqual({ cells: [[8, 6], [0, 0]], total: [8, 6] });
    expect(m.rows.find((r) => r.codeId === ID.visits)!.cells[0]!.sessions.suppressed).toBe(true);
  });

  test("a single hidden cell in a row gets a second one hidden, so the total does not give it away", () => {
    const m = buildCodeMatrix(sampleCodings(), { codes: CODEBOOK, by: "target-group", mode: "published", threshold: 5 });
    // Garīgā veselība: mothers 5 sessions (shown on its own), youth 3 (hidden), total 8 shown -> mothers hidden too.
    expect(row(m, ID.mental)).toEqual({ cells: [[null, null], [null, null]], total: [8, 8] });
  });

  test("sessions without a target group share the column 'unknown', placed last", () => {
    const codings = [...sampleCodings(), coding({ codeId: ID.contact, sessionId: "x1", targetGroup: null })];
    const m = buildCodeMatrix(codings, { codes: CODEBOOK, by: "target-group", mode: "internal", threshold: 5 });
    expect(m.columns.map((c) => c.key)).toEqual(["mothers", "youth", "unknown"]);
  });
});

describe("by guide question", () => {
  test("columns default to the keys found, sorted, with unassigned segments last", () => {
    const m = buildCodeMatrix(sampleCodings(), { codes: CODEBOOK, by: "question", mode: "internal", threshold: 5 });
    expect(m.columns.map((c) => c.key)).toEqual([
      "challenges_in_work",
      "child_needs_support",
      "further_support_needed",
      "main_challenges",
      "most_useful_activities",
      "mother_wellbeing_activities",
      "segment",
    ]);
    expect(row(m, ID.work).cells).toEqual([[0, 0], [0, 0], [0, 0], [0, 0], [2, 2], [0, 0], [1, 1]]);
  });

  test("the columns of a guide, in guide order; codings in other columns are left out", () => {
    const columns = guideKeys("mothers-interview");
    const m = buildCodeMatrix(sampleCodings(), { codes: CODEBOOK, by: "question", columns, mode: "internal", threshold: 5 });
    expect(m.columns.map((c) => c.key)).toEqual(columns);
    expect(row(m, ID.contact).cells[columns.indexOf("main_challenges")]).toEqual([6, 6]);
    expect(row(m, ID.contact).total).toEqual([8, 6]);
    expect(row(m, ID.mental).total).toEqual([5, 5]); // the youth staff excerpts are in no column of this guide
  });

  test("an order puts the columns found in guide order; keys it does not name follow, sorted; nothing empty is added", () => {
    const both = [...guideKeys("mothers-interview"), ...guideKeys("youth-staff-interview")];
    const inOrder = buildCodeMatrix(sampleCodings(), { codes: CODEBOOK, by: "question", mode: "internal", threshold: 5, order: both });
    expect(inOrder.columns.map((c) => c.key)).toEqual([
      "main_challenges",
      "child_needs_support",
      "mother_wellbeing_activities",
      "further_support_needed",
      "most_useful_activities",
      "challenges_in_work",
      "segment",
    ]);
    const partly = buildCodeMatrix(sampleCodings(), { codes: CODEBOOK, by: "question", mode: "internal", threshold: 5, order: [...both.slice(2), "not_found"] });
    expect(partly.columns.map((c) => c.key)).toEqual([
      "mother_wellbeing_activities",
      "further_support_needed",
      "most_useful_activities",
      "challenges_in_work",
      "child_needs_support",
      "main_challenges",
      "segment",
    ]);
  });

  test("focus groups share one column: their topic keys ('t1') mean different topics in each group", () => {
    const groups = [
      coding({ codeId: ID.contact, sessionId: "fg1", blockKey: "t1", instrumentId: null, targetGroup: "youth" }),
      coding({ codeId: ID.contact, sessionId: "fg2", blockKey: "t1", instrumentId: null, targetGroup: "youth", start: 20, end: 30 }),
      coding({ codeId: ID.contact, sessionId: "fg2", blockKey: "segment:3", instrumentId: null, targetGroup: "youth", start: 40, end: 50 }),
    ];
    const m = buildCodeMatrix([...sampleCodings(), ...groups], { codes: CODEBOOK, by: "question", mode: "internal", threshold: 5 });
    expect(m.columns.map((c) => c.key).slice(-2)).toEqual(["segment", "focus-group"]);
    expect(m.columns.map((c) => c.key)).not.toContain("t1");
    expect(row(m, ID.contact).cells.at(-1)).toEqual([3, 2]);
  });

  test("a session's excerpts in several questions: row total counts the session once", () => {
    const m = buildCodeMatrix(sampleCodings(), { codes: CODEBOOK, by: "question", mode: "internal", threshold: 5 });
    expect(row(m, ID.contact).total).toEqual([8, 6]);
  });
});

describe("counting", () => {
  test("the same excerpt coded by two coders counts once; a coder's own view is available", () => {
    const codings = sampleCodings();
    const doubled = [...codings, ...codings.filter((c) => c.codeId === ID.contact).map((c) => ({ ...c, coderId: 2 }))];
    const all = buildCodeMatrix(doubled, { codes: CODEBOOK, by: "target-group", mode: "internal", threshold: 5 });
    expect(row(all, ID.contact).total).toEqual([8, 6]);
    const second = buildCodeMatrix(doubled, { codes: CODEBOOK, by: "target-group", mode: "internal", threshold: 5, coderId: 2 });
    expect(row(second, ID.contact).total).toEqual([8, 6]);
    expect(row(second, ID.mental).total).toEqual([0, 0]);
  });

  test("a question's notes and its transcript part with the same offsets are two excerpts, not one", () => {
    const inNotes = coding({ codeId: ID.contact, sessionId: "n1", blockKey: "challenges_in_work", start: 0, end: 12, segmentSeq: null });
    const inTranscript = { ...inNotes, segmentSeq: 2, text: "other words." };
    const matrix = buildCodeMatrix([inNotes, inTranscript, { ...inTranscript, coderId: 2 }], { codes: CODEBOOK, by: "question", mode: "internal", threshold: 5 });
    expect(row(matrix, ID.contact).total).toEqual([2, 1]);
  });

  test("codings of codes the codebook does not have are reported, not counted", () => {
    const stray = "99999999-9999-4999-8999-999999999999";
    const m = buildCodeMatrix([...sampleCodings(), coding({ codeId: stray, sessionId: "m1" })], { codes: CODEBOOK, by: "target-group", mode: "internal", threshold: 5 });
    expect(m.unknownCodeIds).toEqual([stray]);
    expect(m.rows).toHaveLength(CODEBOOK.length);
  });

  test("empty rows can be left out", () => {
    const m = buildCodeMatrix(sampleCodings(), { codes: CODEBOOK, by: "target-group", mode: "internal", threshold: 5, omitEmptyRows: true });
    expect(m.rows.map((r) => r.path)).toEqual(["Ģimene / Saziņa", "Ģimene / Tikšanās", "Veselība / Garīgā veselība", "Darbs/mācības"]);
  });

  test("no codings: one column-less row per code", () => {
    const m = buildCodeMatrix([], { codes: CODEBOOK, by: "question", mode: "published", threshold: 5 });
    expect(m.columns).toEqual([]);
    expect(m.rows[0]).toMatchObject({ cells: [], total: { excerpts: { value: 0 }, sessions: { value: 0 } } });
  });
});
