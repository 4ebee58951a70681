#pragma once

#include <string>
#include <vector>

#include "core/ids.h"
#include "core/result.h"
#include "domain/client_query.h"
#include "http/query/params.h"

namespace clientele::http::query {

// Parses the query parameters of GET /iam/clients (the original's names). Unknown parameters
// are ignored; a known parameter with a malformed value is a kInvalidArgument naming it.
// `products` is the catalog (upper-case names); their lower-case names are status filters.
Result<ClientQuery> ParseClientQuery(const Params& params, OrgId caller_org,
                                     const std::vector<std::string>& products);

}  // namespace clientele::http::query
