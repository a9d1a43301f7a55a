/**
 * The PDF report is checked the way a reader meets it: the text is extracted with poppler's pdftotext (Latvian and
 * Russian letters must survive), fonts are listed with pdffonts (DejaVu, embedded), pages are rasterised with
 * pdftoppm, and word positions are checked against the page furniture so nothing runs off the page or into the
 * footer. Without poppler-utils these checks are skipped loudly, or fail when REQUIRE_SYSTEM_TOOLS=1 (CI).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { renderReport, type ReportOptions } from "../../../analysis/report-pdf.ts";
import type { AnalysisResult, Mode } from "../../../analysis/types.ts";
import { analysisResultFixture } from "../../fixtures/04-analysis-result.ts";
import { hasSystemTools } from "../../helpers/system-tools.ts";

/** Loud skip without poppler; with REQUIRE_SYSTEM_TOOLS=1 (CI) a missing tool fails instead. */
const withPoppler = hasSystemTools("pdftotext", "pdftoppm", "pdffonts") ? test : test.skip;

function tool(name: string, args: string[]): string {
  return execFileSync(name, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
}

let dir = "";
const files = new Map<string, string>();

async function rendered(mode: Mode, lang: ReportOptions["lang"]): Promise<string> {
  const key = `${mode}-${lang}`;
  const known = files.get(key);
  if (known) return known;
  const pdf = await renderReport(analysisResultFixture(mode), { lang });
  const path = join(dir, `report-${key}.pdf`);
  writeFileSync(path, pdf);
  files.set(key, path);
  return path;
}

/** Extracted text per page (pdftotext separates pages with form feeds). */
function pages(path: string): string[] {
  const text = tool("pdftotext", ["-layout", "-enc", "UTF-8", path, "-"]);
  const list = text.split("\f");
  if (list[list.length - 1]?.trim() === "") list.pop();
  return list;
}

const flat = (s: string): string => s.replace(/\s+/g, " ");

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "report-pdf-"));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("renderReport", () => {
  test.each([
    ["published", "lv"],
    ["published", "ru"],
    ["published", "en"],
    ["internal", "lv"],
    ["internal", "ru"],
    ["internal", "en"],
  ] as const)("renders a complete PDF (%s, %s)", async (mode, lang) => {
    const pdf = await renderReport(analysisResultFixture(mode), { lang });
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(pdf.subarray(-8).toString("latin1")).toContain("%%EOF");
  });

  test("the fixture's wording is the instrument's wording", () => {
    const youth = readFileSync(new URL("../../../instruments/youth.json", import.meta.url), "utf8");
    const result = analysisResultFixture("published");
    for (const r of result.items) {
      for (const lang of ["lv", "ru", "en"] as const) {
        expect(youth).toContain(JSON.stringify(r.item.question[lang]));
        for (const level of r.item.levels) expect(youth).toContain(JSON.stringify(level.label[lang]));
      }
    }
  });

  withPoppler("Latvian published report: wording and letters intact, groups, <5, page numbers", async () => {
    const path = await rendered("published", "lv");
    const list = pages(path);
    const text = flat(list.join("\n"));
    expect(list.length).toBeGreaterThanOrEqual(3);
    expect(list.length).toBeLessThanOrEqual(40);
    expect(text).toContain("Novērtējiet lūdzu no 1 līdz 5 ģimenes dienu nozīmi Jūsu dzīvē.");
    expect(text).toContain("5 - Ģimenes dienas ir ļoti nozīmīgas");
    expect(text).toContain("Psiholoģiskā palīdzība (psihologa konsultācijas)");
    for (const letter of ["ā", "ē", "ī", "ū", "ģ", "ķ", "ļ", "ņ", "š", "ž", "č"]) expect(text).toContain(letter);
    for (const group of ["Līdz 21 g.", "22–25 g.", "60–70 g.", "Virs 70 g.", "Visi"]) expect(text).toContain(group);
    expect(text).toContain("<5");
    expect(text).toContain("p < 0,001");
    expect(text).toContain("Monte Carlo, sēkla (seed) 20250501");
    expect(text).toContain("Komentāri");
    expect(text).toContain("Publicējams — mazas grupas aizsargātas");
    list.forEach((page, i) => expect(page).toContain(`${i + 1} / ${list.length}`));
  });

  withPoppler("internal report: the confidentiality marker and page number are on every page", async () => {
    const list = pages(await rendered("internal", "lv"));
    expect(list.length).toBeGreaterThanOrEqual(3);
    list.forEach((page, i) => {
      expect(page).toContain("KONFIDENCIĀLI — tikai pētniekiem");
      expect(page).toContain(`${i + 1} / ${list.length}`);
    });
    // Internal mode does not merge: the under-18 group is shown on its own.
    expect(flat(list.join("\n"))).toContain("Līdz 18 g.");
  });

  withPoppler("Russian report: Cyrillic intact, decimal comma", async () => {
    const list = pages(await rendered("published", "ru"));
    const text = flat(list.join("\n"));
    expect(text).toContain("Пожалуйста, оцените от 1 до 5, насколько важны для Вас дни семьи.");
    expect(text).toContain("Не было возможности участвовать в днях семьи");
    expect(text).toContain("Результаты");
    expect(text).toContain("Критерий Краскела–Уоллиса");
    expect(text).toContain("p < 0,001");
    expect(text).toContain("Чтобы длительные свидания были чаще.");
    list.forEach((page, i) => expect(page).toContain(`${i + 1} / ${list.length}`));

    const internal = pages(await rendered("internal", "ru"));
    internal.forEach((page) => expect(page).toContain("КОНФИДЕНЦИАЛЬНО"));
  });

  withPoppler("English report: English wording, decimal point", async () => {
    const text = flat(pages(await rendered("published", "en")).join("\n"));
    expect(text).toContain("Please rate from 1 to 5 how important family days are in your life.");
    expect(text).toContain("p < 0.001");
    expect(text).toContain("Comments");
    expect(text).toContain("Up to 21");
    expect(text).not.toContain("0,001");
  });

  withPoppler("embeds the DejaVu fonts and nothing else", async () => {
    const out = tool("pdffonts", [await rendered("published", "lv")]);
    const rows = out.split("\n").slice(2).filter((l) => l.trim() !== "");
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row).toMatch(/\+DejaVuSans/);
      // Columns: name type encoding emb sub uni object ID -> "emb" is the 4th field from the right.
      const fields = row.trim().split(/\s+/);
      expect(fields[fields.length - 5]).toBe("yes");
    }
  });

  withPoppler("no word runs off the page or into the header or footer", async () => {
    for (const key of [["published", "lv"], ["internal", "ru"]] as const) {
      const html = tool("pdftotext", ["-bbox", await rendered(key[0], key[1]), "-"]);
      const words = [...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">/g)].map((m) =>
        m.slice(1).map(Number),
      );
      expect(words.length).toBeGreaterThan(500);
      for (const [xMin, yMin, xMax, yMax] of words as [number, number, number, number][]) {
        expect(xMin).toBeGreaterThanOrEqual(50);
        expect(xMax).toBeLessThanOrEqual(595.28 - 50);
        // Body text lives between the header rule (y 47) and the content bottom (y 778); the footer starts at 798.
        const inBody = yMin >= 47 && yMax <= 780;
        const inHeader = yMax <= 47;
        const inFooter = yMin >= 798 && yMax <= 841.89 - 20;
        expect(inBody || inHeader || inFooter, `word at y ${yMin}-${yMax}`).toBe(true);
      }
    }
  });

  withPoppler("page 2 and the first chart page rasterise to real images", async () => {
    const path = await rendered("published", "lv");
    const list = pages(path);
    const chartPage = list.findIndex((p) => p.includes("Procenti no bāzes; katra josla centrēta")) + 1;
    expect(chartPage).toBeGreaterThan(1);
    for (const page of [2, chartPage]) {
      const prefix = join(dir, `page-${page}`);
      tool("pdftoppm", ["-png", "-r", "80", "-f", String(page), "-l", String(page), "-singlefile", path, prefix]);
      const size = statSync(`${prefix}.png`).size;
      expect(size).toBeGreaterThan(15_000);
    }
  });

  withPoppler("renders sparse and awkward results: omitted groups, no period, hidden bases, a very long comment", async () => {
    const base = analysisResultFixture("published");
    const likert = base.items.find((r) => r.kind === "likert")!;
    const text = base.items.find((r) => r.kind === "text")!;
    const hidden = { value: null, suppressed: true };
    const awkward: AnalysisResult = {
      ...base,
      period: { from: null, to: null },
      plan: {
        ...base.plan,
        omitted: [{ members: ["mothers-18-25"], reason: { lv: "Pārāk maza grupa pat pēc apvienošanas.", ru: "—", en: "—" } }],
      },
      items: [
        {
          ...likert,
          kind: "likert",
          test: null,
          testSkipped: { lv: "Pārāk maz atbilžu testam.", ru: "—", en: "—" },
          byGroup: likert.kind === "likert" ? likert.byGroup.map((g) => (g.group === "over-70" ? { ...g, base: hidden, percents: g.percents.map(() => hidden) } : g)) : [],
        },
        { ...text, kind: "text", byGroup: [{ group: "all", texts: ["Ļoti garš komentārs. ".repeat(600)] }] },
      ],
    };
    const path = join(dir, "awkward.pdf");
    writeFileSync(path, await renderReport(awkward, { lang: "lv" }));
    const list = pages(path);
    const flatText = flat(list.join("\n"));
    expect(flatText).toContain("Pārāk maza grupa pat pēc apvienošanas.");
    expect(flatText).toContain("Pārāk maz atbilžu testam.");
    expect(flatText).toContain("nav datu");
    expect(flatText).toContain("sadalījums slēpts (<5)");
    list.forEach((page, i) => expect(page).toContain(`${i + 1} / ${list.length}`));
  });

  test("renders a 125-item result (the fixture's items x25) well within time", async () => {
    const base = analysisResultFixture("published");
    const items = Array.from({ length: 25 }, (_, copy) =>
      base.items.map((r) => ({ ...r, item: { ...r.item, key: `${r.item.key}.${copy + 1}` } })),
    ).flat() as AnalysisResult["items"];
    const large: AnalysisResult = { ...base, items };
    expect(items.length).toBeGreaterThanOrEqual(100);
    const started = performance.now();
    const pdf = await renderReport(large, { lang: "lv" });
    const ms = performance.now() - started;
    console.info(`report-pdf: ${items.length} items rendered in ${Math.round(ms)} ms (${Math.round(pdf.length / 1024)} KiB)`);
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(ms).toBeLessThan(5000);
  });
});
