#include <span>
#include <string>

#include "crypto/crypto.h"
#include "storage/sql/rows.h"
#include "storage/sql/tx.h"

// OutboxStore: the e-mail outbox and the vendor settings' test e-mails.
namespace clientele::storage::sql {

std::string SqlTx::Seal(const std::string& text) const {
  return hooks_.seal_key.empty() || text.empty() ? text : crypto::SealText(hooks_.seal_key, text);
}

Result<bool> SqlTx::EnqueueEmail(const OutboxEmail& e) {
  TRY(int64_t queued, EnqueueEmails(std::span<const OutboxEmail>(&e, 1)));
  return queued == 1;
}

Result<int64_t> SqlTx::EnqueueEmails(std::span<const OutboxEmail> emails) {
  return Guard([&]() -> Result<int64_t> {
    if (emails.empty()) return int64_t{0};
    using T = Param::Type;
    static constexpr RowSetColumn kColumns[] = {
        {"org_id", T::kInt},      {"kind", T::kText},      {"dedupe_key", T::kText},
        {"to_address", T::kText}, {"to_name", T::kText},   {"subject", T::kText},
        {"text_body", T::kText},  {"html_body", T::kText}, {"next_attempt_at", T::kInt},
        {"created_at", T::kInt},  {"data", T::kText},
    };
    RowSet rows;
    for (const auto& e : emails) {
      rows.Row().Add(e.org.value).Add(e.kind).Add(e.dedupe_key).Add(e.to_address).Add(e.to_name);
      rows.Add(e.subject).Add(Seal(e.text_body)).Add(Seal(e.html_body));
      rows.Add(e.next_attempt_at).Add(e.created_at).Add(Seal(e.data));
    }
    // "WHERE true": SQLite's grammar needs it between a SELECT and ON CONFLICT.
    int64_t queued = s_.Exec(
        "INSERT INTO outbox (org_id, kind, dedupe_key, to_address, to_name, subject, text_body, "
        "html_body, next_attempt_at, created_at, data) SELECT v.org_id, v.kind, v.dedupe_key, "
        "v.to_address, v.to_name, v.subject, v.text_body, v.html_body, v.next_attempt_at, "
        "v.created_at, v.data FROM " +
            s_.dialect().FromRowSet("$1", kColumns) +
            " v WHERE true ON CONFLICT (dedupe_key) DO NOTHING",
        {rows.Take()});
    if (queued > 0) queued_email_ = true;
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

Status SqlTx::RecordEmailResults(std::span<const EmailResult> results) {
  return Guard([&]() -> Status {
    if (results.empty()) return Ok();
    using T = Param::Type;
    static constexpr RowSetColumn kColumns[] = {
        {"id", T::kInt},      {"sent", T::kBool},  {"at", T::kInt},    {"attempts", T::kInt},
        {"next_at", T::kInt}, {"error", T::kText}, {"done", T::kBool},
    };
    RowSet rows;
    for (const auto& r : results) {
      rows.Row().Add(r.id).Add(r.sent).Add(r.at).Add(int64_t{r.attempts});
      rows.Add(r.next_attempt_at).Add(r.sent ? std::string() : r.error).Add(r.sent || r.give_up);
    }
    s_.Exec(
        "UPDATE outbox SET state = CASE WHEN v.sent THEN 'sent' WHEN v.done THEN 'failed' "
        "ELSE 'pending' END, "
        "sent_at = CASE WHEN v.sent THEN v.at ELSE outbox.sent_at END, attempts = v.attempts, "
        "next_attempt_at = CASE WHEN v.sent THEN outbox.next_attempt_at ELSE v.next_at END, "
        "last_error = v.error, "
        "text_body = CASE WHEN v.done THEN '' ELSE outbox.text_body END, "
        "html_body = CASE WHEN v.done THEN '' ELSE outbox.html_body END, "
        "data = CASE WHEN v.done THEN '' ELSE outbox.data END FROM " +
            s_.dialect().FromRowSet("$1", kColumns) + " v WHERE outbox.id = v.id",
        {rows.Take()});
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
