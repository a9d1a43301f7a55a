-- How respondents are let in without being identified. Codes and tokens are stored only as SHA-256
-- hashes; none of these rows is ever linked to a response.

-- A short code staff type on a new tablet; single use, valid for 24 hours.
CREATE TABLE enrolments (
  code_hash  TEXT PRIMARY KEY,
  study_id   TEXT NOT NULL REFERENCES studies (id),
  site_id    TEXT NOT NULL REFERENCES sites (id),
  expires_at INTEGER NOT NULL,
  used       INTEGER NOT NULL DEFAULT 0 CHECK (used IN (0, 1))
) STRICT;

-- An enrolled tablet. Its id exists to revoke it; responses never carry it.
CREATE TABLE devices (
  id          TEXT PRIMARY KEY,
  token_hash  TEXT NOT NULL UNIQUE,
  study_id    TEXT NOT NULL REFERENCES studies (id),
  site_id     TEXT NOT NULL REFERENCES sites (id),
  enrolled_on TEXT NOT NULL,
  revoked     INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1))
) STRICT;

-- An online link for family members: one instrument of one study, optionally limited in uses.
CREATE TABLE links (
  id            TEXT PRIMARY KEY,
  token_hash    TEXT NOT NULL UNIQUE,
  study_id      TEXT NOT NULL REFERENCES studies (id),
  instrument_id TEXT NOT NULL,
  max_uses      INTEGER CHECK (max_uses IS NULL OR max_uses >= 1),
  uses          INTEGER NOT NULL DEFAULT 0,
  created_on    TEXT NOT NULL,
  revoked       INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1))
) STRICT;
