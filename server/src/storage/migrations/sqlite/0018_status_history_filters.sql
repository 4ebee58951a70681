-- Issue 16: the status history pages filter the account status changes by the status an
-- account changed to or from, and by time; newest first, as the list answers.
CREATE INDEX status_changes_by_new_status ON account_status_changes (org_id, new_status, id);
CREATE INDEX status_changes_by_old_status ON account_status_changes (org_id, old_status, id);
CREATE INDEX status_changes_by_time ON account_status_changes (org_id, changed_at);
