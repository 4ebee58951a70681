#include "http/handlers/handlers.h"
#include "http/router.h"

namespace clientele::http {

// Reads like the contract. Everything is authenticated unless marked public.
Router BuildRoutes() {
  namespace h = handlers;
  Router r;
  r.Add("GET", "/healthz", h::Health, Access::kPublic);
  r.Add("GET", "/openapi.yaml", h::OpenApiDocument, Access::kPublic);
  r.Add("GET", "/iam/docs/platform/resellers", h::OpenApiDocument, Access::kPublic);

  r.Add("POST", "/iam/auth/jwt/login", h::Login, Access::kPublic);
  r.Add("POST", "/iam/auth/jwt/refresh", h::Refresh, Access::kPublic);
  // Browser sessions of the portals (cookie + CSRF token).
  r.Add("POST", "/iam/auth/session", h::StartSession, Access::kPublic);
  r.Add("GET", "/iam/auth/session", h::GetSession);
  r.Add("DELETE", "/iam/auth/session", h::EndSession, Access::kPublic);

  r.Add("POST", "/iam/auth/session/impersonate", h::ImpersonateInPortal);
  r.Add("POST", "/iam/auth/password/forgot", h::ForgotPassword, Access::kPublic);
  r.Add("POST", "/iam/auth/password/set", h::SetPasswordWithLink, Access::kPublic);
  r.Add("POST", "/iam/auth/renew_invitation", h::RenewInvitation);
  r.Add("POST", "/iam/auth/reset_password", h::ResetPassword);
  // Acting as a customer (short-lived tokens that name the real actor).
  r.Add("GET", "/iam/auth/jwt/clients/{clientId}/admin_token", h::ClientAdminToken);
  r.Add("GET", "/iam/auth/jwt/users/{userId}/token", h::UserToken);

  r.Add("POST", "/iam/users", h::CreateAccount);
  r.Add("GET", "/iam/clients/me", h::GetMyAccount);  // before {clientId}: "me" is no id
  r.Add("GET", "/iam/clients/me/deletion_request", h::CurrentDeletion);
  r.Add("POST", "/iam/clients/me/deletion_request", h::RequestDeletion);
  r.Add("POST", "/iam/clients/invite_user", h::InviteUser);
  r.Add("GET", "/iam/clients", h::ListClients);
  r.Add("GET", "/iam/clients/{clientId}", h::GetClient);
  r.Add("PATCH", "/iam/clients/{clientId}", h::UpdateClient);

  // Deleting an account (staff side) and the organisation's alert addresses.
  r.Add("GET", "/iam/clients/{clientId}/deletion_requests", h::DeletionHistory);
  r.Add("POST", "/iam/clients/{clientId}/deletion_requests/cancel", h::CancelDeletion);
  r.Add("POST", "/iam/clients/{clientId}/delete", h::DeleteAccount);
  const std::string ns = "/iam/reselling/resellers/{resellerId}/notification_settings";
  r.Add("GET", ns, h::ListNotificationSettings);
  r.Add("POST", ns, h::CreateNotificationSetting);
  r.Add("GET", ns + "/{notificationSettingsId}", h::GetNotificationSetting);
  r.Add("PUT", ns + "/{notificationSettingsId}", h::UpdateNotificationSetting);
  r.Add("PATCH", ns + "/{notificationSettingsId}", h::UpdateNotificationSetting);
  r.Add("DELETE", ns + "/{notificationSettingsId}", h::DeleteNotificationSetting);

  // People of an account.
  r.Add("GET", "/iam/clients/{clientId}/users", h::ListAccountUsers);
  r.Add("GET", "/iam/clients/{clientId}/client-users/{userId}", h::GetClientUserRole);
  r.Add("PUT", "/iam/clients/{clientId}/client-users/{userId}", h::SetClientUserRole);
  r.Add("DELETE", "/iam/clients/{clientId}/client-users/{userId}", h::RevokeClientUser);
  r.Add("GET", "/iam/users", h::ListMyUsers);
  r.Add("GET", "/iam/users/{userId}", h::GetUser);
  r.Add("PATCH", "/iam/users/{userId}", h::UpdateUser);
  r.Add("PUT", "/iam/users/{userId}/password", h::ChangePassword);
  r.Add("POST", "/iam/users/{userId}/block", h::BlockUser);
  r.Add("POST", "/iam/users/{userId}/activate", h::ActivateUser);

  // Sellers (reseller only).
  r.Add("GET", "/iam/admin/sellers", h::ListSellers);
  r.Add("POST", "/iam/admin/sellers", h::CreateSeller);
  r.Add("GET", "/iam/admin/sellers/{sellerId}", h::GetSeller);
  r.Add("PATCH", "/iam/admin/sellers/{sellerId}", h::UpdateSeller);
  r.Add("DELETE", "/iam/admin/sellers/{sellerId}", h::DeleteSeller);
  r.Add("POST", "/iam/admin/sellers/{sellerId}/block", h::BlockUser);
  r.Add("POST", "/iam/admin/sellers/{sellerId}/activate", h::ActivateUser);

  // Products: visibility (availability), then each account's services.
  r.Add("GET", "/iam/products/availability/defaults", h::GetDefaultVisibility);
  r.Add("PATCH", "/iam/products/availability/defaults", h::SetDefaultVisibility);
  r.Add("GET", "/iam/products/availability/clients/{clientId}", h::GetClientVisibility);
  r.Add("PATCH", "/iam/products/availability/clients/{clientId}", h::SetClientVisibility);
  r.Add("DELETE", "/iam/products/availability/clients/{clientId}", h::ResetClientVisibility);
  r.Add("DELETE", "/iam/products/availability/clients", h::ResetAllVisibility);
  r.Add("GET", "/iam/clients/{clientId}/services", h::ListServices);
  r.Add("GET", "/iam/clients/{clientId}/services/{serviceId}", h::GetService);
  r.Add("PUT", "/iam/clients/{clientId}/services/{serviceId}", h::UpdateService);
  r.Add("PATCH", "/iam/clients/{clientId}/services/{serviceId}", h::UpdateService);  // deprecated
  r.Add("POST", "/iam/clients/{clientId}/services/{serviceId}/activation_request",
        h::RequestActivation);

  // Vendor settings: branding and the organisation's mail server.
  r.Add("GET", "/iam/reselling/settings", h::GetVendorSettings);
  r.Add("PUT", "/iam/reselling/settings", h::UpdateVendorSettings);
  r.Add("PATCH", "/iam/reselling/settings", h::UpdateVendorSettings);
  r.Add("POST", "/iam/reselling/settings/test_email", h::SendTestEmail);
  r.Add("GET", "/iam/reselling/settings/test_email/{testId}", h::GetTestEmail);

  for (const char* base : {"/iam/clients/{clientId}/tokens", "/iam/v2/clients/{clientId}/tokens"}) {
    std::string b = base;
    r.Add("GET", b, h::ListApiTokens);
    r.Add("POST", b, b.starts_with("/iam/v2") ? h::CreateApiTokenV2 : h::CreateApiToken);
    r.Add("GET", b + "/{tokenId}", h::GetApiToken);
    r.Add("DELETE", b + "/{tokenId}", h::DeleteApiToken);
  }

  // Saved account-list filters of the signed-in Admin Portal user.
  r.Add("GET", "/iam/presets", h::ListPresets);
  r.Add("POST", "/iam/presets", h::CreatePreset);
  r.Add("DELETE", "/iam/presets/{presetId}", h::DeletePreset);

  r.Add("GET", "/iam/activity_log/requests", h::ListActivity);
  r.Add("GET", "/iam/activity_log/requests/{id}", h::GetActivity);
  r.Add("GET", "/iam/activity_log/account_status_changes", h::ListStatusChanges);
  return r;
}

}  // namespace clientele::http
