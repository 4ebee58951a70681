-- Browser sessions of the two portals: an opaque cookie (stored hashed) plus a CSRF token.
CREATE TABLE web_sessions (
  id             INTEGER PRIMARY KEY,
  org_id         INTEGER NOT NULL,
  user_id        INTEGER NOT NULL REFERENCES users(id),
  acting_user_id INTEGER,
  portal         TEXT NOT NULL CHECK (portal IN ('admin', 'customer')),
  token_hash     BLOB NOT NULL UNIQUE,
  csrf_hash      BLOB NOT NULL,
  created_at     INTEGER NOT NULL,
  expires_at     INTEGER NOT NULL,
  last_seen_at   INTEGER NOT NULL
);
CREATE INDEX web_sessions_expiry ON web_sessions (expires_at);
CREATE INDEX web_sessions_by_user ON web_sessions (user_id);
