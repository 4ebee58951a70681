#include "domain/people.h"

#include "core/client_address.h"
#include "crypto/crypto.h"
#include "domain/auth.h"
#include "domain/email_outbox.h"
#include "domain/people_internal.h"
#include "domain/throttles.h"
#include "domain/validation.h"

// Passwords, and the links e-mailed to set one (invitations and resets).
namespace clientele {

using people_internal::ManagedUser;

namespace {

// Staff may resend an invitation or a reset link, but not flood the person's inbox with them.
Status TakeLinkMail(storage::Tx& tx, const User& user, Timestamp now) {
  return TakeFromWindow(tx, "mail:link:user:" + std::to_string(user.id.value), kLinkMailsPerPerson,
                        now, "Too many e-mails to this person.");
}

// The person staff send a link to: a customer user they manage or, for the reseller, a seller.
Result<User> LinkRecipient(storage::Tx& tx, const Caller& caller, const std::string& email) {
  TRY(auto user, tx.FindUserByEmail(caller.org, email));
  if (!user || user->type == UserType::kReseller) return NotFound("User with given email not found.");
  if (user->type == UserType::kSeller && caller.type != UserType::kReseller) return PermissionDenied();
  if (user->type == UserType::kCommon && !ManagedUser(tx, caller, user->id).ok())
    return NotFound("User with given email not found.");
  return std::move(*user);
}

}  // namespace

Status PeopleService::SendLink(storage::Tx& tx, const User& user, LinkPurpose purpose,
                               int64_t hours, Timestamp now) {
  TRY_STATUS(tx.ExpireOneTimeTokens(user.org, user.id, purpose, now));
  std::string token = crypto::RandomToken(32);
  OneTimeToken t;
  t.org = user.org;
  t.user = user.id;
  t.purpose = purpose;
  t.token_hash = crypto::Sha256(token);
  t.created_at = now;
  t.expires_at = now.PlusSeconds(hours * 3600);
  TRY(OneTimeToken stored, tx.InsertOneTimeToken(t));
  bool seller = user.type != UserType::kCommon;
  std::string portal = seller ? "/admin" : "/portal";
  std::string page = purpose == LinkPurpose::kInvitation ? "/accept-invitation" : "/reset-password";
  EmailData data;
  data.action_link = public_url_ + portal + page + "?token=" + token;
  data.link_valid_hours = static_cast<int>(hours);
  data.user_email = user.email;
  EmailKind kind = purpose == LinkPurpose::kPasswordReset ? EmailKind::kPasswordReset
                         : seller ? EmailKind::kSellerInvitation
                                  : EmailKind::kUserInvitation;
  if (user.client) {
    TRY(Client c, tx.GetClient(user.org, *user.client));
    data.account_company = c.company_name;
  }
  return QueueEmail(tx, user.org, kind, {user.email, user.name.value_or(""), user.lang}, data,
                    "link:" + std::to_string(stored.id), now);
}

Result<TokenPair> PeopleService::ChangePassword(const Caller& caller, UserId id,
                                                const std::string& old_password,
                                                const std::string& new_password,
                                                const std::string& repeated, Timestamp now) {
  if (caller.user != id || caller.acting_user) return PermissionDenied("You can only change your own password.");
  std::optional<User> user;
  TRY_STATUS(db_.Read([&](storage::Tx& tx) -> Status {
    TRY(user, tx.GetUser(caller.org, id));
    return Ok();
  }));
  std::optional<ConcurrencyLimit::Slot> slot;  // argon2 below: never on every worker at once
  TRY_STATUS(auth_.EnterPasswordCheck(slot));
  FieldErrors errors;
  if (old_password.empty()) errors.Add("old", "This field is required.");
  else if (!crypto::VerifyPassword(user->password_hash, old_password))
    errors.Add("old", "Old password is incorrect.");
  if (auto bad = validation::CheckPassword(new_password, user->email)) errors.Add("new", *bad);
  if (new_password != repeated) errors.Add("double", "New and double values don't match.");
  if (!errors.empty()) return errors.ToError();
  TRY(std::string hash, crypto::HashPassword(new_password));
  slot.reset();
  std::optional<TokenPair> tokens;
  TRY_STATUS(db_.Write([&](storage::Tx& tx) -> Status {
    TRY(User u, tx.GetUser(caller.org, id));
    u.password_hash = hash;
    // Every other way in ends with the old password: other browsers, refresh tokens and access
    // tokens (the caller gets new ones below; its own portal session stays).
    TRY_STATUS(AuthService::EndSessionsOf(tx, u, caller.web_session, now));
    EmailData data;
    data.user_email = u.email;
    data.when = now;
    TRY_STATUS(QueueEmail(tx, u.org, EmailKind::kPasswordChanged,
                          {u.email, u.name.value_or(""), u.lang}, data,
                          "password_changed:" + std::to_string(u.id.value) + ":" +
                              std::to_string(now.micros),
                          now));
    TRY(tokens, auth_.IssueTokens(tx, u, std::nullopt, now));
    return Ok();
  }));
  return std::move(*tokens);
}

Status PeopleService::ForgotPassword(const std::string& email_in, Timestamp now,
                                     std::string_view client_address) {
  std::string email = validation::Trim(email_in);
  if (email.empty()) return FieldError("email", "This field is required.");
  if (auto bad = validation::CheckEmail(email)) return FieldError("email", *bad);
  return db_.Write([&](storage::Tx& tx) -> Status {
    // Counted whether or not anyone has this e-mail, and answered the same when over the limit,
    // so the throttle tells nothing about who exists.
    std::string client_key = "mail:forgot:client:" + HashedKeyPart(AddressKey(client_address));
    TRY(bool client_ok, CountInWindow(tx, client_key, kResetMailsPerClient, now));
    if (!client_ok) return Ok();
    std::string email_key = "mail:forgot:email:" + HashedKeyPart(validation::EmailKey(email));
    TRY(bool email_ok, CountInWindow(tx, email_key, kResetMailsPerEmail, now));
    if (!email_ok) return Ok();
    TRY(auto users, tx.FindUsersForSignIn(email));
    for (const auto& u : users) {
      // Blocked people can't recover a password; invited ones accept their invitation instead.
      if (u.blocked || u.deleted || !u.activated) continue;
      if (u.client) {
        TRY(Client c, tx.GetClient(u.org, *u.client));
        if (c.deleted) continue;
      }
      TRY_STATUS(SendLink(tx, u, LinkPurpose::kPasswordReset, kPasswordResetHours, now));
    }
    return Ok();
  });
}

Result<User> PeopleService::SetPasswordWithLink(const std::string& token,
                                                const std::string& password, Timestamp now) {
  const char* kBadLink = "This link is not valid any more. Ask for a new one.";
  if (token.empty() || token.size() > 256) return FieldError("token", kBadLink);
  std::optional<OneTimeToken> link;
  std::optional<User> user;
  TRY_STATUS(db_.Read([&](storage::Tx& tx) -> Status {
    auto found = tx.FindOneTimeToken(crypto::Sha256(token));
    if (!found.ok() || found->used_at || found->expires_at <= now) return FieldError("token", kBadLink);
    link = *found;
    TRY(user, tx.GetUser(link->org, link->user));
    if (user->deleted || user->blocked) return FieldError("token", kBadLink);
    return Ok();
  }));
  if (auto bad = validation::CheckPassword(password, user->email)) return FieldError("password", *bad);
  std::optional<ConcurrencyLimit::Slot> slot;
  TRY_STATUS(auth_.EnterPasswordCheck(slot));
  TRY(std::string hash, crypto::HashPassword(password));
  slot.reset();
  TRY_STATUS(db_.Write([&](storage::Tx& tx) -> Status {
    TRY(bool first, tx.UseOneTimeToken(link->org, link->id, now));
    if (!first) return FieldError("token", kBadLink);
    TRY(User u, tx.GetUser(link->org, link->user));
    bool joining = !u.activated;
    u.password_hash = hash;
    u.activated = true;
    u.failed_logins = 0;
    u.locked_until.reset();
    TRY_STATUS(AuthService::EndSessionsOf(tx, u, std::nullopt, now));
    // Other open links of the same person stop working: one password, one way in.
    TRY_STATUS(tx.ExpireOneTimeTokens(u.org, u.id, LinkPurpose::kPasswordReset, now));
    TRY_STATUS(tx.ExpireOneTimeTokens(u.org, u.id, LinkPurpose::kInvitation, now));
    EmailData data;
    data.user_email = u.email;
    data.when = now;
    EmailKind kind = EmailKind::kPasswordChanged;
    if (joining && u.client) {
      TRY(Client c, tx.GetClient(u.org, *u.client));
      data.account_company = c.company_name;
      data.action_link = public_url_ + "/portal/";
      kind = EmailKind::kUserAdded;
    }
    TRY_STATUS(QueueEmail(tx, u.org, kind, {u.email, u.name.value_or(""), u.lang}, data,
                          "link_used:" + std::to_string(link->id), now));
    user = u;
    return Ok();
  }));
  return std::move(*user);
}

Status PeopleService::RenewInvitation(const Caller& caller, const std::string& email,
                                      Timestamp now) {
  if (!caller.IsStaff()) return PermissionDenied();
  if (auto bad = validation::CheckEmail(validation::Trim(email))) return FieldError("email", *bad);
  return db_.Write([&](storage::Tx& tx) -> Status {
    TRY(User user, LinkRecipient(tx, caller, validation::Trim(email)));
    // The contract answers this with a plain {"message"}, not a field error.
    if (user.activated)
      return MakeError(ErrorCode::kInvalidArgument, "This user already activated.");
    if (user.blocked) return PermissionDenied("This person is blocked; activate them first.");
    TRY_STATUS(TakeLinkMail(tx, user, now));
    user.invited_at = now;
    TRY_STATUS(tx.UpdateUser(user));
    int64_t hours = user.type == UserType::kSeller ? kSellerInvitationHours : kUserInvitationHours;
    return SendLink(tx, user, LinkPurpose::kInvitation, hours, now);
  });
}

Status PeopleService::ResetPasswordOf(const Caller& caller, const std::string& email,
                                      Timestamp now) {
  if (!caller.IsStaff()) return PermissionDenied();
  if (auto bad = validation::CheckEmail(validation::Trim(email))) return FieldError("email", *bad);
  return db_.Write([&](storage::Tx& tx) -> Status {
    TRY(User user, LinkRecipient(tx, caller, validation::Trim(email)));
    if (user.blocked) return PermissionDenied("This person is blocked; activate them first.");
    TRY_STATUS(TakeLinkMail(tx, user, now));
    // The old password keeps working until the new one is set through the link.
    return SendLink(tx, user, LinkPurpose::kPasswordReset, kPasswordResetHours, now);
  });
}

}  // namespace clientele
