-- E-mail: sent e-mails keep no usable link, and the vendor settings' test e-mail runs in the
-- background with its result kept here.

-- Bodies may hold one-time links (invitations, password resets): once an e-mail is sent or given
-- up they are cleared (subject, kind, recipient and state stay for the record). New pending
-- bodies are sealed with the secret key by the server.
UPDATE outbox SET text_body = '', html_body = '' WHERE state IN ('sent', 'failed');

CREATE TABLE mail_tests (
  id          INTEGER PRIMARY KEY,
  org_id      INTEGER NOT NULL REFERENCES organisations(id),
  to_address  TEXT NOT NULL,
  state       TEXT NOT NULL CHECK (state IN ('sending', 'sent', 'failed')),
  failure     TEXT NOT NULL DEFAULT '',  -- a category such as "connect", never the server's words
  reply_code  INTEGER NOT NULL DEFAULT 0,
  created_at  INTEGER NOT NULL,
  finished_at INTEGER
);
CREATE INDEX mail_tests_org ON mail_tests (org_id, created_at);
