-- Prisons where the study runs, and study waves.
CREATE TABLE sites (
  id   TEXT PRIMARY KEY CHECK (id GLOB '[a-z0-9]*' AND id NOT GLOB '*[^a-z0-9-]*'),
  name TEXT NOT NULL UNIQUE
) STRICT;

-- The nine places of imprisonment named in the 2025 study's definition of "Ieslodzījuma vieta".
INSERT INTO sites (id, name) VALUES
  ('cesis-youth', 'Cēsu Audzināšanas iestāde nepilngadīgajiem'),
  ('daugavgriva', 'Daugavgrīvas cietums'),
  ('ilguciems', 'Iļģuciema cietums'),
  ('jelgava', 'Jelgavas cietums'),
  ('jekabpils', 'Jēkabpils cietums'),
  ('liepaja', 'Liepājas cietums'),
  ('olaine', 'Olaines cietums (Latvijas Cietumu slimnīca)'),
  ('riga-central', 'Rīgas Centrālcietums'),
  ('valmiera', 'Valmieras cietums');

CREATE TABLE studies (
  id                    TEXT PRIMARY KEY,
  name                  TEXT NOT NULL,
  channels              TEXT NOT NULL CHECK (json_valid(channels)),
  opens_on              TEXT CHECK (opens_on IS NULL OR opens_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  closes_on             TEXT CHECK (closes_on IS NULL OR closes_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  disclosure_threshold  INTEGER NOT NULL DEFAULT 5 CHECK (disclosure_threshold >= 1),
  closed                INTEGER NOT NULL DEFAULT 0 CHECK (closed IN (0, 1)),
  created_on            TEXT NOT NULL
) STRICT;

CREATE TABLE study_instruments (
  study_id      TEXT NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
  instrument_id TEXT NOT NULL,
  PRIMARY KEY (study_id, instrument_id)
) STRICT;

CREATE TABLE study_sites (
  study_id TEXT NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
  site_id  TEXT NOT NULL REFERENCES sites (id),
  PRIMARY KEY (study_id, site_id)
) STRICT;
