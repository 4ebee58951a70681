// Conformance: OutboxStore (outbox, seal, hooks, mail tests, concurrent runners).
#include "storage/conformance/fixture.h"

namespace clientele::storage::conformance {
namespace {

// ---------------------------------------------------------------------------------------------
// E-mail outbox

using EmailResult = OutboxStore::EmailResult;

EmailResult Sent(int64_t id, Timestamp at) { return {id, true, at, 1, at, "", false}; }
EmailResult Failed(int64_t id, int attempts, Timestamp next, const std::string& error,
                   bool give_up) {
  return {id, false, next, attempts, next, error, give_up};
}

// What became of claimed e-mails, recorded in one unit as delivery records them.
Status Record(Database& db, std::vector<EmailResult> results) {
  return db.Write([&](Tx& tx) { return tx.RecordEmailResults(results); });
}

OutboxEmail Email(OrgId org, const std::string& key, Timestamp due) {
  OutboxEmail e;
  e.org = org;
  e.kind = "trial_ended";
  e.dedupe_key = key;
  e.to_address = "to@example.com";
  e.to_name = "To";
  e.subject = "Subject " + key;
  e.text_body = "Body";
  e.next_attempt_at = due;
  e.created_at = kT0;
  return e;
}

TEST_P(StoreConformanceTest, OutboxDedupesClaimsLeasesAndRetries) {
  OrgId org = NewOrg();
  EXPECT_TRUE(V(W([&](Tx& tx) { return tx.EnqueueEmail(Email(org, "k1", kT0)); })));
  EXPECT_FALSE(V(W([&](Tx& tx) { return tx.EnqueueEmail(Email(org, "k1", kT0)); })));
  EXPECT_TRUE(V(W([&](Tx& tx) { return tx.EnqueueEmail(Email(org, "k2", kT0.PlusSeconds(10))); })));
  EXPECT_TRUE(V(W([&](Tx& tx) { return tx.EnqueueEmail(Email(org, "k3", kT0.PlusDays(1))); })));

  const Timestamp now = kT0.PlusSeconds(60);
  auto claimed = V(W([&](Tx& tx) { return tx.ClaimDueEmails(now, now.PlusSeconds(300), 10, {}); }));
  ASSERT_EQ(claimed.size(), 2u);
  EXPECT_EQ(claimed[0].dedupe_key, "k1");
  EXPECT_EQ(claimed[1].dedupe_key, "k2");
  EXPECT_EQ(claimed[0].state, EmailState::kPending);
  // Leased: the same run, or another, does not take them again until the lease runs out.
  EXPECT_TRUE(
      V(W([&](Tx& tx) { return tx.ClaimDueEmails(now, now.PlusSeconds(300), 10, {}); })).empty());
  EXPECT_OK(Record(db(), {Sent(claimed[0].id, now)}));
  EXPECT_OK(Record(db(), {Failed(claimed[1].id, 1, now.PlusSeconds(60), "451 try later", false)}));
  auto retry = V(
      W([&](Tx& tx) {
        return tx.ClaimDueEmails(now.PlusSeconds(61), now.PlusSeconds(400), 10, {});
      }));
  ASSERT_EQ(retry.size(), 1u);
  EXPECT_EQ(retry[0].dedupe_key, "k2");
  EXPECT_EQ(retry[0].attempts, 1);
  EXPECT_EQ(retry[0].last_error, "451 try later");
  EXPECT_OK(Record(db(), {Failed(retry[0].id, 2, now, "550 no", true)}));
  // A lease that ran out (the sender died) makes the e-mail due again.
  auto later = V(W([&](Tx& tx) {
    return tx.ClaimDueEmails(kT0.PlusDays(2), kT0.PlusDays(2).PlusSeconds(300), 10, {});
  }));
  ASSERT_EQ(later.size(), 1u);
  EXPECT_EQ(later[0].dedupe_key, "k3");

  auto listed = V(R([&](Tx& tx) { return tx.ListOutbox(org, 10); }));
  ASSERT_EQ(listed.size(), 3u);
  EXPECT_EQ(listed[0].dedupe_key, "k3");  // newest first
  EXPECT_EQ(listed[1].state, EmailState::kFailed);
  EXPECT_EQ(listed[2].state, EmailState::kSent);
  EXPECT_EQ(listed[2].sent_at, now);
  EXPECT_EQ(listed[2].attempts, 1);
  OrgId quiet = NewOrg("Quiet");
  EXPECT_TRUE(V(R([&](Tx& tx) { return tx.ListOutbox(quiet, 10); })).empty());
}

// A sent or given-up e-mail keeps no body (it may hold a one-time link); with a seal key the
// bodies of pending ones are stored sealed; a claim can leave out organisations.
TEST_P(StoreConformanceTest, OutboxSealsBodiesClearsThemOnceDoneAndSkipsOrgs) {
  ASSERT_TRUE(crypto::Init());
  const std::string key = crypto::RandomBytes(crypto::kSecretKeyBytes);
  db().SetOutboxHooks({key, {}});
  OrgId org = NewOrg();
  OrgId other = NewOrg("Other");
  for (const char* k : {"s1", "s2", "s3"}) {
    OutboxEmail e = Email(org, k, kT0);
    e.text_body = "Reset: https://portal.example/reset?token=tok-" + std::string(k);
    e.html_body = "<a href=\"https://portal.example/reset?token=tok-" + std::string(k) + "\">";
    EXPECT_TRUE(V(W([&](Tx& tx) { return tx.EnqueueEmail(e); })));
  }
  EXPECT_TRUE(V(W([&](Tx& tx) { return tx.EnqueueEmail(Email(other, "o1", kT0)); })));

  auto stored = V(R([&](Tx& tx) { return tx.ListOutbox(org, 10); }));
  ASSERT_EQ(stored.size(), 3u);
  for (const auto& e : stored) {
    EXPECT_EQ(e.text_body.find("token"), std::string::npos) << e.text_body;
    EXPECT_EQ(e.html_body.find("token"), std::string::npos) << e.html_body;
    std::string text;
    ASSERT_TRUE(crypto::OpenText(key, e.text_body, text));
    EXPECT_EQ(text, "Reset: https://portal.example/reset?token=tok-" + e.dedupe_key);
  }

  auto claimed = V(W([&](Tx& tx) {
    return tx.ClaimDueEmails(kT0, kT0.PlusSeconds(300), 10, std::vector<OrgId>{org});
  }));
  ASSERT_EQ(claimed.size(), 1u);
  EXPECT_EQ(claimed[0].org, other);
  claimed = V(W([&](Tx& tx) {
    return tx.ClaimDueEmails(kT0, kT0.PlusSeconds(300), 10, std::vector<OrgId>{other, OrgId{999}});
  }));
  ASSERT_EQ(claimed.size(), 3u);
  EXPECT_TRUE(crypto::IsSealedText(claimed[0].text_body));
  EXPECT_EQ(claimed[0].next_attempt_at, kT0);  // as before the lease

  EXPECT_OK(Record(db(), {Sent(claimed[0].id, kT0)}));
  EXPECT_OK(Record(db(), {Failed(claimed[1].id, 15, kT0.PlusSeconds(60), "550 no", true)}));
  EXPECT_OK(Record(db(), {Failed(claimed[2].id, 1, kT0.PlusSeconds(60), "451 later", false)}));
  std::map<int64_t, OutboxEmail> after;
  for (auto& e : V(R([&](Tx& tx) { return tx.ListOutbox(org, 10); }))) after[e.id] = e;
  for (int i : {0, 1}) {
    const OutboxEmail& done = after[claimed[i].id];
    EXPECT_EQ(done.text_body, "") << i;
    EXPECT_EQ(done.html_body, "") << i;
    EXPECT_EQ(done.subject, claimed[i].subject);  // the record stays
    EXPECT_EQ(done.to_address, "to@example.com");
  }
  EXPECT_EQ(after[claimed[0].id].state, EmailState::kSent);
  EXPECT_EQ(after[claimed[1].id].state, EmailState::kFailed);
  EXPECT_EQ(after[claimed[2].id].text_body, claimed[2].text_body);  // still to be sent
}

// An e-mail's data (what delivery renders) is kept like its bodies: sealed while pending,
// cleared once sent or given up, returned as stored.
TEST_P(StoreConformanceTest, OutboxKeepsDataSealedUntilDone) {
  ASSERT_TRUE(crypto::Init());
  const std::string key = crypto::RandomBytes(crypto::kSecretKeyBytes);
  OrgId org = NewOrg();
  OutboxEmail plain = Email(org, "d1", kT0);
  plain.data = R"({"action_link":"https://portal.example/reset?token=tok-d1"})";
  EXPECT_TRUE(V(W([&](Tx& tx) { return tx.EnqueueEmail(plain); })));
  db().SetOutboxHooks({key, {}});
  for (const char* k : {"d2", "d3"}) {
    OutboxEmail e = Email(org, k, kT0);
    e.data = R"({"action_link":"https://portal.example/reset?token=tok-)" + std::string(k) + "\"}";
    EXPECT_TRUE(V(W([&](Tx& tx) { return tx.EnqueueEmail(e); })));
  }
  auto claimed = V(W([&](Tx& tx) { return tx.ClaimDueEmails(kT0, kT0.PlusSeconds(300), 10, {}); }));
  ASSERT_EQ(claimed.size(), 3u);
  EXPECT_EQ(claimed[0].data, plain.data);  // queued without a key: as given
  for (int i : {1, 2}) {
    EXPECT_EQ(claimed[i].data.find("token"), std::string::npos) << claimed[i].data;
    std::string data;
    ASSERT_TRUE(crypto::OpenText(key, claimed[i].data, data));
    EXPECT_EQ(data, R"({"action_link":"https://portal.example/reset?token=tok-)" +
                        claimed[i].dedupe_key + "\"}");
  }
  EXPECT_OK(Record(db(), {Sent(claimed[0].id, kT0)}));
  EXPECT_OK(Record(db(), {Failed(claimed[1].id, 15, kT0, "550 no", true)}));
  EXPECT_OK(Record(db(), {Failed(claimed[2].id, 1, kT0, "451", false)}));
  std::map<int64_t, OutboxEmail> after;
  for (auto& e : V(R([&](Tx& tx) { return tx.ListOutbox(org, 10); }))) after[e.id] = e;
  EXPECT_EQ(after[claimed[0].id].data, "");
  EXPECT_EQ(after[claimed[1].id].data, "");
  EXPECT_EQ(after[claimed[2].id].data, claimed[2].data);  // still to be sent
}

// Delivery is woken when a unit that queued an e-mail commits: not for a duplicate, not for
// a unit that rolls back, not for reads.
TEST_P(StoreConformanceTest, OutboxHookRunsAfterCommitOfQueuedEmail) {
  ASSERT_TRUE(crypto::Init());
  std::atomic<int> calls{0};
  db().SetOutboxHooks({"", [&] { ++calls; }});
  OrgId org = NewOrg();
  EXPECT_EQ(calls, 0);
  EXPECT_TRUE(V(W([&](Tx& tx) { return tx.EnqueueEmail(Email(org, "h1", kT0)); })));
  EXPECT_EQ(calls, 1);
  EXPECT_FALSE(V(W([&](Tx& tx) { return tx.EnqueueEmail(Email(org, "h1", kT0)); })));
  EXPECT_EQ(calls, 1);
  Status rolled_back = db().Write([&](Tx& tx) -> Status {
    TRY(bool queued, tx.EnqueueEmail(Email(org, "h2", kT0)));
    EXPECT_TRUE(queued);
    return MakeError(ErrorCode::kFailedPrecondition, "changed my mind");
  });
  EXPECT_FALSE(rolled_back.ok());
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(V(R([&](Tx& tx) { return tx.ListOutbox(org, 10); })).size(), 1u);
  // The hook runs once the connection is free again: it may start a unit of work of its own.
  db().SetOutboxHooks({"", [&] {
                         ++calls;
                         EXPECT_OK(db().Read([](Tx& tx) -> Status {
                           return tx.GetSetting("x").ok() ? Ok() : Internal("read failed");
                         }));
                       }});
  EXPECT_TRUE(V(W([&](Tx& tx) { return tx.EnqueueEmail(Email(org, "h3", kT0)); })));
  EXPECT_EQ(calls, 2);
  // Without text, nothing is sealed.
  db().SetOutboxHooks({crypto::RandomBytes(crypto::kSecretKeyBytes), {}});
  OutboxEmail plain = Email(org, "h4", kT0);
  plain.html_body = "";
  EXPECT_TRUE(V(W([&](Tx& tx) { return tx.EnqueueEmail(plain); })));
  EXPECT_EQ(V(R([&](Tx& tx) { return tx.ListOutbox(org, 1); }))[0].html_body, "");
}

TEST_P(StoreConformanceTest, MailTestsAreKeptPerOrganisation) {
  OrgId org = NewOrg();
  OrgId other = NewOrg("Other");
  MailTest draft;
  draft.org = org;
  draft.to_address = "ops@example.com";
  draft.created_at = kT0;
  MailTest t = V(W([&](Tx& tx) { return tx.InsertMailTest(draft); }));
  EXPECT_GT(t.id, 0);
  EXPECT_EQ(t.state, MailTestState::kSending);
  EXPECT_EQ(t.to_address, "ops@example.com");
  EXPECT_EQ(t.created_at, kT0);
  EXPECT_FALSE(t.finished_at.has_value());
  EXPECT_EQ(CodeOf(R([&](Tx& tx) { return tx.GetMailTest(other, t.id); })), ErrorCode::kNotFound);
  EXPECT_EQ(V(R([&](Tx& tx) { return tx.SendingMailTest(org, kT0.PlusSeconds(-60)); }))->id,
            t.id);
  EXPECT_FALSE(V(R([&](Tx& tx) { return tx.SendingMailTest(org, kT0); })).has_value());
  EXPECT_FALSE(V(R([&](Tx& tx) { return tx.SendingMailTest(other, kT0.PlusSeconds(-60)); }))
                   .has_value());
  // Another organisation can't finish it.
  EXPECT_OK(W([&](Tx& tx) {
    return tx.FinishMailTest(other, t.id, MailTestState::kSent, "", 0, kT0.PlusSeconds(2));
  }));
  EXPECT_EQ(V(R([&](Tx& tx) { return tx.GetMailTest(org, t.id); })).state, MailTestState::kSending);
  EXPECT_OK(W([&](Tx& tx) {
    return tx.FinishMailTest(org, t.id, MailTestState::kFailed, "recipient_refused", 550,
                             kT0.PlusSeconds(3));
  }));
  MailTest done = V(R([&](Tx& tx) { return tx.GetMailTest(org, t.id); }));
  EXPECT_EQ(done.state, MailTestState::kFailed);
  EXPECT_EQ(done.failure, "recipient_refused");
  EXPECT_EQ(done.reply_code, 550);
  EXPECT_EQ(done.finished_at, kT0.PlusSeconds(3));
  EXPECT_FALSE(V(R([&](Tx& tx) { return tx.SendingMailTest(org, kT0.PlusSeconds(-60)); }))
                   .has_value());
  EXPECT_OK(W([&](Tx& tx) { return tx.DeleteMailTests(other, kT0.PlusDays(1)); }));
  EXPECT_TRUE(R([&](Tx& tx) { return tx.GetMailTest(org, t.id); }).ok());
  EXPECT_OK(W([&](Tx& tx) { return tx.DeleteMailTests(org, kT0.PlusDays(1)); }));
  EXPECT_EQ(CodeOf(R([&](Tx& tx) { return tx.GetMailTest(org, t.id); })), ErrorCode::kNotFound);
}

// Two instances (two handles, each its own pool) run the outbox and the trial job at once:
// every row is taken by exactly one of them.
TEST_P(StoreConformanceTest, ConcurrentRunnersNeverTakeTheSameRow) {
  UseSharedDatabase();
  OrgId org = NewOrg();
  constexpr int kEmails = 60;
  for (int i = 0; i < kEmails; ++i)
    EXPECT_TRUE(
        V(W([&](Tx& tx) { return tx.EnqueueEmail(Email(org, "c" + std::to_string(i), kT0)); })));
  constexpr int kAccounts = 20;
  for (int i = 0; i < kAccounts; ++i) {
    Client c = NewClient(org, "t" + std::to_string(i) + "@example.com", "T");
    auto services = AddServices(org, c.id);
    Service s = services[0];
    s.status = ProductStatus::kTrial;
    s.trial_end = kT0.PlusSeconds(i);
    EXPECT_OK(W([&](Tx& tx) { return tx.UpdateService(s); }));
  }

  std::vector<std::unique_ptr<Database>> handles;
  handles.push_back(OpenHandle(true));
  handles.push_back(OpenHandle(true));
  std::vector<std::vector<int64_t>> emails(2), services(2);
  std::vector<std::thread> threads;
  for (int h = 0; h < 2; ++h)
    threads.emplace_back([&, h] {
      for (;;) {
        std::vector<OutboxEmail> batch;
        Status st = handles[h]->Write([&](Tx& tx) -> Status {
          TRY(batch, tx.ClaimDueEmails(kT0, kT0.PlusSeconds(300), 7, {}));
          return Ok();
        });
        if (!st.ok()) ADD_FAILURE() << st.error().message;
        if (!st.ok() || batch.empty()) break;
        for (const auto& e : batch) emails[h].push_back(e.id);
      }
      for (;;) {
        size_t taken = 0;
        Status st = handles[h]->Write([&](Tx& tx) -> Status {
          TRY(auto due, tx.TrialsEnded(org, kT0.PlusDays(1), 3));
          for (Service s : due) {
            s.status = ProductStatus::kTrialEnd;
            TRY_STATUS(tx.UpdateService(s));
            services[h].push_back(s.id.value);
          }
          taken = due.size();
          return Ok();
        });
        if (!st.ok()) ADD_FAILURE() << st.error().message;
        if (!st.ok() || taken == 0) break;
      }
    });
  for (auto& t : threads) t.join();
  for (auto* taken : {&emails, &services}) {
    std::set<int64_t> all;
    size_t total = 0;
    for (const auto& list : *taken) {
      all.insert(list.begin(), list.end());
      total += list.size();
    }
    EXPECT_EQ(total, all.size()) << "a row was taken twice";
    EXPECT_EQ(static_cast<int>(all.size()), taken == &emails ? kEmails : kAccounts);
  }
}

}  // namespace
}  // namespace clientele::storage::conformance
