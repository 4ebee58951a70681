#include "app/config.h"

#include <cstdlib>
#include <filesystem>

#include "storage/sqlite/sqlite_store.h"

namespace clientele::app {

std::string DefaultDatabaseUrl() {
  const char* dir = std::getenv("CLIENTELE_DATA_DIR");
  std::filesystem::path base = dir && *dir ? dir : "data";
  return "sqlite:" + (base / "clientele.db").string();
}

Result<std::unique_ptr<storage::Database>> OpenDatabase(const std::string& url) {
  if (url.starts_with("sqlite:")) {
    std::string path = url.substr(7);
    if (path.starts_with("//")) path = path.substr(2);  // also accept sqlite://PATH
    if (path.empty()) return FieldError("database", "sqlite: needs a file path, e.g. sqlite:data/clientele.db");
    if (path != ":memory:") {
      std::error_code ec;
      auto parent = std::filesystem::path(path).parent_path();
      if (!parent.empty()) std::filesystem::create_directories(parent, ec);
      if (ec)
        return MakeError(ErrorCode::kUnavailable,
                         "cannot create the directory " + parent.string() + ": " + ec.message());
    }
    TRY(auto db, storage::sqlite::SqliteDatabase::Open(path));
    return std::unique_ptr<storage::Database>(std::move(db));
  }
  if (url.starts_with("postgres://") || url.starts_with("postgresql://"))
    return FieldError("database", "PostgreSQL is not supported by this version yet; use sqlite:PATH.");
  return FieldError("database", "Unknown database URL \"" + url + "\"; use sqlite:PATH.");
}

}  // namespace clientele::app
