#include "app/config.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "crypto/crypto.h"
#include "domain/validation.h"

#include "storage/postgres/postgres_store.h"
#include "storage/sqlite/sqlite_store.h"

namespace clientele::app {
namespace {

// Creates `dir` and any missing parents; `dir` itself owner-only (0700), since it holds the
// database, its WAL and the secret key. An existing directory is left as it is.
std::error_code CreatePrivateDirectory(const std::filesystem::path& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (dir.empty() || fs::exists(dir, ec)) return ec;
  if (dir.has_parent_path()) fs::create_directories(dir.parent_path(), ec);
  if (ec) return ec;
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
    return std::error_code(errno, std::generic_category());
  return {};
}

}  // namespace

std::string DefaultDatabaseUrl() {
  const char* dir = std::getenv("CLIENTELE_DATA_DIR");
  std::filesystem::path base = dir && *dir ? dir : "data";
  return "sqlite:" + (base / "clientele.db").string();
}

Result<std::unique_ptr<storage::Database>> OpenDatabase(const std::string& url, bool bulk_writes) {
  if (url.starts_with("sqlite:")) {
    std::string path = url.substr(7);
    if (path.starts_with("//")) path = path.substr(2);  // also accept sqlite://PATH
    if (path.empty()) return FieldError("database", "sqlite: needs a file path, e.g. sqlite:data/clientele.db");
    if (path != ":memory:") {
      auto parent = std::filesystem::path(path).parent_path();
      std::error_code ec = CreatePrivateDirectory(parent);
      if (ec)
        return MakeError(ErrorCode::kUnavailable,
                         "cannot create the directory " + parent.string() + ": " + ec.message());
    }
    TRY(auto db, storage::sqlite::SqliteDatabase::Open(path, 4, bulk_writes));
    return std::unique_ptr<storage::Database>(std::move(db));
  }
  if (IsPostgresUrl(url)) {
    // libpq reads the URI itself (host, port, user, password, dbname, sslmode, ...), and the
    // PG* environment variables fill in what it leaves out.
    auto db = storage::postgres::PostgresDatabase::Open(url, 8, bulk_writes);
    if (!db) {
      // libpq's message names host and port, never the password.
      return MakeError(ErrorCode::kUnavailable, db.error().message);
    }
    return std::unique_ptr<storage::Database>(std::move(*db));
  }
  return FieldError("database", "Unknown database URL \"" + RedactDatabaseUrl(url) +
                                    "\"; use sqlite:PATH or postgresql://USER@HOST:PORT/DBNAME.");
}

bool IsPostgresUrl(const std::string& url) {
  return url.starts_with("postgres://") || url.starts_with("postgresql://");
}

std::string RedactDatabaseUrl(const std::string& url) {
  if (!IsPostgresUrl(url)) return url;
  std::string out = url;
  // postgresql://user:secret@host/db -> postgresql://user:***@host/db
  auto scheme_end = out.find("://") + 3;
  auto at = out.find('@', scheme_end);
  auto slash = out.find('/', scheme_end);
  if (at != std::string::npos && (slash == std::string::npos || at < slash)) {
    auto colon = out.find(':', scheme_end);
    if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
  }
  // ...?password=secret&sslmode=... -> ...?password=***&sslmode=...
  for (auto p = out.find("password=", scheme_end); p != std::string::npos;
       p = out.find("password=", p + 1)) {
    if (p > 0 && out[p - 1] != '?' && out[p - 1] != '&') continue;
    auto value = p + 9;
    auto end = out.find('&', value);
    out.replace(value, (end == std::string::npos ? out.size() : end) - value, "***");
  }
  return out;
}

std::string DefaultSecretKeyFile(const std::string& url) {
  if (url.starts_with("sqlite:")) {
    std::string path = url.substr(7);
    if (path.starts_with("//")) path = path.substr(2);
    if (!path.empty() && path != ":memory:") {
      auto parent = std::filesystem::path(path).parent_path();
      return (parent.empty() ? std::filesystem::path("secret.key") : parent / "secret.key").string();
    }
  }
  const char* dir = std::getenv("CLIENTELE_DATA_DIR");
  return (std::filesystem::path(dir && *dir ? dir : "data") / "secret.key").string();
}

Status CheckSecretKey(storage::Database& db, const std::string& key) {
  static constexpr const char* kSetting = "secret_key_check";
  const std::string fingerprint = crypto::HmacSha256(key, "clientele secret key check v1");
  return db.Write([&](storage::Tx& tx) -> Status {
    TRY(auto stored, tx.GetSetting(kSetting));
    if (!stored) return tx.PutSetting(kSetting, fingerprint);
    if (crypto::ConstantTimeEquals(*stored, fingerprint)) return Ok();
    return MakeError(ErrorCode::kFailedPrecondition,
                     "the secret key file is not the key this database was first used with: every "
                     "instance on one database needs the same key file (CLIENTELE_SECRET_KEY_FILE, "
                     "--secret-key-file); see docs/deployment.md");
  });
}

Result<std::string> LoadSecretKey(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    if ((ec = CreatePrivateDirectory(fs::path(path).parent_path())))
      return MakeError(ErrorCode::kUnavailable,
                       "cannot create the directory of the secret key file " + path + ": " +
                           ec.message());
    std::string key = crypto::RandomBytes(crypto::kSecretKeyBytes);
    // Created owner-only from the start: no moment at which another user could read it.
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0 && errno != EEXIST)  // EEXIST: another instance made it just now; read that
      return MakeError(ErrorCode::kUnavailable, "cannot create the secret key file " + path +
                                                    ": " + std::strerror(errno));
    if (fd >= 0) {
      std::string text = crypto::Base64UrlEncode(key) + "\n";
      bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
      written = ::fsync(fd) == 0 && written;
      ::close(fd);
      if (!written)
        return MakeError(ErrorCode::kUnavailable, "cannot write the secret key file " + path);
      return key;
    }
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  std::string key;
  if (!in || !crypto::Base64UrlDecode(validation::Trim(text.str()), key) ||
      key.size() != crypto::kSecretKeyBytes)
    return MakeError(ErrorCode::kUnavailable,
                     "the secret key file " + path + " must hold 32 bytes as base64url text");
  return key;
}

}  // namespace clientele::app
