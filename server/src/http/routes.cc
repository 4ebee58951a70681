#include "http/handlers/handlers.h"
#include "http/router.h"

namespace clientele::http {

// Reads like the contract. Each route names its row of the roles table (domain/roles.h), which
// the pipeline checks before the handler runs.
Router BuildRoutes() {
  namespace h = handlers;
  using P = Permission;
  Router r;
  r.Add("GET", "/healthz", h::Health, P::kPublic);
  r.Add("GET", "/openapi.yaml", h::OpenApiDocument, P::kPublic);
  r.Add("GET", "/iam/docs/platform/resellers", h::OpenApiDocument, P::kPublic);

  r.Add("POST", "/iam/auth/jwt/login", h::Login, P::kPublic);
  r.Add("POST", "/iam/auth/jwt/refresh", h::Refresh, P::kPublic);
  // Browser sessions of the portals (cookie + CSRF token).
  r.Add("POST", "/iam/auth/session", h::StartSession, P::kPublic);
  r.Add("GET", "/iam/auth/session", h::GetSession, P::kSignedIn);
  r.Add("DELETE", "/iam/auth/session", h::EndSession, P::kPublic);

  r.Add("POST", "/iam/auth/session/impersonate", h::ImpersonateInPortal, P::kStaff);
  r.Add("POST", "/iam/auth/password/forgot", h::ForgotPassword, P::kPublic);
  r.Add("POST", "/iam/auth/password/set", h::SetPasswordWithLink, P::kPublic);
  r.Add("POST", "/iam/auth/renew_invitation", h::RenewInvitation, P::kStaff);
  r.Add("POST", "/iam/auth/reset_password", h::ResetPassword, P::kStaff);
  // Acting as a customer (short-lived tokens that name the real actor). Reads, but the start
  // of acting is always recorded.
  r.Add("GET", "/iam/auth/jwt/clients/{clientId}/admin_token", h::ClientAdminToken, P::kStaff,
        Audit::kAlways);
  r.Add("GET", "/iam/auth/jwt/users/{userId}/token", h::UserToken, P::kStaff, Audit::kAlways);

  r.Add("POST", "/iam/users", h::CreateAccount, P::kStaff);
  r.Add("GET", "/iam/clients/me", h::GetMyAccount, P::kOwnAccount);  // before {clientId}
  r.Add("GET", "/iam/clients/me/deletion_request", h::CurrentDeletion, P::kOwnAccount);
  r.Add("POST", "/iam/clients/me/deletion_request", h::RequestDeletion, P::kAccountDeletion);
  r.Add("POST", "/iam/clients/invite_user", h::InviteUser, P::kManageUsers);
  r.Add("GET", "/iam/clients", h::ListClients, P::kStaff);
  // Many accounts in one request, answered as a stream of progress lines (issue 16).
  r.Add("POST", "/iam/clients/bulk", h::BulkChangeClients, P::kStaff);
  r.Add("POST", "/iam/clients/import", h::ImportClients, P::kStaff);
  r.Add("GET", "/iam/clients/{clientId}", h::GetClient, P::kStaff);
  r.Add("PATCH", "/iam/clients/{clientId}", h::UpdateClient, P::kStaff);

  // What needs attention and what happens next (issue 16).
  r.Add("GET", "/iam/overview", h::GetOverview, P::kStaff);
  r.Add("GET", "/iam/lifecycle/preview", h::GetLifecyclePreview, P::kStaff);
  r.Add("GET", "/iam/clients/{clientId}/lifecycle_policy", h::GetLifecyclePolicy, P::kStaff);
  r.Add("PATCH", "/iam/clients/{clientId}/lifecycle_policy", h::UpdateLifecyclePolicy, P::kStaff);

  // Deleting an account (staff side) and the organisation's alert addresses.
  r.Add("GET", "/iam/clients/{clientId}/deletion_requests", h::DeletionHistory, P::kStaff);
  r.Add("POST", "/iam/clients/{clientId}/deletion_requests/cancel", h::CancelDeletion, P::kStaff);
  r.Add("POST", "/iam/clients/{clientId}/delete", h::DeleteAccount, P::kStaff);
  r.Add("GET", "/iam/deletion_requests", h::ListOpenDeletionRequests, P::kStaff);
  const std::string ns = "/iam/reselling/resellers/{resellerId}/notification_settings";
  r.Add("GET", ns, h::ListNotificationSettings, P::kReseller);
  r.Add("POST", ns, h::CreateNotificationSetting, P::kReseller);
  r.Add("GET", ns + "/{notificationSettingsId}", h::GetNotificationSetting, P::kReseller);
  r.Add("PUT", ns + "/{notificationSettingsId}", h::UpdateNotificationSetting, P::kReseller);
  r.Add("PATCH", ns + "/{notificationSettingsId}", h::UpdateNotificationSetting, P::kReseller);
  r.Add("DELETE", ns + "/{notificationSettingsId}", h::DeleteNotificationSetting, P::kReseller);

  // People of an account.
  r.Add("GET", "/iam/clients/{clientId}/users", h::ListAccountUsers, P::kAccountRead);
  r.Add("GET", "/iam/clients/{clientId}/client-users/{userId}", h::GetClientUserRole,
        P::kAccountRead);
  r.Add("PUT", "/iam/clients/{clientId}/client-users/{userId}", h::SetClientUserRole,
        P::kManageUsers);
  r.Add("DELETE", "/iam/clients/{clientId}/client-users/{userId}", h::RevokeClientUser,
        P::kManageUsers);
  r.Add("GET", "/iam/users", h::ListMyUsers, P::kOwnAccount);
  r.Add("GET", "/iam/users/{userId}", h::GetUser, P::kUserRead);
  r.Add("PATCH", "/iam/users/{userId}", h::UpdateUser, P::kUserEdit);
  r.Add("PUT", "/iam/users/{userId}/password", h::ChangePassword, P::kOwnPassword);
  r.Add("POST", "/iam/users/{userId}/block", h::BlockUser, P::kStaff);
  r.Add("POST", "/iam/users/{userId}/activate", h::ActivateUser, P::kStaff);

  // Sellers (reseller only).
  r.Add("GET", "/iam/admin/sellers", h::ListSellers, P::kReseller);
  r.Add("POST", "/iam/admin/sellers", h::CreateSeller, P::kReseller);
  r.Add("GET", "/iam/admin/sellers/{sellerId}", h::GetSeller, P::kReseller);
  r.Add("PATCH", "/iam/admin/sellers/{sellerId}", h::UpdateSeller, P::kReseller);
  r.Add("DELETE", "/iam/admin/sellers/{sellerId}", h::DeleteSeller, P::kReseller);
  r.Add("POST", "/iam/admin/sellers/{sellerId}/block", h::BlockUser, P::kReseller);
  r.Add("POST", "/iam/admin/sellers/{sellerId}/activate", h::ActivateUser, P::kReseller);

  // Products: visibility (availability), then each account's services.
  r.Add("GET", "/iam/products/availability/defaults", h::GetDefaultVisibility, P::kReseller);
  r.Add("PATCH", "/iam/products/availability/defaults", h::SetDefaultVisibility, P::kReseller);
  r.Add("GET", "/iam/products/availability/clients/{clientId}", h::GetClientVisibility,
        P::kStaff);
  r.Add("PATCH", "/iam/products/availability/clients/{clientId}", h::SetClientVisibility,
        P::kStaff);
  r.Add("DELETE", "/iam/products/availability/clients/{clientId}", h::ResetClientVisibility,
        P::kStaff);
  r.Add("DELETE", "/iam/products/availability/clients", h::ResetAllVisibility, P::kReseller);
  r.Add("GET", "/iam/clients/{clientId}/services", h::ListServices, P::kAccountRead);
  r.Add("GET", "/iam/clients/{clientId}/services/{serviceId}", h::GetService, P::kAccountRead);
  r.Add("PUT", "/iam/clients/{clientId}/services/{serviceId}", h::UpdateService, P::kStaff);
  r.Add("PATCH", "/iam/clients/{clientId}/services/{serviceId}", h::UpdateService,
        P::kStaff);  // deprecated
  r.Add("POST", "/iam/clients/{clientId}/services/{serviceId}/activation_request",
        h::RequestActivation, P::kActivationRequest);

  // Vendor settings: branding and the organisation's mail server.
  r.Add("GET", "/iam/reselling/settings", h::GetVendorSettings, P::kReseller);
  r.Add("PUT", "/iam/reselling/settings", h::UpdateVendorSettings, P::kReseller);
  r.Add("PATCH", "/iam/reselling/settings", h::UpdateVendorSettings, P::kReseller);
  r.Add("POST", "/iam/reselling/settings/test_email", h::SendTestEmail, P::kReseller);
  r.Add("GET", "/iam/reselling/settings/test_email/{testId}", h::GetTestEmail, P::kReseller);

  for (const char* base : {"/iam/clients/{clientId}/tokens", "/iam/v2/clients/{clientId}/tokens"}) {
    std::string b = base;
    r.Add("GET", b, h::ListApiTokens, P::kApiTokensRead);
    r.Add("POST", b, b.starts_with("/iam/v2") ? h::CreateApiTokenV2 : h::CreateApiToken,
          P::kApiTokensCreate);
    r.Add("GET", b + "/{tokenId}", h::GetApiToken, P::kApiTokensRead);
    r.Add("DELETE", b + "/{tokenId}", h::DeleteApiToken, P::kApiTokensRead);
  }

  // Saved account-list filters of the signed-in Admin Portal user.
  r.Add("GET", "/iam/presets", h::ListPresets, P::kStaff);
  r.Add("POST", "/iam/presets", h::CreatePreset, P::kStaff);
  r.Add("DELETE", "/iam/presets/{presetId}", h::DeletePreset, P::kStaff);

  r.Add("GET", "/iam/activity_log/requests", h::ListActivity, P::kStaff);
  r.Add("GET", "/iam/activity_log/requests/{id}", h::GetActivity, P::kStaff);
  r.Add("GET", "/iam/activity_log/account_status_changes", h::ListStatusChanges, P::kStaff);
  return r;
}

}  // namespace clientele::http
