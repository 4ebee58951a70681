#include <string>

#include "crypto/crypto.h"
#include "storage/sql/rows.h"
#include "storage/sql/tx.h"

// OutboxStore: the e-mail outbox and the vendor settings' test e-mails.
namespace clientele::storage::sql {

Result<bool> SqlTx::EnqueueEmail(const OutboxEmail& e) {
  return Guard([&]() -> Result<bool> {
    auto seal = [&](const std::string& body) {
      return hooks_.seal_key.empty() || body.empty() ? body
                                                     : crypto::SealText(hooks_.seal_key, body);
    };
    bool queued =
        s_.Exec(
            "INSERT INTO outbox (org_id, kind, dedupe_key, to_address, to_name, subject, "
            "text_body, html_body, next_attempt_at, created_at, data) VALUES ($1, $2, $3, $4, "
            "$5, $6, $7, $8, $9, $10, $11) ON CONFLICT (dedupe_key) DO NOTHING",
            {Arg(e.org), Arg(e.kind), Arg(e.dedupe_key), Arg(e.to_address), Arg(e.to_name),
             Arg(e.subject), Arg(seal(e.text_body)), Arg(seal(e.html_body)), Arg(e.next_attempt_at),
             Arg(e.created_at), Arg(seal(e.data))}) == 1;
    if (queued) queued_email_ = true;
    return queued;
  });
}

// The claimed rows are locked (SkipLocked, see services.cc) and leased in the same unit of
// work; once it commits, the lease (next_attempt_at in the future) keeps other runs away while
// this one talks to the mail server.
Result<std::vector<OutboxEmail>> SqlTx::ClaimDueEmails(Timestamp now, Timestamp lease_until,
                                                       int limit,
                                                       const std::vector<OrgId>& skip_orgs) {
  return Guard([&]() -> Result<std::vector<OutboxEmail>> {
    const Dialect& d = s_.dialect();
    Args arg;
    std::string sql =
        "SELECT " + std::string(kOutboxColumns) +
        " FROM outbox WHERE state = 'pending' AND next_attempt_at <= " + arg(Arg(now));
    if (!skip_orgs.empty())
      sql += " AND " + d.NotInList("org_id", IdList(std::span<const OrgId>(skip_orgs)), arg);
    sql += " ORDER BY next_attempt_at, id LIMIT " + arg(Arg(int64_t{limit})) + d.SkipLocked("");
    auto out = s_.All(sql, arg.params(), ReadOutbox);
    std::vector<int64_t> ids;
    for (const auto& e : out) ids.push_back(e.id);
    if (!ids.empty()) {
      Args lease;
      std::string update = "UPDATE outbox SET next_attempt_at = " + lease(Arg(lease_until));
      update += " WHERE " + d.InList("id", IntList(std::move(ids)), lease);
      s_.Exec(update, lease.params());
    }
    return out;
  });
}

Status SqlTx::MarkEmailSent(int64_t id, Timestamp now) {
  return Guard([&]() -> Status {
    s_.Exec(
        "UPDATE outbox SET state = 'sent', sent_at = $2, attempts = attempts + 1, "
        "last_error = '', text_body = '', html_body = '', data = '' WHERE id = $1",
        {Arg(id), Arg(now)});
    return Ok();
  });
}

Status SqlTx::MarkEmailFailed(int64_t id, int attempts, Timestamp next_attempt_at,
                              const std::string& error, bool give_up) {
  return Guard([&]() -> Status {
    s_.Exec(
        "UPDATE outbox SET attempts = $2, next_attempt_at = $3, last_error = $4, "
        "state = CASE WHEN $5 THEN 'failed' ELSE 'pending' END, "
        "text_body = CASE WHEN $5 THEN '' ELSE text_body END, "
        "html_body = CASE WHEN $5 THEN '' ELSE html_body END, "
        "data = CASE WHEN $5 THEN '' ELSE data END WHERE id = $1",
        {Arg(id), Arg(attempts), Arg(next_attempt_at), Arg(error), Arg(give_up)});
    return Ok();
  });
}

Result<std::vector<OutboxEmail>> SqlTx::ListOutbox(OrgId org, int limit) {
  return Guard([&]() -> Result<std::vector<OutboxEmail>> {
    return s_.All("SELECT " + std::string(kOutboxColumns) +
                      " FROM outbox WHERE org_id = $1 ORDER BY id DESC LIMIT $2",
                  {Arg(org), Arg(int64_t{limit})}, ReadOutbox);
  });
}

Result<MailTest> SqlTx::InsertMailTest(const MailTest& t) {
  return Guard([&]() -> Result<MailTest> {
    int64_t id = s_.Int(
        "INSERT INTO mail_tests (org_id, to_address, state, failure, reply_code, created_at) "
        "VALUES ($1, $2, 'sending', '', 0, $3) RETURNING id",
        {Arg(t.org), Arg(t.to_address), Arg(t.created_at)});
    return GetMailTest(t.org, id);
  });
}

Status SqlTx::FinishMailTest(OrgId org, int64_t id, MailTestState state, const std::string& failure,
                             int reply_code, Timestamp now) {
  return Guard([&]() -> Status {
    s_.Exec(
        "UPDATE mail_tests SET state = $3, failure = $4, reply_code = $5, finished_at = $6 "
        "WHERE org_id = $1 AND id = $2",
        {Arg(org), Arg(id), Arg(std::string(ToString(state))), Arg(failure), Arg(reply_code),
         Arg(now)});
    return Ok();
  });
}

Result<MailTest> SqlTx::GetMailTest(OrgId org, int64_t id) {
  return Guard([&]() -> Result<MailTest> {
    auto t = s_.First("SELECT " + std::string(kMailTestColumns) +
                          " FROM mail_tests WHERE org_id = $1 AND id = $2",
                      {Arg(org), Arg(id)}, ReadMailTest);
    if (!t) return NotFound();
    return *t;
  });
}

Result<std::optional<MailTest>> SqlTx::SendingMailTest(OrgId org, Timestamp since) {
  return Guard([&]() -> Result<std::optional<MailTest>> {
    return s_.First("SELECT " + std::string(kMailTestColumns) +
                        " FROM mail_tests WHERE org_id = $1 AND state = 'sending' "
                        "AND created_at > $2 ORDER BY id DESC LIMIT 1",
                    {Arg(org), Arg(since)}, ReadMailTest);
  });
}

Status SqlTx::DeleteMailTests(OrgId org, Timestamp before) {
  return Guard([&]() -> Status {
    s_.Exec("DELETE FROM mail_tests WHERE org_id = $1 AND created_at < $2",
            {Arg(org), Arg(before)});
    return Ok();
  });
}

}  // namespace clientele::storage::sql
