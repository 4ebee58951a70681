#pragma once

#include <gtest/gtest.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "crypto/crypto.h"
#include "storage/sqlite/sqlite_store.h"

// A migrated SQLite database in a file of its own, for tests that must see what units of work
// left committed: Dump() reads every row through a connection of its own, so nothing still
// inside a transaction can show.
namespace clientele::testing {

class DatabaseFile {
 public:
  DatabaseFile() : DatabaseFile(nullptr) {}
  ~DatabaseFile() {
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  DatabaseFile(const DatabaseFile&) = delete;
  DatabaseFile& operator=(const DatabaseFile&) = delete;

  // A database holding what this one has committed: a scene built once, started from often.
  std::unique_ptr<DatabaseFile> Copy() const {
    return std::unique_ptr<DatabaseFile>(new DatabaseFile(this));
  }

  storage::Database& db() { return *db_; }

  // Every row of every table, as text, in a stable order.
  std::string Dump() const {
    std::vector<std::string> tables;
    Query(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name",
        [&](sqlite3_stmt* s) {
          tables.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)));
        });
    std::string out;
    for (const auto& table : tables) {
      out += "== " + table + "\n";
      std::vector<std::string> rows;
      Query("SELECT * FROM \"" + table + "\"", [&](sqlite3_stmt* s) {
        std::string row;
        for (int c = 0; c < sqlite3_column_count(s); ++c) {
          const unsigned char* text = sqlite3_column_text(s, c);
          row += text ? reinterpret_cast<const char*>(text) : "NULL";
          row += '|';
        }
        rows.push_back(std::move(row));
      });
      std::sort(rows.begin(), rows.end());
      for (const auto& row : rows) out += row + "\n";
    }
    return out;
  }

  // The first column of the first row `sql` answers, as a number (0 when no row).
  int64_t Number(const std::string& sql) const {
    int64_t n = 0;
    Query(sql, [&](sqlite3_stmt* s) { n = sqlite3_column_int64(s, 0); });
    return n;
  }

 private:
  explicit DatabaseFile(const DatabaseFile* from) {
    EXPECT_TRUE(crypto::Init());
    static std::atomic<int> serial = 0;
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::temp_directory_path() /
           ("clientele-" + std::to_string(::getpid()) + "-" + test->test_suite_name() + "-" +
            test->name() + "-" + std::to_string(serial++));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "clientele.db").string();
    // Readable by its owner only, like a real one (the store warns otherwise); SQLite gives its
    // -wal and -shm files the same mode.
    int fd = ::open(path_.c_str(), O_CREAT | O_WRONLY, 0600);
    EXPECT_GE(fd, 0);
    ::close(fd);
    // VACUUM INTO writes a consistent copy of what is committed, WAL or not.
    if (from) from->Query("VACUUM INTO '" + path_ + "'", [](sqlite3_stmt*) {}, false);
    auto opened = storage::sqlite::SqliteDatabase::Open(path_);
    if (!opened.ok() || !(*opened)->Migrate().ok()) {
      ADD_FAILURE() << "cannot open " << path_;
      std::abort();
    }
    db_ = std::move(*opened);
  }

  void Query(const std::string& sql, const std::function<void(sqlite3_stmt*)>& row,
             bool read_only = true) const {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open_v2(path_.c_str(), &db,
                              read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE, nullptr),
              SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK) << sql;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) row(stmt);
    EXPECT_EQ(rc, SQLITE_DONE) << sql << ": " << sqlite3_errmsg(db);
    sqlite3_finalize(stmt);
    sqlite3_close(db);
  }

  std::filesystem::path dir_;
  std::string path_;
  std::unique_ptr<storage::Database> db_;
};

// The rows of dump `after` that are not in `before` (+) and the reverse (-), at most 20; empty
// when the dumps are the same.
inline std::string RowsChanged(const std::string& before, const std::string& after) {
  auto lines = [](const std::string& dump) {
    std::vector<std::string> out;
    std::string table;
    size_t start = 0;
    while (start < dump.size()) {
      size_t end = dump.find('\n', start);
      std::string line = dump.substr(start, end - start);
      if (line.rfind("== ", 0) == 0) table = line.substr(3);
      else out.push_back(table + ": " + line.substr(0, 160));
      start = end == std::string::npos ? dump.size() : end + 1;
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  auto a = lines(before), b = lines(after);
  std::vector<std::string> gone, added;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(gone));
  std::set_difference(b.begin(), b.end(), a.begin(), a.end(), std::back_inserter(added));
  std::string out;
  int shown = 0;
  for (const auto& l : added) if (shown++ < 20) out += "+ " + l + "\n";
  for (const auto& l : gone) if (shown++ < 20) out += "- " + l + "\n";
  return out;
}

}  // namespace clientele::testing
