-- Issue #17: activation requests kept until the product is activated, so both portals show them
-- as pending; and the activity log says which account each request concerns and what it did.

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

-- The account a request concerns (the one changed, or its own user's) and the readable event
-- (http/activity_event.h). Entries recorded before get the account from their path, or from
-- the customer user who sent them (an id longer than 18 digits never named an account); their
-- event stays empty.
ALTER TABLE activity_requests ADD COLUMN subject_client_id INTEGER;
ALTER TABLE activity_requests ADD COLUMN event TEXT NOT NULL DEFAULT '';
UPDATE activity_requests SET subject_client_id = CAST(substr(path, 14) AS INTEGER)
  WHERE path GLOB '/iam/clients/[0-9]*' AND CAST(substr(path, 14) AS INTEGER) <= 999999999999999999;
UPDATE activity_requests SET subject_client_id = CAST(substr(path, 17) AS INTEGER)
  WHERE path GLOB '/iam/v2/clients/[0-9]*' AND CAST(substr(path, 17) AS INTEGER) <= 999999999999999999;
UPDATE activity_requests SET subject_client_id = CAST(substr(path, 36) AS INTEGER)
  WHERE path GLOB '/iam/products/availability/clients/[0-9]*' AND CAST(substr(path, 36) AS INTEGER) <= 999999999999999999;
UPDATE activity_requests SET subject_client_id = CAST(substr(path, 23) AS INTEGER)
  WHERE path GLOB '/iam/auth/jwt/clients/[0-9]*' AND CAST(substr(path, 23) AS INTEGER) <= 999999999999999999;
UPDATE activity_requests SET subject_client_id = client_id
  WHERE subject_client_id IS NULL AND client_id IS NOT NULL
    AND EXISTS (SELECT 1 FROM users u WHERE u.id = activity_requests.user_id AND u.user_type = 'common');
CREATE INDEX activity_by_subject ON activity_requests (org_id, subject_client_id, id);
