#include "http/errors.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace clientele::http {
namespace {

TEST(ToValidUtf8Test, KeepsWellFormedTextAndReplacesEveryBadByte) {
  struct Case {
    std::string in, out;
  };
  const std::string r = "\xEF\xBF\xBD";
  for (const Case& c : std::initializer_list<Case>{
           {"", ""},
           {"plain", "plain"},
           {"Gr\xC3\xBC\xC3\x9F" "e \xE4\xBD\xA0 \xF0\x9F\x98\x80",
            "Gr\xC3\xBC\xC3\x9F" "e \xE4\xBD\xA0 \xF0\x9F\x98\x80"},
           {"a\xFF" "b", "a" + r + "b"},
           {"\xC3", r},                                   // cut short
           {"\xC0\xAF", r + r},                           // overlong '/'
           {"\xE0\x80\xAF", r + r + r},                   // overlong, three bytes
           {"\xED\xA0\x80", r + r + r},                   // a surrogate
           {"\xF4\x90\x80\x80", r + r + r + r},           // above U+10FFFF
           {"\x80" "ok", r + "ok"},                       // a lone continuation byte
           {"eight+ascii bytes\xFF" "then more ascii", "eight+ascii bytes" + r + "then more ascii"},
           {"0123456789abcdef\xC3\xBC", "0123456789abcdef\xC3\xBC"},  // ends after ASCII words
       })
    EXPECT_EQ(ToValidUtf8(c.in), c.out) << c.in;
}

TEST(ErrorResponseTest, EchoedInputThatIsNotUtf8BecomesValidJsonText) {
  Error e = FieldError("status", "\"\xFF\xFE\" is not an account status.");
  Response r = ErrorResponse(e);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(ToValidUtf8(r.body), r.body);
  auto v = boost::json::parse(r.body);  // throws on invalid UTF-8
  EXPECT_EQ(v.at("errors").at("status").at(0),
            "\"\xEF\xBF\xBD\xEF\xBF\xBD\" is not an account status.");

  Response m = MessageResponse(404, "no \xC3(");
  EXPECT_EQ(m.body, "{\"message\":\"no \xEF\xBF\xBD(\"}");
}

TEST(ErrorResponseTest, DetailsGoBesideTheMessageAndNeverReplaceIt) {
  Error e = MakeError(ErrorCode::kFailedPrecondition, "No mail server.");
  e.details = {{"failure", "not_configured"}, {"status", "failed"}, {"message", "not this"}};
  Response r = ErrorResponse(e);
  EXPECT_EQ(r.status, 409);
  auto v = boost::json::parse(r.body).as_object();
  EXPECT_EQ(v.size(), 3u);
  EXPECT_EQ(v.at("message"), "No mail server.");
  EXPECT_EQ(v.at("failure"), "not_configured");
  EXPECT_EQ(v.at("status"), "failed");

  // A 400 without fields is a {"message"}; details join it the same way.
  Error bad = MakeError(ErrorCode::kInvalidArgument, "This user already activated.");
  EXPECT_EQ(ErrorResponse(bad).body, "{\"message\":\"This user already activated.\"}");
  bad.details = {{"reason", "activated"}};
  EXPECT_EQ(ErrorResponse(bad).body,
            "{\"reason\":\"activated\",\"message\":\"This user already activated.\"}");

  // An internal error tells the caller nothing, details included.
  Error internal = Internal("disk on fire");
  internal.details = {{"path", "/secret"}};
  EXPECT_EQ(ErrorResponse(internal).body, "{\"message\":\"Internal server error.\"}");
}

}  // namespace
}  // namespace clientele::http
