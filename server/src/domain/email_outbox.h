#pragma once

#include <string>

#include "core/result.h"
#include "domain/model.h"
#include "mail/templates/templates.h"
#include "domain/storage/unit_of_work.h"

namespace clientele {

struct EmailRecipient {
  std::string address;
  std::string name;
  std::string lang = "en";
};

// What an organisation's e-mails are signed with: its brand (or its name) and support address
// (or the reseller's own e-mail).
struct Brand {
  std::string name;
  std::string support_email;
  std::string lang = "en";  // the reseller's language, for e-mails to the organisation itself
};
Result<Brand> BrandOf(storage::Tx& tx, OrgId org);

// Renders `kind` in the recipient's language with the organisation's brand and writes it to the
// outbox in the caller's transaction. An e-mail whose `dedupe_key` was queued before is not
// queued again, so a job that runs twice for the same event sends one e-mail.
Status QueueEmail(storage::Tx& tx, OrgId org, mail::EmailKind kind, const EmailRecipient& to,
                  mail::EmailContext context, const std::string& dedupe_key, Timestamp now);

}  // namespace clientele
