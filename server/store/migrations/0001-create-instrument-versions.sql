-- Every version of every instrument the server has served. A response names the version it answered, so
-- the exact wording a respondent saw can always be shown next to the answer, even after the file changes.
CREATE TABLE instrument_versions (
  instrument_id   TEXT NOT NULL,
  version         TEXT NOT NULL,
  json            TEXT NOT NULL,
  -- The day (YYYY-MM-DD, Europe/Riga) the server first loaded this version: no time of day is kept.
  first_loaded_on TEXT NOT NULL CHECK (first_loaded_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  PRIMARY KEY (instrument_id, version)
) STRICT;
