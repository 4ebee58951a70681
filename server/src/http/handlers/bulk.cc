// Work on many accounts in one request (issue 16): POST /iam/clients/bulk and
// POST /iam/clients/import. Both answer a stream of JSON lines (application/x-ndjson): one line
// per committed batch, so the portal can show progress, then a last line with the totals. The
// activity log records the request once, when the stream has ended, with what it did.
#include <boost/json.hpp>
#include <boost/url/parse_query.hpp>

#include <algorithm>
#include <memory>
#include <unordered_set>

#include "domain/accounts.h"
#include "domain/bulk.h"
#include "domain/validation.h"
#include "http/errors.h"
#include "http/handlers/common.h"
#include "http/handlers/handlers.h"
#include "http/json/codec.h"
#include "http/query/client_query_params.h"

namespace clientele::http::handlers {
namespace {

namespace bj = boost::json;

// How many accounts of each outcome the activity entry names (the counts are always whole).
constexpr size_t kRecordedPerOutcome = 10000;
// How many refused lines of an import the activity entry keeps.
constexpr size_t kRecordedErrors = 100;

Result<BulkAction> ReadAction(const bj::object& body, FieldErrors& errors) {
  BulkAction a;
  auto action = json::ReadString(body, "action", errors);
  if (!action) {
    if (!errors.Has("action")) errors.Add("action", "Required.");
    return errors.ToError();
  }
  if (*action == "assign_seller") {
    a.kind = BulkKind::kAssignSeller;
    auto seller = json::ReadNullableInt(body, "seller", errors);
    if (!seller && !errors.Has("seller"))
      errors.Add("seller", "Required: a seller's id, or null to unassign.");
    else if (seller && *seller) {
      if (**seller < 1) errors.Add("seller", "Must be a seller's id, or null.");
      else a.seller = UserId{**seller};
    }
  } else if (*action == "set_test") {
    a.kind = BulkKind::kSetTest;
    auto is_test = json::ReadBool(body, "is_test", errors);
    if (!is_test && !errors.Has("is_test")) errors.Add("is_test", "Required: true or false.");
    a.is_test = is_test.value_or(false);
  } else if (*action == "set_visibility" || *action == "set_product_status") {
    auto product = json::ReadString(body, "product", errors);
    if (!product && !errors.Has("product")) errors.Add("product", "Required: a product's name.");
    if (product) a.product = validation::ToUpperAscii(*product);
    if (*action == "set_visibility") {
      a.kind = BulkKind::kSetVisibility;
      auto available = json::ReadBool(body, "available", errors);
      if (!available && !errors.Has("available"))
        errors.Add("available", "Required: true or false.");
      a.available = available.value_or(false);
    } else {
      a.kind = BulkKind::kSetProductStatus;
      auto status = json::ReadString(body, "status", errors);
      auto parsed = status ? ParseProductStatus(*status) : std::nullopt;
      if (!parsed && !errors.Has("status"))
        errors.Add("status", "Use trial, active, trialend or paused.");
      if (parsed) a.status = *parsed;
    }
  } else {
    errors.Add("action", "Use assign_seller, set_test, set_visibility or set_product_status.");
  }
  if (!errors.empty()) return errors.ToError();
  return a;
}

// The accounts a bulk request names: "ids", or "filter" (the account list's query string).
Result<std::vector<ClientId>> ReadSelection(Context& ctx, const bj::object& body,
                                            FieldErrors& errors, bool resolve) {
  const auto* ids = body.if_contains("ids");
  const auto* filter = body.if_contains("filter");
  bool has_ids = ids && !ids->is_null();
  bool has_filter = filter && !filter->is_null();
  if (has_ids == has_filter) {
    errors.Add(has_ids ? "filter" : "ids",
               "Name the accounts either by \"ids\" or by the list's \"filter\", not both.");
    return errors.ToError();
  }
  std::vector<ClientId> out;
  if (has_ids) {
    if (!ids->is_array() || ids->as_array().empty()) {
      errors.Add("ids", "Must be a list of account ids.");
      return errors.ToError();
    }
    if (ids->as_array().size() > BulkService::kMaxIds) {
      errors.Add("ids", "At most " + std::to_string(BulkService::kMaxIds) +
                            " ids; select more by the list's filter.");
      return errors.ToError();
    }
    std::unordered_set<int64_t> seen;
    for (const auto& v : ids->as_array()) {
      if (!v.is_int64() || v.as_int64() < 1) {
        errors.Add("ids", "Must be a list of account ids.");
        return errors.ToError();
      }
      // Each account once, in the order given.
      if (seen.insert(v.as_int64()).second) out.push_back(ClientId{v.as_int64()});
    }
    return out;
  }
  if (!filter->is_string()) {
    errors.Add("filter",
               "Must be the account list's query string, such as \"seller=3&cdn=trial\".");
    return errors.ToError();
  }
  if (!resolve) return out;
  std::string text(filter->as_string());
  if (!text.empty() && text.front() == '?') text.erase(0, 1);
  auto parsed = boost::urls::parse_query(text);
  if (!parsed) {
    errors.Add("filter", "Not a query string.");
    return errors.ToError();
  }
  query::Params params;
  for (const auto& p : *parsed)
    if (p.key != "limit" && p.key != "offset" && p.key != "format")
      params.emplace_back(p.key, p.has_value ? std::string(p.value) : std::string());
  auto q = ctx.services.accounts.Prepare(
      ctx.Who(), [&](const std::vector<std::string>& products) -> Result<ClientQuery> {
        return query::ParseClientQuery(params, ctx.Who().org, products);
      });
  if (!q) {
    // The list's own field errors, under "filter".
    for (const auto& [field, messages] : q.error().fields)
      for (const auto& m : messages) errors.Add("filter", field + ": " + m);
    if (errors.empty()) return q.error();
    return errors.ToError();
  }
  q->limit.reset();
  q->offset = 0;
  return ctx.services.accounts.Ids(ctx.Who(), *q);
}

std::string Line(const bj::object& o) { return bj::serialize(o) + "\n"; }

bj::object Totals(const BulkProgress& p) {
  bj::object o;
  o["total"] = p.total;
  o["done"] = p.done;
  o["changed"] = p.changed;
  o["unchanged"] = p.unchanged;
  o["refused"] = p.refused;
  o["not_found"] = p.not_found;
  return o;
}

Response NdjsonStream(std::function<void(BodyWriter&)> produce,
                      std::shared_ptr<std::string> recorded) {
  Response r;
  r.content_type = "application/x-ndjson";
  r.stream = std::move(produce);
  r.recorded_answer = std::move(recorded);
  return r;
}

bj::object Summary(const ImportSummary& s) {
  bj::object o;
  o["records"] = s.records;
  o["imported"] = s.imported;
  o["skipped_existing"] = s.skipped_existing;
  o["failed"] = s.failed;
  return o;
}

bj::object EncodeImportError(const ImportError& e) {
  bj::object o;
  o["line"] = e.line;
  if (!e.field.empty()) o["field"] = e.field;
  o["reason"] = e.reason;
  return o;
}

}  // namespace

Response BulkChangeClients(Context& ctx) {
  auto body = json::ParseObject(ctx.request.body);
  if (!body) return ErrorResponse(body.error());
  FieldErrors errors;
  auto action = ReadAction(*body, errors);
  // The selection is checked either way, so that one answer lists every problem; it is
  // resolved (the filter's ids read) only for an action that can run.
  if (action)
    if (auto st = ctx.services.bulk.Check(ctx.Who(), *action); !st.ok())
      return ErrorResponse(st.error());
  auto ids = ReadSelection(ctx, *body, errors, action.ok());
  if (!ids && ids.error().code != ErrorCode::kInvalidArgument) return ErrorResponse(ids.error());
  if (!errors.empty()) return ErrorResponse(errors.ToError());
  if (!ids) return ErrorResponse(ids.error());

  auto recorded = std::make_shared<std::string>();
  std::string kind(body->at("action").as_string());
  return NdjsonStream(
      [&bulk = ctx.services.bulk, caller = ctx.Who(), a = *action, ids = std::move(*ids),
       now = ctx.now, recorded, kind](BodyWriter& out) {
        // What the activity entry lists: the ids of each outcome, and each refusal's reason.
        bj::object named;
        bj::array changed, unchanged, not_found, refused;
        BulkProgress last;
        last.total = static_cast<int64_t>(ids.size());
        bool open = true;
        Status st = bulk.Apply(caller, a, ids, now,
                               [&](const std::vector<BulkResult>& batch, const BulkProgress& p) {
          last = p;
          bj::array results;
          for (const auto& r : batch) {
            bj::object o;
            o["id"] = r.client.value;
            o["result"] = ToString(r.outcome);
            if (!r.reason.empty()) o["reason"] = r.reason;
            bj::array* list = r.outcome == BulkOutcome::kChanged     ? &changed
                              : r.outcome == BulkOutcome::kUnchanged ? &unchanged
                              : r.outcome == BulkOutcome::kNotFound  ? &not_found
                                                                     : &refused;
            if (list->size() < kRecordedPerOutcome) {
              if (r.outcome == BulkOutcome::kRefused)
                list->push_back(bj::object{{"id", r.client.value}, {"reason", r.reason}});
              else
                list->push_back(r.client.value);
            }
            results.push_back(std::move(o));
          }
          bj::object line = Totals(p);
          line["results"] = std::move(results);
          open = open && out.Write(Line(line));
          return open;
        });
        bj::object end = Totals(last);
        end["completed"] = st.ok() && last.done == last.total;
        if (!st.ok()) end["error"] = st.error().message;
        if (open) out.Write(Line(end));

        bj::object answer = Totals(last);
        answer["action"] = kind;
        answer["completed"] = end["completed"];
        bj::object lists;
        lists["changed"] = std::move(changed);
        lists["unchanged"] = std::move(unchanged);
        lists["refused"] = std::move(refused);
        lists["not_found"] = std::move(not_found);
        answer["accounts"] = std::move(lists);
        *recorded = bj::serialize(answer);
      },
      recorded);
}

Response ImportClients(Context& ctx) {
  auto body = json::ParseObject(ctx.request.body);
  if (!body) return ErrorResponse(body.error());
  FieldErrors errors;
  auto text = json::ReadString(*body, "csv", errors);
  auto dry_run = json::ReadBool(*body, "dry_run", errors);
  if (!text && !errors.Has("csv")) errors.Add("csv", "Required: the text of a CSV file.");
  if (!errors.empty()) return ErrorResponse(errors.ToError());
  if (auto st = ctx.services.bulk.CheckUpload(ctx.Who(), *text); !st.ok())
    return ErrorResponse(st.error());

  auto recorded = std::make_shared<std::string>();
  return NdjsonStream(
      [&bulk = ctx.services.bulk, caller = ctx.Who(), csv = std::move(*text),
       dry = dry_run.value_or(false), now = ctx.now, recorded](BodyWriter& out) {
        bool open = true;
        auto report = bulk.Upload(caller, csv, dry, now, BulkService::kBatch,
                                  [&](const ImportSummary& s) {
                                    bj::object line = Summary(s);
                                    open = open && out.Write(Line(line));
                                  });
        bj::object end;
        bj::object answer;
        if (!report) {
          end["completed"] = false;
          end["error"] = report.error().message;
          answer = end;
        } else {
          end = Summary(report->summary);
          answer = end;
          end["dry_run"] = dry;
          answer["dry_run"] = dry;
          end["completed"] = report->completed;
          answer["completed"] = report->completed;
          if (!report->completed) {
            end["error"] = report->error;
            answer["error"] = report->error;
          }
          bj::array lines, kept;
          for (const auto& e : report->errors) {
            lines.push_back(EncodeImportError(e));
            if (kept.size() < kRecordedErrors) kept.push_back(EncodeImportError(e));
          }
          end["errors"] = std::move(lines);
          answer["errors"] = std::move(kept);
        }
        if (open) out.Write(Line(end));
        *recorded = bj::serialize(answer);
      },
      recorded);
}

}  // namespace clientele::http::handlers
