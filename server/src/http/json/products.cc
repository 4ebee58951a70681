#include <boost/json.hpp>

#include "domain/products.h"
#include "http/json/codec.h"

// Products of an account and their visibility.
namespace clientele::http::json {

bj::array EncodeVisibility(const std::vector<ProductVisibility>& list) {
  bj::array out;
  for (const auto& v : list) {
    bj::object o;
    o["product_name"] = v.product;
    o["available"] = v.available;
    o["personal"] = v.personal;
    out.push_back(std::move(o));
  }
  return out;
}

namespace {

const char* ActivationName(Activation a) {
  switch (a) {
    case Activation::kActivated: return "activated";
    case Activation::kNotActivated: return "not_activated";
    case Activation::kRequested: return "requested";
    case Activation::kDeletionPending: return "deletion_pending";
  }
  return "not_activated";
}

}  // namespace

bj::object EncodeActivationRequest(const ActivationRequest& r) {
  bj::object o;
  o["product"] = r.product;
  o["requested_at"] = FormatRfc3339(r.requested_at);
  o["requested_by_email"] = r.requested_email;
  o["message"] = r.message;
  return o;
}

bj::object EncodeService(const ServiceView& v) {
  const Service& s = v.service;
  bj::object o;
  o["id"] = s.id.value;
  o["name"] = s.product;
  o["title"] = v.title;
  o["client"] = s.client.value;
  o["status"] = ToString(s.status);
  o["previous_status"] = s.previous_status ? bj::value(ToString(*s.previous_status))
                                           : bj::value(nullptr);
  o["status_changed_at"] = Time(s.status_changed_at);
  o["start"] = Time(s.start);
  o["trial_end"] = Time(s.trial_end);
  o["deleted_date"] = Time(s.deleted_date);
  o["enabled"] = s.enabled;
  o["activation"] = ActivationName(v.activation);
  o["activation_request"] = v.activation_request
                                ? bj::value(EncodeActivationRequest(*v.activation_request))
                                : bj::value(nullptr);
  o["visible"] = v.visible;
  o["personal_availability"] = s.available ? bj::value(*s.available) : bj::value(nullptr);
  bj::array allowed;
  for (auto a : v.allowed_statuses) allowed.emplace_back(ToString(a));
  o["allowed_statuses"] = std::move(allowed);
  o["options"] = bj::array{};
  o["status_transition_options"] = bj::array{};
  return o;
}

}  // namespace clientele::http::json
