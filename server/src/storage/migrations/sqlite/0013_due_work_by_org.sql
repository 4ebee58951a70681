-- The time-driven jobs work one organisation at a time (so that a PostgreSQL write unit holds
-- that organisation's lock before it takes any of its rows), in batches: their due rows are
-- looked up by organisation, then by due time, in the order the jobs take them. These replace
-- the indexes by due time alone.
DROP INDEX IF EXISTS services_trial_due;
DROP INDEX IF EXISTS services_deletion_due;
DROP INDEX IF EXISTS deletion_requests_due;
CREATE INDEX services_trial_due_by_org ON services (org_id, trial_end) WHERE status = 'trial';
CREATE INDEX services_deletion_due_by_org ON services (org_id, deleted_date)
  WHERE status IN ('trialend', 'paused');
CREATE INDEX deletion_requests_due_by_org ON deletion_requests (org_id, due_at)
  WHERE state = 'pending';
