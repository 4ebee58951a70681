#pragma once

#include <optional>
#include <string>

#include "http/message.h"

namespace clientele::http {

// Serves the portals' production bundle (web/dist) from `root`. Paths that name no file get
// index.html, so the single-page app can route them. Never leaves `root`.
class StaticFiles {
 public:
  explicit StaticFiles(std::string root) : root_(std::move(root)) {}
  // nullopt when `path` belongs to the API or there is no bundle.
  std::optional<Response> Serve(const Request& request) const;

 private:
  std::string root_;
};

}  // namespace clientele::http
