#pragma once

#include <string_view>

#include "core/result.h"
#include "domain/model.h"

// Who may do what: the roles table of docs/api.md#roles, as code. Every route of the HTTP API
// names one Permission (http/routes.cc) and the request pipeline asks Authorize() once, before
// any handler runs. Use cases keep only the checks that depend on the object itself (which
// account a user belongs to, whether a token is the caller's own); those answer 404.
namespace clientele {

// The rows of the roles table.
enum class Permission {
  kPublic,              // no credentials needed
  kSignedIn,            // anyone signed in: who am I
  kOwnAccount,          // the caller's own account (/iam/clients/me) and its users: read
  kAccountRead,         // an account's users and services: staff any, customers their own
  kUserRead,            // one person: themselves, or as kAccountRead
  kUserEdit,            // one person's profile: themselves, or as kManageUsers
  kOwnPassword,         // one's own password; never while acting as a customer
  kStaff,               // accounts, products, account users, acting as a customer,
                        // activity log, presets: resellers and sellers
  kReseller,            // default visibility, vendor settings, sellers, alert addresses
  kManageUsers,         // invite users, change groups, revoke access: staff, Administrators
  kApiTokensRead,       // list, read and delete API tokens: reseller, Administrators, Engineers
  kApiTokensCreate,     // create API tokens: reseller, Administrators; never while acting
  kActivationRequest,   // ask for a product: Administrators, Engineers
  kAccountDeletion,     // ask to delete one's own account: Administrators
};

// The kinds of principal the table distinguishes.
enum class Role {
  kReseller,
  kSeller,
  kAdministrators,
  kEngineers,
  kUsers,
  kPurgePrefetchApi,
  kPurgePrefetchApiWeb,
};

// The caller's role; a customer user without a group counts as Users (the narrowest).
Role RoleOf(const Caller& caller);

// What the pipeline knows about a request besides who makes it.
struct RequestFacts {
  bool changes_state = false;             // POST, PUT, PATCH, DELETE
  bool via_portal = false;                // authenticated by a portal's session cookie
  bool targets_self = false;              // the route's {userId} is the caller
  bool targets_reseller_account = false;  // the route's {clientId} is the reseller's own account
};

// Ok, or kPermissionDenied with a message saying why.
Status Authorize(Permission permission, const Caller& caller, const RequestFacts& facts);

// The narrower of two customer groups: an API token never has more rights than its user's
// group has now, whatever role it was created with.
Group NarrowerGroup(Group a, Group b);

std::string_view PermissionName(Permission p);

}  // namespace clientele
