#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "http/message.h"
#include "domain/storage/sessions.h"

namespace clientele::http {

// The value of cookie `name` in a Cookie header, if present.
std::optional<std::string> CookieValue(const Request& request, std::string_view name);

// Which portal a browser request belongs to: the SPA says so in X-Portal ("customer"); the
// Admin Portal is the default. Each portal has its own cookies, so a reseller can be signed in
// to the Admin Portal and act as a customer in another tab at the same time.
storage::Portal PortalOf(const Request& request);
// "__Host-clientele_admin", "__Host-clientele_portal" and their "…_csrf" twins; on plain
// http://localhost (where the cookies can't be Secure) the same names without "__Host-".
// A request is read with the name its own answer would set, so a prefix-less cookie planted on
// an https installation is never read.
std::string SessionCookieName(const Request& request, storage::Portal portal);
std::string CsrfCookieName(const Request& request, storage::Portal portal);

// Set-Cookie values: Path=/, SameSite=Strict, no Domain; Secure unless the browser talks to
// plain localhost (SPEC §11).
std::string SessionCookie(const Request& request, storage::Portal portal, std::string_view value,
                          long max_age_seconds);
std::string CsrfCookie(const Request& request, storage::Portal portal, std::string_view value,
                       long max_age_seconds);

}  // namespace clientele::http
