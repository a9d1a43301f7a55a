/**
 * Property-based fuzz of POST /api/responses: 1,200 generated bodies, from random JSON to nearly valid
 * responses with one thing wrong, through the real app and a real SQLite file. The server must never
 * answer 5xx, and every row it stores must be a valid, scrubbed response of its instrument.
 */
import fc from "fast-check";
import { afterAll, beforeAll, expect, test } from "vitest";
import { loadCatalog } from "../../instruments/catalog.ts";
import { ageGroupOf, findInstrument } from "../../instruments/index.ts";
import { walkElements } from "../../instruments/lint.ts";
import { createApp } from "../../server/app.ts";
import { validateAnswers } from "../../server/domain/answers.ts";
import { scrubValue } from "../../server/domain/scrub.ts";
import { findInstrumentVersionJson, recordInstrumentVersions } from "../../server/store/instruments.ts";
import { seniorsAnswers, youthAnswers, youthFamilyAnswers } from "../fixtures/02-answers.ts";
import { setUpField, type Field } from "../fixtures/03-field.ts";
import { openTestDb, type TestDb } from "../helpers/test-db.ts";

const catalog = loadCatalog();
const now = new Date("2026-03-02T10:00:00Z");
let t: TestDb;
let app: ReturnType<typeof createApp>;
let field: Field;

beforeAll(async () => {
  t = openTestDb();
  recordInstrumentVersions(t.db, catalog.map((c) => ({ instrumentId: c.descriptor.id, version: c.version, json: c.json })), "2026-03-01");
  app = createApp({ db: t.db, catalog, clock: () => now });
  field = await setUpField(app, t.db, now, { maxUses: 100_000 });
});
afterAll(() => t.close());

const ids = ["youth", "seniors", "youth-family"] as const;
const valid = { youth: youthAnswers, seniors: seniorsAnswers, "youth-family": youthFamilyAnswers };
const questionNames = [...new Set(catalog.flatMap((c) => walkElements(c.json).map((e) => String(e.element.name))))];
const choiceValues = [...new Set(catalog.flatMap((c) => walkElements(c.json).flatMap((e) => (Array.isArray(e.element.choices) ? e.element.choices.map((x: { value: unknown }) => x.value) : []))))];

const anyValue = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom(...choiceValues),
  fc.string(),
  fc.constantFrom("120385-12345", "zvani +371 29 123 456", "a@b.lv", "", " ", "other", "__proto__"),
  fc.integer({ min: -10, max: 30 }),
  fc.array(fc.constantFrom(...choiceValues), { maxLength: 6 }),
);

/** A valid response for one of the study's instruments, then some of its answers changed or added. */
const mutatedResponse = fc
  .record({
    instrumentId: fc.constantFrom(...ids),
    changes: fc.oneof(
      fc.constant([] as [string, unknown][]),
      fc.array(fc.tuple(fc.oneof(fc.constantFrom(...questionNames), fc.string({ maxLength: 20 })), anyValue), { maxLength: 4 }),
    ),
    removals: fc.array(fc.constantFrom(...questionNames), { maxLength: 3 }),
    locale: fc.constantFrom("lv", "ru", "en", "lv", "de", 5),
    idKind: fc.constantFrom("uuid", "uuid", "uuid", "junk"),
    uuid: fc.uuid(),
  })
  .map(({ instrumentId, changes, removals, locale, idKind, uuid }) => {
    const answers: Record<string, unknown> = { ...valid[instrumentId]() };
    for (const name of removals) delete answers[name];
    for (const [name, value] of changes) Object.defineProperty(answers, name, { value, enumerable: true, configurable: true, writable: true });
    const version = catalog.find((c) => c.descriptor.id === instrumentId)!.version;
    return { id: idKind === "uuid" ? uuid : "not-a-uuid", instrumentId, instrumentVersion: version, locale, answers };
  });

const body = fc.oneof(
  { weight: 6, arbitrary: mutatedResponse },
  { weight: 2, arbitrary: fc.jsonValue() },
  {
    weight: 2,
    arbitrary: fc.record(
      { id: fc.oneof(fc.uuid(), fc.string()), instrumentId: fc.oneof(fc.constantFrom(...ids, "mothers"), fc.string()), instrumentVersion: fc.string(), locale: fc.string(), answers: fc.dictionary(fc.string(), anyValue) },
      { requiredKeys: [] },
    ),
  },
);

test("1,200 generated bodies: never a 5xx, never an invalid row", async () => {
  const statuses = new Map<number, number>();
  await fc.assert(
    fc.asyncProperty(body, fc.constantFrom("matching", "matching", "device", "link", "none", "junk"), fc.boolean(), async (payload, chosen, asText) => {
      const headers: Record<string, string> = { "Content-Type": "application/json" };
      let sent: unknown = payload;
      const instrumentId = (payload as { instrumentId?: unknown } | null)?.instrumentId;
      const credential = chosen !== "matching" ? chosen : instrumentId === "youth-family" ? "link" : "device";
      if (credential === "device") headers.Authorization = `Bearer ${field.deviceToken}`;
      if (credential === "junk") headers.Authorization = "Bearer junk";
      if (credential === "link" && payload && typeof payload === "object" && !Array.isArray(payload)) sent = { ...payload, linkToken: field.link.token };
      const text = asText ? JSON.stringify(sent) : `${JSON.stringify(sent)}`.slice(0, 50);
      const res = await app.request("/api/responses", { method: "POST", headers, body: text });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      expect(res.status).toBeLessThan(500);
      if (res.status >= 400) expect(res.headers.get("content-type")).toBe("application/problem+json");
    }),
    { numRuns: 1200, seed: Number(process.env.FUZZ_SEED ?? 20260302) },
  );

  const stored = t.db.prepare("SELECT * FROM responses").all() as Record<string, string>[];
  for (const row of stored) {
    const json = findInstrumentVersionJson(t.db, row.instrument_id!, row.instrument_version!);
    const answers = JSON.parse(row.answers!) as Record<string, unknown>;
    expect(validateAnswers(json, answers), row.id).toEqual([]);
    expect(scrubValue(answers).redactions, row.id).toBe(0);
    expect(row.age_group ?? null).toBe(ageGroupOf(findInstrument(row.instrument_id!)!, answers));
  }
  // The generator must reach both sides: stored responses and refusals of several kinds.
  expect(stored.length).toBeGreaterThan(20);
  console.log(`intake fuzz: ${stored.length} stored; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
  for (const status of [201, 400, 401, 403, 422]) expect(statuses.get(status) ?? 0, `status ${status}`).toBeGreaterThan(0);
}, 180_000);
