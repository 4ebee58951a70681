#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "domain/model.h"

// The storage port for the e-mail outbox and the test e-mails of the vendor settings. Errors as
// in unit_of_work.h.
namespace clientele::storage {

class OutboxStore {
 public:
  virtual ~OutboxStore() = default;

  // Enqueue returns false when an e-mail with the same dedupe_key exists. With a seal key
  // (Database::SetOutboxHooks) the data and bodies are stored sealed with it (crypto::SealText);
  // whoever sends them opens them. The other methods return them as stored.
  virtual Result<bool> EnqueueEmail(const OutboxEmail& email) = 0;
  // Pending e-mails due by `now`, oldest due first, except those of `skip_orgs` (organisations
  // whose e-mails the caller is still sending), leased until `lease_until` so no other run
  // takes them. They are returned as they were before the lease (next_attempt_at: when due).
  virtual Result<std::vector<OutboxEmail>> ClaimDueEmails(Timestamp now, Timestamp lease_until,
                                                          int limit,
                                                          const std::vector<OrgId>& skip_orgs) = 0;
  // Sent, or (give_up) failed for good: the data and bodies are cleared, since they may hold
  // one-time links; kind, recipient and state stay for the record.
  virtual Status MarkEmailSent(int64_t id, Timestamp now) = 0;
  virtual Status MarkEmailFailed(int64_t id, int attempts, Timestamp next_attempt_at,
                                 const std::string& error, bool give_up) = 0;
  virtual Result<std::vector<OutboxEmail>> ListOutbox(OrgId org, int limit) = 0;

  // Test e-mails of the vendor settings. Insert returns the row with its id.
  virtual Result<MailTest> InsertMailTest(const MailTest& draft) = 0;
  virtual Status FinishMailTest(OrgId org, int64_t id, MailTestState state,
                                const std::string& failure, int reply_code, Timestamp now) = 0;
  virtual Result<MailTest> GetMailTest(OrgId org, int64_t id) = 0;  // kNotFound: not in `org`
  // The organisation's test e-mail still being sent that was started after `since`, if any.
  virtual Result<std::optional<MailTest>> SendingMailTest(OrgId org, Timestamp since) = 0;
  // Forgets the organisation's test e-mails started before `before`.
  virtual Status DeleteMailTests(OrgId org, Timestamp before) = 0;
};

}  // namespace clientele::storage
