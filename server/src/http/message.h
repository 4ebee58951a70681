#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace clientele::http {

// A request as handlers see it: no Beast types. Header names are lower-case.
struct Request {
  std::string method;  // "GET", "POST", ...
  std::string target;  // raw request target, e.g. "/iam/clients?limit=10"
  std::string path;    // percent-decoded path without the query, e.g. "/iam/clients"
  std::string query;   // raw query string without '?', e.g. "limit=10&offset=0"
  std::vector<std::pair<std::string, std::string>> query_params;  // decoded, in order
  std::map<std::string, std::string> headers;                     // lower-case names
  std::string body;
  std::string remote_ip;

  const std::string* Header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? nullptr : &it->second;
  }
  // First value of a query parameter, if present.
  std::optional<std::string> Query(const std::string& name) const {
    for (const auto& [k, v] : query_params)
      if (k == name) return v;
    return std::nullopt;
  }
};

// Where a streamed body goes (Response::stream). Write() blocks until the chunk is on its way to
// the client, so a producer never runs ahead of a slow reader; it returns false once the client
// has gone or stopped reading for too long.
class BodyWriter {
 public:
  virtual ~BodyWriter() = default;
  virtual bool Write(std::string_view chunk) = 0;
};

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;  // added to the defaults
  std::string body;
  std::string content_type = "application/json";
  // Set instead of `body` for a body too long to hold: called on a worker thread after the
  // headers are sent (chunked), writing the body as it is produced. Must not throw.
  std::function<void(BodyWriter&)> stream;
  // A streamed change whose outcome only the stream knows: it sets the text the activity log
  // reads as the answer, and the request is recorded once the stream has ended.
  std::shared_ptr<std::string> recorded_answer;

  // For headers that may repeat, such as Set-Cookie.
  void AddHeader(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
  }
  void SetHeader(std::string name, std::string value) {
    for (auto& [k, v] : headers)
      if (k == name) {
        v = std::move(value);
        return;
      }
    headers.emplace_back(std::move(name), std::move(value));
  }
};

}  // namespace clientele::http
