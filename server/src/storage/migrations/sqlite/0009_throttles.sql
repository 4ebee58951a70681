-- Limits shared by every instance: sign-in back-off per (e-mail, address) pair and per e-mail,
-- and how many e-mails of a kind went out in a window (see domain/throttles.h). Keys are
-- hashes or ids, never e-mail addresses or client addresses in plain. Not organisation data.
CREATE TABLE throttles (
  key           TEXT PRIMARY KEY,
  count         INTEGER NOT NULL,
  window_start  INTEGER NOT NULL,
  blocked_until INTEGER,
  updated_at    INTEGER NOT NULL
);
CREATE INDEX throttles_by_age ON throttles (updated_at);
