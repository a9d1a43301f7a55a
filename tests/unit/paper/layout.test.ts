/**
 * The layout rules of paper forms: columns for choices and grids, QR modules as runs, and the page
 * furniture of a rendered form (numbers and "page x of y" on every page).
 */
import { describe, expect, test } from "vitest";
import { encode } from "uqr";
import { loadCatalog } from "../../../instruments/catalog.ts";
import { choiceColumns, gridWidths, qrCode, qrRuns } from "../../../server/paper/layout.ts";
import { renderQuestionnaireDetailed } from "../../../server/paper/questionnaire-pdf.ts";

describe("choiceColumns", () => {
  test.each([
    [[14, 16], 455, 2],
    [[60, 70, 62, 40], 455, 4],
    [[150, 160, 150], 455, 2],
    [[300, 280], 455, 1],
    [[20], 455, 1],
    [[20, 20, 20, 20, 20, 20], 455, 4],
  ])("labels %j in %i points: %i columns", (widths, available, expected) => {
    expect(choiceColumns(widths, available)).toBe(expected);
  });
});

describe("gridWidths", () => {
  test("least widths first, the rest shared by growth, filling the width exactly", () => {
    const widths = gridWidths(
      [
        { kind: "label", min: 120, grow: 5 },
        { kind: "choice", min: 130, grow: 0 },
        { kind: "comment", min: 130, grow: 4 },
      ],
      455,
    );
    expect(widths[1]).toBe(130);
    expect(widths[0]! - 120).toBeCloseTo(((455 - 380) * 5) / 9);
    expect(widths.reduce((s, w) => s + w, 0)).toBeCloseTo(455);
  });

  test("too narrow: every column shrinks in proportion, nothing overflows", () => {
    const widths = gridWidths(
      [
        { kind: "label", min: 200, grow: 1 },
        { kind: "choice", min: 200, grow: 0 },
      ],
      300,
    );
    expect(widths).toEqual([150, 150]);
  });
});

describe("QR codes", () => {
  test("runs cover exactly the dark modules", () => {
    const modules = [
      [true, true, false, true],
      [false, false, false, false],
      [true, true, true, true],
    ];
    expect(qrRuns(modules)).toEqual([
      { row: 0, col: 0, length: 2 },
      { row: 0, col: 3, length: 1 },
      { row: 2, col: 0, length: 4 },
    ]);
  });

  test("a form number is a version-1 code whose runs rebuild uqr's matrix", () => {
    const { size, runs } = qrCode("K7QM-2XWD-R");
    const data = encode("K7QM-2XWD-R", { ecc: "M", border: 0 }).data;
    expect(size).toBe(21);
    const rebuilt = Array.from({ length: size }, () => Array<boolean>(size).fill(false));
    for (const r of runs) for (let c = r.col; c < r.col + r.length; c += 1) rebuilt[r.row]![c] = true;
    expect(rebuilt).toEqual(data);
  });
});

describe("renderQuestionnaireDetailed", () => {
  const youth = loadCatalog().find((c) => c.descriptor.id === "youth")!.json;

  test("every copy has the same number of pages; a blank form is one copy", async () => {
    const blank = await renderQuestionnaireDetailed(youth, { locale: "lv", forms: null });
    const three = await renderQuestionnaireDetailed(youth, { locale: "lv", forms: [{ number: "AAAA-AAAA-A" }, { number: "BBBB-BBBB-B" }, { number: "CCCC-CCCC-C" }] });
    expect(blank.pagesPerCopy).toBeGreaterThanOrEqual(3);
    expect(three.pagesPerCopy).toBe(blank.pagesPerCopy);
    expect(three.pages).toBe(3 * blank.pagesPerCopy);
    expect(three.pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const pageObjects = three.pdf.toString("latin1").match(/\/Type \/Page\b/g) ?? [];
    expect(pageObjects).toHaveLength(three.pages);
  });

  test("interview guides and odd instruments print without failing", async () => {
    for (const c of loadCatalog().filter((c) => c.descriptor.kind === "interview")) {
      const r = await renderQuestionnaireDetailed(c.json, { locale: "en", forms: null });
      expect(r.pages).toBeGreaterThan(0);
    }
    const odd = {
      title: "Odd",
      pages: [
        { name: "p", elements: [{ type: "panel", name: "x", title: "Panel", elements: [{ type: "rating", name: "r" }, { type: "boolean", name: "b" }] }, { type: "file", name: "f" }] },
        { name: "empty" },
      ],
    };
    expect((await renderQuestionnaireDetailed(odd, { locale: "ru", forms: null })).pages).toBe(1);
  });

  test("a list longer than a page continues on the next page instead of running off it", async () => {
    const choices = Array.from({ length: 70 }, (_, i) => `Izvēle ${i + 1} ar pietiekami garu tekstu, lai aizņemtu visu rindu un vēl`);
    const long = { title: "Garš", pages: [{ name: "p", elements: [{ type: "checkbox", name: "c", title: "Kuras?", choices }] }] };
    expect((await renderQuestionnaireDetailed(long, { locale: "lv", forms: null })).pages).toBe(3);
  });
});
