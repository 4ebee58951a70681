#include "domain/model.h"

namespace clientele {

const char* ToString(ProductStatus s) {
  switch (s) {
    case ProductStatus::kNew: return "new";
    case ProductStatus::kTrial: return "trial";
    case ProductStatus::kTrialEnd: return "trialend";
    case ProductStatus::kActive: return "active";
    case ProductStatus::kPaused: return "paused";
    case ProductStatus::kDeleted: return "deleted";
  }
  return "new";
}

const char* DisplayName(ProductStatus s) {
  switch (s) {
    case ProductStatus::kNew: return "New";
    case ProductStatus::kTrial: return "Trial";
    case ProductStatus::kTrialEnd: return "Trial end";
    case ProductStatus::kActive: return "Active";
    case ProductStatus::kPaused: return "Paused";
    case ProductStatus::kDeleted: return "Deleted";
  }
  return "New";
}

const char* ToString(AccountStatus s) {
  switch (s) {
    case AccountStatus::kPreparation: return "preparation";
    case AccountStatus::kTrial: return "trial";
    case AccountStatus::kActive: return "active";
    case AccountStatus::kTrialEnd: return "trialend";
    case AccountStatus::kDeleted: return "deleted";
  }
  return "preparation";
}

const char* ToString(UserType t) {
  switch (t) {
    case UserType::kReseller: return "reseller";
    case UserType::kSeller: return "seller";
    case UserType::kCommon: return "common";
  }
  return "common";
}

const char* GroupName(Group g) {
  switch (g) {
    case Group::kAdministrators: return "Administrators";
    case Group::kUsers: return "Users";
    case Group::kEngineers: return "Engineers";
    case Group::kPurgePrefetchApiWeb: return "Purge and Prefetch only (API+Web)";
    case Group::kPurgePrefetchApi: return "Purge and Prefetch only (API)";
  }
  return "Users";
}

std::optional<ProductStatus> ParseProductStatus(std::string_view s) {
  for (auto v : {ProductStatus::kNew, ProductStatus::kTrial, ProductStatus::kTrialEnd,
                 ProductStatus::kActive, ProductStatus::kPaused, ProductStatus::kDeleted})
    if (s == ToString(v)) return v;
  return std::nullopt;
}

std::optional<AccountStatus> ParseAccountStatus(std::string_view s) {
  for (auto v : {AccountStatus::kPreparation, AccountStatus::kTrial, AccountStatus::kActive,
                 AccountStatus::kTrialEnd, AccountStatus::kDeleted})
    if (s == ToString(v)) return v;
  return std::nullopt;
}

std::optional<UserType> ParseUserType(std::string_view s) {
  for (auto v : {UserType::kReseller, UserType::kSeller, UserType::kCommon})
    if (s == ToString(v)) return v;
  return std::nullopt;
}

std::optional<Group> GroupFromId(int64_t id) {
  for (auto g : {Group::kAdministrators, Group::kUsers, Group::kEngineers,
                 Group::kPurgePrefetchApiWeb, Group::kPurgePrefetchApi})
    if (static_cast<int64_t>(g) == id) return g;
  return std::nullopt;
}

std::optional<Group> GroupFromName(std::string_view name) {
  for (auto g : {Group::kAdministrators, Group::kUsers, Group::kEngineers,
                 Group::kPurgePrefetchApiWeb, Group::kPurgePrefetchApi})
    if (name == GroupName(g)) return g;
  return std::nullopt;
}

const char* ToString(MailTestState s) {
  switch (s) {
    case MailTestState::kSending: return "sending";
    case MailTestState::kSent: return "sent";
    case MailTestState::kFailed: return "failed";
  }
  return "failed";
}

MailTestState ParseMailTestState(std::string_view s) {
  if (s == "sending") return MailTestState::kSending;
  if (s == "sent") return MailTestState::kSent;
  return MailTestState::kFailed;
}

Caller CallerOf(const User& user) {
  Caller c;
  c.org = user.org;
  c.user = user.id;
  c.type = user.type;
  c.client = user.client;
  c.group = user.group;
  c.email = user.email;
  return c;
}

}  // namespace clientele
