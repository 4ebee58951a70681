#include "domain/account_policy.h"
#include "domain/attention.h"
#include "http/errors.h"
#include "http/handlers/common.h"
#include "http/handlers/handlers.h"
#include "http/json/codec.h"

// Issue 16: the overview, the lifecycle preview and one account's effective policy.
namespace clientele::http::handlers {
namespace {

constexpr int kDefaultDays = 7;
constexpr int kDefaultPreviewDays = 14;

// `days` and `client_id` of the query string; anything else is ignored, as the lists do.
struct AttentionParams {
  int days = 0;
  std::optional<ClientId> client;
};

Result<AttentionParams> ReadParams(const Request& request, int default_days) {
  AttentionParams out{default_days, std::nullopt};
  FieldErrors errors;
  for (const auto& [key, value] : request.query_params) {
    if (key == "days") {
      auto v = ParseInt(value);
      if (!v || *v < kMinPreviewDays || *v > kMaxPreviewDays)
        errors.Add("days", "Must be a whole number of days from " +
                               std::to_string(kMinPreviewDays) + " to " +
                               std::to_string(kMaxPreviewDays) + ".");
      else
        out.days = static_cast<int>(*v);
    } else if (key == "client_id") {
      auto v = ParseInt(value);
      if (!v || *v < 1)
        errors.Add("client_id", "Must be an account id.");
      else
        out.client = ClientId{*v};
    }
  }
  if (!errors.empty()) return errors.ToError();
  return out;
}

}  // namespace

Response GetOverview(Context& ctx) {
  auto params = ReadParams(ctx.request, kDefaultDays);
  if (!params) return ErrorResponse(params.error());
  auto overview = ctx.services.attention.GetOverview(ctx.Who(), params->days, ctx.now);
  if (!overview) return ErrorResponse(overview.error());
  return JsonResponse(json::EncodeOverview(*overview));
}

Response GetLifecyclePreview(Context& ctx) {
  auto params = ReadParams(ctx.request, kDefaultPreviewDays);
  if (!params) return ErrorResponse(params.error());
  auto preview =
      ctx.services.attention.Preview(ctx.Who(), params->days, params->client, ctx.now);
  if (!preview) return ErrorResponse(preview.error());
  return JsonResponse(json::EncodePreview(*preview));
}

Response GetLifecyclePolicy(Context& ctx) {
  auto id = ParseId<ClientId>(ctx, "clientId");
  if (!id) return ErrorResponse(id.error());
  auto policy = ctx.services.policy.Get(ctx.Who(), *id);
  if (!policy) return ErrorResponse(policy.error());
  return JsonResponse(json::EncodePolicy(*policy));
}

Response UpdateLifecyclePolicy(Context& ctx) {
  auto id = ParseId<ClientId>(ctx, "clientId");
  if (!id) return ErrorResponse(id.error());
  auto body = json::ParseObject(ctx.request.body);
  if (!body) return ErrorResponse(body.error());
  FieldErrors errors;
  PolicyPatch patch;
  auto days = [&](const char* key) -> std::optional<std::optional<int>> {
    auto v = json::ReadNullableInt(*body, key, errors);
    if (!v) return std::nullopt;
    if (!*v) return std::optional<int>();
    if (**v < 1 || **v > 3650) {
      errors.Add(key, "Must be from 1 to 3650 days.");
      return std::nullopt;
    }
    return std::optional<int>(static_cast<int>(**v));
  };
  patch.trial_days = days("trial_days");
  patch.days_to_deleted = days("days_to_deleted");
  if (!errors.empty()) return ErrorResponse(errors.ToError());
  auto policy = ctx.services.policy.Set(ctx.Who(), *id, patch);
  if (!policy) return ErrorResponse(policy.error());
  return JsonResponse(json::EncodePolicy(*policy));
}

}  // namespace clientele::http::handlers
