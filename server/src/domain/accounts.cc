#include "domain/accounts.h"

#include <algorithm>
#include <set>
#include <unordered_map>

#include "crypto/crypto.h"
#include "domain/account_status.h"
#include "domain/attention.h"
#include "domain/validation.h"

namespace clientele {
namespace {

constexpr const char* kEmailTaken = "An account with this e-mail already exists in your organisation.";

void CheckOptionalText(FieldErrors& errors, const char* field,
                       const std::optional<std::string>& value, size_t max) {
  if (!value) return;
  if (auto bad = validation::CheckText(*value, 0, max)) errors.Add(field, *bad);
}

std::optional<std::string> Normalised(const std::optional<std::string>& v) {
  if (!v) return std::nullopt;
  std::string t = validation::Trim(*v);
  if (t.empty()) return std::nullopt;
  return t;
}

// `deletion_requested` as the ids it means, inside the list's own transaction. Accounts with an
// open deletion request are few, so this is one small read, and none without the filter.
Status ResolveDeletionFilter(storage::Tx& tx, OrgId org, ClientQuery& q) {
  if (!q.deletion_requested) return Ok();
  TRY(auto open, tx.OpenDeletionRequests(org, {}));
  std::vector<ClientId> ids;
  ids.reserve(open.size());
  for (const auto& r : open) ids.push_back(r.client);
  std::sort(ids.begin(), ids.end());
  if (*q.deletion_requested) {
    if (!q.ids.empty()) {
      // Both must hold: the ids asked for that have an open request.
      std::erase_if(q.ids,
                    [&](ClientId id) { return !std::binary_search(ids.begin(), ids.end(), id); });
    } else {
      q.ids = std::move(ids);
    }
    if (q.ids.empty()) q.match_nothing = true;
  } else {
    q.exclude_ids.insert(q.exclude_ids.end(), ids.begin(), ids.end());
  }
  q.deletion_requested.reset();
  return Ok();
}

// The rest of each view: its users, and its products, from `listed` (the list's own, for
// views[i] at listed row first + i) when the storage gave them, else from the services.
// `catalogue`: the product names in the catalogue's order, which the views list them in.
Status LoadViews(storage::Tx& tx, OrgId org, std::vector<ClientView>& views,
                 const storage::ListedProducts* listed = nullptr, size_t first = 0,
                 const std::vector<std::string>* catalogue = nullptr) {
  std::vector<ClientId> ids;
  ids.reserve(views.size());
  for (const auto& v : views) ids.push_back(v.client.id);
  TRY(auto users, tx.ListUsersOfClients(org, ids));
  // Users come ordered by account id; views may be in any order.
  std::unordered_map<int64_t, size_t> index;
  for (size_t i = 0; i < views.size(); ++i) index[views[i].client.id.value] = i;
  for (auto& u : users)
    if (u.client) views[index[u.client->value]].users.push_back(std::move(u));
  if (listed && listed->known && catalogue) {
    // The listed columns in the catalogue's order; any product not in the catalogue after them.
    std::vector<size_t> columns;
    for (const auto& name : *catalogue) {
      auto it = std::find(listed->products.begin(), listed->products.end(), name);
      if (it != listed->products.end()) columns.push_back(static_cast<size_t>(it - listed->products.begin()));
    }
    for (size_t c = 0; c < listed->products.size(); ++c)
      if (std::find(catalogue->begin(), catalogue->end(), listed->products[c]) == catalogue->end())
        columns.push_back(c);
    for (size_t i = 0; i < views.size(); ++i)
      for (size_t c : columns) {
        uint8_t state = listed->State(first + i, c);
        if (state == storage::ListedProducts::kNone) continue;
        views[i].services.push_back({listed->products[c],
                                     storage::ListedProducts::StatusOf(state),
                                     storage::ListedProducts::EnabledOf(state)});
      }
    return Ok();
  }
  TRY(auto services, tx.ListServices(org, ids));  // in the catalogue's order per account
  for (auto& s : services)
    views[index[s.client.value]].services.push_back({std::move(s.product), s.status, s.enabled});
  return Ok();
}

}  // namespace

void CheckNewAccountFields(const NewAccountRequest& r, FieldErrors& errors) {
  if (!errors.Has("email")) {
    if (r.email.empty())
      errors.Add("email", "This field is required.");
    else if (auto bad = validation::CheckEmail(validation::Trim(r.email)))
      errors.Add("email", *bad);
  }
  if (!errors.Has("company")) {
    if (auto bad = validation::CheckText(r.company, 1, validation::kMaxCompany))
      errors.Add("company", r.company.empty() ? "This field is required." : *bad);
  }
  CheckOptionalText(errors, "name", r.name, validation::kMaxName);
  CheckOptionalText(errors, "custom_id", r.custom_id, validation::kMaxCustomId);
  if (r.phone)
    if (auto bad = validation::CheckPhone(*r.phone)) errors.Add("phone", *bad);
  if (r.lang)
    if (auto bad = validation::CheckLanguage(*r.lang)) errors.Add("lang", *bad);
  if (r.country_code && !r.country_code->empty())
    if (auto bad = validation::CheckCountryCode(*r.country_code)) errors.Add("country_code", *bad);
  std::set<std::string> seen;
  for (const auto& [name, available] : r.services)
    if (!seen.insert(name).second) errors.Add("services", "\"" + name + "\" is listed twice.");
}

Client NewAccountDraft(OrgId org, const NewAccountRequest& r) {
  Client draft;
  draft.org = org;
  draft.email = validation::Trim(r.email);
  draft.name = Normalised(r.name);
  draft.company_name = validation::Trim(r.company);
  draft.phone = Normalised(r.phone);
  draft.custom_id = Normalised(r.custom_id);
  if (r.seller) draft.seller = UserId{*r.seller};
  draft.lang = r.lang.value_or("en");
  if (r.country_code && !r.country_code->empty())
    draft.country_code = validation::ToUpperAscii(*r.country_code);
  draft.is_test = r.is_test;
  return draft;
}

Status RequireStaff(const Caller& caller) {
  if (!caller.IsStaff()) return PermissionDenied();
  return Ok();
}

Result<Client> InsertAccount(storage::Tx& tx, Client draft,
                             const std::vector<std::pair<std::string, std::optional<bool>>>& visibility,
                             Timestamp now) {
  TRY(auto products, tx.ListProducts());
  for (const auto& [name, available] : visibility) {
    bool known = std::any_of(products.begin(), products.end(),
                             [&](const Product& p) { return p.name == name; });
    if (!known) return FieldError("services", "\"" + name + "\" is not a product.");
  }
  draft.status = AccountStatus::kPreparation;
  draft.created_at = draft.updated_at = now;
  TRY(Client client, tx.InsertClient(draft));
  std::vector<Service> services;
  for (const auto& p : products) {
    Service s;
    s.product = p.name;
    for (const auto& [name, available] : visibility)
      if (name == p.name) s.available = available;
    services.push_back(s);
  }
  TRY_STATUS(tx.InsertServices(client.org, client.id, services));
  TRY_STATUS(tx.InsertStatusChange(client.org, {0, client.id, std::nullopt, client.status, now}));
  return client;
}

Result<CreatedAccount> AccountService::Create(const Caller& caller, const NewAccountRequest& r,
                                              Timestamp now) {
  TRY_STATUS(RequireStaff(caller));
  FieldErrors errors = r.type_errors;
  CheckNewAccountFields(r, errors);
  std::string email = validation::Trim(r.email);
  if (!errors.Has("password")) {
    if (r.password.empty())
      errors.Add("password", "This field is required.");
    else if (auto bad = validation::CheckPassword(r.password, email))
      errors.Add("password", *bad);
  }
  if (r.user_type && *r.user_type != "common")
    errors.Add("user_type", "Only \"common\" users can be created here.");
  if (!errors.empty()) return errors.ToError();

  // Hash before taking the write lock: it is the slow part.
  TRY(std::string hash, crypto::HashPassword(r.password));

  std::optional<CreatedAccount> created;
  Status st = db_.Write([&](storage::Tx& tx) -> Status {
    FieldErrors conflicts;
    TRY(bool client_taken, tx.ClientEmailTaken(caller.org, email, std::nullopt));
    TRY(bool user_taken, tx.UserEmailTaken(caller.org, email));
    if (client_taken || user_taken) conflicts.Add("email", kEmailTaken);
    if (r.seller) {
      TRY(bool seller_ok, tx.SellerExists(caller.org, UserId{*r.seller}));
      if (!seller_ok) conflicts.Add("seller", "No seller with this id in your organisation.");
    }
    if (!conflicts.empty()) return conflicts.ToError();

    Client draft = NewAccountDraft(caller.org, r);
    draft.owner = caller.user;
    TRY(Client client, InsertAccount(tx, draft, r.services, now));

    User user;
    user.org = caller.org;
    user.client = client.id;
    user.email = email;
    user.name = draft.name;
    user.phone = draft.phone;
    user.lang = draft.lang;
    user.type = UserType::kCommon;
    user.group = Group::kAdministrators;
    user.password_hash = hash;
    user.activated = true;
    user.created_at = now;
    TRY(User stored, tx.InsertUser(user));
    created = CreatedAccount{std::move(stored), std::move(client)};
    return Ok();
  });
  if (!st.ok()) {
    // Two requests racing for one e-mail: the unique index decides, the caller sees why.
    if (st.error().code == ErrorCode::kAlreadyExists) return FieldError("email", kEmailTaken);
    return std::move(st).error();
  }
  return std::move(*created);
}

Result<ClientView> AccountService::Get(const Caller& caller, ClientId id) {
  TRY_STATUS(RequireStaff(caller));
  std::vector<ClientView> views;
  TRY_STATUS(db_.Read([&](storage::Tx& tx) -> Status {
    TRY(Client c, tx.GetClient(caller.org, id));
    views.push_back({std::move(c), {}, {}});
    return LoadViews(tx, caller.org, views);
  }));
  return std::move(views.front());
}

Result<ClientView> AccountService::Mine(const Caller& caller) {
  if (!caller.client) return NotFound();
  std::vector<ClientView> views;
  TRY_STATUS(db_.Read([&](storage::Tx& tx) -> Status {
    TRY(Client c, tx.GetClient(caller.org, *caller.client));
    views.push_back({std::move(c), {}, {}});
    return LoadViews(tx, caller.org, views);
  }));
  return std::move(views.front());
}

Result<ClientListing> AccountService::List(const Caller& caller, const ClientQuery& query) {
  return List(caller, [&](const std::vector<std::string>&) -> Result<ClientQuery> { return query; });
}

Result<ClientListing> AccountService::List(const Caller& caller, const QueryBuilder& build) {
  TRY_STATUS(RequireStaff(caller));
  ClientListing listing;
  TRY_STATUS(db_.Read([&](storage::Tx& tx) -> Status {
    TRY(auto products, tx.ListProducts());
    std::vector<std::string> names;
    for (auto& p : products) names.push_back(std::move(p.name));
    TRY(ClientQuery query, build(names));
    TRY_STATUS(ResolveDeletionFilter(tx, caller.org, query));
    TRY_STATUS(ResolveDueFilters(tx, caller.org, query));
    TRY(auto page, tx.ListClients(caller.org, query));
    listing.count = page.count;
    listing.items.reserve(page.items.size());
    for (auto& c : page.items) listing.items.push_back({std::move(c), {}, {}});
    return LoadViews(tx, caller.org, listing.items, &page.products, 0, &names);
  }));
  return listing;
}

Result<ClientQuery> AccountService::Prepare(const Caller& caller, const QueryBuilder& build) {
  TRY_STATUS(RequireStaff(caller));
  std::optional<ClientQuery> query;
  TRY_STATUS(db_.Read([&](storage::Tx& tx) -> Status {
    TRY(auto products, tx.ListProducts());
    std::vector<std::string> names;
    for (auto& p : products) names.push_back(std::move(p.name));
    TRY(query, build(names));
    return Ok();
  }));
  return std::move(*query);
}

Result<int64_t> AccountService::WarmUp() {
  std::vector<Organisation> orgs;
  TRY_STATUS(db_.Read([&](storage::Tx& tx) -> Status {
    TRY(orgs, tx.ListOrganisations());
    return Ok();
  }));
  ClientQuery first_page;
  first_page.limit = 1;
  for (const auto& org : orgs)
    TRY_STATUS(db_.Read([&](storage::Tx& tx) -> Status {
      TRY_STATUS(tx.ListClients(org.id, first_page));
      return Ok();
    }));
  return static_cast<int64_t>(orgs.size());
}

Status AccountService::Stream(const Caller& caller, const ClientQuery& query,
                              const SliceWriter& write) {
  TRY_STATUS(RequireStaff(caller));
  constexpr size_t kSlice = 500;
  return db_.Read([&](storage::Tx& tx) -> Status {
    TRY(auto products, tx.ListProducts());
    std::vector<std::string> catalogue;
    for (auto& p : products) catalogue.push_back(std::move(p.name));
    ClientQuery q = query;
    TRY_STATUS(ResolveDeletionFilter(tx, caller.org, q));
    TRY_STATUS(ResolveDueFilters(tx, caller.org, q));
    TRY(auto list, tx.ListClientIds(caller.org, q));
    const std::vector<ClientId>& ids = list.ids;
    for (size_t from = 0; from < ids.size(); from += kSlice) {
      std::span<const ClientId> slice(ids.data() + from, std::min(kSlice, ids.size() - from));
      TRY(auto clients, tx.GetClients(caller.org, slice));
      // An account gone since the list was made is left out: the listed products would no
      // longer line up, so that slice reads its services.
      bool aligned = clients.size() == slice.size();
      std::vector<ClientView> views;
      views.reserve(clients.size());
      for (auto& c : clients) views.push_back({std::move(c), {}, {}});
      TRY_STATUS(LoadViews(tx, caller.org, views, aligned ? &list.products : nullptr, from,
                           &catalogue));
      if (!write(views)) return Ok();  // the reader went away: nothing more to do
    }
    return Ok();
  });
}

Result<std::vector<ClientId>> AccountService::Ids(const Caller& caller, const ClientQuery& query) {
  TRY_STATUS(RequireStaff(caller));
  std::vector<ClientId> ids;
  TRY_STATUS(db_.Read([&](storage::Tx& tx) -> Status {
    ClientQuery q = query;
    TRY_STATUS(ResolveDeletionFilter(tx, caller.org, q));
    TRY(auto list, tx.ListClientIds(caller.org, q));
    ids = std::move(list.ids);
    return Ok();
  }));
  return ids;
}

Result<ClientView> AccountService::Update(const Caller& caller, ClientId id, const ClientPatch& p,
                                          Timestamp now) {
  TRY_STATUS(RequireStaff(caller));
  FieldErrors errors = p.type_errors;
  std::optional<std::string> email;
  if (p.email && !errors.Has("email")) {
    email = validation::Trim(*p.email);
    if (auto bad = validation::CheckEmail(*email)) errors.Add("email", *bad);
  }
  if (p.company_name && !errors.Has("companyName"))
    if (auto bad = validation::CheckText(*p.company_name, 1, validation::kMaxCompany))
      errors.Add("companyName", *bad);
  if (p.name && *p.name) CheckOptionalText(errors, "name", *p.name, validation::kMaxName);
  if (p.custom_id && *p.custom_id)
    CheckOptionalText(errors, "custom_id", *p.custom_id, validation::kMaxCustomId);
  if (p.website && *p.website) CheckOptionalText(errors, "website", *p.website, validation::kMaxWebsite);
  if (p.phone && *p.phone)
    if (auto bad = validation::CheckPhone(**p.phone)) errors.Add("phone", *bad);
  if (p.lang)
    if (auto bad = validation::CheckLanguage(*p.lang)) errors.Add("lang", *bad);
  if (p.country_code && *p.country_code && !(*p.country_code)->empty())
    if (auto bad = validation::CheckCountryCode(**p.country_code)) errors.Add("country_code", *bad);
  if (!errors.empty()) return errors.ToError();

  std::vector<ClientView> views;
  Status st = db_.Write([&](storage::Tx& tx) -> Status {
    TRY(Client c, tx.GetClient(caller.org, id));
    FieldErrors conflicts;
    if (p.status && *p.status != ToString(c.status))
      conflicts.Add("status", "The account status follows its products and can't be set.");
    if (c.deleted) return MakeError(ErrorCode::kFailedPrecondition, "This account is deleted.");
    if (email && validation::EmailKey(*email) != validation::EmailKey(c.email)) {
      TRY(bool taken, tx.ClientEmailTaken(caller.org, *email, c.id));
      if (taken) conflicts.Add("email", kEmailTaken);
    }
    if (p.seller && *p.seller) {
      TRY(bool ok, tx.SellerExists(caller.org, UserId{**p.seller}));
      if (!ok) conflicts.Add("seller", "No seller with this id in your organisation.");
    }
    if (!conflicts.empty()) return conflicts.ToError();

    if (email) c.email = *email;
    if (p.company_name) c.company_name = validation::Trim(*p.company_name);
    if (p.name) c.name = Normalised(*p.name);
    if (p.phone) c.phone = Normalised(*p.phone);
    if (p.website) c.website = Normalised(*p.website);
    if (p.custom_id) c.custom_id = Normalised(*p.custom_id);
    if (p.country_code) {
      auto cc = Normalised(*p.country_code);
      c.country_code = cc ? std::optional(validation::ToUpperAscii(*cc)) : std::nullopt;
    }
    if (p.seller) c.seller = *p.seller ? std::optional(UserId{**p.seller}) : std::nullopt;
    if (p.lang) c.lang = *p.lang;
    if (p.is_test) c.is_test = *p.is_test;
    c.updated_at = now;
    TRY_STATUS(tx.UpdateClient(c));
    views.push_back({std::move(c), {}, {}});
    return LoadViews(tx, caller.org, views);
  });
  if (!st.ok()) {
    if (st.error().code == ErrorCode::kAlreadyExists)
      return FieldError("email", kEmailTaken);
    return std::move(st).error();
  }
  return std::move(views.front());
}

Result<storage::Page<AccountStatusChange>> AccountService::StatusChanges(
    const Caller& caller, const storage::StatusChangeQuery& q) {
  TRY_STATUS(RequireStaff(caller));
  storage::Page<AccountStatusChange> page;
  TRY_STATUS(db_.Read([&](storage::Tx& tx) -> Status {
    TRY(page, tx.ListStatusChanges(caller.org, q));
    return Ok();
  }));
  return page;
}

}  // namespace clientele
