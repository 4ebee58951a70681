#include "http/query/list_params.h"

#include <cctype>

#include "domain/validation.h"

namespace clientele::http::query {
namespace {

using storage::ActivityQuery;
using storage::StatusChangeQuery;
using SellerQuery = storage::Tx::SellerQuery;

// Readers shared by the tables, for any query with the named field.
template <typename Q, std::optional<ClientId> Q::*field>
void Account(Q& q, const std::string& key, const std::string& value, FieldErrors& errors) {
  if (auto v = ReadId(key, value, "Must be an account id.", errors)) q.*field = ClientId{*v};
}

template <typename Q, std::optional<Timestamp> Q::*field>
void Time(Q& q, const std::string& key, const std::string& value, FieldErrors& errors) {
  if (auto t = ReadTime(key, value, errors)) q.*field = t;
}

template <typename Q, std::optional<bool> Q::*field>
void Flag(Q& q, const std::string& key, const std::string& value, FieldErrors& errors) {
  if (auto b = ReadBool(key, value, errors)) q.*field = b;
}

// A substring filter: empty means "no filter".
template <typename Q, std::optional<std::string> Q::*field>
void Text(Q& q, const std::string&, const std::string& value, FieldErrors&) {
  if (!value.empty()) q.*field = value;
}

// --- Activity ---------------------------------------------------------------------------------

void ActivityUser(ActivityQuery& q, const std::string& key, const std::string& value,
                  FieldErrors& errors) {
  if (auto v = ReadId(key, value, "Must be a user id.", errors)) q.user = UserId{*v};
}

void Method(ActivityQuery& q, const std::string& key, const std::string& value,
            FieldErrors& errors) {
  std::string m = value;
  for (auto& c : m) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (m != "POST" && m != "PUT" && m != "PATCH" && m != "DELETE")
    errors.Add(key, "Use POST, PUT, PATCH or DELETE: only changes are recorded.");
  else
    q.method = m;
}

void Path(ActivityQuery& q, const std::string& key, const std::string& value,
          FieldErrors& errors) {
  if (value.size() > 500)
    errors.Add(key, "Too long; at most 500 characters.");
  else if (!value.empty())
    q.path_contains = value;
}

void StatusCode(ActivityQuery& q, const std::string& key, const std::string& value,
                FieldErrors& errors) {
  auto v = ParseInt(value);
  if (!v || *v < 100 || *v > 599)
    errors.Add(key, "Must be an HTTP status code.");
  else
    q.status_code = static_cast<int>(*v);
}

constexpr Param<ActivityQuery> kActivityParams[] = {
    {"client_id", Account<ActivityQuery, &ActivityQuery::client>, "client"},
    {"account_id", Account<ActivityQuery, &ActivityQuery::subject>},
    {"user_id", ActivityUser, "user"},
    {"method", Method},
    {"path", Path},
    {"status_code", StatusCode},
    {"requested_at_gte", Time<ActivityQuery, &ActivityQuery::from>},
    {"requested_at_lte", Time<ActivityQuery, &ActivityQuery::to>},
};

// --- Status changes ---------------------------------------------------------------------------

template <std::optional<AccountStatus> StatusChangeQuery::*field>
void ChangedStatus(StatusChangeQuery& q, const std::string& key, const std::string& value,
                   FieldErrors& errors) {
  if (value.empty()) return;
  if (auto s = ParseAccountStatus(value))
    q.*field = *s;
  else
    errors.Add(key, "Use preparation, trial, active, trialend or deleted.");
}

constexpr Param<StatusChangeQuery> kStatusChangeParams[] = {
    {"client", Account<StatusChangeQuery, &StatusChangeQuery::client>, "client_id"},
    {"status_change_at_gte", Time<StatusChangeQuery, &StatusChangeQuery::from>},
    {"status_change_at_lte", Time<StatusChangeQuery, &StatusChangeQuery::to>},
    {"new_status", ChangedStatus<&StatusChangeQuery::new_status>},
    {"old_status", ChangedStatus<&StatusChangeQuery::old_status>},
};

// --- Sellers ----------------------------------------------------------------------------------

void SellerIds(SellerQuery& q, const std::string& key, const std::string& value,
               FieldErrors& errors) {
  size_t start = 0;
  while (start <= value.size()) {
    size_t end = value.find(',', start);
    if (end == std::string::npos) end = value.size();
    auto v = ParseInt(validation::Trim(std::string_view(value).substr(start, end - start)));
    if (!v || *v < 1) {
      errors.Add(key, "Use seller ids separated by commas.");
      return;
    }
    q.ids.emplace_back(*v);
    start = end + 1;
  }
}

void SellerEmail(SellerQuery& q, const std::string&, const std::string& value, FieldErrors&) {
  if (!value.empty()) q.email_contains = validation::EmailKey(value);
}

void SellerOrdering(SellerQuery& q, const std::string&, const std::string& value,
                    FieldErrors& errors) {
  size_t start = 0;
  while (start <= value.size()) {
    size_t end = value.find(',', start);
    if (end == std::string::npos) end = value.size();
    std::string item = validation::Trim(std::string_view(value).substr(start, end - start));
    bool desc = !item.empty() && item.front() == '-';
    std::string field = desc ? item.substr(1) : item;
    if (field != "id" && field != "email" && field != "full_name" && field != "date_joined" &&
        field != "activated" && field != "deleted") {
      errors.Add("ordering", "Order by id, email, full_name, date_joined, activated or deleted.");
      return;
    }
    q.ordering.emplace_back(field, desc);
    start = end + 1;
  }
}

constexpr Param<SellerQuery> kSellerParams[] = {
    {"id", SellerIds, "id__in"},
    {"id__contains", Text<SellerQuery, &SellerQuery::id_contains>},
    {"email", SellerEmail},
    {"full_name", Text<SellerQuery, &SellerQuery::name_contains>},
    {"activated", Flag<SellerQuery, &SellerQuery::activated>},
    {"blocked", Flag<SellerQuery, &SellerQuery::blocked>},
    {"deleted", Flag<SellerQuery, &SellerQuery::deleted>},
    {"ordering", SellerOrdering},
};

// --- Open deletion requests -------------------------------------------------------------------

struct OpenDeletionQuery {
  std::vector<ClientId> clients;
};

void DeletionClients(OpenDeletionQuery& q, const std::string& key, const std::string& value,
                     FieldErrors& errors) {
  for (const auto& item : SplitComma(value)) {
    auto v = ParseInt(item);
    if (!v || *v < 1) {
      errors.Add(key, "Use account ids separated by commas.");
      return;
    }
    q.clients.emplace_back(*v);
  }
  if (q.clients.size() > 1000) errors.Add(key, "At most 1000 ids.");
}

constexpr Param<OpenDeletionQuery> kOpenDeletionParams[] = {{"client_id", DeletionClients}};

// Lists whose query has a fixed page size by default: a limit replaces it.
template <typename Q>
Result<Q> ParseWithDefaultLimit(const Params& params, std::span<const Param<Q>> table) {
  Q q;
  Paging paging;
  TRY_STATUS(Read<Q>(params, table, q, paging));
  if (paging.limit) q.limit = *paging.limit;
  q.offset = paging.offset;
  return q;
}

}  // namespace

Result<storage::ActivityQuery> ParseActivityQuery(const Params& params) {
  return ParseWithDefaultLimit<ActivityQuery>(params, kActivityParams);
}

Result<storage::StatusChangeQuery> ParseStatusChangeQuery(const Params& params) {
  return ParseWithDefaultLimit<StatusChangeQuery>(params, kStatusChangeParams);
}

Result<storage::Tx::SellerQuery> ParseSellerQuery(const Params& params) {
  SellerQuery q;
  Paging paging;
  TRY_STATUS(Read<SellerQuery>(params, kSellerParams, q, paging));
  q.limit = paging.limit;
  q.offset = paging.offset;
  return q;
}

Result<std::vector<ClientId>> ParseOpenDeletionQuery(const Params& params) {
  OpenDeletionQuery q;
  Paging paging;  // not a paged list: open requests are few
  TRY_STATUS(Read<OpenDeletionQuery>(params, kOpenDeletionParams, q, paging));
  return std::move(q.clients);
}

Result<Paging> ParsePaging(const Params& params) {
  FieldErrors errors;
  Paging paging;
  ReadPaging(params, paging, errors);
  if (!errors.empty()) return errors.ToError();
  return paging;
}

}  // namespace clientele::http::query
