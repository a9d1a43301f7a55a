-- Responses, anonymised at the door. Nothing about the sender is here: no device, link, address, agent or
-- time of day; the day is the only date. WITHOUT ROWID keeps rows in the order of their random ids, so
-- the table holds no arrival order that could be matched to who used a tablet when.
CREATE TABLE responses (
  id                 TEXT PRIMARY KEY CHECK (length(id) = 36),
  study_id           TEXT NOT NULL REFERENCES studies (id),
  instrument_id      TEXT NOT NULL,
  instrument_version TEXT NOT NULL,
  locale             TEXT NOT NULL CHECK (locale IN ('lv', 'ru', 'en')),
  channel            TEXT NOT NULL CHECK (channel IN ('tablet', 'online', 'paper', 'interview')),
  site_id            TEXT REFERENCES sites (id),
  age_group          TEXT CHECK (age_group IS NULL OR age_group IN
                       ('under-18', '18-21', '22-25', '60-70', 'over-70', 'mothers-18-25', 'mothers-26-plus')),
  received_on        TEXT NOT NULL CHECK (received_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  answers            TEXT NOT NULL CHECK (json_valid(answers) AND json_type(answers) = 'object'),
  -- How many personal codes, phone numbers and e-mail addresses were replaced by markers.
  redactions         INTEGER NOT NULL DEFAULT 0 CHECK (redactions >= 0),
  FOREIGN KEY (instrument_id, instrument_version) REFERENCES instrument_versions (instrument_id, version)
) STRICT, WITHOUT ROWID;
CREATE INDEX responses_by_study ON responses (study_id, instrument_id);
