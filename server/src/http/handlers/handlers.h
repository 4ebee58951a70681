#pragma once

#include "http/message.h"
#include "http/router.h"

// Every handler: parse the request, call one domain service, encode the answer.
namespace clientele::http::handlers {

Response Health(Context& ctx);
Response OpenApiDocument(Context& ctx);

Response Login(Context& ctx);
Response Refresh(Context& ctx);
Response StartSession(Context& ctx);
Response GetSession(Context& ctx);
Response EndSession(Context& ctx);

Response CreateAccount(Context& ctx);
Response ListClients(Context& ctx);
Response GetClient(Context& ctx);
Response UpdateClient(Context& ctx);
Response ListStatusChanges(Context& ctx);

Response CreateApiToken(Context& ctx);
Response CreateApiTokenV2(Context& ctx);
Response ListApiTokens(Context& ctx);
Response GetApiToken(Context& ctx);
Response DeleteApiToken(Context& ctx);

Response GetDefaultVisibility(Context& ctx);
Response SetDefaultVisibility(Context& ctx);
Response GetClientVisibility(Context& ctx);
Response SetClientVisibility(Context& ctx);
Response ResetClientVisibility(Context& ctx);
Response ResetAllVisibility(Context& ctx);
Response ListServices(Context& ctx);
Response GetService(Context& ctx);
Response UpdateService(Context& ctx);
Response RequestActivation(Context& ctx);

Response GetVendorSettings(Context& ctx);
Response UpdateVendorSettings(Context& ctx);
Response SendTestEmail(Context& ctx);

Response ListPresets(Context& ctx);
Response CreatePreset(Context& ctx);
Response DeletePreset(Context& ctx);

Response ListActivity(Context& ctx);
Response GetActivity(Context& ctx);

}  // namespace clientele::http::handlers
