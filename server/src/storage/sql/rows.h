#pragma once

#include <algorithm>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/model.h"
#include "storage/sql/session.h"

// The column lists and row readers of the tables read in several places, written once for both
// backends. Each Read* expects the columns of its k*Columns in that order.
namespace clientele::storage::sql {

// The key an e-mail is stored and compared under (email_key): ASCII lower case, as
// Dialect::LowerKey computes it in SQL, for rows written without SQL expressions (InsertRows).
std::string EmailKeyOf(std::string_view email);

// Appends one row's values for Session::InsertRows.
template <typename... Ps>
void AppendRow(std::vector<Param>& values, Ps&&... row) {
  (values.push_back(std::forward<Ps>(row)), ...);
}

// Writes `count` rows into `table` with Session::InsertRows, a slice of rows at a time:
// `append(values, i)` appends the values of row i. (The values of a whole import batch at once
// would take tens of MB, allocated afresh for every batch.)
template <typename F>
void InsertInSlices(Session& s, std::string_view table, std::span<const std::string_view> columns,
                    size_t count, F append) {
  constexpr size_t kRowsPerSlice = 4096;
  std::vector<Param> values;
  values.reserve(std::min(count, kRowsPerSlice) * columns.size());
  for (size_t at = 0; at < count; at += kRowsPerSlice) {
    values.clear();
    for (size_t i = at; i < std::min(count, at + kRowsPerSlice); ++i) append(values, i);
    s.InsertRows(table, columns, values);
  }
}

// From `clients c`.
extern const std::string_view kClientColumns;
Client ReadClient(const Row& s);

// From `users`.
extern const std::string_view kUserColumns;
User ReadUser(const Row& s);

// From `services s`.
extern const std::string_view kServiceColumns;
Service ReadService(const Row& s);

// From `api_tokens t JOIN users u`.
extern const std::string_view kTokenColumns;
ApiToken ReadToken(const Row& s);

// From `activity_requests`.
extern const std::string_view kActivityColumns;
ActivityEntry ReadActivity(const Row& s);

// From `outbox`.
extern const std::string_view kOutboxColumns;
OutboxEmail ReadOutbox(const Row& s);

// From `mail_tests`.
extern const std::string_view kMailTestColumns;
MailTest ReadMailTest(const Row& s);

// From `organisations`.
extern const std::string_view kOrganisationColumns;
Organisation ReadOrganisation(const Row& s);

// From `deletion_requests`.
extern const std::string_view kDeletionColumns;
DeletionRequest ReadDeletion(const Row& s);

}  // namespace clientele::storage::sql
