#include <string>

#include "storage/sql/tx.h"

// ProductStore: the catalog and each organisation's default visibility.
namespace clientele::storage::sql {

Result<std::vector<Product>> SqlTx::ListProducts() {
  return Guard([&]() -> Result<std::vector<Product>> {
    return s_.All("SELECT name, title, position FROM products ORDER BY position, name", {},
                  [](const Row& r) {
                    return Product{r.Text(0), r.Text(1), static_cast<int>(r.Int(2))};
                  });
  });
}

Result<std::vector<std::pair<std::string, bool>>> SqlTx::DefaultVisibility(OrgId org) {
  return Guard([&]() -> Result<std::vector<std::pair<std::string, bool>>> {
    return s_.All(
        "SELECT p.name, COALESCE(d.available, p.default_available) FROM products p "
        "LEFT JOIN product_defaults d ON d.product = p.name AND d.org_id = $1 "
        "ORDER BY p.position, p.name",
        {Arg(org)}, [](const Row& r) { return std::pair(r.Text(0), r.Bool(1)); });
  });
}

Status SqlTx::SetDefaultVisibility(OrgId org, const std::string& product, bool available) {
  return Guard([&]() -> Status {
    s_.Exec(
        "INSERT INTO product_defaults (org_id, product, available) VALUES ($1, $2, $3) "
        "ON CONFLICT (org_id, product) DO UPDATE SET available = excluded.available",
        {Arg(org), Arg(product), Arg(available)});
    return Ok();
  });
}

}  // namespace clientele::storage::sql
