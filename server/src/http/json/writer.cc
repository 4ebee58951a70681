#include "http/json/writer.h"

#include <array>
#include <charconv>

#include "http/errors.h"

namespace clientele::http::json {
namespace {

// Bytes a string can't carry as they are: quotes, backslashes, control characters, and the
// first byte of every multi-byte sequence (checked for UTF-8).
constexpr std::array<bool, 256> kSpecial = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 256; ++c) t[c] = c < 0x20 || c == '"' || c == '\\' || c >= 0x80;
  return t;
}();

}  // namespace

void Writer::Separate() {
  if (after_key_) {
    after_key_ = false;
  } else {
    if (!first_) out_ += ',';
    first_ = false;
  }
}

Writer& Writer::Key(std::string_view key) {
  Separate();
  Escaped(key);
  out_ += ':';
  after_key_ = true;
  return *this;
}

void Writer::String(std::string_view s) {
  Separate();
  Escaped(s);
}

void Writer::Escaped(std::string_view s) {
  out_ += '"';
  size_t i = 0;
  while (i < s.size()) {
    size_t plain = i;
    while (plain < s.size() && !kSpecial[static_cast<unsigned char>(s[plain])]) ++plain;
    out_.append(s.data() + i, plain - i);
    i = plain;
    if (i == s.size()) break;
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      if (size_t n = Utf8SequenceAt(s, i)) {
        out_.append(s.data() + i, n);
        i += n;
      } else {
        out_ += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
        ++i;
      }
      continue;
    }
    ++i;
    switch (c) {
      case '"': out_ += "\\\""; break;
      case '\\': out_ += "\\\\"; break;
      case '\b': out_ += "\\b"; break;
      case '\f': out_ += "\\f"; break;
      case '\n': out_ += "\\n"; break;
      case '\r': out_ += "\\r"; break;
      case '\t': out_ += "\\t"; break;
      default: {
        static constexpr char kHex[] = "0123456789abcdef";
        out_ += "\\u00";
        out_ += kHex[c >> 4];
        out_ += kHex[c & 15];
      }
    }
  }
  out_ += '"';
}

void Writer::Int(int64_t v) {
  Separate();
  char buffer[24];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
  out_.append(buffer, end);
}

void Writer::Bool(bool v) {
  Separate();
  out_ += v ? "true" : "false";
}

void Writer::Null() {
  Separate();
  out_ += "null";
}

void Writer::BeginObject() {
  Separate();
  out_ += '{';
  first_ = true;
}

void Writer::EndObject() {
  out_ += '}';
  first_ = false;
}

void Writer::BeginArray() {
  Separate();
  out_ += '[';
  first_ = true;
}

void Writer::EndArray() {
  out_ += ']';
  first_ = false;
}

}  // namespace clientele::http::json
