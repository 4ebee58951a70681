-- Access tokens issued before this time are refused (password changed, person blocked).
ALTER TABLE users ADD COLUMN sessions_valid_after BIGINT;
