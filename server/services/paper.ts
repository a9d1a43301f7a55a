/**
 * The rules of paper questionnaires: which instrument may be printed for which study and prison, making the
 * random form numbers of a print run, and printing (or re-printing) its forms.
 *
 * A batch records the instrument version it printed, so a re-print shows exactly the wording of the first
 * print and the later data entry knows which version a form answers, even after the JSON file changed.
 */
import { randomUUID } from "node:crypto";
import type { LoadedInstrument } from "../../instruments/catalog.ts";
import { rigaDay } from "../domain/day.ts";
import { Problem } from "../http/problem.ts";
import { newFormNumber } from "../paper/form-number.ts";
import type { PaperLocale } from "../paper/paper-text.ts";
import { renderQuestionnaire } from "../paper/questionnaire-pdf.ts";
import type { Db } from "../store/db.ts";
import { findInstrumentVersionJson, recordInstrumentVersions } from "../store/instruments.ts";
import {
  findPaperBatch,
  formNumberTaken,
  insertPaperBatch,
  listBatchFormNumbers,
  listPaperBatches,
  type PaperBatch,
  type PaperBatchSummary,
} from "../store/paper.ts";
import type { Study } from "../store/studies.ts";
import { requireChannel, requireInstrument, requireStudy } from "./studies.ts";

export const MAX_BATCH = 500;

export interface PaperDeps {
  db: Db;
  clock: () => Date;
  catalog: readonly LoadedInstrument[];
}

export interface BatchRequest {
  instrumentId: string;
  siteId?: string | undefined;
  locale: PaperLocale;
  count: number;
}

export interface PrintedBatch {
  batch: PaperBatch;
  pdf: Buffer;
}

function loadedInstrument(deps: PaperDeps, id: string): LoadedInstrument {
  const loaded = deps.catalog.find((i) => i.descriptor.id === id);
  if (!loaded) throw new Problem("instrument.not_found", `There is no instrument "${id}".`, { id });
  return loaded;
}

/** 403 when the study is closed or does not collect on paper: nothing should be printed for it. */
function requirePaperCollection(study: Study): void {
  requireChannel(study, "paper");
  if (study.closed) throw new Problem("study.closed", "The study is closed; reopen it before printing forms.");
}

/**
 * The prison a batch is printed for: prisoners' questionnaires need one of the study's prisons; family
 * members answer at home, so their forms belong to no prison.
 */
function batchSite(study: Study, loaded: LoadedInstrument, siteId: string | undefined): string | null {
  const inPrison = loaded.descriptor.respondentGroup.startsWith("imprisoned-");
  if (!inPrison) {
    if (siteId !== undefined) {
      throw new Problem("request.invalid", "Family members' forms are not printed for a prison; leave out siteId.", [
        { path: "siteId", reason: `must be absent for ${loaded.descriptor.id}` },
      ]);
    }
    return null;
  }
  if (siteId === undefined) {
    throw new Problem("request.invalid", "Say which prison these forms are for.", [{ path: "siteId", reason: `is required for ${loaded.descriptor.id}` }]);
  }
  if (!study.sites.includes(siteId)) {
    throw new Problem("study.site_not_included", `The study does not run at the site "${siteId}".`, [{ path: "siteId", reason: "is not one of the study's sites" }]);
  }
  return siteId;
}

/** `count` numbers that are in no batch yet (a clash is about one in 10^9 per number, but is checked). */
function freshNumbers(db: Db, count: number): string[] {
  const numbers = new Set<string>();
  while (numbers.size < count) {
    const number = newFormNumber();
    if (!formNumberTaken(db, number)) numbers.add(number);
  }
  // Printed in number order, so the order of the pile says nothing the numbers do not.
  return [...numbers].sort();
}

function render(json: Record<string, unknown>, batch: PaperBatch, numbers: readonly string[], study: Study, day: Date): Promise<Buffer> {
  return renderQuestionnaire(json, { locale: batch.locale, forms: numbers.map((number) => ({ number })), studyName: study.name, day });
}

/**
 * Creates a print run of `count` numbered forms of one instrument for one of the study's prisons (or for
 * family members) and renders it.
 *
 * @example
 * const { batch, pdf } = await printBatch(deps, study.id, { instrumentId: "youth", siteId: "jelgava", locale: "ru", count: 30 });
 */
export async function printBatch(deps: PaperDeps, studyId: string, request: BatchRequest): Promise<PrintedBatch> {
  const { db } = deps;
  const study = requireStudy(db, studyId);
  const loaded = loadedInstrument(deps, request.instrumentId);
  requireInstrument(study, loaded.descriptor.id);
  requirePaperCollection(study);
  if (!loaded.descriptor.channels.includes("paper")) {
    throw new Problem("paper.not_printable", `The instrument "${loaded.descriptor.id}" is not answered on paper.`, { channels: loaded.descriptor.channels });
  }
  const siteId = batchSite(study, loaded, request.siteId);
  const today = rigaDay(deps.clock());
  const batch: PaperBatch = {
    id: randomUUID(),
    studyId: study.id,
    siteId,
    instrumentId: loaded.descriptor.id,
    instrumentVersion: loaded.version,
    locale: request.locale,
    count: request.count,
    createdOn: today,
  };
  const numbers = db.transaction(() => {
    recordInstrumentVersions(db, [{ instrumentId: loaded.descriptor.id, version: loaded.version, json: loaded.json }], today);
    const fresh = freshNumbers(db, request.count);
    insertPaperBatch(db, batch, fresh);
    return fresh;
  })();
  return { batch, pdf: await render(loaded.json, batch, numbers, study, deps.clock()) };
}

/** Prints the forms of an existing batch again: the same numbers, the same wording. */
export async function reprintBatch(deps: PaperDeps, batchId: string): Promise<PrintedBatch> {
  const { db } = deps;
  const batch = findPaperBatch(db, batchId);
  if (!batch) throw new Problem("paper.batch_not_found", `There is no print run "${batchId}".`, { id: batchId });
  const study = requireStudy(db, batch.studyId);
  requirePaperCollection(study);
  const json = findInstrumentVersionJson(db, batch.instrumentId, batch.instrumentVersion) as Record<string, unknown> | undefined;
  if (!json) throw new Error(`paper batch ${batch.id}: instrument version ${batch.instrumentId}@${batch.instrumentVersion} is not recorded`);
  return { batch, pdf: await render(json, batch, listBatchFormNumbers(db, batch.id), study, deps.clock()) };
}

/** A study's print runs with their forms counted by entry state (never the numbers). */
export function studyPaperBatches(deps: PaperDeps, studyId: string): PaperBatchSummary[] {
  const study = requireStudy(deps.db, studyId);
  return listPaperBatches(deps.db, study.id);
}

const blanks = new Map<string, Promise<Buffer>>();

/**
 * An unnumbered questionnaire, for looking at or for a pilot. Rendered once per instrument version and
 * language, then served from memory.
 */
export function blankQuestionnaire(deps: PaperDeps, instrumentId: string, locale: PaperLocale): Promise<Buffer> {
  const loaded = loadedInstrument(deps, instrumentId);
  const key = `${loaded.descriptor.id}|${loaded.version}|${locale}`;
  let pdf = blanks.get(key);
  if (!pdf) {
    pdf = renderQuestionnaire(loaded.json, { locale, forms: null, day: new Date(`${rigaDay(deps.clock())}T12:00:00Z`) });
    pdf.catch(() => blanks.delete(key));
    blanks.set(key, pdf);
  }
  return pdf;
}
