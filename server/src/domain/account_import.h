#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/time.h"
#include "domain/account_import_format.h"
#include "domain/storage/unit_of_work.h"

// Importing customer accounts into one organisation (`clientele import accounts`; an upload of
// the Admin Portal later): records read by ImportParser are checked against the rules of
// accounts made through the API and written in batches.
//
// What an imported account gets, compared with POST /iam/users:
// - the same checks of its fields (CheckNewAccountFields), and its seller named by e-mail
//   (a live seller of the organisation);
// - one service per catalog product, with the file's activation and status; a status other
//   than new is entered at the time of the import with the organisation's timing, as a manual
//   change would be (a trial ends after the trial days; trialend and paused are deleted after
//   the days to Deleted). A product in trial or active that the organisation hides by default
//   is made visible for the account (such products may not be hidden). A deleted account is
//   stored as deleting it leaves it: every product deleted and not activated;
// - the account status computed from the products (ComputeAccountStatus), recorded as its
//   first status change;
// - unless deleted, its first user like account creation makes it (the account's e-mail,
//   Administrators) but with no password, not activated and not yet invited: the reseller
//   sends the invitation later (POST /iam/auth/renew_invitation), and the person chooses a
//   password through its link;
// - no e-mail to anyone.
// An account whose e-mail another account of the organisation has (live or deleted) is skipped
// and counted, so running the same file again imports only what is missing. An e-mail that a
// person of the organisation has (a seller, a user of another account) is an error of its line,
// like an e-mail given twice in the file.
namespace clientele {

// Why a line (or CSV row) was not imported. `field` is empty when the line as a whole is bad.
struct ImportError {
  int64_t line = 0;
  std::string field;
  std::string reason;
};

struct ImportSummary {
  int64_t records = 0;           // accounts read: JSON lines or CSV rows
  int64_t imported = 0;          // committed; in a dry run, those that would be
  int64_t skipped_existing = 0;  // an account of the organisation has the e-mail already
  int64_t failed = 0;            // refused, with their ImportErrors
};

struct ImportOptions {
  // Check everything, reading the database, but write nothing.
  bool dry_run = false;
  // Records per unit of work: each batch commits whole or not at all. (The account change log
  // lists up to 20,000 accounts per unit; a larger batch makes every server reload its account
  // index instead of catching up.)
  size_t batch_size = 10000;
  // Called with the errors of each batch in line order, once the batch is decided; on the
  // thread that calls Add and Finish.
  std::function<void(const ImportError&)> on_error;
  // Called after each batch with the totals so far; likewise.
  std::function<void(const ImportSummary&)> on_progress;
};

class AccountImport {
 public:
  // The organisation whose Reseller signs in with `reseller_email`: kNotFound if none;
  // kFailedPrecondition if several organisations have one (then name it by id).
  static Result<OrgId> OrganisationOfReseller(storage::Database& db,
                                              const std::string& reseller_email);

  // Reads what the checks need: the organisation (kNotFound if there is none), its lifecycle
  // timing and default product visibility, the catalog and the live sellers. `now` is the time
  // of the import: of the first status changes, trial starts and new users.
  static Result<std::unique_ptr<AccountImport>> Start(storage::Database& db, OrgId org,
                                                      ImportOptions options, Timestamp now);
  ~AccountImport();

  // The catalog's product names, for ImportParser.
  const std::vector<std::string>& products() const;

  // Takes the record read at `line`, or the error ImportParser gave for it. A record that
  // breaks a rule is counted as failed; a good one waits for its batch. Every `batch_size`
  // records a batch is handed to a thread of its own to be written, while the caller goes on
  // reading the next; its errors and progress are reported (on the caller's thread) when the
  // next batch is handed over, or by Finish. An error return means that a batch failed in the
  // database: it was rolled back, earlier batches stay committed, and the message says so and
  // where the import stopped; later calls return the same error.
  Status Add(int64_t line, Result<ImportRecord> record);
  // Writes the last batch and waits for every write. Same errors as Add.
  Status Finish();

  const ImportSummary& summary() const;

 private:
  struct Pending;
  struct Batch;
  struct State;
  explicit AccountImport(std::unique_ptr<State> state);
  // Hands the batch read so far to the writer, after collecting the one before.
  Status Flush();
  // Waits for the batch being written and takes in what it came to.
  Status Collect();
  static Batch Write(const State& s, Batch batch);
  std::unique_ptr<State> s_;
};

}  // namespace clientele
