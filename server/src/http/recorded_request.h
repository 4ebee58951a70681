#pragma once

#include <string>
#include <string_view>
#include <vector>

// What the activity log keeps of a request. An allow-list, not a list of secret-looking names:
// a field is recorded as given only once someone has listed it for its route, so a new field
// (or a new route) stays out of the log until that decision is made.
namespace clientele::http {

inline constexpr std::string_view kMasked = "********";

// The body fields one route records as given. A field is a path: "email",
// "publicSettings.brandName" (a key of an object), "services[].product_name" (a key of every
// element of a list), "[].available" (of every element of a body that is a list). A path names
// its whole value: "filters" keeps the object as sent.
struct RecordedFields {
  std::string_view method;
  std::string_view pattern;  // exactly as in http/routes.cc
  std::vector<std::string_view> fields;
};

// One entry per state-changing route (a unit test holds the route table to it).
const std::vector<RecordedFields>& RecordedBodyFields();
const RecordedFields* FindRecordedFields(std::string_view method, std::string_view pattern);

// The body as the activity log keeps it: the route's fields as given; every other field by its
// name with the value "********" (null stays null), so one can see it was sent; an object or list
// with nothing listed inside is "********" as a whole. Empty for an empty body or a route
// without an entry; "(not JSON; not recorded)" for a body that is not JSON.
std::string RecordedBody(std::string_view method, std::string_view pattern, std::string_view body);

// The raw query string with the value of every parameter that is not a known filter or paging
// parameter replaced by "********" (an unknown parameter without a value becomes "********").
// Used for the activity log; no other log carries query strings.
std::string RecordedQuery(std::string_view raw_query);

}  // namespace clientele::http
