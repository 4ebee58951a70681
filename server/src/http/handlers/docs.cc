#include <string_view>
#include <utility>
#include <vector>

#include "http/errors.h"
#include "http/handlers/handlers.h"

namespace clientele::http {
extern const std::vector<std::pair<std::string_view, std::string_view>> kOpenApiDocument;
}

namespace clientele::http::handlers {

Response Health(Context&) { return MessageResponse(200, "ok"); }

Response OpenApiDocument(Context&) {
  Response r;
  r.content_type = "application/yaml; charset=utf-8";
  r.body = std::string(kOpenApiDocument.front().second);
  return r;
}

}  // namespace clientele::http::handlers
