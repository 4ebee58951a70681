#include "domain/products.h"

#include <algorithm>
#include <map>
#include <set>

#include "domain/account_status.h"
#include "domain/accounts.h"
#include "domain/email_outbox.h"
#include "domain/validation.h"

namespace clientele {
namespace {

constexpr ProductStatus kBlocking[] = {ProductStatus::kTrial, ProductStatus::kActive};

Status RequireReseller(const Caller& caller) {
  if (caller.type != UserType::kReseller) return PermissionDenied();
  return Ok();
}

// The refusal of SPEC §3: which products block, per status.
Error HidingRefused(const std::map<std::string, std::set<std::string>>& by_status,
                    const std::string& who) {
  Error e = PermissionDenied(
      "These products can't be hidden while " + who +
      " in Trial or Active; move them to Trial end or Paused first.");
  for (const auto& [status, products] : by_status)
    e.fields[status] = std::vector<std::string>(products.begin(), products.end());
  e.fields.try_emplace("trial");
  e.fields.try_emplace("active");
  e.fields.try_emplace("activating");
  return e;
}

Result<std::vector<Product>> Catalog(storage::Tx& tx) { return tx.ListProducts(); }

Status CheckProducts(storage::Tx& tx, const std::vector<std::string>& names, const char* field) {
  TRY(auto products, Catalog(tx));
  FieldErrors errors;
  std::set<std::string> seen;
  for (const auto& name : names) {
    bool known = std::any_of(products.begin(), products.end(),
                             [&](const Product& p) { return p.name == name; });
    if (!known) errors.Add(field, "\"" + name + "\" is not a product.");
    else if (!seen.insert(name).second) errors.Add(field, "\"" + name + "\" is listed twice.");
  }
  if (!errors.empty()) return errors.ToError();
  return Ok();
}

std::map<std::string, bool> DefaultsMap(const std::vector<std::pair<std::string, bool>>& d) {
  return {d.begin(), d.end()};
}

std::vector<ProductStatus> AllowedFrom(ProductStatus from) {
  std::vector<ProductStatus> out;
  for (auto to : {ProductStatus::kTrial, ProductStatus::kTrialEnd, ProductStatus::kActive,
                  ProductStatus::kPaused})
    if (to != from && !lifecycle::CheckManualTransition(from, to)) out.push_back(to);
  return out;
}

// What an account's products' activation depends on besides their own row.
struct ActivationFacts {
  bool deletion_pending = false;
  std::vector<ActivationRequest> open;  // the open activation requests
};

Result<ActivationFacts> ActivationFactsOf(storage::Tx& tx, OrgId org, ClientId client) {
  ActivationFacts f;
  TRY(auto deletions, tx.ListDeletionRequests(org, client));
  f.deletion_pending = std::any_of(deletions.begin(), deletions.end(), [](const auto& d) {
    return d.state == DeletionState::kPending;
  });
  TRY(f.open, tx.OpenActivationRequests(org, client));
  return f;
}

Result<ServiceView> ViewOf(storage::Tx& tx, const Service& s,
                           const std::map<std::string, bool>& defaults,
                           const ActivationFacts& facts) {
  TRY(auto products, Catalog(tx));
  ServiceView v{s, s.product, false, AllowedFrom(s.status)};
  for (const auto& p : products)
    if (p.name == s.product) v.title = p.title;
  auto d = defaults.find(s.product);
  v.visible = s.available.value_or(d != defaults.end() && d->second);
  for (const auto& r : facts.open)
    if (r.service == s.id) v.activation_request = r;
  v.activation = ActivationOf(s, facts.deletion_pending, v.activation_request.has_value());
  return v;
}

// Staff of the organisation, or a customer user of this very account.
Status RequireAccountAccess(const Caller& caller, ClientId client) {
  if (caller.IsStaff()) return Ok();
  if (caller.client && *caller.client == client) return Ok();
  return NotFound();
}

Result<Client> LiveClient(storage::Tx& tx, OrgId org, ClientId id) {
  TRY(Client client, tx.GetClient(org, id));
  if (client.deleted) return MakeError(ErrorCode::kFailedPrecondition, "This account is deleted.");
  return client;
}

}  // namespace

Activation ActivationOf(const Service& service, bool deletion_pending, bool request_open) {
  if (service.enabled) return Activation::kActivated;
  if (deletion_pending) return Activation::kDeletionPending;
  return request_open ? Activation::kRequested : Activation::kNotActivated;
}

Result<lifecycle::Timing> TimingFor(storage::Tx& tx, const Client& client) {
  TRY(Organisation org, tx.GetOrganisation(client.org));
  return lifecycle::TimingOf(client, org.trial_days, org.days_to_deleted);
}

Status RecomputeAccountStatus(storage::Tx& tx, OrgId org, ClientId id, Timestamp now) {
  TRY(Client client, tx.GetClient(org, id));
  std::vector<ClientId> ids{id};
  TRY(auto services, tx.ListServices(org, ids));
  std::vector<ProductStatus> statuses;
  for (const auto& s : services) statuses.push_back(s.status);
  AccountStatus next = ComputeAccountStatus(statuses, client.deleted);
  if (next == client.status) return Ok();
  TRY_STATUS(tx.SetClientStatus(org, id, next, now));
  return tx.InsertStatusChange(org, {0, id, client.status, next, now});
}

namespace {

Result<std::vector<ProductVisibility>> DefaultsOf(storage::Tx& tx, OrgId org) {
  TRY(auto defaults, tx.DefaultVisibility(org));
  std::vector<ProductVisibility> out;
  for (const auto& [product, available] : defaults) out.push_back({product, available, false});
  return out;
}

Result<std::vector<ProductVisibility>> VisibilityOf(storage::Tx& tx, OrgId org, ClientId client) {
  TRY(Client c, tx.GetClient(org, client));
  TRY(auto defaults, tx.DefaultVisibility(org));
  auto dmap = DefaultsMap(defaults);
  std::vector<ClientId> ids{c.id};
  TRY(auto services, tx.ListServices(org, ids));
  std::vector<ProductVisibility> out;
  for (const auto& s : services)
    out.push_back({s.product, s.available.value_or(dmap[s.product]), s.available.has_value()});
  return out;
}

}  // namespace

Result<std::vector<ProductVisibility>> ProductService::Defaults(const Caller& caller) {
  TRY_STATUS(RequireReseller(caller));
  std::vector<ProductVisibility> out;
  TRY_STATUS(db_.Read([&](storage::Tx& tx) -> Status {
    TRY(out, DefaultsOf(tx, caller.org));
    return Ok();
  }));
  return out;
}

Result<std::vector<ProductVisibility>> ProductService::SetDefaults(
    const Caller& caller, const std::vector<VisibilityChange>& changes, Timestamp) {
  TRY_STATUS(RequireReseller(caller));
  std::vector<ProductVisibility> out;
  TRY_STATUS(db_.Write([&](storage::Tx& tx) -> Status {
    std::vector<std::string> names;
    for (const auto& c : changes) names.push_back(c.product);
    TRY_STATUS(CheckProducts(tx, names, "product_name"));
    TRY(auto current, tx.DefaultVisibility(caller.org));
    auto defaults = DefaultsMap(current);
    std::map<std::string, std::set<std::string>> blocking;
    for (const auto& c : changes) {
      if (c.available || !defaults[c.product]) continue;
      // Switching OFF affects the customers who inherit the default.
      TRY(auto counts, tx.CountServices(caller.org, c.product, kBlocking, false));
      for (const auto& count : counts) blocking[ToString(count.status)].insert(c.product);
    }
    if (!blocking.empty()) return HidingRefused(blocking, "customers who inherit them have them");
    for (const auto& c : changes)
      TRY_STATUS(tx.SetDefaultVisibility(caller.org, c.product, c.available));
    TRY(out, DefaultsOf(tx, caller.org));
    return Ok();
  }));
  return out;
}

Result<std::vector<ProductVisibility>> ProductService::ClientVisibility(const Caller& caller,
                                                                        ClientId client) {
  TRY_STATUS(RequireStaff(caller));
  std::vector<ProductVisibility> out;
  TRY_STATUS(db_.Read([&](storage::Tx& tx) -> Status {
    TRY(out, VisibilityOf(tx, caller.org, client));
    return Ok();
  }));
  return out;
}

Result<std::vector<ProductVisibility>> ProductService::SetClientVisibility(
    const Caller& caller, ClientId client, const std::vector<VisibilityChange>& changes,
    Timestamp) {
  TRY_STATUS(RequireStaff(caller));
  std::vector<ProductVisibility> out;
  TRY_STATUS(db_.Write([&](storage::Tx& tx) -> Status {
    TRY(Client c, LiveClient(tx, caller.org, client));
    std::vector<std::string> names;
    for (const auto& ch : changes) names.push_back(ch.product);
    TRY_STATUS(CheckProducts(tx, names, "product_name"));
    std::vector<ClientId> ids{c.id};
    TRY(auto services, tx.ListServices(caller.org, ids));
    std::map<std::string, std::set<std::string>> blocking;
    for (const auto& ch : changes)
      for (const auto& s : services)
        if (s.product == ch.product && !ch.available && lifecycle::BlocksHiding(s.status))
          blocking[ToString(s.status)].insert(s.product);
    if (!blocking.empty()) return HidingRefused(blocking, "this customer has them");
    for (const auto& ch : changes)
      for (auto s : services)
        if (s.product == ch.product) {
          s.available = ch.available;
          TRY_STATUS(tx.UpdateService(s));
        }
    TRY(out, VisibilityOf(tx, caller.org, client));
    return Ok();
  }));
  return out;
}

Status ProductService::ResetClientVisibility(const Caller& caller, ClientId client,
                                             const std::vector<std::string>& products, Timestamp) {
  TRY_STATUS(RequireStaff(caller));
  return db_.Write([&](storage::Tx& tx) -> Status {
    TRY(Client c, LiveClient(tx, caller.org, client));
    TRY_STATUS(CheckProducts(tx, products, "product_names"));
    TRY(auto defaults, tx.DefaultVisibility(caller.org));
    auto dmap = DefaultsMap(defaults);
    std::vector<ClientId> ids{c.id};
    TRY(auto services, tx.ListServices(caller.org, ids));
    std::map<std::string, std::set<std::string>> blocking;
    for (const auto& name : products)
      for (const auto& s : services)
        if (s.product == name && s.available.value_or(false) && !dmap[name] &&
            lifecycle::BlocksHiding(s.status))
          blocking[ToString(s.status)].insert(name);
    if (!blocking.empty())
      return HidingRefused(blocking, "the default would hide them and this customer has them");
    for (const auto& name : products)
      for (auto s : services)
        if (s.product == name && s.available) {
          s.available.reset();
          TRY_STATUS(tx.UpdateService(s));
        }
    return Ok();
  });
}

Status ProductService::ResetAllVisibility(const Caller& caller,
                                          const std::vector<std::string>& products, Timestamp) {
  TRY_STATUS(RequireReseller(caller));
  return db_.Write([&](storage::Tx& tx) -> Status {
    TRY_STATUS(CheckProducts(tx, products, "product_names"));
    TRY(auto defaults, tx.DefaultVisibility(caller.org));
    auto dmap = DefaultsMap(defaults);
    std::map<std::string, std::set<std::string>> blocking;
    for (const auto& name : products) {
      if (dmap[name]) continue;  // the default shows it: nobody loses it
      TRY(auto counts, tx.CountServices(caller.org, name, kBlocking, true));
      for (const auto& count : counts) blocking[ToString(count.status)].insert(name);
    }
    if (!blocking.empty())
      return HidingRefused(blocking, "the default would hide them and customers have them");
    for (const auto& name : products) {
      TRY(int64_t cleared, tx.ClearPersonalVisibility(caller.org, name));
      (void)cleared;
    }
    return Ok();
  });
}

Result<std::vector<ServiceView>> ProductService::Services(const Caller& caller, ClientId client) {
  TRY_STATUS(RequireAccountAccess(caller, client));
  std::vector<ServiceView> out;
  TRY_STATUS(db_.Read([&](storage::Tx& tx) -> Status {
    TRY(Client c, tx.GetClient(caller.org, client));
    TRY(auto defaults, tx.DefaultVisibility(caller.org));
    auto dmap = DefaultsMap(defaults);
    std::vector<ClientId> ids{c.id};
    TRY(auto services, tx.ListServices(caller.org, ids));
    TRY(ActivationFacts facts, ActivationFactsOf(tx, caller.org, c.id));
    for (const auto& s : services) {
      TRY(ServiceView v, ViewOf(tx, s, dmap, facts));
      if (caller.IsStaff() || v.visible) out.push_back(std::move(v));
    }
    return Ok();
  }));
  return out;
}

Result<ServiceView> ProductService::GetService(const Caller& caller, ClientId client,
                                               ServiceId id) {
  TRY_STATUS(RequireAccountAccess(caller, client));
  std::optional<ServiceView> out;
  TRY_STATUS(db_.Read([&](storage::Tx& tx) -> Status {
    TRY(Service s, tx.GetService(caller.org, client, id));
    TRY(auto defaults, tx.DefaultVisibility(caller.org));
    TRY(ActivationFacts facts, ActivationFactsOf(tx, caller.org, client));
    TRY(out, ViewOf(tx, s, DefaultsMap(defaults), facts));
    if (!caller.IsStaff() && !out->visible) return NotFound();
    return Ok();
  }));
  return std::move(*out);
}

Result<ServiceView> ProductService::UpdateService(const Caller& caller, ClientId client,
                                                  ServiceId id, const ServiceUpdate& u,
                                                  Timestamp now) {
  TRY_STATUS(RequireStaff(caller));
  if (!u.type_errors.empty()) return u.type_errors.ToError();
  std::optional<ServiceView> out;
  TRY_STATUS(db_.Write([&](storage::Tx& tx) -> Status {
    TRY(Client c, LiveClient(tx, caller.org, client));
    TRY(Service s, tx.GetService(caller.org, client, id));
    TRY(auto defaults, tx.DefaultVisibility(caller.org));
    auto dmap = DefaultsMap(defaults);
    bool visible = s.available.value_or(dmap[s.product]);
    bool changes_status = u.status && *u.status != s.status;
    bool enables = u.enabled.value_or(false) && !s.enabled;
    if (!visible && (changes_status || enables))
      return FieldError(changes_status ? "status" : "enabled",
                        "The product is hidden from this customer; make it visible first.");
    if (u.status)
      if (auto why = lifecycle::CheckManualTransition(s.status, *u.status))
        return FieldError("status", *why);
    if (changes_status) {
      TRY(lifecycle::Timing timing, TimingFor(tx, c));
      lifecycle::Apply(s, *u.status, now, timing);
    }
    if (u.enabled) s.enabled = *u.enabled;
    TRY_STATUS(tx.UpdateService(s));
    // An activated product has nothing left to ask for.
    if (enables) {
      std::vector<ServiceId> ids{s.id};
      TRY_STATUS(tx.CloseActivationRequests(caller.org, client, ids, now));
    }
    if (changes_status) {
      TRY_STATUS(RecomputeAccountStatus(tx, caller.org, client, now));
      if (s.status == ProductStatus::kTrial) TRY_STATUS(QueueTrialStarted(tx, c, s, now));
    }
    TRY(ActivationFacts facts, ActivationFactsOf(tx, caller.org, client));
    TRY(out, ViewOf(tx, s, dmap, facts));
    return Ok();
  }));
  return std::move(*out);
}

Status QueueTrialStarted(storage::Tx& tx, const Client& c, const Service& s, Timestamp now) {
  TRY(auto products, Catalog(tx));
  EmailData data;
  for (const auto& p : products)
    if (p.name == s.product) data.product_title = p.title;
  data.account_company = c.company_name;
  data.when = s.trial_end;
  return QueueEmail(tx, c.org, EmailKind::kTrialStarted, {c.email, c.name.value_or(""), c.lang},
                    data,
                    "trial_started:" + std::to_string(s.id.value) + ":" +
                        std::to_string(s.start->micros),
                    now);
}

Result<ActivationRequest> ProductService::RequestActivation(const Caller& caller,
                                                            ClientId client, ServiceId id,
                                                            const std::string& message,
                                                            Timestamp now) {
  if (caller.IsStaff() || !caller.client || *caller.client != client) return NotFound();
  if (caller.group != Group::kAdministrators && caller.group != Group::kEngineers)
    return PermissionDenied("Only Administrators and Engineers can ask to activate a product.");
  if (auto bad = validation::CheckText(message, 0, 2000); bad && !message.empty())
    return FieldError("message", *bad);
  std::optional<ActivationRequest> out;
  Status st = db_.Write([&](storage::Tx& tx) -> Status {
    TRY(Client c, LiveClient(tx, caller.org, client));
    TRY(Service s, tx.GetService(caller.org, client, id));
    TRY(auto defaults, tx.DefaultVisibility(caller.org));
    if (!s.available.value_or(DefaultsMap(defaults)[s.product])) return NotFound();
    TRY(ActivationFacts facts, ActivationFactsOf(tx, caller.org, client));
    bool open = std::any_of(facts.open.begin(), facts.open.end(),
                            [&](const auto& r) { return r.service == s.id; });
    switch (ActivationOf(s, facts.deletion_pending, open)) {
      case Activation::kActivated:
        return MakeError(ErrorCode::kFailedPrecondition, "This product is already activated.");
      case Activation::kDeletionPending:
        return MakeError(ErrorCode::kFailedPrecondition,
                         "The account is scheduled for deletion; its products can't be activated.");
      case Activation::kRequested:
        return MakeError(ErrorCode::kFailedPrecondition,
                         "Activation of this product was already requested.");
      case Activation::kNotActivated:
        break;
    }
    ActivationRequest draft;
    draft.org = caller.org;
    draft.client = client;
    draft.service = s.id;
    draft.product = s.product;
    draft.requested_by = caller.user;
    draft.requested_email = caller.acting_user ? caller.acting_email : caller.email;
    draft.message = validation::Trim(message);
    draft.requested_at = now;
    TRY(out, tx.InsertActivationRequest(draft));
    TRY(Brand brand, BrandOf(tx, caller.org));
    TRY(auto products, Catalog(tx));
    EmailData data;
    for (const auto& p : products)
      if (p.name == s.product) data.product_title = p.title;
    data.account_company = c.company_name;
    data.account_id = std::to_string(c.id.value);
    data.user_email = caller.email;
    data.note = message;
    data.when = now;
    // One request per product and day is plenty; more would only flood the support inbox.
    std::string day = FormatRfc3339(now).substr(0, 10);
    return QueueEmail(tx, caller.org, EmailKind::kActivationRequest,
                      {brand.support_email, "", brand.lang}, data,
                      "activation_request:" + std::to_string(s.id.value) + ":" + day, now);
  });
  if (!st.ok()) {
    // Two requests at once: the unique index let one through.
    if (st.error().code == ErrorCode::kAlreadyExists)
      return MakeError(ErrorCode::kFailedPrecondition,
                       "Activation of this product was already requested.");
    return std::move(st).error();
  }
  return std::move(*out);
}

}  // namespace clientele
