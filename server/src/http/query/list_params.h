#pragma once

#include "core/result.h"
#include "domain/accounts.h"
#include "domain/activity.h"
#include "domain/people.h"
#include "http/query/params.h"

// The query strings of the other list endpoints, each by its table (list_params.cc).
namespace clientele::http::query {

// GET /iam/activity: client_id (client), user_id (user), method, path, status_code,
// requested_at_gte, requested_at_lte.
Result<storage::ActivityQuery> ParseActivityQuery(const Params& params);
// GET .../status_changes: client_id (client), status_change_at_gte, status_change_at_lte.
Result<storage::StatusChangeQuery> ParseStatusChangeQuery(const Params& params);
// GET /iam/admin/sellers: id (id__in), id__contains, email, full_name, activated, blocked,
// deleted, ordering.
Result<storage::Tx::SellerQuery> ParseSellerQuery(const Params& params);
// GET /iam/deletion_requests: client_id (account ids, comma-separated, at most 1000).
Result<std::vector<ClientId>> ParseOpenDeletionQuery(const Params& params);
// Lists without filters: limit and offset only.
Result<Paging> ParsePaging(const Params& params);

}  // namespace clientele::http::query
