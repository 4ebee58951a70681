#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"
#include "domain/model.h"

// The storage port for services (an account's products): their state, personal visibility and
// the time-driven work on them. Errors as in unit_of_work.h.
namespace clientele::storage {

class ServiceStore {
 public:
  virtual ~ServiceStore() = default;

  // One row per catalog product, created with the account.
  virtual Status InsertServices(OrgId org, ClientId client, std::span<const Service> services) = 0;
  // The services of many new accounts at once (an import): each names its account in `client`
  // (an account of `org`); `id` and `org` are ignored.
  virtual Status InsertServiceRows(OrgId org, std::span<const Service> services) = 0;
  // The services of several accounts in one query, ordered by account then catalog position.
  virtual Result<std::vector<Service>> ListServices(OrgId org,
                                                    std::span<const ClientId> clients) = 0;

  // The status of every service of several accounts, which is all an account status is computed
  // from: lighter than ListServices (no other columns, no order).
  struct ServiceState {
    ServiceId id;
    ClientId client;
    ProductStatus status = ProductStatus::kNew;
  };
  virtual Result<std::vector<ServiceState>> ServiceStates(OrgId org,
                                                          std::span<const ClientId> clients) = 0;

  virtual Result<Service> GetService(OrgId org, ClientId client, ServiceId id) = 0;
  // Writes status, dates, enabled and personal visibility of the service (by org, client, id).
  virtual Status UpdateService(const Service& service) = 0;
  // UpdateService for many services of `org` in one statement; kNotFound (nothing written) if
  // one of them is not a service of `org`.
  virtual Status UpdateServices(OrgId org, std::span<const Service> services) = 0;
  // Sets or clears (nullopt) the personal visibility of one product for every account of `org`
  // that has one; returns how many changed.
  virtual Result<int64_t> ClearPersonalVisibility(OrgId org, const std::string& product) = 0;

  // Live accounts of `org` with `product` in one of `statuses`, grouped by status.
  // `personal`: nullopt = any; false = only accounts inheriting the default; true = only
  // accounts with a personal "visible" value.
  struct StatusCount {
    std::string product;
    ProductStatus status;
    int64_t count;
  };
  virtual Result<std::vector<StatusCount>> CountServices(OrgId org, const std::string& product,
                                                         std::span<const ProductStatus> statuses,
                                                         std::optional<bool> personal) = 0;

  // Time-driven work, one organisation at a time: services of `org` whose trial ended by `now`,
  // whose trial ends after `now` and by `soon` without its notice sent (an ended trial's end is
  // what is due, not a notice: lifecycle::NextEvent), and whose deleted_date passed; at most
  // `limit`, in the order they came due.
  virtual Result<std::vector<Service>> TrialsEnded(OrgId org, Timestamp now, int limit) = 0;
  virtual Result<std::vector<Service>> TrialsEndingSoon(OrgId org, Timestamp now, Timestamp soon,
                                                        int limit) = 0;
  virtual Result<std::vector<Service>> DeletionsDue(OrgId org, Timestamp now, int limit) = 0;
  // The organisations that may have such work (a trial ending by `soon`, a deletion date
  // passed by `now`), by id. Reads no service row of theirs, so it needs no lock.
  virtual Result<std::vector<OrgId>> OrganisationsWithDueServices(Timestamp now,
                                                                  Timestamp soon) = 0;
  // What comes next, read only (the lifecycle preview, the overview, the account list's
  // trial_end_lte and deleted_date_lte): services of `org` in trial whose trial ends by `until`,
  // and in trialend or paused whose deleted_date is by `until`, overdue ones included; of
  // accounts of `seller` only when given; at most `limit`, in the order they come due. Read
  // through the same partial indexes as the jobs, so they cost what they return.
  virtual Result<std::vector<Service>> UpcomingTrialEnds(OrgId org, Timestamp until,
                                                         std::optional<UserId> seller,
                                                         int64_t limit) = 0;
  virtual Result<std::vector<Service>> UpcomingDeletions(OrgId org, Timestamp until,
                                                         std::optional<UserId> seller,
                                                         int64_t limit) = 0;
  // Services in trial ending by `until` whose "ends soon" notice is not sent: the preview's
  // notices (a trial whose notice went out has only its end to come).
  virtual Result<std::vector<Service>> UpcomingTrialNotices(OrgId org, Timestamp until,
                                                            std::optional<UserId> seller,
                                                            int64_t limit) = 0;
  // The accounts of UpcomingTrialEnds (`deletions` false) or UpcomingDeletions (true) without a
  // limit, each once, in id order: the account list's filters and the overview's counts. Read
  // from the due indexes alone (they carry the account), never from the rows.
  virtual Result<std::vector<ClientId>> AccountsWithDueWork(OrgId org, bool deletions,
                                                            Timestamp until) = 0;
  // Re-derives trial_end = start + days for one account's products in trial (its trial length
  // changed); returns how many changed.
  virtual Result<int64_t> RescheduleTrials(OrgId org, ClientId client, int days) = 0;

  // Activation requests. Insert fails with kAlreadyExists when the service has an open one.
  virtual Result<ActivationRequest> InsertActivationRequest(const ActivationRequest& draft) = 0;
  // The open requests of an account's services, by service.
  virtual Result<std::vector<ActivationRequest>> OpenActivationRequests(OrgId org,
                                                                        ClientId client) = 0;
  // Closes the open requests of the given services of an account (their products were
  // activated, or the account deleted); those without one are left alone.
  virtual Status CloseActivationRequests(OrgId org, ClientId client,
                                         std::span<const ServiceId> services, Timestamp now) = 0;

  // Re-derives deleted_date = status_changed_at + days for products in trialend or paused: of
  // one account, or (client nullopt) of every account of `org` without its own override.
  virtual Result<int64_t> RescheduleDeletions(OrgId org, std::optional<ClientId> client,
                                              int days) = 0;
};

}  // namespace clientele::storage
