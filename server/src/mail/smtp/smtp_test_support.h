#pragma once

// Shared by the SMTP tests: decoding helpers independent of the encoder under test, and the
// settings and message they send. Test-only.
#include <gtest/gtest.h>

#include <cctype>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "mail/smtp/smtp_mailer.h"

namespace clientele::mail {

// ---------------------------------------------------------------------------------------------
// Decoding helpers, independent of the encoder under test.

inline std::string DecodeBase64(std::string_view in) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    int v = value(c);
    if (v < 0) continue;  // whitespace, padding
    acc = (acc << 6) | uint32_t(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xff);
    }
  }
  return out;
}

inline std::string DecodeQuotedPrintable(std::string_view in) {
  std::string out;
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '=') {
      out += in[i];
    } else if (in.substr(i + 1, 2) == "\r\n") {
      i += 2;  // soft line break
    } else {
      out += static_cast<char>(std::stoi(std::string(in.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    }
  }
  return out;
}

// "=?UTF-8?B?...?=" words separated by folding white space; plain text passes through.
inline std::string DecodeHeader(const std::string& value) {
  static const std::regex kWord(R"(=\?UTF-8\?B\?([A-Za-z0-9+/=]*)\?=)");
  std::string out;
  auto begin = std::sregex_iterator(value.begin(), value.end(), kWord);
  size_t last = 0;
  bool previous_was_word = false;
  for (auto it = begin; it != std::sregex_iterator(); ++it) {
    std::string between = value.substr(last, it->position() - last);
    bool only_space = between.find_first_not_of(" \t\r\n") == std::string::npos;
    if (!(previous_was_word && only_space)) out += between;
    out += DecodeBase64((*it)[1].str());
    last = it->position() + it->length();
    previous_was_word = true;
  }
  return out + value.substr(last);
}

struct Part {
  std::map<std::string, std::string> headers;  // lower-case names, unfolded values
  std::string body;                            // as transmitted
  std::string Decoded() const {
    auto cte = headers.find("content-transfer-encoding");
    if (cte == headers.end()) return body;
    if (cte->second == "base64") return DecodeBase64(body);
    if (cte->second == "quoted-printable") return DecodeQuotedPrintable(body);
    return body;
  }
};

inline Part ParsePart(const std::string& raw) {
  Part part;
  size_t split = raw.find("\r\n\r\n");
  std::string head = raw.substr(0, split);
  part.body = split == std::string::npos ? "" : raw.substr(split + 4);
  std::string unfolded = std::regex_replace(head, std::regex("\r\n[ \t]"), " ");
  size_t pos = 0;
  while (pos < unfolded.size()) {
    size_t eol = unfolded.find("\r\n", pos);
    std::string line = unfolded.substr(pos, eol == std::string::npos ? eol : eol - pos);
    size_t colon = line.find(':');
    std::string name = line.substr(0, colon);
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    part.headers[name] = line.substr(line.find_first_not_of(' ', colon + 1));
    if (eol == std::string::npos) break;
    pos = eol + 2;
  }
  return part;
}

// The parts of a multipart body (without preamble and epilogue).
inline std::vector<Part> SplitMultipart(const Part& whole) {
  std::smatch m;
  const std::string& type = whole.headers.at("content-type");
  EXPECT_TRUE(std::regex_search(type, m, std::regex("boundary=\"([^\"]+)\"")));
  std::string delimiter = "\r\n--" + m[1].str();
  std::string body = "\r\n" + whole.body;
  std::vector<Part> parts;
  size_t pos = body.find(delimiter);
  while (pos != std::string::npos) {
    size_t start = pos + delimiter.size();
    if (body.compare(start, 2, "--") == 0) break;
    start += 2;  // CRLF after the delimiter
    size_t next = body.find(delimiter, start);
    parts.push_back(ParsePart(body.substr(start, next - start)));
    pos = next;
  }
  return parts;
}

// ---------------------------------------------------------------------------------------------

inline const Timestamp kNow = Timestamp::FromSeconds(1795753143);  // Fri, 27 Nov 2026 04:19:03 UTC

inline SmtpSettings Settings(int port) {
  SmtpSettings s;
  s.host = "127.0.0.1";
  s.port = port;
  s.from_address = "noreply@brand.example";
  s.from_name = "Brand Support";
  s.timeout = std::chrono::seconds(5);
  s.allow_private_addresses = true;  // the fake server is on loopback
  return s;
}

inline Message Simple(std::string subject = "Hello") {
  Message m;
  m.to_address = "anna@example.com";
  m.to_name = "Anna";
  m.subject = std::move(subject);
  m.text_body = "Hello Anna,\nthis is a test.\n";
  return m;
}

}  // namespace clientele::mail
