#include "storage/sql/rows.h"

#include <string>

namespace clientele::storage::sql {

std::string EmailKeyOf(std::string_view email) {
  std::string key(email);
  for (char& c : key)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return key;
}

const std::string_view kClientColumns =
    "c.id, c.org_id, c.email, c.name, c.company_name, c.phone, c.website, c.custom_id, "
    "c.seller_id, c.lang, c.country_code, c.is_test, c.is_reseller_account, c.deleted, c.status, "
    "c.owner_user_id, c.created_at, c.updated_at, c.deleted_at, c.days_to_deleted, c.trial_days";

Client ReadClient(const Row& s) {
  Client c;
  c.id = ClientId{s.Int(0)};
  c.org = OrgId{s.Int(1)};
  c.email = s.Text(2);
  c.name = s.OptText(3);
  c.company_name = s.Text(4);
  c.phone = s.OptText(5);
  c.website = s.OptText(6);
  c.custom_id = s.OptText(7);
  if (auto v = s.OptInt(8)) c.seller = UserId{*v};
  c.lang = s.Text(9);
  c.country_code = s.OptText(10);
  c.is_test = s.Bool(11);
  c.is_reseller_account = s.Bool(12);
  c.deleted = s.Bool(13);
  c.status = ParseAccountStatus(s.Text(14)).value_or(AccountStatus::kPreparation);
  if (auto v = s.OptInt(15)) c.owner = UserId{*v};
  c.created_at = s.Time(16);
  c.updated_at = s.Time(17);
  c.deleted_at = s.OptTime(18);
  if (auto v = s.OptInt(19)) c.days_to_deleted = static_cast<int>(*v);
  if (auto v = s.OptInt(20)) c.trial_days = static_cast<int>(*v);
  return c;
}

const std::string_view kUserColumns =
    "id, org_id, client_id, email, name, phone, lang, user_type, group_id, password_hash, "
    "activated, blocked, deleted, failed_logins, locked_until, created_at, invited_at, "
    "last_login_at, sessions_valid_after";

User ReadUser(const Row& s) {
  User u;
  u.id = UserId{s.Int(0)};
  u.org = OrgId{s.Int(1)};
  if (auto v = s.OptInt(2)) u.client = ClientId{*v};
  u.email = s.Text(3);
  u.name = s.OptText(4);
  u.phone = s.OptText(5);
  u.lang = s.Text(6);
  u.type = ParseUserType(s.Text(7)).value_or(UserType::kCommon);
  if (auto v = s.OptInt(8)) u.group = GroupFromId(*v);
  u.password_hash = s.Text(9);
  u.activated = s.Bool(10);
  u.blocked = s.Bool(11);
  u.deleted = s.Bool(12);
  u.failed_logins = static_cast<int>(s.Int(13));
  u.locked_until = s.OptTime(14);
  u.created_at = s.Time(15);
  u.invited_at = s.OptTime(16);
  u.last_login_at = s.OptTime(17);
  u.sessions_valid_after = s.OptTime(18);
  return u;
}

const std::string_view kServiceColumns =
    "s.id, s.client_id, s.product, s.status, s.previous_status, s.status_changed_at, "
    "s.trial_start, s.trial_end, s.deleted_date, s.enabled, s.available, s.org_id, "
    "s.ends_soon_sent_for";

Service ReadService(const Row& s) {
  Service v;
  v.id = ServiceId{s.Int(0)};
  v.client = ClientId{s.Int(1)};
  v.product = s.Text(2);
  v.status = ParseProductStatus(s.Text(3)).value_or(ProductStatus::kNew);
  if (auto p = s.OptText(4)) v.previous_status = ParseProductStatus(*p);
  v.status_changed_at = s.OptTime(5);
  v.start = s.OptTime(6);
  v.trial_end = s.OptTime(7);
  v.deleted_date = s.OptTime(8);
  v.enabled = s.Bool(9);
  v.available = s.OptBool(10);
  v.org = OrgId{s.Int(11)};
  v.ends_soon_sent_for = s.OptTime(12);
  return v;
}

const std::string_view kTokenColumns =
    "t.id, t.org_id, t.client_id, t.user_id, t.name, t.description, t.role, t.secret_hash, "
    "t.expires_at, t.created_at, t.last_used_at, t.deleted, u.email, u.name";

ApiToken ReadToken(const Row& s) {
  ApiToken t;
  t.id = TokenId{s.Int(0)};
  t.org = OrgId{s.Int(1)};
  t.client = ClientId{s.Int(2)};
  t.user = UserId{s.Int(3)};
  t.name = s.Text(4);
  t.description = s.OptText(5);
  t.role = GroupFromId(s.Int(6)).value_or(Group::kUsers);
  t.secret_hash = s.Blob(7);
  t.expires_at = s.OptTime(8);
  t.created_at = s.Time(9);
  t.last_used_at = s.OptTime(10);
  t.deleted = s.Bool(11);
  t.user_email = s.Text(12);
  t.user_name = s.OptText(13);
  return t;
}

const std::string_view kActivityColumns =
    "id, org_id, user_id, user_email, client_id, token_id, acting_user_id, acting_user_email, "
    "requested_at, method, path, query, body, status_code, remote_ip, host, subject_client_id, "
    "event";

ActivityEntry ReadActivity(const Row& s) {
  ActivityEntry a;
  a.id = s.Int(0);
  a.org = OrgId{s.Int(1)};
  if (auto v = s.OptInt(2)) a.user = UserId{*v};
  a.user_email = s.Text(3);
  if (auto v = s.OptInt(4)) a.client = ClientId{*v};
  if (auto v = s.OptInt(5)) a.token = TokenId{*v};
  if (auto v = s.OptInt(6)) a.acting_user = UserId{*v};
  a.acting_user_email = s.Text(7);
  a.requested_at = s.Time(8);
  a.method = s.Text(9);
  a.path = s.Text(10);
  a.query = s.Text(11);
  a.body = s.Text(12);
  a.status_code = static_cast<int>(s.Int(13));
  a.remote_ip = s.Text(14);
  a.host = s.Text(15);
  if (auto v = s.OptInt(16)) a.subject = ClientId{*v};
  a.event = s.Text(17);
  return a;
}

const std::string_view kOutboxColumns =
    "id, org_id, kind, dedupe_key, to_address, to_name, subject, text_body, html_body, state, "
    "attempts, next_attempt_at, last_error, created_at, sent_at, data";

OutboxEmail ReadOutbox(const Row& s) {
  OutboxEmail e;
  e.id = s.Int(0);
  e.org = OrgId{s.Int(1)};
  e.kind = s.Text(2);
  e.dedupe_key = s.Text(3);
  e.to_address = s.Text(4);
  e.to_name = s.Text(5);
  e.subject = s.Text(6);
  e.text_body = s.Text(7);
  e.html_body = s.Text(8);
  std::string state = s.Text(9);
  e.state = state == "sent"     ? EmailState::kSent
            : state == "failed" ? EmailState::kFailed
                                : EmailState::kPending;
  e.attempts = static_cast<int>(s.Int(10));
  e.next_attempt_at = s.Time(11);
  e.last_error = s.Text(12);
  e.created_at = s.Time(13);
  e.sent_at = s.OptTime(14);
  e.data = s.Text(15);
  return e;
}

const std::string_view kMailTestColumns =
    "id, org_id, to_address, state, failure, reply_code, created_at, finished_at";

MailTest ReadMailTest(const Row& s) {
  MailTest t;
  t.id = s.Int(0);
  t.org = OrgId{s.Int(1)};
  t.to_address = s.Text(2);
  t.state = ParseMailTestState(s.Text(3));
  t.failure = s.Text(4);
  t.reply_code = static_cast<int>(s.Int(5));
  t.created_at = s.Time(6);
  t.finished_at = s.OptTime(7);
  return t;
}

const std::string_view kOrganisationColumns =
    "id, name, reseller_client_id, trial_days, days_to_deleted, created_at, max_trial_days, "
    "max_days_to_deleted";

Organisation ReadOrganisation(const Row& s) {
  Organisation o;
  o.id = OrgId{s.Int(0)};
  o.name = s.Text(1);
  if (auto v = s.OptInt(2)) o.reseller_client = ClientId{*v};
  o.trial_days = static_cast<int>(s.Int(3));
  o.days_to_deleted = static_cast<int>(s.Int(4));
  o.created_at = s.Time(5);
  o.max_trial_days = static_cast<int>(s.Int(6));
  o.max_days_to_deleted = static_cast<int>(s.Int(7));
  return o;
}

const std::string_view kDeletionColumns =
    "id, org_id, client_id, state, requested_by, requested_email, requested_at, due_at, "
    "stopped_services, closed_by_email, closed_at, note";

DeletionRequest ReadDeletion(const Row& s) {
  DeletionRequest d;
  d.id = s.Int(0);
  d.org = OrgId{s.Int(1)};
  d.client = ClientId{s.Int(2)};
  std::string state = s.Text(3);
  d.state = state == "pending"     ? DeletionState::kPending
            : state == "cancelled" ? DeletionState::kCancelled
                                   : DeletionState::kCompleted;
  if (auto v = s.OptInt(4)) d.requested_by = UserId{*v};
  d.requested_email = s.Text(5);
  d.requested_at = s.Time(6);
  d.due_at = s.Time(7);
  // The stopped services are stored as a comma-separated id list.
  std::string ids = s.Text(8);
  size_t start = 0;
  while (start < ids.size()) {
    size_t end = ids.find(',', start);
    if (end == std::string::npos) end = ids.size();
    d.stopped_services.emplace_back(std::stoll(ids.substr(start, end - start)));
    start = end + 1;
  }
  d.closed_by_email = s.Text(9);
  d.closed_at = s.OptTime(10);
  d.note = s.Text(11);
  return d;
}

}  // namespace clientele::storage::sql
