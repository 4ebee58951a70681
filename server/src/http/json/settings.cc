#include <boost/json.hpp>

#include <string_view>

#include "domain/deletion.h"
#include "domain/presets.h"
#include "domain/vendor_settings.h"
#include "http/json/codec.h"

// Settings of an organisation: vendor settings (the contract's BrandingSettings shape) and their
// test e-mail, alert addresses, deletion requests, filter presets.
namespace clientele::http::json {
namespace {

const char* StateName(DeletionState s) {
  switch (s) {
    case DeletionState::kPending: return "pending";
    case DeletionState::kCancelled: return "cancelled";
    case DeletionState::kCompleted: return "completed";
  }
  return "pending";
}

// What the reseller reads about a test e-mail: a category and at most the SMTP reply code,
// never the mail server's own words (that would make the setting a probe of whatever answers
// on an address).
std::string_view FailureMessage(std::string_view failure) {
  if (failure == "not_configured")
    return "No mail server: set one in the vendor settings or ask the platform operator.";
  if (failure == "invalid")
    return "The e-mail could not be composed: check the sender address (fromEmail) and the mail "
           "server settings.";
  if (failure == "resolve") return "The mail server's host name could not be resolved.";
  if (failure == "address_not_allowed")
    return "The mail server's host has a private or local address, which is not allowed.";
  if (failure == "connect") return "Could not connect to the mail server.";
  if (failure == "timeout") return "The mail server did not answer in time.";
  if (failure == "tls")
    return "The secure connection failed (no STARTTLS, an untrusted certificate, or a failed "
           "handshake).";
  if (failure == "login") return "The mail server refused the login.";
  if (failure == "sender_refused") return "The mail server refused the sender address.";
  if (failure == "recipient_refused") return "The mail server refused the recipient address.";
  if (failure == "message_refused") return "The mail server refused the message.";
  return "Sending failed.";
}

}  // namespace

bj::object EncodeBranding(const Branding& b) {
  bj::object pub;
  pub["brandName"] = b.brand_name;
  pub["fromEmail"] = b.from_email;
  pub["supportEmail"] = b.support_email;
  pub["supportPhone"] = b.support_phone;
  pub["websiteLink"] = b.website_link;
  pub["agreementLink"] = b.agreement_link;
  pub["apiDocsLink"] = b.api_docs_link;
  pub["knowledgeBaseLink"] = b.knowledge_base_link;
  pub["statusPageLink"] = b.status_page_link;
  pub["showApiDoc"] = !b.api_docs_link.empty();
  pub["showKnowledgeBase"] = !b.knowledge_base_link.empty();
  pub["showStatusPage"] = !b.status_page_link.empty();
  pub["showTickets"] = false;
  pub["logo"] = b.logo;
  bj::object colors;
  colors["header"] = b.header_color;
  colors["primary"] = b.primary_color;
  pub["colors"] = std::move(colors);
  bj::object server;
  server["host"] = b.smtp_host;
  server["port"] = b.smtp_port > 0 ? bj::value(std::to_string(b.smtp_port)) : bj::value("");
  server["tls"] = b.smtp_tls != "none";
  server["security"] = b.smtp_tls;
  server["login"] = b.smtp_login;
  server["password"] = nullptr;  // write-only
  server["has_password"] = b.smtp_password_sealed.has_value();
  bj::object priv;
  priv["mailServer"] = std::move(server);
  bj::object o;
  o["reseller"] = b.org.value;
  o["domain"] = "";
  o["deleted"] = false;
  o["publicSettings"] = std::move(pub);
  o["privateSettings"] = std::move(priv);
  return o;
}

bj::object EncodeMailTest(const MailTest& t) {
  bj::object out;
  out["id"] = t.id;
  out["status"] = ToString(t.state);
  out["email"] = t.to_address;
  if (t.state == MailTestState::kFailed) {
    out["failure"] = t.failure;
    out["smtp_code"] = t.reply_code > 0 ? bj::value(t.reply_code) : nullptr;
    out["message"] = FailureMessage(t.failure);
  } else {
    out["failure"] = nullptr;
    out["smtp_code"] = nullptr;
  }
  out["created_at"] = FormatRfc3339(t.created_at);
  out["finished_at"] = t.finished_at ? bj::value(FormatRfc3339(*t.finished_at)) : nullptr;
  return out;
}

bj::object EncodeNotificationSetting(const NotificationSetting& s) {
  bj::object o;
  o["id"] = s.id;
  o["reseller"] = s.org.value;
  o["notification_type"] = s.type;
  o["email"] = s.email;
  o["enabled"] = s.enabled;
  return o;
}

bj::object EncodeDeletionRequest(const DeletionRequest& r) {
  bj::object o;
  o["id"] = r.id;
  o["client"] = r.client.value;
  o["state"] = StateName(r.state);
  o["requested_by"] = r.requested_by ? bj::value(r.requested_by->value) : bj::value(nullptr);
  o["requested_by_email"] = r.requested_email;
  o["requested_at"] = FormatRfc3339(r.requested_at);
  o["deletion_date"] = FormatRfc3339(r.due_at);
  o["closed_at"] = Time(r.closed_at);
  o["closed_by_email"] = r.closed_by_email.empty() ? bj::value(nullptr) : bj::value(r.closed_by_email);
  o["note"] = r.note;
  bj::array stopped;
  for (const auto& id : r.stopped_services) stopped.emplace_back(id.value);
  o["stopped_services"] = std::move(stopped);
  return o;
}

bj::object EncodePreset(const FilterPreset& p) {
  bj::object o;
  o["id"] = p.id;
  o["name"] = p.name;
  boost::system::error_code ec;
  auto filters = bj::parse(p.filters_json, ec);
  o["filters"] = ec ? bj::value(bj::object{}) : filters;
  o["created_at"] = FormatRfc3339(p.created_at);
  return o;
}

}  // namespace clientele::http::json
