-- Paper questionnaires. A batch is one print run: one instrument version, one language and, for prisoners'
-- questionnaires, one prison (family forms have none). Each printed copy has a random form number; nothing
-- here says in which order forms were printed or handed out: numbers are random, and paper_forms keeps its
-- rows in number order (WITHOUT ROWID, no insertion counter). The day is the only date.
CREATE TABLE paper_batches (
  id                 TEXT PRIMARY KEY,
  study_id           TEXT NOT NULL REFERENCES studies (id),
  site_id            TEXT REFERENCES sites (id),
  instrument_id      TEXT NOT NULL,
  -- The wording that was printed: a re-print and the later data entry use exactly this version.
  instrument_version TEXT NOT NULL,
  locale             TEXT NOT NULL CHECK (locale IN ('lv', 'ru', 'en')),
  count              INTEGER NOT NULL CHECK (count BETWEEN 1 AND 500),
  created_on         TEXT NOT NULL CHECK (created_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  FOREIGN KEY (instrument_id, instrument_version) REFERENCES instrument_versions (instrument_id, version),
  UNIQUE (id, study_id, instrument_id)
) STRICT;
CREATE INDEX paper_batches_by_study ON paper_batches (study_id);

-- One printed form. `state` is for the data entry of returned forms (typed once, typed twice, the two
-- entries disagree, settled); the entry task adds its own columns. A form never records who filled it in.
CREATE TABLE paper_forms (
  number        TEXT PRIMARY KEY CHECK (number GLOB '[A-Z2-9][A-Z2-9][A-Z2-9][A-Z2-9]-[A-Z2-9][A-Z2-9][A-Z2-9][A-Z2-9]-[A-Z2-9]'),
  batch_id      TEXT NOT NULL,
  study_id      TEXT NOT NULL,
  instrument_id TEXT NOT NULL,
  site_id       TEXT REFERENCES sites (id),
  state         TEXT NOT NULL DEFAULT 'printed'
                CHECK (state IN ('printed', 'single-entered', 'double-entered', 'conflict', 'final')),
  -- A form belongs to its batch's study and instrument; the composite key makes a mismatch impossible.
  FOREIGN KEY (batch_id, study_id, instrument_id) REFERENCES paper_batches (id, study_id, instrument_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX paper_forms_by_batch ON paper_forms (batch_id, state);
