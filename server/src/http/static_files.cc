#include "http/static_files.h"

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string_view>

#include "http/compression.h"

namespace clientele::http {
namespace {

std::string ContentType(const std::filesystem::path& p) {
  std::string ext = p.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json") return "application/json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

std::optional<std::string> ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// A strong validator of the file served: its size and modification time (as nginx makes them),
// plus the coding, so the variants of one file never share a tag.
std::optional<std::string> EntityTag(const std::filesystem::path& p, Coding coding) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(p, ec);
  if (ec) return std::nullopt;
  const auto modified = std::filesystem::last_write_time(p, ec);
  if (ec) return std::nullopt;
  char tag[64];
  std::snprintf(tag, sizeof tag, "\"%jx-%jx%s%.*s\"", static_cast<uintmax_t>(size),
                static_cast<uintmax_t>(modified.time_since_epoch().count()),
                coding == Coding::kIdentity ? "" : "-", static_cast<int>(CodingName(coding).size()),
                CodingName(coding).data());
  return std::string(tag);
}

// If-None-Match (RFC 9110 §13.1.2): "*", or a list of entity tags compared weakly.
bool NoneMatchHits(const std::string* header, std::string_view etag) {
  if (!header) return false;
  std::string_view rest = *header;
  while (!rest.empty()) {
    size_t comma = rest.find(',');
    std::string_view tag = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    while (!tag.empty() && (tag.front() == ' ' || tag.front() == '\t')) tag.remove_prefix(1);
    while (!tag.empty() && (tag.back() == ' ' || tag.back() == '\t')) tag.remove_suffix(1);
    if (tag == "*") return true;
    if (tag.starts_with("W/")) tag.remove_prefix(2);
    if (tag == etag) return true;
  }
  return false;
}

}  // namespace

std::optional<Response> StaticFiles::Serve(const Request& request) const {
  if (root_.empty() || (request.method != "GET" && request.method != "HEAD")) return std::nullopt;
  if (request.path.starts_with("/iam/") || request.path == "/iam") return std::nullopt;
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path root = fs::weakly_canonical(root_, ec);
  if (ec || !fs::exists(root / "index.html")) return std::nullopt;

  // Only plain segments: no "..", no hidden files, so the path can't climb out of root.
  fs::path file = root;
  bool plain = true;
  size_t start = 1;
  while (start < request.path.size()) {
    size_t end = request.path.find('/', start);
    if (end == std::string::npos) end = request.path.size();
    std::string segment = request.path.substr(start, end - start);
    if (!segment.empty()) {
      if (segment.front() == '.' || segment.find('\\') != std::string::npos ||
          segment.find('\0') != std::string::npos)
        plain = false;
      file /= segment;
    }
    start = end + 1;
  }
  bool is_file = plain && file != root && fs::is_regular_file(file, ec);
  bool asset = is_file && request.path.starts_with("/assets/");
  if (!is_file) {
    // Missing assets are real 404s; everything else is a page of the app.
    if (request.path.starts_with("/assets/")) return std::nullopt;
    file = root / "index.html";
  }
  // The portals' build writes a .br and a .gz twin beside every file that compresses (see
  // web/build/precompress.ts); the client's Accept-Encoding picks which one goes out.
  fs::path brotli = file, gzip = file;
  brotli += ".br";
  gzip += ".gz";
  const bool has_brotli = fs::is_regular_file(brotli, ec);
  const bool has_gzip = fs::is_regular_file(gzip, ec);
  const Coding coding = ChooseCoding(request.Header("accept-encoding"), has_brotli, has_gzip);
  const fs::path& chosen = coding == Coding::kBrotli ? brotli : coding == Coding::kGzip ? gzip : file;
  auto etag = EntityTag(chosen, coding);
  if (!etag) return std::nullopt;

  Response r;
  r.content_type = ContentType(file);
  // Hashed file names never change; the page itself must always be revalidated.
  r.SetHeader("Cache-Control", asset ? "public, max-age=31536000, immutable" : "no-cache");
  r.SetHeader("ETag", *etag);
  if (has_brotli || has_gzip) r.SetHeader("Vary", "Accept-Encoding");
  if (NoneMatchHits(request.Header("if-none-match"), *etag)) {
    r.status = 304;
    return r;
  }
  auto body = ReadFile(chosen);
  if (!body) return std::nullopt;
  if (coding != Coding::kIdentity) r.SetHeader("Content-Encoding", std::string(CodingName(coding)));
  r.body = std::move(*body);
  return r;
}

}  // namespace clientele::http
