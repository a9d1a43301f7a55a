/**
 * SQL for exports: a study's responses read in a keyed random order, one at a time, from one snapshot.
 *
 * Three things shape it. Order: rows are sorted by HMAC-SHA256(response id) under a key the caller makes
 * for this export (a SQLite function registered on the connection), so the position of a row says nothing
 * about when it arrived, and two exports cannot be lined up by position. Connection: an export streams for
 * as long as the client reads, and while better-sqlite3 iterates a statement its connection can run no
 * write, so reading on the server's connection would turn every response sent meanwhile into an error; an
 * export therefore opens its own read-only connection to the same file (WAL lets it read while the server
 * writes). Snapshot: the counts that decide which prisons are shown as "other" and which small groups are
 * hidden, and the rows, come from one read transaction, so no group can change between the two.
 */
import Database from "better-sqlite3";
import { createHmac } from "node:crypto";
import type { Db } from "./db.ts";

export interface ExportRow {
  instrumentId: string;
  channel: string;
  siteId: string | null;
  ageGroup: string | null;
  receivedOn: string;
  /** The answers as stored JSON text (scrubbed at intake). */
  answers: string;
  /** Paper entry codes as stored JSON text (`{ "<question>": "unreadable" | "blank" }`), or null. */
  entryCodes: string | null;
}

/** Responses sharing instrument, site, channel, age group and month (`YYYY-MM`). */
export interface ExportClassCount {
  instrumentId: string;
  siteId: string | null;
  channel: string;
  ageGroup: string | null;
  month: string;
  n: number;
}

export interface ExportReader {
  /** Responses per site (null: no site) for the export's instruments. */
  countBySite(): { siteId: string | null; n: number }[];
  /** Responses per instrument, site, channel, age group and month, for the export's instruments. */
  countByClass(): ExportClassCount[];
  /** The rows in keyed random order, read one at a time. */
  rows(): IterableIterator<ExportRow>;
  /** Ends the read transaction and closes the connection; safe to call more than once. */
  close(): void;
}

const WHERE = "WHERE study_id = ? AND instrument_id IN (SELECT value FROM json_each(?))";

/**
 * Opens a snapshot of a study's responses to the given instruments, ordered by HMAC-SHA256(id) under `key`.
 * @example const reader = openExportReader(db, study.id, ["youth"], randomBytes(32)); for (const row of reader.rows()) {} reader.close();
 */
export function openExportReader(db: Db, studyId: string, instrumentIds: readonly string[], key: Uint8Array): ExportReader {
  if (db.memory) throw new Error("exports read through their own connection and need a database file, not :memory:");
  const reader = new Database(db.name, { readonly: true, fileMustExist: true });
  reader.pragma("busy_timeout = 5000");
  reader.function("export_order", { deterministic: true }, (id: unknown) => createHmac("sha256", key).update(String(id)).digest());
  reader.exec("BEGIN");
  const instruments = JSON.stringify(instrumentIds);
  let open: IterableIterator<ExportRow> | undefined;
  let closed = false;
  return {
    countBySite() {
      return reader.prepare(`SELECT site_id AS siteId, COUNT(*) AS n FROM responses ${WHERE} GROUP BY site_id ORDER BY site_id`).all(studyId, instruments) as {
        siteId: string | null;
        n: number;
      }[];
    },
    countByClass() {
      return reader
        .prepare(
          `SELECT instrument_id AS instrumentId, site_id AS siteId, channel, age_group AS ageGroup, substr(received_on, 1, 7) AS month, COUNT(*) AS n
           FROM responses ${WHERE} GROUP BY instrument_id, site_id, channel, age_group, substr(received_on, 1, 7)`,
        )
        .all(studyId, instruments) as ExportClassCount[];
    },
    rows() {
      open = reader
        .prepare(
          `SELECT instrument_id AS instrumentId, channel, site_id AS siteId, age_group AS ageGroup, received_on AS receivedOn, answers,
                  entry_codes AS entryCodes
           FROM responses ${WHERE} ORDER BY export_order(id)`,
        )
        .iterate(studyId, instruments) as IterableIterator<ExportRow>;
      return open;
    },
    close() {
      if (closed) return;
      closed = true;
      // A statement still being read keeps the connection busy: finish it before ending the transaction.
      open?.return?.();
      reader.exec("COMMIT");
      reader.close();
    },
  };
}
