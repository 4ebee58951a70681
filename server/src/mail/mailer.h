#pragma once

#include <atomic>
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
  std::chrono::seconds timeout{20};        // to connect, and for each reply of the server
  std::chrono::seconds total_timeout{0};   // the whole conversation; 0: three times `timeout`
  // Off, only public addresses may be connected to (mail/host_policy.h): checked on the very
  // address each connection goes to, after DNS, so a name that changes its address later is
  // caught too. On for the platform's own mail server and for operators who allow private ones.
  bool allow_private_addresses = false;
  // When set and it becomes true, a send in progress is abandoned within about a second
  // (shutdown). Must outlive the send.
  const std::atomic<bool>* cancel = nullptr;
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

// Why a send failed, as a category: what the reseller who set up the mail server may see. It
// never carries the server's own words, which would turn the setting into a way to read
// whatever answers on an address (the Status message, with the server's reply, is for logs).
enum class SendFailure {
  kNone,
  kInvalid,            // malformed message or settings, e.g. no sender address; nothing sent
  kResolve,            // the host name does not resolve
  kAddressNotAllowed,  // it resolves to a private or local address, which is not allowed
  kConnect,            // no connection (refused, unreachable)
  kTimeout,            // no connection or no answer in time
  kTls,                // no STARTTLS, certificate not trusted, or the handshake failed
  kLogin,              // the server refused the login
  kSenderRefused,      // MAIL FROM refused
  kRecipientRefused,   // RCPT TO refused
  kMessageRefused,     // the message, or the session, refused (DATA, greeting)
  kCancelled,          // abandoned (SmtpSettings::cancel)
  kOther,
};
// "resolve", "address_not_allowed", "connect", ... (the names the API uses).
std::string_view SendFailureName(SendFailure failure);

struct SendFailureInfo {
  SendFailure failure = SendFailure::kNone;
  int reply_code = 0;  // the SMTP reply code of a refusal (e.g. 550), 0 if none
};

class Mailer {
 public:
  virtual ~Mailer() = default;
  // kUnavailable: worth retrying (cannot connect, timeout, 4xx). kInvalidArgument: the server
  // refused for good (5xx, bad address). `why`, when not null, gets the failure's category.
  // Thread-safe.
  virtual Status Send(const SmtpSettings& settings, const Message& message,
                      SendFailureInfo* why) = 0;
  Status Send(const SmtpSettings& settings, const Message& message) {
    return Send(settings, message, nullptr);
  }
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
