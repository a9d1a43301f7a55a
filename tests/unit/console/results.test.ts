/**
 * The pure helpers of the console's Results page: number formatting (the PDF's rules, decimal comma in Latvian
 * and Russian), suppressed cells printed "<k", the diverging-bar geometry (segments fill exactly the bar, which is
 * centred on rating 3), the sample tables, item numbering, request addresses and failure handling. The page must
 * show the same numbers as the PDF, so the test lines are also looked for in the text of a rendered report.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { renderReport } from "../../../analysis/report-pdf.ts";
import type { Cell, LikertResult, Locale, TestResult } from "../../../analysis/types.ts";
import { likertBarDescription } from "../../../client/src/console/results/describe.ts";
import {
  effectMagnitude,
  formatCell,
  formatMedian,
  formatNumber,
  formatPercent,
  formatPeriod,
  formatPValue,
  formatQuartiles,
  testLine,
} from "../../../client/src/console/results/format.ts";
import { divergingLayout, hbarLayout, levelWidths } from "../../../client/src/console/results/geometry.ts";
import {
  choiceOptions,
  commentLists,
  commentTotal,
  groupLabels,
  optionOrderByOverall,
  orderGroups,
  pageModel,
} from "../../../client/src/console/results/model.ts";
import {
  analysisUrl,
  failureKind,
  filenameFromDisposition,
  readProblemBody,
  reportFilename,
  reportUrl,
} from "../../../client/src/console/results/query.ts";
import { formatSum, sampleTables } from "../../../client/src/console/results/sample.ts";
import { RESULTS_TEXT } from "../../../client/src/console/results/texts.ts";
import { analysisResultFixture } from "../../fixtures/04-analysis-result.ts";
import { hasSystemTools } from "../../helpers/system-tools.ts";

const shown = (value: number): Cell => ({ value, suppressed: false });
const hidden: Cell = { value: null, suppressed: true };
const NBSP = "\u00a0";

describe("number formatting", () => {
  test.each<[number, Locale, number, string]>([
    [0.3248, "lv", 2, "0,32"],
    [0.3248, "ru", 2, "0,32"],
    [0.3248, "en", 2, "0.32"],
    [28.581292, "lv", 2, "28,58"],
    [3.5, "lv", 1, "3,5"],
    [9999, "lv", 0, "9999"],
    [10000, "lv", 0, `10${NBSP}000`],
    [1234567.891, "ru", 1, `1${NBSP}234${NBSP}567,9`],
    [1000, "en", 0, "1,000"],
    [999, "en", 0, "999"],
    [-0.42, "lv", 2, "−0,42"],
    [-0.0001, "lv", 2, "0,00"],
  ])("%s in %s with %s digits is %s", (value, lang, digits, expected) => {
    expect(formatNumber(value, lang, digits)).toBe(expected);
  });

  test("percentages are whole numbers with the language's sign", () => {
    expect(formatPercent(44.6, "lv")).toBe(`45${NBSP}%`);
    expect(formatPercent(44.4, "ru")).toBe(`44${NBSP}%`);
    expect(formatPercent(44.6, "en")).toBe("45%");
  });

  test("a median between two ratings keeps one decimal, a whole one none", () => {
    expect(formatMedian(4, "lv")).toBe("4");
    expect(formatMedian(3.5, "lv")).toBe("3,5");
    expect(formatMedian(3.5, "en")).toBe("3.5");
  });

  test.each<[number, Locale, string]>([
    [0.00002742, "lv", "< 0,001"],
    [0.0852, "lv", "= 0,085"],
    [0.0852, "en", "= 0.085"],
    [0.001, "ru", "= 0,001"],
  ])("p = %s in %s reads 'p %s'", (p, lang, expected) => {
    expect(formatPValue(p, lang)).toBe(expected);
  });

  test("the fieldwork period uses the report's dates", () => {
    expect(formatPeriod({ from: "2025-03-03", to: "2025-04-30" }, "lv")).toBe("03.03.2025. – 30.04.2025.");
    expect(formatPeriod({ from: "2025-03-03", to: "2025-04-30" }, "en")).toBe("3 Mar 2025 – 30 Apr 2025");
    expect(formatPeriod({ from: null, to: null }, "lv")).toBe("nav datu");
  });
});

describe("suppressed cells", () => {
  test("a hidden cell is printed '<k' with the study's threshold, never a number", () => {
    expect(formatCell(hidden, 5, String)).toBe("<5");
    expect(formatCell(hidden, 10, String)).toBe("<10");
  });

  test("an empty cell is a dash, a shown one goes through the format", () => {
    expect(formatCell({ value: null, suppressed: false }, 5, String)).toBe("–");
    expect(formatCell(undefined, 5, String)).toBe("–");
    expect(formatCell(shown(0.5), 5, (v) => formatNumber(v, "lv", 1))).toBe("0,5");
  });

  test("quartiles are hidden when either is hidden", () => {
    expect(formatQuartiles(shown(2), shown(4.5), 5, "lv")).toBe("2–4,5");
    expect(formatQuartiles(shown(2), hidden, 5, "lv")).toBe("<5");
  });

  test("a bar's spoken label says '<5' for a hidden level and names every level", () => {
    const label = likertBarDescription(
      "Līdz 21 g.",
      shown(26),
      [hidden, hidden, hidden, shown(26.9), shown(50)],
      ["1", "2", "3", "4", "5"],
      5,
      "lv",
      true,
    );
    expect(label).toBe(`Līdz 21 g., n = 26: 1: <5; 2: <5; 3: <5; 4: 27${NBSP}%; 5: 50${NBSP}%`);
    expect(likertBarDescription("Visi", shown(0), [], [], 5, "en", false)).toBe("Visi: no answers");
    expect(likertBarDescription("60–70", hidden, [], [], 5, "en", false)).toBe("60–70: distribution hidden (<5)");
  });

  test("sums over hidden sample cells are lower bounds, a lone hidden cell stays '<k'", () => {
    expect(formatSum({ known: 10, hidden: 2 }, 5, "lv")).toBe("12+");
    expect(formatSum({ known: 0, hidden: 1 }, 5, "lv")).toBe("<5");
    expect(formatSum({ known: 7, hidden: 0 }, 5, "lv")).toBe("7");
  });
});

describe("diverging bar geometry", () => {
  test("hidden levels share what the shown ones leave of 100 %", () => {
    expect(levelWidths({ base: shown(20), percents: [shown(10), hidden, hidden, shown(30), shown(40)] })).toEqual([10, 10, 10, 30, 40]);
    expect(levelWidths({ base: shown(20), percents: [hidden, hidden, hidden, hidden, hidden] })).toBeNull();
    expect(levelWidths({ base: shown(0), percents: [shown(0), shown(0), shown(0), shown(0), shown(0)] })).toBeNull();
    expect(levelWidths({ base: hidden, percents: [hidden, hidden, hidden, hidden, hidden] })).toBeNull();
  });

  /** Checks one layout: every bar is contiguous, fills its share exactly, stays inside, centred on rating 3. */
  function expectWellFormed(rows: { base: Cell; percents: Cell[] }[], width: number): void {
    const layout = divergingLayout(rows, width);
    const scale = width / 2 / layout.axisMax;
    expect(layout.axisMax % 25).toBe(0);
    expect(layout.axisMax).toBeLessThanOrEqual(100);
    expect(layout.ticks[0]!.x).toBeCloseTo(0, 9);
    expect(layout.ticks[layout.ticks.length - 1]!.x).toBeCloseTo(width, 9);
    layout.bars.forEach((bar, i) => {
      const widths = levelWidths(rows[i]!);
      if (!widths) {
        expect(bar).toBeNull();
        return;
      }
      expect(bar).not.toBeNull();
      const segs = bar!.segments;
      const total = segs.reduce((s, seg) => s + seg.width, 0);
      // The segments add up to the bar: its share of 100 % on this axis.
      expect(total).toBeCloseTo(widths.reduce((s, w) => s + w, 0) * scale, 9);
      expect(bar!.end - bar!.start).toBeCloseTo(total, 9);
      segs.forEach((seg, j) => {
        if (j > 0) expect(seg.x).toBeCloseTo(segs[j - 1]!.x + segs[j - 1]!.width, 9);
        expect(seg.width).toBeGreaterThanOrEqual(0);
      });
      expect(bar!.start).toBeGreaterThanOrEqual(-1e-9);
      expect(bar!.end).toBeLessThanOrEqual(width + 1e-9);
      // The middle of rating 3 sits on the centre line.
      expect(segs[2]!.x + segs[2]!.width / 2).toBeCloseTo(width / 2, 9);
    });
  }

  test.each(["published", "internal"] as const)("the fixture's rating items in %s mode fill their bars exactly", (mode) => {
    const result = analysisResultFixture(mode);
    const likert = result.items.filter((r): r is LikertResult => r.kind === "likert");
    expect(likert.length).toBeGreaterThan(0);
    for (const r of likert) {
      expectWellFormed(r.byGroup, 100);
      expectWellFormed(r.byGroup, 640);
    }
  });

  test("a fully shown bar is exactly the bar width on a full axis", () => {
    const layout = divergingLayout([{ base: shown(10), percents: [shown(100), shown(0), shown(0), shown(0), shown(0)] }], 100);
    expect(layout.axisMax).toBe(100);
    const bar = layout.bars[0]!;
    expect(bar.start).toBeCloseTo(0, 9);
    expect(bar.end - bar.start).toBeCloseTo(50, 9);
  });

  test("any counts give well-formed bars, with or without hidden levels", () => {
    const row = fc
      .tuple(fc.array(fc.nat(60), { minLength: 5, maxLength: 5 }), fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }))
      .map(([counts, hide]) => {
        const base = counts.reduce((s, c) => s + c, 0);
        return {
          base: shown(base),
          percents: counts.map((c, i) => (hide[i] ? hidden : shown(base === 0 ? 0 : (100 * c) / base))),
        };
      });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 8 }), fc.integer({ min: 50, max: 2000 }), (rows, width) => {
        expectWellFormed(rows, width);
      }),
      { numRuns: 300 },
    );
  });

  test("segments too narrow for their number are not labelled, hidden ones never are", () => {
    const layout = divergingLayout([{ base: shown(100), percents: [shown(2), hidden, hidden, shown(48), shown(30)] }], 100, 6);
    const segs = layout.bars[0]!.segments;
    expect(segs[0]!.labelled).toBe(false);
    expect(segs[1]!.labelled).toBe(false);
    expect(segs[3]!.labelled).toBe(true);
  });

  test("horizontal bars stay within the plot, on an axis of quarters", () => {
    const layout = hbarLayout([12, null, 61.5, 0], 86);
    expect(layout.axisMax).toBe(75);
    expect(layout.bars[1]).toBeNull();
    expect(layout.bars[3]).toBe(0);
    expect(layout.bars[2]).toBeCloseTo((61.5 / 75) * 86, 9);
    for (const b of layout.bars) if (b !== null) expect(b).toBeLessThanOrEqual(86);
    expect(hbarLayout([null, null]).axisMax).toBe(25);
  });
});

describe("test line", () => {
  const published = analysisResultFixture("published");
  const testOf = (key: string): TestResult => published.items.find((r) => r.item.key === key)!.test!;

  test("Kruskal-Wallis in Latvian: H, df, p, ε² and the method, with decimal commas", () => {
    expect(testLine(testOf("family_day_importance"), "lv")).toBe("H = 28,58; df = 3; p < 0,001; ε² = 0,32; asimptotiskā p vērtība");
    expect(testLine(testOf("family_day_importance"), "en")).toBe("H = 28.58; df = 3; p < 0.001; ε² = 0.32; asymptotic p");
  });

  test("a Monte Carlo test names its seed and samples", () => {
    expect(testLine(testOf("family_contact_frequency"), "lv")).toBe(
      `p = 0,085; Kramēra V = 0,24; Monte Carlo, sēkla (seed) 20250501, 10${NBSP}000 simulāciju`,
    );
  });

  test.each<[number, "cramers-v" | "epsilon-squared", string]>([
    [0.005, "epsilon-squared", "negligible"],
    [0.0087, "epsilon-squared", "negligible"],
    [0.01, "epsilon-squared", "small"],
    [0.1, "epsilon-squared", "medium"],
    [0.3248, "epsilon-squared", "large"],
    [0.05, "cramers-v", "negligible"],
    [0.242, "cramers-v", "small"],
    [0.35, "cramers-v", "medium"],
    [0.5, "cramers-v", "large"],
  ])("effect %s (%s) is %s", (value, name, expected) => {
    expect(effectMagnitude({ name, value })).toBe(expected);
  });

  const withPoppler = hasSystemTools("pdftotext") ? test : test.skip;
  withPoppler.each(["lv", "ru", "en"] as const)("the page's test lines appear word for word in the %s PDF", async (lang) => {
    const dir = mkdtempSync(join(tmpdir(), "results-page-"));
    try {
      const file = join(dir, "report.pdf");
      writeFileSync(file, await renderReport(published, { lang }));
      const text = execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
      // Whitespace is compared loosely: text extraction turns no-break spaces into plain ones.
      for (const r of published.items) if (r.test) expect(text).toContain(testLine(r.test, lang).replace(/\s+/g, " "));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("page model", () => {
  const published = analysisResultFixture("published");

  test("items are numbered as in the PDF: results 3.x, open questions 4.x", () => {
    const model = pageModel(published, "lv", "p");
    expect(model.results.map((p) => p.number)).toEqual(["3.1", "3.2", "3.3", "3.4"]);
    expect(model.comments.map((p) => p.number)).toEqual(["4.1"]);
    expect(model.results[0]!.anchor).toBe("p-3-1");
    // All the fixture's items are asked in both questionnaires: one heading in the contents.
    expect(model.toc.results).toHaveLength(1);
    expect(model.toc.results[0]!.title).toBe(
      "Anketa par atbalsta pasākumiem ieslodzītajiem jauniešiem; Anketa par atbalsta pasākumiem ieslodzītajiem senioriem",
    );
  });

  test("with open questions only, they are section 3", () => {
    const onlyText = { ...published, items: published.items.filter((r) => r.kind === "text") };
    expect(pageModel(onlyText, "en").comments.map((p) => p.number)).toEqual(["3.1"]);
  });

  test("groups follow the plan, 'all' last and called the total", () => {
    const order = published.plan.groups.map((g) => g.key);
    const shuffled = [{ group: "all" }, { group: "over-70" }, { group: "under-18+18-21" }];
    expect(orderGroups(shuffled, order).map((g) => g.group)).toEqual(["under-18+18-21", "over-70", "all"]);
    expect(groupLabels(published, "lv").get("all")).toBe("Kopā");
    expect(groupLabels(published, "ru").get("22-25")).toBe("22–25 лет");
  });

  test("choice options end with 'other', cleaned of its trailing comma; multiple answers sort by the overall share", () => {
    const r = published.items.find((x) => x.item.key === "family_support_needed");
    if (r?.kind !== "multiple") throw new Error("fixture changed");
    const labels = choiceOptions(r, "lv");
    expect(labels[labels.length - 1]).toBe("Cits");
    const order = optionOrderByOverall(r, labels.length);
    expect(order[0]).toBe(0);
    expect(new Set(order).size).toBe(labels.length);
  });

  test("comments are counted per shown group; answers from groups not shown are listed apart", () => {
    const groups = [
      { group: "a", texts: ["x", "y"] },
      { group: "b", texts: ["z"] },
      { group: "all", texts: ["x", "y", "z", "w"] },
    ];
    expect(commentLists(groups, ["a", "b", "all"])).toEqual([
      { group: "a", texts: ["x", "y"] },
      { group: "b", texts: ["z"] },
      { group: null, texts: ["w"] },
    ]);
    expect(commentTotal(groups)).toBe(4);
    expect(commentLists([{ group: "all", texts: ["q"] }], ["all"])).toEqual([{ group: "all", texts: ["q"] }]);
  });
});

describe("sample tables", () => {
  test("published: groups by instrument add up to the total, hidden cells never leak", () => {
    const result = analysisResultFixture("published");
    const { tables } = sampleTables(result, "lv");
    expect(tables.map((t) => t.title)).toEqual([
      "Respondenti pa vecuma grupām un instrumentiem",
      "Respondenti pa datu vākšanas kanāliem",
      "Respondenti pa ieslodzījuma vietām",
    ]);
    const byGroup = tables[0]!;
    expect(byGroup.headers[0]).toBe("Vecuma grupa");
    expect(byGroup.rows.map((r) => r.label)).toEqual(["Līdz 21 g.", "22–25 g.", "60–70 g.", "Virs 70 g.", "Kopā"]);
    // Each group answered one instrument, so its n is exact.
    expect(byGroup.rows[0]!.cells).toEqual(["31", "–", "31"]);
    expect(byGroup.rows[4]!.cells).toEqual(["63", "52", "115"]);
    const sites = tables[2]!;
    expect(sites.rows.map((r) => r.label)).toContain("Olaines cietums (Latvijas Cietumu slimnīca)");
    for (const table of tables) for (const row of table.rows) for (const cell of row.cells) expect(cell).toMatch(/^(–|<5|\d[\d\u00a0]*\+?)$/);
  });

  test("channels are named in the page's language", () => {
    const { tables } = sampleTables(analysisResultFixture("internal"), "en");
    expect(tables[1]!.rows.map((r) => r.label)).toEqual(["Tablet", "Paper questionnaire", "Interview", "Total"]);
  });
});

describe("requests", () => {
  const q = { instruments: ["youth", "seniors"], mode: "published", lang: "lv" } as const;

  test("addresses carry the instruments, grouping, mode and language", () => {
    expect(analysisUrl("st_2025_spring", q)).toBe(
      "/api/studies/st_2025_spring/analysis?instruments=youth,seniors&by=ageGroup&mode=published&lang=lv",
    );
    expect(reportUrl("a/b", { ...q, mode: "internal", lang: "ru" })).toBe(
      "/api/studies/a%2Fb/report.pdf?instruments=youth,seniors&by=ageGroup&mode=internal&lang=ru",
    );
  });

  test.each<[number | null, string | null, string]>([
    [401, "auth.unauthenticated", "signed-out"],
    [401, null, "signed-out"],
    [403, "auth.forbidden", "forbidden"],
    [403, "study.instrument_not_included", "forbidden"],
    [404, "study.not_found", "not-found"],
    [422, "request.invalid", "invalid"],
    [500, "internal", "server"],
    [503, "client.not_built", "network"],
    [null, null, "network"],
    [418, null, "unexpected"],
  ])("HTTP %s (%s) means %s", (status, code, kind) => {
    expect(failureKind(status, code)).toBe(kind);
  });

  test("a problem body gives its code and detail; anything else gives nothing", () => {
    expect(readProblemBody({ type: "urn:problem:auth.forbidden", code: "auth.forbidden", detail: "Analysts receive published results only." })).toEqual({
      code: "auth.forbidden",
      detail: "Analysts receive published results only.",
    });
    expect(readProblemBody("<html>")).toEqual({ code: null, detail: null });
    expect(readProblemBody({ code: 3 })).toEqual({ code: null, detail: null });
  });

  test("the saved file is named after the study and the server's name, or one built like it", () => {
    expect(filenameFromDisposition('attachment; filename="report-2025-05-12-published-lv.pdf"')).toBe("report-2025-05-12-published-lv.pdf");
    expect(filenameFromDisposition("attachment; filename*=UTF-8''p%C4%81rskats.pdf")).toBe("pārskats.pdf");
    expect(filenameFromDisposition(null)).toBeNull();
    expect(reportFilename("st_2025_spring", 'attachment; filename="report-2025-05-12-internal-ru.pdf"', q, "2025-06-01")).toBe(
      "st_2025_spring-report-2025-05-12-internal-ru.pdf",
    );
    expect(reportFilename("st 1/ā", null, q, "2025-06-01")).toBe("st-1-a-report-2025-06-01-published-lv.pdf");
  });
});

describe("texts", () => {
  test("every language has every string, none empty", () => {
    const keys = (o: object): string[] => Object.keys(o).sort();
    const lv = RESULTS_TEXT.lv;
    for (const lang of ["en", "ru"] as const) {
      expect(keys(RESULTS_TEXT[lang])).toEqual(keys(lv));
      expect(keys(RESULTS_TEXT[lang].problem)).toEqual(keys(lv.problem));
    }
    for (const lang of ["lv", "en", "ru"] as const) {
      for (const [key, value] of Object.entries(RESULTS_TEXT[lang])) {
        if (typeof value === "string") expect(value.trim(), `${lang}.${key}`).not.toBe("");
      }
    }
    expect(RESULTS_TEXT.lv.internalBanner).toBe("Konfidenciāli — nav publicēšanai");
    expect(RESULTS_TEXT.lv.preparingPdf("12")).toBe("Sagatavo PDF… 12 s");
  });
});
