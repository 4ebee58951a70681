-- The account change log (issue #12). Each write unit that changes an organisation's accounts
-- or their products bumps the organisation's accounts_version once and lists the accounts it
-- touched under that version (client_id 0: too many to list, load them all again). Every
-- instance keeps its in-memory account index current by reading the versions it has not seen;
-- writers of one organisation are serialised, so versions commit in order. Old rows are pruned;
-- accounts_log_floor is the oldest version still listed.
ALTER TABLE organisations ADD COLUMN accounts_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE organisations ADD COLUMN accounts_log_floor INTEGER NOT NULL DEFAULT 0;
CREATE TABLE account_changes (
  org_id INTEGER NOT NULL,
  version INTEGER NOT NULL,
  client_id INTEGER NOT NULL,
  PRIMARY KEY (org_id, version, client_id)
) WITHOUT ROWID;
