/**
 * A real, freshly migrated SQLite file per test, in its own temporary folder, removed afterwards.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrate, openDatabase, type Db } from "../../server/store/db.ts";

export interface TestDb {
  db: Db;
  path: string;
  close: () => void;
}

export function openTestDb(): TestDb {
  const dir = mkdtempSync(join(tmpdir(), "platform-test-"));
  const path = join(dir, "test.db");
  const db = openDatabase(path);
  migrate(db);
  return {
    db,
    path,
    close: () => {
      if (db.open) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
