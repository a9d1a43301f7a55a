/**
 * The codebook model: every rule of validateCodebook names the code and the field, the tree and the
 * display order follow the array order, and name-based ids are real RFC 4122 version 5 UUIDs (checked
 * against Python's uuid.uuid5 with the same namespace).
 */
import { describe, expect, test } from "vitest";
import {
  InvalidCodebookError,
  buildCodeTree,
  codePath,
  deterministicGuid,
  flattenCodebook,
  validateCodebook,
} from "../../../analysis/qualitative/codebook.ts";
import type { QualCode } from "../../../analysis/qualitative/types.ts";
import { CODEBOOK, DISPLAY_ORDER, ID } from "../../fixtures/qualitative/01-codebook.ts";

const G = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const code = (n: number, name: string, parent: number | null = null, extra: Partial<QualCode> = {}): QualCode => ({
  id: G(n),
  name,
  parentId: parent === null ? null : G(parent),
  isCodable: true,
  ...extra,
});

describe("validateCodebook", () => {
  test("the fixture codebook is valid", () => {
    expect(validateCodebook(CODEBOOK)).toEqual([]);
  });

  test.each([
    ["an id that is not a GUID", [code(1, "A", null, { id: "abc" })], "code.invalid_id", "codes[0].id"],
    ["an id in braces (the platform writes GUIDs bare)", [code(1, "A", null, { id: `{${G(1)}}` })], "code.invalid_id", "codes[0].id"],
    ["a repeated id, ignoring case", [code(1, "A", null, { id: "abcdef00-0000-4000-8000-000000000001" }), code(2, "B", null, { id: "ABCDEF00-0000-4000-8000-000000000001" })], "code.duplicate_id", "codes[1].id"],
    ["an empty name", [code(1, "  ")], "code.name_required", "codes[0].name"],
    ["a padded name", [code(1, " Ģimene")], "code.name_whitespace", "codes[0].name"],
    ["a name holding the path separator", [code(1, "Ģimene / Saziņa")], "code.name_separator", "codes[0].name"],
    ["a name ending in a spaced slash", [code(1, "Ģimene /")], "code.name_separator", "codes[0].name"],
    ["a line break in a name", [code(1, "Ģimene\nSaziņa")], "code.name_invalid_character", "codes[0].name"],
    ["a control character in a description", [code(1, "A", null, { description: "a\u0007b" })], "code.description_invalid_character", "codes[0].description"],
    ["a colour that is not #RRGGBB", [code(1, "A", null, { color: "#abc" })], "code.invalid_color", "codes[0].color"],
    ["a colour name", [code(1, "A", null, { color: "red" })], "code.invalid_color", "codes[0].color"],
    ["a missing parent", [code(1, "A", 9)], "code.parent_missing", "codes[0].parentId"],
    ["a code that is its own parent", [code(1, "A", 1)], "code.parent_cycle", "codes[0].parentId"],
    ["the same name twice under one parent, ignoring case", [code(1, "Ģimene"), code(2, "ģimene")], "code.duplicate_name", "codes[1].name"],
  ])("reports %s", (_, codes, problemCode, path) => {
    const problems = validateCodebook(codes);
    expect(problems).toContainEqual(expect.objectContaining({ code: problemCode, path, line: null }));
  });

  test("a cycle is reported once for each code in it, and its descendants are not blamed", () => {
    const problems = validateCodebook([code(1, "A", 3), code(2, "B", 1), code(3, "C", 2), code(4, "D", 1), code(5, "E")]);
    expect(problems.map((p) => [p.code, p.path])).toEqual([
      ["code.parent_cycle", "codes[0].parentId"],
      ["code.parent_cycle", "codes[1].parentId"],
      ["code.parent_cycle", "codes[2].parentId"],
    ]);
  });

  test("a slash without spaces is part of a name", () => {
    expect(validateCodebook([code(1, "Darbs/mācības"), code(2, "Izglītība /mācības")])).toEqual([]);
  });

  test("the same name under different parents is fine", () => {
    expect(validateCodebook([code(1, "Ģimene"), code(2, "Veselība"), code(3, "Cits", 1), code(4, "Cits", 2)])).toEqual([]);
  });

  test("every problem says which code it is about", () => {
    const problems = validateCodebook([code(1, "A"), code(2, "a")]);
    expect(problems).toEqual([expect.objectContaining({ codeId: G(2), message: expect.stringContaining('"A"') })]);
  });

  test("an empty codebook is valid", () => {
    expect(validateCodebook([])).toEqual([]);
  });
});

describe("tree, display order and paths", () => {
  test("flattenCodebook lists parents before children, siblings in codebook order", () => {
    const flat = flattenCodebook(CODEBOOK);
    expect(flat.map((f) => f.path)).toEqual(DISPLAY_ORDER);
    expect(flat.map((f) => f.depth)).toEqual([0, 1, 2, 1, 0, 1, 1, 0, 0]);
    expect(flat[2]!.names).toEqual(["Ģimene", "Saziņa", "Vēstules"]);
  });

  test("buildCodeTree nests children under their parents", () => {
    const tree = buildCodeTree(CODEBOOK);
    expect(tree.map((n) => n.code.name)).toEqual(["Ģimene", "Veselība", "Darbs/mācības", "=Nodarbības"]);
    expect(tree[0]!.children.map((n) => n.code.name)).toEqual(["Saziņa", "Tikšanās"]);
    expect(tree[0]!.children[0]!.children[0]!).toMatchObject({ depth: 2, code: { id: ID.letters }, children: [] });
  });

  test("codePath joins the names with ' / '", () => {
    expect(codePath(CODEBOOK, ID.contact)).toBe("Ģimene / Saziņa");
    expect(codePath(CODEBOOK, ID.medical)).toBe("Veselība / Медицинская помощь");
    expect(() => codePath(CODEBOOK, G(99))).toThrow(/unknown code/);
  });

  test("an invalid codebook cannot be made into a tree, and the error carries the problems", () => {
    const bad = [code(1, "A", 2), code(2, "B", 1)];
    expect(() => buildCodeTree(bad)).toThrow(InvalidCodebookError);
    const error = (() => {
      try {
        flattenCodebook(bad);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(InvalidCodebookError);
    expect((error as InvalidCodebookError).problems.map((p) => p.code)).toEqual(["code.parent_cycle", "code.parent_cycle"]);
  });
});

describe("deterministicGuid", () => {
  // Python: uuid.uuid5(uuid.UUID("6b2f5d0e-3c1a-4e8b-9f47-2a9d81c5e6b3"), key), upper-cased.
  test.each([
    ["ģimene / saziņa", "20AB9327-3ABA-5919-896D-9BEC420568B8"],
    ["ģimene", "7A01D48F-48D4-5EBA-8CB4-6CAADF2F6B3C"],
    ["a", "6472F86C-A50A-5918-AC83-6E6466449F14"],
  ])("%s -> %s (RFC 4122 version 5)", (key, guid) => {
    expect(deterministicGuid(key)).toBe(guid);
  });
});
