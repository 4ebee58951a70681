#include "domain/account_import.h"

#include <algorithm>
#include <functional>
#include <future>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "domain/account_status.h"
#include "domain/accounts.h"
#include "domain/lifecycle.h"
#include "domain/validation.h"

namespace clientele {
namespace {

// The e-mails of the file so far are remembered by a 128-bit fingerprint of their key rather
// than the key itself: a million keys take a third of the memory, and two keys share a
// fingerprint with a chance of about 1e-27.
struct KeyPrint {
  uint64_t a = 0;
  uint64_t b = 0;
  bool operator==(const KeyPrint&) const = default;
};

struct KeyPrintHash {
  size_t operator()(const KeyPrint& k) const { return static_cast<size_t>(k.a); }
};

KeyPrint PrintOf(std::string_view key) {
  uint64_t fnv = 14695981039346656037ull;  // FNV-1a, beside the standard library's hash
  for (unsigned char c : key) {
    fnv ^= c;
    fnv *= 1099511628211ull;
  }
  return {std::hash<std::string_view>{}(key), fnv};
}

constexpr const char* kPersonHasEmail =
    "A person of this organisation (a seller, or a user of another account) has this e-mail.";

}  // namespace

// An account that passed the checks, waiting for its batch.
struct AccountImport::Pending {
  int64_t line = 0;
  std::string key;  // validation::EmailKey of the e-mail
  Client client;
  std::vector<Service> services;  // one per catalog product
};

// One batch: what was read, and once written, what it came to.
struct AccountImport::Batch {
  int64_t first_line = 0;
  int64_t last_line = 0;
  std::vector<Pending> accounts;    // passed the checks
  std::vector<ImportError> errors;  // the checks' errors, then the database's
  int64_t imported = 0;
  int64_t skipped = 0;
  int64_t refused = 0;  // by the database look-ups (the checks count their own at once)
  Status written;
};

struct AccountImport::State {
  State(storage::Database& database, OrgId organisation, ImportOptions opts, Timestamp at)
      : db(database), org(organisation), options(std::move(opts)), now(at) {}

  storage::Database& db;
  OrgId org;
  ImportOptions options;
  Timestamp now;
  lifecycle::Timing timing;
  std::vector<std::string> products;                         // the catalog, in its order
  std::vector<bool> hidden_by_default;                       // per catalog product
  std::unordered_map<std::string, UserId> sellers;           // live sellers by e-mail key
  std::unordered_map<KeyPrint, int64_t, KeyPrintHash> seen;  // good e-mails of the file: line

  // The batch being read and checked, and the one before it, being written meanwhile on a
  // thread of its own: the checks and the database then use both cores.
  int64_t batch_records = 0;
  Batch batch;
  std::future<Batch> writing;

  ImportSummary summary;
  std::optional<Error> failure;

  void Refuse(int64_t line, const Error& e) {
    if (e.fields.empty()) batch.errors.push_back({line, "", e.message});
    for (const auto& [field, messages] : e.fields)
      for (const auto& m : messages) batch.errors.push_back({line, field, m});
    ++summary.failed;
  }

  // The account `r` describes, after the checks of the rules; the errors of its line otherwise.
  Result<Pending> Check(int64_t line, ImportRecord& r) {
    FieldErrors problems = r.account.type_errors;
    CheckNewAccountFields(r.account, problems);
    std::optional<UserId> seller;
    if (r.seller_email && !problems.Has("seller")) {
      auto found = sellers.find(validation::EmailKey(*r.seller_email));
      if (found == sellers.end())
        problems.Add("seller", "No seller of this organisation has this e-mail.");
      else
        seller = found->second;
    }
    if (r.created_at && *r.created_at > now) problems.Add("created_at", "Lies in the future.");
    std::string key = validation::EmailKey(r.account.email);
    KeyPrint print = PrintOf(key);
    if (!problems.Has("email"))
      if (auto first = seen.find(print); first != seen.end())
        problems.Add("email", "Also on line " + std::to_string(first->second) +
                                  ": an e-mail has one account.");
    if (!problems.empty()) return problems.ToError();
    seen.emplace(print, line);

    Pending p;
    p.line = line;
    p.key = std::move(key);
    p.client = NewAccountDraft(org, r.account);
    Client& c = p.client;
    c.seller = seller;
    c.deleted = r.deleted;
    if (r.deleted) c.deleted_at = now;
    c.created_at = r.created_at.value_or(now);
    c.updated_at = now;
    std::vector<ProductStatus> statuses;
    statuses.reserve(products.size());
    for (size_t i = 0; i < products.size(); ++i) {
      Service v;
      v.org = org;
      v.product = products[i];
      for (const auto& given : r.services) {
        if (given.product != v.product) continue;
        v.enabled = given.enabled;
        lifecycle::Apply(v, given.status, now, timing);
      }
      if (r.deleted) {  // as deleting an account leaves its products (DeleteAccountNow)
        if (v.status != ProductStatus::kDeleted)
          lifecycle::Apply(v, ProductStatus::kDeleted, now, timing);
        v.enabled = false;
      }
      if (hidden_by_default[i] && lifecycle::BlocksHiding(v.status)) v.available = true;
      statuses.push_back(v.status);
      p.services.push_back(std::move(v));
    }
    c.status = ComputeAccountStatus(statuses, r.deleted);
    return p;
  }
};

Result<OrgId> AccountImport::OrganisationOfReseller(storage::Database& db,
                                                    const std::string& reseller_email) {
  std::vector<OrgId> orgs;
  TRY_STATUS(db.Read([&](storage::Tx& tx) -> Status {
    TRY(auto people, tx.FindUsersForSignIn(validation::Trim(reseller_email)));
    for (const auto& u : people)
      if (u.type == UserType::kReseller) orgs.push_back(u.org);
    return Ok();
  }));
  if (orgs.empty())
    return NotFound("No organisation has a Reseller who signs in with " + reseller_email + ".");
  if (orgs.size() > 1)
    return MakeError(ErrorCode::kFailedPrecondition,
                     "Several organisations have a Reseller who signs in with " + reseller_email +
                         "; name the organisation by its id.");
  return orgs.front();
}

Result<std::unique_ptr<AccountImport>> AccountImport::Start(storage::Database& db, OrgId org,
                                                            ImportOptions options, Timestamp now) {
  auto s = std::make_unique<State>(db, org, std::move(options), now);
  s->options.batch_size = std::max<size_t>(1, s->options.batch_size);
  Status loaded = db.Read([&](storage::Tx& tx) -> Status {
    TRY(Organisation o, tx.GetOrganisation(org));
    s->timing = lifecycle::Timing{o.trial_days, o.days_to_deleted};
    TRY(auto catalog, tx.ListProducts());
    TRY(auto defaults, tx.DefaultVisibility(org));
    for (const auto& p : catalog) {
      auto d = std::find_if(defaults.begin(), defaults.end(),
                            [&](const auto& v) { return v.first == p.name; });
      s->products.push_back(p.name);
      s->hidden_by_default.push_back(d != defaults.end() && !d->second);
    }
    TRY(auto sellers, tx.ListSellers(org, {}));
    for (const auto& u : sellers.items) s->sellers.emplace(validation::EmailKey(u.email), u.id);
    return Ok();
  });
  if (!loaded.ok()) {
    if (loaded.error().code == ErrorCode::kNotFound)
      return NotFound("No organisation has the id " + std::to_string(org.value) + ".");
    return std::move(loaded).error();
  }
  return std::unique_ptr<AccountImport>(new AccountImport(std::move(s)));
}

AccountImport::AccountImport(std::unique_ptr<State> state) : s_(std::move(state)) {}
AccountImport::~AccountImport() = default;

const std::vector<std::string>& AccountImport::products() const { return s_->products; }
const ImportSummary& AccountImport::summary() const { return s_->summary; }

Status AccountImport::Add(int64_t line, Result<ImportRecord> record) {
  State& s = *s_;
  if (s.failure) return *s.failure;
  if (s.batch_records == 0) s.batch.first_line = line;
  s.batch.last_line = line;
  ++s.batch_records;
  ++s.summary.records;
  if (!record.ok()) {
    s.Refuse(line, record.error());
  } else {
    auto pending = s.Check(line, *record);
    if (pending.ok())
      s.batch.accounts.push_back(std::move(*pending));
    else
      s.Refuse(line, pending.error());
  }
  if (s.batch_records >= static_cast<int64_t>(s.options.batch_size)) return Flush();
  return Ok();
}

Status AccountImport::Finish() {
  if (s_->failure) return *s_->failure;
  TRY_STATUS(Flush());
  TRY_STATUS(Collect());
  // Many new rows at once: the planner's picture of the tables is refreshed now rather than
  // left to chance (an imported SQLite database has none at all).
  if (!s_->options.dry_run && s_->summary.imported > 0) return s_->db.RefreshStatistics();
  return Ok();
}

Status AccountImport::Flush() {
  State& s = *s_;
  TRY_STATUS(Collect());
  if (s.batch_records == 0) return Ok();
  s.writing = std::async(std::launch::async, [&s, batch = std::move(s.batch)]() mutable {
    return Write(s, std::move(batch));
  });
  s.batch = Batch();
  s.batch_records = 0;
  return Ok();
}

AccountImport::Batch AccountImport::Write(const State& s, Batch batch) {
  std::vector<std::string> keys;
  keys.reserve(batch.accounts.size());
  for (const auto& p : batch.accounts) keys.push_back(p.key);
  const size_t checked_errors = batch.errors.size();
  auto work = [&](storage::Tx& tx) -> Status {
    batch.imported = batch.skipped = batch.refused = 0;
    batch.errors.resize(checked_errors);
    if (batch.accounts.empty()) return Ok();
    TRY(auto accounts, tx.ClientEmailsInUse(s.org, keys));
    TRY(auto people, tx.UserEmailsInUse(s.org, keys));
    std::unordered_set<std::string> account_has(accounts.begin(), accounts.end());
    std::unordered_set<std::string> person_has(people.begin(), people.end());
    std::vector<const Pending*> fresh;
    for (const auto& p : batch.accounts) {
      if (account_has.contains(p.key)) {
        ++batch.skipped;
      } else if (person_has.contains(p.key)) {
        batch.errors.push_back({p.line, "email", kPersonHasEmail});
        ++batch.refused;
      } else {
        fresh.push_back(&p);
      }
    }
    batch.imported = static_cast<int64_t>(fresh.size());
    if (s.options.dry_run || fresh.empty()) return Ok();

    std::vector<Client> drafts;
    drafts.reserve(fresh.size());
    for (const auto* p : fresh) drafts.push_back(p->client);
    TRY(auto ids, tx.InsertClients(s.org, drafts));
    std::vector<Service> services;
    std::vector<AccountStatusChange> changes;
    std::vector<User> users;
    services.reserve(fresh.size() * s.products.size());
    changes.reserve(fresh.size());
    users.reserve(fresh.size());
    for (size_t k = 0; k < fresh.size(); ++k) {
      const Client& c = fresh[k]->client;
      for (const auto& v : fresh[k]->services) {
        services.push_back(v);
        services.back().client = ids[k];
      }
      changes.push_back({0, ids[k], std::nullopt, c.status, s.now});
      if (c.deleted) continue;  // nobody will be invited into a deleted account
      User u;
      u.org = s.org;
      u.client = ids[k];
      u.email = c.email;
      u.name = c.name;
      u.phone = c.phone;
      u.lang = c.lang;
      u.type = UserType::kCommon;
      u.group = Group::kAdministrators;
      u.activated = false;
      u.created_at = s.now;
      users.push_back(std::move(u));
    }
    TRY_STATUS(tx.InsertServiceRows(s.org, services));
    TRY_STATUS(tx.InsertStatusChanges(s.org, changes));
    return tx.InsertUsers(s.org, users);
  };
  batch.written = s.options.dry_run ? s.db.Read(work) : s.db.Write(work);
  if (!batch.written.ok()) {
    batch.errors.resize(checked_errors);
    batch.imported = batch.skipped = batch.refused = 0;
  }
  return batch;
}

Status AccountImport::Collect() {
  State& s = *s_;
  if (!s.writing.valid()) return s.failure ? Status(*s.failure) : Ok();
  Batch done = s.writing.get();
  s.summary.imported += done.imported;
  s.summary.skipped_existing += done.skipped;
  s.summary.failed += done.refused;
  std::stable_sort(done.errors.begin(), done.errors.end(),
                   [](const ImportError& a, const ImportError& b) { return a.line < b.line; });
  if (s.options.on_error)
    for (const auto& e : done.errors) s.options.on_error(e);
  if (!done.written.ok()) {
    const ImportSummary& t = s.summary;
    const Error& why = done.written.error();
    std::string lines =
        "lines " + std::to_string(done.first_line) + "-" + std::to_string(done.last_line);
    std::string message =
        s.options.dry_run
            ? "The check stopped at " + lines + ": " + why.message
            : "The import stopped at the batch of " + lines + ": " + why.message +
                  " That batch was rolled back. The batches before it are committed: " +
                  std::to_string(t.imported) + " accounts imported, " +
                  std::to_string(t.skipped_existing) +
                  " skipped as existing. Importing the same file again skips the accounts "
                  "already imported.";
    s.failure = MakeError(why.code, std::move(message));
    return *s.failure;
  }
  if (s.options.on_progress) s.options.on_progress(s.summary);
  return Ok();
}

}  // namespace clientele
