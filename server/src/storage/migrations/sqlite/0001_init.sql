-- Clientele schema, version 1. Times are integer microseconds since the Unix epoch (UTC).
-- Every organisation-owned table carries org_id, and every index used by a request starts with it.

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value BLOB NOT NULL
);

CREATE TABLE organisations (
  id                 INTEGER PRIMARY KEY,
  name               TEXT NOT NULL,
  reseller_client_id INTEGER,
  trial_days         INTEGER NOT NULL DEFAULT 14 CHECK (trial_days > 0),
  days_to_deleted    INTEGER NOT NULL DEFAULT 30 CHECK (days_to_deleted > 0),
  created_at         INTEGER NOT NULL
);

CREATE TABLE products (
  name     TEXT PRIMARY KEY,
  title    TEXT NOT NULL,
  position INTEGER NOT NULL
);
INSERT INTO products (name, title, position) VALUES
  ('CDN', 'CDN', 1), ('STORAGE', 'Storage', 2), ('STREAMING', 'Streaming', 3),
  ('DNS', 'DNS', 4), ('DDOS', 'DDoS Protection', 5), ('CLOUD', 'Cloud', 6);

CREATE TABLE clients (
  id                  INTEGER PRIMARY KEY,
  org_id              INTEGER NOT NULL REFERENCES organisations(id),
  email               TEXT NOT NULL,
  email_key           TEXT NOT NULL,
  name                TEXT,
  company_name        TEXT NOT NULL,
  phone               TEXT,
  website             TEXT,
  custom_id           TEXT,
  seller_id           INTEGER,
  lang                TEXT NOT NULL DEFAULT 'en',
  country_code        TEXT,
  is_test             INTEGER NOT NULL DEFAULT 0,
  is_reseller_account INTEGER NOT NULL DEFAULT 0,
  status              TEXT NOT NULL DEFAULT 'preparation',
  deleted             INTEGER NOT NULL DEFAULT 0,
  deleted_at          INTEGER,
  owner_user_id       INTEGER,
  created_at          INTEGER NOT NULL,
  updated_at          INTEGER NOT NULL
);
CREATE UNIQUE INDEX clients_live_email ON clients (org_id, email_key) WHERE deleted = 0;
-- The default list (live, non-test, by id) and its status/seller/created variants.
CREATE INDEX clients_by_flags ON clients (org_id, deleted, is_test, id);
CREATE INDEX clients_by_status ON clients (org_id, status, id);
CREATE INDEX clients_by_seller ON clients (org_id, seller_id, id);
CREATE INDEX clients_by_created ON clients (org_id, created_at);
CREATE INDEX clients_by_company ON clients (org_id, company_name COLLATE NOCASE);
CREATE INDEX clients_by_email ON clients (org_id, email_key);

-- Substring filters use a trigram index instead of scanning rows.
CREATE VIRTUAL TABLE clients_search USING fts5 (
  email, name, company_name, custom_id,
  content = 'clients', content_rowid = 'id', tokenize = 'trigram'
);
CREATE TRIGGER clients_search_ai AFTER INSERT ON clients BEGIN
  INSERT INTO clients_search (rowid, email, name, company_name, custom_id)
  VALUES (new.id, new.email, new.name, new.company_name, new.custom_id);
END;
CREATE TRIGGER clients_search_ad AFTER DELETE ON clients BEGIN
  INSERT INTO clients_search (clients_search, rowid, email, name, company_name, custom_id)
  VALUES ('delete', old.id, old.email, old.name, old.company_name, old.custom_id);
END;
CREATE TRIGGER clients_search_au AFTER UPDATE OF email, name, company_name, custom_id ON clients BEGIN
  INSERT INTO clients_search (clients_search, rowid, email, name, company_name, custom_id)
  VALUES ('delete', old.id, old.email, old.name, old.company_name, old.custom_id);
  INSERT INTO clients_search (rowid, email, name, company_name, custom_id)
  VALUES (new.id, new.email, new.name, new.company_name, new.custom_id);
END;

-- One row per account and catalog product: visibility, activation, lifecycle.
CREATE TABLE services (
  id                INTEGER PRIMARY KEY,
  org_id            INTEGER NOT NULL,
  client_id         INTEGER NOT NULL REFERENCES clients(id),
  product           TEXT NOT NULL REFERENCES products(name),
  status            TEXT NOT NULL DEFAULT 'new',
  previous_status   TEXT,
  status_changed_at INTEGER,
  trial_start       INTEGER,
  trial_end         INTEGER,
  deleted_date      INTEGER,
  enabled           INTEGER NOT NULL DEFAULT 0,
  available         INTEGER,  -- personal visibility; NULL = inherit the organisation default
  UNIQUE (client_id, product)
);
CREATE INDEX services_by_status ON services (org_id, product, status, client_id);
CREATE INDEX services_personal ON services (org_id, product, client_id) WHERE available IS NOT NULL;

CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  org_id        INTEGER NOT NULL REFERENCES organisations(id),
  client_id     INTEGER REFERENCES clients(id),
  email         TEXT NOT NULL,
  email_key     TEXT NOT NULL,
  name          TEXT,
  phone         TEXT,
  lang          TEXT NOT NULL DEFAULT 'en',
  user_type     TEXT NOT NULL CHECK (user_type IN ('reseller', 'seller', 'common')),
  group_id      INTEGER,
  password_hash TEXT NOT NULL DEFAULT '',
  activated     INTEGER NOT NULL DEFAULT 0,
  blocked       INTEGER NOT NULL DEFAULT 0,
  deleted       INTEGER NOT NULL DEFAULT 0,
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until  INTEGER,
  created_at    INTEGER NOT NULL
);
CREATE UNIQUE INDEX users_live_email ON users (org_id, email_key) WHERE deleted = 0;
CREATE INDEX users_sign_in ON users (email_key) WHERE deleted = 0;
CREATE INDEX users_by_client ON users (client_id);
CREATE INDEX users_by_type ON users (org_id, user_type);

CREATE TABLE refresh_sessions (
  id             INTEGER PRIMARY KEY,
  org_id         INTEGER NOT NULL,
  user_id        INTEGER NOT NULL REFERENCES users(id),
  acting_user_id INTEGER,
  token_hash     BLOB NOT NULL UNIQUE,
  expires_at     INTEGER NOT NULL,
  used_at        INTEGER
);
CREATE INDEX refresh_sessions_expiry ON refresh_sessions (expires_at);

CREATE TABLE api_tokens (
  id           INTEGER PRIMARY KEY,
  org_id       INTEGER NOT NULL,
  client_id    INTEGER NOT NULL REFERENCES clients(id),
  user_id      INTEGER NOT NULL REFERENCES users(id),
  name         TEXT NOT NULL,
  description  TEXT,
  role         INTEGER NOT NULL,
  secret_hash  BLOB NOT NULL,
  expires_at   INTEGER,
  created_at   INTEGER NOT NULL,
  last_used_at INTEGER,
  deleted      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX api_tokens_by_client ON api_tokens (org_id, client_id, id);

CREATE TABLE account_status_changes (
  id         INTEGER PRIMARY KEY,
  org_id     INTEGER NOT NULL,
  client_id  INTEGER NOT NULL REFERENCES clients(id),
  old_status TEXT,
  new_status TEXT NOT NULL,
  changed_at INTEGER NOT NULL
);
CREATE INDEX status_changes_by_org ON account_status_changes (org_id, id);
CREATE INDEX status_changes_by_client ON account_status_changes (org_id, client_id, id);

CREATE TABLE activity_requests (
  id                INTEGER PRIMARY KEY,
  org_id            INTEGER NOT NULL,
  user_id           INTEGER,
  user_email        TEXT NOT NULL DEFAULT '',
  client_id         INTEGER,
  token_id          INTEGER,
  acting_user_id    INTEGER,
  acting_user_email TEXT NOT NULL DEFAULT '',
  requested_at      INTEGER NOT NULL,
  method            TEXT NOT NULL,
  path              TEXT NOT NULL,
  query             TEXT NOT NULL DEFAULT '',
  body              TEXT NOT NULL DEFAULT '',
  status_code       INTEGER NOT NULL,
  remote_ip         TEXT NOT NULL DEFAULT '',
  host              TEXT NOT NULL DEFAULT ''
);
CREATE INDEX activity_by_org ON activity_requests (org_id, id);
CREATE INDEX activity_by_user ON activity_requests (org_id, user_id, id);
CREATE INDEX activity_by_client ON activity_requests (org_id, client_id, id);
CREATE INDEX activity_by_method ON activity_requests (org_id, method, id);
CREATE INDEX activity_by_time ON activity_requests (org_id, requested_at);
