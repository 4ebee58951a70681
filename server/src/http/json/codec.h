#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/result.h"
#include "domain/account_policy.h"
#include "domain/accounts.h"
#include "domain/attention.h"
#include "domain/auth.h"
#include "domain/products.h"
#include "domain/model.h"
#include "domain/storage/sessions.h"
#include "http/json/writer.h"

// The only code that knows the JSON names of the contract (companyName, custom_id, ...).
namespace clientele::http::json {

namespace bj = boost::json;

// A request body that must be a JSON object. 400 {"message": "JSON parse error - ..."} otherwise.
Result<bj::object> ParseObject(std::string_view body);

// Readers: a wrong JSON type adds a message for `key` to `errors`. Absent keys give nullopt.
std::optional<std::string> ReadString(const bj::object& o, std::string_view key, FieldErrors& errors);
// Distinguishes absent (outer nullopt) from null (inner nullopt).
std::optional<std::optional<std::string>> ReadNullableString(const bj::object& o,
                                                             std::string_view key,
                                                             FieldErrors& errors);
std::optional<bool> ReadBool(const bj::object& o, std::string_view key, FieldErrors& errors);
std::optional<int64_t> ReadInt(const bj::object& o, std::string_view key, FieldErrors& errors);
std::optional<std::optional<int64_t>> ReadNullableInt(const bj::object& o, std::string_view key,
                                                      FieldErrors& errors);

bj::value Time(const std::optional<Timestamp>& t);
bj::object EncodeClient(const ClientView& view);
// The same account as JSON text, for lists: no tree in between.
void WriteClient(Writer& w, const ClientView& view);
bj::object EncodeUser(const User& user, const std::string& company);
bj::object EncodeApiToken(const ApiToken& token);
bj::object EncodeActivity(const ActivityEntry& entry);
bj::object EncodeStatusChange(const AccountStatusChange& change);
bj::object EncodeGroup(Group g);

// people.cc
bj::object EncodeSeller(const User& user);
bj::object EncodeTokenPair(const TokenPair& tokens);
bj::object EncodeApiToken(const ApiToken& token, Timestamp now);  // with "expired"
// A portal session: who is signed in, who acts (if anyone), the organisation and the portal.
// `company`: the person's account's company name (empty for staff).
bj::object EncodeSession(const User& user, const std::string& company, const Caller& caller,
                         storage::Portal portal);

// products.cc
bj::array EncodeVisibility(const std::vector<ProductVisibility>& list);
bj::object EncodeService(const ServiceView& view);
bj::object EncodeActivationRequest(const ActivationRequest& request);

// settings.cc
bj::object EncodeBranding(const Branding& branding);  // the contract's BrandingSettings
bj::object EncodeMailTest(const MailTest& test);
bj::object EncodeNotificationSetting(const NotificationSetting& setting);
bj::object EncodeDeletionRequest(const DeletionRequest& request);
bj::object EncodePreset(const FilterPreset& preset);

// attention.cc: the overview, the lifecycle preview and one account's policy (issue 16)
bj::object EncodePreview(const LifecyclePreview& preview);
bj::object EncodeOverview(const Overview& overview);
bj::object EncodePolicy(const EffectivePolicy& policy);

}  // namespace clientele::http::json
