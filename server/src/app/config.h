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

}  // namespace clientele::app
