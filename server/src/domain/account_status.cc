#include "domain/account_status.h"

namespace clientele {

AccountStatus ComputeAccountStatus(std::span<const ProductStatus> products, bool account_deleted) {
  if (account_deleted) return AccountStatus::kDeleted;
  bool trial = false, ended = false;
  for (ProductStatus p : products) {
    switch (p) {
      case ProductStatus::kActive: return AccountStatus::kActive;
      case ProductStatus::kTrial: trial = true; break;
      case ProductStatus::kTrialEnd:
      case ProductStatus::kPaused:
      case ProductStatus::kDeleted: ended = true; break;
      case ProductStatus::kNew: break;
    }
  }
  if (trial) return AccountStatus::kTrial;
  if (ended) return AccountStatus::kTrialEnd;
  return AccountStatus::kPreparation;
}

}  // namespace clientele
