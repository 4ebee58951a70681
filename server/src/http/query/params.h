#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/result.h"
#include "core/time.h"
#include "domain/client_query.h"  // kMaxPageSize, kMaxOffset

// Query strings of the list endpoints, read by table: each endpoint lists its parameters (the
// contract's names) with the reader that puts a value into its query value. Only http/ knows
// these names; the domain gets the validated query.
namespace clientele::http::query {

using Params = std::vector<std::pair<std::string, std::string>>;

struct Paging {
  std::optional<int64_t> limit;  // unset: every match, without the page envelope
  int64_t offset = 0;
};

// One parameter of a list endpoint's table: `name` (and `alias`, if any) and what reads its
// value into the query `Q`. A malformed value adds a message for `key` to `errors`.
template <typename Q>
struct Param {
  std::string_view name;
  void (*read)(Q& q, const std::string& key, const std::string& value, FieldErrors& errors);
  std::string_view alias = {};
};

// The paging parameters (limit 1..kMaxPageSize, offset 0..kMaxOffset) of any list.
void ReadPaging(const Params& params, Paging& paging, FieldErrors& errors);

// Reads paging and every parameter of `table` from `params` into `q`, in the order given (a
// repeated parameter is read each time). Names the table does not know go to `other` if given,
// else are ignored. kInvalidArgument naming each malformed parameter.
template <typename Q>
Status Read(const Params& params, std::span<const Param<Q>> table, Q& q, Paging& paging,
            void (*other)(Q&, const std::string&, const std::string&, FieldErrors&) = nullptr) {
  FieldErrors errors;
  ReadPaging(params, paging, errors);
  for (const auto& [key, value] : params) {
    if (key == "limit" || key == "offset") continue;
    bool known = false;
    for (const Param<Q>& p : table) {
      if (key != p.name && (p.alias.empty() || key != p.alias)) continue;
      p.read(q, key, value, errors);
      known = true;
      break;
    }
    if (!known && other) other(q, key, value, errors);
  }
  if (!errors.empty()) return errors.ToError();
  return Ok();
}

// Readers of values shared by the tables. Each returns nullopt after adding its message.
std::vector<std::string> SplitComma(std::string_view s);  // trimmed, empty items dropped
// A positive id; `message` names what it must be ("Must be an account id.").
std::optional<int64_t> ReadId(const std::string& key, const std::string& value,
                              std::string_view message, FieldErrors& errors);
std::optional<Timestamp> ReadTime(const std::string& key, const std::string& value,
                                  FieldErrors& errors);
std::optional<bool> ReadBool(const std::string& key, const std::string& value,
                             FieldErrors& errors);

}  // namespace clientele::http::query
