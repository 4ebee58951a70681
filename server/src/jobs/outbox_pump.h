#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "core/time.h"
#include "jobs/mail_delivery.h"

namespace clientele::jobs {

// Sends the outbox while the server runs, without waiting for the jobs timer.
//
// Wake() — called when a transaction that queued an e-mail commits (storage::OutboxHooks), and
// by the timer for e-mails whose retry time has come — makes it claim what is due at once. Each
// organisation's e-mails become one batch for one of `workers` threads, and an organisation with
// a batch queued or being sent is left out of further claims until that batch is done. So a slow
// or dead mail server holds up its own organisation and one worker, never the others' mail.
//
// Thread-safe. Wake() never blocks on the database or the network.
class OutboxPump {
 public:
  OutboxPump(MailDelivery& delivery, const Clock& clock, int workers = 4);
  ~OutboxPump();  // Stop()
  OutboxPump(const OutboxPump&) = delete;
  OutboxPump& operator=(const OutboxPump&) = delete;

  // Starts the threads and claims what is already due.
  void Start();
  void Wake();
  // Cancels sends in progress (their e-mails are put back for the next run) and joins the
  // threads; returns within a few seconds. Idempotent.
  void Stop();

 private:
  void Dispatch();
  void Work();

  MailDelivery& delivery_;
  const Clock& clock_;
  const int workers_;
  std::mutex mu_;
  std::condition_variable dispatch_cv_;
  std::condition_variable work_cv_;
  bool woken_ = true;  // whatever is due at start goes out at once
  bool stopping_ = false;
  int idle_ = 0;
  std::deque<OrgBatch> queue_;
  std::set<int64_t> busy_;  // organisations with a batch queued or being sent
  std::thread dispatcher_;
  std::vector<std::thread> threads_;
};

}  // namespace clientele::jobs
