/**
 * The pure parts of the coding workspace: cutting a block's text into highlight pieces at every span boundary
 * (overlapping, nested, adjacent spans, spans at the edges, surrogate pairs, Latvian letters), the highlight
 * colours' contrast, turning a DOM selection into [start, end) over text nodes split by marks, tidying a
 * span, and where each coding belongs. The offsets must be the server's (UTF-16 code units of the stored
 * text), or a coding lands on the wrong words.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { CodingView } from "../../../client/src/console/coding/coding-api.ts";
import { contrastRatio, highlightPieces, markColours, MARK_TEXT, shortExcerpt, type HighlightPiece } from "../../../client/src/console/coding/highlight.ts";
import { blockKeyOf, codeColours, codeGroups, placeCodings, SPARE_COLOURS, workspaceBlocks } from "../../../client/src/console/coding/workspace-blocks.ts";
import { offsetsOf, tidySpan, type TextTreeNode } from "../../../client/src/console/coding/workspace-selection.ts";

const brief = (pieces: HighlightPiece[]) => pieces.map((p) => [p.text, p.ids]);

/** Up to `max` spans anywhere in a text of `length` code units (some empty). */
const spansIn = (length: number, max: number) =>
  fc
    .array(fc.tuple(fc.integer({ min: 0, max: length }), fc.integer({ min: 0, max: length })), { maxLength: max })
    .map((pairs) => pairs.map(([a, b], i) => ({ id: `s${i}`, start: Math.min(a, b), end: Math.max(a, b) })));

describe("highlightPieces", () => {
  test("no spans: the whole text as one plain piece; no text: no pieces", () => {
    expect(brief(highlightPieces("abc", []))).toEqual([["abc", []]]);
    expect(highlightPieces("", [{ id: "a", start: 0, end: 1 }])).toEqual([]);
  });

  test("a span in the middle", () => {
    expect(highlightPieces("abcdef", [{ id: "a", start: 2, end: 4 }])).toEqual([
      { start: 0, end: 2, text: "ab", ids: [] },
      { start: 2, end: 4, text: "cd", ids: ["a"] },
      { start: 4, end: 6, text: "ef", ids: [] },
    ]);
  });

  test("overlapping spans are split where either starts or ends", () => {
    expect(brief(highlightPieces("abcdef", [{ id: "b", start: 3, end: 5 }, { id: "a", start: 1, end: 4 }]))).toEqual([
      ["a", []],
      ["bc", ["a"]],
      ["d", ["a", "b"]],
      ["e", ["b"]],
      ["f", []],
    ]);
  });

  test("a nested span sits inside the longer one (outermost first)", () => {
    expect(brief(highlightPieces("abcdef", [{ id: "inner", start: 2, end: 3 }, { id: "outer", start: 0, end: 6 }]))).toEqual([
      ["ab", ["outer"]],
      ["c", ["outer", "inner"]],
      ["def", ["outer"]],
    ]);
  });

  test("spans sharing a start: the longer is outside", () => {
    expect(brief(highlightPieces("abcdef", [{ id: "short", start: 0, end: 2 }, { id: "long", start: 0, end: 4 }]))).toEqual([
      ["ab", ["long", "short"]],
      ["cd", ["long"]],
      ["ef", []],
    ]);
  });

  test("the same span coded twice is one piece with both codings, in id order", () => {
    expect(brief(highlightPieces("abc", [{ id: "y", start: 0, end: 3 }, { id: "x", start: 0, end: 3 }]))).toEqual([["abc", ["x", "y"]]]);
  });

  test("adjacent spans give adjacent pieces, no empty piece between", () => {
    expect(brief(highlightPieces("abcdef", [{ id: "a", start: 0, end: 3 }, { id: "b", start: 3, end: 6 }]))).toEqual([
      ["abc", ["a"]],
      ["def", ["b"]],
    ]);
  });

  test("spans at the very start and the very end", () => {
    expect(brief(highlightPieces("abcdef", [{ id: "first", start: 0, end: 1 }, { id: "last", start: 5, end: 6 }]))).toEqual([
      ["a", ["first"]],
      ["bcde", []],
      ["f", ["last"]],
    ]);
    expect(brief(highlightPieces("abc", [{ id: "all", start: 0, end: 3 }]))).toEqual([["abc", ["all"]]]);
  });

  test("spans outside the text or empty are left out", () => {
    const spans = [
      { id: "past-end", start: 2, end: 9 },
      { id: "empty", start: 1, end: 1 },
      { id: "reversed", start: 2, end: 1 },
      { id: "negative", start: -1, end: 2 },
      { id: "fraction", start: 0.5, end: 2 },
    ];
    expect(brief(highlightPieces("abc", spans))).toEqual([["abc", []]]);
  });

  test("Latvian letters are one code unit each, as the server counts them", () => {
    const text = "Mana ģimenē runā latviski; tā ir svarīga.";
    const start = text.indexOf("ģimenē");
    const pieces = highlightPieces(text, [{ id: "family", start, end: start + "ģimenē".length }]);
    expect("ģimenē".length).toBe(6);
    expect(pieces.find((p) => p.ids.includes("family"))).toEqual({ start: 5, end: 11, text: "ģimenē", ids: ["family"] });
  });

  test("a surrogate pair is never cut: an emoji stays whole, a boundary inside it is widened", () => {
    const text = "a😀b";
    expect(text.length).toBe(4);
    expect(brief(highlightPieces(text, [{ id: "e", start: 1, end: 3 }]))).toEqual([
      ["a", []],
      ["😀", ["e"]],
      ["b", []],
    ]);
    expect(brief(highlightPieces(text, [{ id: "half", start: 2, end: 4 }]))).toEqual([
      ["a", []],
      ["😀b", ["half"]],
    ]);
    expect(brief(highlightPieces(text, [{ id: "half", start: 0, end: 2 }]))).toEqual([
      ["a😀", ["half"]],
      ["b", []],
    ]);
  });

  test("property: the pieces tile the text and each lists exactly the spans covering it", () => {
    const arb = fc.string({ minLength: 1, maxLength: 40 }).chain((text) =>
      fc.tuple(
        fc.constant(text),
        spansIn(text.length, 8),
      ),
    );
    fc.assert(
      fc.property(arb, ([text, spans]) => {
        const pieces = highlightPieces(text, spans);
        expect(pieces.map((p) => p.text).join("")).toBe(text);
        let at = 0;
        for (const piece of pieces) {
          expect(piece.start).toBe(at);
          expect(piece.end).toBeGreaterThan(piece.start);
          at = piece.end;
          const covering = spans.filter((s) => s.start < s.end && s.start <= piece.start && s.end >= piece.end).map((s) => s.id);
          expect([...piece.ids].sort()).toEqual(covering.sort());
        }
      }),
    );
  });
});

test("property: in any Unicode text, pieces tile the text and never start or end inside a surrogate pair", () => {
  const arb = fc.string({ unit: "binary", minLength: 1, maxLength: 30 }).chain((text) =>
    fc.tuple(
      fc.constant(text),
      spansIn(text.length, 6),
    ),
  );
  const splits = (text: string, i: number) => i > 0 && i < text.length && /[\ud800-\udbff]/.test(text[i - 1]!) && /[\udc00-\udfff]/.test(text[i]!);
  fc.assert(
    fc.property(arb, ([text, spans]) => {
      const pieces = highlightPieces(text, spans);
      expect(pieces.map((p) => p.text).join("")).toBe(text);
      for (const piece of pieces) expect(splits(text, piece.start) || splits(text, piece.end)).toBe(false);
    }),
  );
});

describe("markColours", () => {
  test.each(["#000000", "#ff0000", "#0000ff", "#1b5a85", "#00ff00", "#ffffff", undefined, null, "not a colour"])("text on the highlight of %s is at least 4.5:1", (colour) => {
    expect(contrastRatio(MARK_TEXT, markColours(colour).background)).toBeGreaterThanOrEqual(4.5);
  });

  test("property: any #rrggbb gives an AA highlight", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffff }), (n) => {
        const hex = `#${n.toString(16).padStart(6, "0")}`;
        expect(contrastRatio(MARK_TEXT, markColours(hex).background)).toBeGreaterThanOrEqual(4.5);
      }),
    );
  });

  test("the underline keeps the code's own colour; the background is a light tint of it", () => {
    expect(markColours("#FF0000")).toEqual({ background: "#ffb3b3", line: "#ff0000" });
  });
});

describe("shortExcerpt", () => {
  test("white space runs become one space; short text is kept", () => {
    expect(shortExcerpt("  a\n\n b\tc ")).toBe("a b c");
  });

  test("long text keeps its beginning and end around an ellipsis, never half an emoji", () => {
    const text = `${"ģ".repeat(50)}😀${"x".repeat(50)}`;
    const short = shortExcerpt(text, 20);
    expect(Array.from(short).length).toBeLessThanOrEqual(20);
    expect(short).toContain(" … ");
    expect(short.startsWith("ģ")).toBe(true);
    expect(short.endsWith("x")).toBe(true);
    expect(shortExcerpt(`${"a".repeat(10)}😀😀😀${"b".repeat(10)}`, 12)).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });
});

// ---- Selections over text nodes split by marks -------------------------------------------------------------

type FakeNode = TextTreeNode & { childNodes: FakeNode[] };

function txt(value: string): FakeNode {
  return { nodeType: 3, nodeValue: value, childNodes: [], parentNode: null };
}

function el(...children: FakeNode[]): FakeNode {
  const node: FakeNode = { nodeType: 1, nodeValue: null, childNodes: children, parentNode: null };
  for (const child of children) child.parentNode = node;
  return node;
}

/** The DOM the page renders for a block: pieces as text nodes, coded ones inside nested marks. */
function rendered(text: string, spans: { id: string; start: number; end: number }[]): { root: FakeNode; texts: { node: FakeNode; start: number }[] } {
  const texts: { node: FakeNode; start: number }[] = [];
  const children = highlightPieces(text, spans).map((piece) => {
    const leaf = txt(piece.text);
    texts.push({ node: leaf, start: piece.start });
    return piece.ids.reduceRight((inner) => el(inner), leaf);
  });
  return { root: el(...children), texts };
}

describe("offsetsOf", () => {
  const a = txt("ab");
  const cd = txt("cd");
  const mark = el(cd);
  const ef = txt("ef");
  const root = el(a, mark, ef);

  test("counts characters across text nodes, marks included", () => {
    expect(offsetsOf(root, { startContainer: cd, startOffset: 1, endContainer: ef, endOffset: 1 })).toEqual({ start: 3, end: 5 });
    expect(offsetsOf(root, { startContainer: a, startOffset: 0, endContainer: ef, endOffset: 2 })).toEqual({ start: 0, end: 6 });
  });

  test("element boundaries count the text of the children before the offset", () => {
    expect(offsetsOf(root, { startContainer: root, startOffset: 1, endContainer: root, endOffset: 2 })).toEqual({ start: 2, end: 4 });
    expect(offsetsOf(root, { startContainer: mark, startOffset: 0, endContainer: mark, endOffset: 1 })).toEqual({ start: 2, end: 4 });
    expect(offsetsOf(root, { startContainer: root, startOffset: 0, endContainer: root, endOffset: 3 })).toEqual({ start: 0, end: 6 });
  });

  test("a boundary outside the container is its start or end (a triple-click ends in the next element)", () => {
    const outside = el(txt("heading"));
    const next = el(txt("next block"));
    el(outside, root, next);
    expect(offsetsOf(root, { startContainer: outside.childNodes[0]!, startOffset: 3, endContainer: cd, endOffset: 1 })).toEqual({ start: 0, end: 3 });
    expect(offsetsOf(root, { startContainer: a, startOffset: 0, endContainer: next, endOffset: 0 })).toEqual({ start: 0, end: 6 });
  });

  test("an empty range is null", () => {
    expect(offsetsOf(root, { startContainer: cd, startOffset: 1, endContainer: cd, endOffset: 1 })).toBeNull();
    expect(offsetsOf(root, { startContainer: cd, startOffset: 2, endContainer: ef, endOffset: 0 })).toBeNull();
  });

  test("every point of a rendered block maps back to its offset in the stored text", () => {
    const text = "Mana ģimenē 😀 runā\n\n  ar  mani.";
    const { root: block, texts } = rendered(text, [
      { id: "a", start: 0, end: 11 },
      { id: "b", start: 5, end: 14 },
      { id: "c", start: 14, end: text.length },
      { id: "d", start: 5, end: 11 },
    ]);
    for (const first of texts) {
      for (const second of texts) {
        for (let i = 0; i <= (first.node.nodeValue ?? "").length; i++) {
          for (let j = 0; j <= (second.node.nodeValue ?? "").length; j++) {
            const start = first.start + i;
            const end = second.start + j;
            const got = offsetsOf(block, { startContainer: first.node, startOffset: i, endContainer: second.node, endOffset: j });
            expect(got).toEqual(start < end ? { start, end } : null);
          }
        }
      }
    }
  });
});

describe("tidySpan", () => {
  test("white space at the edges is left out", () => {
    expect(tidySpan("  word  next", { start: 0, end: 8 })).toEqual({ start: 2, end: 6 });
    expect(tidySpan("a\n\nb", { start: 0, end: 3 })).toEqual({ start: 0, end: 1 });
  });

  test("only white space is nothing to code", () => {
    expect(tidySpan("a   b", { start: 1, end: 4 })).toBeNull();
  });

  test("a boundary inside a surrogate pair takes the whole character", () => {
    expect(tidySpan("a😀b", { start: 2, end: 3 })).toEqual({ start: 1, end: 3 });
  });

  test("Latvian text is left as it is", () => {
    expect(tidySpan("ģimenē ", { start: 0, end: 7 })).toEqual({ start: 0, end: 6 });
  });
});

// ---- Blocks and where codings belong --------------------------------------------------------------------

function coding(over: Partial<CodingView>): CodingView {
  return {
    id: "c1",
    studyId: "s",
    codeId: "k",
    codePath: "K",
    sessionId: "x",
    coderId: 1,
    blockKey: "q1",
    source: "note",
    segmentSeq: null,
    start: 0,
    end: 1,
    text: "",
    createdSeq: 1,
    anchored: true,
    ...over,
  };
}

describe("workspaceBlocks and placeCodings", () => {
  const view = {
    questions: [
      { key: "q1", number: 1, section: "p", title: "Pirmais" },
      { key: "q2", number: 2, section: "p", title: { lv: "Otrais", en: "Second" } },
    ],
    notes: [
      { questionKey: "q2", notes: "  otrā atbilde\n", skipped: false, offsetSeconds: null, offsetTake: null, revision: 2 },
      { questionKey: "gone", notes: "vecs jautājums", skipped: false, offsetSeconds: null, offsetTake: null, revision: 3 },
      { questionKey: "q1", notes: "Mana ģimenē", skipped: false, offsetSeconds: null, offsetTake: null, revision: 1 },
      { questionKey: "blank", notes: "  \n ", skipped: true, offsetSeconds: null, offsetTake: null, revision: 4 },
    ],
    transcript: [
      { seq: 2, questionKey: null, text: "otrā daļa" },
      { seq: 1, questionKey: "q1", text: "pirmā daļa" },
      { seq: 3, questionKey: null, text: "   " },
    ],
  };

  test("notes in guide order with their text untouched, then transcript segments by number; blank ones left out", () => {
    const { notes, transcript } = workspaceBlocks(view);
    expect(notes.map((b) => [b.key, b.apiKey, b.source, b.text])).toEqual([
      ["note:q1", "q1", "note", "Mana ģimenē"],
      ["note:q2", "q2", "note", "  otrā atbilde\n"],
      ["note:gone", "gone", "note", "vecs jautājums"],
    ]);
    expect(transcript.map((b) => [b.key, b.apiKey, b.source, b.questionKey])).toEqual([
      ["segment:1", "segment:1", "transcript", "q1"],
      ["segment:2", "segment:2", "transcript", null],
    ]);
  });

  test("a transcript coding is placed by its segment even though the server keys it by the segment's question", () => {
    expect(blockKeyOf({ source: "transcript", blockKey: "q1", segmentSeq: 1 })).toBe("segment:1");
    expect(blockKeyOf({ source: "note", blockKey: "q1", segmentSeq: null })).toBe("note:q1");
    const { notes, transcript } = workspaceBlocks(view);
    const { byBlock, orphans } = placeCodings(
      [...notes, ...transcript],
      [
        coding({ id: "t", source: "transcript", blockKey: "q1", segmentSeq: 1, start: 0, end: 5, text: "pirmā" }),
        coding({ id: "n", source: "note", blockKey: "q1", start: 5, end: 11, text: "ģimenē" }),
        coding({ id: "edited", source: "note", blockKey: "q1", start: 0, end: 4, text: "Tava" }),
        coding({ id: "beyond", source: "note", blockKey: "q1", start: 5, end: 40, text: "ģimenē un vēl" }),
        coding({ id: "detached", source: "note", blockKey: "q1", start: 0, end: 4, text: "Mana", anchored: false }),
        coding({ id: "orphan", source: "transcript", blockKey: "segment:9", segmentSeq: 9, start: 0, end: 1, text: "x" }),
      ],
    );
    expect(byBlock.get("segment:1")?.map((p) => [p.coding.id, p.stale])).toEqual([["t", false]]);
    expect(byBlock.get("note:q1")?.map((p) => [p.coding.id, p.stale])).toEqual([
      ["edited", true],
      ["detached", true],
      ["beyond", true],
      ["n", false],
    ]);
    expect(byBlock.has("note:q2")).toBe(false);
    expect(orphans.map((c) => c.id)).toEqual(["orphan"]);
  });
});

describe("the code chooser", () => {
  const codes = [
    { id: "A", name: "Ģimene", parentId: null, color: "#AA3300", depth: 0, isCodable: false },
    { id: "B", name: "Saziņa", parentId: "a", depth: 1, isCodable: true },
    { id: "C", name: "Vēstules", parentId: "B", depth: 2, isCodable: true },
    { id: "D", name: "Veselība", parentId: null, color: "#00aa55", depth: 0, isCodable: true },
    { id: "E", name: "Garīgā", parentId: "D", color: "#123456", depth: 1, isCodable: true },
    { id: "F", name: "Darbs/mācības", parentId: null, depth: 0, isCodable: true },
  ];

  test("a code without a colour takes its nearest ancestor's (ids compared without case), else its top code's spare colour", () => {
    expect(Object.fromEntries(codeColours(codes))).toEqual({ a: "#AA3300", b: "#AA3300", c: "#AA3300", d: "#00aa55", e: "#123456", f: SPARE_COLOURS[0] });
  });

  test("uncoloured top-level codes get different spare colours, shared with their descendants", () => {
    const plain = [
      { id: "p", name: "P", parentId: null, depth: 0 },
      { id: "p1", name: "P1", parentId: "p", depth: 1 },
      { id: "q", name: "Q", parentId: null, depth: 0 },
      { id: "r", name: "R", parentId: null, color: "#000000", depth: 0 },
      { id: "s", name: "S", parentId: null, depth: 0 },
    ];
    expect(Object.fromEntries(codeColours(plain))).toEqual({ p: SPARE_COLOURS[0], p1: SPARE_COLOURS[0], q: SPARE_COLOURS[1], r: "#000000", s: SPARE_COLOURS[2] });
    for (const colour of SPARE_COLOURS) expect(contrastRatio(MARK_TEXT, markColours(colour).background)).toBeGreaterThanOrEqual(4.5);
  });

  test("spare colours that look like one of the codebook's own are skipped", () => {
    const mixed = [
      { id: "blue", name: "Zils", parentId: null, color: "#1F6FB2", depth: 0 },
      { id: "u1", name: "U1", parentId: null, depth: 0 },
      { id: "u2", name: "U2", parentId: null, depth: 0 },
    ];
    const colours = codeColours(mixed);
    expect(colours.get("u1")).toBe(SPARE_COLOURS[0]);
    expect(colours.get("u2")).toBe(SPARE_COLOURS[2]); // not SPARE_COLOURS[1], a blue like "Zils"
  });

  test("one row per top-level code, descendants labelled by their path below it", () => {
    expect(codeGroups(codes).map((g) => [g.root.label, g.members.map((m) => m.label)])).toEqual([
      ["Ģimene", ["Saziņa", "Saziņa / Vēstules"]],
      ["Veselība", ["Garīgā"]],
      ["Darbs/mācības", []],
    ]);
  });

  test("a parent loop does not hang", () => {
    const loop = [
      { id: "x", name: "X", parentId: "y", depth: 0 },
      { id: "y", name: "Y", parentId: "x", depth: 1 },
    ];
    expect(codeColours(loop).size).toBe(2);
    expect(codeGroups(loop).length).toBeGreaterThan(0);
  });
});
