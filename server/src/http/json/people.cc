#include <boost/json.hpp>

#include "domain/auth.h"
#include "http/json/codec.h"

// Sellers, token pairs and API tokens.
namespace clientele::http::json {

bj::object EncodeTokenPair(const TokenPair& t) {
  bj::object out;
  out["access"] = t.access;
  out["refresh"] = t.refresh;
  return out;
}

bj::object EncodeSeller(const User& u) {
  bj::object o;
  o["id"] = u.id.value;
  o["email"] = u.email;
  o["full_name"] = u.name.value_or("");
  o["phone"] = u.phone ? bj::value(*u.phone) : bj::value(nullptr);
  o["reseller"] = u.org.value;
  o["date_joined"] = FormatRfc3339(u.created_at);
  o["activated"] = u.activated;
  o["deleted"] = u.deleted;
  o["blocked"] = u.blocked;
  o["is_active"] = !u.blocked && !u.deleted;
  o["invited_at"] = Time(u.invited_at);
  o["last_login_at"] = Time(u.last_login_at);
  return o;
}

bj::object EncodeApiToken(const ApiToken& t, Timestamp now) {
  auto o = EncodeApiToken(t);
  o["expired"] = t.expires_at && *t.expires_at <= now;
  return o;
}

bj::object EncodeSession(const User& user, const std::string& company, const Caller& caller,
                         storage::Portal portal) {
  bj::object o;
  o["user"] = EncodeUser(user, company);
  if (caller.acting_user) {
    bj::object acting;
    acting["id"] = caller.acting_user->value;
    acting["email"] = caller.acting_email;
    o["acting_user"] = std::move(acting);
  } else {
    o["acting_user"] = nullptr;
  }
  o["reseller_id"] = caller.org.value;
  o["portal"] = portal == storage::Portal::kAdmin ? "admin" : "customer";
  return o;
}

}  // namespace clientele::http::json
