#include "mail/smtp/smtp_mailer.h"

#include <curl/curl.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <memory>
#include <mutex>
#include <string_view>

#include "crypto/crypto.h"
#include "mail/host_policy.h"

namespace clientele::mail {
namespace {

Error Invalid(std::string message) {
  return MakeError(ErrorCode::kInvalidArgument, std::move(message));
}
Error Unavailable(std::string message) {
  return MakeError(ErrorCode::kUnavailable, std::move(message));
}

// True when `text` could open a header injection: any C0 control but TAB, or DEL.
bool HasControl(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char ch) {
    auto c = static_cast<unsigned char>(ch);
    return (c < 0x20 && c != '\t') || c == 0x7f;
  });
}

std::string ToLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// "Tue, 01 Jul 2025 10:00:00 +0000" (RFC 5322 section 3.3), always UTC.
std::string FormatDate(Timestamp now) {
  static constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed",
                                                       "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::time_t seconds = static_cast<std::time_t>(now.seconds());
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[tm.tm_wday],
                tm.tm_mday, kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                tm.tm_sec);
  return buf;
}

// Folds an ASCII header at spaces so lines stay near 78 characters; values that are already
// folded (encoded words) pass through.
std::string HeaderLine(std::string_view name, std::string_view value) {
  std::string line = std::string(name) + ": ";
  if (value.find("\r\n") != std::string_view::npos || line.size() + value.size() <= 78) {
    return line + std::string(value) + "\r\n";
  }
  size_t column = line.size();
  size_t pos = 0;
  while (pos < value.size()) {
    size_t space = value.find(' ', pos + 1);
    std::string_view word =
        value.substr(pos, space == std::string_view::npos ? space : space - pos);
    if (column + word.size() > 78 && pos > 0 && word.front() == ' ') {
      line += "\r\n";
      column = 0;
    }
    line += word;
    column += word.size();
    pos += word.size();
  }
  return line + "\r\n";
}

std::string NormalizeNewlines(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 16);
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
      out += "\r\n";
    } else if (text[i] == '\n') {
      out += "\r\n";
    } else {
      out += text[i];
    }
  }
  return out;
}

// RFC 2045 section 6.7: lines of at most 76 characters, soft breaks "=", trailing white space
// encoded. Input has CRLF line endings only.
std::string QuotedPrintable(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  size_t line_start = 0;
  while (line_start <= text.size()) {
    size_t eol = text.find("\r\n", line_start);
    std::string_view line = text.substr(
        line_start, eol == std::string_view::npos ? std::string_view::npos : eol - line_start);
    size_t column = 0;
    for (size_t i = 0; i < line.size(); ++i) {
      auto c = static_cast<unsigned char>(line[i]);
      bool last = i + 1 == line.size();
      std::string token;
      if ((c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !last)) {
        token = static_cast<char>(c);
      } else {
        token = {'=', kHex[c >> 4], kHex[c & 15]};
      }
      if (column + token.size() > 75) {  // room for the soft-break "="
        out += "=\r\n";
        column = 0;
      }
      out += token;
      column += token.size();
    }
    if (eol == std::string_view::npos) break;
    out += "\r\n";
    line_start = eol + 2;
  }
  return out;
}

std::string Base64Lines(std::string_view data) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string flat;
  size_t i = 0;
  for (; i + 2 < data.size(); i += 3) {
    uint32_t n = (uint32_t(uint8_t(data[i])) << 16) | (uint32_t(uint8_t(data[i + 1])) << 8) |
                 uint8_t(data[i + 2]);
    for (int k = 18; k >= 0; k -= 6) flat += kAlphabet[(n >> k) & 63];
  }
  if (i < data.size()) {
    uint32_t n = uint32_t(uint8_t(data[i])) << 16;
    if (i + 1 < data.size()) n |= uint32_t(uint8_t(data[i + 1])) << 8;
    flat += kAlphabet[(n >> 18) & 63];
    flat += kAlphabet[(n >> 12) & 63];
    flat += i + 1 < data.size() ? kAlphabet[(n >> 6) & 63] : '=';
    flat += '=';
  }
  std::string out;
  for (size_t pos = 0; pos < flat.size(); pos += 76) out += flat.substr(pos, 76) + "\r\n";
  return out;
}

// One body part: headers and encoded content. Quoted-printable keeps mostly-Latin text readable
// in raw form; for Cyrillic or Chinese it would triple the size, so those go as base64.
std::string BodyPart(std::string_view media_type, std::string_view body) {
  std::string text = NormalizeNewlines(body);
  size_t high = std::count_if(text.begin(), text.end(),
                              [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
  bool base64 = high * 3 > text.size();
  std::string part = "Content-Type: " + std::string(media_type) + "; charset=UTF-8\r\n";
  if (base64) {
    part += "Content-Transfer-Encoding: base64\r\n\r\n" + Base64Lines(text);
  } else {
    // The CRLF before a boundary belongs to the boundary (RFC 2046), so one always follows the
    // content: a body that ends with a newline keeps it.
    part += "Content-Transfer-Encoding: quoted-printable\r\n\r\n" + QuotedPrintable(text) + "\r\n";
  }
  return part;
}

bool IsValidHeaderName(std::string_view name) {
  if (name.empty() || name.size() > 76) return false;
  return std::all_of(name.begin(), name.end(), [](char ch) {
    auto c = static_cast<unsigned char>(ch);
    return c >= 33 && c <= 126 && c != ':';
  });
}

bool IsValidMessageId(std::string_view id) {
  if (id.empty() || id.size() > 250 || id.find('@') == std::string_view::npos) return false;
  return std::all_of(id.begin(), id.end(), [](char ch) {
    auto c = static_cast<unsigned char>(ch);
    return c >= 33 && c <= 126 && c != '<' && c != '>' && c != '"' && c != '\\';
  });
}

// Host names, IPv4 and IPv6 literals (bracketed or not). Keeps URL syntax out of the host.
bool IsValidHost(std::string_view host) {
  if (host.empty() || host.size() > 255) return false;
  return std::all_of(host.begin(), host.end(), [](char ch) {
    auto c = static_cast<unsigned char>(ch);
    return std::isalnum(c) || c == '.' || c == '-' || c == '_' || c == ':' || c == '[' || c == ']';
  });
}

std::string HostPort(const SmtpSettings& settings) {
  std::string host = settings.host;
  if (host.find(':') != std::string::npos && host.front() != '[') host = "[" + host + "]";
  return host + ":" + std::to_string(settings.port);
}

Status ValidateSettings(const SmtpSettings& settings) {
  if (!IsValidHost(settings.host)) return Invalid("The SMTP host is missing or malformed.");
  if (settings.port < 1 || settings.port > 65535) return Invalid("The SMTP port is out of range.");
  return Ok();
}

// ---------------------------------------------------------------------------------------------
// libcurl

void InitCurlOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Upload {
  std::string_view data;
  size_t offset = 0;
};

size_t ReadCallback(char* buffer, size_t size, size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  size_t n = std::min(size * count, upload->data.size() - upload->offset);
  std::copy_n(upload->data.data() + upload->offset, n, buffer);
  upload->offset += n;
  return n;
}

// curl hands every SMTP reply line to the header callback. The last 4xx/5xx line is kept for
// the error message; replies to our own commands never contain the credentials we sent.
size_t ReplyCallback(char* buffer, size_t size, size_t count, void* user) {
  auto* last_error_reply = static_cast<std::string*>(user);
  std::string_view line(buffer, size * count);
  if (line.size() >= 3 && (line[0] == '4' || line[0] == '5')) {
    std::string clean;
    for (char ch : line) {
      auto c = static_cast<unsigned char>(ch);
      if (c >= 0x20 && c < 0x7f) clean += ch;
      if (clean.size() >= 200) break;
    }
    *last_error_reply = clean;
  }
  return size * count;
}

// What the connection policy saw: set by the open-socket callback.
struct SocketGate {
  bool allow_private = false;
  bool refused = false;
};

// Called by curl for every address it is about to connect to, after name resolution: the one
// place where the address is final, so a name whose DNS answer changes after it was checked
// can't slip through.
curl_socket_t OpenSocket(void* user, curlsocktype purpose, curl_sockaddr* address) {
  auto* gate = static_cast<SocketGate*>(user);
  if (purpose != CURLSOCKTYPE_IPCXN || !address) return CURL_SOCKET_BAD;
  // curl's storage behind `addr` holds `addrlen` bytes (an IPv6 address does not fit the
  // declared struct sockaddr), so copy exactly that much.
  sockaddr_storage storage{};
  std::memcpy(&storage, &address->addr, std::min<size_t>(address->addrlen, sizeof storage));
  const auto* target = reinterpret_cast<const sockaddr*>(&storage);
  if (!gate->allow_private && ClassifySocketAddress(target) != AddressKind::kPublic) {
    gate->refused = true;
    return CURL_SOCKET_BAD;
  }
  return socket(address->family, address->socktype, address->protocol);
}

int CancelCheck(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  const auto* cancel = static_cast<const std::atomic<bool>*>(user);
  return cancel->load() ? 1 : 0;
}

struct Failure {
  Error error;
  SendFailureInfo info;
};

Failure ClassifyFailure(CURLcode code, long reply_code, const std::string& reply,
                        const char* detail, const SmtpSettings& settings, bool address_refused) {
  const std::string where = HostPort(settings);
  std::string server_said = reply.empty() ? std::to_string(reply_code) : reply;
  std::string curl_detail = detail[0] ? std::string(detail) : curl_easy_strerror(code);
  auto fail = [&](Error e, SendFailure f) {
    return Failure{std::move(e), {f, reply_code >= 400 && reply_code < 600 ? int(reply_code) : 0}};
  };
  if (address_refused) {
    return fail(Invalid("The mail server host \"" + settings.host +
                        "\" has a private or local address, which is not allowed."),
                SendFailure::kAddressNotAllowed);
  }
  if (code == CURLE_ABORTED_BY_CALLBACK)
    return fail(Unavailable("Sending through " + where + " was cancelled."),
                SendFailure::kCancelled);
  // The step that was refused, from curl's message ("RCPT failed: 550", "MAIL failed: 553").
  SendFailure step = SendFailure::kMessageRefused;
  std::string_view what = "the message";
  if (code == CURLE_LOGIN_DENIED) {
    step = SendFailure::kLogin;
  } else if (curl_detail.rfind("RCPT", 0) == 0) {
    step = SendFailure::kRecipientRefused;
    what = "the recipient";
  } else if (curl_detail.rfind("MAIL", 0) == 0) {
    step = SendFailure::kSenderRefused;
    what = "the sender";
  }
  if (reply_code >= 400 && reply_code < 500) {
    return fail(Unavailable("The mail server " + where +
                            " answered with a temporary error: " + server_said),
                step);
  }
  if (reply_code >= 500 && reply_code < 600) {
    if (code == CURLE_LOGIN_DENIED) {
      return fail(Invalid("The mail server " + where + " refused the login: " + server_said), step);
    }
    return fail(Invalid("The mail server " + where + " refused " + std::string(what) + ": " +
                        server_said),
                step);
  }
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
      return fail(Unavailable("Cannot resolve the mail server host \"" + settings.host + "\"."),
                  SendFailure::kResolve);
    case CURLE_COULDNT_CONNECT:
      return fail(Unavailable("Cannot connect to the mail server " + where + ": " + curl_detail),
                  SendFailure::kConnect);
    case CURLE_OPERATION_TIMEDOUT:
      return fail(Unavailable("The mail server " + where + " did not answer in time."),
                  SendFailure::kTimeout);
    case CURLE_USE_SSL_FAILED:
      return fail(Invalid("The mail server " + where + " does not offer STARTTLS."),
                  SendFailure::kTls);
    case CURLE_PEER_FAILED_VERIFICATION:
      return fail(Invalid("The TLS certificate of the mail server " + where +
                          " is not trusted: " + curl_detail),
                  SendFailure::kTls);
    case CURLE_LOGIN_DENIED:
      return fail(Invalid("The mail server " + where + " refused the login."), SendFailure::kLogin);
    case CURLE_URL_MALFORMAT:
      return fail(Invalid("The SMTP host is malformed."), SendFailure::kInvalid);
    case CURLE_SSL_CONNECT_ERROR:
      return fail(Unavailable("The TLS handshake with the mail server " + where +
                              " failed: " + curl_detail),
                  SendFailure::kTls);
    default:
      return fail(
          Unavailable("Sending through the mail server " + where + " failed: " + curl_detail),
          SendFailure::kOther);
  }
}

struct CurlDeleter {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

}  // namespace

Result<std::string> ComposeMessage(const SmtpSettings& settings, const Message& message,
                                   Timestamp now) {
  if (!IsPlausibleAddress(settings.from_address)) {
    return Invalid("The sender address is missing or malformed.");
  }
  if (!IsPlausibleAddress(message.to_address)) {
    return Invalid("The recipient address is missing or malformed.");
  }
  if (HasControl(settings.from_name)) return Invalid("The sender name contains line breaks.");
  if (HasControl(message.to_name)) return Invalid("The recipient name contains line breaks.");
  if (HasControl(message.subject)) return Invalid("The subject contains line breaks.");
  if (!message.message_id.empty() && !IsValidMessageId(message.message_id)) {
    return Invalid("The message id is malformed.");
  }
  static constexpr std::array<std::string_view, 10> kReserved = {
      "date",    "from",       "to",           "cc",           "bcc",
      "subject", "message-id", "mime-version", "content-type", "content-transfer-encoding"};
  for (const auto& [name, value] : message.extra_headers) {
    if (!IsValidHeaderName(name)) return Invalid("An extra header name is malformed.");
    std::string lower = ToLower(name);
    if (std::find(kReserved.begin(), kReserved.end(), lower) != kReserved.end()) {
      return Invalid("The extra header " + name + " would replace a generated one.");
    }
    if (HasControl(value)) return Invalid("The extra header " + name + " contains line breaks.");
  }

  std::string id = message.message_id;
  if (id.empty()) id = crypto::HexEncode(crypto::RandomBytes(16)) + "@clientele";

  std::string out;
  out += HeaderLine("Date", FormatDate(now));
  out += HeaderLine("From", FormatAddress(settings.from_address, settings.from_name));
  out += HeaderLine("To", FormatAddress(message.to_address, message.to_name));
  out += HeaderLine("Subject", EncodeHeaderText(message.subject));
  out += HeaderLine("Message-ID", "<" + id + ">");
  out += "MIME-Version: 1.0\r\n";
  for (const auto& [name, value] : message.extra_headers) {
    out += HeaderLine(name, EncodeHeaderText(value));
  }
  if (!message.html_body) {
    out += BodyPart("text/plain", message.text_body);
    return out;
  }
  // "=_" cannot occur in quoted-printable or base64 output, so the boundary never collides.
  std::string boundary = "=_clientele_" + crypto::HexEncode(crypto::RandomBytes(12));
  out += "Content-Type: multipart/alternative;\r\n boundary=\"" + boundary + "\"\r\n\r\n";
  out += "This is a multi-part message in MIME format.\r\n";
  out += "--" + boundary + "\r\n" + BodyPart("text/plain", message.text_body);
  out += "--" + boundary + "\r\n" + BodyPart("text/html", *message.html_body);
  out += "--" + boundary + "--\r\n";
  return out;
}

SmtpMailer::SmtpMailer() { InitCurlOnce(); }

SmtpMailer::SmtpMailer(const Clock& clock) : clock_(&clock) { InitCurlOnce(); }

Status SmtpMailer::Send(const SmtpSettings& settings, const Message& message,
                        SendFailureInfo* why) {
  SendFailureInfo ignored;
  SendFailureInfo& info = why ? *why : ignored;
  info = {};
  Timestamp now = clock_ ? clock_->Now() : SystemClock().Now();
  if (Status valid = ValidateSettings(settings); !valid.ok()) {
    info.failure = SendFailure::kInvalid;
    return valid;
  }
  Result<std::string> composed = ComposeMessage(settings, message, now);
  if (!composed) {
    info.failure = SendFailure::kInvalid;
    return composed.error();
  }
  const std::string& data = *composed;

  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) return Internal("curl_easy_init failed");
  CURL* h = curl.get();

  const std::string url =
      std::string(settings.tls == TlsMode::kImplicit ? "smtps://" : "smtp://") + HostPort(settings);
  const std::string mail_from = "<" + settings.from_address + ">";
  std::unique_ptr<curl_slist, SlistDeleter> recipients(
      curl_slist_append(nullptr, ("<" + message.to_address + ">").c_str()));
  if (!recipients) return Internal("curl_slist_append failed");

  const long timeout_s = std::max<long>(1, static_cast<long>(settings.timeout.count()));
  const long total_s = settings.total_timeout.count() > 0
                           ? static_cast<long>(settings.total_timeout.count())
                           : 3 * timeout_s;
  Upload upload{data, 0};
  SocketGate gate{settings.allow_private_addresses, false};
  std::string last_error_reply;
  char error_buffer[CURL_ERROR_SIZE] = {};

  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);  // signals and threads don't mix
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, timeout_s);
  curl_easy_setopt(h, CURLOPT_SERVER_RESPONSE_TIMEOUT, timeout_s);
  curl_easy_setopt(h, CURLOPT_TIMEOUT, total_s);
  curl_easy_setopt(h, CURLOPT_OPENSOCKETFUNCTION, OpenSocket);
  curl_easy_setopt(h, CURLOPT_OPENSOCKETDATA, &gate);
  // A proxy would connect on our behalf to an address the gate never sees.
  if (!settings.allow_private_addresses) curl_easy_setopt(h, CURLOPT_PROXY, "");
  if (settings.cancel) {
    curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, CancelCheck);
    curl_easy_setopt(h, CURLOPT_XFERINFODATA, const_cast<std::atomic<bool>*>(settings.cancel));
  }
  if (settings.tls == TlsMode::kStartTls)
    curl_easy_setopt(h, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  if (!settings.username.empty()) {
    curl_easy_setopt(h, CURLOPT_USERNAME, settings.username.c_str());
    curl_easy_setopt(h, CURLOPT_PASSWORD, settings.password.c_str());
  }
  curl_easy_setopt(h, CURLOPT_MAIL_FROM, mail_from.c_str());
  curl_easy_setopt(h, CURLOPT_MAIL_RCPT, recipients.get());
  curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(h, CURLOPT_READFUNCTION, ReadCallback);
  curl_easy_setopt(h, CURLOPT_READDATA, &upload);
  curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(data.size()));
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, ReplyCallback);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &last_error_reply);

  CURLcode rc = curl_easy_perform(h);
  if (rc == CURLE_OK) return Ok();
  long reply_code = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &reply_code);
  Failure failure =
      ClassifyFailure(rc, reply_code, last_error_reply, error_buffer, settings, gate.refused);
  info = failure.info;
  return failure.error;
}

}  // namespace clientele::mail
