#include "http/json/codec.h"

namespace clientele::http::json {
namespace {

bj::object EncodeItem(const AttentionItem& item, const char* time_key) {
  bj::object o;
  o["client_id"] = item.client.value;
  o["companyName"] = item.company_name;
  o["email"] = item.email;
  if (item.product) o["product"] = *item.product;
  o[time_key] = FormatRfc3339(item.at);
  return o;
}

bj::object EncodeValue(const PolicyValue& v) {
  bj::object o;
  o["days"] = v.days;
  o["source"] = PolicySourceName(v.source);
  o["inherited_days"] = v.inherited;
  o["min_days"] = v.min ? bj::value(*v.min) : bj::value(nullptr);
  o["max_days"] = v.max ? bj::value(*v.max) : bj::value(nullptr);
  return o;
}

}  // namespace

bj::object EncodePreview(const LifecyclePreview& p) {
  bj::array events;
  for (const auto& e : p.events) {
    bj::object o;
    o["date"] = FormatRfc3339(e.date);
    o["client_id"] = e.client.value;
    if (e.product) o["product"] = *e.product;
    o["event"] = lifecycle::EventName(e.event);
    bj::array emails;
    for (EmailKind k : e.emails) emails.push_back(bj::value(EmailKindName(k)));
    o["emails"] = std::move(emails);
    events.push_back(std::move(o));
  }
  bj::object o;
  o["from"] = FormatRfc3339(p.now);
  o["until"] = FormatRfc3339(p.until);
  o["truncated"] = p.truncated;
  o["events"] = std::move(events);
  return o;
}

bj::object EncodeOverview(const Overview& v) {
  bj::object statuses;
  for (const auto& [status, count] : v.statuses) statuses[ToString(status)] = count;
  auto list = [](int64_t count, const std::vector<AttentionItem>& items, const char* time_key) {
    bj::array results;
    for (const auto& i : items) results.push_back(EncodeItem(i, time_key));
    bj::object o;
    o["count"] = count;
    o["results"] = std::move(results);
    return o;
  };
  bj::array changes;
  for (const auto& [change, company] : v.status_changes) {
    bj::object o = EncodeStatusChange(change);
    o["companyName"] = company;
    changes.push_back(std::move(o));
  }
  bj::object o;
  o["from"] = FormatRfc3339(v.now);
  o["until"] = FormatRfc3339(v.until);
  o["statuses"] = std::move(statuses);
  o["trials_ending"] = list(v.trials_ending_accounts, v.trials_ending, "trial_end");
  o["deletions_due"] = list(v.deletions_due_accounts, v.deletions_due, "deleted_date");
  o["deletion_requests"] = list(v.deletion_requests_count, v.deletion_requests, "due_at");
  o["status_changes"] = std::move(changes);
  return o;
}

bj::object EncodePolicy(const EffectivePolicy& p) {
  bj::object o;
  o["client_id"] = p.client.value;
  o["trial_days"] = EncodeValue(p.trial_days);
  o["days_to_deleted"] = EncodeValue(p.days_to_deleted);
  o["deletion_grace_days"] = EncodeValue(p.deletion_grace_days);
  return o;
}

}  // namespace clientele::http::json
