#include "http/cookies.h"

namespace clientele::http {
namespace {

bool IsPlainLocalhost(const Request& request) {
  const std::string* proto = request.Header("x-forwarded-proto");
  if (proto && *proto == "https") return false;
  const std::string* host = request.Header("host");
  if (!host) return false;
  std::string_view h = *host;
  if (h.starts_with("[::1]")) return true;
  h = h.substr(0, h.find(':'));
  return h == "localhost" || h == "127.0.0.1";
}

// Secure (and so __Host-) wherever the browser allows it. Chromium and Firefox accept Secure
// cookies from http://localhost too, but Safari drops them (WebKit bug 281149), which would
// make sign-in impossible on a plain local installation; there the prefix-less names are used.
bool Secure(const Request& request) { return !IsPlainLocalhost(request); }

std::string Named(const Request& request, const char* base) {
  // __Host-: the browser keeps such a cookie only if it is Secure, has Path=/ and no Domain, so
  // a sibling subdomain or a plain-http page can't plant a session or CSRF cookie for us.
  return Secure(request) ? std::string("__Host-") + base : std::string(base);
}

std::string Cookie(const Request& request, const std::string& name, std::string_view value,
                   long max_age, bool http_only) {
  // A live session's cookie lasts as long as the browser does; the server ends idle sessions.
  // Max-Age is only sent to clear a cookie.
  std::string c = name + "=" + std::string(value) + "; Path=/; SameSite=Strict";
  if (max_age <= 0) c += "; Max-Age=0";
  if (http_only) c += "; HttpOnly";
  if (Secure(request)) c += "; Secure";
  return c;
}

}  // namespace

std::optional<std::string> CookieValue(const Request& request, std::string_view name) {
  const std::string* header = request.Header("cookie");
  if (!header) return std::nullopt;
  std::string_view rest = *header;
  while (!rest.empty()) {
    size_t end = rest.find(';');
    std::string_view pair = rest.substr(0, end);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    size_t eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name)
      return std::string(pair.substr(eq + 1));
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 1);
  }
  return std::nullopt;
}

storage::Portal PortalOf(const Request& request) {
  const std::string* portal = request.Header("x-portal");
  return portal && *portal == "customer" ? storage::Portal::kCustomer : storage::Portal::kAdmin;
}

std::string SessionCookieName(const Request& request, storage::Portal portal) {
  return Named(request, portal == storage::Portal::kAdmin ? "clientele_admin" : "clientele_portal");
}
std::string CsrfCookieName(const Request& request, storage::Portal portal) {
  return Named(request, portal == storage::Portal::kAdmin ? "clientele_admin_csrf"
                                                         : "clientele_portal_csrf");
}

std::string SessionCookie(const Request& request, storage::Portal portal, std::string_view value,
                          long max_age_seconds) {
  return Cookie(request, SessionCookieName(request, portal), value, max_age_seconds, true);
}
std::string CsrfCookie(const Request& request, storage::Portal portal, std::string_view value,
                       long max_age_seconds) {
  return Cookie(request, CsrfCookieName(request, portal), value, max_age_seconds, false);
}

}  // namespace clientele::http
