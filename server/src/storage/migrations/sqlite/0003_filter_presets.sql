-- Saved filter sets of the Admin Portal's account list, per person.
CREATE TABLE filter_presets (
  id           INTEGER PRIMARY KEY,
  org_id       INTEGER NOT NULL,
  user_id      INTEGER NOT NULL REFERENCES users(id),
  name         TEXT NOT NULL,
  filters_json TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  UNIQUE (user_id, name)
);
CREATE INDEX filter_presets_by_user ON filter_presets (org_id, user_id, id);
