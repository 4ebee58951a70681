-- Products: organisation default visibility, lifecycle bookkeeping; e-mail: outbox, branding
-- and per-organisation SMTP settings.

ALTER TABLE products ADD COLUMN default_available INTEGER NOT NULL DEFAULT 1;

CREATE TABLE product_defaults (
  org_id    INTEGER NOT NULL REFERENCES organisations(id),
  product   TEXT NOT NULL REFERENCES products(name),
  available INTEGER NOT NULL,
  PRIMARY KEY (org_id, product)
);

-- The trial end for which "ends soon" went out, so a new trial gets its own notice.
ALTER TABLE services ADD COLUMN ends_soon_sent_for INTEGER;
-- The time-driven transitions look rows up by due time, across organisations.
CREATE INDEX services_trial_due ON services (trial_end) WHERE status = 'trial';
CREATE INDEX services_deletion_due ON services (deleted_date) WHERE status IN ('trialend', 'paused');
-- For "hide a product": who has it in trial or active, inheriting or personal.
CREATE INDEX services_blocking ON services (org_id, product, status, available);

-- Set by the platform operator only; NULL = the organisation's days to Deleted.
ALTER TABLE clients ADD COLUMN days_to_deleted INTEGER CHECK (days_to_deleted > 0);

CREATE TABLE branding (
  org_id              INTEGER PRIMARY KEY REFERENCES organisations(id),
  brand_name          TEXT NOT NULL DEFAULT '',
  from_email          TEXT NOT NULL DEFAULT '',
  support_email       TEXT NOT NULL DEFAULT '',
  support_phone       TEXT NOT NULL DEFAULT '',
  website_link        TEXT NOT NULL DEFAULT '',
  agreement_link      TEXT NOT NULL DEFAULT '',
  api_docs_link       TEXT NOT NULL DEFAULT '',
  knowledge_base_link TEXT NOT NULL DEFAULT '',
  status_page_link    TEXT NOT NULL DEFAULT '',
  header_color        TEXT NOT NULL DEFAULT '',
  primary_color       TEXT NOT NULL DEFAULT '',
  logo                TEXT NOT NULL DEFAULT '',
  smtp_host           TEXT NOT NULL DEFAULT '',
  smtp_port           INTEGER NOT NULL DEFAULT 0,
  smtp_tls            TEXT NOT NULL DEFAULT 'starttls' CHECK (smtp_tls IN ('none', 'starttls', 'tls')),
  smtp_login          TEXT NOT NULL DEFAULT '',
  smtp_password       BLOB,  -- sealed with the configured secret key; never returned
  updated_at          INTEGER NOT NULL
);

-- Every automatic e-mail is written here first, then sent by a job (SPEC §9).
CREATE TABLE outbox (
  id              INTEGER PRIMARY KEY,
  org_id          INTEGER NOT NULL,
  kind            TEXT NOT NULL,
  dedupe_key      TEXT NOT NULL UNIQUE,  -- one e-mail per event, however often a job runs
  to_address      TEXT NOT NULL,
  to_name         TEXT NOT NULL DEFAULT '',
  subject         TEXT NOT NULL,
  text_body       TEXT NOT NULL,
  html_body       TEXT NOT NULL DEFAULT '',
  state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error      TEXT NOT NULL DEFAULT '',
  created_at      INTEGER NOT NULL,
  sent_at         INTEGER
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE state = 'pending';
CREATE INDEX outbox_by_org ON outbox (org_id, id);
