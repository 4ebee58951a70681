#pragma once

#include <array>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "mail/templates/templates.h"

// The texts of one language, used only by templates.cc. Placeholders, replaced by values of the
// EmailContext: {brand} {support} {name} {company} {account_id} {product} {when} {link}
// {validity} {note} {ip} {user_email}.
namespace clientele::mail::templates_internal {

// A sentence with fallbacks: the first alternative whose placeholders all have values is used;
// when none has, the paragraph is left out. A `detail` is a short "Label: value" line;
// consecutive details form one block.
struct Paragraph {
  std::vector<std::string_view> alternatives;
  bool detail = false;
};

template <typename... T>
Paragraph P(T... alternatives) {
  return Paragraph{{std::string_view(alternatives)...}, false};
}
template <typename... T>
Paragraph D(T... alternatives) {
  return Paragraph{{std::string_view(alternatives)...}, true};
}

struct KindTexts {
  Paragraph subject;  // after the catalog's subject prefix
  std::vector<Paragraph> body;
  std::string_view action;       // label of the link button; the action shows only with a link
  std::vector<Paragraph> after;  // after the action (or right after the body)
};

struct Catalog {
  std::string_view code;
  Paragraph subject_prefix;        // "[{brand}] "
  Paragraph greeting;              // "Hello {name},"
  std::string_view link_validity;  // "This link is valid for {validity}."
  std::string_view link_fallback;  // HTML only: "If the button does not work..."
  std::string_view colon = ":";    // after an action label in text ("Reset password:")
  Paragraph support;               // customer e-mails
  Paragraph closing;               // customer e-mails: "Best regards,\nThe {brand} team"
  Paragraph staff_footer;          // notices to the reseller's staff
  std::array<std::string_view, 12> months;
  std::string_view date_format;  // {d} {month} {mo} (month number) {y} {time} (hh:mm)
  std::string (*duration)(int hours) = nullptr;  // "24 hours", "3 days"
  std::map<EmailKind, KindTexts> kinds;
};

const Catalog& English();
const Catalog& German();
const Catalog& Russian();
const Catalog& Chinese();
const Catalog& Azerbaijani();

}  // namespace clientele::mail::templates_internal
