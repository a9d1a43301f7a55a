-- Which recording a question's time offset was measured in. An interview may have several recordings (stopped
-- and started again, a pause), so "asked at 00:42" alone does not say where to play from.
--
-- `take_id` is the random id the browser gives each take it records (never a device id); NULL for an audio file
-- uploaded from elsewhere. One take is stored once per session: a retried upload whose first attempt arrived
-- is refused rather than kept twice.
ALTER TABLE interview_recordings ADD COLUMN take_id TEXT
  CHECK (take_id IS NULL OR (length(take_id) BETWEEN 1 AND 64 AND take_id NOT GLOB '*[^A-Za-z0-9_-]*'));
CREATE UNIQUE INDEX interview_recordings_by_take ON interview_recordings (session_id, take_id) WHERE take_id IS NOT NULL;

-- The take `offset_seconds` was measured in; NULL for offsets from before this column, or when not known.
ALTER TABLE interview_notes ADD COLUMN offset_take TEXT
  CHECK (offset_take IS NULL OR (offset_seconds IS NOT NULL AND length(offset_take) BETWEEN 1 AND 64 AND offset_take NOT GLOB '*[^A-Za-z0-9_-]*'));
