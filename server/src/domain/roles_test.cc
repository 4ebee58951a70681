#include "domain/roles.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace clientele {
namespace {

Caller As(Role role) {
  Caller c;
  c.org = OrgId{1};
  c.user = UserId{10};
  switch (role) {
    case Role::kReseller: c.type = UserType::kReseller; break;
    case Role::kSeller: c.type = UserType::kSeller; break;
    case Role::kAdministrators: c.group = Group::kAdministrators; break;
    case Role::kEngineers: c.group = Group::kEngineers; break;
    case Role::kUsers: c.group = Group::kUsers; break;
    case Role::kPurgePrefetchApi: c.group = Group::kPurgePrefetchApi; break;
    case Role::kPurgePrefetchApiWeb: c.group = Group::kPurgePrefetchApiWeb; break;
  }
  return c;
}

constexpr Role kRoles[] = {Role::kReseller,       Role::kSeller, Role::kAdministrators,
                           Role::kEngineers,      Role::kUsers,  Role::kPurgePrefetchApi,
                           Role::kPurgePrefetchApiWeb};

// The roles table of docs/api.md#roles, written out independently of roles.cc. Columns:
// Reseller, Seller, Administrators, Engineers, Users, Purge (API), Purge (API+Web);
// 'y' allowed, '-' refused. Requests that change state, not targeting oneself.
const std::map<Permission, std::string> kTable = {
    {Permission::kPublic, "yyyyyyy"},           {Permission::kSignedIn, "yyyyyyy"},
    {Permission::kOwnAccount, "y-yyyyy"},       {Permission::kAccountRead, "yyyyyyy"},
    {Permission::kUserRead, "yyyyyyy"},         {Permission::kUserEdit, "yyy----"},
    {Permission::kOwnPassword, "-------"},      {Permission::kStaff, "yy-----"},
    {Permission::kReseller, "y------"},         {Permission::kManageUsers, "yyy----"},
    {Permission::kApiTokensRead, "y-yy---"},    {Permission::kApiTokensCreate, "y-y----"},
    {Permission::kActivationRequest, "--yy---"}, {Permission::kAccountDeletion, "--y----"},
};

TEST(RolesTest, EveryPermissionAndRoleAsInTheDocumentedTable) {
  ASSERT_EQ(kTable.size(), 14u) << "a permission was added: add its row here and to docs/api.md";
  for (const auto& [permission, row] : kTable) {
    for (size_t i = 0; i < std::size(kRoles); ++i) {
      RequestFacts facts;
      facts.changes_state = true;
      bool allowed = Authorize(permission, As(kRoles[i]), facts).ok();
      EXPECT_EQ(allowed, row[i] == 'y')
          << PermissionName(permission) << " for role column " << i;
    }
  }
}

TEST(RolesTest, EveryoneReadsAndEditsThemselvesAndChangesOnlyTheirOwnPassword) {
  RequestFacts self;
  self.changes_state = true;
  self.targets_self = true;
  for (Role r : kRoles) {
    EXPECT_TRUE(Authorize(Permission::kUserRead, As(r), self).ok());
    EXPECT_TRUE(Authorize(Permission::kUserEdit, As(r), self).ok());
    EXPECT_TRUE(Authorize(Permission::kOwnPassword, As(r), self).ok());
  }
  RequestFacts other;
  other.changes_state = true;
  auto denied = Authorize(Permission::kOwnPassword, As(Role::kReseller), other);
  ASSERT_FALSE(denied.ok());
  EXPECT_EQ(denied.error().code, ErrorCode::kPermissionDenied);
}

TEST(RolesTest, ActingAsACustomerNeverMintsCredentialsOrChangesThePassword) {
  Caller acting = As(Role::kAdministrators);
  acting.acting_user = UserId{99};
  RequestFacts self;
  self.changes_state = true;
  self.targets_self = true;
  EXPECT_FALSE(Authorize(Permission::kApiTokensCreate, acting, self).ok());
  EXPECT_FALSE(Authorize(Permission::kOwnPassword, acting, self).ok());
  // The customer's other rights stay: that is what acting is for.
  EXPECT_TRUE(Authorize(Permission::kManageUsers, acting, self).ok());
  EXPECT_TRUE(Authorize(Permission::kApiTokensRead, acting, self).ok());
  EXPECT_TRUE(Authorize(Permission::kUserEdit, acting, self).ok());
  // Acting callers are customers, so nested acting (a staff route) is refused.
  EXPECT_FALSE(Authorize(Permission::kStaff, acting, self).ok());
}

TEST(RolesTest, PurgeGroupsNeverUseAPortal) {
  RequestFacts portal;
  portal.via_portal = true;
  for (Role r : {Role::kPurgePrefetchApi, Role::kPurgePrefetchApiWeb}) {
    EXPECT_FALSE(Authorize(Permission::kSignedIn, As(r), portal).ok());
    EXPECT_TRUE(Authorize(Permission::kSignedIn, As(r), RequestFacts{}).ok());
  }
  EXPECT_TRUE(Authorize(Permission::kSignedIn, As(Role::kUsers), portal).ok());
}

TEST(RolesTest, UsersAreToldTheyAreReadOnly) {
  RequestFacts change;
  change.changes_state = true;
  auto denied = Authorize(Permission::kManageUsers, As(Role::kUsers), change);
  ASSERT_FALSE(denied.ok());
  EXPECT_NE(denied.error().message.find("read-only"), std::string::npos);
}

TEST(RolesTest, OnlyTheResellerChangesItsOwnAccount) {
  RequestFacts facts;
  facts.targets_reseller_account = true;
  EXPECT_TRUE(Authorize(Permission::kStaff, As(Role::kSeller), facts).ok());  // reading
  facts.changes_state = true;
  EXPECT_FALSE(Authorize(Permission::kStaff, As(Role::kSeller), facts).ok());
  EXPECT_TRUE(Authorize(Permission::kStaff, As(Role::kReseller), facts).ok());
}

TEST(RolesTest, AnApiTokenIsNarrowedToItsUsersCurrentGroup) {
  EXPECT_EQ(NarrowerGroup(Group::kAdministrators, Group::kUsers), Group::kUsers);
  EXPECT_EQ(NarrowerGroup(Group::kUsers, Group::kAdministrators), Group::kUsers);
  EXPECT_EQ(NarrowerGroup(Group::kEngineers, Group::kAdministrators), Group::kEngineers);
  EXPECT_EQ(NarrowerGroup(Group::kAdministrators, Group::kEngineers), Group::kEngineers);
  EXPECT_EQ(NarrowerGroup(Group::kAdministrators, Group::kAdministrators),
            Group::kAdministrators);
  EXPECT_EQ(NarrowerGroup(Group::kPurgePrefetchApiWeb, Group::kPurgePrefetchApi),
            Group::kPurgePrefetchApi);
  EXPECT_EQ(NarrowerGroup(Group::kUsers, Group::kPurgePrefetchApiWeb), Group::kPurgePrefetchApiWeb);
}

TEST(RolesTest, ACustomerWithoutAGroupCountsAsUsers) {
  Caller c;
  c.type = UserType::kCommon;
  EXPECT_EQ(RoleOf(c), Role::kUsers);
}

}  // namespace
}  // namespace clientele
