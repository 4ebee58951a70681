#include "mail/mailer.h"

#include "crypto/crypto.h"

namespace clientele::mail {

std::string FormatAddress(const std::string& address, const std::string& name) {
  if (name.empty()) return "<" + address + ">";
  bool ascii_plain = true;
  for (unsigned char c : name)
    if (c >= 0x80 || c < 0x20 || c == '"' || c == '\\') ascii_plain = false;
  if (ascii_plain) return "\"" + name + "\" <" + address + ">";
  // Non-ASCII display names travel as an RFC 2047 encoded word.
  std::string b64;
  {
    static constexpr char kAlphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t i = 0;
    for (; i + 2 < name.size(); i += 3) {
      uint32_t n = (uint8_t(name[i]) << 16) | (uint8_t(name[i + 1]) << 8) | uint8_t(name[i + 2]);
      for (int k = 18; k >= 0; k -= 6) b64 += kAlphabet[(n >> k) & 63];
    }
    if (i < name.size()) {
      uint32_t n = uint8_t(name[i]) << 16;
      if (i + 1 < name.size()) n |= uint8_t(name[i + 1]) << 8;
      b64 += kAlphabet[(n >> 18) & 63];
      b64 += kAlphabet[(n >> 12) & 63];
      b64 += i + 1 < name.size() ? kAlphabet[(n >> 6) & 63] : '=';
      b64 += '=';
    }
  }
  return "=?UTF-8?B?" + b64 + "?= <" + address + ">";
}

}  // namespace clientele::mail
