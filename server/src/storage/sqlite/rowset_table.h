#pragma once

#include <sqlite3.h>

#include <string_view>

#include "storage/sql/session.h"

// The rows of a sql::RowSet parameter as a table, for SQLite: a table-valued function,
// `clientele_rowset(?)`, with columns c0..c15 read straight from the RowSetData bound to its
// argument (sqlite3_bind_pointer), so a set-based statement costs no parsing per value. Text comes
// out as TEXT, integers as INTEGER, booleans as 0 and 1, and an absent cell as NULL.
namespace clientele::storage::sqlite {

inline constexpr std::string_view kRowSetTable = "clientele_rowset";
inline constexpr int kRowSetColumns = 16;

// Makes the function known to a connection (once, after opening it).
int RegisterRowSetTable(sqlite3* db);

// Binds `rows` to parameter `index`; it must outlive the statement's run.
int BindRowSet(sqlite3_stmt* stmt, int index, const sql::RowSetData* rows);

}  // namespace clientele::storage::sqlite
