#include <boost/json.hpp>

#include <limits>
#include <optional>

#include "domain/throttles.h"
#include "domain/validation.h"
#include "domain/vendor_settings.h"
#include "http/errors.h"
#include "http/handlers/common.h"
#include "http/handlers/handlers.h"
#include "http/json/codec.h"

// Vendor settings in the contract's BrandingSettings shape (publicSettings / privateSettings).
namespace clientele::http::handlers {

Response GetVendorSettings(Context& ctx) {
  auto b = ctx.services.vendor.Get(ctx.Who());
  if (!b) return ErrorResponse(b.error());
  return JsonResponse(json::EncodeBranding(*b));
}

Response UpdateVendorSettings(Context& ctx) {
  auto body = json::ParseObject(ctx.request.body);
  if (!body) return ErrorResponse(body.error());
  BrandingUpdate u;
  FieldErrors& e = u.type_errors;
  if (const auto* pub_v = body->if_contains("publicSettings")) {
    if (!pub_v->is_object()) {
      e.Add("publicSettings", "Must be an object.");
    } else {
      const auto& pub = pub_v->as_object();
      u.brand_name = json::ReadString(pub, "brandName", e);
      u.from_email = json::ReadString(pub, "fromEmail", e);
      u.support_email = json::ReadString(pub, "supportEmail", e);
      u.support_phone = json::ReadString(pub, "supportPhone", e);
      u.website_link = json::ReadString(pub, "websiteLink", e);
      u.agreement_link = json::ReadString(pub, "agreementLink", e);
      u.api_docs_link = json::ReadString(pub, "apiDocsLink", e);
      u.knowledge_base_link = json::ReadString(pub, "knowledgeBaseLink", e);
      u.status_page_link = json::ReadString(pub, "statusPageLink", e);
      u.logo = json::ReadString(pub, "logo", e);
      if (const auto* colors = pub.if_contains("colors"); colors && colors->is_object()) {
        u.header_color = json::ReadString(colors->as_object(), "header", e);
        u.primary_color = json::ReadString(colors->as_object(), "primary", e);
      }
    }
  }
  if (const auto* priv = body->if_contains("privateSettings"); priv && priv->is_object()) {
    if (const auto* server_v = priv->as_object().if_contains("mailServer");
        server_v && server_v->is_object()) {
      const auto& server = server_v->as_object();
      u.smtp_host = json::ReadString(server, "host", e);
      u.smtp_login = json::ReadString(server, "login", e);
      if (const auto* port = server.if_contains("port")) {
        // Range-checked before it is narrowed to int, so 65561 can't become 25.
        std::optional<int64_t> number;
        if (port->is_string() && port->as_string().empty()) {
          u.smtp_port = 0;  // unset: the default for the security mode
        } else if (port->is_string()) {
          if (auto p = ParseInt(std::string_view(port->as_string())))
            number = *p;
          else
            e.Add("mailServer.port", "Use a port number.");
        } else if (port->is_int64()) {
          number = port->as_int64();
        } else if (port->is_uint64()) {
          number = std::numeric_limits<int64_t>::max();
        } else {
          e.Add("mailServer.port", "Use a port number.");
        }
        if (number && (*number < 1 || *number > 65535))
          e.Add("mailServer.port", "Use a port from 1 to 65535.");
        else if (number)
          u.smtp_port = static_cast<int>(*number);
      }
      if (const auto* tls = server.if_contains("security"); tls && tls->is_string())
        u.smtp_tls = std::string(tls->as_string());
      else if (const auto* tls_flag = server.if_contains("tls"); tls_flag && tls_flag->is_bool())
        u.smtp_tls = tls_flag->as_bool() ? "starttls" : "none";
      if (const auto* pw = server.if_contains("password")) {
        if (pw->is_string()) u.smtp_password = std::string(pw->as_string());
        else if (!pw->is_null()) e.Add("mailServer.password", "Must be a string.");
        // null: unchanged (what GET returns)
      }
    }
  }
  auto b = ctx.services.vendor.Update(ctx.Who(), u, ctx.now);
  if (!b) return ErrorResponse(b.error());
  return JsonResponse(json::EncodeBranding(*b));
}

// Answers at once (202); the send runs in the background within 15 s, and
// GET .../test_email/{id} tells how it went.
Response SendTestEmail(Context& ctx) {
  if (auto st = ctx.services.throttles.TestEmail(ctx.Who().org, ctx.now); !st.ok())
    return ErrorResponse(st.error());
  auto body = json::ParseObject(ctx.request.body);
  if (!body) return ErrorResponse(body.error());
  FieldErrors errors;
  auto to = json::ReadString(*body, "email", errors);
  if (to) {
    if (auto bad = validation::CheckEmail(*to)) errors.Add("email", *bad);
  } else if (!errors.Has("email")) {
    errors.Add("email", "This field is required.");
  }
  if (!errors.empty()) return ErrorResponse(errors.ToError());
  auto started = ctx.services.mail_tests.StartTest(ctx.Who().org, *to, ctx.now);
  if (!started) return ErrorResponse(started.error());
  return JsonResponse(json::EncodeMailTest(*started), 202);
}

Response GetTestEmail(Context& ctx) {
  auto id = ParseId<Id<struct MailTestTag>>(ctx, "testId");
  if (!id) return ErrorResponse(id.error());
  auto test = ctx.services.mail_tests.GetTest(ctx.Who().org, id->value, ctx.now);
  if (!test) return ErrorResponse(test.error());
  return JsonResponse(json::EncodeMailTest(*test));
}

}  // namespace clientele::http::handlers
