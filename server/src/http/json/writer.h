#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// Compact JSON text written straight into a string. For answers with many accounts, where
// building a Boost.JSON tree and then serialising it cost more than reading the accounts.
// Strings are escaped exactly as Boost.JSON escapes them, and bytes that are not UTF-8 become
// U+FFFD, as JsonResponse makes them (http/errors.h).
namespace clientele::http::json {

class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}

  // The next member's name; the value follows with one of the calls below.
  Writer& Key(std::string_view key);
  void String(std::string_view s);
  void Int(int64_t v);
  void Bool(bool v);
  void Null();
  // The value, or null without one.
  void Nullable(const std::optional<std::string>& s) { s ? String(*s) : Null(); }
  void Nullable(std::optional<int64_t> v) { v ? Int(*v) : Null(); }
  void BeginObject();
  void EndObject();
  void BeginArray();
  void EndArray();

 private:
  // The comma before a value, unless it is the first of its container or follows its key.
  void Separate();
  void Escaped(std::string_view s);

  std::string& out_;
  bool first_ = true;
  bool after_key_ = false;
};

}  // namespace clientele::http::json
