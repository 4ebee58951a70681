#pragma once

#include <array>
#include <optional>
#include <span>
#include <string_view>

// The product's automatic e-mails, as the domain names them. Header-only: mail/ renders these
// kinds and needs no more of the domain than this.
namespace clientele {

enum class EmailKind {
  kTrialStarted,       // customer: product, when = trial end
  kTrialEndsSoon,      // customer: product, when = trial end
  kTrialEnded,         // customer: product (its resources are suspended)
  kProductDeleted,     // customer: product
  kActivationRequest,  // reseller's support address: company, account_id, product, user_email
  kSellerInvitation,   // new seller: action_link, link_valid_hours, user_email
  kUserInvitation,     // invited customer user: company, action_link, link_valid_hours, user_email
  kPasswordReset,      // user: action_link, link_valid_hours, user_email
  kPasswordChanged,    // user: user_email, when = time of the change
  kUserAdded,          // user added to an account: company, user_email, action_link (sign-in page)
  kDeletionRequested,  // deletion_request addresses: company, account_id, user_email, when =
                       // deletion
  kDeletionCancelled,  // deletion_request addresses: company, account_id, user_email, note
  kAccountDeleted,     // deletion_request addresses: company, account_id, when = deletion time
  kFailedLogin,        // failed_login addresses: user_email, when, ip
  kSmtpTest,           // whoever pressed "send test email": when = time sent
};

namespace email_internal {
inline constexpr std::array<EmailKind, 15> kAllKinds = {
    EmailKind::kTrialStarted,   EmailKind::kTrialEndsSoon,     EmailKind::kTrialEnded,
    EmailKind::kProductDeleted, EmailKind::kActivationRequest, EmailKind::kSellerInvitation,
    EmailKind::kUserInvitation, EmailKind::kPasswordReset,     EmailKind::kPasswordChanged,
    EmailKind::kUserAdded,      EmailKind::kDeletionRequested, EmailKind::kDeletionCancelled,
    EmailKind::kAccountDeleted, EmailKind::kFailedLogin,       EmailKind::kSmtpTest,
};
inline constexpr std::array<std::string_view, 15> kKindNames = {
    "trial_started",      "trial_ends_soon",   "trial_ended",        "product_deleted",
    "activation_request", "seller_invitation", "user_invitation",    "password_reset",
    "password_changed",   "user_added",        "deletion_requested", "deletion_cancelled",
    "account_deleted",    "failed_login",      "smtp_test",
};
}  // namespace email_internal

// Every kind, in declaration order.
inline std::span<const EmailKind> AllEmailKinds() { return email_internal::kAllKinds; }

// Stable snake_case names ("trial_started"): the outbox's `kind`, logs, golden file names.
inline std::string_view EmailKindName(EmailKind kind) {
  for (size_t i = 0; i < email_internal::kAllKinds.size(); ++i)
    if (email_internal::kAllKinds[i] == kind) return email_internal::kKindNames[i];
  return "unknown";
}

inline std::optional<EmailKind> ParseEmailKind(std::string_view name) {
  for (size_t i = 0; i < email_internal::kKindNames.size(); ++i)
    if (email_internal::kKindNames[i] == name) return email_internal::kAllKinds[i];
  return std::nullopt;
}

}  // namespace clientele
