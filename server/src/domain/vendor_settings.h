#pragma once

#include <optional>
#include <string>

#include "core/error.h"
#include "core/result.h"
#include "domain/model.h"
#include "storage/store.h"

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

// Branding and mail server of the reseller's organisation (SPEC §8). Reseller only. The SMTP
// password is sealed with the configured secret key and never returned.
class VendorSettingsService {
 public:
  VendorSettingsService(storage::Database& db, std::string secret_key)
      : db_(db), secret_key_(std::move(secret_key)) {}

  Result<Branding> Get(const Caller& caller);
  Result<Branding> Update(const Caller& caller, const BrandingUpdate& update, Timestamp now);

 private:
  storage::Database& db_;
  std::string secret_key_;
};

}  // namespace clientele
