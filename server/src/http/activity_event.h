#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/ids.h"
#include "core/time.h"

// What a recorded request did, for people to read (issue #17): "CDN: new → trial", "User
// bob@… blocked", "Account created". Built once, when the request has been answered, from what
// the activity log keeps of it (its route, path parameters and recorded body, secrets already
// masked) and from its answer (which names what the path does not: the new account, the person
// edited, the status a product left). Both portals and API scripts read the same event.
//
// The event is a JSON object; every key but "action" is left out when it does not apply:
//   action   what happened, a stable name per route: "product_updated", "user_blocked", ...
//            ("viewed" for a read while acting as a customer, "request" when no route matched)
//   account  the account it concerns (also ActivityEntry::subject)
//   product  the product (its catalog name, "CDN")
//   from, to the product's status before and after (a change of status); `to` alone when the
//            change was refused
//   target   whom or what it was done to: an e-mail, a token's or preset's name, "#12"
//   fields   what was sent, as the activity log recorded it (secrets masked): the fields of an
//            edit, a product's visibility per product, a note
namespace clientele::http {

struct RequestForLog {
  std::string_view method;
  std::string_view route;  // the route's pattern as in routes.cc; empty when none matched
  const std::map<std::string, std::string>* params = nullptr;  // the path's parameters
  std::string_view path;
  std::string_view recorded_body;  // RecordedBody(...)
  int status = 0;
  std::string_view answer;  // the response body (JSON, or empty)
  // The caller's own account when the caller is a customer user: the account its requests
  // concern unless they name another.
  std::optional<ClientId> caller_account;
  Timestamp now;
};

struct ActivityEvent {
  std::optional<ClientId> account;
  std::string json;
};

ActivityEvent DescribeRequest(const RequestForLog& request);

// The action of a route ("request" for none): every state-changing route has its own, which a
// unit test holds the route table to.
std::string_view ActionOf(std::string_view method, std::string_view route);

}  // namespace clientele::http
