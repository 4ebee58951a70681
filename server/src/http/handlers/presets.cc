#include <boost/json.hpp>

#include "domain/presets.h"
#include "http/errors.h"
#include "http/handlers/common.h"
#include "http/handlers/handlers.h"
#include "http/json/codec.h"

namespace clientele::http::handlers {

Response ListPresets(Context& ctx) {
  auto presets = ctx.services.presets.List(ctx.Who());
  if (!presets) return ErrorResponse(presets.error());
  boost::json::array items;
  for (const auto& p : *presets) items.push_back(json::EncodePreset(p));
  return JsonResponse(items);
}

Response CreatePreset(Context& ctx) {
  auto body = json::ParseObject(ctx.request.body);
  if (!body) return ErrorResponse(body.error());
  FieldErrors errors;
  auto name = json::ReadString(*body, "name", errors);
  if (!name && !errors.Has("name")) errors.Add("name", "This field is required.");
  // Filters are query parameters of the account list: an object of strings.
  const auto* filters = body->if_contains("filters");
  if (!filters || !filters->is_object()) {
    errors.Add("filters", "Must be an object of filter names and string values.");
  } else {
    for (const auto& [k, v] : filters->as_object())
      if (!v.is_string()) {
        errors.Add("filters", "Every value must be a string, as in a query string (\"" +
                                  std::string(k) + "\" is not).");
        break;
      }
  }
  if (!errors.empty()) return ErrorResponse(errors.ToError());
  auto preset = ctx.services.presets.Create(ctx.Who(), *name, boost::json::serialize(*filters), ctx.now);
  if (!preset) return ErrorResponse(preset.error());
  return JsonResponse(json::EncodePreset(*preset), 201);
}

Response DeletePreset(Context& ctx) {
  auto id = ParseId<ClientId>(ctx, "presetId");  // any positive integer id
  if (!id) return ErrorResponse(id.error());
  auto st = ctx.services.presets.Delete(ctx.Who(), id->value);
  if (!st.ok()) return ErrorResponse(st.error());
  return NoContent();
}

}  // namespace clientele::http::handlers
