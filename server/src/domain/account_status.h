#pragma once

#include <span>

#include "domain/model.h"

namespace clientele {

// The account status the spec derives from product statuses (SPEC §2):
//   deleted account                          -> deleted
//   any product active                       -> active
//   any trial (none active)                  -> trial
//   any trialend/paused/deleted (no active/trial) -> trialend
//   otherwise (all new, or no products)      -> preparation
AccountStatus ComputeAccountStatus(std::span<const ProductStatus> products, bool account_deleted);

}  // namespace clientele
