#pragma once

#include <cstdint>
#include <optional>
#include <span>
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
  // EnqueueEmail for many e-mails in one statement; returns how many were queued (the others'
  // dedupe_key existed).
  virtual Result<int64_t> EnqueueEmails(std::span<const OutboxEmail> emails) = 0;
  // Pending e-mails due by `now`, oldest due first, except those of `skip_orgs` (organisations
  // whose e-mails the caller is still sending), leased until `lease_until` so no other run
  // takes them. They are returned as they were before the lease (next_attempt_at: when due).
  virtual Result<std::vector<OutboxEmail>> ClaimDueEmails(Timestamp now, Timestamp lease_until,
                                                          int limit,
                                                          const std::vector<OrgId>& skip_orgs) = 0;
  // What became of claimed e-mails, in one statement: sent (at `at`), or not (tried again at
  // `next_attempt_at`, or given up for good). Sent and given-up e-mails lose their data and
  // bodies, since they may hold one-time links; kind, recipient and state stay for the record.
  // An e-mail put back untouched is "not sent" with its attempts, error and due time as claimed.
  struct EmailResult {
    int64_t id = 0;
    bool sent = false;
    Timestamp at;  // when it was sent
    int attempts = 0;
    Timestamp next_attempt_at;
    std::string error;
    bool give_up = false;
  };
  virtual Status RecordEmailResults(std::span<const EmailResult> results) = 0;
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
