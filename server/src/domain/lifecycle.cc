#include "domain/lifecycle.h"

namespace clientele::lifecycle {

std::optional<std::string> CheckManualTransition(ProductStatus from, ProductStatus to) {
  using P = ProductStatus;
  if (from == to) return std::nullopt;
  switch (to) {
    case P::kDeleted:
      return "A product becomes Deleted by itself, after the days to Deleted; it can't be set by "
             "hand.";
    case P::kNew:
      return "A product can't go back to New.";
    case P::kTrial:
      if (from == P::kActive || from == P::kPaused)
        return std::string("A product that is ") + DisplayName(from) +
               " can't go back to Trial; set it to " +
               (from == P::kActive ? "Trial end or Paused" : "Active or Trial end") + " instead.";
      return std::nullopt;  // new, trialend (another trial), deleted (restart)
    case P::kActive:
      return std::nullopt;  // from anything: the customer signed a contract
    case P::kTrialEnd:
    case P::kPaused:
      if (from == P::kNew || from == P::kDeleted)
        return std::string("A product that is ") + DisplayName(from) + " has nothing to " +
               (to == P::kPaused ? "pause" : "end") + "; start a Trial or make it Active first.";
      return std::nullopt;
  }
  return "Unknown status.";
}

void Apply(Service& s, ProductStatus to, Timestamp at, const Timing& timing) {
  if (s.status == to) return;
  s.previous_status = s.status;
  s.status = to;
  s.status_changed_at = at;
  switch (to) {
    case ProductStatus::kTrial:
      s.start = at;
      s.trial_end = at.PlusDays(timing.trial_days);
      s.deleted_date.reset();
      break;
    case ProductStatus::kTrialEnd:
    case ProductStatus::kPaused:
      s.deleted_date = at.PlusDays(timing.days_to_deleted);
      break;
    case ProductStatus::kActive:
      s.deleted_date.reset();
      break;
    case ProductStatus::kDeleted:
      s.deleted_date = at;
      break;
    case ProductStatus::kNew:
      break;
  }
}

std::string_view EventName(Event event) {
  switch (event) {
    case Event::kTrialEndsSoon:
      return "trial_ends_soon";
    case Event::kTrialEnd:
      return "trial_end";
    case Event::kProductDeleted:
      return "product_deleted";
    case Event::kAccountDeleted:
      return "account_deleted";
  }
  return "unknown";
}

std::optional<Due> NextEvent(const Service& s, Timestamp now) {
  switch (s.status) {
    case ProductStatus::kTrial: {
      if (!s.trial_end) return std::nullopt;
      const Timestamp end = *s.trial_end;
      // A trial that has ended gets no notice any more: its end is what is due.
      if (end > now && s.ends_soon_sent_for != s.trial_end)
        return Due{Event::kTrialEndsSoon, end.PlusDays(-kEndsSoonDays)};
      return Due{Event::kTrialEnd, end};
    }
    case ProductStatus::kTrialEnd:
    case ProductStatus::kPaused:
      if (!s.deleted_date) return std::nullopt;
      return Due{Event::kProductDeleted, *s.deleted_date};
    default:
      return std::nullopt;
  }
}

void Fire(Service& s, Event event, const Timing& timing) {
  switch (event) {
    case Event::kTrialEndsSoon:
      s.ends_soon_sent_for = s.trial_end;
      break;
    case Event::kTrialEnd:
      Apply(s, ProductStatus::kTrialEnd, *s.trial_end, timing);
      break;
    case Event::kProductDeleted:
      Apply(s, ProductStatus::kDeleted, *s.deleted_date, timing);
      break;
    case Event::kAccountDeleted:
      break;
  }
}

std::optional<EmailKind> CustomerEmailOf(Event event, const Client& account) {
  if (account.deleted) return std::nullopt;
  switch (event) {
    case Event::kTrialEndsSoon:
      return EmailKind::kTrialEndsSoon;
    case Event::kTrialEnd:
      return EmailKind::kTrialEnded;
    case Event::kProductDeleted:
      return EmailKind::kProductDeleted;
    case Event::kAccountDeleted:
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace clientele::lifecycle
