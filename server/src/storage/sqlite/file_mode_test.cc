#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "storage/sqlite/sqlite_store.h"

namespace clientele::storage::sqlite {
namespace {

unsigned ModeOf(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return st.st_mode & 0777;
}

TEST(SqliteFileModeTest, ANewDatabaseAndItsWalAreOwnerOnly) {
  std::string dir_template =
      (std::filesystem::temp_directory_path() / "clientele-mode-XXXXXX").string();
  ASSERT_NE(::mkdtemp(dir_template.data()), nullptr);
  const std::string path = dir_template + "/clientele.db";
  mode_t old_mask = ::umask(022);  // the usual default, under which SQLite alone makes 0644
  {
    auto db = SqliteDatabase::Open(path);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)->Migrate().ok());
    EXPECT_EQ(ModeOf(path), 0600u);
    EXPECT_EQ(ModeOf(path + "-wal"), 0600u);
    EXPECT_EQ(ModeOf(path + "-shm"), 0600u);
  }
  ::umask(old_mask);
  std::filesystem::remove_all(dir_template);
}

}  // namespace
}  // namespace clientele::storage::sqlite
