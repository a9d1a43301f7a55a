/**
 * Paper print benchmark: `npx tsx bench/paper.ts [--counts 30,300] [--instrument youth] [--locale lv]`.
 *
 * For each count, a separate process renders that many numbered forms of one questionnaire (the way
 * POST /api/studies/:id/paper-batches does) and reports the time, pages, PDF size and peak memory; the
 * parent prints the table. A blank copy is rendered first in each process so that font loading and the
 * survey-core numbering are not counted against the batch.
 */
import { execFileSync } from "node:child_process";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { loadCatalog } from "../instruments/catalog.ts";
import { newFormNumber } from "../server/paper/form-number.ts";
import type { PaperLocale } from "../server/paper/paper-text.ts";
import { renderQuestionnaireDetailed } from "../server/paper/questionnaire-pdf.ts";

const { values } = parseArgs({
  options: {
    counts: { type: "string", default: "30,300" },
    count: { type: "string" },
    instrument: { type: "string", default: "youth" },
    locale: { type: "string", default: "lv" },
  },
});

interface Row {
  count: number;
  firstMs: number;
  ms: number;
  pages: number;
  pagesPerCopy: number;
  bytes: number;
  peakRssMb: number;
}

async function runOne(count: number): Promise<void> {
  const json = loadCatalog().find((c) => c.descriptor.id === values.instrument)!.json;
  const locale = values.locale as PaperLocale;
  const t0 = performance.now();
  await renderQuestionnaireDetailed(json, { locale, forms: null });
  const t1 = performance.now();
  const forms = Array.from({ length: count }, () => ({ number: newFormNumber() }));
  const r = await renderQuestionnaireDetailed(json, { locale, forms, studyName: "Etalons" });
  const t2 = performance.now();
  const row: Row = {
    count,
    firstMs: t1 - t0,
    ms: t2 - t1,
    pages: r.pages,
    pagesPerCopy: r.pagesPerCopy,
    bytes: r.pdf.length,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
  console.log(JSON.stringify(row));
}

if (values.count) {
  void runOne(Number(values.count));
} else {
  const self = fileURLToPath(import.meta.url);
  const args = ["--instrument", values.instrument, "--locale", values.locale];
  const rows = values.counts.split(",").map((c) => {
    const out = execFileSync(process.execPath, ["--import", "tsx", self, "--count", c, ...args], { encoding: "utf8" });
    return JSON.parse(out.trim().split("\n").at(-1)!) as Row;
  });
  console.log(`${values.instrument}, ${values.locale}`);
  console.log("  forms   pages   pages/form   render ms   ms/page    PDF KB   KB/page   peak RSS MB");
  for (const r of rows) {
    console.log(
      `${String(r.count).padStart(7)}   ${String(r.pages).padStart(5)}   ${String(r.pagesPerCopy).padStart(10)}   ${r.ms.toFixed(0).padStart(9)}   ${(r.ms / r.pages).toFixed(1).padStart(7)}   ${(r.bytes / 1024).toFixed(0).padStart(7)}   ${(r.bytes / 1024 / r.pages).toFixed(1).padStart(7)}   ${r.peakRssMb.toFixed(0).padStart(11)}`,
    );
  }
  console.log(`(first blank copy, fonts and survey-core numbering not counted: about ${rows[0]!.firstMs.toFixed(0)} ms per process)`);
}
