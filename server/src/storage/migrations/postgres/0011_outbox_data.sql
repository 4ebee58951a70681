-- The outbox stores what to send, not how it reads: the kind (already there) and its data as
-- JSON, rendered with the organisation's brand when it is sent. Sealed at rest like the bodies,
-- and cleared with them once the e-mail is sent or given up. Rows queued before keep their
-- rendered subject and bodies (and an empty `data`), and are sent as they are.
ALTER TABLE outbox ADD COLUMN data TEXT NOT NULL DEFAULT '';
