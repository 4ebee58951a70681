#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/time.h"
#include "domain/email.h"
#include "domain/lifecycle.h"
#include "domain/model.h"

// What the time-driven jobs will do between `now` and `until` (issue 16's lifecycle preview),
// worked out with the jobs' own rules (lifecycle.h: NextEvent, Fire, CustomerEmailOf) on what
// the storage holds now: pure, no storage, no clock.
namespace clientele::lifecycle {

struct PreviewInput {
  Timestamp now;
  Timestamp until;
  // Services that may have something due by `until` (others are ignored), and their accounts.
  std::span<const Service> services;
  std::span<const Client> accounts;
  // Open deletion requests (others are ignored), and how many of the organisation's alert
  // addresses are told of a deletion (each gets one "account_deleted" e-mail).
  std::span<const DeletionRequest> requests;
  int deletion_alert_addresses = 0;
  int trial_days = 14;       // the organisation's
  int days_to_deleted = 30;  // the organisation's
};

struct PreviewEvent {
  Timestamp date;  // when the jobs do it: its due time, or `now` for what is overdue
  ClientId client;
  std::optional<std::string> product;  // nullopt for kAccountDeleted
  Event event = Event::kTrialEnd;
  std::vector<EmailKind> emails;  // one entry per e-mail it sends
};

// Every event due by `until`, in date order (on one date: the jobs' order, trial ends, notices,
// product deletions, then account deletions; then by account and product). A product's events
// follow one another (a trial that ends within the span may reach Deleted within it too); an
// account deleted within the span has no product events after its deletion.
std::vector<PreviewEvent> Preview(const PreviewInput& input);

}  // namespace clientele::lifecycle
