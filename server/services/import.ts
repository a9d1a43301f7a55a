/**
 * Importing responses collected elsewhere (typed-in paper forms, an earlier system) from a JSON file.
 * Every entry goes through the same validation and anonymisation as the intake; the report says which
 * entries were accepted and why the others were not, so nothing is dropped silently.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { CHANNELS } from "../../instruments/index.ts";
import { rigaDay } from "../domain/day.ts";
import { zodDetails } from "../http/body.ts";
import { Problem } from "../http/problem.ts";
import { insertResponse, type ResponseRow } from "../store/responses.ts";
import { prepareRow, type IntakeDeps } from "./intake.ts";
import { requireInstrument, requireStudy } from "./studies.ts";

const ZEntry = z
  .object({
    id: z.uuid().optional(),
    instrumentId: z.string().min(1).max(100),
    answers: z.record(z.string(), z.unknown()),
    channel: z.enum(CHANNELS).optional(),
    site: z.string().min(1).max(64).optional(),
    locale: z.enum(["lv", "ru", "en"]).optional(),
  })
  .strict();

export interface ImportReport {
  total: number;
  accepted: number;
  /** Entries whose id was stored already (a re-import): left as they were. */
  duplicates: number;
  rejected: { index: number; reasons: { path: string; reason: string }[] }[];
}

const BATCH = 500;

/**
 * Validates, scrubs and stores each entry for a study. Entries without a channel count as paper.
 * `onProgress` is called after every batch with the number of entries done.
 */
export function importResponses(deps: IntakeDeps, studyId: string, entries: unknown, onProgress?: (done: number, total: number) => void): ImportReport {
  const study = requireStudy(deps.db, studyId);
  if (!Array.isArray(entries)) throw new Problem("request.invalid", "The file must hold a JSON array of responses.");
  const report: ImportReport = { total: entries.length, accepted: 0, duplicates: 0, rejected: [] };
  const today = rigaDay(deps.clock());
  for (let start = 0; start < entries.length; start += BATCH) {
    const rows: ResponseRow[] = [];
    entries.slice(start, start + BATCH).forEach((raw, offset) => {
      const index = start + offset;
      const parsed = ZEntry.safeParse(raw);
      if (!parsed.success) {
        report.rejected.push({ index, reasons: zodDetails(parsed.error) });
        return;
      }
      const entry = parsed.data;
      try {
        requireInstrument(study, entry.instrumentId);
        if (entry.site !== undefined && !study.sites.includes(entry.site)) {
          throw new Problem("study.site_not_included", `The study does not run at the site "${entry.site}".`, [{ path: "site", reason: "is not one of the study's sites" }]);
        }
        const current = deps.catalog.find((i) => i.descriptor.id === entry.instrumentId);
        if (!current) throw new Problem("instrument.not_found", `There is no instrument "${entry.instrumentId}".`);
        rows.push(
          prepareRow(
            deps,
            { id: entry.id ?? randomUUID(), instrumentId: entry.instrumentId, instrumentVersion: current.version, locale: entry.locale ?? "lv", answers: entry.answers },
            { studyId: study.id, channel: entry.channel ?? "paper", siteId: entry.site ?? null, receivedOn: today },
          ),
        );
      } catch (error) {
        if (!(error instanceof Problem)) throw error;
        const details = Array.isArray(error.details) ? (error.details as { path: string; reason: string }[]) : [{ path: "", reason: error.message }];
        report.rejected.push({ index, reasons: details });
      }
    });
    deps.db.transaction(() => {
      for (const row of rows) {
        if (insertResponse(deps.db, row)) report.accepted += 1;
        else report.duplicates += 1;
      }
    })();
    onProgress?.(Math.min(start + BATCH, entries.length), entries.length);
  }
  return report;
}
