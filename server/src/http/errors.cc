#include "http/errors.h"

#include <boost/json.hpp>
#include <cstring>
#include <spdlog/spdlog.h>

namespace clientele::http {
namespace {

// The {"message"} answer to `e`, with its details beside the message.
Response MessageAnswer(int status, const Error& e, std::string_view message) {
  if (e.details.empty()) return MessageResponse(status, message);
  boost::json::object body;
  for (const auto& [name, value] : e.details) body[name] = value;
  body["message"] = message;  // never replaced by a detail
  return JsonResponse(body, status);
}

}  // namespace

size_t Utf8SequenceAt(std::string_view s, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
  unsigned char c = byte(0);
  if (c < 0x80) return 1;
  size_t n = c >= 0xC2 && c <= 0xDF   ? 2
             : c >= 0xE0 && c <= 0xEF ? 3
             : c >= 0xF0 && c <= 0xF4 ? 4
                                      : 0;
  if (n == 0 || i + n > s.size()) return 0;
  unsigned char lo = 0x80, hi = 0xBF;  // the second byte's range
  if (c == 0xE0) lo = 0xA0;
  if (c == 0xED) hi = 0x9F;
  if (c == 0xF0) lo = 0x90;
  if (c == 0xF4) hi = 0x8F;
  if (byte(1) < lo || byte(1) > hi) return 0;
  for (size_t k = 2; k < n; ++k)
    if ((byte(k) & 0xC0) != 0x80) return 0;
  return n;
}

std::string ToValidUtf8(std::string s) {
  // Nearly every text is valid, mostly ASCII: find the first bad byte eight ASCII bytes at a
  // time, and hand the text back untouched when there is none.
  size_t i = 0;
  while (i < s.size()) {
    uint64_t word;
    if (i + 8 <= s.size() && (std::memcpy(&word, s.data() + i, 8), (word & 0x8080808080808080u) == 0)) {
      i += 8;
      continue;
    }
    size_t n = Utf8SequenceAt(s, i);
    if (n == 0) break;
    i += n;
  }
  if (i == s.size()) return s;
  std::string out(s, 0, i);
  out.reserve(s.size() + 8);
  while (i < s.size()) {
    if (size_t n = Utf8SequenceAt(s, i)) {
      out.append(s, i, n);
      i += n;
    } else {
      out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
      ++i;
    }
  }
  return out;
}

Response JsonResponse(const boost::json::value& body, int status) {
  Response r;
  r.status = status;
  // Boost.JSON writes strings' bytes as they are; messages and stored values can echo input
  // that is not UTF-8 (a query parameter, a path), and a JSON text must be UTF-8.
  r.body = ToValidUtf8(boost::json::serialize(body));
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

Response NotJsonResponse() {
  return MessageResponse(415, "Send the body as JSON, with Content-Type: application/json.");
}

Response ErrorResponse(const Error& e) {
  switch (e.code) {
    case ErrorCode::kInvalidArgument: {
      if (e.fields.empty()) return MessageAnswer(400, e, e.message);
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
      Response r = MessageAnswer(401, e, e.message);
      r.SetHeader("WWW-Authenticate", "Bearer, APIKey");
      return r;
    }
    case ErrorCode::kPermissionDenied: {
      // Refusals with details (e.g. the products that block hiding) carry them as lists.
      boost::json::object body;
      for (const auto& [name, value] : e.details) body[name] = value;
      body["message"] = e.message;
      for (const auto& [name, items] : e.fields) {
        boost::json::array list;
        for (const auto& i : items) list.emplace_back(i);
        body[name] = std::move(list);
      }
      return JsonResponse(body, 403);
    }
    case ErrorCode::kNotFound:
      return MessageAnswer(404, e, e.message.empty() ? "Not found." : e.message);
    case ErrorCode::kAlreadyExists:
    case ErrorCode::kFailedPrecondition:
      return MessageAnswer(409, e, e.message);
    case ErrorCode::kTooManyRequests: {
      Response r = MessageAnswer(429, e, e.message);
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

Response MethodNotAllowedResponse(std::string_view method, const std::vector<std::string>& allowed) {
  Response r = MessageResponse(405, "Method \"" + std::string(method) + "\" not allowed.");
  std::string allow;
  for (const auto& m : allowed) allow += (allow.empty() ? "" : ", ") + m;
  r.SetHeader("Allow", allow);
  return r;
}

}  // namespace clientele::http
