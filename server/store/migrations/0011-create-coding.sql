-- Qualitative coding of interview notes and transcripts: a study's codebook (a tree of codes) and the codings
-- that staff make with it. A code's id is a GUID (the identity REFI-QDA tools use), unique within its study:
-- the same .qdc may be imported into two studies, so the key is (study_id, id). Ids are compared without regard
-- to case, as validateCodebook compares them.

CREATE TABLE qual_codes (
  study_id    TEXT NOT NULL REFERENCES studies (id),
  id          TEXT NOT NULL COLLATE NOCASE
              CHECK (id GLOB '[0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f]-*' AND length(id) = 36),
  parent_id   TEXT COLLATE NOCASE,
  name        TEXT NOT NULL CHECK (length(name) >= 1),
  description TEXT,
  color       TEXT CHECK (color IS NULL OR color GLOB '#[0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f]'),
  is_codable  INTEGER NOT NULL CHECK (is_codable IN (0, 1)),
  -- Place in the codebook array: siblings are shown, exported and reported in this order.
  position    INTEGER NOT NULL CHECK (position >= 0),
  PRIMARY KEY (study_id, id),
  -- Deferred: a codebook is replaced in one transaction, parents and children in any order.
  FOREIGN KEY (study_id, parent_id) REFERENCES qual_codes (study_id, id) DEFERRABLE INITIALLY DEFERRED
) STRICT, WITHOUT ROWID;

-- One application of a code to a span of one block of a session by one coder. `text` is the excerpt, copied when
-- the coding was made from the stored (already scrubbed) note or transcript segment, never from the client.
-- `block_key` is the unit of agreement and of the matrix: the guide question (notes, and transcript segments tied
-- to a question) or "segment:<seq>" for a transcript segment tied to none; `segment_seq` locates a transcript
-- span exactly (a question may have several segments). Offsets are UTF-16 code units of the block's text, as a
-- browser's text selection counts them.
CREATE TABLE qual_codings (
  id          TEXT PRIMARY KEY,
  study_id    TEXT NOT NULL REFERENCES studies (id),
  code_id     TEXT NOT NULL COLLATE NOCASE,
  session_id  TEXT NOT NULL REFERENCES interview_sessions (id),
  coder_id    INTEGER NOT NULL REFERENCES users (id),
  block_key   TEXT NOT NULL CHECK (length(block_key) BETWEEN 1 AND 200),
  source      TEXT NOT NULL CHECK (source IN ('note', 'transcript')),
  segment_seq INTEGER CHECK ((source = 'transcript') = (segment_seq IS NOT NULL) AND (segment_seq IS NULL OR segment_seq >= 1)),
  "start"     INTEGER NOT NULL CHECK ("start" >= 0),
  "end"       INTEGER NOT NULL CHECK ("end" > "start"),
  text        TEXT NOT NULL,
  -- Order of creation within the study (a counter, not a time).
  created_seq INTEGER NOT NULL CHECK (created_seq >= 1),
  -- A used code cannot be deleted: the codebook refuses first (409), and this stops anything that does not ask.
  FOREIGN KEY (study_id, code_id) REFERENCES qual_codes (study_id, id) DEFERRABLE INITIALLY DEFERRED
) STRICT;
-- Coding the same span with the same code twice is one coding.
CREATE UNIQUE INDEX qual_codings_unique_span
  ON qual_codings (session_id, coder_id, code_id, source, ifnull(segment_seq, 0), block_key, "start", "end");
CREATE INDEX qual_codings_by_study ON qual_codings (study_id, created_seq);
CREATE INDEX qual_codings_by_session ON qual_codings (session_id, coder_id);
CREATE INDEX qual_codings_by_code ON qual_codings (study_id, code_id);
