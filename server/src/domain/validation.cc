#include "domain/validation.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace clientele::validation {
namespace {

// The most used passwords of public breach corpora that also pass the length rule.
constexpr std::array<std::string_view, 60> kCommonPasswords = {
    "password", "password1", "password12", "password123", "password1234", "12345678",
    "123456789", "1234567890", "12345678910", "qwertyuiop", "qwerty123", "qwerty12",
    "1q2w3e4r", "1q2w3e4r5t", "1qaz2wsx", "zaq12wsx", "iloveyou", "iloveyou1", "sunshine",
    "princess", "football", "baseball", "welcome1", "welcome123", "abc12345", "abcd1234",
    "abcdefgh", "11111111", "00000000", "88888888", "87654321", "asdfghjk", "asdfghjkl",
    "superman", "starwars", "trustno1", "letmein1", "passw0rd", "p@ssw0rd", "p@ssword",
    "admin123", "administrator", "changeme", "computer", "internet", "whatever", "michael1",
    "jennifer", "charlie1", "dragon12", "monkey123", "master12", "shadow12", "qwertyui",
    "123123123", "12341234", "qazwsxedc", "secret123", "testtest", "password!"};

bool HasControl(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7f;
  });
}

size_t Utf8Length(std::string_view s) {
  return static_cast<size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

}  // namespace

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t extra = c < 0x80 ? 0 : (c >> 5) == 0x6 ? 1 : (c >> 4) == 0xE ? 2 : (c >> 3) == 0x1E ? 3 : 4;
    if (extra == 4 || (extra == 1 && c < 0xC2) || i + extra >= s.size() + (extra == 0 ? 1 : 0))
      return false;
    for (size_t k = 1; k <= extra; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += extra + 1;
  }
  return true;
}

std::string Trim(std::string_view s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  auto e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

std::string EmailKey(std::string_view email) {
  std::string key = Trim(email);
  std::transform(key.begin(), key.end(), key.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return key;
}

std::string ToUpperAscii(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

std::optional<std::string> CheckEmail(std::string_view email) {
  if (email.empty()) return "This field may not be blank.";
  if (email.size() > kMaxEmail) return "Ensure this field has no more than 254 characters.";
  if (HasControl(email) || !IsValidUtf8(email)) return "Enter a valid email address.";
  auto at = email.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 >= email.size())
    return "Enter a valid email address.";
  std::string_view local = email.substr(0, at), domain = email.substr(at + 1);
  if (local.size() > 64 || email.find(' ') != std::string_view::npos ||
      local.find('@') != std::string_view::npos)
    return "Enter a valid email address.";
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos)
    return "Enter a valid email address.";
  // The domain needs a dot and sane labels: letters, digits, hyphens (or UTF-8 for IDNs).
  if (domain.find('.') == std::string_view::npos) return "Enter a valid email address.";
  size_t start = 0;
  while (start <= domain.size()) {
    size_t end = domain.find('.', start);
    if (end == std::string_view::npos) end = domain.size();
    std::string_view label = domain.substr(start, end - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-')
      return "Enter a valid email address.";
    for (char c : label) {
      auto u = static_cast<unsigned char>(c);
      if (!(std::isalnum(u) || c == '-' || u >= 0x80)) return "Enter a valid email address.";
    }
    start = end + 1;
  }
  return std::nullopt;
}

std::optional<std::string> CheckLanguage(std::string_view lang) {
  for (std::string_view l : {"en", "de", "ru", "zh", "az"})
    if (lang == l) return std::nullopt;
  return "\"" + std::string(lang.substr(0, 20)) + "\" is not a valid choice: use en, de, ru, zh or az.";
}

std::optional<std::string> CheckCountryCode(std::string_view code) {
  if (code.size() != 2 || !std::isalpha(static_cast<unsigned char>(code[0])) ||
      !std::isalpha(static_cast<unsigned char>(code[1])))
    return "Use a two-letter ISO 3166-1 country code, such as DE.";
  return std::nullopt;
}

std::optional<std::string> CheckPhone(std::string_view phone) {
  if (phone.size() > kMaxPhone) return "Ensure this field has no more than 30 characters.";
  for (char c : phone) {
    if (!(std::isdigit(static_cast<unsigned char>(c)) || std::isalpha(static_cast<unsigned char>(c)) ||
          std::string_view("+-()#, *.").find(c) != std::string_view::npos))
      return "Use digits, spaces and + - ( ) # , * only.";
  }
  return std::nullopt;
}

std::optional<std::string> CheckText(std::string_view text, size_t min, size_t max) {
  if (!IsValidUtf8(text)) return "Must be valid UTF-8 text.";
  if (HasControl(text)) return "Must not contain control characters.";
  size_t len = Utf8Length(Trim(text));
  if (len < min) return min == 1 ? "This field may not be blank." : "Too short.";
  if (len > max) return "Ensure this field has no more than " + std::to_string(max) + " characters.";
  return std::nullopt;
}

std::optional<std::string> CheckPassword(std::string_view password, std::string_view email) {
  if (Utf8Length(password) < kMinPassword) return "The password must have at least 8 characters.";
  if (Utf8Length(password) > kMaxPassword) return "The password must have at most 128 characters.";
  if (!IsValidUtf8(password)) return "The password must be valid UTF-8 text.";
  std::string lower = EmailKey(password);
  for (auto common : kCommonPasswords)
    if (lower == common) return "This password is too common.";
  if (!email.empty() && (lower == EmailKey(email) || lower == EmailKey(email.substr(0, email.find('@')))))
    return "The password is too similar to the email address.";
  return std::nullopt;
}

}  // namespace clientele::validation
