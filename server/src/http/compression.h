#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "http/message.h"

namespace clientele::http {

// Content codings (RFC 9110 §8.4): what a client accepts and how the server compresses.
enum class Coding { kIdentity, kGzip, kBrotli };

// The Content-Encoding value of `coding` ("br", "gzip"); empty for identity.
std::string_view CodingName(Coding coding);

// The coding to answer with, by the client's Accept-Encoding (RFC 9110 §12.5.3), among the
// codings the server has for this response and identity. The highest q-value wins (identity
// takes part only when the header names it); on a tie br beats gzip beats identity. "q=0"
// refuses a coding; "*" stands for every coding the header does not name; "x-gzip" is gzip.
// No header, or nothing acceptable available: identity (answering rather than 406).
Coding ChooseCoding(const std::string* accept_encoding, bool brotli_available,
                    bool gzip_available);

// The header's value plus ", Accept-Encoding" (or just that), unless it already names it.
std::string WithVaryAcceptEncoding(const std::string* vary);

// `data` as one gzip member (RFC 1952), at zlib's fastest level.
std::string Gzip(std::string_view data);

// A BodyWriter that gzips what it is given and hands the compressed bytes to `out` as zlib
// produces them: memory stays constant (zlib's state and one buffer) whatever the body's
// length. Call Finish() after the last Write() to end the gzip member; a body left unfinished
// (the producer threw) stays invalid gzip, as a cut-short body should. Not thread-safe.
class GzipBodyWriter final : public BodyWriter {
 public:
  explicit GzipBodyWriter(BodyWriter& out);
  ~GzipBodyWriter() override;
  GzipBodyWriter(const GzipBodyWriter&) = delete;
  GzipBodyWriter& operator=(const GzipBodyWriter&) = delete;

  bool Write(std::string_view chunk) override;
  // False if the client has gone.
  bool Finish();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Responses at least this long are worth compressing; shorter ones gain little or grow.
inline constexpr size_t kCompressMinBytes = 1024;

// Compresses an API answer with gzip when the client accepts it: a text body (JSON, YAML, text)
// of at least kCompressMinBytes, or any streamed body. Such responses get "Vary:
// Accept-Encoding" whether compressed or not. Leaves alone responses that already have a
// Content-Encoding (the portals' precompressed files) and 204/304.
void CompressForClient(const Request& request, Response& response);

}  // namespace clientele::http
