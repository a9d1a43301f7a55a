/**
 * Items asked in several instruments must be the same item everywhere: same name, type, choice values,
 * rows and columns, so analysis can pool them. Wording may differ (it is each appendix's own).
 */
import { describe, expect, test } from "vitest";
import { loadCatalog } from "../../../instruments/catalog.ts";
import { walkElements } from "../../../instruments/lint.ts";
import { SHARED_ITEMS, type SharedItem } from "../../../instruments/shared-items.ts";

const catalog = loadCatalog();
type El = Record<string, unknown>;

const values = (list: unknown): unknown[] => (Array.isArray(list) ? list.map((c: { value?: unknown }) => c.value ?? c) : []);

/** What must be equal between two instruments' copies of an item, minus the values one does not offer. */
function shape(el: El, omitted: readonly unknown[]): unknown {
  const keep = (list: unknown) => values(list).filter((v) => !omitted.includes(v));
  return {
    type: el.type,
    choices: keep(el.choices),
    showOtherItem: el.showOtherItem ?? false,
    rows: values(el.rows),
    columns: Array.isArray(el.columns)
      ? (el.columns as El[]).map((c) => ({ name: c.name, cellType: c.cellType, choices: values(c.choices) }))
      : [],
  };
}

function find(instrumentId: string, name: string): El | undefined {
  const json = catalog.find((c) => c.descriptor.id === instrumentId)?.json;
  return walkElements(json).find((e) => e.element.name === name)?.element;
}

describe.each(SHARED_ITEMS.map((item) => [item.name, item] as const))("%s", (name, item: SharedItem) => {
  test("exists in every instrument that shares it", () => {
    for (const id of item.instruments) expect(find(id, name), `${name} in ${id}`).toBeDefined();
  });

  test("has the same type, values, rows and columns everywhere", () => {
    const omittedAnywhere = Object.values(item.notOfferedIn ?? {}).flat();
    const shapes = item.instruments.map((id) => [id, shape(find(id, name) ?? {}, omittedAnywhere)] as const);
    const [first, ...rest] = shapes;
    for (const [id, s] of rest) expect(s, `${name}: ${id} vs ${first?.[0]}`).toEqual(first?.[1]);
  });

  test("offers every value except those its appendix lacks", () => {
    const all = new Set(item.instruments.flatMap((id) => values(find(id, name)?.choices)));
    for (const id of item.instruments) {
      const lacking = [...all].filter((v) => !values(find(id, name)?.choices).includes(v));
      expect(lacking, `${name} in ${id}`).toEqual([...(item.notOfferedIn?.[id] ?? [])]);
    }
  });
});

test("no other question name is reused across instruments with a different shape", () => {
  // Age-band questions differ by design (each group has its own bands); the registry maps them.
  const ageQuestions = catalog.flatMap((c) => (c.descriptor.ageGroup ? [c.descriptor.ageGroup.question] : []));
  const shared = new Set([...SHARED_ITEMS.map((s) => s.name), ...ageQuestions]);
  const seen = new Map<string, { id: string; shape: unknown }>();
  const clashes: string[] = [];
  for (const { descriptor, json } of catalog) {
    for (const { element } of walkElements(json)) {
      const name = String(element.name);
      if (shared.has(name) || element.type === "html") continue;
      const s = shape(element, []);
      const before = seen.get(name);
      if (before && JSON.stringify(before.shape) !== JSON.stringify(s)) clashes.push(`${name}: ${before.id} vs ${descriptor.id}`);
      if (!before) seen.set(name, { id: descriptor.id, shape: s });
    }
  }
  expect(clashes).toEqual([]);
});
