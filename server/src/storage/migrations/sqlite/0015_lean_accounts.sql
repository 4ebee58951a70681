-- Issue #12: an account costs what its rows and their index entries cost to write, a million
-- times over in an import. (Mirrors migrations/postgres/0015_lean_accounts.sql.)

-- The account list answers every filter, ordering and substring from the in-memory account
-- index (storage/index); the plain SQL (ListClientsBySql) stays as the reference of the
-- differential test and may scan. So what served only that SQL goes: the trigram search table
-- and its triggers, and the list's orderings and filters. services_by_status served the list's
-- product filter and leads with the columns of services_blocking, which remains. users_by_type
-- served nothing that users_sellers does not (the sellers list).
DROP TRIGGER IF EXISTS clients_search_ai;
DROP TRIGGER IF EXISTS clients_search_ad;
DROP TRIGGER IF EXISTS clients_search_au;
DROP TABLE IF EXISTS clients_search;
DROP INDEX IF EXISTS clients_by_flags;
DROP INDEX IF EXISTS clients_by_status;
DROP INDEX IF EXISTS clients_by_created;
DROP INDEX IF EXISTS clients_by_company;
DROP INDEX IF EXISTS services_by_status;
DROP INDEX IF EXISTS users_by_type;

-- Keys with few distinct values (a product and status) make every insert land inside the index
-- rather than at its end: in SQLite that costs about as much as the row itself. Hiding a product
-- asks who has it in trial or active (CountServices, which spells these statuses out for the
-- planners): services_blocking now holds those services only. (clients_by_seller stays: deleting
-- a seller unassigns that seller's accounts, which would otherwise scan the organisation's.)
DROP INDEX IF EXISTS services_blocking;
CREATE INDEX services_blocking ON services (org_id, product, status, available)
  WHERE status IN ('trial', 'active');

-- E-mail keys come in no order, so an index on them changes pages all over itself at every
-- batch: one per table is enough. The e-mails of deleted accounts (an import skips them like
-- live ones) get an index of their own, of the deleted accounts alone; the live ones are in
-- clients_live_email. A person's e-mail is unique per organisation and looked up across them at
-- sign-in: one index led by the key does both.
DROP INDEX IF EXISTS clients_by_email;
CREATE INDEX clients_deleted_email ON clients (org_id, email_key) WHERE deleted = 1;
DROP INDEX IF EXISTS users_sign_in;
DROP INDEX IF EXISTS users_live_email;
CREATE UNIQUE INDEX users_live_email ON users (email_key, org_id) WHERE deleted = 0;

-- SQLite keeps the foreign keys of services, which PostgreSQL drops: here a check is a look-up
-- in the same process, and dropping a constraint would mean rebuilding the table.
