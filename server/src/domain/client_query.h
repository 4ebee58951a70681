#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/ids.h"
#include "core/result.h"
#include "core/time.h"
#include "domain/model.h"

namespace clientele {

enum class ClientOrderField { kId, kEmail, kName, kStatus, kCompanyName, kCustomId, kCreatedAt };

struct ClientOrder {
  ClientOrderField field = ClientOrderField::kId;
  bool descending = false;
};

// Three-way flag filters: the default hides test and deleted accounts.
enum class FlagFilter { kOnlyFalse, kOnlyTrue, kAll };

// Everything the account list can filter, order and page by. Built from query parameters at
// the HTTP edge (http/query/client_query_params.h); storage turns it into one parameterised
// query.
struct ClientQuery {
  std::vector<ClientId> ids;          // empty = any
  std::vector<ClientId> exclude_ids;
  std::optional<std::string> email_contains;
  std::optional<std::string> name_contains;
  std::optional<std::string> company_contains;
  std::optional<std::string> custom_id_contains;
  std::optional<std::string> users_email_contains;
  std::optional<std::string> users_name_contains;
  std::vector<AccountStatus> statuses;  // any of
  // Per product: any of these statuses.
  std::vector<std::pair<std::string, std::vector<ProductStatus>>> product_statuses;
  bool filter_seller = false;
  std::optional<UserId> seller;  // with filter_seller: nullopt = unassigned
  bool filter_country = false;
  std::optional<std::string> country_code;  // with filter_country: nullopt = none set
  std::optional<bool> reseller_account;     // client_type
  std::optional<Timestamp> created_gte;
  std::optional<Timestamp> created_lte;
  std::vector<std::string> personal_availability;  // has a personal value for each
  FlagFilter is_test = FlagFilter::kOnlyFalse;
  FlagFilter deleted = FlagFilter::kOnlyFalse;
  // Accounts with (true) or without (false) an open deletion request. AccountService turns it
  // into `ids` / `exclude_ids` (such accounts are few) before storage sees the query, so the
  // account index knows nothing of deletion requests and costs nothing more without it.
  std::optional<bool> deletion_requested;
  // Accounts with a product in trial whose trial ends by this time, and with a product in
  // trialend or paused whose deleted_date is by this time (issue 16's overview links here).
  // Resolved into `ids` like deletion_requested (domain/attention.h: ResolveDueFilters).
  std::optional<Timestamp> trial_end_lte;
  std::optional<Timestamp> deleted_date_lte;
  bool match_nothing = false;  // e.g. reseller_id of another organisation
  std::vector<ClientOrder> ordering;  // id ascending is always the last tie-breaker
  std::optional<int64_t> limit;       // set: a page with a count; unset: every match
  int64_t offset = 0;
};

inline constexpr int64_t kMaxPageSize = 1000;
// Far beyond any list we hold, and small enough that offset + limit never overflows.
inline constexpr int64_t kMaxOffset = 1'000'000'000;

// Numbers and flags as query strings and settings write them ("42"; "true", "1", "False").
std::optional<int64_t> ParseInt(std::string_view s);
std::optional<bool> ParseBool(std::string_view s);

}  // namespace clientele
