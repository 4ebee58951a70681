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

// Whether an organisation may use `host` (trimmed, IPv6 without brackets) as its mail server:
// nullopt if it may, else the reason, for the reseller. The rule (the host's form, and which
// addresses are allowed) is mail/'s: app/ passes mail::CheckMailServerSetting.
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

// "Send test email" of the vendor settings: a port of the domain that delivery implements
// (jobs::MailDelivery) and app/ hands to the HTTP layer. Thread-safe.
class MailTestRunner {
 public:
  virtual ~MailTestRunner() = default;
  // Checks that there is a mail server to use (kFailedPrecondition if not, with details
  // status=failed, failure=not_configured), records the test and sends it in the background.
  // kAlreadyExists while the organisation's previous test is still being sent; kUnavailable
  // when too many tests run at once.
  virtual Result<MailTest> StartTest(OrgId org, const std::string& to, Timestamp now) = 0;
  // A test of the organisation (kNotFound for another's); one left "sending" past its time
  // limit is reported as failed with a "timeout".
  virtual Result<MailTest> GetTest(OrgId org, int64_t id, Timestamp now) = 0;
};

}  // namespace clientele
