/**
 * Typing returned paper forms in, through the real app on a real SQLite file, with form numbers from real
 * print runs: blind double entry, conflicts and who may resolve them, one response per form, the agreement
 * rate, and that analysis and fieldwork counts see a double-entered form once.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadCatalog } from "../../instruments/catalog.ts";
import { createApp } from "../../server/app.ts";
import { FORM_ALPHABET, newFormNumber } from "../../server/paper/form-number.ts";
import { listBatchFormNumbers } from "../../server/store/paper.ts";
import { signedInAs } from "../fixtures/01-staff.ts";
import { youthAnswers, youthFamilyAnswers } from "../fixtures/02-answers.ts";
import { call } from "../helpers/http.ts";
import { openTestDb, type TestDb } from "../helpers/test-db.ts";

const catalog = loadCatalog();
const versionOf = (id: string) => catalog.find((c) => c.descriptor.id === id)!.version;
const now = new Date("2026-03-02T10:00:00Z");
/** Items of the youth questionnaire: 13 questions and two rating tables of 5 rows each. */
const YOUTH_ITEMS = 23;

let t: TestDb;
let app: ReturnType<typeof createApp>;
let admin: string;
let researcher: string;
let researcher2: string;
let interviewer: string;
let analyst: string;

beforeAll(async () => {
  t = openTestDb();
  app = createApp({ db: t.db, catalog, clock: () => now });
  admin = await signedInAs(t.db, "admin", now);
  researcher = await signedInAs(t.db, "researcher", now);
  researcher2 = await signedInAs(t.db, "researcher", now, "researcher2@example.lv");
  interviewer = await signedInAs(t.db, "interviewer", now);
  analyst = await signedInAs(t.db, "analyst", now);
});
afterAll(() => t.close());

/** A new study collecting on paper (each test makes its own, so no test depends on another). */
async function paperStudy(settings: Record<string, unknown> = {}): Promise<string> {
  const res = await call(app, "POST", "/api/studies", {
    cookie: researcher,
    body: { name: "Papīra vilnis", instruments: ["youth", "youth-family"], sites: ["cesis-youth", "jelgava"], channels: ["tablet", "paper"], ...settings },
  });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return res.body.id as string;
}

/** Prints `count` forms through the real route and reads their numbers from the database. */
async function printForms(studyId: string, count: number, batch: Record<string, unknown> = { instrumentId: "youth", siteId: "jelgava", locale: "ru" }): Promise<string[]> {
  const res = await app.request(`/api/studies/${studyId}/paper-batches`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Cookie: researcher },
    body: JSON.stringify({ ...batch, count }),
  });
  if (res.status !== 201) throw new Error(await res.text());
  return listBatchFormNumbers(t.db, res.headers.get("x-paper-batch-id")!);
}

const enter = (number: string, cookie: string, answers: Record<string, unknown>, codes: Record<string, string> = {}) =>
  call(app, "POST", `/api/paper-forms/${encodeURIComponent(number)}/entries`, { cookie, body: { answers, codes } });
const resolve = (number: string, cookie: string, answers: Record<string, unknown>, codes: Record<string, string> = {}) =>
  call(app, "POST", `/api/paper-forms/${encodeURIComponent(number)}/resolution`, { cookie, body: { answers, codes } });
const view = (number: string, cookie: string) => call(app, "GET", `/api/paper-forms/${encodeURIComponent(number)}`, { cookie });
const conflict = (number: string, cookie: string) => call(app, "GET", `/api/paper-forms/${number}/conflict`, { cookie });
const summary = (studyId: string) => call(app, "GET", `/api/studies/${studyId}/paper-forms/summary`, { cookie: interviewer });

const responsesOf = (studyId: string) =>
  t.db.prepare("SELECT * FROM responses WHERE study_id = ?").all(studyId) as Record<string, unknown>[];
const formRow = (number: string) => t.db.prepare("SELECT * FROM paper_forms WHERE number = ?").get(number) as Record<string, unknown>;
const entriesOf = (number: string) => t.db.prepare("SELECT * FROM paper_entries WHERE number = ?").all(number);

/** The youth answers with gender left out (marked unreadable) and two spaces in a free text. */
const withoutGender = () => {
  const { gender: _gender, ...answers } = youthAnswers();
  return answers;
};

describe("blind double entry", () => {
  test("two identical entries make the form final and store exactly one paper response, with its codes", async () => {
    const study = await paperStudy();
    const [number] = await printForms(study, 2);
    const first = await enter(number!, researcher, withoutGender(), { gender: "unreadable" });
    expect([first.status, first.body]).toEqual([201, { state: "single-entered" }]);
    expect(formRow(number!).state).toBe("single-entered");

    // The second person types the number in lower case without hyphens, and free text with stray spaces.
    const typed = number!.toLowerCase().replace(/-/g, "");
    const answers = { ...withoutGender(), family_support_awareness_which: "  Sociālais   darbinieks pastāstīja. " };
    const second = await enter(typed, interviewer, answers, { gender: "unreadable" });
    expect([second.status, second.body]).toEqual([201, { state: "final" }]);

    const rows = responsesOf(study);
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row).toMatchObject({
      channel: "paper",
      site_id: "jelgava",
      instrument_id: "youth",
      instrument_version: versionOf("youth"),
      locale: "ru",
      age_group: "under-18",
      received_on: "2026-03-02",
    });
    expect(row!.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(JSON.parse(String(row!.entry_codes))).toEqual({ gender: "unreadable" });
    expect(JSON.parse(String(row!.answers))).not.toHaveProperty("gender");

    // The form knows it is final and how its entries agreed, never its response; the entries are gone.
    const form = formRow(number!);
    expect(form).toMatchObject({ state: "final", items_compared: YOUTH_ITEMS, items_agreed: YOUTH_ITEMS });
    expect(JSON.stringify(form)).not.toContain(String(row!.id));
    expect(JSON.stringify(row)).not.toContain(number);
    expect(entriesOf(number!)).toEqual([]);

    const seen = await view(number!, researcher2);
    expect(seen.body).toMatchObject({ number, state: "final", enteredByMe: false, canEnter: false, reason: "final" });

    // Audited against the study with the instrument and state only: no number, no answers.
    const audits = t.db.prepare("SELECT action, target, detail FROM audit_log WHERE action = 'paper.entry' AND target = ?").all(study) as { detail: string }[];
    expect(audits.map((a) => JSON.parse(a.detail))).toEqual([
      { studyId: study, instrumentId: "youth", state: "single-entered" },
      { studyId: study, instrumentId: "youth", state: "final" },
    ]);
    const log = JSON.stringify(t.db.prepare("SELECT * FROM audit_log").all());
    expect(log).not.toContain(number);
    expect(log).not.toContain("Sociālais");
  });

  test("a difference puts the form in conflict: the second person learns only how many items differ", async () => {
    const study = await paperStudy();
    const [number] = await printForms(study, 1);
    expect((await enter(number!, researcher, youthAnswers())).status).toBe(201);
    const second = await enter(number!, interviewer, youthAnswers({ gender: "female", family_day_importance: 3 }));
    expect([second.status, second.body]).toEqual([201, { state: "conflict", differences: 2 }]);
    expect(responsesOf(study)).toHaveLength(0);
    expect((await view(number!, researcher)).body).toMatchObject({ state: "conflict", enteredByMe: true, canEnter: false, reason: "entered-by-you" });
    expect((await view(number!, admin)).body).toMatchObject({ state: "conflict", enteredByMe: false, canEnter: false, reason: "conflict" });
    const third = await enter(number!, researcher2, youthAnswers());
    expect([third.status, third.body.code]).toEqual([409, "paper.in_conflict"]);
  });

  test("under third-person resolution neither enterer may see or settle the conflict; a third colleague does", async () => {
    const study = await paperStudy();
    const [number] = await printForms(study, 1);
    await enter(number!, researcher, youthAnswers());
    await enter(number!, interviewer, youthAnswers({ gender: "female", support_needs_fit: { ...(youthAnswers().support_needs_fit as object), leisure: { rating: 1 } } }));

    for (const enterer of [researcher, interviewer]) {
      const refused = await conflict(number!, enterer);
      expect([refused.status, refused.body.code]).toEqual([403, "paper.resolver_not_allowed"]);
      expect(refused.body.detail).toContain("third colleague");
      expect((await resolve(number!, enterer, youthAnswers())).body.code).toBe("paper.resolver_not_allowed");
    }

    const seen = await conflict(number!, researcher2);
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ number, instrumentId: "youth", instrumentVersion: versionOf("youth"), locale: "ru", siteId: "jelgava" });
    expect(seen.body.differences).toEqual([
      {
        name: "gender",
        title: { lv: "Jūsu dzimums:", en: "Your gender:" },
        first: { value: "male", code: null },
        second: { value: "female", code: null },
      },
      {
        name: "support_needs_fit.leisure",
        title: {
          lv: expect.stringMatching(/novērtējumu: .*brīvā laika/i),
          en: expect.stringMatching(/explain your rating: Leisure/),
        },
        first: { value: { rating: 3, reason: "Pamatojums leisure" }, code: null },
        second: { value: { rating: 1 }, code: null },
      },
    ]);
    expect(seen.body.first).toEqual({ answers: youthAnswers(), codes: {} });
    expect(seen.body.second.answers.gender).toBe("female");

    const settled = await resolve(number!, researcher2, youthAnswers({ gender: "female" }));
    expect([settled.status, settled.body]).toEqual([201, { state: "final" }]);
    const rows = responsesOf(study);
    expect(rows).toHaveLength(1);
    expect(JSON.parse(String(rows[0]!.answers)).gender).toBe("female");
    expect(rows[0]!.entry_codes).toBeNull();
    expect(entriesOf(number!)).toEqual([]);
    // The agreement counted when the second entry arrived stays after the entries are gone.
    expect(formRow(number!)).toMatchObject({ state: "final", items_compared: YOUTH_ITEMS, items_agreed: YOUTH_ITEMS - 2 });

    expect((await conflict(number!, researcher2)).body.code).toBe("paper.not_in_conflict");
    const again = await resolve(number!, researcher2, youthAnswers());
    expect([again.status, again.body.code]).toEqual([409, "paper.not_in_conflict"]);
    const audits = t.db.prepare("SELECT detail FROM audit_log WHERE action = 'paper.resolve' AND target = ?").all(study) as { detail: string }[];
    expect(audits.map((a) => JSON.parse(a.detail))).toEqual([{ studyId: study, instrumentId: "youth", state: "final" }]);
  });

  test("with either-enterer resolution one of the two may settle the conflict", async () => {
    const study = await paperStudy({ paperResolver: "either-enterer" });
    const [number] = await printForms(study, 1);
    await enter(number!, researcher, youthAnswers());
    await enter(number!, interviewer, youthAnswers({ gender: "female" }));
    const seen = await conflict(number!, interviewer);
    expect(seen.status).toBe(200);
    expect(seen.body.differences.map((d: { name: string }) => d.name)).toEqual(["gender"]);
    expect((await resolve(number!, interviewer, youthAnswers())).body).toEqual({ state: "final" });
    expect(responsesOf(study)).toHaveLength(1);
  });

  test("the same person cannot type a form twice; the other person can", async () => {
    const study = await paperStudy();
    const [number] = await printForms(study, 1);
    await enter(number!, researcher, youthAnswers());
    const twice = await enter(number!, researcher, youthAnswers());
    expect([twice.status, twice.body.code]).toEqual([409, "paper.already_entered"]);
    expect((await view(number!, researcher)).body).toEqual({
      number,
      studyId: study,
      studyName: "Papīra vilnis",
      instrumentId: "youth",
      instrumentVersion: versionOf("youth"),
      locale: "ru",
      siteId: "jelgava",
      state: "single-entered",
      enteredByMe: true,
      canEnter: false,
      reason: "entered-by-you",
    });
    expect((await view(number!, interviewer)).body).toMatchObject({ enteredByMe: false, canEnter: true, reason: null });
    expect(entriesOf(number!)).toHaveLength(1);
  });

  test("a final form cannot be entered again, by anyone", async () => {
    const study = await paperStudy();
    const [number] = await printForms(study, 1);
    await enter(number!, researcher, youthAnswers());
    await enter(number!, interviewer, youthAnswers());
    for (const cookie of [researcher, researcher2]) {
      const res = await enter(number!, cookie, youthAnswers());
      expect([res.status, res.body.code]).toEqual([409, "paper.final"]);
    }
    expect(responsesOf(study)).toHaveLength(1);
  });

  test("a study with single entry makes the first entry final; a family form belongs to no prison", async () => {
    const study = await paperStudy({ paperDoubleEntry: false });
    expect((await call(app, "GET", `/api/studies/${study}`, { cookie: analyst })).body).toMatchObject({ paperDoubleEntry: false, paperResolver: "third-person" });
    const [number] = await printForms(study, 1, { instrumentId: "youth-family", locale: "lv" });
    const res = await enter(number!, interviewer, youthFamilyAnswers());
    expect([res.status, res.body]).toEqual([201, { state: "final" }]);
    expect(responsesOf(study)).toEqual([expect.objectContaining({ channel: "paper", site_id: null, instrument_id: "youth-family", age_group: "18-21", locale: "lv" })]);
    expect(formRow(number!)).toMatchObject({ state: "final", items_compared: null, items_agreed: null });
    expect(entriesOf(number!)).toEqual([]);
    expect((await summary(study)).body.agreement).toEqual({ formsCompared: 0, itemsCompared: 0, itemsAgreed: 0, rate: null });
  });

  test("two first entries at the same moment are never both first", async () => {
    const study = await paperStudy();
    const [same, different] = await printForms(study, 2);
    const together = await Promise.all([enter(same!, researcher, youthAnswers()), enter(same!, interviewer, youthAnswers())]);
    expect(together.map((r) => r.status)).toEqual([201, 201]);
    expect(together.map((r) => r.body.state).sort()).toEqual(["final", "single-entered"]);
    const apart = await Promise.all([enter(different!, researcher, youthAnswers()), enter(different!, interviewer, youthAnswers({ gender: "female" }))]);
    expect(apart.map((r) => r.body.state).sort()).toEqual(["conflict", "single-entered"]);
    expect(responsesOf(study)).toHaveLength(1);
    expect(entriesOf(different!)).toHaveLength(2);
  });
});

describe("what is checked", () => {
  test("form numbers: case, spaces and hyphens do not matter; a wrong check character or a malformed number is 422; an unknown one 404", async () => {
    const study = await paperStudy();
    const [number] = await printForms(study, 1);
    const loose = `${number!.slice(0, 4)} ${number!.slice(5, 9)}${number!.slice(10)}`.toLowerCase();
    expect((await view(loose, interviewer)).body).toMatchObject({ number, state: "printed", canEnter: true, reason: null });

    const last = number!.at(-1)!;
    const wrongCheck = number!.slice(0, -1) + FORM_ALPHABET[(FORM_ALPHABET.indexOf(last) + 1) % FORM_ALPHABET.length];
    for (const bad of [wrongCheck, "K7QM-2XWD", "K7QM-2XWD-0", "nav-numurs-1"]) {
      for (const res of [await view(bad, interviewer), await enter(bad, interviewer, youthAnswers())]) {
        expect([res.status, res.body.code], bad).toEqual([422, "paper.invalid_number"]);
        expect(res.body.detail).toBe("Check the number on the form; it does not exist or was mistyped.");
      }
    }
    let unknown = newFormNumber();
    while (unknown === number) unknown = newFormNumber();
    const missing = await view(unknown, interviewer);
    expect([missing.status, missing.body.code]).toEqual([404, "paper.form_not_found"]);
    expect((await enter(unknown, interviewer, youthAnswers())).status).toBe(404);
  });

  test("answers are validated as on intake, a question both answered and coded is refused, and nothing is kept", async () => {
    const study = await paperStudy();
    const [number] = await printForms(study, 1);
    const invalid = await enter(number!, researcher, youthAnswers({ gender: "other-gender", favourite_colour: "zila" }));
    expect([invalid.status, invalid.body.code]).toEqual([422, "response.invalid_answers"]);
    expect(invalid.body.details.map((d: { path: string }) => d.path).sort()).toEqual(["favourite_colour", "gender"]);

    const coded = await enter(number!, researcher, youthAnswers({ gender: "other-gender" }), { age_band: "blank", nav_jautajums: "unreadable" });
    expect([coded.status, coded.body.code]).toEqual([422, "response.invalid_answers"]);
    expect(coded.body.details).toEqual(
      expect.arrayContaining([
        { path: "age_band", reason: 'is answered and also marked "blank"' },
        { path: "codes.nav_jautajums", reason: "is not a question of this instrument" },
        { path: "gender", reason: "is not one of the choices" },
      ]),
    );
    const badCode = await enter(number!, researcher, youthAnswers(), { gender: "smudged" });
    expect([badCode.status, badCode.body.code, badCode.body.details[0].path]).toEqual([422, "request.invalid", "codes.gender"]);

    // A whole rating table or one of its rows may be coded.
    const { support_needs_fit: _fit, ...rest } = youthAnswers();
    const rowCoded = { ...rest, activity_usefulness: { psychological: { rating: 2, reason: "Labi" } } };
    expect(formRow(number!).state).toBe("printed");
    expect(entriesOf(number!)).toEqual([]);
    const ok = await enter(number!, researcher, rowCoded, { support_needs_fit: "blank", "activity_usefulness.leisure": "unreadable" });
    expect([ok.status, ok.body]).toEqual([201, { state: "single-entered" }]);
    const finalised = await enter(number!, interviewer, rowCoded, { support_needs_fit: "blank", "activity_usefulness.leisure": "unreadable" });
    expect(finalised.body).toEqual({ state: "final" });
    expect(JSON.parse(String(responsesOf(study)[0]!.entry_codes))).toEqual({ "activity_usefulness.leisure": "unreadable", support_needs_fit: "blank" });
  });

  test("a closed study takes no entries", async () => {
    const study = await paperStudy();
    const [number] = await printForms(study, 1);
    expect((await call(app, "PATCH", `/api/studies/${study}`, { cookie: researcher, body: { closed: true } })).status).toBe(200);
    expect((await view(number!, interviewer)).body).toMatchObject({ state: "printed", canEnter: false, reason: "study-closed" });
    const res = await enter(number!, interviewer, youthAnswers());
    expect([res.status, res.body.code]).toEqual([403, "study.closed"]);
  });

  test("interviewers, researchers and admins enter forms; analysts and strangers cannot", async () => {
    const study = await paperStudy();
    const [number] = await printForms(study, 1);
    expect((await view(number!, analyst)).status).toBe(403);
    expect((await enter(number!, analyst, youthAnswers())).status).toBe(403);
    expect((await call(app, "GET", `/api/studies/${study}/paper-forms/summary`, { cookie: analyst })).status).toBe(403);
    expect((await call(app, "GET", `/api/studies/${study}/paper-forms`, { cookie: analyst })).status).toBe(403);
    expect((await view(number!, "")).status).toBe(401);
    expect((await enter(number!, interviewer, youthAnswers())).status).toBe(201);
    expect((await enter(number!, admin, youthAnswers())).body).toEqual({ state: "final" });
  });
});

describe("watching the entry work", () => {
  test("summary counts forms by state and the agreement rate over all double-entered forms", async () => {
    const study = await paperStudy();
    const [agreed, differing, once, untouched] = await printForms(study, 4);
    await enter(agreed!, researcher, youthAnswers());
    await enter(agreed!, interviewer, youthAnswers());
    await enter(differing!, researcher, youthAnswers());
    await enter(differing!, interviewer, youthAnswers({ gender: "female", family_day_importance: 2 }));
    await enter(once!, researcher, youthAnswers());

    const expected = { formsCompared: 2, itemsCompared: 2 * YOUTH_ITEMS, itemsAgreed: 2 * YOUTH_ITEMS - 2, rate: (2 * YOUTH_ITEMS - 2) / (2 * YOUTH_ITEMS) };
    const res = await summary(study);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ printed: 1, singleEntered: 1, conflict: 1, final: 1, total: 4, agreement: expected });

    const listed = await call(app, "GET", `/api/studies/${study}/paper-forms?state=conflict`, { cookie: interviewer });
    expect(listed.body).toEqual([{ number: differing, instrumentId: "youth", siteId: "jelgava", state: "conflict" }]);
    const all = await call(app, "GET", `/api/studies/${study}/paper-forms`, { cookie: researcher });
    expect(all.body.map((f: { number: string }) => f.number)).toEqual([agreed, differing, once, untouched].sort());
    expect((await call(app, "GET", `/api/studies/${study}/paper-forms?state=printed`, { cookie: admin })).body.map((f: { number: string }) => f.number)).toEqual([untouched]);
    expect((await call(app, "GET", `/api/studies/${study}/paper-forms?state=lost`, { cookie: admin })).status).toBe(422);
    expect((await call(app, "GET", `/api/studies/nope/paper-forms/summary`, { cookie: admin })).status).toBe(404);

    await resolve(differing!, researcher2, youthAnswers());
    expect((await summary(study)).body).toEqual({ printed: 1, singleEntered: 1, conflict: 0, final: 2, total: 4, agreement: expected });
  });

  test("analysis and fieldwork progress count a double-entered form once, and unfinished forms not at all", async () => {
    const study = await paperStudy();
    const [done, waiting, disputed] = await printForms(study, 3);
    await enter(done!, researcher, youthAnswers());
    await enter(done!, interviewer, youthAnswers());
    await enter(waiting!, researcher, youthAnswers());
    await enter(disputed!, researcher, youthAnswers());
    await enter(disputed!, interviewer, youthAnswers({ gender: "female" }));

    const analysis = await call(app, "GET", `/api/studies/${study}/analysis?mode=internal&instruments=youth`, { cookie: researcher });
    expect(analysis.status).toBe(200);
    expect(analysis.body.plan.groups.map((g: { key: string; n: number }) => [g.key, g.n])).toEqual([["under-18", 1]]);
    const progress = await call(app, "GET", `/api/studies/${study}/progress`, { cookie: researcher });
    expect(progress.body).toEqual({ total: 1, rows: [{ instrumentId: "youth", siteId: "jelgava", channel: "paper", ageGroup: "under-18", n: 1 }] });
  });
});

describe("study settings", () => {
  test("default to double entry settled by a third person, and can be changed", async () => {
    const study = await paperStudy();
    const read = await call(app, "GET", `/api/studies/${study}`, { cookie: researcher });
    expect(read.body).toMatchObject({ paperDoubleEntry: true, paperResolver: "third-person" });
    const patched = await call(app, "PATCH", `/api/studies/${study}`, { cookie: researcher, body: { paperDoubleEntry: false, paperResolver: "either-enterer" } });
    expect(patched.body).toMatchObject({ paperDoubleEntry: false, paperResolver: "either-enterer" });
    const bad = await call(app, "PATCH", `/api/studies/${study}`, { cookie: researcher, body: { paperResolver: "anyone" } });
    expect([bad.status, bad.body.details[0].path]).toEqual([422, "paperResolver"]);
  });
});
