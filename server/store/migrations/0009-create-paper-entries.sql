-- Typing returned paper forms in, by default twice by two different people who cannot see each other's work
-- (blind double entry). A form yields at most one response, and nothing links its number to that response.

-- Per study: whether every form is typed twice (1) or once (0), and who settles two entries that disagree:
-- a third colleague ('third-person') or also one of the two who typed it ('either-enterer').
ALTER TABLE studies ADD COLUMN paper_double_entry INTEGER NOT NULL DEFAULT 1 CHECK (paper_double_entry IN (0, 1));
ALTER TABLE studies ADD COLUMN paper_resolver TEXT NOT NULL DEFAULT 'third-person'
  CHECK (paper_resolver IN ('third-person', 'either-enterer'));

-- Only for paper responses: the questions the person typing marked instead of answering, as a JSON object
-- `{ "<question name>": "unreadable" | "blank" }` (a matrix row as `"<question name>.<row value>"`). A coded
-- question is absent from `answers`, so validation, analysis and export treat it as not answered; this column
-- only says why. NULL when nothing was coded and for every other channel.
ALTER TABLE responses ADD COLUMN entry_codes TEXT
  CHECK (entry_codes IS NULL OR (json_valid(entry_codes) AND json_type(entry_codes) = 'object'));

-- The agreement of a form's two entries, counted when the second entry arrives and kept after the entries
-- themselves are deleted: items compared (each question of the instrument is one item, each row of a matrix
-- is one item) and items on which both entries agreed. NULL for a form that was typed only once.
ALTER TABLE paper_forms ADD COLUMN items_compared INTEGER CHECK (items_compared IS NULL OR items_compared >= 0);
ALTER TABLE paper_forms ADD COLUMN items_agreed INTEGER
  CHECK (items_agreed IS NULL OR (items_compared IS NOT NULL AND items_agreed BETWEEN 0 AND items_compared));
CREATE INDEX paper_forms_by_study ON paper_forms (study_id, state, number);

-- Entries still being worked on: the first of a double entry, or both while they disagree. Each names the
-- staff member who typed it, so the same person cannot type a form twice and, if the study says so, cannot
-- settle a disagreement about it. The rows are deleted when the form becomes final, so no trail from staff
-- to answers outlives the entry work. Answers are scrubbed as on intake before they are kept here.
CREATE TABLE paper_entries (
  number  TEXT NOT NULL REFERENCES paper_forms (number),
  -- 1 for the first entry, 2 for the second (kept only while the two disagree).
  seq     INTEGER NOT NULL CHECK (seq IN (1, 2)),
  user_id INTEGER NOT NULL REFERENCES users (id),
  answers TEXT NOT NULL CHECK (json_valid(answers) AND json_type(answers) = 'object'),
  codes   TEXT NOT NULL CHECK (json_valid(codes) AND json_type(codes) = 'object'),
  PRIMARY KEY (number, seq),
  UNIQUE (number, user_id)
) STRICT, WITHOUT ROWID;
