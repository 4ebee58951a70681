#pragma once

#include <optional>
#include <string>

#include "http/message.h"

namespace clientele::http {

// Serves the portals' production bundle (web/dist) from `root`. Paths that name no file get
// index.html, so the single-page app can route them. Never leaves `root`. A file's ".br" or
// ".gz" twin, when there is one, goes out instead as the client's Accept-Encoding allows
// (with Content-Encoding and Vary); every answer has an ETag, and a matching If-None-Match
// gets 304.
class StaticFiles {
 public:
  explicit StaticFiles(std::string root) : root_(std::move(root)) {}
  // nullopt when `path` belongs to the API or there is no bundle.
  std::optional<Response> Serve(const Request& request) const;

 private:
  std::string root_;
};

}  // namespace clientele::http
