#pragma once

#include <memory>
#include <string>

#include "core/result.h"
#include "domain/storage/unit_of_work.h"

namespace clientele::app {

// Where the data lives when nothing is configured: $CLIENTELE_DATA_DIR or ./data.
std::string DefaultDatabaseUrl();

// "sqlite:PATH" (PATH may be ":memory:"), or a PostgreSQL connection URI
// ("postgresql://USER:PASSWORD@HOST:PORT/DBNAME?sslmode=...", also "postgres://"), as libpq
// reads it. kUnavailable if the database can't be opened or reached. Applies nothing: call
// Migrate() on the result. A missing SQLite directory is created owner-only (0700).
// `bulk_writes`: for big transactions (imports, `jobs run`), where the backend has a tuning for
// them.
Result<std::unique_ptr<storage::Database>> OpenDatabase(const std::string& url,
                                                        bool bulk_writes = false);

bool IsPostgresUrl(const std::string& url);

// The URL with any password replaced by "***", for logs and messages.
std::string RedactDatabaseUrl(const std::string& url);

// Where the key for stored secrets lives when not configured: next to an SQLite database,
// else (PostgreSQL) $CLIENTELE_DATA_DIR/secret.key (or ./data/secret.key). Several instances
// on one PostgreSQL database must all use the same key file content.
std::string DefaultSecretKeyFile(const std::string& database_url);

// Several instances share one database, so they must share one secret key: the first use of
// a database records a fingerprint of the key (in its settings); a different key later is
// refused with kFailedPrecondition instead of sealing secrets the other instances can't open.
Status CheckSecretKey(storage::Database& db, const std::string& key);

// The 32-byte key that seals stored secrets (SMTP passwords, the token signing key). Read from
// `path` (base64url text); created with a fresh random key (mode 0600, its directory 0700 if
// that is new too) when the file does not exist yet.
Result<std::string> LoadSecretKey(const std::string& path);

}  // namespace clientele::app
