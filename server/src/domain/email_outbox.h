#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "domain/email.h"
#include "domain/model.h"
#include "domain/storage/unit_of_work.h"

namespace clientele {

struct EmailRecipient {
  std::string address;
  std::string name;
  std::string lang = "en";
};

// What an e-mail says besides the organisation's brand, which delivery adds when it renders the
// e-mail (jobs/mail_delivery.cc). Every field is optional; all are plain text, possibly user
// input. See EmailKind for which kind mentions what.
struct EmailData {
  std::string lang = "en";  // the recipient's language
  std::string recipient_name;
  std::string account_company;
  std::string account_id;
  std::string product_title;
  std::optional<Timestamp> when;
  std::string action_link;   // invitation, reset or sign-in URL (may be a one-time link)
  int link_valid_hours = 0;  // > 0: the e-mail says how long the link is valid
  std::string note;
  std::string ip;
  std::string user_email;  // the user concerned (invited, signing in, requesting...)
};

// The outbox's form of EmailData: a JSON object of the fields that are set.
std::string EncodeEmailData(const EmailData& data);
// kInternal if `json` is not what EncodeEmailData writes; unknown keys are ignored.
Result<EmailData> DecodeEmailData(std::string_view json);

// What an organisation's e-mails are signed with: its brand (or its name) and support address
// (or the reseller's own e-mail).
struct Brand {
  std::string name;
  std::string support_email;
  std::string lang = "en";  // the reseller's language, for e-mails to the organisation itself
};
Result<Brand> BrandOf(storage::Tx& tx, OrgId org);

// The outbox row of `kind` with its data, as QueueEmail writes it (pure).
OutboxEmail OutboxEmailOf(OrgId org, EmailKind kind, const EmailRecipient& to, EmailData data,
                          const std::string& dedupe_key, Timestamp now);

// Writes `kind` with its data to the outbox in the caller's transaction; delivery renders it in
// `to.lang` with the organisation's brand when it sends it. `data.recipient_name` defaults to
// `to.name`. An e-mail whose `dedupe_key` was queued before is not queued again, so a job that
// runs twice for the same event sends one e-mail.
Status QueueEmail(storage::Tx& tx, OrgId org, EmailKind kind, const EmailRecipient& to,
                  EmailData data, const std::string& dedupe_key, Timestamp now);

}  // namespace clientele
