#include <algorithm>
#include <iterator>
#include <string>

#include "storage/sql/rows.h"
#include "storage/sql/tx.h"

// AccountStore: accounts and their status history (the account list is in client_list.cc).
//
// E-mails are unique and looked up by their lower-case key (Dialect::LowerKey).
namespace clientele::storage::sql {

Result<Client> SqlTx::InsertClient(const Client& c) {
  return Guard([&]() -> Result<Client> {
    int64_t id = s_.Int(
        "INSERT INTO clients (org_id, email, email_key, name, company_name, phone, "
        "website, custom_id, seller_id, lang, country_code, is_test, is_reseller_account, "
        "status, deleted, owner_user_id, created_at, updated_at) "
        "VALUES ($1, $2, " +
            s_.dialect().LowerKey("$2") +
            ", $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, "
            "$13, false, $14, $15, $15) RETURNING id",
        {Arg(c.org), Arg(c.email), Arg(c.name), Arg(c.company_name), Arg(c.phone), Arg(c.website),
         Arg(c.custom_id), Arg(c.seller), Arg(c.lang), Arg(c.country_code), Arg(c.is_test),
         Arg(c.is_reseller_account), Arg(ToString(c.status)), Arg(c.owner), Arg(c.created_at)});
    Changed(c.org, ClientId{id});
    return GetClient(c.org, ClientId{id});
  });
}

Result<std::vector<ClientId>> SqlTx::InsertClients(OrgId org, std::span<const Client> drafts) {
  return Guard([&]() -> Result<std::vector<ClientId>> {
    std::vector<ClientId> ids;
    if (drafts.empty()) return ids;
    ids = s_.All(s_.dialect().NewIds("clients"), {Arg(static_cast<int64_t>(drafts.size()))},
                 [](const Row& r) { return ClientId{r.Int(0)}; });
    static constexpr std::string_view kColumns[] = {
        "id",         "org_id",      "email",        "email_key",  "name",
        "company_name", "phone",     "website",      "custom_id",  "seller_id",
        "lang",       "country_code", "is_test",     "is_reseller_account", "status",
        "deleted",    "deleted_at",  "owner_user_id", "created_at", "updated_at"};
    InsertInSlices(s_, "clients", kColumns, drafts.size(), [&](std::vector<Param>& values, size_t i) {
      const Client& c = drafts[i];
      AppendRow(values, Arg(ids[i]), Arg(org), Arg(c.email), Arg(EmailKeyOf(c.email)), Arg(c.name),
                       Arg(c.company_name), Arg(c.phone), Arg(c.website), Arg(c.custom_id),
                       Arg(c.seller), Arg(c.lang), Arg(c.country_code), Arg(c.is_test),
                       Arg(c.is_reseller_account), Arg(ToString(c.status)), Arg(c.deleted),
                       Arg(c.deleted_at), Arg(c.owner), Arg(c.created_at), Arg(c.updated_at));
    });
    for (ClientId id : ids) Changed(org, id);
    return ids;
  });
}

Result<std::vector<std::string>> SqlTx::ClientEmailsInUse(OrgId org,
                                                          std::span<const std::string> emails) {
  // Live and deleted accounts apart: each has an index of its own (migration 0015).
  const Dialect& d = s_.dialect();
  TRY(auto found, EmailsInUse("clients", " AND " + d.Is("deleted", false), org, emails));
  TRY(auto deleted, EmailsInUse("clients", " AND " + d.Is("deleted", true), org, emails));
  found.insert(found.end(), std::make_move_iterator(deleted.begin()),
               std::make_move_iterator(deleted.end()));
  std::sort(found.begin(), found.end());  // each once: a live account may reuse a deleted one's
  found.erase(std::unique(found.begin(), found.end()), found.end());
  return found;
}

Result<std::vector<std::string>> SqlTx::EmailsInUse(std::string_view table,
                                                    std::string_view condition, OrgId org,
                                                    std::span<const std::string> emails) {
  return Guard([&]() -> Result<std::vector<std::string>> {
    std::vector<std::string> found;
    // Always this many keys per query (the last chunk repeats its last key), so that one
    // statement text serves any number: SQLite binds a parameter per value (InList), and a
    // new text would be prepared anew.
    constexpr size_t kPerQuery = 1024;
    for (size_t at = 0; at < emails.size(); at += kPerQuery) {
      std::vector<std::string> keys;
      keys.reserve(kPerQuery);
      for (size_t i = at; i < std::min(emails.size(), at + kPerQuery); ++i)
        keys.push_back(EmailKeyOf(emails[i]));
      while (keys.size() < kPerQuery) keys.push_back(keys.back());
      Args arg;
      std::string sql = "SELECT DISTINCT email_key FROM " + std::string(table) +
                        " WHERE org_id = " + arg(Arg(org)) + std::string(condition) + " AND " +
                        s_.dialect().InKeys("email_key", TextList(std::move(keys)), arg);
      for (auto& key : s_.All(sql, arg.params(), [](const Row& r) { return r.Text(0); }))
        found.push_back(std::move(key));
    }
    return found;
  });
}

Result<Client> SqlTx::GetClient(OrgId org, ClientId id) {
  return Guard([&]() -> Result<Client> {
    auto c = s_.First("SELECT " + std::string(kClientColumns) +
                          " FROM clients c WHERE c.id = $1 AND c.org_id = $2",
                      {Arg(id), Arg(org)}, ReadClient);
    if (!c) return NotFound();
    return *c;
  });
}

Status SqlTx::UpdateClient(const Client& c) {
  return Guard([&]() -> Status {
    auto n =
        s_.Exec("UPDATE clients SET email = $3, email_key = " + s_.dialect().LowerKey("$3") +
                    ", name = $4, "
                    "company_name = $5, phone = $6, website = $7, custom_id = $8, seller_id = $9, "
                    "lang = $10, country_code = $11, is_test = $12, status = $13, deleted = $14, "
                    "deleted_at = $15, updated_at = $16, owner_user_id = $17 "
                    "WHERE id = $1 AND org_id = $2",
                {Arg(c.id), Arg(c.org), Arg(c.email), Arg(c.name), Arg(c.company_name),
                 Arg(c.phone), Arg(c.website), Arg(c.custom_id), Arg(c.seller), Arg(c.lang),
                 Arg(c.country_code), Arg(c.is_test), Arg(ToString(c.status)), Arg(c.deleted),
                 Arg(c.deleted_at), Arg(c.updated_at), Arg(c.owner)});
    if (n == 1) Changed(c.org, c.id);
    return n == 1 ? Ok() : Status(NotFound());
  });
}

Result<bool> SqlTx::ClientEmailTaken(OrgId org, const std::string& email,
                                     std::optional<ClientId> except) {
  return Guard([&]() -> Result<bool> {
    return s_.Any(
        "SELECT 1 FROM clients WHERE org_id = $1 AND email_key = " + s_.dialect().LowerKey("$2") +
            " AND " + s_.dialect().Is("deleted", false) + " AND id <> $3 LIMIT 1",
        {Arg(org), Arg(email), Arg(except ? except->value : int64_t{0})});
  });
}

Status SqlTx::SetClientStatus(OrgId org, ClientId client, AccountStatus status, Timestamp now) {
  return Guard([&]() -> Status {
    auto n =
        s_.Exec("UPDATE clients SET status = $3, updated_at = $4 WHERE id = $1 AND org_id = $2",
                {Arg(client), Arg(org), Arg(ToString(status)), Arg(now)});
    if (n == 1) Changed(org, client);
    return n == 1 ? Ok() : Status(NotFound());
  });
}

Status SqlTx::SetClientDaysToDeleted(OrgId org, ClientId client, std::optional<int> days) {
  return Guard([&]() -> Status {
    auto n = s_.Exec("UPDATE clients SET days_to_deleted = $3 WHERE id = $1 AND org_id = $2",
                     {Arg(client), Arg(org), Arg(days)});
    return n == 1 ? Ok() : Status(NotFound());
  });
}

Status SqlTx::SetClientTrialDays(OrgId org, ClientId client, std::optional<int> days) {
  return Guard([&]() -> Status {
    auto n = s_.Exec("UPDATE clients SET trial_days = $3 WHERE id = $1 AND org_id = $2",
                     {Arg(client), Arg(org), Arg(days)});
    return n == 1 ? Ok() : Status(NotFound());
  });
}

Status SqlTx::InsertStatusChange(OrgId org, const AccountStatusChange& c) {
  return Guard([&]() -> Status {
    s_.Exec(
        "INSERT INTO account_status_changes (org_id, client_id, old_status, new_status, "
        "changed_at) VALUES ($1, $2, $3, $4, $5)",
        {Arg(org), Arg(c.client),
         c.old_status ? Arg(ToString(*c.old_status)) : Null(Param::Type::kText),
         Arg(ToString(c.new_status)), Arg(c.changed_at)});
    return Ok();
  });
}

namespace {

constexpr RowSetColumn kStatusChangeColumns[] = {
    {"client_id", Param::Type::kInt},
    {"old_status", Param::Type::kText},
    {"new_status", Param::Type::kText},
    {"changed_at", Param::Type::kInt},
};

Param StatusChangeRows(std::span<const AccountStatusChange> changes) {
  RowSet rows;
  for (const auto& c : changes) {
    rows.Row().Add(c.client.value);
    if (c.old_status)
      rows.Add(ToString(*c.old_status));
    else
      rows.AddNull();
    rows.Add(ToString(c.new_status)).Add(c.changed_at);
  }
  return rows.Take();
}

}  // namespace

Status SqlTx::SetClientStatuses(OrgId org, std::span<const AccountStatusChange> changes) {
  return Guard([&]() -> Status {
    if (changes.empty()) return Ok();
    auto n = s_.Exec("UPDATE clients SET status = v.new_status, updated_at = v.changed_at FROM " +
                         s_.dialect().FromRowSet("$2", kStatusChangeColumns) +
                         " v WHERE clients.id = v.client_id AND clients.org_id = $1",
                     {Arg(org), StatusChangeRows(changes)});
    for (const auto& c : changes) Changed(org, c.client);
    return n == static_cast<int64_t>(changes.size()) ? Ok() : Status(NotFound());
  });
}

Status SqlTx::InsertStatusChanges(OrgId org, std::span<const AccountStatusChange> changes) {
  return Guard([&]() -> Status {
    static constexpr std::string_view kColumns[] = {"org_id", "client_id", "old_status",
                                                    "new_status", "changed_at"};
    InsertInSlices(s_, "account_status_changes", kColumns, changes.size(),
                   [&](std::vector<Param>& values, size_t i) {
                     const AccountStatusChange& c = changes[i];
                     AppendRow(values, Arg(org), Arg(c.client),
                               c.old_status ? Arg(ToString(*c.old_status)) : Null(Param::Type::kText),
                               Arg(ToString(c.new_status)), Arg(c.changed_at));
                   });
    return Ok();
  });
}

Result<Page<AccountStatusChange>> SqlTx::ListStatusChanges(OrgId org, const StatusChangeQuery& q) {
  return Guard([&]() -> Result<Page<AccountStatusChange>> {
    Args arg;
    std::string where = "org_id = " + arg(Arg(org));
    if (q.client) where += " AND client_id = " + arg(Arg(*q.client));
    if (q.from) where += " AND changed_at >= " + arg(Arg(*q.from));
    if (q.to) where += " AND changed_at <= " + arg(Arg(*q.to));
    if (q.new_status) where += " AND new_status = " + arg(Arg(ToString(*q.new_status)));
    if (q.old_status) where += " AND old_status = " + arg(Arg(ToString(*q.old_status)));
    Page<AccountStatusChange> page;
    if (q.with_count)
      page.count =
          s_.Int("SELECT count(*) FROM account_status_changes WHERE " + where, arg.params());
    std::string sql =
        "SELECT id, client_id, old_status, new_status, changed_at FROM account_status_changes "
        "WHERE " +
        where + " ORDER BY id DESC LIMIT " + arg(Arg(q.limit));
    sql += " OFFSET " + arg(Arg(q.offset));
    page.items = s_.All(sql, arg.params(), [](const Row& s) {
      AccountStatusChange c;
      c.id = s.Int(0);
      c.client = ClientId{s.Int(1)};
      if (auto old = s.OptText(2)) c.old_status = ParseAccountStatus(*old);
      c.new_status = ParseAccountStatus(s.Text(3)).value_or(AccountStatus::kPreparation);
      c.changed_at = s.Time(4);
      return c;
    });
    return page;
  });
}

}  // namespace clientele::storage::sql
