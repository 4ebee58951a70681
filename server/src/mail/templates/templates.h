#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/time.h"
#include "domain/email.h"

// The texts of the product's automatic e-mails, per language. Pure functions: no I/O, no clock,
// no global state; safe to call from any thread.
namespace clientele::mail {

// The kinds are the domain's (domain/email.h); mail/ only renders them.
using clientele::AllEmailKinds;
using clientele::EmailKind;
using clientele::EmailKindName;
using clientele::ParseEmailKind;

// "en", "de", "ru", "zh", "az".
std::span<const std::string_view> SupportedLanguages();
// The language Render will use for `lang`: case-insensitive, region ignored ("de-AT", "ru_RU"),
// "en" for anything unknown or empty.
std::string_view ResolveLanguage(std::string_view lang);

// What an e-mail may mention. Every field is optional: a sentence whose value is empty is left
// out or replaced by a shorter one (no "Hello ,"). All strings are plain UTF-8 text, never HTML;
// they may be user input (brand names, company names, notes) and are escaped in the HTML part.
struct EmailContext {
  std::string brand_name;     // the organisation's brand: subject prefix and signature
  std::string support_email;  // customer e-mails say "questions? write to ..."
  std::string recipient_name;
  std::string account_company;
  std::string account_id;
  std::string product_title;
  // Trial end, deletion date, time of a failed sign-in...: shown in the recipient's language,
  // in UTC ("27 November 2026, 04:19 UTC").
  std::optional<Timestamp> when;
  // Invitation, reset or sign-in URL. A button in HTML only if it is http(s); always as text.
  std::string action_link;
  int link_valid_hours = 0;  // > 0: "This link is valid for 24 hours." (48 and up: days)
  std::string note;          // may span several lines
  std::string ip;
  std::string user_email;  // the user concerned (invited, signing in, requesting...)
};

struct RenderedEmail {
  std::string subject;  // one line; control characters in values become spaces
  std::string text;     // LF line endings, ends with a newline
  std::string html;     // a complete UTF-8 document with inline styles
};

// The e-mail `kind` in `lang` (see ResolveLanguage). Never fails.
RenderedEmail Render(EmailKind kind, std::string_view lang, const EmailContext& ctx);

}  // namespace clientele::mail
