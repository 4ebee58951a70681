#pragma once

#include <roaring/roaring.hh>

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/ids.h"
#include "domain/client_query.h"
#include "domain/model.h"
#include "domain/storage/accounts.h"
#include "storage/index/dict_column.h"
#include "storage/index/email_column.h"
#include "storage/index/text_column.h"

// One organisation's accounts, held in memory in the shape the account list filters by, so that
// GET /iam/clients answers from bitmaps and columns instead of scanning tables (issue #12). It is
// a cache of the database: storage/sql loads it and keeps it current from the account change
// log; the plain SQL list stays the reference it must agree with (the differential test).
//
// Rows are numbered in id order; a row's number never changes while the index lives. Removed
// accounts leave a hole (absent from `live_`). No I/O here, and not thread-safe: the owner locks.
namespace clientele::storage::index {

// What the index keeps of one account: the columns the list filters and orders by, in the form
// the database orders them (folded keys are the database's own lower()).
struct IndexedAccount {
  ClientId id;
  std::string email_key;                      // lower(email)
  std::optional<std::string> name_key;        // lower(name)
  std::string company_key;                    // lower(company_name)
  std::optional<std::string> custom_id;       // as stored: ordering is case-sensitive
  std::optional<UserId> seller;
  std::optional<std::string> country_code;
  AccountStatus status = AccountStatus::kPreparation;
  bool is_test = false;
  bool deleted = false;
  bool is_reseller_account = false;
  Timestamp created_at;
  struct Product {
    std::string product;
    ProductStatus status = ProductStatus::kNew;
    bool personal = false;  // has a personal visibility value
    bool enabled = false;
  };
  std::vector<Product> products;
};

// A page of ids in list order, the number of matches, and the page's products.
struct IndexedPage {
  std::vector<ClientId> ids;
  int64_t count = 0;
  ListedProducts products;
};

class AccountIndex {
 public:
  // Loads many accounts at once, in ascending id order (the index must be empty).
  void Load(std::vector<IndexedAccount> accounts);
  // Adds an account or replaces what the index holds of it.
  // False when the id is new and below the highest id held: the caller loads the index again.
  [[nodiscard]] bool Put(const IndexedAccount& account);
  // Loading in two passes: every account (ascending ids, through Put) and then every product
  // of them, in any order. Reserve() first avoids growing the columns by copying.
  // Bytes: the total length of each text column (a close estimate is enough).
  struct TextBytes {
    size_t email = 0, name = 0, company = 0, custom_id = 0;
  };
  void Reserve(size_t accounts, const TextBytes& bytes);
  void AddProduct(ClientId id, const IndexedAccount::Product& product);
  // Around many Put()/Remove() calls: the created_at order is sorted once at the end instead of
  // kept on every call.
  void BeginBatch();
  void EndBatch();
  // Forgets an account (deleted from the database); unknown ids are ignored.
  void Remove(ClientId id);

  // The accounts matching `query` (every filter but the users_* ones, which the caller turns
  // into `only_clients`), in its order, paged by its limit and offset. With `only_clients`, only
  // those accounts can match.
  IndexedPage Query(const ClientQuery& query, const std::vector<ClientId>* only_clients) const;

  int64_t size() const { return static_cast<int64_t>(live_.cardinality()); }
  // Approximate heap bytes held, for logs and the benchmark; Memory() itemises them.
  size_t MemoryBytes() const;
  std::string Memory() const;

 private:
  using Row = uint32_t;
  struct ProductColumn {
    // Per row: the ProductStatus or'ed with ListedProducts::kEnabled, or kNoService.
    std::vector<uint8_t> state;
    std::array<Roaring, 6> by_status;  // rows per ProductStatus
    Roaring personal;
  };

  std::optional<Row> RowOf(ClientId id) const;
  Row Append(const IndexedAccount& a);     // a new last row, with its texts
  void SetTexts(Row row, const IndexedAccount& a);
  void Unindex(Row row);  // removes the row from every bitmap and ordering
  void Index(Row row, const IndexedAccount& a);
  ProductColumn& Product(const std::string& code);
  void SetProduct(Row row, const IndexedAccount::Product& p);

  Roaring Filter(const ClientQuery& q, const std::vector<ClientId>* only) const;
  Roaring RowsOf(const std::vector<ClientId>& ids) const;
  Roaring CreatedBetween(std::optional<Timestamp> gte, std::optional<Timestamp> lte) const;
  std::vector<Row> Order(const Roaring& rows, const ClientQuery& q, size_t want) const;
  int Compare(Row a, Row b, const std::vector<ClientOrder>& ordering) const;
  uint64_t SortKey(Row r, const ClientOrder& first) const;
  // The first `want` members of `rows` in a kept order (descending: backwards, equal values
  // still in id order).
  std::vector<Row> Walk(const std::vector<Row>& order, const Roaring& rows, bool descending,
                        size_t want, const auto& same) const;
  void SortKeptOrders();
  auto CreatedLess() const {
    return [this](Row a, Row b) {
      return created_[a] != created_[b] ? created_[a] < created_[b] : a < b;
    };
  }
  auto EmailLess() const {
    return [this](Row a, Row b) {
      int c = email_.IsNull(a) || email_.IsNull(b)
                  ? static_cast<int>(email_.IsNull(a)) - static_cast<int>(email_.IsNull(b))
                  : email_.Compare(a, b);
      return c != 0 ? c < 0 : a < b;
    };
  }

  std::vector<ClientId> ids_;  // by row; ascending
  Row cursor_ = 0;             // AddProduct's last row: products come grouped by account
  Roaring live_;
  Roaring plain_;  // live, neither deleted nor a test account: the list's default
  Roaring deleted_, is_test_, reseller_account_;
  std::array<Roaring, 5> by_status_;  // rows per AccountStatus
  std::unordered_map<int64_t, Roaring> by_seller_;  // no seller: key 0
  std::map<std::string, Roaring> by_country_;         // none set: key ""
  std::map<std::string, ProductColumn> products_;

  std::vector<uint8_t> status_;          // per row; AccountStatus
  std::vector<int64_t> created_;         // per row; microseconds
  // Kept orders, for large match sets: live rows in (created_at, id) and (email, id) order.
  // Stale inside a batch, sorted at its end.
  std::vector<Row> by_created_;
  std::vector<Row> by_email_;
  bool orders_stale_ = false;
  // Lower-cased by the database. Names and companies repeat: a dictionary each.
  EmailColumn email_;
  DictColumn name_, company_;
  TextColumn custom_id_;  // as stored; searched ignoring ASCII case
};

}  // namespace clientele::storage::index
