#include "http/static_files.h"

#include <filesystem>
#include <fstream>
#include <sstream>

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
  auto body = ReadFile(file);
  if (!body) return std::nullopt;
  Response r;
  r.content_type = ContentType(file);
  r.body = std::move(*body);
  // Hashed file names never change; the page itself must always be fresh.
  r.SetHeader("Cache-Control", asset ? "public, max-age=31536000, immutable" : "no-cache");
  return r;
}

}  // namespace clientele::http
