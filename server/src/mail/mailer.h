#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

// Sending one e-mail. Handlers never send: they queue an outbox row that a job hands to a Mailer.
namespace clientele::mail {

enum class TlsMode {
  kNone,      // plain SMTP (local relays, test sinks)
  kStartTls,  // upgrade with STARTTLS; refuse to send if the server can't
  kImplicit,  // TLS from the first byte (port 465)
};

struct SmtpSettings {
  std::string host;
  int port = 25;
  TlsMode tls = TlsMode::kNone;
  std::string username;  // empty: no authentication
  std::string password;
  std::string from_address;
  std::string from_name;
  std::chrono::seconds timeout{20};
};

struct Message {
  std::string to_address;
  std::string to_name;
  std::string subject;
  std::string text_body;
  std::optional<std::string> html_body;
  std::string message_id;  // without angle brackets; generated if empty
  std::vector<std::pair<std::string, std::string>> extra_headers;
};

class Mailer {
 public:
  virtual ~Mailer() = default;
  // kUnavailable: worth retrying (cannot connect, timeout, 4xx). kInvalidArgument: the server
  // refused for good (5xx, bad address). Thread-safe.
  virtual Status Send(const SmtpSettings& settings, const Message& message) = 0;
};

// "Name <address>" with the name quoted or encoded as needed (RFC 5322 / RFC 2047). Long
// non-ASCII names become several encoded words, folded with CRLF + space. Does not validate:
// callers check `address` with IsPlausibleAddress and reject CR/LF in `name` first.
std::string FormatAddress(const std::string& address, const std::string& name);

// Header text for unstructured fields such as Subject: returned as is when it is printable
// ASCII, otherwise as UTF-8 "B" encoded words of at most 75 characters each, never splitting a
// UTF-8 sequence, joined by CRLF + space (RFC 2047 section 2 and 5).
std::string EncodeHeaderText(std::string_view text);

// A deliberately simple check for an SMTP envelope address: "local@domain", printable ASCII,
// no spaces, quotes, angle brackets, commas, semicolons or control characters, at most 254
// characters, a domain without empty labels. Not a full RFC 5321 parser; it exists to keep
// header and command injection out, not to decide deliverability.
bool IsPlausibleAddress(std::string_view address);

}  // namespace clientele::mail
