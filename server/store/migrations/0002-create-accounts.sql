-- Staff accounts. Respondents never have accounts: tablets and family links carry their own credentials.
CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  email         TEXT NOT NULL UNIQUE COLLATE NOCASE,
  role          TEXT NOT NULL CHECK (role IN ('admin', 'researcher', 'analyst', 'interviewer')),
  password_hash TEXT NOT NULL,
  created_on    TEXT NOT NULL
) STRICT;

-- A staff session: the cookie holds a random token, the table only its SHA-256.
CREATE TABLE sessions (
  token_hash   TEXT PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- Milliseconds since the epoch; needed for the idle and absolute limits of staff sessions.
  created_at   INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL
) STRICT;
CREATE INDEX sessions_by_user ON sessions (user_id);

-- Failed logins per account (the lower-cased e-mail, whether or not the account exists), to slow
-- password guessing. All tablets in a prison share one address, so nothing is kept per address.
CREATE TABLE login_failures (
  account   TEXT NOT NULL,
  failed_at INTEGER NOT NULL
) STRICT;
CREATE INDEX login_failures_by_account ON login_failures (account, failed_at);
