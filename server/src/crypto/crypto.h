#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

// Thin wrappers over libsodium. Every function is thread-safe once Init() has run.
namespace clientele::crypto {

// Must be called once before anything else; false if libsodium cannot start.
bool Init();

// argon2id, libsodium's "interactive" cost (64 MiB, about 0.1 s). kInternal only if out of memory.
Result<std::string> HashPassword(std::string_view password);
bool VerifyPassword(std::string_view stored_hash, std::string_view password);

// `bytes` random bytes, URL-safe base64 without padding.
std::string RandomToken(size_t bytes = 32);
std::string RandomBytes(size_t bytes);

// SHA-256 of `data`, as raw bytes. Used for high-entropy secrets (API tokens, refresh tokens),
// where a slow hash would add nothing.
std::string Sha256(std::string_view data);
std::string HmacSha256(std::string_view key, std::string_view message);

std::string Base64UrlEncode(std::string_view data);
// nullopt-like: returns false on malformed input.
bool Base64UrlDecode(std::string_view text, std::string& out);
std::string HexEncode(std::string_view data);

// Authenticated encryption (XSalsa20-Poly1305) for secrets at rest. `key` must be 32 bytes.
// Seal returns nonce || ciphertext; Open returns false if the data was altered or the key differs.
std::string Seal(std::string_view key, std::string_view plaintext);
bool Open(std::string_view key, std::string_view sealed, std::string& plaintext);
inline constexpr size_t kSecretKeyBytes = 32;

// Comparison whose time does not depend on where the inputs differ.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// Seal for text columns: "sealed:1:" + base64url(Seal(key, plaintext)).
std::string SealText(std::string_view key, std::string_view plaintext);
// Whether `stored` is SealText output (rows written before sealing are plain text).
bool IsSealedText(std::string_view stored);
// False if `stored` is not SealText output, was altered, or the key differs.
bool OpenText(std::string_view key, std::string_view stored, std::string& plaintext);

}  // namespace clientele::crypto
