#include "http/handlers/common.h"

#include <boost/json.hpp>
#include <boost/url.hpp>

#include <cassert>
#include <cctype>

#include "http/errors.h"

namespace clientele::http::handlers {

namespace {

boost::json::value Link(const Request& request, int64_t limit, int64_t offset) {
  boost::urls::url url;
  // Behind a TLS-terminating proxy the links must say https.
  const std::string* proto = request.Header("x-forwarded-proto");
  url.set_scheme(proto && *proto == "https" ? "https" : "http");
  const std::string* host = request.Header("host");
  try {
    url.set_encoded_authority(host && !host->empty() ? *host : "localhost");
  } catch (const std::exception&) {
    url.set_encoded_authority("localhost");  // a Host header that is no valid authority
  }
  url.set_path(request.path);
  auto params = url.params();
  for (const auto& [k, v] : request.query_params)
    if (k != "limit" && k != "offset") params.append({k, v});
  params.append({"limit", std::to_string(limit)});
  params.append({"offset", std::to_string(offset)});
  return boost::json::value(std::string(url.buffer()));
}

}  // namespace

bool HasJsonContentType(const Request& request) {
  const std::string* type = request.Header("content-type");
  if (!type) return false;
  std::string media = type->substr(0, type->find(';'));
  while (!media.empty() && (media.back() == ' ' || media.back() == '\t')) media.pop_back();
  while (!media.empty() && (media.front() == ' ' || media.front() == '\t')) media.erase(0, 1);
  for (char& c : media) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return media == "application/json";
}

boost::json::object PageEnvelope(const Request& request, int64_t count, int64_t limit,
                                 int64_t offset, boost::json::array items,
                                 const char* results_key) {
  boost::json::object o;
  o["count"] = count;
  o["next"] = offset + limit < count ? Link(request, limit, offset + limit) : nullptr;
  o["previous"] = offset > 0 ? Link(request, limit, offset > limit ? offset - limit : 0) : nullptr;
  o[results_key] = std::move(items);
  return o;
}

Response PageResponse(const Request& request, int64_t count, int64_t limit, int64_t offset,
                      std::string items, const char* results_key) {
  // The envelope without its results, then the results spliced in before its closing brace.
  Response r = JsonResponse(PageEnvelope(request, count, limit, offset, {}, results_key));
  constexpr std::string_view kEmptyResults = "[]}";  // the results are the envelope's last key
  assert(r.body.ends_with(kEmptyResults));
  r.body.resize(r.body.size() - kEmptyResults.size());
  r.body += items;
  r.body += '}';
  return r;
}

}  // namespace clientele::http::handlers
