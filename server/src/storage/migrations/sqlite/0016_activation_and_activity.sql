-- Issue #17: activation requests kept until the product is activated, so both portals show them
-- as pending.

CREATE TABLE activation_requests (
  id               INTEGER PRIMARY KEY,
  org_id           INTEGER NOT NULL,
  client_id        INTEGER NOT NULL REFERENCES clients(id),
  service_id       INTEGER NOT NULL REFERENCES services(id),
  requested_by     INTEGER,           -- the customer user (or acting staff) who asked
  requested_email  TEXT NOT NULL DEFAULT '',
  message          TEXT NOT NULL DEFAULT '',
  requested_at     INTEGER NOT NULL,
  closed_at        INTEGER            -- when the product was activated (or the account deleted)
);
-- At most one open request per product of an account.
CREATE UNIQUE INDEX activation_requests_open ON activation_requests (service_id) WHERE closed_at IS NULL;
CREATE INDEX activation_requests_by_client ON activation_requests (org_id, client_id) WHERE closed_at IS NULL;

