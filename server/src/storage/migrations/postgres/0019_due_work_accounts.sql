-- Issue #16: the overview's counts and the account list's trial_end_lte / deleted_date_lte
-- filters need the accounts with due work in a window, up to every trial of the organisation.
-- The due indexes now carry the account, so those reads can be index-only scans. The jobs read
-- through them as before (same leading columns, id kept for their order).
-- (Mirrors migrations/sqlite/0019_due_work_accounts.sql.)
DROP INDEX IF EXISTS services_trial_due_by_org;
DROP INDEX IF EXISTS services_deletion_due_by_org;
CREATE INDEX services_trial_due_by_org ON services (org_id, trial_end, id) INCLUDE (client_id)
  WHERE status = 'trial';
CREATE INDEX services_deletion_due_by_org ON services (org_id, deleted_date, id)
  INCLUDE (client_id) WHERE status IN ('trialend', 'paused');
