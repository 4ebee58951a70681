#include "storage/sqlite/rowset_table.h"

#include <string>

namespace clientele::storage::sqlite {
namespace {

// The pointer type name that sqlite3_bind_pointer and sqlite3_value_pointer must agree on.
constexpr const char* kPointerType = "clientele_rowset_data";

struct Cursor {
  sqlite3_vtab_cursor base;  // first: SQLite passes a pointer to it
  const sql::RowSetData* rows;
  sqlite3_int64 row;
};

int Connect(sqlite3* db, void*, int, const char* const*, sqlite3_vtab** out, char**) {
  std::string schema = "CREATE TABLE x(";
  for (int i = 0; i < kRowSetColumns; ++i) schema += "c" + std::to_string(i) + ", ";
  schema += "rows HIDDEN)";
  if (int rc = sqlite3_declare_vtab(db, schema.c_str()); rc != SQLITE_OK) return rc;
  auto* table = static_cast<sqlite3_vtab*>(sqlite3_malloc(sizeof(sqlite3_vtab)));
  if (!table) return SQLITE_NOMEM;
  *table = {};
  *out = table;
  return SQLITE_OK;
}

int Disconnect(sqlite3_vtab* table) {
  sqlite3_free(table);
  return SQLITE_OK;
}

int Open(sqlite3_vtab*, sqlite3_vtab_cursor** out) {
  auto* cursor = static_cast<Cursor*>(sqlite3_malloc(sizeof(Cursor)));
  if (!cursor) return SQLITE_NOMEM;
  *cursor = {};
  *out = &cursor->base;
  return SQLITE_OK;
}

int Close(sqlite3_vtab_cursor* cursor) {
  sqlite3_free(cursor);
  return SQLITE_OK;
}

// The only plan: the rows argument given (an equality on the hidden column).
int BestIndex(sqlite3_vtab*, sqlite3_index_info* info) {
  for (int i = 0; i < info->nConstraint; ++i) {
    const auto& c = info->aConstraint[i];
    if (c.iColumn != kRowSetColumns || c.op != SQLITE_INDEX_CONSTRAINT_EQ) continue;
    if (!c.usable) return SQLITE_CONSTRAINT;
    info->aConstraintUsage[i].argvIndex = 1;
    info->aConstraintUsage[i].omit = 1;
    info->estimatedCost = 1;
    info->estimatedRows = 1000;
    return SQLITE_OK;
  }
  return SQLITE_CONSTRAINT;
}

int Filter(sqlite3_vtab_cursor* base, int, const char*, int argc, sqlite3_value** argv) {
  auto* cursor = reinterpret_cast<Cursor*>(base);
  cursor->rows =
      argc > 0 ? static_cast<const sql::RowSetData*>(sqlite3_value_pointer(argv[0], kPointerType))
               : nullptr;
  cursor->row = 0;
  return SQLITE_OK;
}

int Next(sqlite3_vtab_cursor* base) {
  ++reinterpret_cast<Cursor*>(base)->row;
  return SQLITE_OK;
}

int Eof(sqlite3_vtab_cursor* base) {
  auto* cursor = reinterpret_cast<Cursor*>(base);
  return !cursor->rows || cursor->row >= static_cast<sqlite3_int64>(cursor->rows->rows());
}

int Column(sqlite3_vtab_cursor* base, sqlite3_context* ctx, int col) {
  auto* cursor = reinterpret_cast<Cursor*>(base);
  const sql::RowSetData& rows = *cursor->rows;
  if (col < 0 || static_cast<size_t>(col) >= rows.width) {
    sqlite3_result_null(ctx);
    return SQLITE_OK;
  }
  const auto& cell = rows.cells[static_cast<size_t>(cursor->row) * rows.width + col];
  if (const auto* i = std::get_if<int64_t>(&cell)) {
    sqlite3_result_int64(ctx, *i);
  } else if (const auto* b = std::get_if<bool>(&cell)) {
    sqlite3_result_int(ctx, *b ? 1 : 0);
  } else if (const auto* s = std::get_if<std::string>(&cell)) {
    // Static: the cells outlive the statement's run (rowset_table.h), so no copy is needed.
    sqlite3_result_text(ctx, s->data(), static_cast<int>(s->size()), SQLITE_STATIC);
  } else {
    sqlite3_result_null(ctx);
  }
  return SQLITE_OK;
}

int Rowid(sqlite3_vtab_cursor* base, sqlite3_int64* rowid) {
  *rowid = reinterpret_cast<Cursor*>(base)->row;
  return SQLITE_OK;
}

// Eponymous-only (no xCreate): it exists as a function in every connection that registers it,
// and can't be created as a table.
const sqlite3_module kModule = {
    /* iVersion */ 0,
    /* xCreate */ nullptr,
    /* xConnect */ Connect,
    /* xBestIndex */ BestIndex,
    /* xDisconnect */ Disconnect,
    /* xDestroy */ nullptr,
    /* xOpen */ Open,
    /* xClose */ Close,
    /* xFilter */ Filter,
    /* xNext */ Next,
    /* xEof */ Eof,
    /* xColumn */ Column,
    /* xRowid */ Rowid,
    /* xUpdate */ nullptr,
    /* xBegin */ nullptr,
    /* xSync */ nullptr,
    /* xCommit */ nullptr,
    /* xRollback */ nullptr,
    /* xFindFunction */ nullptr,
    /* xRename */ nullptr,
    /* xSavepoint */ nullptr,
    /* xRelease */ nullptr,
    /* xRollbackTo */ nullptr,
    /* xShadowName */ nullptr,
};

}  // namespace

int RegisterRowSetTable(sqlite3* db) {
  return sqlite3_create_module(db, std::string(kRowSetTable).c_str(), &kModule, nullptr);
}

int BindRowSet(sqlite3_stmt* stmt, int index, const sql::RowSetData* rows) {
  return sqlite3_bind_pointer(stmt, index, const_cast<sql::RowSetData*>(rows), kPointerType,
                              nullptr);
}

}  // namespace clientele::storage::sqlite
