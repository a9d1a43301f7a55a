/**
 * SQL for instrument versions: the server records each version it loads, once.
 */
import { sql, type Db } from "./db.ts";

export interface InstrumentVersionRow {
  instrumentId: string;
  version: string;
  json: string;
  firstLoadedOn: string;
}

/** Records the versions not seen before; returns how many were new. */
export function recordInstrumentVersions(
  db: Db,
  versions: readonly { instrumentId: string; version: string; json: unknown }[],
  day: string,
): number {
  const insert = sql(
    db,
    `INSERT INTO instrument_versions (instrument_id, version, json, first_loaded_on)
     VALUES (?, ?, ?, ?) ON CONFLICT (instrument_id, version) DO NOTHING`,
  );
  return db.transaction(() => {
    let added = 0;
    for (const v of versions) added += insert.run(v.instrumentId, v.version, JSON.stringify(v.json), day).changes;
    return added;
  })();
}

/** Every recorded version of one instrument, oldest first. */
export function listInstrumentVersions(db: Db, instrumentId: string): InstrumentVersionRow[] {
  return sql(
    db,
    `SELECT instrument_id AS instrumentId, version, json, first_loaded_on AS firstLoadedOn
     FROM instrument_versions WHERE instrument_id = ? ORDER BY first_loaded_on, rowid`,
  ).all(instrumentId) as InstrumentVersionRow[];
}

/** The JSON of one recorded version, or undefined when the server never served that version. */
export function findInstrumentVersionJson(db: Db, instrumentId: string, version: string): unknown {
  const row = sql(db, "SELECT json FROM instrument_versions WHERE instrument_id = ? AND version = ?").get(instrumentId, version) as
    | { json: string }
    | undefined;
  return row ? (JSON.parse(row.json) as unknown) : undefined;
}
