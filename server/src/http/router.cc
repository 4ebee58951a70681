#include "http/router.h"

namespace clientele::http {
namespace {

std::vector<std::string> Split(const std::string& path) {
  std::vector<std::string> out;
  size_t start = 1;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    out.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  // A trailing slash is the same resource, as in the original.
  if (!out.empty() && out.back().empty() && out.size() > 1) out.pop_back();
  return out;
}

}  // namespace

void Router::Add(std::string method, std::string pattern, RouteHandler handler, Access access) {
  routes_.push_back({std::move(method), Split(pattern), handler, access, pattern});
}

std::vector<std::pair<std::string, std::string>> Router::Routes() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& route : routes_) out.emplace_back(route.method, route.pattern);
  return out;
}

Router::Match Router::Find(const std::string& method, const std::string& path) const {
  Match match;
  if (path.empty() || path.front() != '/') return match;
  auto segments = Split(path);
  for (const auto& route : routes_) {
    if (route.segments.size() != segments.size()) continue;
    std::map<std::string, std::string> params;
    bool ok = true;
    for (size_t i = 0; i < segments.size() && ok; ++i) {
      const auto& want = route.segments[i];
      if (want.size() > 2 && want.front() == '{' && want.back() == '}')
        ok = !segments[i].empty() && (params[want.substr(1, want.size() - 2)] = segments[i], true);
      else
        ok = want == segments[i];
    }
    if (!ok) continue;
    if (route.method == method || (method == "HEAD" && route.method == "GET")) {
      match.handler = route.handler;
      match.access = route.access;
      match.params = std::move(params);
      match.pattern = route.pattern;
      return match;
    }
    match.allowed_methods.push_back(route.method);
  }
  return match;
}

}  // namespace clientele::http
