#pragma once

#include <chrono>
#include <optional>
#include <string>
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

// "Name <address>" with the name quoted or encoded as needed (RFC 5322 / RFC 2047).
std::string FormatAddress(const std::string& address, const std::string& name);

}  // namespace clientele::mail
