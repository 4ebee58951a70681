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
Response BulkChangeClients(Context& ctx);
Response ImportClients(Context& ctx);

// attention.cc (issue 16)
Response GetOverview(Context& ctx);
Response GetLifecyclePreview(Context& ctx);
Response GetLifecyclePolicy(Context& ctx);
Response UpdateLifecyclePolicy(Context& ctx);

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
Response GetTestEmail(Context& ctx);

Response GetMyAccount(Context& ctx);
Response ListAccountUsers(Context& ctx);
Response ListMyUsers(Context& ctx);
Response GetUser(Context& ctx);
Response UpdateUser(Context& ctx);
Response BlockUser(Context& ctx);
Response ActivateUser(Context& ctx);
Response ChangePassword(Context& ctx);
Response InviteUser(Context& ctx);
Response GetClientUserRole(Context& ctx);
Response SetClientUserRole(Context& ctx);
Response RevokeClientUser(Context& ctx);
Response ForgotPassword(Context& ctx);
Response SetPasswordWithLink(Context& ctx);
Response ListSellers(Context& ctx);
Response CreateSeller(Context& ctx);
Response GetSeller(Context& ctx);
Response UpdateSeller(Context& ctx);
Response DeleteSeller(Context& ctx);
Response RenewInvitation(Context& ctx);
Response ResetPassword(Context& ctx);
Response ClientAdminToken(Context& ctx);
Response UserToken(Context& ctx);
Response ImpersonateInPortal(Context& ctx);

Response RequestDeletion(Context& ctx);
Response CurrentDeletion(Context& ctx);
Response DeletionHistory(Context& ctx);
Response ListOpenDeletionRequests(Context& ctx);
Response CancelDeletion(Context& ctx);
Response DeleteAccount(Context& ctx);
Response ListNotificationSettings(Context& ctx);
Response CreateNotificationSetting(Context& ctx);
Response GetNotificationSetting(Context& ctx);
Response UpdateNotificationSetting(Context& ctx);
Response DeleteNotificationSetting(Context& ctx);

Response ListPresets(Context& ctx);
Response CreatePreset(Context& ctx);
Response DeletePreset(Context& ctx);

Response ListActivity(Context& ctx);
Response GetActivity(Context& ctx);

}  // namespace clientele::http::handlers
