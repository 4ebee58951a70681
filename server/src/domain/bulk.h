#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/time.h"
#include "domain/account_import.h"
#include "domain/lifecycle.h"
#include "domain/model.h"
#include "domain/storage/unit_of_work.h"

// Work on many accounts at once (issue 16): one action applied to a selection of accounts in
// batches, each batch one unit of work, with a result per account; and the Admin Portal's CSV
// upload of accounts, which runs `clientele import accounts`' own code (AccountImport).
namespace clientele {

enum class BulkKind { kAssignSeller, kSetTest, kSetVisibility, kSetProductStatus };

// What a bulk action does to each account. Only the fields of its kind are read.
struct BulkAction {
  BulkKind kind = BulkKind::kSetTest;
  std::optional<UserId> seller;  // kAssignSeller; nullopt unassigns
  bool is_test = false;          // kSetTest
  std::string product;           // kSetVisibility, kSetProductStatus: a catalog name
  bool available = false;        // kSetVisibility: the account's own (personal) value
  ProductStatus status = ProductStatus::kActive;  // kSetProductStatus
};

enum class BulkOutcome { kChanged, kUnchanged, kRefused, kNotFound };
const char* ToString(BulkOutcome outcome);

struct BulkResult {
  ClientId client;
  BulkOutcome outcome = BulkOutcome::kUnchanged;
  std::string reason;  // why it was refused
};

struct BulkProgress {
  int64_t total = 0;  // accounts selected
  int64_t done = 0;   // accounts decided so far (their batches committed)
  int64_t changed = 0, unchanged = 0, refused = 0, not_found = 0;
  void Count(const BulkResult& r);
};

struct BulkDecision {
  BulkOutcome outcome = BulkOutcome::kUnchanged;
  std::string reason;
};

// The rules for one account, pure. `client` is changed in place when the outcome is kChanged.
// A deleted account is refused.
BulkDecision DecideForAccount(const BulkAction& action, Client& client);
// The same for the account's service of the action's product. `default_visible`: the
// organisation's default visibility of that product. A status change follows the manual rules
// (lifecycle::CheckManualTransition) and needs the product visible; hiding is refused while
// the product is in trial or active. `service` is changed in place when kChanged.
BulkDecision DecideForService(const BulkAction& action, const Client& client, Service& service,
                              bool default_visible, const lifecycle::Timing& timing,
                              Timestamp now);

// What the CSV upload reports: the totals (created, or to be created in a dry run; skipped as
// existing; refused) and each refused line with its number.
struct UploadReport {
  ImportSummary summary;
  std::vector<ImportError> errors;
  bool completed = true;  // false: a batch failed in the database; `error` says where
  std::string error;
};

class BulkService {
 public:
  explicit BulkService(storage::Database& db) : db_(db) {}

  // Accounts per unit of work.
  static constexpr size_t kBatch = 500;
  // Accounts one request may name by id (a larger selection goes by the list's filter).
  static constexpr size_t kMaxIds = 10000;

  // Staff only. Checks what the action names before anything is written: the seller (a seller
  // of the caller's organisation), the product (in the catalog). kInvalidArgument naming the
  // field otherwise.
  Status Check(const Caller& caller, const BulkAction& action);

  // Applies `action` to `ids` (accounts of the caller's organisation; any other id is
  // kNotFound in its result), kBatch accounts per unit of work, in the order given. After each
  // batch commits, `batch_done` gets its results and the totals so far; returning false stops
  // (the reader went away). An error: the batch that failed was rolled back, the ones before
  // stay.
  using BatchDone =
      std::function<bool(const std::vector<BulkResult>& batch, const BulkProgress& progress)>;
  Status Apply(const Caller& caller, const BulkAction& action, std::span<const ClientId> ids,
               Timestamp now, const BatchDone& batch_done);

  // Checks an upload before it starts (staff): some text, and a header row the import can read
  // (kInvalidArgument on "csv" naming line 1 otherwise).
  Status CheckUpload(const Caller& caller, std::string_view csv);
  // The CSV upload of accounts (staff): the text of a file as `clientele import accounts
  // --format csv` reads it, checked and written by AccountImport in batches of `batch_size`
  // (nothing written when `dry_run`). `progress` is called after each batch. A header that
  // can't be used is kInvalidArgument on field "csv" (nothing is read after it).
  Result<UploadReport> Upload(const Caller& caller, std::string_view csv, bool dry_run,
                              Timestamp now, size_t batch_size,
                              const std::function<void(const ImportSummary&)>& progress);

 private:
  storage::Database& db_;
};

}  // namespace clientele
