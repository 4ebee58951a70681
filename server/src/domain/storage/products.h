#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/result.h"
#include "domain/model.h"

// The storage port for the product catalog and each organisation's default visibility of it.
// Errors as in unit_of_work.h.
namespace clientele::storage {

class ProductStore {
 public:
  virtual ~ProductStore() = default;

  // The product catalog, in display order.
  virtual Result<std::vector<Product>> ListProducts() = 0;

  // Organisation default visibility of every catalog product, in catalog order.
  virtual Result<std::vector<std::pair<std::string, bool>>> DefaultVisibility(OrgId org) = 0;
  virtual Status SetDefaultVisibility(OrgId org, const std::string& product, bool available) = 0;
};

}  // namespace clientele::storage
