#include "domain/people.h"

#include "crypto/crypto.h"
#include "domain/auth.h"
#include "domain/people_internal.h"
#include "domain/validation.h"

// Customer users, and acting as a customer. Sellers: sellers.cc; passwords and links:
// passwords.cc.
namespace clientele {

using people_internal::ManagedUser;
using people_internal::Normalised;
using people_internal::EmailTakenAsField;
using people_internal::kEmailTaken;

namespace {

// Whether `account` is a customer account, as opposed to the reseller's own: staff never act
// as, invite into or manage the people of the reseller's own account (SPEC §6).
Result<bool> IsCustomerAccount(storage::Tx& tx, OrgId org, std::optional<ClientId> account) {
  if (!account) return false;
  TRY(Client c, tx.GetClient(org, *account));
  return !c.is_reseller_account;
}

}  // namespace

namespace people_internal {

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

std::optional<std::string> Normalised(const std::optional<std::string>& v) {
  if (!v) return std::nullopt;
  std::string t = validation::Trim(*v);
  if (t.empty()) return std::nullopt;
  return t;
}

Status EmailTakenAsField(Status st) {
  if (!st.ok() && st.error().code == ErrorCode::kAlreadyExists)
    return FieldError("email", kEmailTaken);
  return st;
}

}  // namespace people_internal

namespace {

bool IsAdministrator(const Caller& c) {
  return c.type == UserType::kCommon && c.group == Group::kAdministrators;
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

Result<int> CountAdministrators(storage::Tx& tx, OrgId org, ClientId client) {
  std::vector<ClientId> ids{client};
  TRY(auto users, tx.ListUsersOfClients(org, ids));
  int n = 0;
  for (const auto& u : users)
    if (u.group == Group::kAdministrators && !u.blocked && !u.deleted) ++n;
  return n;
}

}  // namespace

Result<User> PeopleService::InsertInvited(storage::Tx& tx, const User& draft, int64_t hours,
                                          Timestamp now) {
  TRY(User stored, tx.InsertUser(draft));
  TRY_STATUS(SendLink(tx, stored, LinkPurpose::kInvitation, hours, now));
  return stored;
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
  TRY_STATUS(EmailTakenAsField(db_.Write([&](storage::Tx& tx) -> Status {
    TRY(Client c, tx.GetClient(caller.org, *client));
    if (c.is_reseller_account)
      return PermissionDenied("Users are invited into customer accounts, not the reseller's own.");
    if (c.deleted) return MakeError(ErrorCode::kFailedPrecondition, "This account is deleted.");
    TRY(auto existing, tx.FindUserByEmail(caller.org, email));
    if (existing)
      return FieldError("email", existing->client == c.id
                                     ? "This person is already a user of this account."
                                     : kEmailTaken);
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
    TRY(out, InsertInvited(tx, u, kUserInvitationHours, now));
    return Ok();
  })));
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
