#include "http/compression.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace clientele::http {
namespace {

// Inflates a gzip member; nullopt unless it is whole and valid.
std::optional<std::string> Gunzip(std::string_view data) {
  z_stream zs{};
  if (inflateInit2(&zs, 15 + 16) != Z_OK) return std::nullopt;
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  std::string out;
  char buffer[4096];
  int rc = Z_OK;
  while (rc == Z_OK) {
    zs.next_out = reinterpret_cast<Bytef*>(buffer);
    zs.avail_out = sizeof buffer;
    rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buffer, sizeof buffer - zs.avail_out);
    if (rc == Z_BUF_ERROR && zs.avail_in == 0) break;  // input ended before the member did
  }
  inflateEnd(&zs);
  if (rc != Z_STREAM_END) return std::nullopt;
  return out;
}

std::string JsonOf(size_t n) {
  std::string s = "[";
  for (size_t i = 0; i < n; ++i)
    s += (i ? "," : "") + std::string("{\"id\":") + std::to_string(i) +
         ",\"email\":\"user" + std::to_string(i) + "@example.com\",\"status\":\"active\"}";
  return s + "]";
}

class StringWriter final : public BodyWriter {
 public:
  bool Write(std::string_view chunk) override {
    ++writes;
    if (gone) return false;
    text.append(chunk);
    return true;
  }
  std::string text;
  int writes = 0;
  bool gone = false;
};

TEST(ChooseCodingTest, FollowsAcceptEncoding) {
  struct Case {
    std::optional<std::string> header;
    bool br, gzip;
    Coding want;
  };
  const Coding br = Coding::kBrotli, gz = Coding::kGzip, id = Coding::kIdentity;
  for (const Case& c : std::initializer_list<Case>{
           {std::nullopt, true, true, id},  // no header: identity
           {"", true, true, id},            // empty: only identity is acceptable
           {"gzip, deflate, br, zstd", true, true, br},  // browsers: br preferred
           {"gzip, deflate, br", false, true, gz},       // no brotli twin
           {"gzip, deflate, br", true, false, br},
           {"gzip, deflate, br", false, false, id},
           {"gzip", true, true, gz},
           {"x-gzip", true, true, gz},
           {"GZIP", true, true, gz},
           {"br", true, true, br},
           {"deflate", true, true, id},
           {"identity", true, true, id},
           {"br;q=0, gzip", true, true, gz},    // q=0 refuses
           {"br;q=0.0, gzip;q=0", true, true, id},
           {"br ; q=0 , gzip ;q=0.001", true, true, gz},
           {"gzip;q=1, br;q=0.5", true, true, gz},  // the higher q wins
           {"gzip;q=0.5, br;q=0.8", true, true, br},
           {"gzip;q=0.5, identity", true, true, id},
           {"gzip;q=0.8, br;q=0.8", true, true, br},  // a tie goes to br
           {"*", true, true, br},
           {"*;q=0.5, gzip", true, true, gz},
           {"*;q=0", true, true, id},  // nothing acceptable: identity all the same
           {"identity;q=0, gzip", true, true, gz},
           {"br;q=2, gzip", true, true, gz},     // a malformed element says nothing
           {"br;q=abc, gzip", true, true, gz},
           {"br;q=1.5, gzip", true, true, gz},
           {"br;q=1.000, gzip;q=0.999", true, true, br},
           {",, ,gzip,", true, true, gz},
           {"br;level=5;q=0", true, true, id},
       }) {
    const std::string* header = c.header ? &*c.header : nullptr;
    EXPECT_EQ(ChooseCoding(header, c.br, c.gzip), c.want)
        << (c.header ? *c.header : "(none)") << " br=" << c.br << " gzip=" << c.gzip;
  }
}

TEST(WithVaryAcceptEncodingTest, AddsTheFieldOnce) {
  const std::string none, cookie = "Cookie", already = "Cookie, accept-encoding", star = "*";
  EXPECT_EQ(WithVaryAcceptEncoding(nullptr), "Accept-Encoding");
  EXPECT_EQ(WithVaryAcceptEncoding(&none), "Accept-Encoding");
  EXPECT_EQ(WithVaryAcceptEncoding(&cookie), "Cookie, Accept-Encoding");
  EXPECT_EQ(WithVaryAcceptEncoding(&already), already);
  EXPECT_EQ(WithVaryAcceptEncoding(&star), "*");
}

TEST(GzipTest, RoundTrips) {
  for (const std::string& text : {std::string(), std::string("x"), JsonOf(2000)}) {
    std::string packed = Gzip(text);
    EXPECT_EQ(Gunzip(packed), text);
  }
  EXPECT_LT(Gzip(JsonOf(2000)).size(), JsonOf(2000).size() / 4);
}

TEST(GzipBodyWriterTest, StreamsOneValidMemberInBoundedPieces) {
  StringWriter out;
  GzipBodyWriter gzip(out);
  std::string whole;
  for (int i = 0; i < 3000; ++i) {
    std::string piece = JsonOf(3) + std::to_string(i);
    whole += piece;
    ASSERT_TRUE(gzip.Write(piece));
  }
  ASSERT_TRUE(gzip.Write(std::string(200000, 'a')));  // longer than zlib's output buffer
  whole += std::string(200000, 'a');
  ASSERT_TRUE(gzip.Finish());
  EXPECT_EQ(Gunzip(out.text), whole);
  EXPECT_GT(out.writes, 1);  // passed on as produced, not held to the end
}

TEST(GzipBodyWriterTest, AnUnfinishedBodyIsNotValidGzipAndAGoneClientStopsIt) {
  StringWriter out;
  {
    GzipBodyWriter gzip(out);
    ASSERT_TRUE(gzip.Write(JsonOf(5000)));
  }
  EXPECT_EQ(Gunzip(out.text), std::nullopt);

  StringWriter gone;
  gone.gone = true;
  GzipBodyWriter gzip(gone);
  EXPECT_FALSE(gzip.Write(JsonOf(5000)) && gzip.Finish());
}

Request WithAcceptEncoding(std::optional<std::string> value) {
  Request r;
  r.method = "GET";
  r.path = "/iam/clients";
  if (value) r.headers["accept-encoding"] = *value;
  return r;
}

const std::string* Header(const Response& r, std::string_view name) {
  for (const auto& [k, v] : r.headers)
    if (k == name) return &v;
  return nullptr;
}

TEST(CompressForClientTest, GzipsLongTextWhenAcceptedAndAlwaysSaysVary) {
  const std::string json = JsonOf(100);
  Response r;
  r.body = json;
  CompressForClient(WithAcceptEncoding("gzip, deflate, br"), r);
  ASSERT_NE(Header(r, "Content-Encoding"), nullptr);
  EXPECT_EQ(*Header(r, "Content-Encoding"), "gzip");
  EXPECT_EQ(*Header(r, "Vary"), "Accept-Encoding");
  EXPECT_EQ(Gunzip(r.body), json);

  Response plain;
  plain.body = json;
  CompressForClient(WithAcceptEncoding("br"), plain);  // the API speaks gzip only
  EXPECT_EQ(Header(plain, "Content-Encoding"), nullptr);
  EXPECT_EQ(*Header(plain, "Vary"), "Accept-Encoding");
  EXPECT_EQ(plain.body, json);

  Response refused;
  refused.body = json;
  CompressForClient(WithAcceptEncoding("gzip;q=0"), refused);
  EXPECT_EQ(Header(refused, "Content-Encoding"), nullptr);
  EXPECT_EQ(refused.body, json);
}

TEST(CompressForClientTest, LeavesShortBinaryAndEncodedBodiesAlone) {
  Response shorter;
  shorter.body = std::string(kCompressMinBytes - 1, 'a');
  CompressForClient(WithAcceptEncoding("gzip"), shorter);
  EXPECT_TRUE(shorter.headers.empty());

  Response binary;
  binary.content_type = "image/png";
  binary.body = std::string(10000, 'a');
  CompressForClient(WithAcceptEncoding("gzip"), binary);
  EXPECT_TRUE(binary.headers.empty());

  Response encoded;
  encoded.body = std::string(10000, 'a');
  encoded.SetHeader("Content-Encoding", "br");
  CompressForClient(WithAcceptEncoding("gzip"), encoded);
  EXPECT_EQ(encoded.body, std::string(10000, 'a'));
  EXPECT_EQ(encoded.headers.size(), 1u);

  Response none;
  none.status = 304;
  CompressForClient(WithAcceptEncoding("gzip"), none);
  EXPECT_TRUE(none.headers.empty());
}

TEST(CompressForClientTest, GzipsAStreamedBodyAsItIsWritten) {
  Response r;
  r.stream = [](BodyWriter& out) {
    out.Write("[");
    for (int i = 0; i < 100; ++i) out.Write((i ? "," : "") + JsonOf(10));
    out.Write("]");
  };
  CompressForClient(WithAcceptEncoding("gzip"), r);
  EXPECT_EQ(*Header(r, "Content-Encoding"), "gzip");
  EXPECT_EQ(*Header(r, "Vary"), "Accept-Encoding");
  StringWriter out;
  r.stream(out);
  std::string want = "[";
  for (int i = 0; i < 100; ++i) want += (i ? "," : "") + JsonOf(10);
  EXPECT_EQ(Gunzip(out.text), want + "]");

  // A producer that fails part-way leaves the body cut short: not valid gzip.
  Response failing;
  failing.stream = [](BodyWriter& body) {
    body.Write(JsonOf(1000));
    throw std::runtime_error("database gone");
  };
  CompressForClient(WithAcceptEncoding("gzip"), failing);
  StringWriter cut;
  EXPECT_THROW(failing.stream(cut), std::runtime_error);
  EXPECT_EQ(Gunzip(cut.text), std::nullopt);
}

}  // namespace
}  // namespace clientele::http
