#include "domain/vendor_settings.h"

#include <cctype>

#include "crypto/crypto.h"
#include "domain/validation.h"

namespace clientele {
namespace {

bool IsColor(const std::string& c) {
  if (c.size() != 7 || c[0] != '#') return false;
  for (size_t i = 1; i < 7; ++i)
    if (!std::isxdigit(static_cast<unsigned char>(c[i]))) return false;
  return true;
}

bool IsHttpUrl(const std::string& u) {
  return (u.starts_with("https://") || u.starts_with("http://")) && u.size() > 8 &&
         u.find_first_of(" \t\r\n\"<>") == std::string::npos;
}

}  // namespace

Result<Branding> VendorSettingsService::Get(const Caller& caller) {
  if (caller.type != UserType::kReseller) return PermissionDenied();
  std::optional<Branding> b;
  TRY_STATUS(db_.Read([&](storage::Tx& tx) -> Status {
    TRY(b, tx.GetBranding(caller.org));
    return Ok();
  }));
  return std::move(*b);
}

Result<Branding> VendorSettingsService::Update(const Caller& caller, const BrandingUpdate& u,
                                               Timestamp now) {
  if (caller.type != UserType::kReseller) return PermissionDenied();
  FieldErrors errors = u.type_errors;
  auto text = [&](const char* field, const std::optional<std::string>& v, size_t max) {
    if (v && !v->empty())
      if (auto bad = validation::CheckText(*v, 0, max)) errors.Add(field, *bad);
  };
  auto email = [&](const char* field, const std::optional<std::string>& v) {
    if (v && !v->empty())
      if (auto bad = validation::CheckEmail(*v)) errors.Add(field, *bad);
  };
  auto url = [&](const char* field, const std::optional<std::string>& v) {
    if (v && !v->empty() && (!IsHttpUrl(*v) || v->size() > 500))
      errors.Add(field, "Use an http:// or https:// address.");
  };
  auto color = [&](const char* field, const std::optional<std::string>& v) {
    if (v && !v->empty() && !IsColor(*v)) errors.Add(field, "Use a colour like #1a73e8.");
  };
  text("brandName", u.brand_name, 100);
  email("fromEmail", u.from_email);
  email("supportEmail", u.support_email);
  if (u.support_phone && !u.support_phone->empty())
    if (auto bad = validation::CheckPhone(*u.support_phone)) errors.Add("supportPhone", *bad);
  url("websiteLink", u.website_link);
  url("agreementLink", u.agreement_link);
  url("apiDocsLink", u.api_docs_link);
  url("knowledgeBaseLink", u.knowledge_base_link);
  url("statusPageLink", u.status_page_link);
  color("colors.header", u.header_color);
  color("colors.primary", u.primary_color);
  if (u.logo && u.logo->size() > 200'000) errors.Add("logo", "The logo must be under 200 KB.");
  if (u.logo && !u.logo->empty() && !u.logo->starts_with("data:image/"))
    errors.Add("logo", "Use a data:image/... URL.");
  // Stored without brackets; an IPv6 literal is the only host with colons.
  std::optional<std::string> host;
  if (u.smtp_host) {
    host = validation::Trim(*u.smtp_host);
    if (host->size() > 2 && host->front() == '[' && host->back() == ']')
      host = host->substr(1, host->size() - 2);
  }
  if (host && !host->empty() && check_host_)
    if (auto refused = check_host_(*host)) errors.Add("mailServer.host", *refused);
  if (u.smtp_port && (*u.smtp_port < 0 || *u.smtp_port > 65535))  // 0: unset (the default)
    errors.Add("mailServer.port", "Use a port from 1 to 65535.");
  if (u.smtp_tls && *u.smtp_tls != "none" && *u.smtp_tls != "starttls" && *u.smtp_tls != "tls")
    errors.Add("mailServer.tls", "Use none, starttls or tls.");
  text("mailServer.login", u.smtp_login, 255);
  if (u.smtp_password && u.smtp_password->size() > 500)
    errors.Add("mailServer.password", "Too long.");
  if (!errors.empty()) return errors.ToError();

  std::optional<Branding> out;
  TRY_STATUS(db_.Write([&](storage::Tx& tx) -> Status {
    TRY(Branding b, tx.GetBranding(caller.org));
    auto set = [](std::string& target, const std::optional<std::string>& v) {
      if (v) target = validation::Trim(*v);
    };
    set(b.brand_name, u.brand_name);
    set(b.from_email, u.from_email);
    set(b.support_email, u.support_email);
    set(b.support_phone, u.support_phone);
    set(b.website_link, u.website_link);
    set(b.agreement_link, u.agreement_link);
    set(b.api_docs_link, u.api_docs_link);
    set(b.knowledge_base_link, u.knowledge_base_link);
    set(b.status_page_link, u.status_page_link);
    set(b.header_color, u.header_color);
    set(b.primary_color, u.primary_color);
    if (u.logo) b.logo = *u.logo;
    set(b.smtp_host, host);
    set(b.smtp_tls, u.smtp_tls);
    set(b.smtp_login, u.smtp_login);
    if (u.smtp_port) b.smtp_port = *u.smtp_port;
    if (u.smtp_password) {
      if (u.smtp_password->empty())
        b.smtp_password_sealed.reset();
      else
        b.smtp_password_sealed = crypto::Seal(secret_key_, *u.smtp_password);
    }
    b.updated_at = now;
    TRY_STATUS(tx.PutBranding(b));
    out = b;
    return Ok();
  }));
  return std::move(*out);
}

}  // namespace clientele
