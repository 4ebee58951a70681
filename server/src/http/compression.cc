#include "http/compression.h"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <cassert>
#include <cctype>
#include <cstdlib>
#include <optional>

namespace clientele::http {
namespace {

// JSON bodies compress several times over even at zlib's fastest level, which costs a fraction
// of the CPU of the default one (and is nginx's default).
constexpr int kGzipLevel = Z_BEST_SPEED;
constexpr int kGzipWindowBits = 15 + 16;  // 32 KiB window, gzip wrapper
constexpr int kGzipMemLevel = 8;
constexpr size_t kOutputBytes = 16 * 1024;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool IEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// A qvalue (RFC 9110 §12.4.2): "0", "1", or 0.x with at most three decimals; nullopt if malformed.
std::optional<double> ParseQ(std::string_view v) {
  if (v.empty() || v.size() > 5 || (v[0] != '0' && v[0] != '1')) return std::nullopt;
  if (v.size() > 1 && v[1] != '.') return std::nullopt;
  for (size_t i = 2; i < v.size(); ++i)
    if (!std::isdigit(static_cast<unsigned char>(v[i])) || (v[0] == '1' && v[i] != '0'))
      return std::nullopt;
  return std::strtod(std::string(v).c_str(), nullptr);
}

struct Acceptance {
  std::optional<double> br, gzip, identity, any;
};

Acceptance ParseAcceptEncoding(std::string_view header) {
  Acceptance a;
  while (!header.empty()) {
    size_t comma = header.find(',');
    std::string_view element = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    size_t semi = element.find(';');
    std::string_view coding = Trim(element.substr(0, semi));
    if (coding.empty()) continue;
    double q = 1;
    bool valid = true;
    while (semi != std::string_view::npos) {
      std::string_view rest = element.substr(semi + 1);
      semi = rest.find(';');
      std::string_view param = Trim(rest.substr(0, semi));
      size_t eq = param.find('=');
      if (eq != std::string_view::npos && IEquals(Trim(param.substr(0, eq)), "q")) {
        auto parsed = ParseQ(Trim(param.substr(eq + 1)));
        if (parsed) q = *parsed;
        else valid = false;
      }
      element = rest;
    }
    if (!valid) continue;  // a malformed element says nothing
    if (IEquals(coding, "br")) a.br = q;
    else if (IEquals(coding, "gzip") || IEquals(coding, "x-gzip")) a.gzip = q;
    else if (IEquals(coding, "identity")) a.identity = q;
    else if (coding == "*") a.any = q;
  }
  return a;
}

bool IsTextual(std::string_view content_type) {
  return content_type.starts_with("application/json") || content_type.starts_with("text/") ||
         content_type.starts_with("application/yaml") ||
         content_type.starts_with("application/javascript") ||
         content_type.starts_with("image/svg+xml");
}

}  // namespace

std::string_view CodingName(Coding coding) {
  switch (coding) {
    case Coding::kBrotli:
      return "br";
    case Coding::kGzip:
      return "gzip";
    case Coding::kIdentity:
      break;
  }
  return {};
}

Coding ChooseCoding(const std::string* accept_encoding, bool brotli_available,
                    bool gzip_available) {
  if (!accept_encoding) return Coding::kIdentity;
  const Acceptance a = ParseAcceptEncoding(*accept_encoding);
  // Identity is always the fallback; it competes with the codings only when named, as a client
  // that lists "gzip;q=0.5" accepts gzip rather than preferring an uncompressed answer.
  const double identity = a.identity.value_or(0);
  const double br = brotli_available ? a.br.value_or(a.any.value_or(0)) : 0;
  const double gzip = gzip_available ? a.gzip.value_or(a.any.value_or(0)) : 0;
  if (br > 0 && br >= gzip && br >= identity) return Coding::kBrotli;
  if (gzip > 0 && gzip >= identity) return Coding::kGzip;
  return Coding::kIdentity;
}

std::string WithVaryAcceptEncoding(const std::string* vary) {
  if (!vary || Trim(*vary).empty()) return "Accept-Encoding";
  std::string_view rest = *vary;
  while (!rest.empty()) {
    size_t comma = rest.find(',');
    std::string_view field = Trim(rest.substr(0, comma));
    if (field == "*" || IEquals(field, "Accept-Encoding")) return *vary;
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
  }
  return *vary + ", Accept-Encoding";
}

std::string Gzip(std::string_view data) {
  z_stream zs{};
  int rc = deflateInit2(&zs, kGzipLevel, Z_DEFLATED, kGzipWindowBits, kGzipMemLevel,
                        Z_DEFAULT_STRATEGY);
  assert(rc == Z_OK);
  (void)rc;
  std::string out(deflateBound(&zs, static_cast<uLong>(data.size())), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  rc = deflate(&zs, Z_FINISH);
  assert(rc == Z_STREAM_END);  // deflateBound leaves room for all of it
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

struct GzipBodyWriter::State {
  BodyWriter& out;
  z_stream zs{};
  std::array<char, kOutputBytes> buffer{};
  bool open = true;

  explicit State(BodyWriter& o) : out(o) {
    int rc = deflateInit2(&zs, kGzipLevel, Z_DEFLATED, kGzipWindowBits, kGzipMemLevel,
                          Z_DEFAULT_STRATEGY);
    assert(rc == Z_OK);
    (void)rc;
  }
  ~State() { deflateEnd(&zs); }

  // Runs deflate over the pending input with `flush`, passing on what it writes.
  bool Deflate(int flush) {
    while (open) {
      zs.next_out = reinterpret_cast<Bytef*>(buffer.data());
      zs.avail_out = static_cast<uInt>(buffer.size());
      int rc = deflate(&zs, flush);
      size_t produced = buffer.size() - zs.avail_out;
      if (produced > 0) open = out.Write(std::string_view(buffer.data(), produced));
      if (rc == Z_STREAM_END) return open;
      if (rc != Z_OK && rc != Z_BUF_ERROR) return open = false;
      // Done when deflate neither filled the buffer nor has input left (Z_FINISH: until the end).
      if (flush != Z_FINISH && zs.avail_in == 0 && zs.avail_out > 0) return open;
    }
    return false;
  }
};

GzipBodyWriter::GzipBodyWriter(BodyWriter& out) : state_(std::make_unique<State>(out)) {}

GzipBodyWriter::~GzipBodyWriter() = default;

bool GzipBodyWriter::Write(std::string_view chunk) {
  // zlib counts input in uInt; feed very long chunks in parts.
  constexpr size_t kMaxPart = 1u << 30;
  while (!chunk.empty() && state_->open) {
    std::string_view part = chunk.substr(0, kMaxPart);
    chunk.remove_prefix(part.size());
    state_->zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(part.data()));
    state_->zs.avail_in = static_cast<uInt>(part.size());
    state_->Deflate(Z_NO_FLUSH);
  }
  return state_->open;
}

bool GzipBodyWriter::Finish() {
  state_->zs.next_in = nullptr;
  state_->zs.avail_in = 0;
  return state_->Deflate(Z_FINISH);
}

void CompressForClient(const Request& request, Response& response) {
  if (response.status == 204 || response.status == 304) return;
  for (const auto& [name, value] : response.headers)
    if (IEquals(name, "Content-Encoding")) return;
  const bool streamed = static_cast<bool>(response.stream);
  // Progress lines (bulk actions, imports) must reach the reader as each is written; gzip
  // would hold them back until its buffer fills. They are short.
  if (streamed && response.content_type.starts_with("application/x-ndjson")) return;
  if (!streamed && (response.body.size() < kCompressMinBytes || !IsTextual(response.content_type)))
    return;
  const std::string* vary = nullptr;
  for (const auto& [name, value] : response.headers)
    if (IEquals(name, "Vary")) vary = &value;
  response.SetHeader("Vary", WithVaryAcceptEncoding(vary));
  if (ChooseCoding(request.Header("accept-encoding"), false, true) != Coding::kGzip) return;
  response.SetHeader("Content-Encoding", "gzip");
  if (streamed) {
    response.stream = [inner = std::move(response.stream)](BodyWriter& out) {
      GzipBodyWriter gzip(out);
      inner(gzip);  // if it throws, the body stays cut short (and the gzip unfinished)
      gzip.Finish();
    };
  } else {
    response.body = Gzip(response.body);
  }
}

}  // namespace clientele::http
