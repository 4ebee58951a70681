#include "domain/bulk.h"

#include <algorithm>
#include <unordered_map>

#include "domain/accounts.h"
#include "domain/products.h"

namespace clientele {

const char* ToString(BulkOutcome outcome) {
  switch (outcome) {
    case BulkOutcome::kChanged: return "changed";
    case BulkOutcome::kUnchanged: return "unchanged";
    case BulkOutcome::kRefused: return "refused";
    case BulkOutcome::kNotFound: return "not_found";
  }
  return "unchanged";
}

void BulkProgress::Count(const BulkResult& r) {
  ++done;
  switch (r.outcome) {
    case BulkOutcome::kChanged: ++changed; break;
    case BulkOutcome::kUnchanged: ++unchanged; break;
    case BulkOutcome::kRefused: ++refused; break;
    case BulkOutcome::kNotFound: ++not_found; break;
  }
}

namespace {

BulkDecision Refused(std::string reason) { return {BulkOutcome::kRefused, std::move(reason)}; }
constexpr BulkDecision kChanged{BulkOutcome::kChanged, {}};
constexpr BulkDecision kUnchanged{BulkOutcome::kUnchanged, {}};

bool ForProducts(const BulkAction& a) {
  return a.kind == BulkKind::kSetVisibility || a.kind == BulkKind::kSetProductStatus;
}

}  // namespace

BulkDecision DecideForAccount(const BulkAction& action, Client& client) {
  if (client.deleted) return Refused("This account is deleted.");
  switch (action.kind) {
    case BulkKind::kAssignSeller:
      if (client.seller == action.seller) return kUnchanged;
      client.seller = action.seller;
      return kChanged;
    case BulkKind::kSetTest:
      if (client.is_test == action.is_test) return kUnchanged;
      client.is_test = action.is_test;
      return kChanged;
    case BulkKind::kSetVisibility:
    case BulkKind::kSetProductStatus:
      return kUnchanged;  // decided per service
  }
  return kUnchanged;
}

BulkDecision DecideForService(const BulkAction& action, const Client& client, Service& service,
                              bool default_visible, const lifecycle::Timing& timing,
                              Timestamp now) {
  if (client.deleted) return Refused("This account is deleted.");
  bool visible = service.available.value_or(default_visible);
  if (action.kind == BulkKind::kSetVisibility) {
    if (service.available == action.available) return kUnchanged;
    if (!action.available && lifecycle::BlocksHiding(service.status))
      return Refused(service.product + " is " + DisplayName(service.status) +
                     " for this customer: it can't be hidden.");
    service.available = action.available;
    return kChanged;
  }
  if (action.kind != BulkKind::kSetProductStatus) return kUnchanged;
  if (service.status == action.status) return kUnchanged;
  if (!visible)
    return Refused(service.product + " is hidden from this customer; make it visible first.");
  if (auto why = lifecycle::CheckManualTransition(service.status, action.status))
    return Refused(*why);
  lifecycle::Apply(service, action.status, now, timing);
  return kChanged;
}

Status BulkService::Check(const Caller& caller, const BulkAction& action) {
  TRY_STATUS(RequireStaff(caller));
  return db_.Read([&](storage::Tx& tx) -> Status {
    if (action.kind == BulkKind::kAssignSeller && action.seller) {
      TRY(bool ok, tx.SellerExists(caller.org, *action.seller));
      if (!ok) return FieldError("seller", "No seller with this id in your organisation.");
    }
    if (ForProducts(action)) {
      TRY(auto products, tx.ListProducts());
      bool known = std::any_of(products.begin(), products.end(),
                               [&](const Product& p) { return p.name == action.product; });
      if (!known) return FieldError("product", "No product with this name in the catalog.");
    }
    if (action.kind == BulkKind::kSetProductStatus &&
        (action.status == ProductStatus::kNew || action.status == ProductStatus::kDeleted))
      return FieldError("status", *lifecycle::CheckManualTransition(ProductStatus::kActive,
                                                                    action.status));
    return Ok();
  });
}

Status BulkService::Apply(const Caller& caller, const BulkAction& action,
                          std::span<const ClientId> ids, Timestamp now,
                          const BatchDone& batch_done) {
  TRY_STATUS(RequireStaff(caller));
  BulkProgress progress;
  progress.total = static_cast<int64_t>(ids.size());
  std::vector<BulkResult> results;
  for (size_t from = 0; from < ids.size(); from += kBatch) {
    std::span<const ClientId> batch = ids.subspan(from, std::min(kBatch, ids.size() - from));
    results.clear();
    TRY_STATUS(db_.Write([&](storage::Tx& tx) -> Status {
      results.clear();  // a retried unit starts over
      TRY(auto clients, tx.GetClients(caller.org, batch));
      std::unordered_map<int64_t, size_t> found;
      for (size_t i = 0; i < clients.size(); ++i) found[clients[i].id.value] = i;
      auto customer = [&](ClientId id) -> Client* {
        auto it = found.find(id.value);
        return it == found.end() ? nullptr : &clients[it->second];
      };

      std::unordered_map<int64_t, Service*> services_of;
      std::vector<Service> services;
      bool default_visible = false;
      if (ForProducts(action)) {
        std::vector<ClientId> live;
        for (const auto& c : clients) live.push_back(c.id);
        TRY(services, tx.ListServices(caller.org, live));
        for (auto& s : services)
          if (s.product == action.product) services_of[s.client.value] = &s;
        TRY(auto defaults, tx.DefaultVisibility(caller.org));
        for (const auto& [name, value] : defaults)
          if (name == action.product) default_visible = value;
      }

      for (ClientId id : batch) {
        BulkResult r{id, BulkOutcome::kNotFound, {}};
        Client* c = customer(id);
        if (c && c->is_reseller_account) {
          // The organisation's own account is not a customer's: bulk actions leave it alone.
          r.outcome = BulkOutcome::kRefused;
          r.reason = "This is the organisation's own account, not a customer account.";
        } else if (c && !ForProducts(action)) {
          BulkDecision d = DecideForAccount(action, *c);
          r.outcome = d.outcome;
          r.reason = std::move(d.reason);
          if (d.outcome == BulkOutcome::kChanged) {
            c->updated_at = now;
            TRY_STATUS(tx.UpdateClient(*c));
          }
        } else if (c) {
          auto it = services_of.find(id.value);
          if (it == services_of.end()) {
            r.outcome = BulkOutcome::kRefused;
            r.reason = "This account has no " + action.product + " product.";
          } else {
            Service& s = *it->second;
            lifecycle::Timing timing;
            if (action.kind == BulkKind::kSetProductStatus && !c->deleted) {
              TRY(timing, TimingFor(tx, *c));
            }
            BulkDecision d = DecideForService(action, *c, s, default_visible, timing, now);
            r.outcome = d.outcome;
            r.reason = std::move(d.reason);
            if (d.outcome == BulkOutcome::kChanged) {
              TRY_STATUS(tx.UpdateService(s));
              if (action.kind == BulkKind::kSetProductStatus) {
                TRY_STATUS(RecomputeAccountStatus(tx, caller.org, c->id, now));
                if (s.status == ProductStatus::kTrial)
                  TRY_STATUS(QueueTrialStarted(tx, *c, s, now));
              }
            }
          }
        }
        results.push_back(std::move(r));
      }
      return Ok();
    }));
    for (const auto& r : results) progress.Count(r);
    if (!batch_done(results, progress)) return Ok();
  }
  if (ids.empty()) (void)batch_done(results, progress);
  return Ok();
}

Status BulkService::CheckUpload(const Caller& caller, std::string_view csv) {
  TRY_STATUS(RequireStaff(caller));
  size_t start = csv.find_first_not_of("\r\n");
  if (start == std::string_view::npos)
    return FieldError("csv", "The file is empty: a header row, then one row per account.");
  std::vector<std::string> names;
  TRY_STATUS(db_.Read([&](storage::Tx& tx) -> Status {
    TRY(auto products, tx.ListProducts());
    for (auto& p : products) names.push_back(std::move(p.name));
    return Ok();
  }));
  ImportParser parser(ImportFormat::kCsv, std::move(names));
  // The header is the first line (a blank line before it is skipped, as the import does).
  std::string_view rest = csv;
  while (!rest.empty()) {
    size_t end = rest.find('\n');
    std::string_view line = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    auto record = parser.Add(line);
    if (parser.header_refused())
      return FieldError("csv", "Line " + std::to_string(parser.record_line()) + ": " +
                                   record->error().message);
    if (!line.empty() && line != "\r") break;
  }
  return Ok();
}

Result<UploadReport> BulkService::Upload(
    const Caller& caller, std::string_view csv, bool dry_run, Timestamp now, size_t batch_size,
    const std::function<void(const ImportSummary&)>& progress) {
  TRY_STATUS(RequireStaff(caller));
  UploadReport report;
  ImportOptions options;
  options.dry_run = dry_run;
  options.batch_size = std::max<size_t>(1, batch_size);
  options.on_error = [&](const ImportError& e) { report.errors.push_back(e); };
  options.on_progress = [&](const ImportSummary& s) {
    if (progress) progress(s);
  };
  TRY(auto import, AccountImport::Start(db_, caller.org, std::move(options), now));
  ImportParser parser(ImportFormat::kCsv, import->products());
  Status st = Ok();
  size_t at = 0;
  while (st.ok() && at < csv.size()) {
    size_t end = csv.find('\n', at);
    if (end == std::string_view::npos) end = csv.size();
    auto record = parser.Add(csv.substr(at, end - at));
    at = end + 1;
    if (parser.header_refused())
      return FieldError("csv", "Line 1: " + record->error().message);
    if (record) st = import->Add(parser.record_line(), std::move(*record));
  }
  if (st.ok())
    if (auto last = parser.Finish()) st = import->Add(parser.record_line(), std::move(*last));
  if (st.ok()) st = import->Finish();
  report.summary = import->summary();
  if (!st.ok()) {
    report.completed = false;
    report.error = st.error().message;
  }
  if (report.summary.records == 0 && report.errors.empty() && report.completed)
    return FieldError("csv", "The file has no accounts: a header row, then one row per account.");
  return report;
}

}  // namespace clientele
