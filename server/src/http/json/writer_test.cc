#include "http/json/writer.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <random>

#include "http/errors.h"

namespace clientele::http::json {
namespace {

namespace bj = boost::json;

// What the tree-building way answers for the same value: Boost.JSON's text, made UTF-8.
std::string ViaTree(const bj::value& v) { return ToValidUtf8(bj::serialize(v)); }

TEST(JsonWriterTest, NestedContainersAndScalarsAsBoostJsonWritesThem) {
  std::string text;
  Writer w(text);
  w.BeginObject();
  w.Key("id").Int(-42);
  w.Key("big").Int(INT64_MAX);
  w.Key("name").Nullable(std::optional<std::string>());
  w.Key("ok").Bool(true);
  w.Key("no").Bool(false);
  w.Key("empty").BeginObject();
  w.EndObject();
  w.Key("list").BeginArray();
  w.Int(1);
  w.BeginObject();
  w.Key("a").BeginArray();
  w.EndArray();
  w.EndObject();
  w.String("x");
  w.Null();
  w.EndArray();
  w.Key("seller").Nullable(std::optional<int64_t>(7));
  w.EndObject();
  bj::object o;
  o["id"] = -42;
  o["big"] = INT64_MAX;
  o["name"] = nullptr;
  o["ok"] = true;
  o["no"] = false;
  o["empty"] = bj::object{};
  o["list"] = bj::array{1, bj::object{{"a", bj::array{}}}, "x", nullptr};
  o["seller"] = 7;
  EXPECT_EQ(text, ViaTree(o));
}

TEST(JsonWriterTest, StringsEscapedAndMadeUtf8LikeTheTreeWay) {
  // Every byte value, alone and in random company, including broken and valid UTF-8.
  std::vector<std::string> samples = {"", "plain", "quote\" back\\slash", "\x01\x1f\x7f",
                                      "\b\f\n\r\t", "caf\xc3\xa9", "\xe2\x82\xac \xf0\x9f\x98\x80",
                                      "\xc3", "\xed\xa0\x80", "\xc0\xaf", "\xff\xfe"};
  for (int c = 0; c < 256; ++c) samples.push_back(std::string(1, static_cast<char>(c)));
  std::mt19937 random(12);
  for (int i = 0; i < 2000; ++i) {
    std::string s;
    size_t n = random() % 12;
    for (size_t k = 0; k < n; ++k) {
      // Mostly ASCII, with UTF-8 lead and continuation bytes often enough to form sequences.
      unsigned r = random() % 8;
      s += static_cast<char>(r < 4 ? 0x20 + random() % 0x60 : r < 6 ? 0x80 + random() % 0x40
                                                                     : random() % 256);
    }
    samples.push_back(s);
  }
  for (const auto& s : samples) {
    std::string text;
    Writer w(text);
    w.BeginObject();
    w.Key(s).String(s);
    w.EndObject();
    bj::object o;
    o[s] = s;
    ASSERT_EQ(text, ViaTree(o)) << "for the bytes of \"" << s << "\"";
  }
}

}  // namespace
}  // namespace clientele::http::json
