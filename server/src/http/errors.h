#pragma once

#include <boost/json/value.hpp>

#include "core/error.h"
#include "http/message.h"

namespace clientele::http {

// The one place where error codes become HTTP statuses and bodies.
Response ErrorResponse(const Error& error);
Response JsonResponse(const boost::json::value& body, int status = 200);
Response MessageResponse(int status, std::string_view message);
Response NoContent();

}  // namespace clientele::http
