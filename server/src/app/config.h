#pragma once

#include <memory>
#include <string>

#include "core/result.h"
#include "storage/store.h"

namespace clientele::app {

// Where the data lives when nothing is configured: $CLIENTELE_DATA_DIR or ./data.
std::string DefaultDatabaseUrl();

// "sqlite:PATH" (PATH may be ":memory:"). PostgreSQL URLs are refused with a clear message
// until that backend exists. Applies nothing: call Migrate() on the result.
Result<std::unique_ptr<storage::Database>> OpenDatabase(const std::string& url);

// Where the key for stored secrets lives when not configured: next to an SQLite database,
// else $CLIENTELE_DATA_DIR (or ./data).
std::string DefaultSecretKeyFile(const std::string& database_url);

// The 32-byte key that seals stored secrets (SMTP passwords). Read from `path` (base64url
// text); created with a fresh random key (mode 0600) when the file does not exist yet.
Result<std::string> LoadSecretKey(const std::string& path);

}  // namespace clientele::app
