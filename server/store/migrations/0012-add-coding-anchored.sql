-- Whether a coding's span still covers its excerpt. Notes get edited, transcripts replaced and names redacted
-- after coding; the server then moves each coding to where its excerpt now stands (services/reanchor.ts).
-- When the excerpt is nowhere in the text any more the coding stays, with its excerpt (it still counts in
-- agreement, the matrix and the findings), but detached: 0, so the console lists it without highlighting
-- stale offsets. An edit that brings the excerpt back anchors it again.
ALTER TABLE qual_codings ADD COLUMN anchored INTEGER NOT NULL DEFAULT 1 CHECK (anchored IN (0, 1));
