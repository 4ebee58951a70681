#include "storage/postgres/postgres_store.h"

#include <spdlog/spdlog.h>

#include <string_view>
#include <utility>

#include "crypto/crypto.h"
#include "storage/postgres/connection.h"

namespace clientele::storage::postgres {

extern const std::vector<std::pair<std::string_view, std::string_view>> kMigrations;

namespace {

// Advisory lock keys (per database). "Clientel" and "Clientew" in ASCII.
constexpr int64_t kMigrationLock = 0x436c69656e74656c;
constexpr int64_t kWriterLock = 0x436c69656e746577;

// Runs `f`, turning a PgError into the Error the interface promises.
template <typename F>
auto Guard(F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const PgError& e) {
    return MapError(e);
  }
}

// Text columns are COLLATE "C" in the schema, so comparisons and orderings are byte-wise like
// SQLite's BINARY, and lower() folds ASCII only, like SQLite's lower() and NOCASE. A bound
// parameter carries the database's collation, hence the explicit COLLATE on the e-mail key.
constexpr std::string_view kClientColumns =
    "c.id, c.org_id, c.email, c.name, c.company_name, c.phone, c.website, c.custom_id, "
    "c.seller_id, c.lang, c.country_code, c.is_test, c.is_reseller_account, c.deleted, c.status, "
    "c.owner_user_id, c.created_at, c.updated_at, c.deleted_at, c.days_to_deleted";

Client ReadClient(const Row& s) {
  Client c;
  c.id = ClientId{s.Int(0)};
  c.org = OrgId{s.Int(1)};
  c.email = s.Text(2);
  c.name = s.OptText(3);
  c.company_name = s.Text(4);
  c.phone = s.OptText(5);
  c.website = s.OptText(6);
  c.custom_id = s.OptText(7);
  if (auto v = s.OptInt(8)) c.seller = UserId{*v};
  c.lang = s.Text(9);
  c.country_code = s.OptText(10);
  c.is_test = s.Bool(11);
  c.is_reseller_account = s.Bool(12);
  c.deleted = s.Bool(13);
  c.status = ParseAccountStatus(s.Text(14)).value_or(AccountStatus::kPreparation);
  if (auto v = s.OptInt(15)) c.owner = UserId{*v};
  c.created_at = Timestamp{s.Int(16)};
  c.updated_at = Timestamp{s.Int(17)};
  c.deleted_at = s.OptTime(18);
  if (auto v = s.OptInt(19)) c.days_to_deleted = static_cast<int>(*v);
  return c;
}

constexpr std::string_view kUserColumns =
    "id, org_id, client_id, email, name, phone, lang, user_type, group_id, password_hash, "
    "activated, blocked, deleted, failed_logins, locked_until, created_at, invited_at, "
    "last_login_at, sessions_valid_after";

User ReadUser(const Row& s) {
  User u;
  u.id = UserId{s.Int(0)};
  u.org = OrgId{s.Int(1)};
  if (auto v = s.OptInt(2)) u.client = ClientId{*v};
  u.email = s.Text(3);
  u.name = s.OptText(4);
  u.phone = s.OptText(5);
  u.lang = s.Text(6);
  u.type = ParseUserType(s.Text(7)).value_or(UserType::kCommon);
  if (auto v = s.OptInt(8)) u.group = GroupFromId(*v);
  u.password_hash = s.Text(9);
  u.activated = s.Bool(10);
  u.blocked = s.Bool(11);
  u.deleted = s.Bool(12);
  u.failed_logins = static_cast<int>(s.Int(13));
  u.locked_until = s.OptTime(14);
  u.created_at = Timestamp{s.Int(15)};
  u.invited_at = s.OptTime(16);
  u.last_login_at = s.OptTime(17);
  u.sessions_valid_after = s.OptTime(18);
  return u;
}

constexpr std::string_view kServiceColumns =
    "s.id, s.client_id, s.product, s.status, s.previous_status, s.status_changed_at, "
    "s.trial_start, s.trial_end, s.deleted_date, s.enabled, s.available, s.org_id, "
    "s.ends_soon_sent_for";

Service ReadService(const Row& s) {
  Service v;
  v.id = ServiceId{s.Int(0)};
  v.client = ClientId{s.Int(1)};
  v.product = s.Text(2);
  v.status = ParseProductStatus(s.Text(3)).value_or(ProductStatus::kNew);
  if (auto p = s.OptText(4)) v.previous_status = ParseProductStatus(*p);
  v.status_changed_at = s.OptTime(5);
  v.start = s.OptTime(6);
  v.trial_end = s.OptTime(7);
  v.deleted_date = s.OptTime(8);
  v.enabled = s.Bool(9);
  v.available = s.OptBool(10);
  v.org = OrgId{s.Int(11)};
  v.ends_soon_sent_for = s.OptTime(12);
  return v;
}

constexpr std::string_view kTokenColumns =
    "t.id, t.org_id, t.client_id, t.user_id, t.name, t.description, t.role, t.secret_hash, "
    "t.expires_at, t.created_at, t.last_used_at, t.deleted, u.email, u.name";

ApiToken ReadToken(const Row& s) {
  ApiToken t;
  t.id = TokenId{s.Int(0)};
  t.org = OrgId{s.Int(1)};
  t.client = ClientId{s.Int(2)};
  t.user = UserId{s.Int(3)};
  t.name = s.Text(4);
  t.description = s.OptText(5);
  t.role = GroupFromId(s.Int(6)).value_or(Group::kUsers);
  t.secret_hash = s.Bytes(7);
  t.expires_at = s.OptTime(8);
  t.created_at = Timestamp{s.Int(9)};
  t.last_used_at = s.OptTime(10);
  t.deleted = s.Bool(11);
  t.user_email = s.Text(12);
  t.user_name = s.OptText(13);
  return t;
}

constexpr std::string_view kActivityColumns =
    "id, org_id, user_id, user_email, client_id, token_id, acting_user_id, acting_user_email, "
    "requested_at, method, path, query, body, status_code, remote_ip, host";

ActivityEntry ReadActivity(const Row& s) {
  ActivityEntry a;
  a.id = s.Int(0);
  a.org = OrgId{s.Int(1)};
  if (auto v = s.OptInt(2)) a.user = UserId{*v};
  a.user_email = s.Text(3);
  if (auto v = s.OptInt(4)) a.client = ClientId{*v};
  if (auto v = s.OptInt(5)) a.token = TokenId{*v};
  if (auto v = s.OptInt(6)) a.acting_user = UserId{*v};
  a.acting_user_email = s.Text(7);
  a.requested_at = Timestamp{s.Int(8)};
  a.method = s.Text(9);
  a.path = s.Text(10);
  a.query = s.Text(11);
  a.body = s.Text(12);
  a.status_code = static_cast<int>(s.Int(13));
  a.remote_ip = s.Text(14);
  a.host = s.Text(15);
  return a;
}

constexpr std::string_view kOutboxColumns =
    "id, org_id, kind, dedupe_key, to_address, to_name, subject, text_body, html_body, state, "
    "attempts, next_attempt_at, last_error, created_at, sent_at, data";

OutboxEmail ReadOutbox(const Row& s) {
  OutboxEmail e;
  e.id = s.Int(0);
  e.org = OrgId{s.Int(1)};
  e.kind = s.Text(2);
  e.dedupe_key = s.Text(3);
  e.to_address = s.Text(4);
  e.to_name = s.Text(5);
  e.subject = s.Text(6);
  e.text_body = s.Text(7);
  e.html_body = s.Text(8);
  std::string state = s.Text(9);
  e.state = state == "sent"     ? EmailState::kSent
            : state == "failed" ? EmailState::kFailed
                                : EmailState::kPending;
  e.attempts = static_cast<int>(s.Int(10));
  e.next_attempt_at = Timestamp{s.Int(11)};
  e.last_error = s.Text(12);
  e.created_at = Timestamp{s.Int(13)};
  e.sent_at = s.OptTime(14);
  e.data = s.Text(15);
  return e;
}

constexpr std::string_view kMailTestColumns =
    "id, org_id, to_address, state, failure, reply_code, created_at, finished_at";

MailTest ReadMailTest(const Row& s) {
  MailTest t;
  t.id = s.Int(0);
  t.org = OrgId{s.Int(1)};
  t.to_address = s.Text(2);
  t.state = ParseMailTestState(s.Text(3));
  t.failure = s.Text(4);
  t.reply_code = static_cast<int>(s.Int(5));
  t.created_at = Timestamp{s.Int(6)};
  t.finished_at = s.OptTime(7);
  return t;
}

constexpr std::string_view kOrganisationColumns =
    "id, name, reseller_client_id, trial_days, days_to_deleted, created_at";

Organisation ReadOrganisation(const Row& s) {
  Organisation o;
  o.id = OrgId{s.Int(0)};
  o.name = s.Text(1);
  if (auto v = s.OptInt(2)) o.reseller_client = ClientId{*v};
  o.trial_days = static_cast<int>(s.Int(3));
  o.days_to_deleted = static_cast<int>(s.Int(4));
  o.created_at = Timestamp{s.Int(5)};
  return o;
}

// ILIKE pattern for a substring, with the wildcards of the input escaped (escape character
// backslash, given as E'\\' in the SQL so standard_conforming_strings does not matter).
std::string ContainsPattern(std::string_view s) {
  std::string out = "%";
  for (char c : s) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out + "%";
}

std::string_view OrderColumn(ClientOrderField f) {
  switch (f) {
    case ClientOrderField::kId:
      return "c.id";
    case ClientOrderField::kEmail:
      return "c.email_key";
    case ClientOrderField::kName:
      return "lower(c.name)";
    case ClientOrderField::kStatus:
      return "c.status";
    case ClientOrderField::kCompanyName:
      return "lower(c.company_name)";
    case ClientOrderField::kCustomId:
      return "c.custom_id";
    case ClientOrderField::kCreatedAt:
      return "c.created_at";
  }
  return "c.id";
}

template <typename Tag>
std::vector<int64_t> RawIds(std::span<const Id<Tag>> ids) {
  std::vector<int64_t> out;
  out.reserve(ids.size());
  for (const auto& id : ids) out.push_back(id.value);
  return out;
}

const char* PurposeName(LinkPurpose p) {
  return p == LinkPurpose::kInvitation ? "invitation" : "password_reset";
}

Param GroupArg(const std::optional<Group>& g) {
  return g ? Arg(static_cast<int64_t>(*g)) : NullOf(Arg(int64_t{0}));
}

Param StatusArg(const std::optional<ProductStatus>& s) {
  return s ? Arg(ToString(*s)) : NullOf(Arg(""));
}

// Builds a statement's parameter list: each call appends a value and returns its "$n".
class Args {
 public:
  std::string operator()(Param p) {
    params_.push_back(std::move(p));
    return "$" + std::to_string(params_.size());
  }
  const std::vector<Param>& params() const { return params_; }

 private:
  std::vector<Param> params_;
};

class PostgresTx final : public Tx {
 public:
  PostgresTx(Connection& db, const OutboxHooks& hooks) : db_(db), hooks_(hooks) {}

  bool queued_email() const { return queued_email_; }

  Result<std::optional<std::string>> GetSetting(const std::string& key) override {
    return Guard([&]() -> Result<std::optional<std::string>> {
      auto rows = db_.Query("SELECT value FROM settings WHERE key = $1", {Arg(key)});
      if (rows.empty()) return std::optional<std::string>();
      return std::optional<std::string>(rows[0].Bytes(0));
    });
  }

  Status PutSetting(const std::string& key, const std::string& value) override {
    return Guard([&]() -> Status {
      db_.Exec(
          "INSERT INTO settings (key, value) VALUES ($1, $2) "
          "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
          {Arg(key), Bytes(value)});
      return Ok();
    });
  }

  Result<Organisation> InsertOrganisation(const NewOrganisation& d, Timestamp now) override {
    return Guard([&]() -> Result<Organisation> {
      auto rows = db_.Query(
          "INSERT INTO organisations (name, trial_days, days_to_deleted, created_at) "
          "VALUES ($1, $2, $3, $4) RETURNING " +
              std::string(kOrganisationColumns),
          {Arg(d.name), Arg(d.trial_days), Arg(d.days_to_deleted), Arg(now)});
      return ReadOrganisation(rows[0]);
    });
  }

  Result<Organisation> GetOrganisation(OrgId org) override {
    return Guard([&]() -> Result<Organisation> {
      auto rows = db_.Query(
          "SELECT " + std::string(kOrganisationColumns) + " FROM organisations WHERE id = $1",
          {Arg(org)});
      if (rows.empty()) return NotFound();
      return ReadOrganisation(rows[0]);
    });
  }

  Status SetResellerClient(OrgId org, ClientId client) override {
    return Guard([&]() -> Status {
      auto n = db_.Exec("UPDATE organisations SET reseller_client_id = $2 WHERE id = $1",
                        {Arg(org), Arg(client)});
      return n == 1 ? Ok() : Status(NotFound());
    });
  }

  Result<std::vector<Organisation>> ListOrganisations() override {
    return Guard([&]() -> Result<std::vector<Organisation>> {
      auto rows = db_.Query("SELECT " + std::string(kOrganisationColumns) +
                            " FROM organisations ORDER BY id");
      std::vector<Organisation> out;
      for (int i = 0; i < rows.size(); ++i) out.push_back(ReadOrganisation(rows[i]));
      return out;
    });
  }

  Result<std::vector<Product>> ListProducts() override {
    return Guard([&]() -> Result<std::vector<Product>> {
      auto rows = db_.Query("SELECT name, title, position FROM products ORDER BY position, name");
      std::vector<Product> out;
      for (int i = 0; i < rows.size(); ++i)
        out.push_back({rows[i].Text(0), rows[i].Text(1), static_cast<int>(rows[i].Int(2))});
      return out;
    });
  }

  Result<Client> InsertClient(const Client& c) override {
    return Guard([&]() -> Result<Client> {
      auto rows = db_.Query(
          "INSERT INTO clients AS c (org_id, email, email_key, name, company_name, phone, "
          "website, custom_id, seller_id, lang, country_code, is_test, is_reseller_account, "
          "status, deleted, owner_user_id, created_at, updated_at) "
          "VALUES ($1, $2, lower($2 COLLATE \"C\"), $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, "
          "$13, false, $14, $15, $15) RETURNING " +
              std::string(kClientColumns),
          {Arg(c.org), Arg(c.email), Arg(c.name), Arg(c.company_name), Arg(c.phone), Arg(c.website),
           Arg(c.custom_id), Arg(c.seller), Arg(c.lang), Arg(c.country_code), Arg(c.is_test),
           Arg(c.is_reseller_account), Arg(ToString(c.status)), Arg(c.owner), Arg(c.created_at)});
      return ReadClient(rows[0]);
    });
  }

  Result<Client> GetClient(OrgId org, ClientId id) override {
    return Guard([&]() -> Result<Client> {
      auto rows = db_.Query("SELECT " + std::string(kClientColumns) +
                                " FROM clients c WHERE c.id = $1 AND c.org_id = $2",
                            {Arg(id), Arg(org)});
      if (rows.empty()) return NotFound();
      return ReadClient(rows[0]);
    });
  }

  Status UpdateClient(const Client& c) override {
    return Guard([&]() -> Status {
      auto n = db_.Exec(
          "UPDATE clients SET email = $3, email_key = lower($3 COLLATE \"C\"), name = $4, "
          "company_name = $5, phone = $6, website = $7, custom_id = $8, seller_id = $9, "
          "lang = $10, country_code = $11, is_test = $12, status = $13, deleted = $14, "
          "deleted_at = $15, updated_at = $16, owner_user_id = $17 "
          "WHERE id = $1 AND org_id = $2",
          {Arg(c.id), Arg(c.org), Arg(c.email), Arg(c.name), Arg(c.company_name), Arg(c.phone),
           Arg(c.website), Arg(c.custom_id), Arg(c.seller), Arg(c.lang), Arg(c.country_code),
           Arg(c.is_test), Arg(ToString(c.status)), Arg(c.deleted), Arg(c.deleted_at),
           Arg(c.updated_at), Arg(c.owner)});
      return n == 1 ? Ok() : Status(NotFound());
    });
  }

  Result<bool> ClientEmailTaken(OrgId org, const std::string& email,
                                std::optional<ClientId> except) override {
    return Guard([&]() -> Result<bool> {
      auto rows = db_.Query(
          "SELECT 1 FROM clients WHERE org_id = $1 AND email_key = lower($2 COLLATE \"C\") "
          "AND NOT deleted AND id <> $3 LIMIT 1",
          {Arg(org), Arg(email), Arg(except ? except->value : int64_t{0})});
      return !rows.empty();
    });
  }

  Result<ClientPage> ListClients(OrgId org, const ClientQuery& q) override {
    return Guard([&]() -> Result<ClientPage> {
      ClientPage page;
      if (q.match_nothing) {
        if (q.limit) page.count = 0;
        return page;
      }
      Args arg;
      std::string where = "c.org_id = " + arg(Arg(org));
      if (q.deleted != FlagFilter::kAll)
        where += q.deleted == FlagFilter::kOnlyTrue ? " AND c.deleted" : " AND NOT c.deleted";
      if (q.is_test != FlagFilter::kAll)
        where += q.is_test == FlagFilter::kOnlyTrue ? " AND c.is_test" : " AND NOT c.is_test";
      if (!q.ids.empty())
        where += " AND c.id = ANY(" + arg(IntArray(RawIds<ClientTag>(q.ids))) + ")";
      if (!q.exclude_ids.empty())
        where += " AND c.id <> ALL(" + arg(IntArray(RawIds<ClientTag>(q.exclude_ids))) + ")";
      auto status_list = [&](const auto& statuses) {
        std::vector<std::string> names;
        for (auto st : statuses) names.emplace_back(ToString(st));
        return arg(TextArray(names));
      };
      if (!q.statuses.empty()) where += " AND c.status = ANY(" + status_list(q.statuses) + ")";
      if (q.filter_seller)
        where +=
            q.seller ? " AND c.seller_id = " + arg(Arg(*q.seller)) : " AND c.seller_id IS NULL";
      if (q.filter_country)
        where += q.country_code ? " AND c.country_code = " + arg(Arg(*q.country_code))
                                : " AND c.country_code IS NULL";
      if (q.reseller_account)
        where +=
            *q.reseller_account ? " AND c.is_reseller_account" : " AND NOT c.is_reseller_account";
      if (q.created_gte) where += " AND c.created_at >= " + arg(Arg(*q.created_gte));
      if (q.created_lte) where += " AND c.created_at <= " + arg(Arg(*q.created_lte));

      // Substring filters: the pg_trgm GIN indexes serve ILIKE '%…%' for three characters or
      // more; for shorter ones the planner falls back to other conditions, as SQLite does.
      auto contains = [&](const std::optional<std::string>& value, std::string_view column) {
        if (value)
          where += " AND " + std::string(column) + " ILIKE " + arg(Arg(ContainsPattern(*value))) +
                   " ESCAPE E'\\\\'";
      };
      contains(q.email_contains, "c.email");
      contains(q.name_contains, "c.name");
      contains(q.company_contains, "c.company_name");
      contains(q.custom_id_contains, "c.custom_id");
      if (q.users_email_contains)
        where +=
            " AND EXISTS (SELECT 1 FROM users u WHERE u.client_id = c.id AND NOT u.deleted "
            "AND u.email_key ILIKE " +
            arg(Arg(ContainsPattern(*q.users_email_contains))) + " ESCAPE E'\\\\')";
      if (q.users_name_contains)
        where +=
            " AND EXISTS (SELECT 1 FROM users u WHERE u.client_id = c.id AND NOT u.deleted "
            "AND u.name ILIKE " +
            arg(Arg(ContainsPattern(*q.users_name_contains))) + " ESCAPE E'\\\\')";
      for (const auto& [product, statuses] : q.product_statuses)
        where +=
            " AND c.id IN (SELECT s.client_id FROM services s WHERE s.org_id = " + arg(Arg(org)) +
            " AND s.product = " + arg(Arg(product)) + " AND s.status = ANY(" +
            status_list(statuses) + "))";
      for (const auto& product : q.personal_availability)
        where +=
            " AND c.id IN (SELECT s.client_id FROM services s WHERE s.org_id = " + arg(Arg(org)) +
            " AND s.product = " + arg(Arg(product)) + " AND s.available IS NOT NULL)";

      if (q.limit) {
        auto count = db_.Query("SELECT count(*) FROM clients c WHERE " + where, arg.params());
        page.count = count[0].Int(0);
      }

      std::string order;
      bool has_id = false;
      for (const auto& o : q.ordering) {
        order += (order.empty() ? "" : ", ") + std::string(OrderColumn(o.field)) +
                 (o.descending ? " DESC NULLS FIRST" : " ASC NULLS LAST");
        has_id = has_id || o.field == ClientOrderField::kId;
      }
      if (!has_id) order += std::string(order.empty() ? "" : ", ") + "c.id ASC";
      std::string sql = "SELECT " + std::string(kClientColumns) + " FROM clients c WHERE " + where +
                        " ORDER BY " + order;
      if (q.limit) sql += " LIMIT " + arg(Arg(*q.limit)) + " OFFSET " + arg(Arg(q.offset));
      auto rows = db_.Query(sql, arg.params());
      page.items.reserve(rows.size());
      for (int i = 0; i < rows.size(); ++i) page.items.push_back(ReadClient(rows[i]));
      return page;
    });
  }

  Status InsertServices(OrgId org, ClientId client, std::span<const Service> services) override {
    return Guard([&]() -> Status {
      for (const auto& v : services) {
        db_.Exec(
            "INSERT INTO services (org_id, client_id, product, status, previous_status, "
            "status_changed_at, trial_start, trial_end, deleted_date, enabled, available) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            {Arg(org), Arg(client), Arg(v.product), Arg(ToString(v.status)),
             StatusArg(v.previous_status), Arg(v.status_changed_at), Arg(v.start), Arg(v.trial_end),
             Arg(v.deleted_date), Arg(v.enabled), Arg(v.available)});
      }
      return Ok();
    });
  }

  Result<std::vector<Service>> ListServices(OrgId org, std::span<const ClientId> clients) override {
    return Guard([&]() -> Result<std::vector<Service>> {
      std::vector<Service> out;
      if (clients.empty()) return out;
      auto rows = db_.Query("SELECT " + std::string(kServiceColumns) +
                                " FROM services s JOIN products p ON p.name = s.product "
                                "WHERE s.org_id = $1 AND s.client_id = ANY($2) "
                                "ORDER BY s.client_id, p.position",
                            {Arg(org), IntArray(RawIds(clients))});
      for (int i = 0; i < rows.size(); ++i) out.push_back(ReadService(rows[i]));
      return out;
    });
  }

  Result<Service> GetService(OrgId org, ClientId client, ServiceId id) override {
    return Guard([&]() -> Result<Service> {
      auto rows =
          db_.Query("SELECT " + std::string(kServiceColumns) +
                        " FROM services s WHERE s.id = $1 AND s.org_id = $2 AND s.client_id = $3",
                    {Arg(id), Arg(org), Arg(client)});
      if (rows.empty()) return NotFound();
      return ReadService(rows[0]);
    });
  }

  Status UpdateService(const Service& v) override {
    return Guard([&]() -> Status {
      auto n = db_.Exec(
          "UPDATE services SET status = $4, previous_status = $5, status_changed_at = $6, "
          "trial_start = $7, trial_end = $8, deleted_date = $9, enabled = $10, available = $11, "
          "ends_soon_sent_for = $12 WHERE id = $1 AND org_id = $2 AND client_id = $3",
          {Arg(v.id), Arg(v.org), Arg(v.client), Arg(ToString(v.status)),
           StatusArg(v.previous_status), Arg(v.status_changed_at), Arg(v.start), Arg(v.trial_end),
           Arg(v.deleted_date), Arg(v.enabled), Arg(v.available), Arg(v.ends_soon_sent_for)});
      return n == 1 ? Ok() : Status(NotFound());
    });
  }

  Result<int64_t> ClearPersonalVisibility(OrgId org, const std::string& product) override {
    return Guard([&]() -> Result<int64_t> {
      return db_.Exec(
          "UPDATE services SET available = NULL WHERE org_id = $1 AND product = $2 "
          "AND available IS NOT NULL",
          {Arg(org), Arg(product)});
    });
  }

  Result<std::vector<std::pair<std::string, bool>>> DefaultVisibility(OrgId org) override {
    return Guard([&]() -> Result<std::vector<std::pair<std::string, bool>>> {
      auto rows = db_.Query(
          "SELECT p.name, COALESCE(d.available, p.default_available) FROM products p "
          "LEFT JOIN product_defaults d ON d.product = p.name AND d.org_id = $1 "
          "ORDER BY p.position, p.name",
          {Arg(org)});
      std::vector<std::pair<std::string, bool>> out;
      for (int i = 0; i < rows.size(); ++i) out.emplace_back(rows[i].Text(0), rows[i].Bool(1));
      return out;
    });
  }

  Status SetDefaultVisibility(OrgId org, const std::string& product, bool available) override {
    return Guard([&]() -> Status {
      db_.Exec(
          "INSERT INTO product_defaults (org_id, product, available) VALUES ($1, $2, $3) "
          "ON CONFLICT (org_id, product) DO UPDATE SET available = EXCLUDED.available",
          {Arg(org), Arg(product), Arg(available)});
      return Ok();
    });
  }

  Result<std::vector<StatusCount>> CountServices(OrgId org, const std::string& product,
                                                 std::span<const ProductStatus> statuses,
                                                 std::optional<bool> personal) override {
    return Guard([&]() -> Result<std::vector<StatusCount>> {
      std::vector<std::string> names;
      for (auto st : statuses) names.emplace_back(ToString(st));
      std::string personal_cond = !personal   ? ""
                                  : *personal ? " AND s.available"
                                              : " AND s.available IS NULL";
      auto rows = db_.Query(
          "SELECT s.status, count(*) FROM services s JOIN clients c ON c.id = s.client_id "
          "WHERE s.org_id = $1 AND s.product = $2 AND NOT c.deleted AND s.status = ANY($3)" +
              personal_cond + " GROUP BY s.status ORDER BY s.status",
          {Arg(org), Arg(product), TextArray(names)});
      std::vector<StatusCount> out;
      for (int i = 0; i < rows.size(); ++i)
        out.push_back({product, ParseProductStatus(rows[i].Text(0)).value_or(ProductStatus::kNew),
                       rows[i].Int(1)});
      return out;
    });
  }

  // FOR UPDATE SKIP LOCKED: the rows a job takes stay locked until its unit of work commits,
  // and a second instance running the same job at the same moment skips them instead of
  // taking them too (or waiting). A row another runner already changed and committed no longer
  // matches: under READ COMMITTED, PostgreSQL re-checks the WHERE clause on the row's latest
  // version before locking it. So each due row is handled by exactly one runner, whatever the
  // number of instances; a runner that dies mid-batch releases its locks with its transaction
  // and its rows are taken by the next run.
  Result<std::vector<Service>> TrialsEnded(Timestamp now, int limit) override {
    return Due("s.status = 'trial' AND s.trial_end <= $1 ORDER BY s.trial_end, s.id", now, limit);
  }

  Result<std::vector<Service>> TrialsEndingSoon(Timestamp soon, int limit) override {
    return Due(
        "s.status = 'trial' AND s.trial_end <= $1 AND (s.ends_soon_sent_for IS NULL OR "
        "s.ends_soon_sent_for <> s.trial_end) ORDER BY s.trial_end, s.id",
        soon, limit);
  }

  Result<std::vector<Service>> DeletionsDue(Timestamp now, int limit) override {
    return Due(
        "s.status IN ('trialend', 'paused') AND s.deleted_date <= $1 "
        "ORDER BY s.deleted_date, s.id",
        now, limit);
  }

  Status SetClientStatus(OrgId org, ClientId client, AccountStatus status, Timestamp now) override {
    return Guard([&]() -> Status {
      auto n =
          db_.Exec("UPDATE clients SET status = $3, updated_at = $4 WHERE id = $1 AND org_id = $2",
                   {Arg(client), Arg(org), Arg(ToString(status)), Arg(now)});
      return n == 1 ? Ok() : Status(NotFound());
    });
  }

  Status SetClientDaysToDeleted(OrgId org, ClientId client, std::optional<int> days) override {
    return Guard([&]() -> Status {
      auto n = db_.Exec("UPDATE clients SET days_to_deleted = $3 WHERE id = $1 AND org_id = $2",
                        {Arg(client), Arg(org), Arg(days)});
      return n == 1 ? Ok() : Status(NotFound());
    });
  }

  Status SetOrganisationTiming(OrgId org, int trial_days, int days_to_deleted) override {
    return Guard([&]() -> Status {
      auto n =
          db_.Exec("UPDATE organisations SET trial_days = $2, days_to_deleted = $3 WHERE id = $1",
                   {Arg(org), Arg(trial_days), Arg(days_to_deleted)});
      return n == 1 ? Ok() : Status(NotFound());
    });
  }

  Result<int64_t> RescheduleDeletions(OrgId org, std::optional<ClientId> client,
                                      int days) override {
    return Guard([&]() -> Result<int64_t> {
      return db_.Exec(
          "UPDATE services SET deleted_date = status_changed_at + $3 * 86400000000 "
          "WHERE org_id = $1 AND status IN ('trialend', 'paused') AND status_changed_at IS NOT "
          "NULL "
          "AND (CASE WHEN $2 IS NULL THEN client_id IN (SELECT id FROM clients WHERE org_id = $1 "
          "AND days_to_deleted IS NULL) ELSE client_id = $2 END)",
          {Arg(org), Arg(client), Arg(days)});
    });
  }

  Result<Branding> GetBranding(OrgId org) override {
    return Guard([&]() -> Result<Branding> {
      auto rows = db_.Query(
          "SELECT brand_name, from_email, support_email, support_phone, website_link, "
          "agreement_link, api_docs_link, knowledge_base_link, status_page_link, header_color, "
          "primary_color, logo, smtp_host, smtp_port, smtp_tls, smtp_login, smtp_password, "
          "updated_at FROM branding WHERE org_id = $1",
          {Arg(org)});
      Branding b;
      b.org = org;
      if (rows.empty()) return b;
      const Row s = rows[0];
      b.brand_name = s.Text(0);
      b.from_email = s.Text(1);
      b.support_email = s.Text(2);
      b.support_phone = s.Text(3);
      b.website_link = s.Text(4);
      b.agreement_link = s.Text(5);
      b.api_docs_link = s.Text(6);
      b.knowledge_base_link = s.Text(7);
      b.status_page_link = s.Text(8);
      b.header_color = s.Text(9);
      b.primary_color = s.Text(10);
      b.logo = s.Text(11);
      b.smtp_host = s.Text(12);
      b.smtp_port = static_cast<int>(s.Int(13));
      b.smtp_tls = s.Text(14);
      b.smtp_login = s.Text(15);
      if (!s.IsNull(16)) b.smtp_password_sealed = s.Bytes(16);
      b.updated_at = Timestamp{s.Int(17)};
      return b;
    });
  }

  Status PutBranding(const Branding& b) override {
    return Guard([&]() -> Status {
      db_.Exec(
          "INSERT INTO branding (org_id, brand_name, from_email, support_email, support_phone, "
          "website_link, agreement_link, api_docs_link, knowledge_base_link, status_page_link, "
          "header_color, primary_color, logo, smtp_host, smtp_port, smtp_tls, smtp_login, "
          "smtp_password, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, "
          "$13, $14, $15, $16, $17, $18, $19) ON CONFLICT (org_id) DO UPDATE SET "
          "brand_name = EXCLUDED.brand_name, from_email = EXCLUDED.from_email, "
          "support_email = EXCLUDED.support_email, support_phone = EXCLUDED.support_phone, "
          "website_link = EXCLUDED.website_link, agreement_link = EXCLUDED.agreement_link, "
          "api_docs_link = EXCLUDED.api_docs_link, "
          "knowledge_base_link = EXCLUDED.knowledge_base_link, "
          "status_page_link = EXCLUDED.status_page_link, header_color = EXCLUDED.header_color, "
          "primary_color = EXCLUDED.primary_color, logo = EXCLUDED.logo, "
          "smtp_host = EXCLUDED.smtp_host, smtp_port = EXCLUDED.smtp_port, "
          "smtp_tls = EXCLUDED.smtp_tls, smtp_login = EXCLUDED.smtp_login, "
          "smtp_password = EXCLUDED.smtp_password, updated_at = EXCLUDED.updated_at",
          {Arg(b.org), Arg(b.brand_name), Arg(b.from_email), Arg(b.support_email),
           Arg(b.support_phone), Arg(b.website_link), Arg(b.agreement_link), Arg(b.api_docs_link),
           Arg(b.knowledge_base_link), Arg(b.status_page_link), Arg(b.header_color),
           Arg(b.primary_color), Arg(b.logo), Arg(b.smtp_host), Arg(b.smtp_port), Arg(b.smtp_tls),
           Arg(b.smtp_login), OptBytes(b.smtp_password_sealed), Arg(b.updated_at)});
      return Ok();
    });
  }

  Result<bool> EnqueueEmail(const OutboxEmail& e) override {
    return Guard([&]() -> Result<bool> {
      auto seal = [&](const std::string& body) {
        return hooks_.seal_key.empty() || body.empty() ? body
                                                        : crypto::SealText(hooks_.seal_key, body);
      };
      bool queued =
          db_.Exec(
              "INSERT INTO outbox (org_id, kind, dedupe_key, to_address, to_name, subject, "
              "text_body, html_body, next_attempt_at, created_at, data) VALUES ($1, $2, $3, $4, "
              "$5, $6, $7, $8, $9, $10, $11) ON CONFLICT (dedupe_key) DO NOTHING",
              {Arg(e.org), Arg(e.kind), Arg(e.dedupe_key), Arg(e.to_address), Arg(e.to_name),
               Arg(e.subject), Arg(seal(e.text_body)), Arg(seal(e.html_body)),
               Arg(e.next_attempt_at), Arg(e.created_at), Arg(seal(e.data))}) == 1;
      if (queued) queued_email_ = true;
      return queued;
    });
  }

  // The claimed rows are locked (SKIP LOCKED, see TrialsEnded) and leased in the same unit of
  // work; once it commits, the lease (next_attempt_at in the future) keeps other runs away
  // while this one talks to the mail server.
  Result<std::vector<OutboxEmail>> ClaimDueEmails(Timestamp now, Timestamp lease_until,
                                                  int limit,
                                                  const std::vector<OrgId>& skip_orgs) override {
    return Guard([&]() -> Result<std::vector<OutboxEmail>> {
      std::vector<int64_t> skip;
      for (OrgId org : skip_orgs) skip.push_back(org.value);
      auto rows = db_.Query("SELECT " + std::string(kOutboxColumns) +
                                " FROM outbox WHERE state = 'pending' AND next_attempt_at <= $1 "
                                "AND org_id <> ALL($3) "
                                "ORDER BY next_attempt_at, id LIMIT $2 FOR UPDATE SKIP LOCKED",
                            {Arg(now), Arg(int64_t{limit}), IntArray(skip)});
      std::vector<OutboxEmail> out;
      std::vector<int64_t> ids;
      for (int i = 0; i < rows.size(); ++i) {
        out.push_back(ReadOutbox(rows[i]));
        ids.push_back(out.back().id);
      }
      if (!ids.empty())
        db_.Exec("UPDATE outbox SET next_attempt_at = $2 WHERE id = ANY($1)",
                 {IntArray(ids), Arg(lease_until)});
      return out;
    });
  }

  Status MarkEmailSent(int64_t id, Timestamp now) override {
    return Guard([&]() -> Status {
      db_.Exec(
          "UPDATE outbox SET state = 'sent', sent_at = $2, attempts = attempts + 1, "
          "last_error = '', text_body = '', html_body = '', data = '' WHERE id = $1",
          {Arg(id), Arg(now)});
      return Ok();
    });
  }

  Status MarkEmailFailed(int64_t id, int attempts, Timestamp next_attempt_at,
                         const std::string& error, bool give_up) override {
    return Guard([&]() -> Status {
      db_.Exec(
          "UPDATE outbox SET attempts = $2, next_attempt_at = $3, last_error = $4, "
          "state = CASE WHEN $5 THEN 'failed' ELSE 'pending' END, "
          "text_body = CASE WHEN $5 THEN '' ELSE text_body END, "
          "html_body = CASE WHEN $5 THEN '' ELSE html_body END, "
          "data = CASE WHEN $5 THEN '' ELSE data END WHERE id = $1",
          {Arg(id), Arg(attempts), Arg(next_attempt_at), Arg(error), Arg(give_up)});
      return Ok();
    });
  }

  Result<std::vector<OutboxEmail>> ListOutbox(OrgId org, int limit) override {
    return Guard([&]() -> Result<std::vector<OutboxEmail>> {
      auto rows = db_.Query("SELECT " + std::string(kOutboxColumns) +
                                " FROM outbox WHERE org_id = $1 ORDER BY id DESC LIMIT $2",
                            {Arg(org), Arg(int64_t{limit})});
      std::vector<OutboxEmail> out;
      for (int i = 0; i < rows.size(); ++i) out.push_back(ReadOutbox(rows[i]));
      return out;
    });
  }

  Result<MailTest> InsertMailTest(const MailTest& t) override {
    return Guard([&]() -> Result<MailTest> {
      auto rows = db_.Query(
          "INSERT INTO mail_tests (org_id, to_address, state, failure, reply_code, created_at) "
          "VALUES ($1, $2, 'sending', '', 0, $3) RETURNING " +
              std::string(kMailTestColumns),
          {Arg(t.org), Arg(t.to_address), Arg(t.created_at)});
      return ReadMailTest(rows[0]);
    });
  }

  Status FinishMailTest(OrgId org, int64_t id, MailTestState state, const std::string& failure,
                        int reply_code, Timestamp now) override {
    return Guard([&]() -> Status {
      db_.Exec(
          "UPDATE mail_tests SET state = $3, failure = $4, reply_code = $5, finished_at = $6 "
          "WHERE org_id = $1 AND id = $2",
          {Arg(org), Arg(id), Arg(std::string(ToString(state))), Arg(failure), Arg(reply_code),
           Arg(now)});
      return Ok();
    });
  }

  Result<MailTest> GetMailTest(OrgId org, int64_t id) override {
    return Guard([&]() -> Result<MailTest> {
      auto rows = db_.Query("SELECT " + std::string(kMailTestColumns) +
                                " FROM mail_tests WHERE org_id = $1 AND id = $2",
                            {Arg(org), Arg(id)});
      if (rows.empty()) return NotFound();
      return ReadMailTest(rows[0]);
    });
  }

  Result<std::optional<MailTest>> SendingMailTest(OrgId org, Timestamp since) override {
    return Guard([&]() -> Result<std::optional<MailTest>> {
      auto rows = db_.Query("SELECT " + std::string(kMailTestColumns) +
                                " FROM mail_tests WHERE org_id = $1 AND state = 'sending' "
                                "AND created_at > $2 ORDER BY id DESC LIMIT 1",
                            {Arg(org), Arg(since)});
      if (rows.empty()) return std::optional<MailTest>();
      return std::optional<MailTest>(ReadMailTest(rows[0]));
    });
  }

  Status DeleteMailTests(OrgId org, Timestamp before) override {
    return Guard([&]() -> Status {
      db_.Exec("DELETE FROM mail_tests WHERE org_id = $1 AND created_at < $2",
               {Arg(org), Arg(before)});
      return Ok();
    });
  }

  Status InsertStatusChange(OrgId org, const AccountStatusChange& c) override {
    return Guard([&]() -> Status {
      db_.Exec(
          "INSERT INTO account_status_changes (org_id, client_id, old_status, new_status, "
          "changed_at) VALUES ($1, $2, $3, $4, $5)",
          {Arg(org), Arg(c.client), c.old_status ? Arg(ToString(*c.old_status)) : NullOf(Arg("")),
           Arg(ToString(c.new_status)), Arg(c.changed_at)});
      return Ok();
    });
  }

  Result<Page<AccountStatusChange>> ListStatusChanges(OrgId org,
                                                      const StatusChangeQuery& q) override {
    return Guard([&]() -> Result<Page<AccountStatusChange>> {
      Args arg;
      std::string where = "org_id = " + arg(Arg(org));
      if (q.client) where += " AND client_id = " + arg(Arg(*q.client));
      if (q.from) where += " AND changed_at >= " + arg(Arg(*q.from));
      if (q.to) where += " AND changed_at <= " + arg(Arg(*q.to));
      Page<AccountStatusChange> page;
      page.count =
          db_.Query("SELECT count(*) FROM account_status_changes WHERE " + where, arg.params())[0]
              .Int(0);
      std::string sql =
          "SELECT id, client_id, old_status, new_status, changed_at FROM account_status_changes "
          "WHERE " +
          where + " ORDER BY id DESC LIMIT " + arg(Arg(q.limit));
      sql += " OFFSET " + arg(Arg(q.offset));
      auto rows = db_.Query(sql, arg.params());
      for (int i = 0; i < rows.size(); ++i) {
        const Row s = rows[i];
        AccountStatusChange c;
        c.id = s.Int(0);
        c.client = ClientId{s.Int(1)};
        if (auto old = s.OptText(2)) c.old_status = ParseAccountStatus(*old);
        c.new_status = ParseAccountStatus(s.Text(3)).value_or(AccountStatus::kPreparation);
        c.changed_at = Timestamp{s.Int(4)};
        page.items.push_back(c);
      }
      return page;
    });
  }

  Result<User> InsertUser(const User& u) override {
    return Guard([&]() -> Result<User> {
      auto rows = db_.Query(
          "INSERT INTO users (org_id, client_id, email, email_key, name, phone, lang, user_type, "
          "group_id, password_hash, activated, blocked, deleted, created_at, invited_at) "
          "VALUES ($1, $2, $3, lower($3 COLLATE \"C\"), $4, $5, $6, $7, $8, $9, $10, $11, false, "
          "$12, $13) RETURNING " +
              std::string(kUserColumns),
          {Arg(u.org), Arg(u.client), Arg(u.email), Arg(u.name), Arg(u.phone), Arg(u.lang),
           Arg(ToString(u.type)), GroupArg(u.group), Arg(u.password_hash), Arg(u.activated),
           Arg(u.blocked), Arg(u.created_at), Arg(u.invited_at)});
      return ReadUser(rows[0]);
    });
  }

  Result<User> GetUser(OrgId org, UserId id) override {
    return Guard([&]() -> Result<User> {
      auto rows = db_.Query(
          "SELECT " + std::string(kUserColumns) + " FROM users WHERE id = $1 AND org_id = $2",
          {Arg(id), Arg(org)});
      if (rows.empty()) return NotFound();
      return ReadUser(rows[0]);
    });
  }

  Status UpdateUser(const User& u) override {
    return Guard([&]() -> Status {
      auto n = db_.Exec(
          "UPDATE users SET client_id = $3, email = $4, email_key = lower($4 COLLATE \"C\"), "
          "name = $5, phone = $6, lang = $7, group_id = $8, password_hash = $9, activated = $10, "
          "blocked = $11, deleted = $12, failed_logins = $13, locked_until = $14, "
          "invited_at = $15, last_login_at = $16, sessions_valid_after = $17 "
          "WHERE id = $1 AND org_id = $2",
          {Arg(u.id), Arg(u.org), Arg(u.client), Arg(u.email), Arg(u.name), Arg(u.phone),
           Arg(u.lang), GroupArg(u.group), Arg(u.password_hash), Arg(u.activated), Arg(u.blocked),
           Arg(u.deleted), Arg(u.failed_logins), Arg(u.locked_until), Arg(u.invited_at),
           Arg(u.last_login_at), Arg(u.sessions_valid_after)});
      return n == 1 ? Ok() : Status(NotFound());
    });
  }

  Result<bool> UserEmailTaken(OrgId org, const std::string& email) override {
    return Guard([&]() -> Result<bool> {
      return !db_.Query(
                     "SELECT 1 FROM users WHERE org_id = $1 "
                     "AND email_key = lower($2 COLLATE \"C\") AND NOT deleted LIMIT 1",
                     {Arg(org), Arg(email)})
                  .empty();
    });
  }

  Result<std::vector<User>> FindUsersForSignIn(const std::string& email) override {
    return Guard([&]() -> Result<std::vector<User>> {
      auto rows = db_.Query("SELECT " + std::string(kUserColumns) +
                                " FROM users WHERE email_key = lower($1 COLLATE \"C\") "
                                "AND NOT deleted ORDER BY id LIMIT 20",
                            {Arg(email)});
      std::vector<User> out;
      for (int i = 0; i < rows.size(); ++i) out.push_back(ReadUser(rows[i]));
      return out;
    });
  }

  Result<std::vector<User>> ListUsersOfClients(OrgId org,
                                               std::span<const ClientId> clients) override {
    return Guard([&]() -> Result<std::vector<User>> {
      std::vector<User> out;
      if (clients.empty()) return out;
      auto rows = db_.Query("SELECT " + std::string(kUserColumns) +
                                " FROM users WHERE org_id = $1 AND NOT deleted "
                                "AND client_id = ANY($2) ORDER BY client_id, id",
                            {Arg(org), IntArray(RawIds(clients))});
      for (int i = 0; i < rows.size(); ++i) out.push_back(ReadUser(rows[i]));
      return out;
    });
  }

  Result<bool> SellerExists(OrgId org, UserId seller) override {
    return Guard([&]() -> Result<bool> {
      return !db_.Query(
                     "SELECT 1 FROM users WHERE id = $1 AND org_id = $2 "
                     "AND user_type = 'seller' AND NOT deleted",
                     {Arg(seller), Arg(org)})
                  .empty();
    });
  }

  Result<std::optional<User>> FindUserByEmail(OrgId org, const std::string& email) override {
    return Guard([&]() -> Result<std::optional<User>> {
      auto rows = db_.Query("SELECT " + std::string(kUserColumns) +
                                " FROM users WHERE org_id = $1 "
                                "AND email_key = lower($2 COLLATE \"C\") AND NOT deleted",
                            {Arg(org), Arg(email)});
      if (rows.empty()) return std::optional<User>();
      return std::optional<User>(ReadUser(rows[0]));
    });
  }

  Result<Page<User>> ListSellers(OrgId org, const SellerQuery& q) override {
    return Guard([&]() -> Result<Page<User>> {
      Args arg;
      std::string where = "org_id = " + arg(Arg(org)) + " AND user_type = 'seller'";
      where += q.deleted && *q.deleted ? " AND deleted" : " AND NOT deleted";
      if (!q.ids.empty()) where += " AND id = ANY(" + arg(IntArray(RawIds<UserTag>(q.ids))) + ")";
      auto contains = [&](const std::optional<std::string>& value, std::string_view column) {
        if (value)
          where += " AND " + std::string(column) + " ILIKE " + arg(Arg(ContainsPattern(*value))) +
                   " ESCAPE E'\\\\'";
      };
      contains(q.id_contains, "CAST(id AS TEXT)");
      contains(q.email_contains, "email_key");
      contains(q.name_contains, "name");
      if (q.activated) where += *q.activated ? " AND activated" : " AND NOT activated";
      Page<User> page;
      page.count = db_.Query("SELECT count(*) FROM users WHERE " + where, arg.params())[0].Int(0);
      std::string order;
      for (const auto& [column, desc] : q.ordering) {
        std::string col = column == "email"         ? "email_key"
                          : column == "full_name"   ? "lower(name)"
                          : column == "date_joined" ? "created_at"
                          : column == "activated"   ? "activated"
                          : column == "deleted"     ? "deleted"
                                                    : "id";
        order +=
            (order.empty() ? "" : ", ") + col + (desc ? " DESC NULLS FIRST" : " ASC NULLS LAST");
      }
      order += std::string(order.empty() ? "" : ", ") + "id ASC";
      std::string sql = "SELECT " + std::string(kUserColumns) + " FROM users WHERE " + where +
                        " ORDER BY " + order;
      if (q.limit) {
        sql += " LIMIT " + arg(Arg(*q.limit));
        sql += " OFFSET " + arg(Arg(q.offset));
      }
      auto rows = db_.Query(sql, arg.params());
      for (int i = 0; i < rows.size(); ++i) page.items.push_back(ReadUser(rows[i]));
      return page;
    });
  }

  Result<int64_t> UnassignSeller(OrgId org, UserId seller) override {
    return Guard([&]() -> Result<int64_t> {
      return db_.Exec("UPDATE clients SET seller_id = NULL WHERE org_id = $1 AND seller_id = $2",
                      {Arg(org), Arg(seller)});
    });
  }

  Status EndSessions(OrgId org, UserId user, std::optional<SessionId> keep) override {
    return Guard([&]() -> Status {
      db_.Exec("DELETE FROM web_sessions WHERE org_id = $1 AND user_id = $2 AND id IS DISTINCT FROM $3",
               {Arg(org), Arg(user), Arg(keep)});
      db_.Exec("DELETE FROM refresh_sessions WHERE org_id = $1 AND user_id = $2",
               {Arg(org), Arg(user)});
      return Ok();
    });
  }

  Status RevokeAccess(OrgId org, UserId user) override {
    return Guard([&]() -> Status {
      db_.Exec("DELETE FROM web_sessions WHERE org_id = $1 AND user_id = $2",
               {Arg(org), Arg(user)});
      db_.Exec("DELETE FROM refresh_sessions WHERE org_id = $1 AND user_id = $2",
               {Arg(org), Arg(user)});
      db_.Exec("UPDATE api_tokens SET deleted = true WHERE org_id = $1 AND user_id = $2",
               {Arg(org), Arg(user)});
      return Ok();
    });
  }

  // --- Deletion requests and alert addresses (mirrors sqlite_store.cc).
  static constexpr const char* kDeletionSelect =
      "SELECT id, org_id, client_id, state, requested_by, requested_email, requested_at, due_at, "
      "stopped_services, closed_by_email, closed_at, note FROM deletion_requests";

  static std::string JoinIds(const std::vector<ServiceId>& ids) {
    std::string out;
    for (const auto& id : ids) out += (out.empty() ? "" : ",") + std::to_string(id.value);
    return out;
  }

  static DeletionRequest ReadDeletion(const Row& s) {
    DeletionRequest d;
    d.id = s.Int(0);
    d.org = OrgId{s.Int(1)};
    d.client = ClientId{s.Int(2)};
    std::string state = s.Text(3);
    d.state = state == "pending"     ? DeletionState::kPending
              : state == "cancelled" ? DeletionState::kCancelled
                                     : DeletionState::kCompleted;
    if (auto v = s.OptInt(4)) d.requested_by = UserId{*v};
    d.requested_email = s.Text(5);
    d.requested_at = Timestamp{s.Int(6)};
    d.due_at = Timestamp{s.Int(7)};
    std::string ids = s.Text(8);
    size_t start = 0;
    while (start < ids.size()) {
      size_t end = ids.find(',', start);
      if (end == std::string::npos) end = ids.size();
      d.stopped_services.emplace_back(std::stoll(ids.substr(start, end - start)));
      start = end + 1;
    }
    d.closed_by_email = s.Text(9);
    d.closed_at = s.OptTime(10);
    d.note = s.Text(11);
    return d;
  }

  Result<DeletionRequest> InsertDeletionRequest(const DeletionRequest& d) override {
    return Guard([&]() -> Result<DeletionRequest> {
      auto rows = db_.Query(
          "INSERT INTO deletion_requests (org_id, client_id, state, requested_by, "
          "requested_email, requested_at, due_at, stopped_services) "
          "VALUES ($1, $2, 'pending', $3, $4, $5, $6, $7) RETURNING id",
          {Arg(d.org), Arg(d.client), Arg(d.requested_by), Arg(d.requested_email),
           Arg(d.requested_at), Arg(d.due_at), Arg(JoinIds(d.stopped_services))});
      DeletionRequest out = d;
      out.id = rows[0].Int(0);
      return out;
    });
  }

  Status UpdateDeletionRequest(const DeletionRequest& d) override {
    return Guard([&]() -> Status {
      const char* state = d.state == DeletionState::kPending     ? "pending"
                          : d.state == DeletionState::kCancelled ? "cancelled"
                                                                 : "completed";
      int64_t n = db_.Exec(
          "UPDATE deletion_requests SET state = $3, closed_by_email = $4, closed_at = $5, "
          "note = $6 WHERE id = $1 AND org_id = $2",
          {Arg(d.id), Arg(d.org), Arg(state), Arg(d.closed_by_email), Arg(d.closed_at),
           Arg(d.note)});
      return n == 1 ? Ok() : Status(NotFound());
    });
  }

  Result<std::vector<DeletionRequest>> ListDeletionRequests(OrgId org, ClientId client) override {
    return Guard([&]() -> Result<std::vector<DeletionRequest>> {
      auto rows = db_.Query(
          std::string(kDeletionSelect) + " WHERE org_id = $1 AND client_id = $2 ORDER BY id DESC",
          {Arg(org), Arg(client)});
      std::vector<DeletionRequest> out;
      for (int i = 0; i < rows.size(); ++i) out.push_back(ReadDeletion(rows[i]));
      return out;
    });
  }

  Result<std::vector<DeletionRequest>> DeletionRequestsDue(Timestamp now, int limit) override {
    return Guard([&]() -> Result<std::vector<DeletionRequest>> {
      // Locked like the other due work, so two instances never delete one account twice.
      auto rows = db_.Query(std::string(kDeletionSelect) +
                                " WHERE state = 'pending' AND due_at <= $1 ORDER BY due_at, id "
                                "LIMIT $2 FOR UPDATE SKIP LOCKED",
                            {Arg(now), Arg(int64_t{limit})});
      std::vector<DeletionRequest> out;
      for (int i = 0; i < rows.size(); ++i) out.push_back(ReadDeletion(rows[i]));
      return out;
    });
  }

  Result<NotificationSetting> InsertNotificationSetting(const NotificationSetting& n) override {
    return Guard([&]() -> Result<NotificationSetting> {
      auto rows = db_.Query(
          "INSERT INTO notification_settings (org_id, notification_type, email, enabled) "
          "VALUES ($1, $2, $3, $4) RETURNING id",
          {Arg(n.org), Arg(n.type), Arg(n.email), Arg(n.enabled)});
      NotificationSetting out = n;
      out.id = rows[0].Int(0);
      return out;
    });
  }

  Status UpdateNotificationSetting(const NotificationSetting& n) override {
    return Guard([&]() -> Status {
      int64_t changed = db_.Exec(
          "UPDATE notification_settings SET notification_type = $3, email = $4, enabled = $5 "
          "WHERE id = $1 AND org_id = $2",
          {Arg(n.id), Arg(n.org), Arg(n.type), Arg(n.email), Arg(n.enabled)});
      return changed == 1 ? Ok() : Status(NotFound());
    });
  }

  Status DeleteNotificationSetting(OrgId org, int64_t id) override {
    return Guard([&]() -> Status {
      int64_t n = db_.Exec("DELETE FROM notification_settings WHERE id = $1 AND org_id = $2",
                           {Arg(id), Arg(org)});
      return n == 1 ? Ok() : Status(NotFound());
    });
  }

  Result<NotificationSetting> GetNotificationSetting(OrgId org, int64_t id) override {
    return Guard([&]() -> Result<NotificationSetting> {
      auto rows = db_.Query(
          "SELECT id, org_id, notification_type, email, enabled FROM notification_settings "
          "WHERE id = $1 AND org_id = $2",
          {Arg(id), Arg(org)});
      if (rows.empty()) return NotFound();
      const Row r = rows[0];
      return NotificationSetting{r.Int(0), OrgId{r.Int(1)}, r.Text(2), r.Text(3), r.Bool(4)};
    });
  }

  Result<std::vector<NotificationSetting>> ListNotificationSettings(OrgId org) override {
    return Guard([&]() -> Result<std::vector<NotificationSetting>> {
      auto rows = db_.Query(
          "SELECT id, org_id, notification_type, email, enabled FROM notification_settings "
          "WHERE org_id = $1 ORDER BY id",
          {Arg(org)});
      std::vector<NotificationSetting> out;
      for (int i = 0; i < rows.size(); ++i) {
        const Row r = rows[i];
        out.push_back({r.Int(0), OrgId{r.Int(1)}, r.Text(2), r.Text(3), r.Bool(4)});
      }
      return out;
    });
  }

  Result<OneTimeToken> InsertOneTimeToken(const OneTimeToken& t) override {
    return Guard([&]() -> Result<OneTimeToken> {
      auto rows = db_.Query(
          "INSERT INTO one_time_tokens (org_id, user_id, purpose, token_hash, created_at, "
          "expires_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
          {Arg(t.org), Arg(t.user), Arg(PurposeName(t.purpose)), Bytes(t.token_hash),
           Arg(t.created_at), Arg(t.expires_at)});
      OneTimeToken out = t;
      out.id = rows[0].Int(0);
      return out;
    });
  }

  Result<OneTimeToken> FindOneTimeToken(const std::string& token_hash) override {
    return Guard([&]() -> Result<OneTimeToken> {
      auto rows = db_.Query(
          "SELECT id, org_id, user_id, purpose, token_hash, created_at, expires_at, used_at "
          "FROM one_time_tokens WHERE token_hash = $1",
          {Bytes(token_hash)});
      if (rows.empty()) return NotFound();
      const Row s = rows[0];
      OneTimeToken t;
      t.id = s.Int(0);
      t.org = OrgId{s.Int(1)};
      t.user = UserId{s.Int(2)};
      t.purpose =
          s.Text(3) == "invitation" ? LinkPurpose::kInvitation : LinkPurpose::kPasswordReset;
      t.token_hash = s.Bytes(4);
      t.created_at = Timestamp{s.Int(5)};
      t.expires_at = Timestamp{s.Int(6)};
      t.used_at = s.OptTime(7);
      return t;
    });
  }

  Result<bool> UseOneTimeToken(int64_t id, Timestamp now) override {
    return Guard([&]() -> Result<bool> {
      return db_.Exec("UPDATE one_time_tokens SET used_at = $2 WHERE id = $1 AND used_at IS NULL",
                      {Arg(id), Arg(now)}) == 1;
    });
  }

  Status ExpireOneTimeTokens(UserId user, LinkPurpose purpose, Timestamp now) override {
    return Guard([&]() -> Status {
      db_.Exec(
          "UPDATE one_time_tokens SET expires_at = $3 WHERE user_id = $1 AND purpose = $2 "
          "AND used_at IS NULL AND expires_at > $3",
          {Arg(user), Arg(PurposeName(purpose)), Arg(now)});
      return Ok();
    });
  }

  Result<RefreshSession> InsertRefreshSession(const RefreshSession& d) override {
    return Guard([&]() -> Result<RefreshSession> {
      auto rows = db_.Query(
          "INSERT INTO refresh_sessions (org_id, user_id, acting_user_id, token_hash, expires_at) "
          "VALUES ($1, $2, $3, $4, $5) RETURNING id",
          {Arg(d.org), Arg(d.user), Arg(d.acting_user), Bytes(d.token_hash), Arg(d.expires_at)});
      RefreshSession out = d;
      out.id = SessionId{rows[0].Int(0)};
      return out;
    });
  }

  Result<RefreshSession> FindRefreshSession(const std::string& token_hash) override {
    return Guard([&]() -> Result<RefreshSession> {
      auto rows = db_.Query(
          "SELECT id, org_id, user_id, acting_user_id, token_hash, expires_at, used_at "
          "FROM refresh_sessions WHERE token_hash = $1",
          {Bytes(token_hash)});
      if (rows.empty()) return NotFound();
      const Row s = rows[0];
      RefreshSession r;
      r.id = SessionId{s.Int(0)};
      r.org = OrgId{s.Int(1)};
      r.user = UserId{s.Int(2)};
      if (auto v = s.OptInt(3)) r.acting_user = UserId{*v};
      r.token_hash = s.Bytes(4);
      r.expires_at = Timestamp{s.Int(5)};
      r.used_at = s.OptTime(6);
      return r;
    });
  }

  Result<bool> UseRefreshSession(SessionId id, Timestamp now) override {
    return Guard([&]() -> Result<bool> {
      return db_.Exec("UPDATE refresh_sessions SET used_at = $2 WHERE id = $1 AND used_at IS NULL",
                      {Arg(id), Arg(now)}) == 1;
    });
  }

  Result<int64_t> DeleteExpiredRefreshSessions(Timestamp now) override {
    return Guard([&]() -> Result<int64_t> {
      return db_.Exec("DELETE FROM refresh_sessions WHERE expires_at < $1", {Arg(now)});
    });
  }

  Result<WebSession> InsertWebSession(const WebSession& d) override {
    return Guard([&]() -> Result<WebSession> {
      auto rows = db_.Query(
          "INSERT INTO web_sessions (org_id, user_id, acting_user_id, portal, token_hash, "
          "csrf_hash, created_at, expires_at, last_seen_at) "
          "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $7) RETURNING id",
          {Arg(d.org), Arg(d.user), Arg(d.acting_user),
           Arg(d.portal == Portal::kAdmin ? "admin" : "customer"), Bytes(d.token_hash),
           Bytes(d.csrf_hash), Arg(d.created_at), Arg(d.expires_at)});
      WebSession out = d;
      out.id = SessionId{rows[0].Int(0)};
      out.last_seen_at = d.created_at;
      return out;
    });
  }

  Result<WebSession> FindWebSession(const std::string& token_hash) override {
    return Guard([&]() -> Result<WebSession> {
      auto rows = db_.Query(
          "SELECT id, org_id, user_id, acting_user_id, portal, token_hash, csrf_hash, created_at, "
          "expires_at, last_seen_at FROM web_sessions WHERE token_hash = $1",
          {Bytes(token_hash)});
      if (rows.empty()) return NotFound();
      const Row s = rows[0];
      WebSession w;
      w.id = SessionId{s.Int(0)};
      w.org = OrgId{s.Int(1)};
      w.user = UserId{s.Int(2)};
      if (auto v = s.OptInt(3)) w.acting_user = UserId{*v};
      w.portal = s.Text(4) == "admin" ? Portal::kAdmin : Portal::kCustomer;
      w.token_hash = s.Bytes(5);
      w.csrf_hash = s.Bytes(6);
      w.created_at = Timestamp{s.Int(7)};
      w.expires_at = Timestamp{s.Int(8)};
      w.last_seen_at = Timestamp{s.Int(9)};
      return w;
    });
  }

  Status ExtendWebSession(SessionId id, Timestamp last_seen, Timestamp expires_at) override {
    return Guard([&]() -> Status {
      db_.Exec("UPDATE web_sessions SET last_seen_at = $2, expires_at = $3 WHERE id = $1",
               {Arg(id), Arg(last_seen), Arg(expires_at)});
      return Ok();
    });
  }

  Status DeleteWebSession(SessionId id) override {
    return Guard([&]() -> Status {
      db_.Exec("DELETE FROM web_sessions WHERE id = $1", {Arg(id)});
      return Ok();
    });
  }

  Result<int64_t> DeleteExpiredWebSessions(Timestamp now) override {
    return Guard([&]() -> Result<int64_t> {
      return db_.Exec("DELETE FROM web_sessions WHERE expires_at < $1", {Arg(now)});
    });
  }

  Result<ApiToken> InsertApiToken(const ApiToken& t) override {
    return Guard([&]() -> Result<ApiToken> {
      auto rows = db_.Query(
          "INSERT INTO api_tokens (org_id, client_id, user_id, name, description, role, "
          "secret_hash, expires_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
          "RETURNING id",
          {Arg(t.org), Arg(t.client), Arg(t.user), Arg(t.name), Arg(t.description),
           Arg(static_cast<int64_t>(t.role)), Bytes(t.secret_hash), Arg(t.expires_at),
           Arg(t.created_at)});
      return FindApiToken(TokenId{rows[0].Int(0)});
    });
  }

  Result<ApiToken> FindApiToken(TokenId id) override {
    return Guard([&]() -> Result<ApiToken> {
      auto rows = db_.Query("SELECT " + std::string(kTokenColumns) +
                                " FROM api_tokens t JOIN users u ON u.id = t.user_id "
                                "WHERE t.id = $1",
                            {Arg(id)});
      if (rows.empty()) return NotFound();
      return ReadToken(rows[0]);
    });
  }

  Result<ApiToken> GetApiToken(OrgId org, ClientId client, TokenId id) override {
    return Guard([&]() -> Result<ApiToken> {
      auto rows = db_.Query("SELECT " + std::string(kTokenColumns) +
                                " FROM api_tokens t JOIN users u ON u.id = t.user_id "
                                "WHERE t.id = $1 AND t.org_id = $2 AND t.client_id = $3",
                            {Arg(id), Arg(org), Arg(client)});
      if (rows.empty()) return NotFound();
      return ReadToken(rows[0]);
    });
  }

  Result<std::vector<ApiToken>> ListApiTokens(OrgId org, ClientId client,
                                              bool include_deleted) override {
    return Guard([&]() -> Result<std::vector<ApiToken>> {
      auto rows = db_.Query("SELECT " + std::string(kTokenColumns) +
                                " FROM api_tokens t JOIN users u ON u.id = t.user_id "
                                "WHERE t.org_id = $1 AND t.client_id = $2 "
                                "AND ($3 OR NOT t.deleted) ORDER BY t.id",
                            {Arg(org), Arg(client), Arg(include_deleted)});
      std::vector<ApiToken> out;
      for (int i = 0; i < rows.size(); ++i) out.push_back(ReadToken(rows[i]));
      return out;
    });
  }

  Status DeleteApiToken(OrgId org, ClientId client, TokenId id) override {
    return Guard([&]() -> Status {
      auto n = db_.Exec(
          "UPDATE api_tokens SET deleted = true WHERE id = $1 AND org_id = $2 "
          "AND client_id = $3 AND NOT deleted",
          {Arg(id), Arg(org), Arg(client)});
      return n == 1 ? Ok() : Status(NotFound());
    });
  }

  Status TouchApiToken(TokenId id, Timestamp now) override {
    return Guard([&]() -> Status {
      db_.Exec("UPDATE api_tokens SET last_used_at = $2 WHERE id = $1", {Arg(id), Arg(now)});
      return Ok();
    });
  }

  Result<FilterPreset> InsertPreset(const FilterPreset& d) override {
    return Guard([&]() -> Result<FilterPreset> {
      auto rows = db_.Query(
          "INSERT INTO filter_presets (org_id, user_id, name, filters_json, created_at) "
          "VALUES ($1, $2, $3, $4, $5) RETURNING id",
          {Arg(d.org), Arg(d.user), Arg(d.name), Arg(d.filters_json), Arg(d.created_at)});
      FilterPreset out = d;
      out.id = rows[0].Int(0);
      return out;
    });
  }

  Result<std::vector<FilterPreset>> ListPresets(OrgId org, UserId user) override {
    return Guard([&]() -> Result<std::vector<FilterPreset>> {
      auto rows = db_.Query(
          "SELECT id, org_id, user_id, name, filters_json, created_at FROM filter_presets "
          "WHERE org_id = $1 AND user_id = $2 ORDER BY lower(name), id",
          {Arg(org), Arg(user)});
      std::vector<FilterPreset> out;
      for (int i = 0; i < rows.size(); ++i) {
        const Row s = rows[i];
        out.push_back({s.Int(0), OrgId{s.Int(1)}, UserId{s.Int(2)}, s.Text(3), s.Text(4),
                       Timestamp{s.Int(5)}});
      }
      return out;
    });
  }

  Status DeletePreset(OrgId org, UserId user, int64_t id) override {
    return Guard([&]() -> Status {
      auto n = db_.Exec("DELETE FROM filter_presets WHERE id = $1 AND org_id = $2 AND user_id = $3",
                        {Arg(id), Arg(org), Arg(user)});
      return n == 1 ? Ok() : Status(NotFound());
    });
  }

  Result<std::optional<Throttle>> GetThrottle(const std::string& key) override {
    return Guard([&]() -> Result<std::optional<Throttle>> {
      auto rows = db_.Query(
          "SELECT key, count, window_start, blocked_until, updated_at FROM throttles "
          "WHERE key = $1",
          {Arg(key)});
      if (rows.empty()) return std::optional<Throttle>();
      Throttle t;
      t.key = rows[0].Text(0);
      t.count = rows[0].Int(1);
      t.window_start = Timestamp{rows[0].Int(2)};
      t.blocked_until = rows[0].OptTime(3);
      t.updated_at = Timestamp{rows[0].Int(4)};
      return std::optional<Throttle>(std::move(t));
    });
  }

  Status PutThrottle(const Throttle& t) override {
    return Guard([&]() -> Status {
      db_.Exec(
          "INSERT INTO throttles (key, count, window_start, blocked_until, updated_at) "
          "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (key) DO UPDATE SET count = EXCLUDED.count, "
          "window_start = EXCLUDED.window_start, blocked_until = EXCLUDED.blocked_until, "
          "updated_at = EXCLUDED.updated_at",
          {Arg(t.key), Arg(t.count), Arg(t.window_start), Arg(t.blocked_until), Arg(t.updated_at)});
      return Ok();
    });
  }

  Status DeleteThrottle(const std::string& key) override {
    return Guard([&]() -> Status {
      db_.Exec("DELETE FROM throttles WHERE key = $1", {Arg(key)});
      return Ok();
    });
  }

  Result<int64_t> DeleteThrottlesBefore(Timestamp before) override {
    return Guard([&]() -> Result<int64_t> {
      return db_.Exec("DELETE FROM throttles WHERE updated_at < $1", {Arg(before)});
    });
  }

  Result<int64_t> InsertActivity(const ActivityEntry& a) override {
    return Guard([&]() -> Result<int64_t> {
      auto rows = db_.Query(
          "INSERT INTO activity_requests (org_id, user_id, user_email, client_id, token_id, "
          "acting_user_id, acting_user_email, requested_at, method, path, query, body, "
          "status_code, remote_ip, host) "
          "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id",
          {Arg(a.org), Arg(a.user), Arg(a.user_email), Arg(a.client), Arg(a.token),
           Arg(a.acting_user), Arg(a.acting_user_email), Arg(a.requested_at), Arg(a.method),
           Arg(a.path), Arg(a.query), Arg(a.body), Arg(a.status_code), Arg(a.remote_ip),
           Arg(a.host)});
      return rows[0].Int(0);
    });
  }

  Result<Page<ActivityEntry>> ListActivity(OrgId org, const ActivityQuery& q) override {
    return Guard([&]() -> Result<Page<ActivityEntry>> {
      Args arg;
      std::string where = "org_id = " + arg(Arg(org));
      if (q.client) where += " AND client_id = " + arg(Arg(*q.client));
      if (q.user) where += " AND user_id = " + arg(Arg(*q.user));
      if (q.method) where += " AND method = " + arg(Arg(*q.method));
      if (q.status_code) where += " AND status_code = " + arg(Arg(*q.status_code));
      if (q.from) where += " AND requested_at >= " + arg(Arg(*q.from));
      if (q.to) where += " AND requested_at <= " + arg(Arg(*q.to));
      if (q.path_contains)
        where +=
            " AND path ILIKE " + arg(Arg(ContainsPattern(*q.path_contains))) + " ESCAPE E'\\\\'";
      Page<ActivityEntry> page;
      page.count =
          db_.Query("SELECT count(*) FROM activity_requests WHERE " + where, arg.params())[0].Int(
              0);
      std::string sql = "SELECT " + std::string(kActivityColumns) +
                        " FROM activity_requests WHERE " + where + " ORDER BY id DESC LIMIT " +
                        arg(Arg(q.limit));
      sql += " OFFSET " + arg(Arg(q.offset));
      auto rows = db_.Query(sql, arg.params());
      for (int i = 0; i < rows.size(); ++i) page.items.push_back(ReadActivity(rows[i]));
      return page;
    });
  }

  Result<ActivityEntry> GetActivity(OrgId org, int64_t id) override {
    return Guard([&]() -> Result<ActivityEntry> {
      auto rows = db_.Query("SELECT " + std::string(kActivityColumns) +
                                " FROM activity_requests WHERE id = $1 AND org_id = $2",
                            {Arg(id), Arg(org)});
      if (rows.empty()) return NotFound();
      return ReadActivity(rows[0]);
    });
  }

 private:
  Result<std::vector<Service>> Due(const std::string& condition, Timestamp t, int limit) {
    return Guard([&]() -> Result<std::vector<Service>> {
      auto rows = db_.Query("SELECT " + std::string(kServiceColumns) + " FROM services s WHERE " +
                                condition + " LIMIT $2 FOR UPDATE OF s SKIP LOCKED",
                            {Arg(t), Arg(int64_t{limit})});
      std::vector<Service> out;
      for (int i = 0; i < rows.size(); ++i) out.push_back(ReadService(rows[i]));
      return out;
    });
  }

  Connection& db_;
  const OutboxHooks& hooks_;
  bool queued_email_ = false;
};

}  // namespace

// Borrows a connection from the pool for one unit of work, opening one if the pool has room.
class PostgresDatabase::Lease {
 public:
  explicit Lease(PostgresDatabase& db) : db_(db) {}
  ~Lease() { Release(); }
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;

  Status Acquire() {
    std::unique_lock lock(db_.mu_);
    db_.cv_.wait(lock, [&] { return !db_.idle_.empty() || db_.open_ < db_.pool_size_; });
    if (!db_.idle_.empty()) {
      conn_ = std::move(db_.idle_.back());
      db_.idle_.pop_back();
      return Ok();
    }
    ++db_.open_;
    lock.unlock();
    return Connect();
  }

  // Replaces a connection found dead before any work ran on it (e.g. the server restarted).
  Status Renew() {
    conn_.reset();
    return Connect();
  }

  Connection& operator*() { return *conn_; }

 private:
  // The slot is already counted in open_.
  Status Connect() {
    try {
      conn_ = std::make_unique<Connection>(db_.conninfo_);
      return Ok();
    } catch (const PgError& e) {
      std::lock_guard lock(db_.mu_);
      --db_.open_;
      db_.cv_.notify_one();
      return MapError(e);
    }
  }

  void Release() {
    std::lock_guard lock(db_.mu_);
    if (conn_ && conn_->reusable()) {
      db_.idle_.push_back(std::move(conn_));
    } else {
      conn_.reset();  // broken, or stuck in a transaction: the next use opens a fresh one
      --db_.open_;
    }
    db_.cv_.notify_one();
  }

  PostgresDatabase& db_;
  std::unique_ptr<Connection> conn_;
};

Result<std::unique_ptr<PostgresDatabase>> PostgresDatabase::Open(const std::string& conninfo,
                                                                 int pool_size) {
  std::unique_ptr<PostgresDatabase> db(new PostgresDatabase(conninfo, std::max(1, pool_size)));
  try {
    db->idle_.push_back(std::make_unique<Connection>(conninfo));
    db->open_ = 1;
  } catch (const PgError& e) {
    return MakeError(ErrorCode::kUnavailable, e.what());
  }
  return db;
}

PostgresDatabase::PostgresDatabase(std::string conninfo, int pool_size)
    : conninfo_(std::move(conninfo)), pool_size_(pool_size) {}

PostgresDatabase::~PostgresDatabase() = default;

Status PostgresDatabase::Read(const std::function<Status(Tx&)>& work) { return Run(false, work); }
Status PostgresDatabase::Write(const std::function<Status(Tx&)>& work) { return Run(true, work); }

Status PostgresDatabase::Run(bool write, const std::function<Status(Tx&)>& work) {
  bool queued_email = false;
  Status result = RunLeased(write, work, queued_email);
  // After the connection is back in the pool: the hook may wake a thread that writes at once.
  if (queued_email && outbox_hooks_.email_committed) outbox_hooks_.email_committed();
  return result;
}

void PostgresDatabase::SetOutboxHooks(OutboxHooks hooks) { outbox_hooks_ = std::move(hooks); }

Status PostgresDatabase::RunLeased(bool write, const std::function<Status(Tx&)>& work,
                                   bool& queued_email) {
  // Reads see one snapshot for the whole unit, like an SQLite read transaction.
  //
  // Writes take a transaction-scoped advisory lock first: one writer at a time per database,
  // across every instance, which is the model the domain's read-modify-write units are written
  // for (SQLite's BEGIN IMMEDIATE). Without it, READ COMMITTED would let two units read the
  // same account, each change a different product, and store an account status computed from
  // a view missing the other's change. Waiting for the lock counts against lock_timeout (5 s),
  // like SQLite's busy timeout. Readers never wait for it.
  const std::string begin =
      write ? "BEGIN; SELECT pg_advisory_xact_lock(" + std::to_string(kWriterLock) + ")"
            : "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY";
  Lease lease(*this);
  TRY_STATUS(lease.Acquire());
  try {
    (*lease).Simple(begin);
  } catch (const PgError& e) {
    if (!e.connection_lost()) return MapError(e);
    // An idle connection found dead: nothing ran on it yet, so open a new one and go on.
    TRY_STATUS(lease.Renew());
    try {
      (*lease).Simple(begin);
    } catch (const PgError& again) {
      return MapError(again);
    }
  }
  Connection& conn = *lease;
  PostgresTx tx(conn, outbox_hooks_);
  Status result = Internal("unit of work did not finish");
  try {
    result = work(tx);
  } catch (const PgError& e) {
    result = MapError(e);
  } catch (...) {
    try {
      conn.Simple("ROLLBACK");
    } catch (const PgError&) {
    }
    throw;
  }
  if (!result.ok()) {
    try {
      conn.Simple("ROLLBACK");
    } catch (const PgError&) {
      // A lost connection rolls back by itself; the pool drops it.
    }
    return result;
  }
  try {
    // A unit that ignored a failed statement finds its transaction aborted: PostgreSQL then
    // answers COMMIT with ROLLBACK.
    if (conn.Simple("COMMIT") != "COMMIT")
      return Internal("the transaction was rolled back because a statement in it failed");
  } catch (const PgError& e) {
    return MapError(e);
  }
  queued_email = tx.queued_email();
  return result;
}

Result<int> PostgresDatabase::Migrate() {
  Lease lease(*this);
  TRY_STATUS(lease.Acquire());
  Connection& conn = *lease;
  try {
    // Instances starting together queue here; each migration is applied once, in its own
    // transaction, by whichever holds the lock. A migration may take long, so no lock timeout.
    conn.Simple("SET lock_timeout = 0");
    conn.Query("SELECT pg_advisory_lock($1)", {Arg(kMigrationLock)});
    int applied = 0;
    try {
      conn.Simple(
          "CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, "
          "applied_at BIGINT NOT NULL)");
      for (const auto& [name, sql] : kMigrations) {
        conn.Simple("BEGIN");
        if (!conn.Query("SELECT 1 FROM schema_migrations WHERE version = $1", {Arg(name)})
                 .empty()) {
          conn.Simple("COMMIT");
          continue;
        }
        conn.Simple(std::string(sql));
        conn.Query(
            "INSERT INTO schema_migrations (version, applied_at) "
            "VALUES ($1, (extract(epoch FROM clock_timestamp()) * 1000000)::bigint)",
            {Arg(name)});
        if (conn.Simple("COMMIT") != "COMMIT")
          throw PgError("", "migration " + std::string(name) + " was rolled back");
        spdlog::info("applied migration {}", name);
        ++applied;
      }
    } catch (const PgError&) {
      try {
        conn.Simple("ROLLBACK");
        conn.Query("SELECT pg_advisory_unlock($1)", {Arg(kMigrationLock)});
        conn.Simple("SET lock_timeout = '5s'");
      } catch (const PgError&) {
        // The connection is gone: PostgreSQL released the session lock with it.
      }
      throw;
    }
    conn.Query("SELECT pg_advisory_unlock($1)", {Arg(kMigrationLock)});
    conn.Simple("SET lock_timeout = '5s'");
    return applied;
  } catch (const PgError& e) {
    return MapError(e);
  }
}

}  // namespace clientele::storage::postgres
