/**
 * Anonymised data exports: a study's responses as a ZIP of CSV files with a codebook and SPSS syntax, as
 * an XLSX workbook, or as JSON, streamed to the client as they are read.
 *
 * What the columns are and what the cells hold is decided in analysis/export (pure); this file reads the
 * database and writes bytes. Rows come one at a time from an export reader (its own read-only connection,
 * keyed random order, one snapshot; see store/exports.ts) and each format is a pull-driven async generator:
 * nothing is read before the client asks for more, so a study of any size streams in bounded memory.
 */
import { randomBytes } from "node:crypto";
import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";
import { Zip, ZipDeflate } from "fflate";
import { rowMaker, type CellValue, type ExportRecord } from "../../analysis/export/cells.ts";
import { CODEBOOK_CSV_HEADER, codebookCsvRow, codebookEntries, type CodebookEntry } from "../../analysis/export/codebook-table.ts";
import { BOM, CRLF, csvLine, csvSafeText } from "../../analysis/export/csv.ts";
import { planExport, type Detail, type ExportPlan, type FreeTextMode, type LabelMode } from "../../analysis/export/plan.ts";
import { readmeLines, type ExportFormat } from "../../analysis/export/readme.ts";
import { spssSyntax } from "../../analysis/export/spss.ts";
import { AGE_GROUPS } from "../../instruments/index.ts";
import type { LoadedInstrument } from "../../instruments/catalog.ts";
import { rigaDay } from "../domain/day.ts";
import { scrubText } from "../domain/scrub.ts";
import { Problem } from "../http/problem.ts";
import type { Db } from "../store/db.ts";
import { openExportReader, type ExportReader, type ExportRow } from "../store/exports.ts";
import { listSites, type Study } from "../store/studies.ts";
import { requireStudy } from "./studies.ts";

export type { ExportFormat };

export interface ExportDeps {
  db: Db;
  catalog: readonly LoadedInstrument[];
  clock: () => Date;
}

export interface ExportOptions {
  /** Instrument ids; empty means all of the study's instruments. */
  instruments: readonly string[];
  detail: Detail;
  labels: LabelMode;
  freeText: FreeTextMode;
}

/** What an export was: the audit log records exactly this (never answers). */
export interface ExportSummary {
  studyId: string;
  format: ExportFormat;
  detail: Detail;
  labels: LabelMode;
  freeText: FreeTextMode;
  instruments: string[];
  rows: number;
}

export interface StartedExport {
  summary: ExportSummary;
  fileName: string;
  contentType: string;
  body: ReadableStream<Uint8Array>;
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: "application/zip",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  json: "application/json; charset=utf-8",
};
const EXTENSIONS: Record<ExportFormat, string> = { csv: "zip", xlsx: "xlsx", json: "json" };
/** Excel's sheet holds 1,048,576 rows, the header included. */
const XLSX_MAX_ROWS = 1_048_575;
/** Text gathered before it is compressed and handed on. */
const CHUNK_CHARS = 64 * 1024;
/** Workbook bytes waiting for the client beyond which no more rows are written until it catches up. */
const XLSX_HIGH_WATER = 4 * 1024 * 1024;
/** Sheet XML waiting for the compressor beyond which no more rows are written until it catches up. */
const XLSX_BACKLOG = 1024 * 1024;
const XLSX_ROWS_PER_TURN = 200;

interface OpenedExport {
  study: Study;
  instruments: LoadedInstrument[];
  plan: ExportPlan;
  rows: number;
  generatedOn: string;
  reader: ExportReader;
}

/** The instruments to export, in appendix order; 422 naming any that is unknown or not the study's. */
function resolveInstruments(deps: ExportDeps, study: Study, wanted: readonly string[]): LoadedInstrument[] {
  const ids = wanted.length > 0 ? [...new Set(wanted)] : study.instruments;
  const problems = ids.flatMap((id) => {
    if (!deps.catalog.some((i) => i.descriptor.id === id)) return [{ path: "instruments", reason: `there is no instrument "${id}"` }];
    if (!study.instruments.includes(id)) return [{ path: "instruments", reason: `"${id}" is not one of the study's instruments (${study.instruments.join(", ")})` }];
    return [];
  });
  if (problems.length > 0) throw new Problem("request.invalid", "Some of the instruments asked for cannot be exported from this study.", problems);
  return deps.catalog.filter((i) => ids.includes(i.descriptor.id));
}

function openExport(deps: ExportDeps, studyId: string, options: ExportOptions): OpenedExport {
  const study = requireStudy(deps.db, studyId);
  const instruments = resolveInstruments(deps, study, options.instruments);
  const reader = openExportReader(
    deps.db,
    study.id,
    instruments.map((i) => i.descriptor.id),
    randomBytes(32),
  );
  try {
    const counts = reader.countBySite();
    const classes = reader.countByClass();
    const names = new Map(listSites(deps.db).map((s) => [s.id, s.name]));
    const extra = counts.map((c) => c.siteId).filter((id): id is string => id !== null && !study.sites.includes(id));
    const sites = [...study.sites, ...extra].map((id) => ({ id, name: names.get(id) ?? id, responses: counts.find((c) => c.siteId === id)?.n ?? 0 }));
    const plan = planExport({
      instruments: instruments.map((i) => ({
        id: i.descriptor.id,
        title: i.descriptor.title,
        json: i.json,
        ageGroups: AGE_GROUPS.filter((g) => Object.values(i.descriptor.ageGroup?.map ?? {}).includes(g)),
        ageQuestion: i.descriptor.ageGroup?.question ?? null,
      })),
      sites,
      counts: classes.map((c) => ({ instrument: c.instrumentId, site: c.siteId, channel: c.channel, ageGroup: c.ageGroup, month: c.month, n: c.n })),
      detail: options.detail,
      labels: options.labels,
      freeText: options.freeText,
      threshold: study.disclosureThreshold,
    });
    return { study, instruments, plan, rows: counts.reduce((sum, c) => sum + c.n, 0), generatedOn: rigaDay(deps.clock()), reader };
  } catch (error) {
    reader.close();
    throw error;
  }
}

const encoder = new TextEncoder();
const scrub = (text: string) => scrubText(text).value;

function toRecord(row: ExportRow): ExportRecord {
  return {
    instrumentId: row.instrumentId,
    channel: row.channel,
    siteId: row.siteId,
    ageGroup: row.ageGroup,
    receivedOn: row.receivedOn,
    answers: JSON.parse(row.answers) as Record<string, unknown>,
    entryCodes: row.entryCodes === null ? null : (JSON.parse(row.entryCodes) as Record<string, unknown>),
  };
}

function readmeFor(opened: OpenedExport, format: ExportFormat): string[] {
  return readmeLines(opened.plan, {
    study: opened.study.name,
    generatedOn: opened.generatedOn,
    rows: opened.rows,
    instruments: opened.instruments.map((i) => ({ id: i.descriptor.id, title: i.descriptor.title })),
    format,
  });
}

/** data.csv, codebook.csv, load-in-spss.sps and README.txt in one ZIP, compressed as the rows come. */
async function* csvZip(opened: OpenedExport, deps: ExportDeps): AsyncGenerator<Uint8Array> {
  const out: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((error, chunk) => {
    if (error) failure = error;
    else out.push(chunk);
  });
  const mtime = deps.clock();
  const addFile = (name: string) => {
    const file = new ZipDeflate(name, { level: 6 });
    file.mtime = mtime;
    zip.add(file);
    return file;
  };
  const drain = function* () {
    if (failure) throw failure;
    while (out.length > 0) yield out.shift()!;
  };

  const { plan } = opened;
  const makeRow = rowMaker(plan, { labels: plan.rules.labels, scrub });
  const textColumns = plan.columns.flatMap((c, i) => (c.freeText ? [i] : []));
  const data = addFile("data.csv");
  let text = BOM + csvLine(plan.columns.map((c) => c.name));
  for (const row of opened.reader.rows()) {
    const cells = makeRow(toRecord(row));
    for (const i of textColumns) {
      const value = cells[i];
      if (typeof value === "string") cells[i] = csvSafeText(value);
    }
    text += csvLine(cells);
    if (text.length >= CHUNK_CHARS) {
      data.push(encoder.encode(text));
      text = "";
      yield* drain();
    }
  }
  data.push(encoder.encode(text), true);
  yield* drain();

  const small: [string, string][] = [
    ["codebook.csv", codebookCsv(codebookEntries(plan))],
    ["load-in-spss.sps", spssSyntax(plan, { study: opened.study.name, generatedOn: opened.generatedOn, rows: opened.rows, dataFile: "data.csv" })],
    ["README.txt", BOM + readmeFor(opened, "csv").join(CRLF)],
  ];
  for (const [name, content] of small) addFile(name).push(encoder.encode(content), true);
  zip.end();
  yield* drain();
}

/**
 * The workbook, written by exceljs's streaming writer into a pipe whose output is handed on as the client
 * reads. Rows are written in turns; a turn waits while more than XLSX_HIGH_WATER bytes wait for the client.
 */
async function* xlsxStream(opened: OpenedExport, deps: ExportDeps): AsyncGenerator<Uint8Array> {
  const sink = new PassThrough();
  const queue: Buffer[] = [];
  let queued = 0;
  let ended = false;
  let failure: unknown = null;
  let cancelled = false;
  // Set inside callbacks: the assertions keep TypeScript from narrowing them to null for good.
  let wakeConsumer = null as (() => void) | null;
  let wakeProducer = null as (() => void) | null;
  const signal = () => {
    wakeConsumer?.();
    wakeConsumer = null;
  };
  sink.on("data", (chunk: Buffer) => {
    queue.push(chunk);
    queued += chunk.length;
    signal();
  });
  sink.on("end", () => {
    ended = true;
    signal();
  });
  sink.on("error", (error) => {
    failure = error;
    signal();
  });

  const { plan } = opened;
  const when = deps.clock();
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: false, useSharedStrings: false });
  book.created = when;
  book.modified = when;
  book.creator = "prison-research-platform";
  const producer = (async () => {
    // All three sheets exist before any row is written, so the data sheet comes first in the workbook.
    const dataSheet = book.addWorksheet("Dati", { views: [{ state: "frozen", ySplit: 1 }] });
    const codebookSheet = book.addWorksheet("Kodu grāmata", { views: [{ state: "frozen", ySplit: 1 }] });
    const aboutSheet = book.addWorksheet("Par datiem");
    dataSheet.addRow(plan.columns.map((c) => c.name)).commit();
    const makeRow = rowMaker(plan, { labels: plan.rules.labels, scrub });
    let written = 0;
    for (const row of opened.reader.rows()) {
      if (cancelled) return;
      dataSheet.addRow(makeRow(toRecord(row))).commit();
      written += 1;
      if (written % XLSX_ROWS_PER_TURN === 0) {
        // Let the compressor catch up with the rows written so far, then wait for a slow client.
        await new Promise((resolve) => setImmediate(resolve));
        while (uncompressedBacklog(dataSheet) > XLSX_BACKLOG && !cancelled) await new Promise((resolve) => setTimeout(resolve, 2));
        while (queued > XLSX_HIGH_WATER && !cancelled) await new Promise<void>((resolve) => (wakeProducer = resolve));
      }
    }
    dataSheet.commit();
    codebookSheet.columns = CODEBOOK_CSV_HEADER.map((name) => ({ width: name.startsWith("question") || name.startsWith("values") ? 60 : 24 }));
    codebookSheet.addRow([...CODEBOOK_CSV_HEADER]).commit();
    for (const entry of codebookEntries(plan)) codebookSheet.addRow(codebookCsvRow(entry)).commit();
    codebookSheet.commit();
    aboutSheet.columns = [{ width: 160 }];
    for (const line of readmeFor(opened, "xlsx")) aboutSheet.addRow([line]).commit();
    aboutSheet.commit();
    await book.commit();
  })().catch((error: unknown) => {
    failure = error;
    signal();
  });

  try {
    for (;;) {
      const chunk = queue.shift();
      if (chunk) {
        queued -= chunk.length;
        if (queued <= XLSX_HIGH_WATER / 2) {
          wakeProducer?.();
          wakeProducer = null;
        }
        yield chunk;
        continue;
      }
      if (failure) throw failure;
      if (ended) return;
      await new Promise<void>((resolve) => (wakeConsumer = resolve));
    }
  } finally {
    cancelled = true;
    wakeProducer?.();
    await producer;
  }
}

/**
 * Sheet XML written but not yet taken by the compressor. exceljs writes each row into a buffer that it
 * pipes into archiver without waiting for it (a row commit cannot wait), and zlib works off the main
 * thread a chunk at a time, so rows written faster than they are compressed would pile up there: for
 * 200,000 responses, some hundred megabytes. The only measure of that pile is the length of the pipe's
 * stream buffers, which are stream internals (readable-stream keeps them in `_writableState` and
 * `_readableState`); if a later version hides them, this reads 0 and only the client's pace throttles.
 */
function uncompressedBacklog(sheet: ExcelJS.Worksheet): number {
  type Buffered = { _writableState?: { length?: number }; _readableState?: { length?: number } };
  const pipe = (sheet as unknown as { stream?: { pipes?: Buffered[] } }).stream?.pipes?.[0];
  return (pipe?._writableState?.length ?? 0) + (pipe?._readableState?.length ?? 0);
}

/** `{ study, generatedOn, rules, readme, codebook, rows }`, rows written as they are read. */
async function* jsonStream(opened: OpenedExport): AsyncGenerator<Uint8Array> {
  const { plan } = opened;
  const head = {
    study: { id: opened.study.id, name: opened.study.name },
    generatedOn: opened.generatedOn,
    rules: { ...plan.rules, rowOrder: "random: HMAC-SHA256 of the response id under a key used for this export only" },
    readme: readmeFor(opened, "json"),
    codebook: codebookEntries(plan),
  };
  const headText = JSON.stringify(head);
  yield encoder.encode(`${headText.slice(0, -1)},"rows":[`);
  const keys = plan.columns.map((c) => `${JSON.stringify(c.name)}:`);
  const makeRow = rowMaker(plan, { labels: plan.rules.labels, scrub });
  let text = "";
  let first = true;
  for (const row of opened.reader.rows()) {
    const cells: CellValue[] = makeRow(toRecord(row));
    let object = "{";
    for (let i = 0; i < keys.length; i += 1) object += (i === 0 ? "" : ",") + keys[i] + JSON.stringify(cells[i] ?? null);
    text += `${first ? "\n" : ",\n"}${object}}`;
    first = false;
    if (text.length >= CHUNK_CHARS) {
      yield encoder.encode(text);
      text = "";
    }
  }
  yield encoder.encode(`${text}\n]}\n`);
}

/** A web stream pulling from the generator; `done` runs once, however the stream ends. */
function pullStream(chunks: AsyncGenerator<Uint8Array>, done: () => void): ReadableStream<Uint8Array> {
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    done();
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const next = await chunks.next();
          if (next.done) {
            finish();
            controller.close();
          } else controller.enqueue(next.value);
        } catch (error) {
          finish();
          controller.error(error);
        }
      },
      async cancel() {
        try {
          await chunks.return(undefined);
        } finally {
          finish();
        }
      },
    },
    { highWaterMark: 1 },
  );
}

/**
 * Starts an export: checks the request, opens the snapshot, plans the columns, calls `onStart` with the
 * summary (the route audits it there) and returns the stream. Nothing is read beyond the per-site counts
 * until the client reads the body.
 */
export function startExport(deps: ExportDeps, studyId: string, options: ExportOptions & { format: ExportFormat }, onStart: (summary: ExportSummary) => void): StartedExport {
  const opened = openExport(deps, studyId, options);
  try {
    if (options.format === "xlsx" && opened.rows > XLSX_MAX_ROWS) {
      throw new Problem("request.invalid", `An Excel sheet holds at most ${XLSX_MAX_ROWS} rows; this export has ${opened.rows}. Ask for format=csv or format=json.`, [
        { path: "format", reason: `xlsx holds at most ${XLSX_MAX_ROWS} rows` },
      ]);
    }
    const summary: ExportSummary = {
      studyId: opened.study.id,
      format: options.format,
      detail: options.detail,
      labels: options.labels,
      freeText: options.freeText,
      instruments: opened.instruments.map((i) => i.descriptor.id),
      rows: opened.rows,
    };
    onStart(summary);
    const chunks = options.format === "csv" ? csvZip(opened, deps) : options.format === "xlsx" ? xlsxStream(opened, deps) : jsonStream(opened);
    const safeId = opened.study.id.replace(/[^A-Za-z0-9-]/g, "-");
    return {
      summary,
      fileName: `export-${safeId}-${opened.generatedOn}-${options.detail}.${EXTENSIONS[options.format]}`,
      contentType: CONTENT_TYPES[options.format],
      body: pullStream(chunks, () => opened.reader.close()),
    };
  } catch (error) {
    opened.reader.close();
    throw error;
  }
}

/** The codebook an export with these options would have (for the console), without reading any row. */
export function exportCodebook(deps: ExportDeps, studyId: string, options: ExportOptions): { studyId: string; generatedOn: string; codebook: CodebookEntry[] } {
  const opened = openExport(deps, studyId, options);
  try {
    return { studyId: opened.study.id, generatedOn: opened.generatedOn, codebook: codebookEntries(opened.plan) };
  } finally {
    opened.reader.close();
  }
}

/** The codebook as codebook.csv is written in the ZIP. */
export function codebookCsv(entries: readonly CodebookEntry[]): string {
  return BOM + csvLine(CODEBOOK_CSV_HEADER) + entries.map((e) => csvLine(codebookCsvRow(e))).join("");
}
