/**
 * Analysis benchmark: `npm run bench:analysis -- [--sizes 10000,100000,1000000]`.
 *
 * For each size, a separate process generates that many valid responses (youth, seniors and both family
 * questionnaires), analyses every item by age group and renders the PDF, and reports the times and its
 * peak memory; the parent prints the table and the scaling from one size to the next.
 */
import { execFileSync } from "node:child_process";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { analyse } from "../analysis/analyse.ts";
import { renderReport } from "../analysis/report-pdf.ts";
import type { ResponseRecord } from "../analysis/types.ts";
import { loadCatalog } from "../instruments/catalog.ts";
import { generator } from "./generate.ts";

const { values } = parseArgs({ options: { sizes: { type: "string", default: "10000,100000,1000000" }, size: { type: "string" } } });

function runOne(size: number): void {
  const catalog = loadCatalog();
  const ids = ["youth", "youth-family", "seniors", "seniors-family"];
  const instruments = ids.map((id) => {
    const c = catalog.find((x) => x.descriptor.id === id)!;
    return { id, title: c.descriptor.title, json: c.json };
  });
  const generate = generator(size);
  const makers = { youth: generate.youth, seniors: generate.seniors, "youth-family": generate.youthFamily, "seniors-family": generate.seniorsFamily } as const;
  const t0 = performance.now();
  const responses: ResponseRecord[] = new Array(size);
  for (let i = 0; i < size; i += 1) {
    const instrumentId = generate.pick(["youth", "youth", "seniors", "youth-family", "seniors-family"] as const);
    const { answers, ageGroup } = makers[instrumentId]();
    responses[i] = {
      id: `r${i}`,
      instrumentId,
      ageGroup,
      channel: instrumentId.endsWith("family") ? "online" : "tablet",
      site: instrumentId.endsWith("family") ? null : generate.pick(["cesis-youth", "jelgava", "olaine"]),
      receivedOn: "2026-03-02",
      answers,
    };
  }
  const generated = performance.now();
  const result = analyse({ study: { id: "bench", name: "Etalons" }, instruments, responses, mode: "published", threshold: 5, generatedOn: "2026-03-03" });
  const analysed = performance.now();
  void renderReport(result, { lang: "lv" }).then((pdf) => {
    const rendered = performance.now();
    const line = {
      size,
      items: result.items.length,
      generateMs: generated - t0,
      analyseMs: analysed - generated,
      pdfMs: rendered - analysed,
      pdfBytes: pdf.length,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    };
    console.log(JSON.stringify(line));
  });
}

if (values.size) {
  runOne(Number(values.size));
} else {
  const self = fileURLToPath(import.meta.url);
  const rows = values.sizes.split(",").map((s) => {
    const out = execFileSync(process.execPath, ["--max-old-space-size=16384", "--import", "tsx", self, "--size", s], { encoding: "utf8" });
    return JSON.parse(out.trim().split("\n").at(-1)!) as { size: number; items: number; generateMs: number; analyseMs: number; pdfMs: number; pdfBytes: number; peakRssMb: number };
  });
  console.log("responses   items   analyse ms   PDF ms   PDF KB   peak RSS MB   analyse scaling vs previous size");
  rows.forEach((r, i) => {
    const previous = rows[i - 1];
    const scaling = previous ? `${(r.analyseMs / previous.analyseMs).toFixed(1)}x for ${(r.size / previous.size).toFixed(0)}x responses` : "";
    console.log(
      `${String(r.size).padStart(9)}   ${String(r.items).padStart(5)}   ${r.analyseMs.toFixed(0).padStart(10)}   ${r.pdfMs.toFixed(0).padStart(6)}   ${(r.pdfBytes / 1024).toFixed(0).padStart(6)}   ${r.peakRssMb.toFixed(0).padStart(11)}   ${scaling}`,
    );
  });
  console.log("(generation of the responses is not counted; each size runs in its own process)");
}
