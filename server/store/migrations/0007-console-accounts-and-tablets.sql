-- What the console needs: an admin can disable an account without deleting its audit history, and a
-- researcher can see the last day each tablet delivered responses (a day only, never a time, and never
-- linked to the responses it delivered).
ALTER TABLE users ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1));
ALTER TABLE devices ADD COLUMN last_sync_on TEXT CHECK (last_sync_on IS NULL OR last_sync_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]');
