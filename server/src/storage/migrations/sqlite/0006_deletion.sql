-- Account deletion: customer requests with a grace period, and the organisation's alert e-mails.

CREATE TABLE deletion_requests (
  id               INTEGER PRIMARY KEY,
  org_id           INTEGER NOT NULL,
  client_id        INTEGER NOT NULL REFERENCES clients(id),
  state            TEXT NOT NULL CHECK (state IN ('pending', 'cancelled', 'completed')),
  requested_by     INTEGER,           -- the customer user (or acting staff) who asked
  requested_email  TEXT NOT NULL DEFAULT '',
  requested_at     INTEGER NOT NULL,
  due_at           INTEGER NOT NULL,  -- end of the grace period
  stopped_services TEXT NOT NULL DEFAULT '',  -- ids of the services it deactivated, comma-separated
  closed_by_email  TEXT NOT NULL DEFAULT '',
  closed_at        INTEGER,
  note             TEXT NOT NULL DEFAULT ''
);
-- At most one open request per account.
CREATE UNIQUE INDEX deletion_requests_open ON deletion_requests (client_id) WHERE state = 'pending';
CREATE INDEX deletion_requests_by_client ON deletion_requests (org_id, client_id, id);
CREATE INDEX deletion_requests_due ON deletion_requests (due_at) WHERE state = 'pending';

CREATE TABLE notification_settings (
  id                INTEGER PRIMARY KEY,
  org_id            INTEGER NOT NULL REFERENCES organisations(id),
  notification_type TEXT NOT NULL CHECK (notification_type IN ('deletion_request', 'failed_login')),
  email             TEXT NOT NULL,
  enabled           INTEGER NOT NULL DEFAULT 1,
  UNIQUE (org_id, notification_type, email)
);
CREATE INDEX notification_settings_by_org ON notification_settings (org_id, notification_type, id);
