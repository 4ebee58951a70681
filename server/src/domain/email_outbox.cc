#include "domain/email_outbox.h"

#include <boost/json.hpp>

namespace clientele {
namespace {

namespace bj = boost::json;

// The JSON names of EmailData's text fields; stable, since queued rows outlive a release.
struct TextField {
  std::string_view key;
  std::string EmailData::*field;
};
constexpr TextField kTextFields[] = {
    {"lang", &EmailData::lang},
    {"recipient_name", &EmailData::recipient_name},
    {"account_company", &EmailData::account_company},
    {"account_id", &EmailData::account_id},
    {"product_title", &EmailData::product_title},
    {"action_link", &EmailData::action_link},
    {"note", &EmailData::note},
    {"ip", &EmailData::ip},
    {"user_email", &EmailData::user_email},
};

}  // namespace

std::string EncodeEmailData(const EmailData& data) {
  bj::object o;
  for (const auto& [key, field] : kTextFields)
    if (!(data.*field).empty()) o[key] = data.*field;
  if (data.when) o["when"] = data.when->micros;
  if (data.link_valid_hours > 0) o["link_valid_hours"] = data.link_valid_hours;
  return bj::serialize(o);
}

Result<EmailData> DecodeEmailData(std::string_view json) {
  bj::error_code ec;
  bj::value parsed = bj::parse(json, ec);
  if (ec || !parsed.is_object())
    return MakeError(ErrorCode::kInternal, "The e-mail's stored data is not readable.");
  const bj::object& o = parsed.as_object();
  EmailData data;
  for (const auto& [key, field] : kTextFields)
    if (const auto* v = o.if_contains(key); v && v->is_string()) data.*field = v->as_string();
  if (const auto* v = o.if_contains("when"); v && v->is_int64()) data.when = Timestamp{v->as_int64()};
  if (const auto* v = o.if_contains("link_valid_hours"); v && v->is_int64())
    data.link_valid_hours = static_cast<int>(v->as_int64());
  return data;
}

Result<Brand> BrandOf(storage::Tx& tx, OrgId org) {
  TRY(Branding branding, tx.GetBranding(org));
  Brand brand{branding.brand_name, branding.support_email, "en"};
  TRY(Organisation organisation, tx.GetOrganisation(org));
  if (brand.name.empty()) brand.name = organisation.name;
  if (organisation.reseller_client) {
    TRY(Client own, tx.GetClient(org, *organisation.reseller_client));
    if (brand.support_email.empty()) brand.support_email = own.email;
    brand.lang = own.lang;
  }
  return brand;
}

OutboxEmail OutboxEmailOf(OrgId org, EmailKind kind, const EmailRecipient& to, EmailData data,
                          const std::string& dedupe_key, Timestamp now) {
  data.lang = to.lang;
  if (data.recipient_name.empty()) data.recipient_name = to.name;
  OutboxEmail email;
  email.org = org;
  email.kind = std::string(EmailKindName(kind));
  email.dedupe_key = dedupe_key;
  email.to_address = to.address;
  email.to_name = to.name;
  email.data = EncodeEmailData(data);
  email.next_attempt_at = now;
  email.created_at = now;
  return email;
}

Status QueueEmail(storage::Tx& tx, OrgId org, EmailKind kind, const EmailRecipient& to,
                  EmailData data, const std::string& dedupe_key, Timestamp now) {
  OutboxEmail email = OutboxEmailOf(org, kind, to, std::move(data), dedupe_key, now);
  TRY(bool queued, tx.EnqueueEmail(email));
  (void)queued;  // false: this event's e-mail is already queued
  return Ok();
}

}  // namespace clientele
