#include <string>

#include "storage/sql/rows.h"
#include "storage/sql/tx.h"

// ActivityStore: the log of API requests.
namespace clientele::storage::sql {

Result<int64_t> SqlTx::InsertActivity(const ActivityEntry& a) {
  return Guard([&]() -> Result<int64_t> {
    return s_.Int(
        "INSERT INTO activity_requests (org_id, user_id, user_email, client_id, token_id, "
        "acting_user_id, acting_user_email, requested_at, method, path, query, body, "
        "status_code, remote_ip, host, subject_client_id, event) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) "
        "RETURNING id",
        {Arg(a.org), Arg(a.user), Arg(a.user_email), Arg(a.client), Arg(a.token),
         Arg(a.acting_user), Arg(a.acting_user_email), Arg(a.requested_at), Arg(a.method),
         Arg(a.path), Arg(a.query), Arg(a.body), Arg(a.status_code), Arg(a.remote_ip),
         Arg(a.host), Arg(a.subject), Arg(a.event)});
  });
}

Result<Page<ActivityEntry>> SqlTx::ListActivity(OrgId org, const ActivityQuery& q) {
  return Guard([&]() -> Result<Page<ActivityEntry>> {
    Args arg;
    std::string where = "org_id = " + arg(Arg(org));
    if (q.client) where += " AND client_id = " + arg(Arg(*q.client));
    if (q.subject) where += " AND subject_client_id = " + arg(Arg(*q.subject));
    if (q.user) where += " AND user_id = " + arg(Arg(*q.user));
    if (q.method) where += " AND method = " + arg(Arg(*q.method));
    if (q.status_code) where += " AND status_code = " + arg(Arg(*q.status_code));
    if (q.from) where += " AND requested_at >= " + arg(Arg(*q.from));
    if (q.to) where += " AND requested_at <= " + arg(Arg(*q.to));
    if (q.path_contains)
      where += " AND " + s_.dialect().Contains("path", arg(Arg(ContainsPattern(*q.path_contains))));
    Page<ActivityEntry> page;
    page.count = s_.Int("SELECT count(*) FROM activity_requests WHERE " + where, arg.params());
    std::string sql = "SELECT " + std::string(kActivityColumns) + " FROM activity_requests WHERE " +
                      where + " ORDER BY id DESC LIMIT " + arg(Arg(q.limit));
    sql += " OFFSET " + arg(Arg(q.offset));
    page.items = s_.All(sql, arg.params(), ReadActivity);
    return page;
  });
}

Result<ActivityEntry> SqlTx::GetActivity(OrgId org, int64_t id) {
  return Guard([&]() -> Result<ActivityEntry> {
    auto a = s_.First("SELECT " + std::string(kActivityColumns) +
                          " FROM activity_requests WHERE id = $1 AND org_id = $2",
                      {Arg(id), Arg(org)}, ReadActivity);
    if (!a) return NotFound();
    return *a;
  });
}

}  // namespace clientele::storage::sql
