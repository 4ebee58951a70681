-- Issue #16: the overview's counts and the account list's trial_end_lte / deleted_date_lte
-- filters need the accounts with due work in a window, up to every trial of the organisation.
-- The due indexes now carry the account, so those reads touch index entries only, not rows.
-- The jobs read through them as before (same leading columns, in their order).
DROP INDEX IF EXISTS services_trial_due_by_org;
DROP INDEX IF EXISTS services_deletion_due_by_org;
CREATE INDEX services_trial_due_by_org ON services (org_id, trial_end, id, client_id)
  WHERE status = 'trial';
CREATE INDEX services_deletion_due_by_org ON services (org_id, deleted_date, id, client_id)
  WHERE status IN ('trialend', 'paused');
