/**
 * Look-ups shared by every route that acts on a study.
 */
import { Problem } from "../http/problem.ts";
import type { Db } from "../store/db.ts";
import { findStudy, type Study } from "../store/studies.ts";

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
