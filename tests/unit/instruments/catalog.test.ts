import { describe, expect, test } from "vitest";
import { canonicalJson, loadInstrument, versionOf } from "../../../instruments/catalog.ts";
import { findInstrument } from "../../../instruments/index.ts";

describe("versionOf", () => {
  test("ignores key order and formatting, follows any change of content", () => {
    const a = { title: { lv: "Ā", en: "A" }, pages: [1, 2] };
    const b = JSON.parse(JSON.stringify({ pages: [1, 2], title: { en: "A", lv: "Ā" } }, null, 4));
    expect(versionOf(a)).toBe(versionOf(b));
    expect(versionOf(a)).not.toBe(versionOf({ ...a, pages: [2, 1] }));
    expect(versionOf(a)).not.toBe(versionOf({ ...a, title: { lv: "A", en: "A" } }));
    expect(versionOf(a)).toMatch(/^[0-9a-f]{16}$/);
    expect(canonicalJson({ b: 1, a: [true, null] })).toBe('{"a":[true,null],"b":1}');
  });
});

describe("loadInstrument", () => {
  test("names the file when it cannot be read", () => {
    expect(() => loadInstrument(findInstrument("youth")!, "/nonexistent-dir")).toThrow(/instrument youth: cannot read \/nonexistent-dir\/youth\.json/);
  });
});
