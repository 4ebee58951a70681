#include "domain/client_query.h"

#include <charconv>

#include "domain/validation.h"

namespace clientele {
namespace {

std::string Lower(std::string_view s) { return validation::EmailKey(s); }

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

}  // namespace clientele
