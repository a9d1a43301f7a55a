/**
 * SQL for sites (prisons) and studies with their instruments, sites and channels.
 */
import { sql, type Db } from "./db.ts";

export interface Site {
  id: string;
  name: string;
}

export function listSites(db: Db): Site[] {
  return sql(db, "SELECT id, name FROM sites ORDER BY name").all() as Site[];
}

export function findSite(db: Db, id: string): Site | undefined {
  return sql(db, "SELECT id, name FROM sites WHERE id = ?").get(id) as Site | undefined;
}

export function insertSite(db: Db, site: Site): void {
  sql(db, "INSERT INTO sites (id, name) VALUES (?, ?)").run(site.id, site.name);
}

/** Who may settle two paper entries that disagree: a third colleague, or also one of the two who typed it. */
export const PAPER_RESOLVERS = ["third-person", "either-enterer"] as const;
export type PaperResolver = (typeof PAPER_RESOLVERS)[number];

export interface Study {
  id: string;
  name: string;
  instruments: string[];
  sites: string[];
  channels: string[];
  opensOn: string | null;
  closesOn: string | null;
  disclosureThreshold: number;
  closed: boolean;
  createdOn: string;
  /** Paper forms are typed in twice, by two different people, before they count (default true). */
  paperDoubleEntry: boolean;
  paperResolver: PaperResolver;
  /** Days a recording is kept after its interview is summarised: 1 to 7, as the guides promise (default 7). */
  recordingRetentionDays: number;
}

/** The longest any recording may be kept after summarising: the guides promise deletion within a week. */
export const MAX_RECORDING_RETENTION_DAYS = 7;

interface StudyRow {
  id: string;
  name: string;
  channels: string;
  opensOn: string | null;
  closesOn: string | null;
  disclosureThreshold: number;
  closed: number;
  createdOn: string;
  paperDoubleEntry: number;
  paperResolver: PaperResolver;
  recordingRetentionDays: number;
}

const STUDY_COLUMNS = `id, name, channels, opens_on AS opensOn, closes_on AS closesOn,
  disclosure_threshold AS disclosureThreshold, closed, created_on AS createdOn,
  paper_double_entry AS paperDoubleEntry, paper_resolver AS paperResolver, recording_retention_days AS recordingRetentionDays`;

function toStudy(db: Db, row: StudyRow): Study {
  const instruments = sql(db, "SELECT instrument_id AS id FROM study_instruments WHERE study_id = ? ORDER BY rowid").all(row.id) as { id: string }[];
  const sites = sql(db, "SELECT site_id AS id FROM study_sites WHERE study_id = ? ORDER BY rowid").all(row.id) as { id: string }[];
  return {
    ...row,
    channels: JSON.parse(row.channels) as string[],
    closed: row.closed === 1,
    paperDoubleEntry: row.paperDoubleEntry === 1,
    instruments: instruments.map((i) => i.id),
    sites: sites.map((s) => s.id),
  };
}

export function insertStudy(db: Db, study: Study): Study {
  db.transaction(() => {
    sql(
      db,
      `INSERT INTO studies (id, name, channels, opens_on, closes_on, disclosure_threshold, closed, created_on, paper_double_entry, paper_resolver,
         recording_retention_days)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      study.id,
      study.name,
      JSON.stringify(study.channels),
      study.opensOn,
      study.closesOn,
      study.disclosureThreshold,
      study.closed ? 1 : 0,
      study.createdOn,
      study.paperDoubleEntry ? 1 : 0,
      study.paperResolver,
      study.recordingRetentionDays,
    );
    const addInstrument = sql(db, "INSERT INTO study_instruments (study_id, instrument_id) VALUES (?, ?)");
    for (const id of study.instruments) addInstrument.run(study.id, id);
    const addSite = sql(db, "INSERT INTO study_sites (study_id, site_id) VALUES (?, ?)");
    for (const id of study.sites) addSite.run(study.id, id);
  })();
  return study;
}

export function findStudy(db: Db, id: string): Study | undefined {
  const row = sql(db, `SELECT ${STUDY_COLUMNS} FROM studies WHERE id = ?`).get(id) as StudyRow | undefined;
  return row ? toStudy(db, row) : undefined;
}

export function listStudies(db: Db): Study[] {
  return (sql(db, `SELECT ${STUDY_COLUMNS} FROM studies ORDER BY created_on DESC, name`).all() as StudyRow[]).map((r) => toStudy(db, r));
}

/** What may change about a study; each field left out stays as it is. */
export interface StudyChange {
  name?: string | undefined;
  closed?: boolean | undefined;
  opensOn?: string | null | undefined;
  closesOn?: string | null | undefined;
  disclosureThreshold?: number | undefined;
  instruments?: string[] | undefined;
  sites?: string[] | undefined;
  channels?: string[] | undefined;
  paperDoubleEntry?: boolean | undefined;
  paperResolver?: PaperResolver | undefined;
  recordingRetentionDays?: number | undefined;
}

export function updateStudy(db: Db, id: string, change: StudyChange): void {
  const sets: string[] = [];
  const values: unknown[] = [];
  if (change.name !== undefined) (sets.push("name = ?"), values.push(change.name));
  if (change.closed !== undefined) (sets.push("closed = ?"), values.push(change.closed ? 1 : 0));
  if (change.opensOn !== undefined) (sets.push("opens_on = ?"), values.push(change.opensOn));
  if (change.closesOn !== undefined) (sets.push("closes_on = ?"), values.push(change.closesOn));
  if (change.disclosureThreshold !== undefined) (sets.push("disclosure_threshold = ?"), values.push(change.disclosureThreshold));
  if (change.channels !== undefined) (sets.push("channels = ?"), values.push(JSON.stringify(change.channels)));
  if (change.paperDoubleEntry !== undefined) (sets.push("paper_double_entry = ?"), values.push(change.paperDoubleEntry ? 1 : 0));
  if (change.paperResolver !== undefined) (sets.push("paper_resolver = ?"), values.push(change.paperResolver));
  if (change.recordingRetentionDays !== undefined) (sets.push("recording_retention_days = ?"), values.push(change.recordingRetentionDays));
  db.transaction(() => {
    if (sets.length > 0) sql(db, `UPDATE studies SET ${sets.join(", ")} WHERE id = ?`).run(...values, id);
    if (change.instruments !== undefined) {
      sql(db, "DELETE FROM study_instruments WHERE study_id = ?").run(id);
      const add = sql(db, "INSERT INTO study_instruments (study_id, instrument_id) VALUES (?, ?)");
      for (const instrument of change.instruments) add.run(id, instrument);
    }
    if (change.sites !== undefined) {
      sql(db, "DELETE FROM study_sites WHERE study_id = ?").run(id);
      const add = sql(db, "INSERT INTO study_sites (study_id, site_id) VALUES (?, ?)");
      for (const site of change.sites) add.run(id, site);
    }
  })();
}

/** The instruments, sites and channels of a study that already have responses. */
export function usedParts(db: Db, studyId: string): { instruments: Set<string>; sites: Set<string>; channels: Set<string> } {
  const distinct = (column: string) =>
    new Set((sql(db, `SELECT DISTINCT ${column} AS v FROM responses WHERE study_id = ? AND ${column} IS NOT NULL`).all(studyId) as { v: string }[]).map((r) => r.v));
  return { instruments: distinct("instrument_id"), sites: distinct("site_id"), channels: distinct("channel") };
}
