#include "http/query/client_query_params.h"

#include <algorithm>

#include "domain/validation.h"

namespace clientele::http::query {
namespace {

// The query being built, with what its readers need to know.
struct Target {
  ClientQuery q;
  OrgId caller_org;
  const std::vector<std::string>& products;
};

std::string Lower(std::string_view s) { return validation::EmailKey(s); }

bool IsProduct(const Target& t, const std::string& upper) {
  return std::find(t.products.begin(), t.products.end(), upper) != t.products.end();
}

std::optional<ClientOrderField> ParseOrderField(std::string_view s) {
  if (s == "id") return ClientOrderField::kId;
  if (s == "email") return ClientOrderField::kEmail;
  if (s == "name") return ClientOrderField::kName;
  if (s == "status") return ClientOrderField::kStatus;
  if (s == "companyName" || s == "company_name") return ClientOrderField::kCompanyName;
  if (s == "custom_id") return ClientOrderField::kCustomId;
  if (s == "created_at" || s == "created") return ClientOrderField::kCreatedAt;
  return std::nullopt;
}

void ReadIds(const std::string& key, const std::string& value, std::vector<ClientId>& out,
             FieldErrors& errors) {
  for (const auto& item : SplitComma(value)) {
    auto v = ParseInt(item);
    if (!v || *v < 1) {
      errors.Add(key, "Use account ids separated by commas.");
      return;
    }
    out.emplace_back(*v);
  }
  if (out.size() > 1000) errors.Add(key, "At most 1000 ids.");
}

// Substring filters: empty means "no filter", like the original.
template <std::optional<std::string> ClientQuery::*field>
void Contains(Target& t, const std::string& key, const std::string& value, FieldErrors& errors) {
  if (value.size() > 255) {
    errors.Add(key, "Too long; at most 255 characters.");
  } else if (!validation::IsValidUtf8(value)) {
    errors.Add(key, "Must be valid UTF-8 text.");
  } else if (!value.empty()) {
    t.q.*field = value;
  }
}

template <std::optional<Timestamp> ClientQuery::*field>
void Time(Target& t, const std::string& key, const std::string& value, FieldErrors& errors) {
  if (auto v = ReadTime(key, value, errors)) t.q.*field = v;
}

void Id(Target& t, const std::string& key, const std::string& value, FieldErrors& errors) {
  if (auto v = ReadId(key, value, "Must be an account id.", errors)) t.q.ids.emplace_back(*v);
}

void IdIn(Target& t, const std::string& key, const std::string& value, FieldErrors& errors) {
  ReadIds(key, value, t.q.ids, errors);
  if (t.q.ids.empty() && !errors.Has(key)) t.q.match_nothing = true;
}

void IdExclude(Target& t, const std::string& key, const std::string& value, FieldErrors& errors) {
  ReadIds(key, value, t.q.exclude_ids, errors);
}

void AccountStatuses(Target& t, const std::string& key, const std::string& value, FieldErrors& errors) {
  for (const auto& item : SplitComma(value)) {
    auto s = ParseAccountStatus(item);
    if (!s) {
      errors.Add(key, "\"" + item.substr(0, 30) +
                          "\" is not an account status: use preparation, trial, active, "
                          "trialend or deleted.");
      return;
    }
    t.q.statuses.push_back(*s);
  }
}

void Seller(Target& t, const std::string& key, const std::string& value, FieldErrors& errors) {
  t.q.filter_seller = true;
  if (Lower(value) == "null" || value.empty()) {
    t.q.seller.reset();
  } else if (auto v = ParseInt(value); v && *v > 0) {
    t.q.seller = UserId{*v};
  } else {
    errors.Add(key, "Must be a seller id, or null for accounts without a seller.");
  }
}

void Reseller(Target& t, const std::string& key, const std::string& value, FieldErrors& errors) {
  auto v = ParseInt(value);
  if (!v)
    errors.Add(key, "Must be a reseller id.");
  else if (*v != t.caller_org.value)
    t.q.match_nothing = true;
}

void ClientType(Target& t, const std::string& key, const std::string& value,
                FieldErrors& errors) {
  if (value == "reseller")
    t.q.reseller_account = true;
  else if (value == "common")
    t.q.reseller_account = false;
  else if (value == "sales")
    t.q.match_nothing = true;  // no such accounts here
  else
    errors.Add(key, "Use reseller or common.");
}

void Country(Target& t, const std::string& key, const std::string& value, FieldErrors& errors) {
  t.q.filter_country = true;
  if (Lower(value) == "null") {
    t.q.country_code.reset();
  } else if (auto bad = validation::CheckCountryCode(value)) {
    errors.Add(key, *bad);
  } else {
    t.q.country_code = validation::ToUpperAscii(value);
  }
}

void Availability(Target& t, const std::string& key, const std::string& value,
                  FieldErrors& errors) {
  for (const auto& item : SplitComma(value)) {
    std::string upper = validation::ToUpperAscii(item);
    if (!IsProduct(t, upper)) {
      errors.Add(key, "\"" + item.substr(0, 30) + "\" is not a product.");
      return;
    }
    t.q.personal_availability.push_back(upper);
  }
}

// true, false, or `all` (test accounts or not: "only deleted accounts" means all of them).
void IsTest(Target& t, const std::string& key, const std::string& value, FieldErrors& errors) {
  if (Lower(value) == "all") {
    t.q.is_test = FlagFilter::kAll;
  } else if (auto b = ParseBool(value)) {
    t.q.is_test = *b ? FlagFilter::kOnlyTrue : FlagFilter::kOnlyFalse;
  } else {
    errors.Add(key, "Use true, false or all.");
  }
}

void DeletionRequested(Target& t, const std::string& key, const std::string& value,
                       FieldErrors& errors) {
  if (auto b = ReadBool(key, value, errors)) t.q.deletion_requested = *b;
}

// The contract: true = only deleted, false = only live, any other value = all.
void Deleted(Target& t, const std::string&, const std::string& value, FieldErrors&) {
  std::string l = Lower(value);
  t.q.deleted = l == "true"    ? FlagFilter::kOnlyTrue
                : l == "false" ? FlagFilter::kOnlyFalse
                               : FlagFilter::kAll;
}

void Ordering(Target& t, const std::string& key, const std::string& value, FieldErrors& errors) {
  for (const auto& item : SplitComma(value)) {
    bool desc = item.front() == '-';
    auto field = ParseOrderField(desc ? std::string_view(item).substr(1) : item);
    if (!field) {
      errors.Add(key, "\"" + item.substr(0, 30) +
                          "\" can't be used: order by id, email, name, status, companyName, "
                          "custom_id or created_at.");
      return;
    }
    t.q.ordering.push_back({*field, desc});
  }
}

// Any other name: a product's status filter (cdn, storage, ...), or ignored.
void ProductStatuses(Target& t, const std::string& key, const std::string& value,
                     FieldErrors& errors) {
  std::string upper = validation::ToUpperAscii(key);
  if (!IsProduct(t, upper)) return;
  std::vector<ProductStatus> statuses;
  for (const auto& item : SplitComma(value)) {
    auto s = ParseProductStatus(item);
    if (!s) {
      errors.Add(key, "\"" + item.substr(0, 30) +
                          "\" is not a product status: use new, trial, trialend, active, "
                          "paused or deleted.");
      return;
    }
    statuses.push_back(*s);
  }
  if (!statuses.empty()) t.q.product_statuses.emplace_back(upper, std::move(statuses));
}

constexpr Param<Target> kParams[] = {
    {"id", Id},
    {"id__in", IdIn},
    {"id__in__exclude", IdExclude},
    {"email", Contains<&ClientQuery::email_contains>},
    {"name", Contains<&ClientQuery::name_contains>},
    {"companyName", Contains<&ClientQuery::company_contains>},
    {"custom_id", Contains<&ClientQuery::custom_id_contains>},
    {"users_email", Contains<&ClientQuery::users_email_contains>},
    {"users_name", Contains<&ClientQuery::users_name_contains>},
    {"status", AccountStatuses},
    {"seller_id", Seller},
    {"reseller_id", Reseller},
    {"client_type", ClientType},
    {"country_code", Country},
    {"created_at_gte", Time<&ClientQuery::created_gte>},
    {"created_at_lte", Time<&ClientQuery::created_lte>},
    {"personal_product_availability", Availability},
    {"is_test", IsTest},
    {"deleted", Deleted},
    {"deletion_requested", DeletionRequested},
    {"trial_end_lte", Time<&ClientQuery::trial_end_lte>},
    {"deleted_date_lte", Time<&ClientQuery::deleted_date_lte>},
    {"ordering", Ordering},
};

}  // namespace

Result<ClientQuery> ParseClientQuery(const Params& params, OrgId caller_org,
                                     const std::vector<std::string>& products) {
  Target t{{}, caller_org, products};
  Paging paging;
  TRY_STATUS(Read<Target>(params, kParams, t, paging, ProductStatuses));
  t.q.limit = paging.limit;
  t.q.offset = paging.offset;
  return std::move(t.q);
}

}  // namespace clientele::http::query
