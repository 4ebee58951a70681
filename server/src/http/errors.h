#pragma once

#include <boost/json/value.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "http/message.h"

namespace clientele::http {

// The one place where error codes become HTTP statuses and bodies.
Response ErrorResponse(const Error& error);
Response JsonResponse(const boost::json::value& body, int status = 200);
Response MessageResponse(int status, std::string_view message);
Response NoContent();
// 415 {"message": ...}: a body that must be JSON does not say it is (handlers/common.h).
Response NotJsonResponse();
// 405 with Allow: the path exists, the method does not.
Response MethodNotAllowedResponse(std::string_view method, const std::vector<std::string>& allowed);

// Length of the well-formed UTF-8 sequence at s[i] (RFC 3629: no overlongs, no surrogates,
// nothing above U+10FFFF), or 0 if there is none.
size_t Utf8SequenceAt(std::string_view s, size_t i);

// `s` with every byte that does not start a well-formed UTF-8 sequence replaced by U+FFFD.
std::string ToValidUtf8(std::string s);

}  // namespace clientele::http
