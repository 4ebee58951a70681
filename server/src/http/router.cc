#include "http/router.h"

#include <algorithm>

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

void Router::Add(std::string method, std::string pattern, RouteHandler handler,
                 Permission permission, Audit audit) {
  auto segments = Split(pattern);
  routes_.push_back({std::move(method), std::move(pattern), std::move(segments), handler,
                     permission, audit});
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
      match.route = &route;
      match.params = std::move(params);
      return match;
    }
    // Several patterns can match one path ("me" and "{clientId}"): name each method once.
    const auto& allowed = match.allowed_methods;
    if (std::find(allowed.begin(), allowed.end(), route.method) == allowed.end())
      match.allowed_methods.push_back(route.method);
  }
  return match;
}

}  // namespace clientele::http
