#pragma once

#include <array>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"
#include "core/time.h"
#include "domain/client_query.h"
#include "domain/lifecycle_preview.h"
#include "domain/model.h"
#include "domain/storage/unit_of_work.h"

// What needs a reseller's attention and what happens next (issue 16): the Admin Portal's
// overview and the lifecycle preview. Staff only. A seller sees the accounts assigned to them;
// the reseller sees the organisation's. Every read goes through an index: the account index for
// counts, the due-work indexes (migration 0013) for what comes next, the open deletion requests'
// partial index; none reads all of an organisation's accounts.
namespace clientele {

inline constexpr int kMinPreviewDays = 1;
inline constexpr int kMaxPreviewDays = 60;
// The most due services of each kind a preview reads; beyond it the span is cut short (below).
inline constexpr int64_t kPreviewRowLimit = 10'000;

struct LifecyclePreview {
  Timestamp now;
  // Where the events end: now + days, or earlier when more than kPreviewRowLimit services of a
  // kind came due within the span (`truncated`); every event up to `until` is listed.
  Timestamp until;
  bool truncated = false;
  std::vector<lifecycle::PreviewEvent> events;
};

// One line of the overview's lists.
struct AttentionItem {
  ClientId client;
  std::string company_name;
  std::string email;
  std::optional<std::string> product;  // nullopt for a deletion request
  Timestamp at;                        // trial end, deleted_date or the deletion's due time
};

struct Overview {
  Timestamp now;
  Timestamp until;  // now + days: the window of `trials_ending` and `deletions_due`
  // Accounts by status as the Accounts list counts them (test accounts hidden; under kDeleted
  // every deleted account, test or not, as the list's deleted=true shows them).
  std::vector<std::pair<AccountStatus, int64_t>> statuses;
  // Accounts with a product whose trial ends by `until` (count), and the first such products.
  int64_t trials_ending_accounts = 0;
  std::vector<AttentionItem> trials_ending;
  // Accounts with a product in trialend or paused reaching Deleted by `until`, and the first.
  int64_t deletions_due_accounts = 0;
  std::vector<AttentionItem> deletions_due;
  // Open deletion requests, soonest deletion first.
  int64_t deletion_requests_count = 0;
  std::vector<AttentionItem> deletion_requests;
  // The latest account status changes, newest first, with the account's company.
  std::vector<std::pair<AccountStatusChange, std::string>> status_changes;
};

inline constexpr int kOverviewItems = 10;

class AttentionService {
 public:
  explicit AttentionService(storage::Database& db) : db_(db) {}

  // The lifecycle events of the next `days` days (kMinPreviewDays..kMaxPreviewDays, else a
  // field error on "days"): of one account (kNotFound if not the caller's organisation's), or
  // of the organisation (a seller: their accounts).
  Result<LifecyclePreview> Preview(const Caller& caller, int days, std::optional<ClientId> client,
                                   Timestamp now);

  // The overview over the next `days` days (as Preview).
  Result<Overview> GetOverview(const Caller& caller, int days, Timestamp now);

 private:
  storage::Database& db_;
};

// The account list's `trial_end_lte` and `deleted_date_lte` as the ids they mean, inside the
// list's own unit of work, intersected with what `query` already asks (AccountService calls it
// before the storage sees the query, as for `deletion_requested`). Reads the matching services
// through the due-work indexes: what it costs grows with the matches, not the organisation.
Status ResolveDueFilters(storage::Tx& tx, OrgId org, ClientQuery& query);

}  // namespace clientele
