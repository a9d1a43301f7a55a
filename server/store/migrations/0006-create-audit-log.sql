-- What staff did, for admins to review: sign-ins (also failed ones), study changes, tablet enrolments and
-- revocations, links, report downloads. It records staff actions, so it keeps the exact time; it never
-- holds answers, tokens or anything about respondents.
CREATE TABLE audit_log (
  id      INTEGER PRIMARY KEY,
  at      TEXT NOT NULL,
  -- The account, when one was signed in (or the e-mail tried, for a failed sign-in).
  user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
  actor   TEXT NOT NULL,
  action  TEXT NOT NULL,
  target  TEXT,
  detail  TEXT CHECK (detail IS NULL OR json_valid(detail))
) STRICT;
CREATE INDEX audit_log_by_time ON audit_log (at);
