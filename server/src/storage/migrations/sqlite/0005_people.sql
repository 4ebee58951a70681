-- People: invitations and password resets (one-time links), seller bookkeeping.

ALTER TABLE users ADD COLUMN invited_at INTEGER;
ALTER TABLE users ADD COLUMN last_login_at INTEGER;
CREATE INDEX users_sellers ON users (org_id, id) WHERE user_type = 'seller';

-- Single-purpose links sent by e-mail: only their hash is stored.
CREATE TABLE one_time_tokens (
  id         INTEGER PRIMARY KEY,
  org_id     INTEGER NOT NULL,
  user_id    INTEGER NOT NULL REFERENCES users(id),
  purpose    TEXT NOT NULL CHECK (purpose IN ('invitation', 'password_reset')),
  token_hash BLOB NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at    INTEGER
);
CREATE INDEX one_time_tokens_by_user ON one_time_tokens (user_id, purpose);
