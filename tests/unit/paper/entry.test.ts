/**
 * The rules of paper data entry that need no HTTP: what an item is, when two entries agree, which codes are
 * acceptable, that a coded required question is excused, and that a form moves state only from the state
 * it is in (what keeps two simultaneous first entries from both being first).
 */
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { loadCatalog, versionOf, type LoadedInstrument } from "../../../instruments/catalog.ts";
import { Problem } from "../../../server/http/problem.ts";
import { prepareRow } from "../../../server/services/intake.ts";
import { codeProblems, comparable, compareEntries, entryItems, type Entry } from "../../../server/services/paper-entry.ts";
import type { Db } from "../../../server/store/db.ts";
import { recordInstrumentVersions } from "../../../server/store/instruments.ts";
import { insertPaperBatch } from "../../../server/store/paper.ts";
import { findEntryForm, insertEntry, listEntries, moveForm } from "../../../server/store/paper-entry.ts";
import { insertStudy } from "../../../server/store/studies.ts";
import { addStaff } from "../../fixtures/01-staff.ts";
import { youthAnswers } from "../../fixtures/02-answers.ts";
import { openTestDb, type TestDb } from "../../helpers/test-db.ts";

const catalog = loadCatalog();
const youth = catalog.find((c) => c.descriptor.id === "youth")!;
const items = entryItems(youth.json);
const entry = (answers: Record<string, unknown>, codes: Entry["codes"] = {}): Entry => ({ answers, codes });

describe("entryItems", () => {
  test("every question is one item and every row of a rating table is one item, in the order of the form", () => {
    expect(items).toHaveLength(23);
    expect(items.slice(0, 3).map((i) => i.key)).toEqual(["age_band", "age_exact", "gender"]);
    expect(items.map((i) => i.key)).not.toContain("intro");
    const rows = items.filter((i) => i.question === "support_needs_fit");
    expect(rows.map((i) => i.row)).toEqual(["psychological", "social-work", "leisure", "resocialisation", "education"]);
    expect(rows[2]!.key).toBe("support_needs_fit.leisure");
    expect(rows[2]!.title.en).toMatch(/^Please rate from 1 to 5 .* explain your rating: Leisure activities/);
    expect(rows[2]!.title.lv).toMatch(/pamatojiet savu novērtējumu: Brīvā laika pasākumi/);
    expect(items.find((i) => i.key === "gender")!.title).toEqual({ lv: "Jūsu dzimums:", en: "Your gender:" });
  });
});

describe("comparable", () => {
  test.each([
    ["  Vairāk   telefona\tzvanu \n", "Vairāk telefona zvanu"],
    ["Sie\u0304va", "Sieva".replace("e", "ē")],
    [["leisure", "psychological"], ["\"leisure\"", "\"psychological\""]],
    [["psychological", "leisure"], ["\"leisure\"", "\"psychological\""]],
    [{ rating: 3, reason: " Labi  " }, { rating: 3, reason: "Labi" }],
    [5, 5],
  ])("%j compares as %j", (value, expected) => {
    expect(comparable(value)).toEqual(expected);
  });
});

describe("compareEntries", () => {
  test("identical entries agree on every item", () => {
    expect(compareEntries(items, entry(youthAnswers()), entry(youthAnswers()))).toEqual({ itemsCompared: 23, itemsAgreed: 23, itemsDiffering: 0, differences: [] });
  });

  test("whitespace in free text and the order of ticked boxes are not differences", () => {
    const second = youthAnswers({
      family_support_awareness_which: " Sociālais  darbinieks\npastāstīja. ",
      support_participation_types: ["leisure", "psychological"],
      "family_support_needed-Comment": "Vairāk  telefona zvanu",
    });
    expect(compareEntries(items, entry(youthAnswers()), entry(second)).differences).toEqual([]);
  });

  test("a different value, a different code, a different 'other' text and a different matrix row each count as one item", () => {
    const { gender: _g, ...noGender } = youthAnswers();
    const first = entry(youthAnswers(), {});
    const second = entry(
      {
        ...noGender,
        family_day_importance: 4,
        "family_support_needed-Comment": "Vairāk vēstuļu",
        support_needs_fit: { ...(youthAnswers().support_needs_fit as Record<string, unknown>), education: { rating: 1 } },
      },
      { gender: "unreadable" },
    );
    const result = compareEntries(items, first, second);
    expect(result.itemsCompared).toBe(23);
    expect([result.itemsAgreed, result.itemsDiffering]).toEqual([19, 4]);
    expect(result.differences.map((d) => [d.name, d.first, d.second])).toEqual([
      ["gender", { value: "male", code: null }, { value: null, code: "unreadable" }],
      ["support_needs_fit.education", { value: { rating: 5, reason: "Pamatojums education" }, code: null }, { value: { rating: 1 }, code: null }],
      ["family_day_importance", { value: 5, code: null }, { value: 4, code: null }],
      ["family_support_needed-Comment", { value: "Vairāk telefona zvanu", code: null }, { value: "Vairāk vēstuļu", code: null }],
    ]);
    expect(result.differences.at(-1)!.title.lv).toBe("Lūdzu norādiet, kāds papildus atbalsts būtu nepieciešams, lai stiprinātu ģimenes saites: Cits");
  });

  test("an item whose choice and 'other' text both differ is listed twice and counted once", () => {
    const second = youthAnswers({ family_support_needed: ["family-therapy", "other"], "family_support_needed-Comment": "Citādi" });
    const result = compareEntries(items, entry(youthAnswers()), entry(second));
    expect(result.differences.map((d) => d.name)).toEqual(["family_support_needed", "family_support_needed-Comment"]);
    expect([result.itemsAgreed, result.itemsDiffering]).toEqual([22, 1]);
  });

  test("a table coded as a whole agrees with each of its rows coded the same way", () => {
    const { support_needs_fit: _s, ...rest } = youthAnswers();
    const rowCodes = Object.fromEntries(["psychological", "social-work", "leisure", "resocialisation", "education"].map((r) => [`support_needs_fit.${r}`, "blank" as const]));
    expect(compareEntries(items, entry(rest, { support_needs_fit: "blank" }), entry(rest, rowCodes)).differences).toEqual([]);
    const oneRowOff = { ...rowCodes, "support_needs_fit.leisure": "unreadable" as const };
    expect(compareEntries(items, entry(rest, { support_needs_fit: "blank" }), entry(rest, oneRowOff)).differences.map((d) => d.name)).toEqual(["support_needs_fit.leisure"]);
  });

  test("an item neither entry answered or coded agrees", () => {
    const answers = youthAnswers({ support_participation: "no", support_participation_types: undefined });
    delete answers.support_participation_types;
    expect(compareEntries(items, entry(answers), entry(answers)).itemsAgreed).toBe(23);
  });
});

describe("codeProblems", () => {
  test("accepts codes for unanswered questions and rows", () => {
    const { gender: _g, support_needs_fit: _s, ...answers } = youthAnswers();
    const fit = { psychological: { rating: 2 } };
    expect(codeProblems(items, entry({ ...answers, support_needs_fit: fit }, { gender: "blank", "support_needs_fit.leisure": "unreadable" }))).toEqual([]);
  });

  test("refuses a question both answered and coded and an unknown name; a row's own code may refine its table's", () => {
    const { support_needs_fit: _s, ...answers } = youthAnswers();
    const problems = codeProblems(
      items,
      entry({ ...answers, activity_usefulness: { leisure: { rating: 2 } } }, {
        gender: "blank",
        "activity_usefulness.leisure": "unreadable",
        nope: "blank",
        support_needs_fit: "blank",
        "support_needs_fit.leisure": "blank",
        "support_needs_fit.unknown-row": "blank",
      }),
    );
    expect(problems).toEqual([
      { path: "gender", reason: 'is answered and also marked "blank"' },
      { path: "activity_usefulness.leisure", reason: 'is answered and also marked "unreadable"' },
      { path: "codes.nope", reason: "is not a question of this instrument" },
      { path: "codes.support_needs_fit.unknown-row", reason: "is not a question of this instrument" },
    ]);
  });
});

describe("prepareRow with excused questions", () => {
  // The real instruments mark nothing as required; a copy of youth that requires gender stands in for one that will.
  const json = structuredClone(youth.json) as { pages: { elements: Record<string, unknown>[] }[] };
  for (const page of json.pages) for (const e of page.elements) if (e.name === "gender") e.isRequired = true;
  const loaded: LoadedInstrument = { descriptor: youth.descriptor, json, version: versionOf(json) };
  const deps = { db: {} as Db, clock: () => new Date("2026-03-02T10:00:00Z"), catalog: [loaded] };
  const { gender: _g, ...answers } = youthAnswers();
  const submission = { id: "00000000-0000-4000-8000-000000000001", instrumentId: "youth", instrumentVersion: loaded.version, locale: "lv" as const, answers };
  const origin = { studyId: "s", channel: "paper", siteId: "jelgava", receivedOn: "2026-03-02" };

  test("a required question left out is refused", () => {
    expect(() => prepareRow(deps, submission, origin)).toThrow(Problem);
    try {
      prepareRow(deps, submission, origin);
    } catch (error) {
      expect((error as Problem).details).toEqual([{ path: "gender", reason: "is required" }]);
    }
  });

  test("a required question the entry marked blank is excused, and only that one", () => {
    expect(prepareRow(deps, submission, origin, new Set(["gender"]))).toMatchObject({ channel: "paper", siteId: "jelgava", ageGroup: "under-18" });
    expect(() => prepareRow(deps, submission, origin, new Set(["age_band"]))).toThrow(Problem);
  });
});

describe("store: form state and entries", () => {
  let t: TestDb;
  let db: Db;
  const number = "AAAA-AAAA-A";

  beforeEach(() => {
    t = openTestDb();
    db = t.db;
    insertStudy(db, {
      id: "s1",
      name: "Vilnis",
      instruments: ["youth"],
      sites: ["jelgava"],
      channels: ["paper"],
      opensOn: null,
      closesOn: null,
      disclosureThreshold: 5,
      closed: false,
      createdOn: "2026-03-01",
      paperDoubleEntry: true,
      paperResolver: "third-person",
      recordingRetentionDays: 7,
    });
    recordInstrumentVersions(db, [{ instrumentId: "youth", version: youth.version, json: youth.json }], "2026-03-01");
    const batch = { id: "b1", studyId: "s1", siteId: "jelgava", instrumentId: "youth", instrumentVersion: youth.version, locale: "lv" as const, count: 1, createdOn: "2026-03-01" };
    insertPaperBatch(db, batch, [number]);
  });
  afterEach(() => t.close());

  test("a form moves only from the state it is in, so a second 'first entry' finds it taken", () => {
    expect(findEntryForm(db, number)).toMatchObject({ state: "printed", instrumentVersion: youth.version, locale: "lv", siteId: "jelgava" });
    expect(moveForm(db, number, "printed", "single-entered")).toBe(true);
    expect(moveForm(db, number, "printed", "single-entered")).toBe(false);
    expect(findEntryForm(db, number)!.state).toBe("single-entered");
  });

  test("one entry per person and at most two per form", async () => {
    const [a, b, c] = [await addStaff(db, "researcher", "a@example.lv"), await addStaff(db, "interviewer", "b@example.lv"), await addStaff(db, "admin", "c@example.lv")];
    insertEntry(db, { number, seq: 1, userId: a.id, answers: "{}", codes: "{}" });
    expect(() => insertEntry(db, { number, seq: 2, userId: a.id, answers: "{}", codes: "{}" })).toThrow(/UNIQUE/);
    expect(() => insertEntry(db, { number, seq: 1, userId: b.id, answers: "{}", codes: "{}" })).toThrow(/UNIQUE|PRIMARY/);
    insertEntry(db, { number, seq: 2, userId: b.id, answers: "{}", codes: "{}" });
    expect(() => insertEntry(db, { number, seq: 3 as 2, userId: c.id, answers: "{}", codes: "{}" })).toThrow(/CHECK/);
    expect(listEntries(db, number).map((e) => e.userId)).toEqual([a.id, b.id]);
  });
});
