#include "jobs/outbox_pump.h"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace clientele::jobs {

OutboxPump::OutboxPump(MailDelivery& delivery, const Clock& clock, int workers)
    : delivery_(delivery), clock_(clock), workers_(std::max(1, workers)) {}

OutboxPump::~OutboxPump() { Stop(); }

void OutboxPump::Start() {
  std::lock_guard lock(mu_);
  if (dispatcher_.joinable() || stopping_) return;
  idle_ = workers_;
  for (int i = 0; i < workers_; ++i) threads_.emplace_back([this] { Work(); });
  dispatcher_ = std::thread([this] { Dispatch(); });
}

void OutboxPump::Wake() {
  std::lock_guard lock(mu_);
  woken_ = true;
  dispatch_cv_.notify_one();
}

void OutboxPump::Stop() {
  {
    std::lock_guard lock(mu_);
    if (stopping_) return;
    stopping_ = true;
  }
  delivery_.Cancel();
  dispatch_cv_.notify_all();
  work_cv_.notify_all();
  if (dispatcher_.joinable()) dispatcher_.join();
  for (auto& t : threads_) t.join();
}

void OutboxPump::Dispatch() {
  std::unique_lock lock(mu_);
  for (;;) {
    // Claim only when a worker is free to take the batch: claimed e-mails are leased, and a
    // lease should be spent sending, not waiting in a queue.
    dispatch_cv_.wait(lock, [&] {
      return stopping_ || (woken_ && idle_ > static_cast<int>(queue_.size()));
    });
    if (stopping_) return;
    woken_ = false;
    std::vector<OrgId> skip;
    for (int64_t org : busy_) skip.push_back(OrgId{org});
    lock.unlock();
    auto batches = delivery_.ClaimDue(clock_.Now(), skip);
    lock.lock();
    if (!batches) {
      spdlog::error("outbox: claiming due e-mails failed: {}", batches.error().message);
      continue;  // the next wake (a commit, the timer) tries again
    }
    for (auto& b : *batches) {
      busy_.insert(b.org.value);
      queue_.push_back(std::move(b));
    }
    // A full claim may have left e-mails of other organisations behind.
    if (!batches->empty()) woken_ = true;
    work_cv_.notify_all();
  }
}

void OutboxPump::Work() {
  std::unique_lock lock(mu_);
  for (;;) {
    work_cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, nothing left to put back
    OrgBatch batch = std::move(queue_.front());
    queue_.pop_front();
    --idle_;
    lock.unlock();
    // Once stopping, MailDelivery is cancelled: the batch is put back without being sent.
    delivery_.SendBatch(batch);
    lock.lock();
    ++idle_;
    busy_.erase(batch.org.value);
    woken_ = true;  // its next e-mails may be due
    dispatch_cv_.notify_one();
  }
}

}  // namespace clientele::jobs
