#include "storage/postgres/connection.h"

#include <endian.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <functional>

namespace clientele::storage::postgres {
namespace {

// Type OIDs of pg_type (stable across PostgreSQL versions).
constexpr Oid kBool = 16;
constexpr Oid kBytea = 17;
constexpr Oid kInt8 = 20;
constexpr Oid kInt2 = 21;
constexpr Oid kInt4 = 23;
constexpr Oid kText = 25;
constexpr Oid kTextArray = 1009;
constexpr Oid kInt8Array = 1016;

// Dynamic queries (the account list with its many filter combinations) would otherwise grow the
// per-connection cache without bound; past this they run as one-off statements.
constexpr size_t kMaxPrepared = 256;

bool Starts(const std::string& s, std::string_view prefix) { return s.starts_with(prefix); }

}  // namespace

Error MapError(const PgError& e) {
  const std::string& state = e.sqlstate();
  if (state == "23505") return MakeError(ErrorCode::kAlreadyExists, "Already exists.");
  // services_product_known stands for a foreign key to the catalogue (migration 0015).
  if (state == "23503" || (state == "23514" && e.constraint() == "services_product_known"))
    return MakeError(ErrorCode::kFailedPrecondition, "Refers to something that does not exist.");
  // 08: connection exceptions; 57P01-03: server shutting down or starting; 53300: too many
  // connections; 40001/40P01: serialization failure, deadlock; 55P03: lock wait timed out.
  if (e.connection_lost() || Starts(state, "08") || Starts(state, "57P") || state == "53300" ||
      state == "40001" || state == "40P01" || state == "55P03") {
    spdlog::warn("database unavailable ({}): {}", state, e.what());
    return MakeError(ErrorCode::kUnavailable, "The database is unavailable or busy; try again.");
  }
  spdlog::error("database error {}: {}", state, e.what());
  return Internal(e.what());
}

Param NullOf(Param like) {
  like.null = true;
  like.value.clear();
  return like;
}

Param Arg(int64_t v) { return Param{kInt8, false, false, std::to_string(v)}; }
Param Arg(bool v) { return Param{kBool, false, false, v ? "t" : "f"}; }
Param Arg(std::string_view v) { return Param{kText, false, false, std::string(v)}; }
Param Arg(const std::string& v) { return Arg(std::string_view(v)); }
Param Arg(const char* v) { return Arg(std::string_view(v)); }
Param Bytes(std::string_view v) { return Param{kBytea, false, true, std::string(v)}; }

Param IntArray(std::span<const int64_t> values) {
  std::string text = "{";
  for (size_t i = 0; i < values.size(); ++i) text += (i ? "," : "") + std::to_string(values[i]);
  return Param{kInt8Array, false, false, text + "}"};
}

Param TextArray(std::span<const std::string> values) {
  std::string text = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    text += i ? ",\"" : "\"";
    for (char c : values[i]) {
      if (c == '"' || c == '\\') text += '\\';
      text += c;
    }
    text += '"';
  }
  return Param{kTextArray, false, false, text + "}"};
}

bool Row::IsNull(int col) const { return PQgetisnull(res_, row_, col) != 0; }

int64_t Row::Int(int col) const {
  const char* v = PQgetvalue(res_, row_, col);
  int len = PQgetlength(res_, row_, col);
  switch (PQftype(res_, col)) {
    case kInt8: {
      uint64_t x;
      if (len != 8) break;
      std::memcpy(&x, v, 8);
      return static_cast<int64_t>(be64toh(x));
    }
    case kInt4: {
      uint32_t x;
      if (len != 4) break;
      std::memcpy(&x, v, 4);
      return static_cast<int32_t>(be32toh(x));
    }
    case kInt2: {
      uint16_t x;
      if (len != 2) break;
      std::memcpy(&x, v, 2);
      return static_cast<int16_t>(be16toh(x));
    }
    case kBool:
      if (len != 1) break;
      return v[0] != 0;
    default:
      break;
  }
  throw PgError("", "column " + std::to_string(col) + " is not an integer (type " +
                        std::to_string(PQftype(res_, col)) + ")");
}

bool Row::Bool(int col) const { return Int(col) != 0; }

std::string Row::Text(int col) const {
  return std::string(PQgetvalue(res_, row_, col), PQgetlength(res_, row_, col));
}

int64_t Rows::affected() const {
  const char* n = PQcmdTuples(res_.get());
  return n && *n ? std::strtoll(n, nullptr, 10) : 0;
}

Connection::Connection(const std::string& conninfo) {
  // Keywords before "dbname" are defaults the URL may override.
  const char* keys[] = {"connect_timeout", "fallback_application_name", "client_encoding", "dbname",
                        nullptr};
  const char* values[] = {"10", "clientele", "UTF8", conninfo.c_str(), nullptr};
  conn_ = PQconnectdbParams(keys, values, 1);
  if (!conn_ || PQstatus(conn_) != CONNECTION_OK) {
    std::string message = conn_ ? PQerrorMessage(conn_) : "out of memory";
    while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
      message.pop_back();
    PQfinish(conn_);
    conn_ = nullptr;
    throw PgError("08001", "cannot connect to PostgreSQL: " + message, true);
  }
  // Server notices ("relation already exists, skipping") are for the log, not stderr.
  PQsetNoticeProcessor(
      conn_,
      [](void*, const char* message) {
        std::string_view m(message);
        while (!m.empty() && m.back() == '\n') m.remove_suffix(1);
        spdlog::debug("postgres: {}", m);
      },
      nullptr);
  // Like SQLite's busy timeout: a unit of work waits this long for a row another holds, then
  // fails with kUnavailable instead of hanging.
  Simple("SET lock_timeout = '5s'");
}

Connection::~Connection() { PQfinish(conn_); }

void Connection::Throw(const PGresult* res, std::string_view what) {
  std::string state;
  std::string message;
  std::string constraint;
  if (res) {
    if (const char* s = PQresultErrorField(res, PG_DIAG_SQLSTATE)) state = s;
    if (const char* c = PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME)) constraint = c;
    message = PQresultErrorMessage(res);
  }
  if (message.empty()) message = PQerrorMessage(conn_);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  bool lost = PQstatus(conn_) != CONNECTION_OK;
  PQclear(const_cast<PGresult*>(res));
  throw PgError(state, std::string(what) + ": " + message, lost, std::move(constraint));
}

namespace {

// libpq's parallel arrays of one statement's parameters.
struct BoundParams {
  explicit BoundParams(std::span<const Param> params)
      : n(static_cast<int>(params.size())), types(n), values(n), lengths(n), formats(n) {
    for (int i = 0; i < n; ++i) {
      const Param& p = params[i];
      types[i] = p.type;
      values[i] = p.null ? nullptr : p.value.c_str();
      lengths[i] = static_cast<int>(p.value.size());
      formats[i] = p.binary ? 1 : 0;
    }
  }
  int n;
  std::vector<Oid> types;
  std::vector<const char*> values;
  std::vector<int> lengths;
  std::vector<int> formats;
};

}  // namespace

Rows Connection::Query(std::string_view sql, std::span<const Param> params) {
  const BoundParams bound(params);
  std::string text(sql);
  auto it = prepared_.find(text);
  if (it == prepared_.end() && prepared_.size() < kMaxPrepared && !plan_every_statement_) {
    std::string name = "clientele_" + std::to_string(prepared_.size() + 1);
    PGresult* res = PQprepare(conn_, name.c_str(), text.c_str(), bound.n, bound.types.data());
    if (!res || PQresultStatus(res) != PGRES_COMMAND_OK) Throw(res, "prepare");
    PQclear(res);
    it = prepared_.emplace(text, std::move(name)).first;
  }
  PGresult* res = it != prepared_.end()
                      ? PQexecPrepared(conn_, it->second.c_str(), bound.n, bound.values.data(),
                                       bound.lengths.data(), bound.formats.data(), 1)
                      : PQexecParams(conn_, text.c_str(), bound.n, bound.types.data(),
                                     bound.values.data(), bound.lengths.data(),
                                     bound.formats.data(), 1);
  auto status = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) Throw(res, "query");
  return Rows(res);
}

void Connection::Stream(std::string_view sql, std::span<const Param> params,
                        const std::function<void(const Row&)>& on_row) {
  const BoundParams bound(params);
  const std::string text(sql);
  if (!PQsendQueryParams(conn_, text.c_str(), bound.n, bound.types.data(), bound.values.data(),
                         bound.lengths.data(), bound.formats.data(), 1))
    Throw(nullptr, "query");
  if (!PQsetSingleRowMode(conn_)) {
    while (PGresult* res = PQgetResult(conn_)) PQclear(res);
    Throw(nullptr, "single-row mode");
  }
  // Every result is read to the end, whatever happens, so the connection stays usable.
  PGresult* failed = nullptr;
  std::exception_ptr thrown;
  while (PGresult* res = PQgetResult(conn_)) {
    auto status = PQresultStatus(res);
    if (status == PGRES_SINGLE_TUPLE && !failed && !thrown) {
      try {
        on_row(Row(res, 0));
      } catch (...) {
        thrown = std::current_exception();
      }
    }
    if (status != PGRES_SINGLE_TUPLE && status != PGRES_TUPLES_OK && !failed) {
      failed = res;
      continue;
    }
    PQclear(res);
  }
  if (failed) Throw(failed, "query");
  if (thrown) std::rethrow_exception(thrown);
}

void Connection::CopyIn(const std::string& sql, std::string_view data) {
  PGresult* res = PQexec(conn_, sql.c_str());
  if (!res || PQresultStatus(res) != PGRES_COPY_IN) Throw(res, "copy");
  PQclear(res);
  // Sent in pieces: PQputCopyData takes an int length.
  constexpr size_t kPiece = 1 << 20;
  for (size_t at = 0; at < data.size(); at += kPiece) {
    size_t n = std::min(kPiece, data.size() - at);
    if (PQputCopyData(conn_, data.data() + at, static_cast<int>(n)) != 1) Throw(nullptr, "copy");
  }
  if (PQputCopyEnd(conn_, nullptr) != 1) Throw(nullptr, "copy");
  PGresult* done = PQgetResult(conn_);
  std::unique_ptr<PGresult, void (*)(PGresult*)> hold(done, &PQclear);
  // Drain what follows, so that the connection is ready for the next statement.
  while (PGresult* more = PQgetResult(conn_)) PQclear(more);
  if (!done || PQresultStatus(done) != PGRES_COMMAND_OK) Throw(hold.release(), "copy");
}

std::string Connection::Simple(const std::string& sql) {
  PGresult* res = PQexec(conn_, sql.c_str());
  auto status = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) Throw(res, "statement");
  std::string tag = PQcmdStatus(res);
  PQclear(res);
  return tag;
}

}  // namespace clientele::storage::postgres
