/**
 * The codebook editor's pure functions (client/src/console/coding/codebook-edit.ts): adding, moving,
 * indenting, outdenting and deleting codes in the local copy, and the PUT body made from it. The editor
 * draws the list as it is and the server takes sibling order from array order, so every change must keep
 * the list in display order (parents before children, each subtree without a gap) and a move must take a
 * code's children with it.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  addChild,
  addRoot,
  blankCode,
  canIndent,
  canMoveDown,
  canMoveUp,
  canOutdent,
  deleteBlock,
  deleteCode,
  depths,
  fromView,
  indent,
  isChanged,
  localProblems,
  moveDown,
  moveUp,
  newGuid,
  outdent,
  problemsByRow,
  readCodesInUse,
  readProblems,
  subtreeEnd,
  toPutBody,
  updateCode,
  type EditCode,
} from "../../../client/src/console/coding/codebook-edit.ts";
import type { CodeView } from "../../../client/src/console/coding/coding-api.ts";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function code(id: string, parentId: string | null, codings = 0): EditCode {
  return { id, name: id.toUpperCase(), description: "", color: null, parentId, isCodable: true, codings, isNew: false };
}

/**
 *   a
 *     a1
 *       a1x
 *     a2
 *   b
 *     b1
 *   c
 */
const TREE: EditCode[] = [code("a", null), code("a1", "a", 3), code("a1x", "a1"), code("a2", "a"), code("b", null), code("b1", "b"), code("c", null)];

const ids = (list: readonly EditCode[]) => list.map((c) => c.id);
const parents = (list: readonly EditCode[]) => Object.fromEntries(list.map((c) => [c.id, c.parentId]));

/**
 * The display order rebuilt from the parents and the siblings' order in the array, as the server flattens a
 * codebook; a list is in display order when this gives it back unchanged.
 */
function displayOrder(list: readonly EditCode[]): string[] {
  const children = new Map<string | null, string[]>();
  for (const c of list) children.set(c.parentId, [...(children.get(c.parentId) ?? []), c.id]);
  const out: string[] = [];
  const walk = (parent: string | null) => {
    for (const id of children.get(parent) ?? []) {
      out.push(id);
      walk(id);
    }
  };
  walk(null);
  return out;
}

function expectInvariants(list: readonly EditCode[]): void {
  expect(new Set(ids(list)).size).toBe(list.length);
  const seen = new Set<string>();
  for (const c of list) {
    if (c.parentId !== null) expect(seen.has(c.parentId)).toBe(true);
    seen.add(c.id);
  }
  expect(displayOrder(list)).toEqual(ids(list));
  const depth = depths(list);
  list.forEach((c) => expect(depth.get(c.id)).toBe(c.parentId === null ? 0 : depth.get(c.parentId)! + 1));
}

describe("the tree's shape", () => {
  test("the fixture is in display order; subtrees and depths are read from it", () => {
    expectInvariants(TREE);
    expect(subtreeEnd(TREE, 0)).toBe(4);
    expect(subtreeEnd(TREE, 1)).toBe(3);
    expect(subtreeEnd(TREE, 6)).toBe(7);
    expect([...depths(TREE).values()]).toEqual([0, 1, 2, 1, 0, 1, 0]);
  });

  test("fromView keeps the server's order and counts; a missing description or colour becomes empty", () => {
    const view: CodeView[] = [
      { id: "p", name: "Ģimene", parentId: null, isCodable: false, color: "#AA3300", depth: 0, path: "Ģimene", codings: 0 },
      { id: "q", name: "Saziņa", description: "Zvani", parentId: "p", isCodable: true, depth: 1, path: "Ģimene / Saziņa", codings: 6 },
    ];
    expect(fromView(view)).toEqual([
      { id: "p", name: "Ģimene", description: "", color: "#AA3300", parentId: null, isCodable: false, codings: 0, isNew: false },
      { id: "q", name: "Saziņa", description: "Zvani", color: null, parentId: "p", isCodable: true, codings: 6, isNew: false },
    ]);
  });
});

describe("adding", () => {
  test("a root code goes last; a child goes after its parent's last descendant", () => {
    const rooted = addRoot(TREE, blankCode("n", "a"));
    expect(ids(rooted)).toEqual(["a", "a1", "a1x", "a2", "b", "b1", "c", "n"]);
    expect(rooted.at(-1)!.parentId).toBeNull();
    const child = addChild(TREE, "a", blankCode("n", null));
    expect(ids(child)).toEqual(["a", "a1", "a1x", "a2", "n", "b", "b1", "c"]);
    expect(child[4]).toMatchObject({ parentId: "a", name: "", isCodable: true, codings: 0, isNew: true });
    expectInvariants(child);
    expect(ids(addChild(TREE, "a1x", blankCode("n", null)))).toEqual(["a", "a1", "a1x", "n", "a2", "b", "b1", "c"]);
    expect(TREE).toHaveLength(7);
  });

  test("newGuid makes version 4 GUIDs from getRandomValues", () => {
    expect(newGuid()).toMatch(GUID);
    expect(newGuid()).not.toBe(newGuid());
    expect(newGuid((bytes) => bytes.fill(0xff))).toBe("ffffffff-ffff-4fff-bfff-ffffffffffff");
    expect(newGuid((bytes) => bytes.fill(0))).toBe("00000000-0000-4000-8000-000000000000");
  });
});

describe("moving among siblings", () => {
  test("up and down swap whole subtrees and keep the parent", () => {
    const up = moveUp(TREE, "b");
    expect(ids(up)).toEqual(["b", "b1", "a", "a1", "a1x", "a2", "c"]);
    expectInvariants(up);
    const down = moveDown(TREE, "a1");
    expect(ids(down)).toEqual(["a", "a2", "a1", "a1x", "b", "b1", "c"]);
    expect(parents(down)).toEqual(parents(TREE));
    expectInvariants(down);
    expect(moveDown(moveUp(TREE, "b"), "b")).toEqual(TREE);
  });

  test("the first sibling does not go up, the last does not go down, not even into another parent", () => {
    expect([canMoveUp(TREE, "a"), canMoveUp(TREE, "a1"), canMoveUp(TREE, "b1"), canMoveUp(TREE, "a2")]).toEqual([false, false, false, true]);
    expect([canMoveDown(TREE, "c"), canMoveDown(TREE, "a2"), canMoveDown(TREE, "a1x"), canMoveDown(TREE, "a")]).toEqual([false, false, false, true]);
    expect(moveUp(TREE, "b1")).toEqual(TREE);
    expect(moveDown(TREE, "a2")).toEqual(TREE);
    expect(moveUp(TREE, "nobody")).toEqual(TREE);
  });
});

describe("indent and outdent", () => {
  test("indent makes a code, with its children, the last child of the sibling before it", () => {
    const indented = indent(TREE, "b");
    expect(ids(indented)).toEqual(ids(TREE));
    expect(indented.find((c) => c.id === "b")!.parentId).toBe("a");
    expect(indented.find((c) => c.id === "b1")!.parentId).toBe("b");
    expect(depths(indented).get("b1")).toBe(2);
    expectInvariants(indented);
    expect(canIndent(TREE, "a")).toBe(false);
    expect(canIndent(TREE, "a1")).toBe(false);
    expect(indent(TREE, "a1")).toEqual(TREE);
  });

  test("outdent puts a code, with its children, after its parent's subtree; later siblings stay", () => {
    const out = outdent(TREE, "a1");
    expect(ids(out)).toEqual(["a", "a2", "a1", "a1x", "b", "b1", "c"]);
    expect(out.find((c) => c.id === "a1")!.parentId).toBeNull();
    expect(out.find((c) => c.id === "a2")!.parentId).toBe("a");
    expect(out.find((c) => c.id === "a1x")!.parentId).toBe("a1");
    expectInvariants(out);
    const deep = outdent(TREE, "a1x");
    expect(ids(deep)).toEqual(["a", "a1", "a1x", "a2", "b", "b1", "c"]);
    expect(deep.find((c) => c.id === "a1x")!.parentId).toBe("a");
    expectInvariants(deep);
    expect(canOutdent(TREE, "a")).toBe(false);
    expect(outdent(TREE, "c")).toEqual(TREE);
  });

  test("indent then outdent brings a last sibling back", () => {
    expect(outdent(indent(TREE, "c"), "c")).toEqual(TREE);
  });
});

describe("deleting", () => {
  test("only a code without codings and without children goes", () => {
    expect(deleteBlock(TREE, "a1")).toBe("has-codings");
    expect(deleteBlock(TREE, "b")).toBe("has-children");
    expect(deleteBlock(TREE, "b1")).toBeNull();
    expect(deleteCode(TREE, "a1")).toEqual(TREE);
    expect(deleteCode(TREE, "b")).toEqual(TREE);
    expect(ids(deleteCode(TREE, "b1"))).toEqual(["a", "a1", "a1x", "a2", "b", "c"]);
    expect(ids(deleteCode(deleteCode(TREE, "b1"), "b"))).toEqual(["a", "a1", "a1x", "a2", "c"]);
  });
});

describe("sending", () => {
  test("the PUT body is the list in order with trimmed names; empty descriptions and no colour are left out", () => {
    const edited = updateCode(updateCode(TREE, "a", { name: "  Ģimene ", description: "  ", color: "#aa3300", isCodable: false }), "b", { description: "Kad runā par veselību" });
    const body = toPutBody(edited);
    expect(body.codes.map((c) => c.id)).toEqual(ids(TREE));
    expect(body.codes[0]).toEqual({ id: "a", name: "Ģimene", color: "#aa3300", parentId: null, isCodable: false });
    expect(body.codes[4]).toEqual({ id: "b", name: "B", description: "Kad runā par veselību", parentId: null, isCodable: true });
    expect(Object.keys(body.codes[1]!)).toEqual(["id", "name", "parentId", "isCodable"]);
    expect(isChanged(TREE, TREE.map((c) => ({ ...c })))).toBe(false);
    expect(isChanged(TREE, updateCode(TREE, "c", { name: "C " }))).toBe(false);
    expect(isChanged(TREE, moveUp(TREE, "c"))).toBe(true);
  });

  test("empty names and names repeated among siblings (ignoring case) are found before sending", () => {
    const list = addChild(updateCode(TREE, "a2", { name: " a1 " }), "b", blankCode("n", null));
    expect(localProblems(list)).toEqual([
      { codeId: "a2", kind: "name-duplicate" },
      { codeId: "n", kind: "name-required" },
    ]);
    // The same name under another parent is fine.
    expect(localProblems(updateCode(TREE, "b1", { name: "A1" }))).toEqual([]);
  });

  test("a 422's problems go to their rows by index or code id; the rest are listed", () => {
    const problems = readProblems([
      { path: "codes[1].name", reason: "a code needs a name", code: "code.name_required", codeId: "a1", line: null },
      { path: "codes[9].color", reason: "bad", code: "code.invalid_color", codeId: "C", line: null },
      { path: "line 4", reason: "broken", code: "csv.row", codeId: null, line: 4 },
      { nonsense: true },
    ]);
    expect(problems).toHaveLength(3);
    const { byId, rest } = problemsByRow(TREE, problems);
    expect([...byId.keys()]).toEqual(["a1", "c"]);
    expect(rest).toEqual([{ path: "line 4", reason: "broken", code: "csv.row", codeId: null, line: 4 }]);
    expect(readCodesInUse([{ codeId: "a1", path: "A / A1", codings: 3 }, "x"])).toEqual([{ codeId: "a1", path: "A / A1", codings: 3 }]);
    expect(readProblems({ not: "a list" })).toEqual([]);
  });
});

describe("any sequence of edits", () => {
  const op = fc.oneof(
    fc.record({ kind: fc.constantFrom("up", "down", "indent", "outdent", "delete", "child"), at: fc.nat() }),
    fc.record({ kind: fc.constant("root"), at: fc.nat() }),
  );

  test("keeps display order, depths, and each moved code's children with it", () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        let list: EditCode[] = TREE.map((c) => ({ ...c }));
        let n = 0;
        for (const { kind, at } of ops) {
          const target = list[at % Math.max(list.length, 1)];
          if (kind === "root" || !target) {
            list = addRoot(list, blankCode(`n${n++}`, null));
            continue;
          }
          const before = parents(list);
          switch (kind) {
            case "up":
              list = moveUp(list, target.id);
              break;
            case "down":
              list = moveDown(list, target.id);
              break;
            case "indent":
              list = indent(list, target.id);
              break;
            case "outdent":
              list = outdent(list, target.id);
              break;
            case "delete":
              list = deleteCode(list, target.id);
              break;
            case "child":
              list = addChild(list, target.id, blankCode(`n${n++}`, null));
              break;
          }
          expectInvariants(list);
          // Only the code acted on changes its parent; its children keep theirs.
          const after = parents(list);
          for (const id of Object.keys(after)) if (id !== target.id && id in before) expect(after[id]).toBe(before[id]);
        }
        // Codes with codings are never lost.
        expect(ids(list)).toContain("a1");
      }),
      { numRuns: 300 },
    );
  });
});
