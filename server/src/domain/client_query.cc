#include "domain/client_query.h"

#include <algorithm>
#include <charconv>

#include "domain/validation.h"

namespace clientele {
namespace {

std::vector<std::string> SplitComma(std::string_view s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find(',', start);
    if (end == std::string_view::npos) end = s.size();
    std::string item = validation::Trim(s.substr(start, end - start));
    if (!item.empty()) out.push_back(std::move(item));
    start = end + 1;
  }
  return out;
}

std::string Lower(std::string_view s) { return validation::EmailKey(s); }

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

// Substring filters: empty means "no filter", like the original.
void SetContains(std::optional<std::string>& target, const std::string& value,
                 const std::string& name, FieldErrors& errors) {
  if (value.size() > 255) {
    errors.Add(name, "Too long; at most 255 characters.");
    return;
  }
  if (!validation::IsValidUtf8(value)) {
    errors.Add(name, "Must be valid UTF-8 text.");
    return;
  }
  if (!value.empty()) target = value;
}

}  // namespace

std::optional<int64_t> ParseInt(std::string_view s) {
  int64_t v = 0;
  if (s.empty()) return std::nullopt;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

std::optional<bool> ParseBool(std::string_view s) {
  std::string l = Lower(s);
  if (l == "true" || l == "1") return true;
  if (l == "false" || l == "0") return false;
  return std::nullopt;
}

Status ParsePaging(const std::vector<std::pair<std::string, std::string>>& params,
                   std::optional<int64_t>& limit, int64_t& offset, FieldErrors& errors) {
  for (const auto& [key, value] : params) {
    if (key == "limit") {
      auto v = ParseInt(value);
      if (!v || *v < 1 || *v > kMaxPageSize)
        errors.Add("limit", "Must be a whole number from 1 to " + std::to_string(kMaxPageSize) + ".");
      else
        limit = *v;
    } else if (key == "offset") {
      auto v = ParseInt(value);
      if (!v || *v < 0 || *v > kMaxOffset)
        errors.Add("offset",
                   "Must be a whole number from 0 to " + std::to_string(kMaxOffset) + ".");
      else
        offset = *v;
    }
  }
  return Ok();
}

Result<ClientQuery> ParseClientQuery(const std::vector<std::pair<std::string, std::string>>& params,
                                     OrgId caller_org, const std::vector<std::string>& products) {
  ClientQuery q;
  FieldErrors errors;
  (void)ParsePaging(params, q.limit, q.offset, errors);

  auto parse_ids = [&](const std::string& key, const std::string& value,
                       std::vector<ClientId>& out) {
    for (const auto& item : SplitComma(value)) {
      auto v = ParseInt(item);
      if (!v || *v < 1) {
        errors.Add(key, "Use account ids separated by commas.");
        return;
      }
      out.emplace_back(*v);
    }
    if (out.size() > 1000) errors.Add(key, "At most 1000 ids.");
  };
  auto parse_time = [&](const std::string& key, const std::string& value,
                        std::optional<Timestamp>& out) {
    auto t = ParseRfc3339(value);
    if (!t)
      errors.Add(key, "Use an RFC 3339 date-time such as 2026-11-27T10:00:00Z, or a date.");
    else
      out = t;
  };

  for (const auto& [key, value] : params) {
    if (key == "id") {
      auto v = ParseInt(value);
      if (!v || *v < 1)
        errors.Add("id", "Must be an account id.");
      else
        q.ids.emplace_back(*v);
    } else if (key == "id__in") {
      parse_ids(key, value, q.ids);
      if (q.ids.empty() && !errors.Has(key)) q.match_nothing = true;
    } else if (key == "id__in__exclude") {
      parse_ids(key, value, q.exclude_ids);
    } else if (key == "email") {
      SetContains(q.email_contains, value, key, errors);
    } else if (key == "name") {
      SetContains(q.name_contains, value, key, errors);
    } else if (key == "companyName") {
      SetContains(q.company_contains, value, key, errors);
    } else if (key == "custom_id") {
      SetContains(q.custom_id_contains, value, key, errors);
    } else if (key == "users_email") {
      SetContains(q.users_email_contains, value, key, errors);
    } else if (key == "users_name") {
      SetContains(q.users_name_contains, value, key, errors);
    } else if (key == "status") {
      for (const auto& item : SplitComma(value)) {
        auto s = ParseAccountStatus(item);
        if (!s) {
          errors.Add("status", "\"" + item.substr(0, 30) +
                                   "\" is not an account status: use preparation, trial, active, "
                                   "trialend or deleted.");
          break;
        }
        q.statuses.push_back(*s);
      }
    } else if (key == "seller_id") {
      q.filter_seller = true;
      if (Lower(value) == "null" || value.empty()) {
        q.seller.reset();
      } else if (auto v = ParseInt(value); v && *v > 0) {
        q.seller = UserId{*v};
      } else {
        errors.Add("seller_id", "Must be a seller id, or null for accounts without a seller.");
      }
    } else if (key == "reseller_id") {
      auto v = ParseInt(value);
      if (!v)
        errors.Add("reseller_id", "Must be a reseller id.");
      else if (*v != caller_org.value)
        q.match_nothing = true;
    } else if (key == "client_type") {
      if (value == "reseller")
        q.reseller_account = true;
      else if (value == "common")
        q.reseller_account = false;
      else if (value == "sales")
        q.match_nothing = true;  // no such accounts here
      else
        errors.Add("client_type", "Use reseller or common.");
    } else if (key == "country_code") {
      q.filter_country = true;
      if (Lower(value) == "null") {
        q.country_code.reset();
      } else if (auto bad = validation::CheckCountryCode(value)) {
        errors.Add("country_code", *bad);
      } else {
        q.country_code = validation::ToUpperAscii(value);
      }
    } else if (key == "created_at_gte") {
      parse_time(key, value, q.created_gte);
    } else if (key == "created_at_lte") {
      parse_time(key, value, q.created_lte);
    } else if (key == "personal_product_availability") {
      for (const auto& item : SplitComma(value)) {
        std::string upper = validation::ToUpperAscii(item);
        if (std::find(products.begin(), products.end(), upper) == products.end()) {
          errors.Add(key, "\"" + item.substr(0, 30) + "\" is not a product.");
          break;
        }
        q.personal_availability.push_back(upper);
      }
    } else if (key == "is_test") {
      auto b = ParseBool(value);
      if (!b)
        errors.Add("is_test", "Use true or false.");
      else
        q.is_test = *b ? FlagFilter::kOnlyTrue : FlagFilter::kOnlyFalse;
    } else if (key == "deleted") {
      // The contract: true = only deleted, false = only live, any other value = all.
      std::string l = Lower(value);
      q.deleted = l == "true"    ? FlagFilter::kOnlyTrue
                  : l == "false" ? FlagFilter::kOnlyFalse
                                 : FlagFilter::kAll;
    } else if (key == "ordering") {
      for (const auto& item : SplitComma(value)) {
        bool desc = item.front() == '-';
        auto field = ParseOrderField(desc ? std::string_view(item).substr(1) : item);
        if (!field) {
          errors.Add("ordering", "\"" + item.substr(0, 30) +
                                     "\" can't be used: order by id, email, name, status, "
                                     "companyName, custom_id or created_at.");
          break;
        }
        q.ordering.push_back({*field, desc});
      }
    } else {
      // A product's status filter: cdn, storage, ...
      std::string upper = validation::ToUpperAscii(key);
      if (std::find(products.begin(), products.end(), upper) == products.end()) continue;
      std::vector<ProductStatus> statuses;
      for (const auto& item : SplitComma(value)) {
        auto s = ParseProductStatus(item);
        if (!s) {
          errors.Add(key, "\"" + item.substr(0, 30) +
                              "\" is not a product status: use new, trial, trialend, active, "
                              "paused or deleted.");
          break;
        }
        statuses.push_back(*s);
      }
      if (!statuses.empty()) q.product_statuses.emplace_back(upper, std::move(statuses));
    }
  }
  if (!errors.empty()) return errors.ToError();
  return q;
}

}  // namespace clientele
