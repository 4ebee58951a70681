-- Issue #12: an account costs what its rows and their index entries cost to write, a million
-- times over in an import. (Mirrors migrations/sqlite/0015_lean_accounts.sql.)

-- The account list answers every filter, ordering and substring from the in-memory account
-- index (storage/index); the plain SQL (ListClientsBySql) stays as the reference of the
-- differential test and may scan. So what served only that SQL goes: the trigram indexes (the
-- pg_trgm extension stays; the first migration creates it), and the list's orderings and
-- filters. services_by_status served the list's product filter and leads with the columns of
-- services_blocking, which remains. users_by_type served nothing that users_sellers does not
-- (the sellers list).
DROP INDEX IF EXISTS clients_search_email;
DROP INDEX IF EXISTS clients_search_name;
DROP INDEX IF EXISTS clients_search_company;
DROP INDEX IF EXISTS clients_search_custom_id;
DROP INDEX IF EXISTS clients_by_flags;
DROP INDEX IF EXISTS clients_by_status;
DROP INDEX IF EXISTS clients_by_created;
DROP INDEX IF EXISTS clients_by_company;
DROP INDEX IF EXISTS services_by_status;
DROP INDEX IF EXISTS users_by_type;

-- Hiding a product asks who has it in trial or active (CountServices, which spells these
-- statuses out for the planners): services_blocking now holds those services only.
-- (clients_by_seller stays: deleting a seller unassigns that seller's accounts, which would
-- otherwise scan the organisation's.)
DROP INDEX IF EXISTS services_blocking;
CREATE INDEX services_blocking ON services (org_id, product, status, available)
  WHERE status IN ('trial', 'active');

-- E-mail keys come in no order, so an index on them changes pages all over itself at every
-- batch: one per table is enough. The e-mails of deleted accounts (an import skips them like
-- live ones) get an index of their own, of the deleted accounts alone; the live ones are in
-- clients_live_email. A person's e-mail is unique per organisation and looked up across them at
-- sign-in: one index led by the key does both.
DROP INDEX IF EXISTS clients_by_email;
CREATE INDEX clients_deleted_email ON clients (org_id, email_key) WHERE deleted;
DROP INDEX IF EXISTS users_sign_in;
DROP INDEX IF EXISTS users_live_email;
CREATE UNIQUE INDEX users_live_email ON users (email_key, org_id) WHERE NOT deleted;

-- Each foreign-key check is a query of its own, run for every row, and an account has six
-- services: with them, 600,000 service rows took 16 s instead of 4 s (about 10 µs a check), a
-- minute or two per million accounts. Both references of services are made by the code alone:
-- services are made only for the catalogue's products (InsertAccount and the import take the
-- names from ListProducts), in the unit of work that inserts their account or for an account
-- it has just read; accounts are never deleted, only marked, and neither column is ever
-- updated. The product keeps a check of its own, a CHECK against the catalogue of the first
-- migration (never written by the service), which costs nothing per row; its violation maps to
-- kFailedPrecondition like the foreign key's (postgres/connection.cc). A migration that adds a
-- product must widen it. SQLite keeps both foreign keys (checked on its ordinary connections:
-- a check there is a look-up in the same process), so the conformance and API tests on SQLite
-- still check every reference.
ALTER TABLE services DROP CONSTRAINT IF EXISTS services_product_fkey;
ALTER TABLE services DROP CONSTRAINT IF EXISTS services_client_id_fkey;
ALTER TABLE services ADD CONSTRAINT services_product_known
  CHECK (product IN ('CDN', 'STORAGE', 'STREAMING', 'DNS', 'DDOS', 'CLOUD'));
