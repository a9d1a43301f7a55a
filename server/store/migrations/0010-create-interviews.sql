-- Interviews and focus groups run with the staff guides (appendices 2, 5, 7, 8, 10, 11). Nothing here names an
-- interviewee or a participant: the interviewee is described only by the coarse bands the guide offers, a
-- focus group only by its size and the kinds of organisation present. Dates are days.

-- How long a recording is kept after the session's answers are summarised. Every guide promises deletion
-- "within a week", so no study may keep recordings longer than 7 days.
ALTER TABLE studies ADD COLUMN recording_retention_days INTEGER NOT NULL DEFAULT 7
  CHECK (recording_retention_days BETWEEN 1 AND 7);

CREATE TABLE interview_sessions (
  id                 TEXT PRIMARY KEY,
  study_id           TEXT NOT NULL REFERENCES studies (id),
  kind               TEXT NOT NULL CHECK (kind IN ('interview', 'focus-group')),
  -- The guide; NULL for focus groups, which have topics instead.
  instrument_id      TEXT,
  site_id            TEXT REFERENCES sites (id),
  state              TEXT NOT NULL DEFAULT 'in-progress' CHECK (state IN ('in-progress', 'finished', 'summarised')),
  -- {"participation": bool, "recording": bool}
  consent            TEXT NOT NULL DEFAULT '{"participation":false,"recording":false}'
                     CHECK (json_valid(consent) AND json_type(consent) = 'object'),
  -- The guide's interviewee block as chosen bands, e.g. {"position": "security", "years_in_post": "1-5"}.
  interviewee        TEXT CHECK (interviewee IS NULL OR (json_valid(interviewee) AND json_type(interviewee) = 'object')),
  participant_count  INTEGER CHECK (participant_count IS NULL OR participant_count >= 1),
  organisation_kinds TEXT CHECK (organisation_kinds IS NULL OR (json_valid(organisation_kinds) AND json_type(organisation_kinds) = 'array')),
  -- Focus groups: [{"key": "t1", "text": "..."}]
  topics             TEXT CHECK (topics IS NULL OR (json_valid(topics) AND json_type(topics) = 'array')),
  started_on         TEXT NOT NULL CHECK (started_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  finished_on        TEXT CHECK (finished_on IS NULL OR finished_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  summarised_on      TEXT CHECK (summarised_on IS NULL OR summarised_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  target_group       TEXT CHECK (target_group IS NULL OR target_group IN ('youth', 'seniors', 'mothers', 'mental-health')),
  created_by         INTEGER REFERENCES users (id) ON DELETE SET NULL,
  CHECK ((kind = 'interview') = (instrument_id IS NOT NULL))
) STRICT;
CREATE INDEX interview_sessions_by_study ON interview_sessions (study_id, started_on);

-- The interviewer's notes per guide question (focus groups: per topic). `updated_at_seq` is a revision number
-- counted per session, not a time: an autosave names the revision it edited, so a second laptop cannot
-- silently overwrite newer notes. Notes are scrubbed before they are stored.
CREATE TABLE interview_notes (
  session_id     TEXT NOT NULL REFERENCES interview_sessions (id) ON DELETE CASCADE,
  question_key   TEXT NOT NULL,
  notes          TEXT NOT NULL DEFAULT '',
  skipped        INTEGER NOT NULL DEFAULT 0 CHECK (skipped IN (0, 1)),
  -- Where in the recording this question starts, so the console can play from there.
  offset_seconds INTEGER CHECK (offset_seconds IS NULL OR offset_seconds >= 0),
  updated_at_seq INTEGER NOT NULL CHECK (updated_at_seq >= 1),
  PRIMARY KEY (session_id, question_key)
) STRICT, WITHOUT ROWID;

-- Audio files live outside the database, in RECORDINGS_DIR/<session_id>/<file_name>. `delete_after` is set when
-- the session is summarised (summarised_on + the study's retention days); the retention job deletes the file
-- on that day and keeps the row, with `deleted_on`, as the record that the promise was kept.
CREATE TABLE interview_recordings (
  id           TEXT PRIMARY KEY,
  session_id   TEXT NOT NULL REFERENCES interview_sessions (id),
  file_name    TEXT NOT NULL UNIQUE CHECK (file_name NOT GLOB '*[/\]*' AND file_name NOT GLOB '.*'),
  mime         TEXT NOT NULL,
  bytes        INTEGER NOT NULL CHECK (bytes >= 0),
  added_on     TEXT NOT NULL CHECK (added_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  delete_after TEXT CHECK (delete_after IS NULL OR delete_after GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  deleted_on   TEXT CHECK (deleted_on IS NULL OR deleted_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]')
) STRICT;
CREATE INDEX interview_recordings_by_session ON interview_recordings (session_id);
CREATE INDEX interview_recordings_due ON interview_recordings (delete_after) WHERE deleted_on IS NULL;

-- A transcript as ordered segments, each optionally tied to a guide question (or focus-group topic). Scrubbed.
CREATE TABLE interview_transcripts (
  session_id   TEXT NOT NULL REFERENCES interview_sessions (id) ON DELETE CASCADE,
  seq          INTEGER NOT NULL CHECK (seq >= 1),
  question_key TEXT,
  text         TEXT NOT NULL,
  PRIMARY KEY (session_id, seq)
) STRICT, WITHOUT ROWID;

-- Names to redact from notes and transcripts (staff, prisons, places), in every inflected form the researcher
-- typed. Stored as typed (NFC); matching is case-insensitive.
CREATE TABLE study_redactions (
  study_id TEXT NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
  term     TEXT NOT NULL CHECK (length(term) BETWEEN 1 AND 200),
  PRIMARY KEY (study_id, term)
) STRICT, WITHOUT ROWID;
