#include "storage/sqlite/sqlite_store.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string_view>
#include <utility>

#include "crypto/crypto.h"
#include "storage/sqlite/connection.h"

namespace clientele::storage::sqlite {

extern const std::vector<std::pair<std::string_view, std::string_view>> kMigrations;

namespace {

// Runs `f`, turning a SqliteError into the Error the interface promises.
template <typename F>
auto Guard(F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const SqliteError& e) {
    return MapError(e);
  }
}

Value Opt(const std::optional<std::string>& v) { return v ? Value(*v) : Value(nullptr); }
Value OptTime(const std::optional<Timestamp>& t) { return t ? Value(t->micros) : Value(nullptr); }
template <typename Tag>
Value OptId(const std::optional<Id<Tag>>& id) {
  return id ? Value(id->value) : Value(nullptr);
}
std::optional<Timestamp> ReadTime(const Statement& s, int col) {
  if (s.IsNull(col)) return std::nullopt;
  return Timestamp{s.Int(col)};
}

constexpr std::string_view kClientColumns =
    "c.id, c.org_id, c.email, c.name, c.company_name, c.phone, c.website, c.custom_id, "
    "c.seller_id, c.lang, c.country_code, c.is_test, c.is_reseller_account, c.deleted, c.status, "
    "c.owner_user_id, c.created_at, c.updated_at, c.deleted_at, c.days_to_deleted";

Client ReadClient(const Statement& s) {
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
  c.is_test = s.Int(11) != 0;
  c.is_reseller_account = s.Int(12) != 0;
  c.deleted = s.Int(13) != 0;
  c.status = ParseAccountStatus(s.Text(14)).value_or(AccountStatus::kPreparation);
  if (auto v = s.OptInt(15)) c.owner = UserId{*v};
  c.created_at = Timestamp{s.Int(16)};
  c.updated_at = Timestamp{s.Int(17)};
  c.deleted_at = ReadTime(s, 18);
  if (auto v = s.OptInt(19)) c.days_to_deleted = static_cast<int>(*v);
  return c;
}

constexpr std::string_view kUserColumns =
    "id, org_id, client_id, email, name, phone, lang, user_type, group_id, password_hash, "
    "activated, blocked, deleted, failed_logins, locked_until, created_at, invited_at, "
    "last_login_at, sessions_valid_after";

User ReadUser(const Statement& s) {
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
  u.activated = s.Int(10) != 0;
  u.blocked = s.Int(11) != 0;
  u.deleted = s.Int(12) != 0;
  u.failed_logins = static_cast<int>(s.Int(13));
  u.locked_until = ReadTime(s, 14);
  u.created_at = Timestamp{s.Int(15)};
  u.invited_at = ReadTime(s, 16);
  u.last_login_at = ReadTime(s, 17);
  u.sessions_valid_after = ReadTime(s, 18);
  return u;
}

constexpr std::string_view kServiceColumns =
    "s.id, s.client_id, s.product, s.status, s.previous_status, s.status_changed_at, "
    "s.trial_start, s.trial_end, s.deleted_date, s.enabled, s.available, s.org_id, "
    "s.ends_soon_sent_for";

Service ReadService(const Statement& s) {
  Service v;
  v.id = ServiceId{s.Int(0)};
  v.client = ClientId{s.Int(1)};
  v.product = s.Text(2);
  v.status = ParseProductStatus(s.Text(3)).value_or(ProductStatus::kNew);
  if (auto p = s.OptText(4)) v.previous_status = ParseProductStatus(*p);
  v.status_changed_at = ReadTime(s, 5);
  v.start = ReadTime(s, 6);
  v.trial_end = ReadTime(s, 7);
  v.deleted_date = ReadTime(s, 8);
  v.enabled = s.Int(9) != 0;
  if (auto a = s.OptInt(10)) v.available = *a != 0;
  v.org = OrgId{s.Int(11)};
  v.ends_soon_sent_for = ReadTime(s, 12);
  return v;
}

constexpr std::string_view kTokenColumns =
    "t.id, t.org_id, t.client_id, t.user_id, t.name, t.description, t.role, t.secret_hash, "
    "t.expires_at, t.created_at, t.last_used_at, t.deleted, u.email, u.name";

ApiToken ReadToken(const Statement& s) {
  ApiToken t;
  t.id = TokenId{s.Int(0)};
  t.org = OrgId{s.Int(1)};
  t.client = ClientId{s.Int(2)};
  t.user = UserId{s.Int(3)};
  t.name = s.Text(4);
  t.description = s.OptText(5);
  t.role = GroupFromId(s.Int(6)).value_or(Group::kUsers);
  t.secret_hash = s.Blob(7);
  t.expires_at = ReadTime(s, 8);
  t.created_at = Timestamp{s.Int(9)};
  t.last_used_at = ReadTime(s, 10);
  t.deleted = s.Int(11) != 0;
  t.user_email = s.Text(12);
  t.user_name = s.OptText(13);
  return t;
}

constexpr std::string_view kActivityColumns =
    "id, org_id, user_id, user_email, client_id, token_id, acting_user_id, acting_user_email, "
    "requested_at, method, path, query, body, status_code, remote_ip, host";

ActivityEntry ReadActivity(const Statement& s) {
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

// LIKE pattern for a substring, with the wildcards of the input escaped.
std::string ContainsPattern(std::string_view s) {
  std::string out = "%";
  for (char c : s) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out + "%";
}

// FTS5 phrase for a substring: the trigram index matches it anywhere in the column.
std::string FtsPhrase(std::string_view column, std::string_view s) {
  std::string out = std::string(column) + " : \"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

size_t Utf8Chars(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

std::string_view OrderColumn(ClientOrderField f) {
  switch (f) {
    case ClientOrderField::kId: return "c.id";
    case ClientOrderField::kEmail: return "c.email_key";
    case ClientOrderField::kName: return "c.name COLLATE NOCASE";
    case ClientOrderField::kStatus: return "c.status";
    case ClientOrderField::kCompanyName: return "c.company_name COLLATE NOCASE";
    case ClientOrderField::kCustomId: return "c.custom_id";
    case ClientOrderField::kCreatedAt: return "c.created_at";
  }
  return "c.id";
}

class SqliteTx final : public Tx {
 public:
  SqliteTx(Connection& db, const OutboxHooks& hooks) : db_(db), hooks_(hooks) {}

  bool queued_email() const { return queued_email_; }

  Result<std::optional<std::string>> GetSetting(const std::string& key) override {
    return Guard([&]() -> Result<std::optional<std::string>> {
      auto s = db_.Prepare("SELECT value FROM settings WHERE key = ?1");
      s->Bind(1, key);
      if (!s->Step()) return std::optional<std::string>();
      return std::optional<std::string>(s->Blob(0));
    });
  }

  Status PutSetting(const std::string& key, const std::string& value) override {
    return Guard([&]() -> Status {
      auto s = db_.Prepare(
          "INSERT INTO settings (key, value) VALUES (?1, ?2) "
          "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
      s->Bind(1, key).BindBlob(2, value).Run();
      return Ok();
    });
  }

  Result<Organisation> InsertOrganisation(const NewOrganisation& d, Timestamp now) override {
    return Guard([&]() -> Result<Organisation> {
      auto s = db_.Prepare(
          "INSERT INTO organisations (name, trial_days, days_to_deleted, created_at) "
          "VALUES (?1, ?2, ?3, ?4)");
      s->Bind(1, d.name).Bind(2, d.trial_days).Bind(3, d.days_to_deleted).Bind(4, now.micros).Run();
      return GetOrganisation(OrgId{db_.LastInsertId()});
    });
  }

  Result<Organisation> GetOrganisation(OrgId org) override {
    return Guard([&]() -> Result<Organisation> {
      auto s = db_.Prepare(
          "SELECT id, name, reseller_client_id, trial_days, days_to_deleted, created_at "
          "FROM organisations WHERE id = ?1");
      s->Bind(1, org.value);
      if (!s->Step()) return NotFound();
      return ReadOrganisation(*s);
    });
  }

  Status SetResellerClient(OrgId org, ClientId client) override {
    return Guard([&]() -> Status {
      auto s = db_.Prepare("UPDATE organisations SET reseller_client_id = ?2 WHERE id = ?1");
      s->Bind(1, org.value).Bind(2, client.value).Run();
      return db_.Changes() == 1 ? Ok() : Status(NotFound());
    });
  }

  Result<std::vector<Organisation>> ListOrganisations() override {
    return Guard([&]() -> Result<std::vector<Organisation>> {
      auto s = db_.Prepare(
          "SELECT id, name, reseller_client_id, trial_days, days_to_deleted, created_at "
          "FROM organisations ORDER BY id");
      std::vector<Organisation> out;
      while (s->Step()) out.push_back(ReadOrganisation(*s));
      return out;
    });
  }

  Result<std::vector<Product>> ListProducts() override {
    return Guard([&]() -> Result<std::vector<Product>> {
      auto s = db_.Prepare("SELECT name, title, position FROM products ORDER BY position, name");
      std::vector<Product> out;
      while (s->Step()) out.push_back({s->Text(0), s->Text(1), static_cast<int>(s->Int(2))});
      return out;
    });
  }

  Result<Client> InsertClient(const Client& c) override {
    return Guard([&]() -> Result<Client> {
      auto s = db_.Prepare(
          "INSERT INTO clients (org_id, email, email_key, name, company_name, phone, website, "
          "custom_id, seller_id, lang, country_code, is_test, is_reseller_account, status, "
          "deleted, owner_user_id, created_at, updated_at) "
          "VALUES (?1, ?2, lower(?2), ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, 0, ?14, "
          "?15, ?15)");
      s->Bind(1, c.org.value)
          .Bind(2, c.email)
          .Bind(3, Opt(c.name))
          .Bind(4, c.company_name)
          .Bind(5, Opt(c.phone))
          .Bind(6, Opt(c.website))
          .Bind(7, Opt(c.custom_id))
          .Bind(8, OptId(c.seller))
          .Bind(9, c.lang)
          .Bind(10, Opt(c.country_code))
          .Bind(11, c.is_test)
          .Bind(12, c.is_reseller_account)
          .Bind(13, ToString(c.status))
          .Bind(14, OptId(c.owner))
          .Bind(15, c.created_at.micros)
          .Run();
      return GetClient(c.org, ClientId{db_.LastInsertId()});
    });
  }

  Result<Client> GetClient(OrgId org, ClientId id) override {
    return Guard([&]() -> Result<Client> {
      auto s = db_.Prepare("SELECT " + std::string(kClientColumns) +
                           " FROM clients c WHERE c.id = ?1 AND c.org_id = ?2");
      s->Bind(1, id.value).Bind(2, org.value);
      if (!s->Step()) return NotFound();
      return ReadClient(*s);
    });
  }

  Status UpdateClient(const Client& c) override {
    return Guard([&]() -> Status {
      auto s = db_.Prepare(
          "UPDATE clients SET email = ?3, email_key = lower(?3), name = ?4, company_name = ?5, "
          "phone = ?6, website = ?7, custom_id = ?8, seller_id = ?9, lang = ?10, "
          "country_code = ?11, is_test = ?12, status = ?13, deleted = ?14, deleted_at = ?15, "
          "updated_at = ?16, owner_user_id = ?17 WHERE id = ?1 AND org_id = ?2");
      s->Bind(1, c.id.value)
          .Bind(2, c.org.value)
          .Bind(3, c.email)
          .Bind(4, Opt(c.name))
          .Bind(5, c.company_name)
          .Bind(6, Opt(c.phone))
          .Bind(7, Opt(c.website))
          .Bind(8, Opt(c.custom_id))
          .Bind(9, OptId(c.seller))
          .Bind(10, c.lang)
          .Bind(11, Opt(c.country_code))
          .Bind(12, c.is_test)
          .Bind(13, ToString(c.status))
          .Bind(14, c.deleted)
          .Bind(15, OptTime(c.deleted_at))
          .Bind(16, c.updated_at.micros)
          .Bind(17, OptId(c.owner))
          .Run();
      return db_.Changes() == 1 ? Ok() : Status(NotFound());
    });
  }

  Result<bool> ClientEmailTaken(OrgId org, const std::string& email,
                                std::optional<ClientId> except) override {
    return Guard([&]() -> Result<bool> {
      auto s = db_.Prepare(
          "SELECT 1 FROM clients WHERE org_id = ?1 AND email_key = lower(?2) AND deleted = 0 "
          "AND id != ?3 LIMIT 1");
      s->Bind(1, org.value).Bind(2, email).Bind(3, except ? except->value : int64_t{0});
      return s->Step();
    });
  }

  Result<ClientPage> ListClients(OrgId org, const ClientQuery& q) override {
    return Guard([&]() -> Result<ClientPage> {
      ClientPage page;
      if (q.match_nothing) {
        if (q.limit) page.count = 0;
        return page;
      }
      std::vector<Value> args;
      auto arg = [&](Value v) {
        args.push_back(std::move(v));
        return "?" + std::to_string(args.size());
      };
      std::string where = "c.org_id = " + arg(org.value);
      if (q.deleted != FlagFilter::kAll)
        where += q.deleted == FlagFilter::kOnlyTrue ? " AND c.deleted = 1" : " AND c.deleted = 0";
      if (q.is_test != FlagFilter::kAll)
        where += q.is_test == FlagFilter::kOnlyTrue ? " AND c.is_test = 1" : " AND c.is_test = 0";
      auto id_list = [&](const std::vector<ClientId>& ids) {
        std::string list;
        for (const auto& id : ids) list += (list.empty() ? "" : ", ") + arg(id.value);
        return list;
      };
      if (!q.ids.empty()) where += " AND c.id IN (" + id_list(q.ids) + ")";
      if (!q.exclude_ids.empty()) where += " AND c.id NOT IN (" + id_list(q.exclude_ids) + ")";
      if (!q.statuses.empty()) {
        std::string list;
        for (auto st : q.statuses) list += (list.empty() ? "" : ", ") + arg(std::string(ToString(st)));
        where += " AND c.status IN (" + list + ")";
      }
      if (q.filter_seller)
        where += q.seller ? " AND c.seller_id = " + arg(q.seller->value) : " AND c.seller_id IS NULL";
      if (q.filter_country)
        where += q.country_code ? " AND c.country_code = " + arg(*q.country_code)
                                : " AND c.country_code IS NULL";
      if (q.reseller_account)
        where += *q.reseller_account ? " AND c.is_reseller_account = 1"
                                     : " AND c.is_reseller_account = 0";
      if (q.created_gte) where += " AND c.created_at >= " + arg(q.created_gte->micros);
      if (q.created_lte) where += " AND c.created_at <= " + arg(q.created_lte->micros);

      // Substring filters: three characters or more go through the trigram index; shorter
      // ones can't use it and fall back to LIKE.
      std::string fts;
      auto contains = [&](const std::optional<std::string>& value, std::string_view fts_column,
                          std::string_view column) {
        if (!value) return;
        if (Utf8Chars(*value) >= 3) {
          fts += (fts.empty() ? "" : " AND ") + FtsPhrase(fts_column, *value);
        } else {
          where += " AND " + std::string(column) + " LIKE " + arg(ContainsPattern(*value)) +
                   " ESCAPE '\\'";
        }
      };
      contains(q.email_contains, "email", "c.email");
      contains(q.name_contains, "name", "c.name");
      contains(q.company_contains, "company_name", "c.company_name");
      contains(q.custom_id_contains, "custom_id", "c.custom_id");
      if (!fts.empty())
        where += " AND c.id IN (SELECT rowid FROM clients_search WHERE clients_search MATCH " +
                 arg(fts) + ")";
      if (q.users_email_contains)
        where += " AND EXISTS (SELECT 1 FROM users u WHERE u.client_id = c.id AND u.deleted = 0 "
                 "AND u.email_key LIKE " + arg(ContainsPattern(*q.users_email_contains)) +
                 " ESCAPE '\\')";
      if (q.users_name_contains)
        where += " AND EXISTS (SELECT 1 FROM users u WHERE u.client_id = c.id AND u.deleted = 0 "
                 "AND u.name LIKE " + arg(ContainsPattern(*q.users_name_contains)) +
                 " ESCAPE '\\')";
      for (const auto& [product, statuses] : q.product_statuses) {
        std::string list;
        for (auto st : statuses) list += (list.empty() ? "" : ", ") + arg(std::string(ToString(st)));
        where += " AND c.id IN (SELECT s.client_id FROM services s WHERE s.org_id = " +
                 arg(org.value) + " AND s.product = " + arg(product) + " AND s.status IN (" +
                 list + "))";
      }
      for (const auto& product : q.personal_availability)
        where += " AND c.id IN (SELECT s.client_id FROM services s WHERE s.org_id = " +
                 arg(org.value) + " AND s.product = " + arg(product) +
                 " AND s.available IS NOT NULL)";

      if (q.limit) {
        auto count = db_.Prepare("SELECT count(*) FROM clients c WHERE " + where);
        count->BindAll(args);
        count->Step();
        page.count = count->Int(0);
      }

      std::string order;
      bool has_id = false;
      for (const auto& o : q.ordering) {
        order += (order.empty() ? "" : ", ") + std::string(OrderColumn(o.field)) +
                 (o.descending ? " DESC NULLS FIRST" : " ASC NULLS LAST");
        has_id = has_id || o.field == ClientOrderField::kId;
      }
      if (!has_id) order += std::string(order.empty() ? "" : ", ") + "c.id ASC";
      std::string sql = "SELECT " + std::string(kClientColumns) + " FROM clients c WHERE " +
                        where + " ORDER BY " + order;
      if (q.limit) sql += " LIMIT " + arg(*q.limit) + " OFFSET " + arg(q.offset);
      auto s = db_.Prepare(sql);
      s->BindAll(args);
      while (s->Step()) page.items.push_back(ReadClient(*s));
      return page;
    });
  }

  Status InsertServices(OrgId org, ClientId client, std::span<const Service> services) override {
    return Guard([&]() -> Status {
      for (const auto& v : services) {
        auto s = db_.Prepare(
            "INSERT INTO services (org_id, client_id, product, status, previous_status, "
            "status_changed_at, trial_start, trial_end, deleted_date, enabled, available) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
        s->Bind(1, org.value)
            .Bind(2, client.value)
            .Bind(3, v.product)
            .Bind(4, ToString(v.status))
            .Bind(5, v.previous_status ? Value(std::string(ToString(*v.previous_status)))
                                       : Value(nullptr))
            .Bind(6, OptTime(v.status_changed_at))
            .Bind(7, OptTime(v.start))
            .Bind(8, OptTime(v.trial_end))
            .Bind(9, OptTime(v.deleted_date))
            .Bind(10, v.enabled)
            .Bind(11, v.available ? Value(int64_t{*v.available ? 1 : 0}) : Value(nullptr))
            .Run();
      }
      return Ok();
    });
  }

  Result<std::vector<Service>> ListServices(OrgId org, std::span<const ClientId> clients) override {
    return Guard([&]() -> Result<std::vector<Service>> {
      std::vector<Service> out;
      if (clients.empty()) return out;
      std::vector<Value> args{org.value};
      std::string list;
      for (const auto& c : clients) {
        args.emplace_back(c.value);
        list += (list.empty() ? "?" : ", ?") + std::to_string(args.size());
      }
      auto s = db_.Prepare("SELECT " + std::string(kServiceColumns) +
                           " FROM services s JOIN products p ON p.name = s.product "
                           "WHERE s.org_id = ?1 AND s.client_id IN (" + list +
                           ") ORDER BY s.client_id, p.position");
      s->BindAll(args);
      while (s->Step()) out.push_back(ReadService(*s));
      return out;
    });
  }


  Result<Service> GetService(OrgId org, ClientId client, ServiceId id) override {
    return Guard([&]() -> Result<Service> {
      auto s = db_.Prepare("SELECT " + std::string(kServiceColumns) +
                           " FROM services s WHERE s.id = ?1 AND s.org_id = ?2 AND s.client_id = ?3");
      s->Bind(1, id.value).Bind(2, org.value).Bind(3, client.value);
      if (!s->Step()) return NotFound();
      return ReadService(*s);
    });
  }

  Status UpdateService(const Service& v) override {
    return Guard([&]() -> Status {
      auto s = db_.Prepare(
          "UPDATE services SET status = ?4, previous_status = ?5, status_changed_at = ?6, "
          "trial_start = ?7, trial_end = ?8, deleted_date = ?9, enabled = ?10, available = ?11, "
          "ends_soon_sent_for = ?12 WHERE id = ?1 AND org_id = ?2 AND client_id = ?3");
      s->Bind(1, v.id.value)
          .Bind(2, v.org.value)
          .Bind(3, v.client.value)
          .Bind(4, ToString(v.status))
          .Bind(5, v.previous_status ? Value(std::string(ToString(*v.previous_status)))
                                     : Value(nullptr))
          .Bind(6, OptTime(v.status_changed_at))
          .Bind(7, OptTime(v.start))
          .Bind(8, OptTime(v.trial_end))
          .Bind(9, OptTime(v.deleted_date))
          .Bind(10, v.enabled)
          .Bind(11, v.available ? Value(int64_t{*v.available ? 1 : 0}) : Value(nullptr))
          .Bind(12, OptTime(v.ends_soon_sent_for))
          .Run();
      return db_.Changes() == 1 ? Ok() : Status(NotFound());
    });
  }

  Result<int64_t> ClearPersonalVisibility(OrgId org, const std::string& product) override {
    return Guard([&]() -> Result<int64_t> {
      auto s = db_.Prepare(
          "UPDATE services SET available = NULL WHERE org_id = ?1 AND product = ?2 "
          "AND available IS NOT NULL");
      s->Bind(1, org.value).Bind(2, product).Run();
      return db_.Changes();
    });
  }

  Result<std::vector<std::pair<std::string, bool>>> DefaultVisibility(OrgId org) override {
    return Guard([&]() -> Result<std::vector<std::pair<std::string, bool>>> {
      auto s = db_.Prepare(
          "SELECT p.name, COALESCE(d.available, p.default_available) FROM products p "
          "LEFT JOIN product_defaults d ON d.product = p.name AND d.org_id = ?1 "
          "ORDER BY p.position, p.name");
      s->Bind(1, org.value);
      std::vector<std::pair<std::string, bool>> out;
      while (s->Step()) out.emplace_back(s->Text(0), s->Int(1) != 0);
      return out;
    });
  }

  Status SetDefaultVisibility(OrgId org, const std::string& product, bool available) override {
    return Guard([&]() -> Status {
      auto s = db_.Prepare(
          "INSERT INTO product_defaults (org_id, product, available) VALUES (?1, ?2, ?3) "
          "ON CONFLICT (org_id, product) DO UPDATE SET available = excluded.available");
      s->Bind(1, org.value).Bind(2, product).Bind(3, available).Run();
      return Ok();
    });
  }

  Result<std::vector<StatusCount>> CountServices(OrgId org, const std::string& product,
                                                 std::span<const ProductStatus> statuses,
                                                 std::optional<bool> personal) override {
    return Guard([&]() -> Result<std::vector<StatusCount>> {
      std::vector<Value> args{org.value, product};
      std::string list;
      for (auto st : statuses) {
        args.emplace_back(std::string(ToString(st)));
        list += (list.empty() ? "?" : ", ?") + std::to_string(args.size());
      }
      std::string personal_cond = !personal ? "" : *personal ? " AND s.available = 1"
                                                             : " AND s.available IS NULL";
      auto s = db_.Prepare(
          "SELECT s.status, count(*) FROM services s JOIN clients c ON c.id = s.client_id "
          "WHERE s.org_id = ?1 AND s.product = ?2 AND c.deleted = 0 AND s.status IN (" + list +
          ")" + personal_cond + " GROUP BY s.status ORDER BY s.status");
      s->BindAll(args);
      std::vector<StatusCount> out;
      while (s->Step())
        out.push_back({product, ParseProductStatus(s->Text(0)).value_or(ProductStatus::kNew),
                       s->Int(1)});
      return out;
    });
  }

  Result<std::vector<Service>> TrialsEnded(Timestamp now, int limit) override {
    return Due("s.status = 'trial' AND s.trial_end <= ?1 ORDER BY s.trial_end, s.id", now, limit);
  }

  Result<std::vector<Service>> TrialsEndingSoon(Timestamp soon, int limit) override {
    return Due("s.status = 'trial' AND s.trial_end <= ?1 AND (s.ends_soon_sent_for IS NULL OR "
               "s.ends_soon_sent_for != s.trial_end) ORDER BY s.trial_end, s.id",
               soon, limit);
  }

  Result<std::vector<Service>> DeletionsDue(Timestamp now, int limit) override {
    return Due("s.status IN ('trialend', 'paused') AND s.deleted_date <= ?1 "
               "ORDER BY s.deleted_date, s.id",
               now, limit);
  }

  Status SetClientStatus(OrgId org, ClientId client, AccountStatus status, Timestamp now) override {
    return Guard([&]() -> Status {
      auto s = db_.Prepare(
          "UPDATE clients SET status = ?3, updated_at = ?4 WHERE id = ?1 AND org_id = ?2");
      s->Bind(1, client.value).Bind(2, org.value).Bind(3, ToString(status)).Bind(4, now.micros).Run();
      return db_.Changes() == 1 ? Ok() : Status(NotFound());
    });
  }

  Status SetClientDaysToDeleted(OrgId org, ClientId client, std::optional<int> days) override {
    return Guard([&]() -> Status {
      auto s = db_.Prepare("UPDATE clients SET days_to_deleted = ?3 WHERE id = ?1 AND org_id = ?2");
      s->Bind(1, client.value).Bind(2, org.value);
      if (days) s->Bind(3, *days); else s->BindNull(3);
      s->Run();
      return db_.Changes() == 1 ? Ok() : Status(NotFound());
    });
  }

  Status SetOrganisationTiming(OrgId org, int trial_days, int days_to_deleted) override {
    return Guard([&]() -> Status {
      auto s = db_.Prepare(
          "UPDATE organisations SET trial_days = ?2, days_to_deleted = ?3 WHERE id = ?1");
      s->Bind(1, org.value).Bind(2, trial_days).Bind(3, days_to_deleted).Run();
      return db_.Changes() == 1 ? Ok() : Status(NotFound());
    });
  }

  Result<int64_t> RescheduleDeletions(OrgId org, std::optional<ClientId> client,
                                      int days) override {
    return Guard([&]() -> Result<int64_t> {
      auto s = db_.Prepare(
          "UPDATE services SET deleted_date = status_changed_at + ?3 * 86400000000 "
          "WHERE org_id = ?1 AND status IN ('trialend', 'paused') AND status_changed_at IS NOT NULL "
          "AND (CASE WHEN ?2 IS NULL THEN client_id IN (SELECT id FROM clients WHERE org_id = ?1 "
          "AND days_to_deleted IS NULL) ELSE client_id = ?2 END)");
      s->Bind(1, org.value);
      if (client) s->Bind(2, client->value); else s->BindNull(2);
      s->Bind(3, days).Run();
      return db_.Changes();
    });
  }

  Result<Branding> GetBranding(OrgId org) override {
    return Guard([&]() -> Result<Branding> {
      auto s = db_.Prepare(
          "SELECT brand_name, from_email, support_email, support_phone, website_link, "
          "agreement_link, api_docs_link, knowledge_base_link, status_page_link, header_color, "
          "primary_color, logo, smtp_host, smtp_port, smtp_tls, smtp_login, smtp_password, "
          "updated_at FROM branding WHERE org_id = ?1");
      s->Bind(1, org.value);
      Branding b;
      b.org = org;
      if (!s->Step()) return b;
      b.brand_name = s->Text(0);
      b.from_email = s->Text(1);
      b.support_email = s->Text(2);
      b.support_phone = s->Text(3);
      b.website_link = s->Text(4);
      b.agreement_link = s->Text(5);
      b.api_docs_link = s->Text(6);
      b.knowledge_base_link = s->Text(7);
      b.status_page_link = s->Text(8);
      b.header_color = s->Text(9);
      b.primary_color = s->Text(10);
      b.logo = s->Text(11);
      b.smtp_host = s->Text(12);
      b.smtp_port = static_cast<int>(s->Int(13));
      b.smtp_tls = s->Text(14);
      b.smtp_login = s->Text(15);
      if (!s->IsNull(16)) b.smtp_password_sealed = s->Blob(16);
      b.updated_at = Timestamp{s->Int(17)};
      return b;
    });
  }

  Status PutBranding(const Branding& b) override {
    return Guard([&]() -> Status {
      auto s = db_.Prepare(
          "INSERT INTO branding (org_id, brand_name, from_email, support_email, support_phone, "
          "website_link, agreement_link, api_docs_link, knowledge_base_link, status_page_link, "
          "header_color, primary_color, logo, smtp_host, smtp_port, smtp_tls, smtp_login, "
          "smtp_password, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
          "?13, ?14, ?15, ?16, ?17, ?18, ?19) ON CONFLICT (org_id) DO UPDATE SET "
          "brand_name = excluded.brand_name, from_email = excluded.from_email, "
          "support_email = excluded.support_email, support_phone = excluded.support_phone, "
          "website_link = excluded.website_link, agreement_link = excluded.agreement_link, "
          "api_docs_link = excluded.api_docs_link, "
          "knowledge_base_link = excluded.knowledge_base_link, "
          "status_page_link = excluded.status_page_link, header_color = excluded.header_color, "
          "primary_color = excluded.primary_color, logo = excluded.logo, "
          "smtp_host = excluded.smtp_host, smtp_port = excluded.smtp_port, "
          "smtp_tls = excluded.smtp_tls, smtp_login = excluded.smtp_login, "
          "smtp_password = excluded.smtp_password, updated_at = excluded.updated_at");
      s->Bind(1, b.org.value)
          .Bind(2, b.brand_name)
          .Bind(3, b.from_email)
          .Bind(4, b.support_email)
          .Bind(5, b.support_phone)
          .Bind(6, b.website_link)
          .Bind(7, b.agreement_link)
          .Bind(8, b.api_docs_link)
          .Bind(9, b.knowledge_base_link)
          .Bind(10, b.status_page_link)
          .Bind(11, b.header_color)
          .Bind(12, b.primary_color)
          .Bind(13, b.logo)
          .Bind(14, b.smtp_host)
          .Bind(15, b.smtp_port)
          .Bind(16, b.smtp_tls)
          .Bind(17, b.smtp_login);
      if (b.smtp_password_sealed) s->BindBlob(18, *b.smtp_password_sealed); else s->BindNull(18);
      s->Bind(19, b.updated_at.micros).Run();
      return Ok();
    });
  }

  Result<bool> EnqueueEmail(const OutboxEmail& e) override {
    return Guard([&]() -> Result<bool> {
      auto seal = [&](const std::string& body) {
        return hooks_.seal_key.empty() || body.empty() ? body
                                                        : crypto::SealText(hooks_.seal_key, body);
      };
      auto s = db_.Prepare(
          "INSERT INTO outbox (org_id, kind, dedupe_key, to_address, to_name, subject, text_body, "
          "html_body, next_attempt_at, created_at, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
          "?9, ?10, ?11) ON CONFLICT (dedupe_key) DO NOTHING");
      s->Bind(1, e.org.value)
          .Bind(2, e.kind)
          .Bind(3, e.dedupe_key)
          .Bind(4, e.to_address)
          .Bind(5, e.to_name)
          .Bind(6, e.subject)
          .Bind(7, seal(e.text_body))
          .Bind(8, seal(e.html_body))
          .Bind(9, e.next_attempt_at.micros)
          .Bind(10, e.created_at.micros)
          .Bind(11, seal(e.data))
          .Run();
      bool queued = db_.Changes() == 1;
      if (queued) queued_email_ = true;
      return queued;
    });
  }

  Result<std::vector<OutboxEmail>> ClaimDueEmails(Timestamp now, Timestamp lease_until,
                                                  int limit,
                                                  const std::vector<OrgId>& skip_orgs) override {
    return Guard([&]() -> Result<std::vector<OutboxEmail>> {
      std::string skip;
      for (size_t i = 0; i < skip_orgs.size(); ++i)
        skip += (i ? ", ?" : " AND org_id NOT IN (?") + std::to_string(i + 3);
      if (!skip.empty()) skip += ")";
      auto s = db_.Prepare(std::string(kOutboxSelect) +
                           " WHERE state = 'pending' AND next_attempt_at <= ?1" + skip +
                           " ORDER BY next_attempt_at, id LIMIT ?2");
      s->Bind(1, now.micros).Bind(2, int64_t{limit});
      for (size_t i = 0; i < skip_orgs.size(); ++i)
        s->Bind(static_cast<int>(i + 3), skip_orgs[i].value);
      std::vector<OutboxEmail> out;
      while (s->Step()) out.push_back(ReadOutbox(*s));
      s.reset();
      for (const auto& e : out) {
        auto lease = db_.Prepare("UPDATE outbox SET next_attempt_at = ?2 WHERE id = ?1");
        lease->Bind(1, e.id).Bind(2, lease_until.micros).Run();
      }
      return out;
    });
  }

  Status MarkEmailSent(int64_t id, Timestamp now) override {
    return Guard([&]() -> Status {
      auto s = db_.Prepare(
          "UPDATE outbox SET state = 'sent', sent_at = ?2, attempts = attempts + 1, "
          "last_error = '', text_body = '', html_body = '', data = '' WHERE id = ?1");
      s->Bind(1, id).Bind(2, now.micros).Run();
      return Ok();
    });
  }

  Status MarkEmailFailed(int64_t id, int attempts, Timestamp next_attempt_at,
                         const std::string& error, bool give_up) override {
    return Guard([&]() -> Status {
      auto s = db_.Prepare(
          "UPDATE outbox SET attempts = ?2, next_attempt_at = ?3, last_error = ?4, "
          "state = CASE WHEN ?5 THEN 'failed' ELSE 'pending' END, "
          "text_body = CASE WHEN ?5 THEN '' ELSE text_body END, "
          "html_body = CASE WHEN ?5 THEN '' ELSE html_body END, "
          "data = CASE WHEN ?5 THEN '' ELSE data END WHERE id = ?1");
      s->Bind(1, id).Bind(2, attempts).Bind(3, next_attempt_at.micros).Bind(4, error)
          .Bind(5, give_up).Run();
      return Ok();
    });
  }

  Result<std::vector<OutboxEmail>> ListOutbox(OrgId org, int limit) override {
    return Guard([&]() -> Result<std::vector<OutboxEmail>> {
      auto s = db_.Prepare(std::string(kOutboxSelect) +
                           " WHERE org_id = ?1 ORDER BY id DESC LIMIT ?2");
      s->Bind(1, org.value).Bind(2, int64_t{limit});
      std::vector<OutboxEmail> out;
      while (s->Step()) out.push_back(ReadOutbox(*s));
      return out;
    });
  }

  Result<MailTest> InsertMailTest(const MailTest& t) override {
    return Guard([&]() -> Result<MailTest> {
      auto s = db_.Prepare(
          "INSERT INTO mail_tests (org_id, to_address, state, failure, reply_code, created_at) "
          "VALUES (?1, ?2, 'sending', '', 0, ?3)");
      s->Bind(1, t.org.value).Bind(2, t.to_address).Bind(3, t.created_at.micros).Run();
      return GetMailTest(t.org, db_.LastInsertId());
    });
  }

  Status FinishMailTest(OrgId org, int64_t id, MailTestState state, const std::string& failure,
                        int reply_code, Timestamp now) override {
    return Guard([&]() -> Status {
      auto s = db_.Prepare(
          "UPDATE mail_tests SET state = ?3, failure = ?4, reply_code = ?5, finished_at = ?6 "
          "WHERE org_id = ?1 AND id = ?2");
      s->Bind(1, org.value).Bind(2, id).Bind(3, ToString(state)).Bind(4, failure)
          .Bind(5, reply_code).Bind(6, now.micros).Run();
      return Ok();
    });
  }

  Result<MailTest> GetMailTest(OrgId org, int64_t id) override {
    return Guard([&]() -> Result<MailTest> {
      auto s = db_.Prepare(std::string(kMailTestSelect) + " WHERE org_id = ?1 AND id = ?2");
      s->Bind(1, org.value).Bind(2, id);
      if (!s->Step()) return NotFound();
      return ReadMailTest(*s);
    });
  }

  Result<std::optional<MailTest>> SendingMailTest(OrgId org, Timestamp since) override {
    return Guard([&]() -> Result<std::optional<MailTest>> {
      auto s = db_.Prepare(std::string(kMailTestSelect) +
                           " WHERE org_id = ?1 AND state = 'sending' AND created_at > ?2 "
                           "ORDER BY id DESC LIMIT 1");
      s->Bind(1, org.value).Bind(2, since.micros);
      if (!s->Step()) return std::optional<MailTest>();
      return std::optional<MailTest>(ReadMailTest(*s));
    });
  }

  Status DeleteMailTests(OrgId org, Timestamp before) override {
    return Guard([&]() -> Status {
      auto s = db_.Prepare("DELETE FROM mail_tests WHERE org_id = ?1 AND created_at < ?2");
      s->Bind(1, org.value).Bind(2, before.micros).Run();
      return Ok();
    });
  }

  Status InsertStatusChange(OrgId org, const AccountStatusChange& c) override {
    return Guard([&]() -> Status {
      auto s = db_.Prepare(
          "INSERT INTO account_status_changes (org_id, client_id, old_status, new_status, "
          "changed_at) VALUES (?1, ?2, ?3, ?4, ?5)");
      s->Bind(1, org.value)
          .Bind(2, c.client.value)
          .Bind(3, c.old_status ? Value(std::string(ToString(*c.old_status))) : Value(nullptr))
          .Bind(4, ToString(c.new_status))
          .Bind(5, c.changed_at.micros)
          .Run();
      return Ok();
    });
  }

  Result<Page<AccountStatusChange>> ListStatusChanges(OrgId org,
                                                      const StatusChangeQuery& q) override {
    return Guard([&]() -> Result<Page<AccountStatusChange>> {
      std::vector<Value> args{org.value};
      std::string where = "org_id = ?1";
      auto add = [&](const std::string& cond, Value v) {
        args.push_back(std::move(v));
        where += " AND " + cond + " ?" + std::to_string(args.size());
      };
      if (q.client) add("client_id =", q.client->value);
      if (q.from) add("changed_at >=", q.from->micros);
      if (q.to) add("changed_at <=", q.to->micros);
      Page<AccountStatusChange> page;
      auto count = db_.Prepare("SELECT count(*) FROM account_status_changes WHERE " + where);
      count->BindAll(args);
      count->Step();
      page.count = count->Int(0);
      args.emplace_back(q.limit);
      args.emplace_back(q.offset);
      auto s = db_.Prepare(
          "SELECT id, client_id, old_status, new_status, changed_at FROM account_status_changes "
          "WHERE " + where + " ORDER BY id DESC LIMIT ?" + std::to_string(args.size() - 1) +
          " OFFSET ?" + std::to_string(args.size()));
      s->BindAll(args);
      while (s->Step()) {
        AccountStatusChange c;
        c.id = s->Int(0);
        c.client = ClientId{s->Int(1)};
        if (auto old = s->OptText(2)) c.old_status = ParseAccountStatus(*old);
        c.new_status = ParseAccountStatus(s->Text(3)).value_or(AccountStatus::kPreparation);
        c.changed_at = Timestamp{s->Int(4)};
        page.items.push_back(c);
      }
      return page;
    });
  }

  Result<User> InsertUser(const User& u) override {
    return Guard([&]() -> Result<User> {
      auto s = db_.Prepare(
          "INSERT INTO users (org_id, client_id, email, email_key, name, phone, lang, user_type, "
          "group_id, password_hash, activated, blocked, deleted, created_at, invited_at) "
          "VALUES (?1, ?2, ?3, lower(?3), ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 0, ?12, ?13)");
      s->Bind(1, u.org.value)
          .Bind(2, OptId(u.client))
          .Bind(3, u.email)
          .Bind(4, Opt(u.name))
          .Bind(5, Opt(u.phone))
          .Bind(6, u.lang)
          .Bind(7, ToString(u.type))
          .Bind(8, u.group ? Value(static_cast<int64_t>(*u.group)) : Value(nullptr))
          .Bind(9, u.password_hash)
          .Bind(10, u.activated)
          .Bind(11, u.blocked)
          .Bind(12, u.created_at.micros)
          .Bind(13, OptTime(u.invited_at))
          .Run();
      return GetUser(u.org, UserId{db_.LastInsertId()});
    });
  }

  Result<User> GetUser(OrgId org, UserId id) override {
    return Guard([&]() -> Result<User> {
      auto s = db_.Prepare("SELECT " + std::string(kUserColumns) +
                           " FROM users WHERE id = ?1 AND org_id = ?2");
      s->Bind(1, id.value).Bind(2, org.value);
      if (!s->Step()) return NotFound();
      return ReadUser(*s);
    });
  }

  Status UpdateUser(const User& u) override {
    return Guard([&]() -> Status {
      auto s = db_.Prepare(
          "UPDATE users SET client_id = ?3, email = ?4, email_key = lower(?4), name = ?5, "
          "phone = ?6, lang = ?7, group_id = ?8, password_hash = ?9, activated = ?10, "
          "blocked = ?11, deleted = ?12, failed_logins = ?13, locked_until = ?14, "
          "invited_at = ?15, last_login_at = ?16, sessions_valid_after = ?17 "
          "WHERE id = ?1 AND org_id = ?2");
      s->Bind(1, u.id.value)
          .Bind(2, u.org.value)
          .Bind(3, OptId(u.client))
          .Bind(4, u.email)
          .Bind(5, Opt(u.name))
          .Bind(6, Opt(u.phone))
          .Bind(7, u.lang)
          .Bind(8, u.group ? Value(static_cast<int64_t>(*u.group)) : Value(nullptr))
          .Bind(9, u.password_hash)
          .Bind(10, u.activated)
          .Bind(11, u.blocked)
          .Bind(12, u.deleted)
          .Bind(13, u.failed_logins)
          .Bind(14, OptTime(u.locked_until))
          .Bind(15, OptTime(u.invited_at))
          .Bind(16, OptTime(u.last_login_at))
          .Bind(17, OptTime(u.sessions_valid_after))
          .Run();
      return db_.Changes() == 1 ? Ok() : Status(NotFound());
    });
  }

  Result<bool> UserEmailTaken(OrgId org, const std::string& email) override {
    return Guard([&]() -> Result<bool> {
      auto s = db_.Prepare(
          "SELECT 1 FROM users WHERE org_id = ?1 AND email_key = lower(?2) AND deleted = 0 LIMIT 1");
      s->Bind(1, org.value).Bind(2, email);
      return s->Step();
    });
  }

  Result<std::vector<User>> FindUsersForSignIn(const std::string& email) override {
    return Guard([&]() -> Result<std::vector<User>> {
      auto s = db_.Prepare("SELECT " + std::string(kUserColumns) +
                           " FROM users WHERE email_key = lower(?1) AND deleted = 0 "
                           "ORDER BY id LIMIT 20");
      s->Bind(1, email);
      std::vector<User> out;
      while (s->Step()) out.push_back(ReadUser(*s));
      return out;
    });
  }

  Result<std::vector<User>> ListUsersOfClients(OrgId org,
                                               std::span<const ClientId> clients) override {
    return Guard([&]() -> Result<std::vector<User>> {
      std::vector<User> out;
      if (clients.empty()) return out;
      std::vector<Value> args{org.value};
      std::string list;
      for (const auto& c : clients) {
        args.emplace_back(c.value);
        list += (list.empty() ? "?" : ", ?") + std::to_string(args.size());
      }
      auto s = db_.Prepare("SELECT " + std::string(kUserColumns) +
                           " FROM users WHERE org_id = ?1 AND deleted = 0 AND client_id IN (" +
                           list + ") ORDER BY client_id, id");
      s->BindAll(args);
      while (s->Step()) out.push_back(ReadUser(*s));
      return out;
    });
  }

  Result<bool> SellerExists(OrgId org, UserId seller) override {
    return Guard([&]() -> Result<bool> {
      auto s = db_.Prepare(
          "SELECT 1 FROM users WHERE id = ?1 AND org_id = ?2 AND user_type = 'seller' "
          "AND deleted = 0");
      s->Bind(1, seller.value).Bind(2, org.value);
      return s->Step();
    });
  }

  Result<std::optional<User>> FindUserByEmail(OrgId org, const std::string& email) override {
    return Guard([&]() -> Result<std::optional<User>> {
      auto s = db_.Prepare("SELECT " + std::string(kUserColumns) +
                           " FROM users WHERE org_id = ?1 AND email_key = lower(?2) AND deleted = 0");
      s->Bind(1, org.value).Bind(2, email);
      if (!s->Step()) return std::optional<User>();
      return std::optional<User>(ReadUser(*s));
    });
  }

  Result<Page<User>> ListSellers(OrgId org, const SellerQuery& q) override {
    return Guard([&]() -> Result<Page<User>> {
      std::vector<Value> args{org.value};
      auto arg = [&](Value v) {
        args.push_back(std::move(v));
        return "?" + std::to_string(args.size());
      };
      std::string where = "org_id = ?1 AND user_type = 'seller'";
      if (!q.deleted) where += " AND deleted = 0";
      else where += *q.deleted ? " AND deleted = 1" : " AND deleted = 0";
      if (!q.ids.empty()) {
        std::string list;
        for (auto id : q.ids) list += (list.empty() ? "" : ", ") + arg(id.value);
        where += " AND id IN (" + list + ")";
      }
      if (q.id_contains)
        where += " AND CAST(id AS TEXT) LIKE " + arg(ContainsPattern(*q.id_contains)) + " ESCAPE '\\'";
      if (q.email_contains)
        where += " AND email_key LIKE " + arg(ContainsPattern(*q.email_contains)) + " ESCAPE '\\'";
      if (q.name_contains)
        where += " AND name LIKE " + arg(ContainsPattern(*q.name_contains)) + " ESCAPE '\\'";
      if (q.activated) where += *q.activated ? " AND activated = 1" : " AND activated = 0";
      Page<User> page;
      auto count = db_.Prepare("SELECT count(*) FROM users WHERE " + where);
      count->BindAll(args);
      count->Step();
      page.count = count->Int(0);
      std::string order;
      for (const auto& [column, desc] : q.ordering) {
        std::string col = column == "email" ? "email_key"
                          : column == "full_name" ? "name COLLATE NOCASE"
                          : column == "date_joined" ? "created_at"
                          : column == "activated" ? "activated"
                          : column == "deleted" ? "deleted"
                                                : "id";
        order += (order.empty() ? "" : ", ") + col + (desc ? " DESC NULLS FIRST" : " ASC NULLS LAST");
      }
      order += std::string(order.empty() ? "" : ", ") + "id ASC";
      std::string sql = "SELECT " + std::string(kUserColumns) + " FROM users WHERE " + where +
                        " ORDER BY " + order;
      if (q.limit) sql += " LIMIT " + arg(*q.limit) + " OFFSET " + arg(q.offset);
      auto s = db_.Prepare(sql);
      s->BindAll(args);
      while (s->Step()) page.items.push_back(ReadUser(*s));
      return page;
    });
  }

  Result<int64_t> UnassignSeller(OrgId org, UserId seller) override {
    return Guard([&]() -> Result<int64_t> {
      auto s = db_.Prepare("UPDATE clients SET seller_id = NULL WHERE org_id = ?1 AND seller_id = ?2");
      s->Bind(1, org.value).Bind(2, seller.value).Run();
      return db_.Changes();
    });
  }

  Status EndSessions(OrgId org, UserId user, std::optional<SessionId> keep) override {
    return Guard([&]() -> Status {
      auto sessions = db_.Prepare(
          "DELETE FROM web_sessions WHERE org_id = ?1 AND user_id = ?2 AND id IS NOT ?3");
      sessions->Bind(1, org.value).Bind(2, user.value).Bind(3, OptId(keep)).Run();
      sessions.reset();
      auto refresh = db_.Prepare("DELETE FROM refresh_sessions WHERE org_id = ?1 AND user_id = ?2");
      refresh->Bind(1, org.value).Bind(2, user.value).Run();
      return Ok();
    });
  }

  Status RevokeAccess(OrgId org, UserId user) override {
    return Guard([&]() -> Status {
      auto sessions = db_.Prepare("DELETE FROM web_sessions WHERE org_id = ?1 AND user_id = ?2");
      sessions->Bind(1, org.value).Bind(2, user.value).Run();
      sessions.reset();
      auto refresh = db_.Prepare("DELETE FROM refresh_sessions WHERE org_id = ?1 AND user_id = ?2");
      refresh->Bind(1, org.value).Bind(2, user.value).Run();
      refresh.reset();
      auto tokens = db_.Prepare("UPDATE api_tokens SET deleted = 1 WHERE org_id = ?1 AND user_id = ?2");
      tokens->Bind(1, org.value).Bind(2, user.value).Run();
      return Ok();
    });
  }

  Result<DeletionRequest> InsertDeletionRequest(const DeletionRequest& d) override {
    return Guard([&]() -> Result<DeletionRequest> {
      auto s = db_.Prepare(
          "INSERT INTO deletion_requests (org_id, client_id, state, requested_by, "
          "requested_email, requested_at, due_at, stopped_services) "
          "VALUES (?1, ?2, 'pending', ?3, ?4, ?5, ?6, ?7)");
      s->Bind(1, d.org.value)
          .Bind(2, d.client.value)
          .Bind(3, OptId(d.requested_by))
          .Bind(4, d.requested_email)
          .Bind(5, d.requested_at.micros)
          .Bind(6, d.due_at.micros)
          .Bind(7, JoinIds(d.stopped_services))
          .Run();
      DeletionRequest out = d;
      out.id = db_.LastInsertId();
      return out;
    });
  }

  Status UpdateDeletionRequest(const DeletionRequest& d) override {
    return Guard([&]() -> Status {
      auto s = db_.Prepare(
          "UPDATE deletion_requests SET state = ?3, closed_by_email = ?4, closed_at = ?5, "
          "note = ?6 WHERE id = ?1 AND org_id = ?2");
      s->Bind(1, d.id)
          .Bind(2, d.org.value)
          .Bind(3, d.state == DeletionState::kPending     ? "pending"
                   : d.state == DeletionState::kCancelled ? "cancelled"
                                                          : "completed")
          .Bind(4, d.closed_by_email)
          .Bind(5, OptTime(d.closed_at))
          .Bind(6, d.note)
          .Run();
      return db_.Changes() == 1 ? Ok() : Status(NotFound());
    });
  }

  Result<std::vector<DeletionRequest>> ListDeletionRequests(OrgId org, ClientId client) override {
    return Guard([&]() -> Result<std::vector<DeletionRequest>> {
      auto s = db_.Prepare(std::string(kDeletionSelect) +
                           " WHERE org_id = ?1 AND client_id = ?2 ORDER BY id DESC");
      s->Bind(1, org.value).Bind(2, client.value);
      std::vector<DeletionRequest> out;
      while (s->Step()) out.push_back(ReadDeletion(*s));
      return out;
    });
  }

  Result<std::vector<DeletionRequest>> DeletionRequestsDue(Timestamp now, int limit) override {
    return Guard([&]() -> Result<std::vector<DeletionRequest>> {
      auto s = db_.Prepare(std::string(kDeletionSelect) +
                           " WHERE state = 'pending' AND due_at <= ?1 ORDER BY due_at, id LIMIT ?2");
      s->Bind(1, now.micros).Bind(2, int64_t{limit});
      std::vector<DeletionRequest> out;
      while (s->Step()) out.push_back(ReadDeletion(*s));
      return out;
    });
  }

  Result<NotificationSetting> InsertNotificationSetting(const NotificationSetting& n) override {
    return Guard([&]() -> Result<NotificationSetting> {
      auto s = db_.Prepare(
          "INSERT INTO notification_settings (org_id, notification_type, email, enabled) "
          "VALUES (?1, ?2, ?3, ?4)");
      s->Bind(1, n.org.value).Bind(2, n.type).Bind(3, n.email).Bind(4, n.enabled).Run();
      NotificationSetting out = n;
      out.id = db_.LastInsertId();
      return out;
    });
  }

  Status UpdateNotificationSetting(const NotificationSetting& n) override {
    return Guard([&]() -> Status {
      auto s = db_.Prepare(
          "UPDATE notification_settings SET notification_type = ?3, email = ?4, enabled = ?5 "
          "WHERE id = ?1 AND org_id = ?2");
      s->Bind(1, n.id).Bind(2, n.org.value).Bind(3, n.type).Bind(4, n.email).Bind(5, n.enabled).Run();
      return db_.Changes() == 1 ? Ok() : Status(NotFound());
    });
  }

  Status DeleteNotificationSetting(OrgId org, int64_t id) override {
    return Guard([&]() -> Status {
      auto s = db_.Prepare("DELETE FROM notification_settings WHERE id = ?1 AND org_id = ?2");
      s->Bind(1, id).Bind(2, org.value).Run();
      return db_.Changes() == 1 ? Ok() : Status(NotFound());
    });
  }

  Result<NotificationSetting> GetNotificationSetting(OrgId org, int64_t id) override {
    return Guard([&]() -> Result<NotificationSetting> {
      auto s = db_.Prepare(
          "SELECT id, org_id, notification_type, email, enabled FROM notification_settings "
          "WHERE id = ?1 AND org_id = ?2");
      s->Bind(1, id).Bind(2, org.value);
      if (!s->Step()) return NotFound();
      return NotificationSetting{s->Int(0), OrgId{s->Int(1)}, s->Text(2), s->Text(3), s->Int(4) != 0};
    });
  }

  Result<std::vector<NotificationSetting>> ListNotificationSettings(OrgId org) override {
    return Guard([&]() -> Result<std::vector<NotificationSetting>> {
      auto s = db_.Prepare(
          "SELECT id, org_id, notification_type, email, enabled FROM notification_settings "
          "WHERE org_id = ?1 ORDER BY id");
      s->Bind(1, org.value);
      std::vector<NotificationSetting> out;
      while (s->Step())
        out.push_back({s->Int(0), OrgId{s->Int(1)}, s->Text(2), s->Text(3), s->Int(4) != 0});
      return out;
    });
  }

  Result<OneTimeToken> InsertOneTimeToken(const OneTimeToken& t) override {
    return Guard([&]() -> Result<OneTimeToken> {
      auto s = db_.Prepare(
          "INSERT INTO one_time_tokens (org_id, user_id, purpose, token_hash, created_at, "
          "expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
      s->Bind(1, t.org.value)
          .Bind(2, t.user.value)
          .Bind(3, t.purpose == LinkPurpose::kInvitation ? "invitation" : "password_reset")
          .BindBlob(4, t.token_hash)
          .Bind(5, t.created_at.micros)
          .Bind(6, t.expires_at.micros)
          .Run();
      OneTimeToken out = t;
      out.id = db_.LastInsertId();
      return out;
    });
  }

  Result<OneTimeToken> FindOneTimeToken(const std::string& token_hash) override {
    return Guard([&]() -> Result<OneTimeToken> {
      auto s = db_.Prepare(
          "SELECT id, org_id, user_id, purpose, token_hash, created_at, expires_at, used_at "
          "FROM one_time_tokens WHERE token_hash = ?1");
      s->BindBlob(1, token_hash);
      if (!s->Step()) return NotFound();
      OneTimeToken t;
      t.id = s->Int(0);
      t.org = OrgId{s->Int(1)};
      t.user = UserId{s->Int(2)};
      t.purpose = s->Text(3) == "invitation" ? LinkPurpose::kInvitation : LinkPurpose::kPasswordReset;
      t.token_hash = s->Blob(4);
      t.created_at = Timestamp{s->Int(5)};
      t.expires_at = Timestamp{s->Int(6)};
      t.used_at = ReadTime(*s, 7);
      return t;
    });
  }

  Result<bool> UseOneTimeToken(int64_t id, Timestamp now) override {
    return Guard([&]() -> Result<bool> {
      auto s = db_.Prepare("UPDATE one_time_tokens SET used_at = ?2 WHERE id = ?1 AND used_at IS NULL");
      s->Bind(1, id).Bind(2, now.micros).Run();
      return db_.Changes() == 1;
    });
  }

  Status ExpireOneTimeTokens(UserId user, LinkPurpose purpose, Timestamp now) override {
    return Guard([&]() -> Status {
      auto s = db_.Prepare(
          "UPDATE one_time_tokens SET expires_at = ?3 WHERE user_id = ?1 AND purpose = ?2 "
          "AND used_at IS NULL AND expires_at > ?3");
      s->Bind(1, user.value)
          .Bind(2, purpose == LinkPurpose::kInvitation ? "invitation" : "password_reset")
          .Bind(3, now.micros)
          .Run();
      return Ok();
    });
  }

  Result<RefreshSession> InsertRefreshSession(const RefreshSession& d) override {
    return Guard([&]() -> Result<RefreshSession> {
      auto s = db_.Prepare(
          "INSERT INTO refresh_sessions (org_id, user_id, acting_user_id, token_hash, expires_at) "
          "VALUES (?1, ?2, ?3, ?4, ?5)");
      s->Bind(1, d.org.value)
          .Bind(2, d.user.value)
          .Bind(3, OptId(d.acting_user))
          .BindBlob(4, d.token_hash)
          .Bind(5, d.expires_at.micros)
          .Run();
      RefreshSession out = d;
      out.id = SessionId{db_.LastInsertId()};
      return out;
    });
  }

  Result<RefreshSession> FindRefreshSession(const std::string& token_hash) override {
    return Guard([&]() -> Result<RefreshSession> {
      auto s = db_.Prepare(
          "SELECT id, org_id, user_id, acting_user_id, token_hash, expires_at, used_at "
          "FROM refresh_sessions WHERE token_hash = ?1");
      s->BindBlob(1, token_hash);
      if (!s->Step()) return NotFound();
      RefreshSession r;
      r.id = SessionId{s->Int(0)};
      r.org = OrgId{s->Int(1)};
      r.user = UserId{s->Int(2)};
      if (auto v = s->OptInt(3)) r.acting_user = UserId{*v};
      r.token_hash = s->Blob(4);
      r.expires_at = Timestamp{s->Int(5)};
      r.used_at = ReadTime(*s, 6);
      return r;
    });
  }

  Result<bool> UseRefreshSession(SessionId id, Timestamp now) override {
    return Guard([&]() -> Result<bool> {
      auto s = db_.Prepare(
          "UPDATE refresh_sessions SET used_at = ?2 WHERE id = ?1 AND used_at IS NULL");
      s->Bind(1, id.value).Bind(2, now.micros).Run();
      return db_.Changes() == 1;
    });
  }

  Result<int64_t> DeleteExpiredRefreshSessions(Timestamp now) override {
    return Guard([&]() -> Result<int64_t> {
      auto s = db_.Prepare("DELETE FROM refresh_sessions WHERE expires_at < ?1");
      s->Bind(1, now.micros).Run();
      return db_.Changes();
    });
  }

  Result<WebSession> InsertWebSession(const WebSession& d) override {
    return Guard([&]() -> Result<WebSession> {
      auto s = db_.Prepare(
          "INSERT INTO web_sessions (org_id, user_id, acting_user_id, portal, token_hash, "
          "csrf_hash, created_at, expires_at, last_seen_at) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?7)");
      s->Bind(1, d.org.value)
          .Bind(2, d.user.value)
          .Bind(3, OptId(d.acting_user))
          .Bind(4, d.portal == Portal::kAdmin ? "admin" : "customer")
          .BindBlob(5, d.token_hash)
          .BindBlob(6, d.csrf_hash)
          .Bind(7, d.created_at.micros)
          .Bind(8, d.expires_at.micros)
          .Run();
      WebSession out = d;
      out.id = SessionId{db_.LastInsertId()};
      out.last_seen_at = d.created_at;
      return out;
    });
  }

  Result<WebSession> FindWebSession(const std::string& token_hash) override {
    return Guard([&]() -> Result<WebSession> {
      auto s = db_.Prepare(
          "SELECT id, org_id, user_id, acting_user_id, portal, token_hash, csrf_hash, created_at, "
          "expires_at, last_seen_at FROM web_sessions WHERE token_hash = ?1");
      s->BindBlob(1, token_hash);
      if (!s->Step()) return NotFound();
      WebSession w;
      w.id = SessionId{s->Int(0)};
      w.org = OrgId{s->Int(1)};
      w.user = UserId{s->Int(2)};
      if (auto v = s->OptInt(3)) w.acting_user = UserId{*v};
      w.portal = s->Text(4) == "admin" ? Portal::kAdmin : Portal::kCustomer;
      w.token_hash = s->Blob(5);
      w.csrf_hash = s->Blob(6);
      w.created_at = Timestamp{s->Int(7)};
      w.expires_at = Timestamp{s->Int(8)};
      w.last_seen_at = Timestamp{s->Int(9)};
      return w;
    });
  }

  Status ExtendWebSession(SessionId id, Timestamp last_seen, Timestamp expires_at) override {
    return Guard([&]() -> Status {
      auto s = db_.Prepare("UPDATE web_sessions SET last_seen_at = ?2, expires_at = ?3 WHERE id = ?1");
      s->Bind(1, id.value).Bind(2, last_seen.micros).Bind(3, expires_at.micros).Run();
      return Ok();
    });
  }

  Status DeleteWebSession(SessionId id) override {
    return Guard([&]() -> Status {
      auto s = db_.Prepare("DELETE FROM web_sessions WHERE id = ?1");
      s->Bind(1, id.value).Run();
      return Ok();
    });
  }

  Result<int64_t> DeleteExpiredWebSessions(Timestamp now) override {
    return Guard([&]() -> Result<int64_t> {
      auto s = db_.Prepare("DELETE FROM web_sessions WHERE expires_at < ?1");
      s->Bind(1, now.micros).Run();
      return db_.Changes();
    });
  }

  Result<ApiToken> InsertApiToken(const ApiToken& t) override {
    return Guard([&]() -> Result<ApiToken> {
      auto s = db_.Prepare(
          "INSERT INTO api_tokens (org_id, client_id, user_id, name, description, role, "
          "secret_hash, expires_at, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
      s->Bind(1, t.org.value)
          .Bind(2, t.client.value)
          .Bind(3, t.user.value)
          .Bind(4, t.name)
          .Bind(5, Opt(t.description))
          .Bind(6, static_cast<int64_t>(t.role))
          .BindBlob(7, t.secret_hash)
          .Bind(8, OptTime(t.expires_at))
          .Bind(9, t.created_at.micros)
          .Run();
      return FindApiToken(TokenId{db_.LastInsertId()});
    });
  }

  Result<ApiToken> FindApiToken(TokenId id) override {
    return Guard([&]() -> Result<ApiToken> {
      auto s = db_.Prepare("SELECT " + std::string(kTokenColumns) +
                           " FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.id = ?1");
      s->Bind(1, id.value);
      if (!s->Step()) return NotFound();
      return ReadToken(*s);
    });
  }

  Result<ApiToken> GetApiToken(OrgId org, ClientId client, TokenId id) override {
    return Guard([&]() -> Result<ApiToken> {
      auto s = db_.Prepare("SELECT " + std::string(kTokenColumns) +
                           " FROM api_tokens t JOIN users u ON u.id = t.user_id "
                           "WHERE t.id = ?1 AND t.org_id = ?2 AND t.client_id = ?3");
      s->Bind(1, id.value).Bind(2, org.value).Bind(3, client.value);
      if (!s->Step()) return NotFound();
      return ReadToken(*s);
    });
  }

  Result<std::vector<ApiToken>> ListApiTokens(OrgId org, ClientId client,
                                              bool include_deleted) override {
    return Guard([&]() -> Result<std::vector<ApiToken>> {
      auto s = db_.Prepare("SELECT " + std::string(kTokenColumns) +
                           " FROM api_tokens t JOIN users u ON u.id = t.user_id "
                           "WHERE t.org_id = ?1 AND t.client_id = ?2 AND (?3 OR t.deleted = 0) "
                           "ORDER BY t.id");
      s->Bind(1, org.value).Bind(2, client.value).Bind(3, include_deleted);
      std::vector<ApiToken> out;
      while (s->Step()) out.push_back(ReadToken(*s));
      return out;
    });
  }

  Status DeleteApiToken(OrgId org, ClientId client, TokenId id) override {
    return Guard([&]() -> Status {
      auto s = db_.Prepare(
          "UPDATE api_tokens SET deleted = 1 WHERE id = ?1 AND org_id = ?2 AND client_id = ?3 "
          "AND deleted = 0");
      s->Bind(1, id.value).Bind(2, org.value).Bind(3, client.value).Run();
      return db_.Changes() == 1 ? Ok() : Status(NotFound());
    });
  }

  Status TouchApiToken(TokenId id, Timestamp now) override {
    return Guard([&]() -> Status {
      auto s = db_.Prepare("UPDATE api_tokens SET last_used_at = ?2 WHERE id = ?1");
      s->Bind(1, id.value).Bind(2, now.micros).Run();
      return Ok();
    });
  }

  Result<FilterPreset> InsertPreset(const FilterPreset& d) override {
    return Guard([&]() -> Result<FilterPreset> {
      auto s = db_.Prepare(
          "INSERT INTO filter_presets (org_id, user_id, name, filters_json, created_at) "
          "VALUES (?1, ?2, ?3, ?4, ?5)");
      s->Bind(1, d.org.value).Bind(2, d.user.value).Bind(3, d.name).Bind(4, d.filters_json)
          .Bind(5, d.created_at.micros).Run();
      FilterPreset out = d;
      out.id = db_.LastInsertId();
      return out;
    });
  }

  Result<std::vector<FilterPreset>> ListPresets(OrgId org, UserId user) override {
    return Guard([&]() -> Result<std::vector<FilterPreset>> {
      auto s = db_.Prepare(
          "SELECT id, org_id, user_id, name, filters_json, created_at FROM filter_presets "
          "WHERE org_id = ?1 AND user_id = ?2 ORDER BY name COLLATE NOCASE, id");
      s->Bind(1, org.value).Bind(2, user.value);
      std::vector<FilterPreset> out;
      while (s->Step())
        out.push_back({s->Int(0), OrgId{s->Int(1)}, UserId{s->Int(2)}, s->Text(3), s->Text(4),
                       Timestamp{s->Int(5)}});
      return out;
    });
  }

  Status DeletePreset(OrgId org, UserId user, int64_t id) override {
    return Guard([&]() -> Status {
      auto s = db_.Prepare("DELETE FROM filter_presets WHERE id = ?1 AND org_id = ?2 AND user_id = ?3");
      s->Bind(1, id).Bind(2, org.value).Bind(3, user.value).Run();
      return db_.Changes() == 1 ? Ok() : Status(NotFound());
    });
  }

  Result<std::optional<Throttle>> GetThrottle(const std::string& key) override {
    return Guard([&]() -> Result<std::optional<Throttle>> {
      auto s = db_.Prepare(
          "SELECT key, count, window_start, blocked_until, updated_at FROM throttles "
          "WHERE key = ?1");
      s->Bind(1, key);
      if (!s->Step()) return std::optional<Throttle>();
      Throttle t;
      t.key = s->Text(0);
      t.count = s->Int(1);
      t.window_start = Timestamp{s->Int(2)};
      t.blocked_until = ReadTime(*s, 3);
      t.updated_at = Timestamp{s->Int(4)};
      return std::optional<Throttle>(std::move(t));
    });
  }

  Status PutThrottle(const Throttle& t) override {
    return Guard([&]() -> Status {
      auto s = db_.Prepare(
          "INSERT INTO throttles (key, count, window_start, blocked_until, updated_at) "
          "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (key) DO UPDATE SET count = excluded.count, "
          "window_start = excluded.window_start, blocked_until = excluded.blocked_until, "
          "updated_at = excluded.updated_at");
      s->Bind(1, t.key)
          .Bind(2, t.count)
          .Bind(3, t.window_start.micros)
          .Bind(4, OptTime(t.blocked_until))
          .Bind(5, t.updated_at.micros)
          .Run();
      return Ok();
    });
  }

  Status DeleteThrottle(const std::string& key) override {
    return Guard([&]() -> Status {
      auto s = db_.Prepare("DELETE FROM throttles WHERE key = ?1");
      s->Bind(1, key).Run();
      return Ok();
    });
  }

  Result<int64_t> DeleteThrottlesBefore(Timestamp before) override {
    return Guard([&]() -> Result<int64_t> {
      auto s = db_.Prepare("DELETE FROM throttles WHERE updated_at < ?1");
      s->Bind(1, before.micros).Run();
      return db_.Changes();
    });
  }

  Result<int64_t> InsertActivity(const ActivityEntry& a) override {
    return Guard([&]() -> Result<int64_t> {
      auto s = db_.Prepare(
          "INSERT INTO activity_requests (org_id, user_id, user_email, client_id, token_id, "
          "acting_user_id, acting_user_email, requested_at, method, path, query, body, "
          "status_code, remote_ip, host) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)");
      s->Bind(1, a.org.value)
          .Bind(2, OptId(a.user))
          .Bind(3, a.user_email)
          .Bind(4, OptId(a.client))
          .Bind(5, OptId(a.token))
          .Bind(6, OptId(a.acting_user))
          .Bind(7, a.acting_user_email)
          .Bind(8, a.requested_at.micros)
          .Bind(9, a.method)
          .Bind(10, a.path)
          .Bind(11, a.query)
          .Bind(12, a.body)
          .Bind(13, a.status_code)
          .Bind(14, a.remote_ip)
          .Bind(15, a.host)
          .Run();
      return db_.LastInsertId();
    });
  }

  Result<Page<ActivityEntry>> ListActivity(OrgId org, const ActivityQuery& q) override {
    return Guard([&]() -> Result<Page<ActivityEntry>> {
      std::vector<Value> args{org.value};
      std::string where = "org_id = ?1";
      auto add = [&](const std::string& cond, Value v) {
        args.push_back(std::move(v));
        where += " AND " + cond + " ?" + std::to_string(args.size());
      };
      if (q.client) add("client_id =", q.client->value);
      if (q.user) add("user_id =", q.user->value);
      if (q.method) add("method =", *q.method);
      if (q.status_code) add("status_code =", int64_t{*q.status_code});
      if (q.from) add("requested_at >=", q.from->micros);
      if (q.to) add("requested_at <=", q.to->micros);
      if (q.path_contains) {
        add("path LIKE", ContainsPattern(*q.path_contains));
        where += " ESCAPE '\\'";
      }
      Page<ActivityEntry> page;
      auto count = db_.Prepare("SELECT count(*) FROM activity_requests WHERE " + where);
      count->BindAll(args);
      count->Step();
      page.count = count->Int(0);
      args.emplace_back(q.limit);
      args.emplace_back(q.offset);
      auto s = db_.Prepare("SELECT " + std::string(kActivityColumns) +
                           " FROM activity_requests WHERE " + where + " ORDER BY id DESC LIMIT ?" +
                           std::to_string(args.size() - 1) + " OFFSET ?" +
                           std::to_string(args.size()));
      s->BindAll(args);
      while (s->Step()) page.items.push_back(ReadActivity(*s));
      return page;
    });
  }

  Result<ActivityEntry> GetActivity(OrgId org, int64_t id) override {
    return Guard([&]() -> Result<ActivityEntry> {
      auto s = db_.Prepare("SELECT " + std::string(kActivityColumns) +
                           " FROM activity_requests WHERE id = ?1 AND org_id = ?2");
      s->Bind(1, id).Bind(2, org.value);
      if (!s->Step()) return NotFound();
      return ReadActivity(*s);
    });
  }

 private:
  static constexpr std::string_view kDeletionSelect =
      "SELECT id, org_id, client_id, state, requested_by, requested_email, requested_at, due_at, "
      "stopped_services, closed_by_email, closed_at, note FROM deletion_requests";

  static std::string JoinIds(const std::vector<ServiceId>& ids) {
    std::string out;
    for (const auto& id : ids) out += (out.empty() ? "" : ",") + std::to_string(id.value);
    return out;
  }

  static DeletionRequest ReadDeletion(const Statement& s) {
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
    d.closed_at = ReadTime(s, 10);
    d.note = s.Text(11);
    return d;
  }

  static constexpr std::string_view kOutboxSelect =
      "SELECT id, org_id, kind, dedupe_key, to_address, to_name, subject, text_body, html_body, "
      "state, attempts, next_attempt_at, last_error, created_at, sent_at, data FROM outbox";

  static constexpr std::string_view kMailTestSelect =
      "SELECT id, org_id, to_address, state, failure, reply_code, created_at, finished_at "
      "FROM mail_tests";

  static MailTest ReadMailTest(const Statement& s) {
    MailTest t;
    t.id = s.Int(0);
    t.org = OrgId{s.Int(1)};
    t.to_address = s.Text(2);
    t.state = ParseMailTestState(s.Text(3));
    t.failure = s.Text(4);
    t.reply_code = static_cast<int>(s.Int(5));
    t.created_at = Timestamp{s.Int(6)};
    t.finished_at = ReadTime(s, 7);
    return t;
  }

  static OutboxEmail ReadOutbox(const Statement& s) {
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
    e.state = state == "sent" ? EmailState::kSent : state == "failed" ? EmailState::kFailed
                                                                        : EmailState::kPending;
    e.attempts = static_cast<int>(s.Int(10));
    e.next_attempt_at = Timestamp{s.Int(11)};
    e.last_error = s.Text(12);
    e.created_at = Timestamp{s.Int(13)};
    e.sent_at = ReadTime(s, 14);
    e.data = s.Text(15);
    return e;
  }

  Result<std::vector<Service>> Due(const std::string& condition, Timestamp t, int limit) {
    return Guard([&]() -> Result<std::vector<Service>> {
      auto s = db_.Prepare("SELECT " + std::string(kServiceColumns) +
                           " FROM services s WHERE " + condition + " LIMIT ?2");
      s->Bind(1, t.micros).Bind(2, int64_t{limit});
      std::vector<Service> out;
      while (s->Step()) out.push_back(ReadService(*s));
      return out;
    });
  }

  static Organisation ReadOrganisation(const Statement& s) {
    Organisation o;
    o.id = OrgId{s.Int(0)};
    o.name = s.Text(1);
    if (auto v = s.OptInt(2)) o.reseller_client = ClientId{*v};
    o.trial_days = static_cast<int>(s.Int(3));
    o.days_to_deleted = static_cast<int>(s.Int(4));
    o.created_at = Timestamp{s.Int(5)};
    return o;
  }

  Connection& db_;
  const OutboxHooks& hooks_;
  bool queued_email_ = false;
};

}  // namespace

// Borrows a connection from the pool for one unit of work.
class SqliteDatabase::Lease {
 public:
  explicit Lease(SqliteDatabase& db) : db_(db) {
    std::unique_lock lock(db_.mu_);
    db_.cv_.wait(lock, [&] { return !db_.idle_.empty(); });
    conn_ = std::move(db_.idle_.back());
    db_.idle_.pop_back();
  }
  ~Lease() {
    std::lock_guard lock(db_.mu_);
    db_.idle_.push_back(std::move(conn_));
    db_.cv_.notify_one();
  }
  Connection& operator*() { return *conn_; }

 private:
  SqliteDatabase& db_;
  std::unique_ptr<Connection> conn_;
};

Result<std::unique_ptr<SqliteDatabase>> SqliteDatabase::Open(const std::string& path,
                                                             int pool_size) {
  std::unique_ptr<SqliteDatabase> db(new SqliteDatabase());
  if (path == ":memory:") pool_size = 1;
  if (path != ":memory:" && !path.starts_with("file:")) {
    // SQLite would create the file 0644 (less the umask); it holds password hashes and the
    // activity log, so it is made owner-only before SQLite opens it, and SQLite gives the
    // -wal and -shm files the database file's mode.
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0) {
      ::close(fd);
    } else if (struct stat st; ::stat(path.c_str(), &st) == 0 && (st.st_mode & 077) != 0) {
      spdlog::warn("the database file {} can be read by other users (mode {:o}); consider "
                   "chmod 600 on it and its -wal and -shm files",
                   path, st.st_mode & 0777);
    }
  }
  try {
    for (int i = 0; i < pool_size; ++i) db->idle_.push_back(std::make_unique<Connection>(path));
  } catch (const SqliteError& e) {
    return MakeError(ErrorCode::kUnavailable, e.what());
  }
  return db;
}

SqliteDatabase::~SqliteDatabase() = default;

Status SqliteDatabase::Read(const std::function<Status(Tx&)>& work) { return Run(false, work); }
Status SqliteDatabase::Write(const std::function<Status(Tx&)>& work) { return Run(true, work); }

Status SqliteDatabase::Run(bool write, const std::function<Status(Tx&)>& work) {
  bool queued_email = false;
  Status result = Internal("unit of work did not finish");
  {
    Lease lease(*this);
    Connection& conn = *lease;
    try {
      conn.Exec(write ? "BEGIN IMMEDIATE" : "BEGIN");
    } catch (const SqliteError& e) {
      return MapError(e);
    }
    SqliteTx tx(conn, outbox_hooks_);
    try {
      result = work(tx);
    } catch (const SqliteError& e) {
      result = MapError(e);
    } catch (...) {
      conn.Exec("ROLLBACK");
      throw;
    }
    try {
      conn.Exec(result.ok() ? "COMMIT" : "ROLLBACK");
    } catch (const SqliteError& e) {
      try {
        conn.Exec("ROLLBACK");
      } catch (const SqliteError&) {
      }
      return MapError(e);
    }
    queued_email = result.ok() && tx.queued_email();
  }
  // After the connection is back in the pool: the hook may wake a thread that writes at once.
  if (queued_email && outbox_hooks_.email_committed) outbox_hooks_.email_committed();
  return result;
}

void SqliteDatabase::SetOutboxHooks(OutboxHooks hooks) { outbox_hooks_ = std::move(hooks); }

Result<int> SqliteDatabase::Migrate() {
  Lease lease(*this);
  Connection& conn = *lease;
  try {
    conn.Exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, "
        "applied_at INTEGER NOT NULL)");
    int applied = 0;
    for (const auto& [name, sql] : kMigrations) {
      conn.Exec("BEGIN IMMEDIATE");
      try {
        auto check = conn.Prepare("SELECT 1 FROM schema_migrations WHERE version = ?1");
        check->Bind(1, name);
        if (check->Step()) {
          check.reset();
          conn.Exec("COMMIT");
          continue;
        }
        check.reset();
        conn.Exec(std::string(sql));
        auto mark = conn.Prepare(
            "INSERT INTO schema_migrations (version, applied_at) "
            "VALUES (?1, CAST((julianday('now') - 2440587.5) * 86400000000 AS INTEGER))");
        mark->Bind(1, name).Run();
        mark.reset();
        conn.Exec("COMMIT");
        spdlog::info("applied migration {}", name);
        ++applied;
      } catch (const SqliteError&) {
        conn.Exec("ROLLBACK");
        throw;
      }
    }
    return applied;
  } catch (const SqliteError& e) {
    return MapError(e);
  }
}

}  // namespace clientele::storage::sqlite
