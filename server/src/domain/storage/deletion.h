#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/result.h"
#include "domain/model.h"

// The storage port for deletion requests and the alert addresses told about them. Errors as in
// unit_of_work.h.
namespace clientele::storage {

class DeletionStore {
 public:
  virtual ~DeletionStore() = default;

  // Deletion requests. Insert fails with kAlreadyExists when the account has an open one.
  virtual Result<DeletionRequest> InsertDeletionRequest(const DeletionRequest& draft) = 0;
  virtual Status UpdateDeletionRequest(const DeletionRequest& request) = 0;
  // Newest first.
  virtual Result<std::vector<DeletionRequest>> ListDeletionRequests(OrgId org, ClientId client) = 0;
  // Open requests of `org`, soonest deletion first: of the accounts in `clients`, or of every
  // account when `clients` is empty. An account has at most one, and only for its grace period,
  // so an organisation has few.
  virtual Result<std::vector<DeletionRequest>> OpenDeletionRequests(
      OrgId org, std::span<const ClientId> clients) = 0;
  // Open requests of `org` whose grace period ended by `now`, oldest due first, at most `limit`.
  virtual Result<std::vector<DeletionRequest>> DeletionRequestsDue(OrgId org, Timestamp now,
                                                                   int limit) = 0;
  // The organisations with an open request whose grace period ended by `now`, by id.
  virtual Result<std::vector<OrgId>> OrganisationsWithDeletionRequestsDue(Timestamp now) = 0;

  // Alert addresses of an organisation.
  virtual Result<NotificationSetting> InsertNotificationSetting(
      const NotificationSetting& draft) = 0;
  virtual Status UpdateNotificationSetting(const NotificationSetting& setting) = 0;
  virtual Status DeleteNotificationSetting(OrgId org, int64_t id) = 0;
  virtual Result<NotificationSetting> GetNotificationSetting(OrgId org, int64_t id) = 0;
  virtual Result<std::vector<NotificationSetting>> ListNotificationSettings(OrgId org) = 0;
};

}  // namespace clientele::storage
