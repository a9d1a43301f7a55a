/**
 * The rules of studies and sites, and look-ups shared by every route that acts on a study.
 */
import { randomUUID } from "node:crypto";
import { rigaDay } from "../domain/day.ts";
import { Problem } from "../http/problem.ts";
import type { Db } from "../store/db.ts";
import {
  findSite,
  findStudy,
  insertSite,
  insertStudy,
  listSites,
  MAX_RECORDING_RETENTION_DAYS,
  updateStudy,
  usedParts,
  type PaperResolver,
  type Site,
  type Study,
  type StudyChange,
} from "../store/studies.ts";

/** The study with this id, or a 404 Problem. */
export function requireStudy(db: Db, id: string): Study {
  const study = findStudy(db, id);
  if (!study) throw new Problem("study.not_found", `There is no study "${id}".`, { id });
  return study;
}

/** 403 unless the study collects through this channel. */
export function requireChannel(study: Study, channel: string): void {
  if (!study.channels.includes(channel)) {
    throw new Problem("study.channel_not_included", `The study does not collect through the ${channel} channel.`, {
      channel,
      channels: study.channels,
    });
  }
}

/** 403 unless the study uses this instrument. */
export function requireInstrument(study: Study, instrumentId: string): void {
  if (!study.instruments.includes(instrumentId)) {
    throw new Problem("study.instrument_not_included", `The study does not use the instrument "${instrumentId}".`, {
      instrumentId,
      instruments: study.instruments,
    });
  }
}

/** Adds a prison; its id and its name must both be new. */
export function createSite(db: Db, site: Site): Site {
  if (findSite(db, site.id)) throw new Problem("site.duplicate", `A site "${site.id}" exists already.`, { id: site.id });
  if (listSites(db).some((s) => s.name === site.name)) throw new Problem("site.duplicate", `A site named "${site.name}" exists already.`);
  insertSite(db, site);
  return site;
}

/** 404 naming every site id that is not a known prison. */
function requireKnownSites(db: Db, ids: readonly string[]): void {
  const unknownSites = ids.filter((id) => !findSite(db, id));
  if (unknownSites.length > 0) {
    throw new Problem("site.not_found", `Unknown site: ${unknownSites.join(", ")}.`, unknownSites.map((id) => ({ path: "sites", reason: `no site "${id}"` })));
  }
}

export interface StudyInput {
  name: string;
  instruments: string[];
  sites: string[];
  channels: string[];
  opensOn?: string | undefined;
  closesOn?: string | undefined;
  disclosureThreshold?: number | undefined;
  paperDoubleEntry?: boolean | undefined;
  paperResolver?: PaperResolver | undefined;
  recordingRetentionDays?: number | undefined;
}

/**
 * Creates a study at known sites; the disclosure threshold defaults to 5, and paper forms are typed in twice
 * with disagreements settled by a third colleague unless the input says otherwise.
 */
export function createStudy(db: Db, input: StudyInput, clock: () => Date): Study {
  requireKnownSites(db, input.sites);
  return insertStudy(db, {
    id: randomUUID(),
    name: input.name,
    instruments: input.instruments,
    sites: input.sites,
    channels: input.channels,
    opensOn: input.opensOn ?? null,
    closesOn: input.closesOn ?? null,
    disclosureThreshold: input.disclosureThreshold ?? 5,
    closed: false,
    createdOn: rigaDay(clock()),
    paperDoubleEntry: input.paperDoubleEntry ?? true,
    paperResolver: input.paperResolver ?? "third-person",
    recordingRetentionDays: input.recordingRetentionDays ?? MAX_RECORDING_RETENTION_DAYS,
  });
}


/**
 * Edits a study: renames, closes, reopens, re-dates it, changes its disclosure threshold, or its lists of
 * instruments, prisons and channels. It may not close before it opens, and nothing that already has
 * responses can be taken out of it (409), so no accepted response is ever orphaned.
 */
export function changeStudy(db: Db, study: Study, change: StudyChange): Study {
  const opensOn = change.opensOn !== undefined ? change.opensOn : study.opensOn;
  const closesOn = change.closesOn !== undefined ? change.closesOn : study.closesOn;
  if (opensOn && closesOn && opensOn > closesOn) {
    throw new Problem("request.invalid", "The study would close before it opens.", [{ path: "closesOn", reason: "must not be before opensOn" }]);
  }
  if (change.sites) requireKnownSites(db, change.sites);
  const inUse = usedParts(db, study.id);
  const removed = (field: "instruments" | "sites" | "channels") =>
    (change[field] ? study[field].filter((v) => !change[field]!.includes(v) && inUse[field].has(v)) : []).map((v) => ({
      path: field,
      reason: `"${v}" already has responses and cannot be removed`,
    }));
  const blocked = [...removed("instruments"), ...removed("sites"), ...removed("channels")];
  if (blocked.length > 0) {
    throw new Problem("study.in_use", "Part of what you removed already has responses; it stays in the study. Close the study instead to stop collecting.", blocked);
  }
  updateStudy(db, study.id, change);
  return requireStudy(db, study.id);
}
