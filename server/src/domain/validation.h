#pragma once

#include <optional>
#include <string>
#include <string_view>

// Rules for single values coming from outside. Each returns nullopt when the value is fine, or
// the message to show next to the field.
namespace clientele::validation {

inline constexpr size_t kMaxEmail = 254;
inline constexpr size_t kMaxName = 255;
inline constexpr size_t kMaxCompany = 255;
inline constexpr size_t kMaxPhone = 30;
inline constexpr size_t kMaxCustomId = 255;
inline constexpr size_t kMaxWebsite = 255;
inline constexpr size_t kMinPassword = 8;
inline constexpr size_t kMaxPassword = 128;

std::optional<std::string> CheckEmail(std::string_view email);
std::optional<std::string> CheckLanguage(std::string_view lang);
// ISO 3166-1 alpha-2, two letters (case-insensitive; stored upper-case).
std::optional<std::string> CheckCountryCode(std::string_view code);
std::optional<std::string> CheckPhone(std::string_view phone);
// Free text: no control characters, trimmed length within [min, max].
std::optional<std::string> CheckText(std::string_view text, size_t min, size_t max);
std::optional<std::string> CheckPassword(std::string_view password, std::string_view email);

// The key under which e-mails are compared: ASCII-lower-cased, trimmed.
std::string EmailKey(std::string_view email);
std::string Trim(std::string_view s);
std::string ToUpperAscii(std::string_view s);
bool IsValidUtf8(std::string_view s);

}  // namespace clientele::validation
