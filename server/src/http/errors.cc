#include "http/errors.h"

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

namespace clientele::http {

Response JsonResponse(const boost::json::value& body, int status) {
  Response r;
  r.status = status;
  r.body = boost::json::serialize(body);
  return r;
}

Response MessageResponse(int status, std::string_view message) {
  boost::json::object body;
  body["message"] = message;
  return JsonResponse(body, status);
}

Response NoContent() {
  Response r;
  r.status = 204;
  return r;
}

Response ErrorResponse(const Error& e) {
  switch (e.code) {
    case ErrorCode::kInvalidArgument: {
      if (e.fields.empty()) return MessageResponse(400, e.message);
      boost::json::object fields;
      for (const auto& [name, messages] : e.fields) {
        boost::json::array list;
        for (const auto& m : messages) list.emplace_back(m);
        fields[name] = std::move(list);
      }
      boost::json::object body;
      body["errors"] = std::move(fields);
      return JsonResponse(body, 400);
    }
    case ErrorCode::kUnauthenticated: {
      Response r = MessageResponse(401, e.message);
      r.SetHeader("WWW-Authenticate", "Bearer, APIKey");
      return r;
    }
    case ErrorCode::kPermissionDenied: {
      // Refusals with details (e.g. the products that block hiding) carry them as lists.
      boost::json::object body;
      body["message"] = e.message;
      for (const auto& [name, items] : e.fields) {
        boost::json::array list;
        for (const auto& i : items) list.emplace_back(i);
        body[name] = std::move(list);
      }
      return JsonResponse(body, 403);
    }
    case ErrorCode::kNotFound:
      return MessageResponse(404, e.message.empty() ? "Not found." : e.message);
    case ErrorCode::kAlreadyExists:
    case ErrorCode::kFailedPrecondition:
      return MessageResponse(409, e.message);
    case ErrorCode::kTooManyRequests: {
      Response r = MessageResponse(429, e.message);
      r.SetHeader("Retry-After", std::to_string(e.retry_after_seconds));
      return r;
    }
    case ErrorCode::kUnavailable: {
      Response r =
          MessageResponse(503, "The service is temporarily unavailable; try again shortly.");
      if (e.retry_after_seconds > 0)
        r.SetHeader("Retry-After", std::to_string(e.retry_after_seconds));
      return r;
    }
    case ErrorCode::kInternal:
      break;
  }
  spdlog::error("internal error: {}", e.message);
  return MessageResponse(500, "Internal server error.");
}

}  // namespace clientele::http
