#pragma once

#include <string>

#include "core/result.h"
#include "core/time.h"
#include "mail/mailer.h"

// Sending e-mail over SMTP with libcurl.
namespace clientele::mail {

// The RFC 5322 / MIME text of `message` as it goes after DATA (CRLF line endings, no
// dot-stuffing: curl does that). Headers: Date (`now`, UTC), From, To, Subject, Message-ID,
// MIME-Version, then `extra_headers`. The body is text/plain, or multipart/alternative
// (text/plain + text/html) when `html_body` is set; UTF-8, quoted-printable for mostly-ASCII
// text and base64 otherwise. Bare LF and CR in bodies become CRLF.
// kInvalidArgument (nothing sent) when an address is implausible, when a header value (subject,
// names, extra headers, message id) contains CR, LF or another control character, when an
// extra header's name is malformed or would replace one of the headers above.
Result<std::string> ComposeMessage(const SmtpSettings& settings, const Message& message,
                                   Timestamp now);

// Mailer over libcurl. One connection per Send; no state between calls, so one instance may be
// shared by any number of threads (curl_global_init runs once, on first construction).
//
// Send: a message that ComposeMessage rejects is kInvalidArgument before any connection.
// `settings.timeout` bounds the connection and each wait for a server reply; the whole
// conversation is capped at `settings.total_timeout` (default three times `timeout`). Unless
// `settings.allow_private_addresses`, every address curl is about to connect to (after DNS) must
// be public (mail/host_policy.h), and proxies from the environment are not used. TLS: kNone
// plain, kStartTls requires STARTTLS, kImplicit is SMTPS; certificates are verified against the
// system store. AUTH (whatever mechanism the server and curl share) when `settings.username` is
// non-empty. `settings.cancel` abandons the send within about a second.
// Errors, with a message safe to log (host and port, the server's reply line; never
// credentials) — for the log, not for the reseller, who gets `why`:
//   kUnavailable: cannot resolve or connect, timeout, connection lost, TLS handshake failed,
//                 any 4xx reply;
//   kInvalidArgument: any 5xx reply (recipient or sender refused, message rejected,
//                 authentication refused), server does not offer STARTTLS, certificate not
//                 trusted, malformed settings, an address that is not allowed.
// `why` gets the category of the failure and the SMTP reply code, without the server's words.
class SmtpMailer final : public Mailer {
 public:
  SmtpMailer();
  // Date headers come from `clock`, which must outlive the mailer (tests).
  explicit SmtpMailer(const Clock& clock);

  using Mailer::Send;
  Status Send(const SmtpSettings& settings, const Message& message,
              SendFailureInfo* why) override;

 private:
  const Clock* clock_ = nullptr;  // null: system time
};

}  // namespace clientele::mail
