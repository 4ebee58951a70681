#include "http/query/params.h"

#include "domain/client_query.h"
#include "domain/validation.h"

namespace clientele::http::query {

void ReadPaging(const Params& params, Paging& paging, FieldErrors& errors) {
  for (const auto& [key, value] : params) {
    if (key == "limit") {
      auto v = ParseInt(value);
      if (!v || *v < 1 || *v > kMaxPageSize)
        errors.Add("limit", "Must be a whole number from 1 to " + std::to_string(kMaxPageSize) + ".");
      else
        paging.limit = *v;
    } else if (key == "offset") {
      auto v = ParseInt(value);
      if (!v || *v < 0 || *v > kMaxOffset)
        errors.Add("offset",
                   "Must be a whole number from 0 to " + std::to_string(kMaxOffset) + ".");
      else
        paging.offset = *v;
    }
  }
}

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

std::optional<int64_t> ReadId(const std::string& key, const std::string& value,
                              std::string_view message, FieldErrors& errors) {
  auto v = ParseInt(value);
  if (v && *v >= 1) return v;
  errors.Add(key, std::string(message));
  return std::nullopt;
}

std::optional<Timestamp> ReadTime(const std::string& key, const std::string& value,
                                  FieldErrors& errors) {
  auto t = ParseRfc3339(value);
  if (!t) errors.Add(key, "Use an RFC 3339 date-time such as 2026-11-27T10:00:00Z, or a date.");
  return t;
}

std::optional<bool> ReadBool(const std::string& key, const std::string& value,
                             FieldErrors& errors) {
  auto b = ParseBool(value);
  if (!b) errors.Add(key, "Use true or false.");
  return b;
}

}  // namespace clientele::http::query
