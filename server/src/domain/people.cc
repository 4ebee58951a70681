#include "domain/people.h"

#include "core/client_address.h"
#include "crypto/crypto.h"
#include "domain/auth.h"
#include "domain/email_outbox.h"
#include "domain/throttles.h"
#include "domain/validation.h"

namespace clientele {
namespace {

bool IsAdministrator(const Caller& c) {
  return c.type == UserType::kCommon && c.group == Group::kAdministrators;
}

Status RequireReseller(const Caller& caller) {
  return caller.type == UserType::kReseller ? Ok() : Status(PermissionDenied());
}

// Whether `account` is a customer account, as opposed to the reseller's own: staff never act
// as, invite into or manage the people of the reseller's own account (SPEC §6).
Result<bool> IsCustomerAccount(storage::Tx& tx, OrgId org, std::optional<ClientId> account) {
  if (!account) return false;
  TRY(Client c, tx.GetClient(org, *account));
  return !c.is_reseller_account;
}

// A customer user the caller may manage: staff for any customer account of the organisation,
// Administrators for their own account. Only customer (`common`) users are ever managed: never
// a reseller or seller. Anything else looks like it does not exist.
Result<User> ManagedUser(storage::Tx& tx, const Caller& caller, UserId id) {
  TRY(User user, tx.GetUser(caller.org, id));
  if (user.deleted || user.type != UserType::kCommon) return NotFound();
  if (caller.IsStaff()) {
    TRY(bool customer, IsCustomerAccount(tx, caller.org, user.client));
    if (!customer) return NotFound();
    return user;
  }
  if (user.client != caller.client) return NotFound();
  return user;
}

Status CheckProfile(FieldErrors& errors, const UserPatch& p) {
  if (p.email)
    if (auto bad = validation::CheckEmail(validation::Trim(*p.email))) errors.Add("email", *bad);
  if (p.name && *p.name)
    if (auto bad = validation::CheckText(**p.name, 0, validation::kMaxName)) errors.Add("name", *bad);
  if (p.phone && *p.phone)
    if (auto bad = validation::CheckPhone(**p.phone)) errors.Add("phone", *bad);
  if (p.lang)
    if (auto bad = validation::CheckLanguage(*p.lang)) errors.Add("lang", *bad);
  return Ok();
}

std::optional<std::string> Normalised(const std::optional<std::string>& v) {
  if (!v) return std::nullopt;
  std::string t = validation::Trim(*v);
  if (t.empty()) return std::nullopt;
  return t;
}

Result<int> CountAdministrators(storage::Tx& tx, OrgId org, ClientId client) {
  std::vector<ClientId> ids{client};
  TRY(auto users, tx.ListUsersOfClients(org, ids));
  int n = 0;
  for (const auto& u : users)
    if (u.group == Group::kAdministrators && !u.blocked && !u.deleted) ++n;
  return n;
}

Status CheckSellerFields(FieldErrors& errors, const NewSeller& s, bool creating) {
  if (creating || !s.email.empty())
    if (auto bad = validation::CheckEmail(validation::Trim(s.email))) errors.Add("email", *bad);
  if (creating || !s.full_name.empty())
    if (auto bad = validation::CheckText(s.full_name, 1, validation::kMaxName))
      errors.Add("full_name", *bad);
  if (s.phone && !s.phone->empty())
    if (auto bad = validation::CheckPhone(*s.phone)) errors.Add("phone", *bad);
  return Ok();
}

// Staff may resend an invitation or a reset link, but not flood the person's inbox with them.
Status TakeLinkMail(storage::Tx& tx, const User& user, Timestamp now) {
  return TakeFromWindow(tx, "mail:link:user:" + std::to_string(user.id.value), kLinkMailsPerPerson,
                        now, "Too many e-mails to this person.");
}

}  // namespace

Status PeopleService::SendLink(storage::Tx& tx, const User& user, LinkPurpose purpose,
                               int64_t hours, Timestamp now) {
  TRY_STATUS(tx.ExpireOneTimeTokens(user.id, purpose, now));
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
  mail::EmailContext ctx;
  ctx.action_link = public_url_ + portal + page + "?token=" + token;
  ctx.link_valid_hours = static_cast<int>(hours);
  ctx.user_email = user.email;
  mail::EmailKind kind = purpose == LinkPurpose::kPasswordReset ? mail::EmailKind::kPasswordReset
                         : seller ? mail::EmailKind::kSellerInvitation
                                  : mail::EmailKind::kUserInvitation;
  if (user.client) {
    TRY(Client c, tx.GetClient(user.org, *user.client));
    ctx.account_company = c.company_name;
  }
  return QueueEmail(tx, user.org, kind, {user.email, user.name.value_or(""), user.lang}, ctx,
                    "link:" + std::to_string(stored.id), now);
}

Result<std::vector<User>> PeopleService::AccountUsers(const Caller& caller, ClientId client) {
  if (!caller.IsStaff() && caller.client != client) return NotFound();
  std::vector<User> out;
  TRY_STATUS(db_.Read([&](storage::Tx& tx) -> Status {
    TRY(Client c, tx.GetClient(caller.org, client));
    std::vector<ClientId> ids{c.id};
    TRY(out, tx.ListUsersOfClients(caller.org, ids));
    return Ok();
  }));
  return out;
}

Result<User> PeopleService::GetUser(const Caller& caller, UserId id) {
  std::optional<User> out;
  TRY_STATUS(db_.Read([&](storage::Tx& tx) -> Status {
    if (caller.user == id) {
      TRY(out, tx.GetUser(caller.org, id));
      return Ok();
    }
    TRY(out, ManagedUser(tx, caller, id));
    return Ok();
  }));
  return std::move(*out);
}

Result<User> PeopleService::UpdateUser(const Caller& caller, UserId id, const UserPatch& p,
                                       Timestamp) {
  bool self = caller.user == id;
  if (!caller.IsStaff() && !self && !IsAdministrator(caller)) return PermissionDenied();
  // An e-mail address is a way in (password recovery): only its owner changes it while
  // someone acts as them.
  if (caller.acting_user && p.email)
    return PermissionDenied("Not while acting as a customer: only the customer can do this.");
  FieldErrors errors = p.type_errors;
  TRY_STATUS(CheckProfile(errors, p));
  if (!errors.empty()) return errors.ToError();
  std::optional<User> out;
  Status st = db_.Write([&](storage::Tx& tx) -> Status {
    User user;
    if (self) {
      TRY(user, tx.GetUser(caller.org, id));
    } else {
      TRY(user, ManagedUser(tx, caller, id));
    }
    FieldErrors conflicts;
    if (p.group && user.type != UserType::kCommon)
      conflicts.Add("groups", "Only customer users have a group.");
    if (p.group && self && p.group != user.group)
      conflicts.Add("groups", "You can't change your own group.");
    if (p.email) {
      std::string email = validation::Trim(*p.email);
      if (validation::EmailKey(email) != validation::EmailKey(user.email)) {
        TRY(auto existing, tx.FindUserByEmail(caller.org, email));
        if (existing) conflicts.Add("email", "A person with this e-mail already exists in this organisation.");
      }
    }
    if (!conflicts.empty()) return conflicts.ToError();
    if (p.group && user.client && user.group == Group::kAdministrators &&
        *p.group != Group::kAdministrators) {
      TRY(int admins, CountAdministrators(tx, caller.org, *user.client));
      if (admins <= 1)
        return FieldError("groups", "An account needs at least one active Administrators user.");
    }
    if (p.email) user.email = validation::Trim(*p.email);
    if (p.name) user.name = Normalised(*p.name);
    if (p.phone) user.phone = Normalised(*p.phone);
    if (p.lang) user.lang = *p.lang;
    if (p.group) user.group = *p.group;
    TRY_STATUS(tx.UpdateUser(user));
    out = user;
    return Ok();
  });
  if (!st.ok()) {
    if (st.error().code == ErrorCode::kAlreadyExists)
      return FieldError("email", "A person with this e-mail already exists in this organisation.");
    return std::move(st).error();
  }
  return std::move(*out);
}

Result<User> PeopleService::Invite(const Caller& caller, const NewInvitation& r, Timestamp now) {
  if (!IsAdministrator(caller) && !caller.IsStaff()) return PermissionDenied();
  FieldErrors errors = r.type_errors;
  std::string email = validation::Trim(r.email);
  if (!errors.Has("email")) {
    if (email.empty()) errors.Add("email", "This field is required.");
    else if (auto bad = validation::CheckEmail(email)) errors.Add("email", *bad);
  }
  if (!r.group && !errors.Has("user_role")) errors.Add("user_role", "Choose the user's group.");
  if (r.name)
    if (auto bad = validation::CheckText(*r.name, 0, validation::kMaxName)) errors.Add("name", *bad);
  if (r.lang)
    if (auto bad = validation::CheckLanguage(*r.lang)) errors.Add("lang", *bad);
  std::optional<ClientId> client = r.client_id ? std::optional(ClientId{*r.client_id}) : caller.client;
  if (!client) errors.Add("client_id", "This field is required.");
  if (!errors.empty()) return errors.ToError();
  if (!caller.IsStaff() && client != caller.client) return NotFound();
  std::optional<User> out;
  Status st = db_.Write([&](storage::Tx& tx) -> Status {
    TRY(Client c, tx.GetClient(caller.org, *client));
    if (c.is_reseller_account)
      return PermissionDenied("Users are invited into customer accounts, not the reseller's own.");
    if (c.deleted) return MakeError(ErrorCode::kFailedPrecondition, "This account is deleted.");
    TRY(auto existing, tx.FindUserByEmail(caller.org, email));
    if (existing)
      return FieldError("email", existing->client == c.id
                                     ? "This person is already a user of this account."
                                     : "This e-mail already belongs to someone in this organisation.");
    User u;
    u.org = caller.org;
    u.client = c.id;
    u.email = email;
    u.name = Normalised(r.name);
    u.lang = r.lang.value_or(c.lang);
    u.type = UserType::kCommon;
    u.group = r.group;
    u.activated = false;
    u.created_at = now;
    u.invited_at = now;
    TRY(User stored, tx.InsertUser(u));
    TRY_STATUS(SendLink(tx, stored, LinkPurpose::kInvitation, kUserInvitationHours, now));
    out = stored;
    return Ok();
  });
  if (!st.ok()) {
    if (st.error().code == ErrorCode::kAlreadyExists)
      return FieldError("email", "This e-mail already belongs to someone in this organisation.");
    return std::move(st).error();
  }
  return std::move(*out);
}

Status PeopleService::SetGroup(const Caller& caller, ClientId client, UserId id,
                               std::optional<Group> group) {
  if (!group) return FieldError("user_role", "Invalid role.");
  if (!caller.IsStaff() && caller.client != client) return NotFound();
  TRY_STATUS(db_.Read([&](storage::Tx& tx) -> Status {
    TRY(User u, ManagedUser(tx, caller, id));
    if (u.client != client) return NotFound();
    return Ok();
  }));
  UserPatch p;
  p.group = group;
  auto updated = UpdateUser(caller, id, p, Timestamp{});
  if (!updated.ok()) return std::move(updated).error();
  return Ok();
}

Status PeopleService::RevokeAccess(const Caller& caller, ClientId client, UserId id, Timestamp) {
  if (!caller.IsStaff() && !IsAdministrator(caller)) return PermissionDenied();
  if (!caller.IsStaff() && caller.client != client) return NotFound();
  if (caller.user == id) return PermissionDenied("You can't revoke your own access.");
  return db_.Write([&](storage::Tx& tx) -> Status {
    TRY(User u, ManagedUser(tx, caller, id));
    if (u.client != client) return NotFound();
    if (u.group == Group::kAdministrators) {
      TRY(int admins, CountAdministrators(tx, caller.org, client));
      if (admins <= 1 && !u.blocked)
        return PermissionDenied("An account needs at least one active Administrators user.");
    }
    u.deleted = true;
    TRY_STATUS(tx.UpdateUser(u));
    return tx.RevokeAccess(caller.org, u.id);
  });
}

Result<User> PeopleService::SetBlocked(const Caller& caller, UserId id, UserType kind,
                                       bool blocked, Timestamp now) {
  if (!caller.IsStaff()) return PermissionDenied();
  if (kind == UserType::kSeller && caller.type != UserType::kReseller) return PermissionDenied();
  std::optional<User> out;
  TRY_STATUS(db_.Write([&](storage::Tx& tx) -> Status {
    TRY(User u, kind == UserType::kCommon ? ManagedUser(tx, caller, id) : tx.GetUser(caller.org, id));
    if (u.deleted || u.type != kind) return NotFound();
    if (u.type == UserType::kSeller && caller.type != UserType::kReseller) return PermissionDenied();
    u.blocked = blocked;
    // Every request re-reads the person, so a block takes effect at once. Blocking also ends
    // every session and refresh token, so activating again restores nobody's stolen session;
    // API keys are only suspended: they work again after activation.
    if (blocked)
      TRY_STATUS(AuthService::EndSessionsOf(tx, u, std::nullopt, now));  // writes u
    else
      TRY_STATUS(tx.UpdateUser(u));
    out = u;
    return Ok();
  }));
  return std::move(*out);
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
    mail::EmailContext ctx;
    ctx.user_email = u.email;
    ctx.when = now;
    TRY_STATUS(QueueEmail(tx, u.org, mail::EmailKind::kPasswordChanged,
                          {u.email, u.name.value_or(""), u.lang}, ctx,
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
    TRY(bool first, tx.UseOneTimeToken(link->id, now));
    if (!first) return FieldError("token", kBadLink);
    TRY(User u, tx.GetUser(link->org, link->user));
    bool joining = !u.activated;
    u.password_hash = hash;
    u.activated = true;
    u.failed_logins = 0;
    u.locked_until.reset();
    TRY_STATUS(AuthService::EndSessionsOf(tx, u, std::nullopt, now));
    // Other open links of the same person stop working: one password, one way in.
    TRY_STATUS(tx.ExpireOneTimeTokens(u.id, LinkPurpose::kPasswordReset, now));
    TRY_STATUS(tx.ExpireOneTimeTokens(u.id, LinkPurpose::kInvitation, now));
    mail::EmailContext ctx;
    ctx.user_email = u.email;
    ctx.when = now;
    mail::EmailKind kind = mail::EmailKind::kPasswordChanged;
    if (joining && u.client) {
      TRY(Client c, tx.GetClient(u.org, *u.client));
      ctx.account_company = c.company_name;
      ctx.action_link = public_url_ + "/portal/";
      kind = mail::EmailKind::kUserAdded;
    }
    TRY_STATUS(QueueEmail(tx, u.org, kind, {u.email, u.name.value_or(""), u.lang}, ctx,
                          "link_used:" + std::to_string(link->id), now));
    user = u;
    return Ok();
  }));
  return std::move(*user);
}

Result<storage::Page<User>> PeopleService::ListSellers(const Caller& caller,
                                                       const storage::Tx::SellerQuery& q) {
  TRY_STATUS(RequireReseller(caller));
  storage::Page<User> page;
  TRY_STATUS(db_.Read([&](storage::Tx& tx) -> Status {
    TRY(page, tx.ListSellers(caller.org, q));
    return Ok();
  }));
  return page;
}

Result<User> PeopleService::GetSeller(const Caller& caller, UserId id) {
  TRY_STATUS(RequireReseller(caller));
  std::optional<User> out;
  TRY_STATUS(db_.Read([&](storage::Tx& tx) -> Status {
    TRY(out, tx.GetUser(caller.org, id));
    if (out->type != UserType::kSeller) return NotFound();
    return Ok();
  }));
  return std::move(*out);
}

Result<User> PeopleService::CreateSeller(const Caller& caller, const NewSeller& s, Timestamp now) {
  TRY_STATUS(RequireReseller(caller));
  FieldErrors errors = s.type_errors;
  TRY_STATUS(CheckSellerFields(errors, s, true));
  if (!errors.empty()) return errors.ToError();
  std::optional<User> out;
  Status st = db_.Write([&](storage::Tx& tx) -> Status {
    std::string email = validation::Trim(s.email);
    TRY(auto existing, tx.FindUserByEmail(caller.org, email));
    if (existing) return FieldError("email", "This e-mail already belongs to someone in this organisation.");
    User u;
    u.org = caller.org;
    u.email = email;
    u.name = validation::Trim(s.full_name);
    u.phone = Normalised(s.phone);
    u.type = UserType::kSeller;
    u.created_at = now;
    u.invited_at = now;
    TRY(User stored, tx.InsertUser(u));
    TRY_STATUS(SendLink(tx, stored, LinkPurpose::kInvitation, kSellerInvitationHours, now));
    out = stored;
    return Ok();
  });
  if (!st.ok()) {
    if (st.error().code == ErrorCode::kAlreadyExists)
      return FieldError("email", "This e-mail already belongs to someone in this organisation.");
    return std::move(st).error();
  }
  return std::move(*out);
}

Result<User> PeopleService::UpdateSeller(const Caller& caller, UserId id, const NewSeller& s,
                                         Timestamp) {
  TRY_STATUS(RequireReseller(caller));
  FieldErrors errors = s.type_errors;
  TRY_STATUS(CheckSellerFields(errors, s, false));
  if (!errors.empty()) return errors.ToError();
  std::optional<User> out;
  TRY_STATUS(db_.Write([&](storage::Tx& tx) -> Status {
    TRY(User u, tx.GetUser(caller.org, id));
    if (u.type != UserType::kSeller || u.deleted) return NotFound();
    if (!s.email.empty() && validation::EmailKey(s.email) != validation::EmailKey(u.email)) {
      TRY(auto existing, tx.FindUserByEmail(caller.org, validation::Trim(s.email)));
      if (existing) return FieldError("email", "This e-mail already belongs to someone in this organisation.");
      u.email = validation::Trim(s.email);
    }
    if (!s.full_name.empty()) u.name = validation::Trim(s.full_name);
    if (s.phone) u.phone = Normalised(s.phone);
    TRY_STATUS(tx.UpdateUser(u));
    out = u;
    return Ok();
  }));
  return std::move(*out);
}

Status PeopleService::DeleteSeller(const Caller& caller, UserId id, Timestamp) {
  TRY_STATUS(RequireReseller(caller));
  return db_.Write([&](storage::Tx& tx) -> Status {
    TRY(User u, tx.GetUser(caller.org, id));
    if (u.type != UserType::kSeller || u.deleted) return NotFound();
    u.deleted = true;
    TRY_STATUS(tx.UpdateUser(u));
    TRY(int64_t unassigned, tx.UnassignSeller(caller.org, u.id));
    (void)unassigned;
    return tx.RevokeAccess(caller.org, u.id);
  });
}

Status PeopleService::RenewInvitation(const Caller& caller, const std::string& email,
                                      Timestamp now) {
  if (!caller.IsStaff()) return PermissionDenied();
  if (auto bad = validation::CheckEmail(validation::Trim(email))) return FieldError("email", *bad);
  return db_.Write([&](storage::Tx& tx) -> Status {
    TRY(auto user, tx.FindUserByEmail(caller.org, validation::Trim(email)));
    if (!user || user->type == UserType::kReseller) return NotFound("User with given email not found.");
    if (user->type == UserType::kSeller && caller.type != UserType::kReseller) return PermissionDenied();
    if (user->type == UserType::kCommon && !ManagedUser(tx, caller, user->id).ok())
      return NotFound("User with given email not found.");
    // The contract answers this with a plain {"message"}, not a field error.
    if (user->activated)
      return MakeError(ErrorCode::kInvalidArgument, "This user already activated.");
    if (user->blocked) return PermissionDenied("This person is blocked; activate them first.");
    TRY_STATUS(TakeLinkMail(tx, *user, now));
    user->invited_at = now;
    TRY_STATUS(tx.UpdateUser(*user));
    int64_t hours = user->type == UserType::kSeller ? kSellerInvitationHours : kUserInvitationHours;
    return SendLink(tx, *user, LinkPurpose::kInvitation, hours, now);
  });
}

Status PeopleService::ResetPasswordOf(const Caller& caller, const std::string& email,
                                      Timestamp now) {
  if (!caller.IsStaff()) return PermissionDenied();
  if (auto bad = validation::CheckEmail(validation::Trim(email))) return FieldError("email", *bad);
  return db_.Write([&](storage::Tx& tx) -> Status {
    TRY(auto user, tx.FindUserByEmail(caller.org, validation::Trim(email)));
    if (!user || user->type == UserType::kReseller) return NotFound("User with given email not found.");
    if (user->type == UserType::kSeller && caller.type != UserType::kReseller) return PermissionDenied();
    if (user->type == UserType::kCommon && !ManagedUser(tx, caller, user->id).ok())
      return NotFound("User with given email not found.");
    if (user->blocked) return PermissionDenied("This person is blocked; activate them first.");
    TRY_STATUS(TakeLinkMail(tx, *user, now));
    // The old password keeps working until the new one is set through the link.
    return SendLink(tx, *user, LinkPurpose::kPasswordReset, kPasswordResetHours, now);
  });
}

Result<User> PeopleService::TargetFor(storage::Tx& tx, const Caller& caller, ClientId client) {
  TRY(Client c, tx.GetClient(caller.org, client));
  if (c.is_reseller_account)
    return PermissionDenied("Nobody acts as the reseller's own account: only customer accounts.");
  if (c.deleted)
    return MakeError(ErrorCode::kFailedPrecondition, "This account is deleted; nobody can sign in to it.");
  std::vector<ClientId> ids{c.id};
  TRY(auto users, tx.ListUsersOfClients(caller.org, ids));
  for (const auto& u : users)
    if (u.type == UserType::kCommon && u.group == Group::kAdministrators && !u.blocked &&
        !u.deleted && u.activated)
      return u;
  return MakeError(ErrorCode::kFailedPrecondition,
                   "This account has no active Administrators user to sign in as.");
}

Result<TokenPair> PeopleService::ImpersonateAccount(const Caller& caller, ClientId client,
                                                    Timestamp now) {
  if (!caller.IsStaff() || caller.acting_user) return PermissionDenied();
  std::optional<TokenPair> tokens;
  TRY_STATUS(db_.Write([&](storage::Tx& tx) -> Status {
    TRY(User target, TargetFor(tx, caller, client));
    TRY(User acting, tx.GetUser(caller.org, caller.user));
    TRY(tokens, auth_.IssueTokens(tx, target, acting, now));
    return Ok();
  }));
  return std::move(*tokens);
}

Result<TokenPair> PeopleService::ImpersonateUser(const Caller& caller, UserId id, Timestamp now) {
  if (!caller.IsStaff() || caller.acting_user) return PermissionDenied();
  std::optional<TokenPair> tokens;
  TRY_STATUS(db_.Write([&](storage::Tx& tx) -> Status {
    TRY(User target, ManagedUser(tx, caller, id));
    if (target.blocked) return MakeError(ErrorCode::kFailedPrecondition, "This user is blocked.");
    if (!target.activated)
      return MakeError(ErrorCode::kFailedPrecondition, "This user has not accepted the invitation yet.");
    TRY(Client c, tx.GetClient(caller.org, *target.client));
    if (c.deleted) return MakeError(ErrorCode::kFailedPrecondition, "This account is deleted.");
    TRY(User acting, tx.GetUser(caller.org, caller.user));
    TRY(tokens, auth_.IssueTokens(tx, target, acting, now));
    return Ok();
  }));
  return std::move(*tokens);
}

Result<WebSignIn> PeopleService::ImpersonateInPortal(const Caller& caller, ClientId client,
                                                     Timestamp now) {
  if (!caller.IsStaff() || caller.acting_user) return PermissionDenied();
  std::optional<WebSignIn> session;
  TRY_STATUS(db_.Write([&](storage::Tx& tx) -> Status {
    TRY(User target, TargetFor(tx, caller, client));
    TRY(User acting, tx.GetUser(caller.org, caller.user));
    TRY(session, auth_.CreateWebSession(tx, target, acting, storage::Portal::kCustomer, now));
    return Ok();
  }));
  return std::move(*session);
}

}  // namespace clientele
