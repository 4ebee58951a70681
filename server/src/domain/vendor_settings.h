#pragma once

#include <functional>
#include <optional>
#include <string>

#include "core/error.h"
#include "core/result.h"
#include "domain/model.h"
#include "domain/storage/unit_of_work.h"

namespace clientele {

// A change to the vendor settings: unset fields stay as they are.
struct BrandingUpdate {
  std::optional<std::string> brand_name, from_email, support_email, support_phone, website_link,
      agreement_link, api_docs_link, knowledge_base_link, status_page_link, header_color,
      primary_color, logo, smtp_host, smtp_tls, smtp_login;
  std::optional<int> smtp_port;
  // Absent: keep the stored password. Empty: remove it. Otherwise: the new password.
  std::optional<std::string> smtp_password;
  FieldErrors type_errors;
};

// Whether an organisation may use `host` as its mail server: nullopt if it may, else the reason,
// for the reseller. app/ passes mail::CheckMailServerHost (public addresses only) unless the
// operator allows private mail servers.
using MailHostCheck = std::function<std::optional<std::string>(const std::string& host)>;

// Branding and mail server of the reseller's organisation (SPEC §8). Reseller only. The SMTP
// password is sealed with the configured secret key and never returned. A mail server host that
// `check_host` refuses is a 400 on "mailServer.host", and nothing is saved.
class VendorSettingsService {
 public:
  VendorSettingsService(storage::Database& db, std::string secret_key,
                        MailHostCheck check_host = {})
      : db_(db), secret_key_(std::move(secret_key)), check_host_(std::move(check_host)) {}

  Result<Branding> Get(const Caller& caller);
  Result<Branding> Update(const Caller& caller, const BrandingUpdate& update, Timestamp now);

 private:
  storage::Database& db_;
  std::string secret_key_;
  MailHostCheck check_host_;
};

}  // namespace clientele
