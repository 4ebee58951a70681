#include "domain/roles.h"

#include <array>

namespace clientele {
namespace {

constexpr size_t kRoles = 7;
using Row = std::array<bool, kRoles>;

// Columns: Reseller, Seller, Administrators, Engineers, Users, Purge (API), Purge (API+Web).
constexpr Row kAll{true, true, true, true, true, true, true};
constexpr Row kStaffOnly{true, true, false, false, false, false, false};

Row RowOf(Permission p) {
  switch (p) {
    case Permission::kPublic:
    case Permission::kSignedIn:
    case Permission::kAccountRead:
    case Permission::kUserRead:
      return kAll;
    case Permission::kOwnAccount:
      return {true, false, true, true, true, true, true};
    case Permission::kStaff:
      return kStaffOnly;
    case Permission::kReseller:
      return {true, false, false, false, false, false, false};
    case Permission::kManageUsers:
    case Permission::kUserEdit:
      return {true, true, true, false, false, false, false};
    case Permission::kOwnPassword:
      return kAll;
    case Permission::kApiTokensRead:
      return {true, false, true, true, false, false, false};
    case Permission::kApiTokensCreate:
      return {true, false, true, false, false, false, false};
    case Permission::kActivationRequest:
      return {false, false, true, true, false, false, false};
    case Permission::kAccountDeletion:
      return {false, false, true, false, false, false, false};
  }
  return {};
}

// Rights that outlive an acting session or take the account over are never the acting
// person's: they would survive the short, recorded window SPEC §6 promises.
bool RefusedWhileActing(Permission p) {
  return p == Permission::kOwnPassword || p == Permission::kApiTokensCreate;
}

bool IsPurge(Role r) { return r == Role::kPurgePrefetchApi || r == Role::kPurgePrefetchApiWeb; }

// How much a group may do, for narrowing; Purge groups may do the least.
int Rank(Group g) {
  switch (g) {
    case Group::kAdministrators: return 4;
    case Group::kEngineers: return 3;
    case Group::kUsers: return 2;
    case Group::kPurgePrefetchApiWeb: return 1;
    case Group::kPurgePrefetchApi: return 0;
  }
  return 0;
}

}  // namespace

Role RoleOf(const Caller& caller) {
  switch (caller.type) {
    case UserType::kReseller: return Role::kReseller;
    case UserType::kSeller: return Role::kSeller;
    case UserType::kCommon: break;
  }
  switch (caller.group.value_or(Group::kUsers)) {
    case Group::kAdministrators: return Role::kAdministrators;
    case Group::kEngineers: return Role::kEngineers;
    case Group::kUsers: return Role::kUsers;
    case Group::kPurgePrefetchApi: return Role::kPurgePrefetchApi;
    case Group::kPurgePrefetchApiWeb: return Role::kPurgePrefetchApiWeb;
  }
  return Role::kUsers;
}

Status Authorize(Permission permission, const Caller& caller, const RequestFacts& facts) {
  if (permission == Permission::kPublic) return Ok();
  Role role = RoleOf(caller);
  if (facts.via_portal && IsPurge(role))
    return PermissionDenied("Your group has API access only.");
  if (caller.acting_user && RefusedWhileActing(permission))
    return PermissionDenied("Not while acting as a customer: only the customer can do this.");
  if (permission == Permission::kOwnPassword && !facts.targets_self)
    return PermissionDenied("You can only change your own password.");
  // Everyone may read and edit their own profile, whatever their group.
  bool self_allowed = permission == Permission::kUserRead || permission == Permission::kUserEdit;
  if (!(self_allowed && facts.targets_self) && !RowOf(permission)[static_cast<size_t>(role)]) {
    if (role == Role::kUsers && facts.changes_state)
      return PermissionDenied("Your group (Users) has read-only access.");
    return PermissionDenied();
  }
  // The reseller's own account is the reseller's: a seller may look, not change.
  if (facts.targets_reseller_account && facts.changes_state && role == Role::kSeller)
    return PermissionDenied("Only the reseller can change the reseller's own account.");
  return Ok();
}

Group NarrowerGroup(Group a, Group b) {
  if (a == b) return a;
  return Rank(a) < Rank(b) ? a : b;
}

std::string_view PermissionName(Permission p) {
  switch (p) {
    case Permission::kPublic: return "public";
    case Permission::kSignedIn: return "signed_in";
    case Permission::kOwnAccount: return "own_account";
    case Permission::kAccountRead: return "account_read";
    case Permission::kUserRead: return "user_read";
    case Permission::kUserEdit: return "user_edit";
    case Permission::kOwnPassword: return "own_password";
    case Permission::kStaff: return "staff";
    case Permission::kReseller: return "reseller";
    case Permission::kManageUsers: return "manage_users";
    case Permission::kApiTokensRead: return "api_tokens_read";
    case Permission::kApiTokensCreate: return "api_tokens_create";
    case Permission::kActivationRequest: return "activation_request";
    case Permission::kAccountDeletion: return "account_deletion";
  }
  return "";
}

}  // namespace clientele
