-- Issue 16: the effective lifecycle policy. An account may have its own trial length (the
-- reseller extends a trial), and the platform operator limits what a reseller may set for one
-- account: the trial length and the days to Deleted. The preview and the overview read the due
-- work through the indexes of 0013 and need none of their own.
-- (Mirrors migrations/postgres/0017_lifecycle_policy.sql.)
ALTER TABLE clients ADD COLUMN trial_days INTEGER;
ALTER TABLE organisations ADD COLUMN max_trial_days INTEGER NOT NULL DEFAULT 60;
ALTER TABLE organisations ADD COLUMN max_days_to_deleted INTEGER NOT NULL DEFAULT 90;
