#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"
#include "domain/lifecycle.h"
#include "domain/model.h"
#include "domain/storage/unit_of_work.h"

namespace clientele {

struct VisibilityChange {
  std::string product;
  bool available = false;
};

struct ProductVisibility {
  std::string product;
  bool available = false;
  bool personal = false;  // a personal value, not the organisation's default
};

// A service with what the Products tab shows next to it.
struct ServiceView {
  Service service;
  std::string title;
  bool visible = false;  // effective: personal value, else the organisation's default
  std::vector<ProductStatus> allowed_statuses;  // manual moves possible from here
  Activation activation = Activation::kNotActivated;
  std::optional<ActivationRequest> activation_request;  // the open one, if any
};

// The one rule for "activated" (see Activation): `enabled` decides; otherwise the account's
// pending deletion, then the customer's open request, say why not.
Activation ActivationOf(const Service& service, bool deletion_pending, bool request_open);

struct ServiceUpdate {
  std::optional<ProductStatus> status;
  std::optional<bool> enabled;
  FieldErrors type_errors;
};

// Products of customer accounts (SPEC §3): visibility (default and personal), activation and
// status. Hiding a product that affected customers have in trial or active is refused with
// kPermissionDenied whose `fields` list the blocking products per status ("trial", "active").
// Every change that moves a status recomputes the account status in the same transaction.
class ProductService {
 public:
  explicit ProductService(storage::Database& db) : db_(db) {}

  // Reseller only.
  Result<std::vector<ProductVisibility>> Defaults(const Caller& caller);
  Result<std::vector<ProductVisibility>> SetDefaults(const Caller& caller,
                                                     const std::vector<VisibilityChange>& changes,
                                                     Timestamp now);
  // Reseller and seller.
  Result<std::vector<ProductVisibility>> ClientVisibility(const Caller& caller, ClientId client);
  Result<std::vector<ProductVisibility>> SetClientVisibility(
      const Caller& caller, ClientId client, const std::vector<VisibilityChange>& changes,
      Timestamp now);
  Status ResetClientVisibility(const Caller& caller, ClientId client,
                               const std::vector<std::string>& products, Timestamp now);
  // Reseller only: every customer of the organisation.
  Status ResetAllVisibility(const Caller& caller, const std::vector<std::string>& products,
                            Timestamp now);

  // Staff see every service of an account; a customer sees its own account's visible ones.
  Result<std::vector<ServiceView>> Services(const Caller& caller, ClientId client);
  Result<ServiceView> GetService(const Caller& caller, ClientId client, ServiceId id);
  Result<ServiceView> UpdateService(const Caller& caller, ClientId client, ServiceId id,
                                    const ServiceUpdate& update, Timestamp now);

  // A customer asks for a visible, not yet activated product: the request is kept (open until
  // the product is activated) and the reseller's support is e-mailed. kFailedPrecondition when
  // the product is activated, a request is already open, or the account's deletion is pending.
  Result<ActivationRequest> RequestActivation(const Caller& caller, ClientId client, ServiceId id,
                                              const std::string& message, Timestamp now);

 private:
  storage::Database& db_;
};

// Recomputes an account's status from its products; records the change if there is one.
Status RecomputeAccountStatus(storage::Tx& tx, OrgId org, ClientId client, Timestamp now);

// The "trial started" e-mail of `s`, a product of `c` just moved into trial, queued in `tx`.
Status QueueTrialStarted(storage::Tx& tx, const Client& c, const Service& s, Timestamp now);

// The timing that applies to an account: the organisation's, with the operator's override.
Result<lifecycle::Timing> TimingFor(storage::Tx& tx, const Client& client);

}  // namespace clientele
