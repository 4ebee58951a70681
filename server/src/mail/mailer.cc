#include "mail/mailer.h"

#include <cctype>
#include <cstdint>

namespace clientele::mail {
namespace {

constexpr char kBase64Alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string Base64(std::string_view data) {
  std::string out;
  out.reserve((data.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < data.size(); i += 3) {
    uint32_t n = (uint32_t(uint8_t(data[i])) << 16) | (uint32_t(uint8_t(data[i + 1])) << 8) |
                 uint8_t(data[i + 2]);
    for (int k = 18; k >= 0; k -= 6) out += kBase64Alphabet[(n >> k) & 63];
  }
  if (i < data.size()) {
    uint32_t n = uint32_t(uint8_t(data[i])) << 16;
    if (i + 1 < data.size()) n |= uint32_t(uint8_t(data[i + 1])) << 8;
    out += kBase64Alphabet[(n >> 18) & 63];
    out += kBase64Alphabet[(n >> 12) & 63];
    out += i + 1 < data.size() ? kBase64Alphabet[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

bool IsPrintableAscii(std::string_view text) {
  for (unsigned char c : text)
    if (c < 0x20 || c > 0x7e) return false;
  return true;
}

// Length of the UTF-8 sequence that starts with `lead`; 1 for stray bytes, so malformed input
// still makes progress (it is then encoded byte by byte).
size_t Utf8SequenceLength(unsigned char lead) {
  if (lead < 0xc0) return 1;
  if (lead < 0xe0) return 2;
  if (lead < 0xf0) return 3;
  return 4;
}

}  // namespace

std::string_view SendFailureName(SendFailure failure) {
  switch (failure) {
    case SendFailure::kNone: return "none";
    case SendFailure::kInvalid: return "invalid";
    case SendFailure::kResolve: return "resolve";
    case SendFailure::kAddressNotAllowed: return "address_not_allowed";
    case SendFailure::kConnect: return "connect";
    case SendFailure::kTimeout: return "timeout";
    case SendFailure::kTls: return "tls";
    case SendFailure::kLogin: return "login";
    case SendFailure::kSenderRefused: return "sender_refused";
    case SendFailure::kRecipientRefused: return "recipient_refused";
    case SendFailure::kMessageRefused: return "message_refused";
    case SendFailure::kCancelled: return "cancelled";
    case SendFailure::kOther: return "other";
  }
  return "other";
}

std::string EncodeHeaderText(std::string_view text) {
  // "=?", a literal encoded-word opener, must be encoded too, or a reader would decode it.
  if (IsPrintableAscii(text) && text.find("=?") == std::string_view::npos) return std::string(text);
  // "=?UTF-8?B?" + "?=" is 12 characters; 39 input bytes give 52 base64 characters, so a word
  // is at most 64 characters and the first line, after "Subject: ", stays within 76.
  constexpr size_t kMaxChunk = 39;
  std::string out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = pos;
    while (end < text.size()) {
      size_t len = Utf8SequenceLength(uint8_t(text[end]));
      if (end + len > text.size()) len = text.size() - end;
      if (end + len - pos > kMaxChunk) break;
      end += len;
    }
    if (end == pos) end = pos + 1;  // cannot happen for kMaxChunk >= 4; keeps the loop finite
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + Base64(text.substr(pos, end - pos)) + "?=";
    pos = end;
  }
  return out;
}

std::string FormatAddress(const std::string& address, const std::string& name) {
  if (name.empty()) return "<" + address + ">";
  bool ascii_plain = true;
  for (unsigned char c : name)
    if (c >= 0x80 || c < 0x20 || c == '"' || c == '\\') ascii_plain = false;
  if (ascii_plain && name.find("=?") == std::string::npos) {
    return "\"" + name + "\" <" + address + ">";
  }
  // An encoded word may not appear inside a quoted string, so such names are all encoded words.
  std::string encoded = EncodeHeaderText(name);
  if (encoded.rfind("=?", 0) != 0) encoded = "=?UTF-8?B?" + Base64(name) + "?=";
  size_t last_line = encoded.size() - (encoded.rfind('\n') + 1);  // npos + 1 == 0
  const char* separator = last_line + address.size() + 3 > 66 ? "\r\n <" : " <";
  return encoded + separator + address + ">";
}

bool IsPlausibleAddress(std::string_view address) {
  if (address.empty() || address.size() > 254) return false;
  size_t at = address.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == address.size() || at > 64) return false;
  for (unsigned char c : address) {
    if (c <= 0x20 || c >= 0x7f) return false;
    switch (c) {
      case '<':
      case '>':
      case '(':
      case ')':
      case '[':
      case ']':
      case ',':
      case ';':
      case ':':
      case '"':
      case '\\':
        return false;
      default:
        break;
    }
  }
  std::string_view local = address.substr(0, at);
  if (local.find('@') != std::string_view::npos) return false;
  std::string_view domain = address.substr(at + 1);
  if (domain.front() == '.' || domain.back() == '.' || domain.find("..") != std::string_view::npos)
    return false;
  for (char c : domain)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.')) return false;
  return true;
}

}  // namespace clientele::mail
