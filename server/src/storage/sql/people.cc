#include <iterator>
#include <string>

#include "storage/sql/rows.h"
#include "storage/sql/tx.h"

// PeopleStore: users of accounts and sellers. E-mails are matched by their lower-case key
// (Dialect::LowerKey).
namespace clientele::storage::sql {
namespace {

Param GroupArg(const std::optional<Group>& g) {
  return g ? Arg(static_cast<int64_t>(*g)) : Null(Param::Type::kInt);
}

}  // namespace

Result<User> SqlTx::InsertUser(const User& u) {
  return Guard([&]() -> Result<User> {
    int64_t id = s_.Int(
        "INSERT INTO users (org_id, client_id, email, email_key, name, phone, lang, user_type, "
        "group_id, password_hash, activated, blocked, deleted, created_at, invited_at) "
        "VALUES ($1, $2, $3, " +
            s_.dialect().LowerKey("$3") +
            ", $4, $5, $6, $7, $8, $9, $10, $11, false, "
            "$12, $13) RETURNING id",
        {Arg(u.org), Arg(u.client), Arg(u.email), Arg(u.name), Arg(u.phone), Arg(u.lang),
         Arg(ToString(u.type)), GroupArg(u.group), Arg(u.password_hash), Arg(u.activated),
         Arg(u.blocked), Arg(u.created_at), Arg(u.invited_at)});
    return GetUser(u.org, UserId{id});
  });
}

Result<User> SqlTx::GetUser(OrgId org, UserId id) {
  return Guard([&]() -> Result<User> {
    auto u = s_.First(
        "SELECT " + std::string(kUserColumns) + " FROM users WHERE id = $1 AND org_id = $2",
        {Arg(id), Arg(org)}, ReadUser);
    if (!u) return NotFound();
    return *u;
  });
}

Status SqlTx::UpdateUser(const User& u) {
  return Guard([&]() -> Status {
    auto n = s_.Exec(
        "UPDATE users SET client_id = $3, email = $4, email_key = " + s_.dialect().LowerKey("$4") +
            ", "
            "name = $5, phone = $6, lang = $7, group_id = $8, password_hash = $9, activated = $10, "
            "blocked = $11, deleted = $12, failed_logins = $13, locked_until = $14, "
            "invited_at = $15, last_login_at = $16, sessions_valid_after = $17 "
            "WHERE id = $1 AND org_id = $2",
        {Arg(u.id), Arg(u.org), Arg(u.client), Arg(u.email), Arg(u.name), Arg(u.phone), Arg(u.lang),
         GroupArg(u.group), Arg(u.password_hash), Arg(u.activated), Arg(u.blocked), Arg(u.deleted),
         Arg(u.failed_logins), Arg(u.locked_until), Arg(u.invited_at), Arg(u.last_login_at),
         Arg(u.sessions_valid_after)});
    return n == 1 ? Ok() : Status(NotFound());
  });
}

Result<bool> SqlTx::UserEmailTaken(OrgId org, const std::string& email) {
  return Guard([&]() -> Result<bool> {
    return s_.Any(
        "SELECT 1 FROM users WHERE org_id = $1 AND email_key = " + s_.dialect().LowerKey("$2") +
            " AND " + s_.dialect().Is("deleted", false) + " LIMIT 1",
        {Arg(org), Arg(email)});
  });
}

Result<std::vector<std::string>> SqlTx::UserEmailsInUse(OrgId org,
                                                        std::span<const std::string> emails) {
  return EmailsInUse("users", " AND " + s_.dialect().Is("deleted", false), org, emails);
}

Status SqlTx::InsertUsers(OrgId org, std::span<const User> drafts) {
  return Guard([&]() -> Status {
    static constexpr std::string_view kColumns[] = {
        "org_id",   "client_id", "email",     "email_key",     "name",
        "phone",    "lang",      "user_type", "group_id",      "password_hash",
        "activated", "blocked",  "deleted",   "created_at",    "invited_at"};
    InsertInSlices(s_, "users", kColumns, drafts.size(), [&](std::vector<Param>& values, size_t i) {
      const User& u = drafts[i];
      AppendRow(values, Arg(org), Arg(u.client), Arg(u.email), Arg(EmailKeyOf(u.email)),
                       Arg(u.name), Arg(u.phone), Arg(u.lang), Arg(ToString(u.type)),
                       GroupArg(u.group), Arg(u.password_hash), Arg(u.activated), Arg(u.blocked),
                       Arg(false), Arg(u.created_at), Arg(u.invited_at));
    });
    return Ok();
  });
}

// By organisation: a sign-in then touches their organisations in ascending order, the order in
// which a PostgreSQL write unit may wait for their locks (locking_tx.h).
Result<std::vector<User>> SqlTx::FindUsersForSignIn(const std::string& email) {
  return Guard([&]() -> Result<std::vector<User>> {
    return s_.All("SELECT " + std::string(kUserColumns) +
                      " FROM users WHERE email_key = " + s_.dialect().LowerKey("$1") + " AND " +
                      s_.dialect().Is("deleted", false) + " ORDER BY org_id, id LIMIT 20",
                  {Arg(email)}, ReadUser);
  });
}

Result<std::vector<User>> SqlTx::ListUsersOfClients(OrgId org, std::span<const ClientId> clients) {
  return Guard([&]() -> Result<std::vector<User>> {
    if (clients.empty()) return std::vector<User>();
    const Dialect& d = s_.dialect();
    Args arg;
    std::string sql = "SELECT " + std::string(kUserColumns) +
                      " FROM users WHERE org_id = " + arg(Arg(org)) + " AND " +
                      d.Is("deleted", false) + " AND " +
                      d.InList("client_id", IdList(clients), arg) + " ORDER BY client_id, id";
    return s_.All(sql, arg.params(), ReadUser);
  });
}

Result<bool> SqlTx::SellerExists(OrgId org, UserId seller) {
  return Guard([&]() -> Result<bool> {
    return s_.Any(
        "SELECT 1 FROM users WHERE id = $1 AND org_id = $2 AND user_type = 'seller' AND " +
            s_.dialect().Is("deleted", false),
        {Arg(seller), Arg(org)});
  });
}

Result<std::optional<User>> SqlTx::FindUserByEmail(OrgId org, const std::string& email) {
  return Guard([&]() -> Result<std::optional<User>> {
    return s_.First("SELECT " + std::string(kUserColumns) +
                        " FROM users WHERE org_id = $1 AND email_key = " +
                        s_.dialect().LowerKey("$2") + " AND " + s_.dialect().Is("deleted", false),
                    {Arg(org), Arg(email)}, ReadUser);
  });
}

Result<Page<User>> SqlTx::ListSellers(OrgId org, const SellerQuery& q) {
  return Guard([&]() -> Result<Page<User>> {
    const Dialect& d = s_.dialect();
    Args arg;
    std::string where = "org_id = " + arg(Arg(org)) + " AND user_type = 'seller'";
    where += " AND " + d.Is("deleted", q.deleted && *q.deleted);
    if (!q.ids.empty())
      where += " AND " + d.InList("id", IdList(std::span<const UserId>(q.ids)), arg);
    auto contains = [&](const std::optional<std::string>& value, std::string_view column) {
      if (value) where += " AND " + d.Contains(column, arg(Arg(ContainsPattern(*value))));
    };
    contains(q.id_contains, "CAST(id AS TEXT)");
    contains(q.email_contains, "email_key");
    contains(q.name_contains, "name");
    if (q.activated) where += " AND " + d.Is("activated", *q.activated);
    if (q.blocked) where += " AND " + d.Is("blocked", *q.blocked);
    Page<User> page;
    page.count = s_.Int("SELECT count(*) FROM users WHERE " + where, arg.params());
    std::string order;
    for (const auto& [column, desc] : q.ordering) {
      std::string col = column == "email"         ? "email_key"
                        : column == "full_name"   ? d.FoldCase("name")
                        : column == "date_joined" ? "created_at"
                        : column == "activated"   ? "activated"
                        : column == "deleted"     ? "deleted"
                                                  : "id";
      order += (order.empty() ? "" : ", ") + col + (desc ? " DESC NULLS FIRST" : " ASC NULLS LAST");
    }
    order += std::string(order.empty() ? "" : ", ") + "id ASC";
    std::string sql =
        "SELECT " + std::string(kUserColumns) + " FROM users WHERE " + where + " ORDER BY " + order;
    if (q.limit) {
      sql += " LIMIT " + arg(Arg(*q.limit));
      sql += " OFFSET " + arg(Arg(q.offset));
    }
    page.items = s_.All(sql, arg.params(), ReadUser);
    return page;
  });
}

Result<int64_t> SqlTx::UnassignSeller(OrgId org, UserId seller) {
  return Guard([&]() -> Result<int64_t> {
    return s_.Run(
        "UPDATE clients SET seller_id = NULL WHERE org_id = $1 AND seller_id = $2 RETURNING id",
        std::vector<Param>{Arg(org), Arg(seller)},
        [&](const Row& r) { Changed(org, ClientId{r.Int(0)}); });
  });
}

}  // namespace clientele::storage::sql
