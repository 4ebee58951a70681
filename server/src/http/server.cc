#include "http/server.h"

#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <array>
#include <atomic>
#include <cctype>
#include <csignal>
#include <cstdint>
#include <exception>
#include <limits>
#include <list>
#include <optional>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>
#include <spdlog/spdlog.h>

#include "core/client_address.h"

namespace clientele::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using boost::system::error_code;
using BeastRequest = bhttp::request<bhttp::string_body>;
using BeastResponse = bhttp::response<bhttp::string_body>;

constexpr auto kUseTuple = asio::as_tuple(asio::use_awaitable);
constexpr std::chrono::seconds kShutdownGrace{10};
// After an error response we stop reading mid-request; closing with unread input would send a
// RST that can destroy the response before the client reads it, so drain for a little while.
constexpr std::chrono::seconds kLingerTime{2};
constexpr size_t kLingerMaxBytes = 1 << 20;
constexpr size_t kFirstReadBytes = 4096;
constexpr std::chrono::milliseconds kAcceptRetryDelay{100};
constexpr std::chrono::seconds kRefusalLogInterval{10};  // refusals are logged in summary

template <typename View>
std::string ToString(const View& view) {
  return std::string(view.data(), view.size());
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

Response JsonMessage(int status, std::string_view message) {
  Response response;
  response.status = status;
  response.body = "{\"message\":\"" + std::string(message) + "\"}";
  return response;
}

Response InternalError() { return JsonMessage(500, "Internal server error."); }

// Read errors that deserve an answer; the rest (EOF, timeout, reset) just close the connection.
std::optional<Response> ReadFailureResponse(const error_code& ec) {
  if (ec == bhttp::error::body_limit) return JsonMessage(413, "Request body is too large.");
  if (ec == bhttp::error::header_limit) return JsonMessage(431, "Request headers are too large.");
  if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message) return std::nullopt;
  if (ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category()) {
    return JsonMessage(400, "Malformed HTTP request.");
  }
  return std::nullopt;
}

// nullopt if the target is not origin-form ("/path?query").
std::optional<Request> ToRequest(BeastRequest&& message, const std::string& remote_ip) {
  auto url = boost::urls::parse_origin_form(message.target());
  if (!url) return std::nullopt;
  Request request;
  request.method = ToString(message.method_string());
  request.target = ToString(message.target());
  request.path = url->path();
  request.query = ToString(url->encoded_query());
  for (const auto& param : url->params()) request.query_params.emplace_back(param.key, param.value);
  for (const auto& field : message) {
    auto [it, inserted] =
        request.headers.try_emplace(Lower(ToString(field.name_string())), ToString(field.value()));
    if (!inserted) {
      it->second += ", ";
      it->second += ToString(field.value());
    }
  }
  request.body = std::move(message.body());
  request.remote_ip = remote_ip;
  return request;
}

// Framing (Content-Length, Transfer-Encoding, Connection) belongs to the transport, so handler
// headers of those names are dropped.
BeastResponse ToBeast(Response&& response, unsigned version, bool keep_alive) {
  const bool has_body = response.status != 204 && response.status != 304;
  BeastResponse out;
  out.version(version);
  out.result(static_cast<unsigned>(response.status));
  if (has_body && !response.content_type.empty()) {
    out.set(bhttp::field::content_type, response.content_type);
  }
  for (const auto& [name, value] : response.headers) {
    if (beast::iequals(name, "content-length") || beast::iequals(name, "transfer-encoding") ||
        beast::iequals(name, "connection")) {
      continue;
    }
    if (beast::iequals(name, "content-type")) {
      if (has_body) out.set(bhttp::field::content_type, value);
      continue;
    }
    out.insert(name, value);
  }
  if (has_body && response.stream) {
    out.chunked(true);  // the body follows, written by Response::stream
  } else if (has_body) {
    out.content_length(response.body.size());
    out.body() = std::move(response.body);
  }
  out.keep_alive(keep_alive);
  return out;
}

// A streamed body, written in HTTP/1.1 chunks straight to the socket from the worker thread that
// produces it (the session waits meanwhile, so nothing else touches the socket). Each chunk is
// sent before the producer goes on: memory stays bounded whatever the body's length. A client
// that takes no data for `stall` ends the response.
class ChunkWriter final : public BodyWriter {
 public:
  ChunkWriter(tcp::socket& socket, std::chrono::milliseconds stall)
      : fd_(socket.native_handle()), stall_(stall) {}

  bool Write(std::string_view chunk) override {
    if (failed_ || chunk.empty()) return !failed_;
    char size[20];
    int n = std::snprintf(size, sizeof size, "%zx\r\n", chunk.size());
    return Send(std::string_view(size, static_cast<size_t>(n))) && Send(chunk) && Send("\r\n");
  }
  // The last chunk; false if the body did not get through whole.
  bool Finish() { return !failed_ && Send("0\r\n\r\n"); }

 private:
  bool Send(std::string_view data) {
    while (!data.empty() && !failed_) {
      ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n > 0) {
        data.remove_prefix(static_cast<size_t>(n));
      } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        pollfd ready{fd_, POLLOUT, 0};
        if (::poll(&ready, 1, static_cast<int>(stall_.count())) <= 0) failed_ = true;
      } else if (!(n < 0 && errno == EINTR)) {
        failed_ = true;
      }
    }
    return !failed_;
  }

  int fd_;
  std::chrono::milliseconds stall_;
  bool failed_ = false;
};

BeastResponse ToBeastOrInternalError(Response&& response, unsigned version, bool keep_alive) {
  if (response.status < 200 || response.status > 599) {
    spdlog::error("Handler returned invalid HTTP status {}", response.status);
    return ToBeast(InternalError(), version, keep_alive);
  }
  try {
    return ToBeast(std::move(response), version, keep_alive);
  } catch (const std::exception& e) {
    spdlog::error("Cannot encode HTTP response: {}", e.what());
    return ToBeast(InternalError(), version, keep_alive);
  }
}

bool Expects100Continue(const BeastRequest& message) {
  return message.version() >= 11 && beast::iequals(message[bhttp::field::expect], "100-continue");
}

std::string PrintableAddress(const std::string& host, uint16_t port) {
  const bool ipv6 = host.find(':') != std::string::npos;
  return (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

auto LogFailure(const char* what) {
  return [what](std::exception_ptr failure) {
    if (!failure) return;
    try {
      std::rethrow_exception(failure);
    } catch (const std::exception& e) {
      spdlog::error("HTTP server {} failed: {}", what, e.what());
    } catch (...) {
      spdlog::error("HTTP server {} failed with an unknown exception", what);
    }
  };
}

}  // namespace

class Server::Impl {
 public:
  Impl(ServerOptions options, Handler handler)
      : options_(std::move(options)),
        handler_(std::move(handler)),
        pool_(static_cast<size_t>(std::max(options_.worker_threads, 1))) {}
  ~Impl();

  Result<uint16_t> Listen();
  void Every(std::chrono::milliseconds interval, std::function<void()> task);
  void Run();
  void Stop();

 private:
  struct Connection {
    explicit Connection(tcp::socket socket) : stream(std::move(socket)) {}
    beast::tcp_stream stream;
    bool idle = false;  // no request under way, so shutdown may close it at once
  };
  struct PeriodicTask {
    std::chrono::milliseconds interval;
    std::function<void()> task;
    std::optional<asio::steady_timer> timer;
  };

  asio::awaitable<void> Accept();
  asio::awaitable<void> Session(tcp::socket socket, std::string peer);
  // Counts a new connection from `peer` in, or false if it is over a cap.
  bool Admit(const std::string& peer);
  void Forget(const std::string& peer);
  asio::awaitable<Response> CallHandler(const Request& request);
  asio::awaitable<void> Repeat(PeriodicTask& task);
  asio::awaitable<void> CallTask(const PeriodicTask& task);
  void BeginShutdown();
  void Acquire() { ++in_flight_; }
  void Release();

  ServerOptions options_;
  Handler handler_;
  asio::io_context ioc_{1};
  tcp::acceptor acceptor_{ioc_};
  asio::steady_timer grace_timer_{ioc_};
  std::optional<asio::signal_set> signals_;
  std::list<PeriodicTask> tasks_;  // a list: Repeat() holds references
  // Everything below the pool is touched only on the I/O thread, except the atomics.
  std::unordered_set<Connection*> connections_;
  size_t open_connections_ = 0;  // admitted, including those whose session has not started
  std::unordered_map<std::string, size_t> connections_per_address_;  // by AddressKey
  size_t refused_since_log_ = 0;
  std::chrono::steady_clock::time_point last_refusal_log_{};
  int in_flight_ = 0;  // connections plus running periodic tasks
  bool shutting_down_ = false;
  std::atomic<bool> stop_requested_{false};
  std::atomic<bool> running_{false};
  asio::thread_pool pool_;
};

Server::Impl::~Impl() {
  // Normally Run() has drained everything. After a forced stop, handlers may still be running
  // and sessions still suspended in the I/O context; let the handlers finish, then let the
  // sessions unwind on closed sockets so none outlives the members it uses.
  pool_.join();
  stop_requested_ = true;
  shutting_down_ = true;
  error_code ignored;
  acceptor_.close(ignored);
  signals_.reset();
  for (auto& task : tasks_) {
    if (task.timer) task.timer->cancel();
  }
  for (Connection* connection : connections_) connection->stream.close();
  ioc_.restart();
  ioc_.run();
}

Result<uint16_t> Server::Impl::Listen() {
  error_code ec;
  if (acceptor_.is_open()) return acceptor_.local_endpoint(ec).port();
  const std::string where = PrintableAddress(options_.host, options_.port);
  auto fail = [&](const std::string& why) {
    error_code ignored;
    acceptor_.close(ignored);
    return MakeError(ErrorCode::kUnavailable, "Cannot listen on " + where + ": " + why);
  };

  auto address = asio::ip::make_address(options_.host, ec);
  if (ec) {
    tcp::resolver resolver(ioc_);
    auto results = resolver.resolve(options_.host, std::to_string(options_.port), ec);
    if (ec || results.empty()) return fail("invalid host address");
    address = results.begin()->endpoint().address();
  }
  const tcp::endpoint endpoint(address, options_.port);
  acceptor_.open(endpoint.protocol(), ec);
  if (ec) return fail(ec.message());
  // Lets a restarted server bind while old connections sit in TIME_WAIT; a live listener on
  // the same port still makes bind fail.
  acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (ec) return fail(ec.message());
  acceptor_.bind(endpoint, ec);
  if (ec) return fail(ec.message());
  acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return fail(ec.message());
  const auto local = acceptor_.local_endpoint(ec);
  if (ec) return fail(ec.message());
  return local.port();
}

void Server::Impl::Every(std::chrono::milliseconds interval, std::function<void()> task) {
  if (running_) {
    spdlog::error("Server::Every called after Run; task ignored");
    return;
  }
  tasks_.push_back(
      PeriodicTask{std::max(interval, std::chrono::milliseconds(1)), std::move(task), {}});
}

void Server::Impl::Run() {
  if (!acceptor_.is_open()) {
    auto port = Listen();
    if (!port) {
      spdlog::error("{}", port.error().message);
      return;
    }
  }
  running_ = true;
  signals_.emplace(ioc_, SIGINT, SIGTERM);
  signals_->async_wait([this](const error_code& ec, int signal_number) {
    if (ec) return;
    spdlog::info("Received signal {}; stopping", signal_number);
    Stop();
  });
  asio::co_spawn(ioc_, Accept(), LogFailure("accept loop"));
  for (auto& task : tasks_) {
    task.timer.emplace(ioc_);
    asio::co_spawn(ioc_, Repeat(task), LogFailure("periodic task loop"));
  }
  error_code ec;
  spdlog::info("HTTP server listening on {}",
               PrintableAddress(options_.host, acceptor_.local_endpoint(ec).port()));
  ioc_.run();
  signals_.reset();
  spdlog::info("HTTP server stopped");
}

void Server::Impl::Stop() {
  if (stop_requested_.exchange(true)) return;
  asio::post(ioc_, [this] { BeginShutdown(); });
}

void Server::Impl::BeginShutdown() {
  if (shutting_down_) return;
  shutting_down_ = true;
  spdlog::info("HTTP server stopping: {} connection(s) or task(s) in flight", in_flight_);
  error_code ignored;
  acceptor_.close(ignored);
  // Destroying the set restores default signal handling, so a second Ctrl-C kills at once.
  signals_.reset();
  for (auto& task : tasks_) {
    if (task.timer) task.timer->cancel();
  }
  for (Connection* connection : connections_) {
    if (connection->idle) connection->stream.cancel();
  }
  if (in_flight_ == 0) return;
  grace_timer_.expires_after(kShutdownGrace);
  grace_timer_.async_wait([this](const error_code& ec) {
    if (ec) return;
    spdlog::warn("HTTP server: {} connection(s) or task(s) still busy after {} s; giving up",
                 in_flight_, kShutdownGrace.count());
    for (Connection* connection : connections_) connection->stream.close();
    ioc_.stop();
  });
}

void Server::Impl::Release() {
  if (--in_flight_ == 0 && shutting_down_) grace_timer_.cancel();
}

asio::awaitable<void> Server::Impl::Accept() {
  while (true) {
    auto [ec, socket] = co_await acceptor_.async_accept(kUseTuple);
    if (stop_requested_ || !acceptor_.is_open()) break;
    if (ec) {
      // Typically out of file descriptors; retrying at once would spin.
      spdlog::warn("HTTP accept failed: {}", ec.message());
      asio::steady_timer delay(ioc_, kAcceptRetryDelay);
      co_await delay.async_wait(kUseTuple);
      continue;
    }
    error_code peer_ec;
    const auto endpoint = socket.remote_endpoint(peer_ec);
    std::string peer = peer_ec ? std::string() : endpoint.address().to_string();
    if (!Admit(peer)) {
      // Closed unanswered: an answer would cost what the cap is there to save.
      socket.close(peer_ec);
      continue;
    }
    asio::co_spawn(ioc_, Session(std::move(socket), std::move(peer)), LogFailure("session"));
  }
}

bool Server::Impl::Admit(const std::string& peer) {
  const std::string key = AddressKey(peer);
  auto it = connections_per_address_.find(key);
  const size_t from_peer = it == connections_per_address_.end() ? 0 : it->second;
  const bool over_total = open_connections_ >= options_.max_connections;
  const bool over_peer = from_peer >= options_.max_connections_per_address &&
                         !IsTrustedProxy(peer, options_.trusted_proxies);
  if (over_total || over_peer) {
    ++refused_since_log_;
    const auto now = std::chrono::steady_clock::now();
    if (now - last_refusal_log_ >= kRefusalLogInterval) {
      spdlog::warn("HTTP server refused {} connection(s) over the cap ({} open, at most {}; "
                   "{} from {}, at most {} per address)",
                   refused_since_log_, open_connections_, options_.max_connections, from_peer,
                   peer, options_.max_connections_per_address);
      refused_since_log_ = 0;
      last_refusal_log_ = now;
    }
    return false;
  }
  ++open_connections_;
  ++connections_per_address_[key];
  return true;
}

void Server::Impl::Forget(const std::string& peer) {
  --open_connections_;
  auto it = connections_per_address_.find(AddressKey(peer));
  if (it != connections_per_address_.end() && --it->second == 0) connections_per_address_.erase(it);
}

// Sessions all run on the single I/O thread, which serialises them like a strand would; only
// handler calls leave it, for the pool.
asio::awaitable<void> Server::Impl::Session(tcp::socket socket, std::string remote_ip) {
  error_code ec;
  // Responses are written whole, so Nagle would only delay pipelined responses.
  socket.set_option(tcp::no_delay(true), ec);
  Connection connection(std::move(socket));
  beast::tcp_stream& stream = connection.stream;
  connections_.insert(&connection);
  Acquire();
  struct Unregister {
    Impl* impl;
    Connection* connection;
    const std::string& peer;
    ~Unregister() {
      impl->connections_.erase(connection);
      impl->Forget(peer);
      impl->Release();
    }
  } unregister{this, &connection, remote_ip};

  beast::flat_buffer buffer;
  bool first = true;
  while (true) {
    // The first request's clock starts at connect; later ones get idle_timeout to begin, then
    // read_timeout from their first byte.
    if (buffer.size() == 0) {
      if (stop_requested_) break;
      stream.expires_after(first ? options_.read_timeout : options_.idle_timeout);
      connection.idle = true;
      auto [read_ec, n] = co_await stream.async_read_some(buffer.prepare(kFirstReadBytes), kUseTuple);
      connection.idle = false;
      if (read_ec) break;
      buffer.commit(n);
      if (!first) stream.expires_after(options_.read_timeout);
    } else {
      stream.expires_after(options_.read_timeout);
    }
    first = false;

    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(
        std::min<size_t>(options_.max_header_bytes, std::numeric_limits<std::uint32_t>::max())));
    parser.body_limit(options_.max_body_bytes);
    std::tie(ec, std::ignore) = co_await bhttp::async_read_header(stream, buffer, parser, kUseTuple);
    if (!ec && !parser.is_done()) {
      if (Expects100Continue(parser.get())) {
        bhttp::response<bhttp::empty_body> go_on{bhttp::status::continue_, 11};
        std::tie(ec, std::ignore) = co_await bhttp::async_write(stream, go_on, kUseTuple);
        if (ec) break;
      }
      std::tie(ec, std::ignore) = co_await bhttp::async_read(stream, buffer, parser, kUseTuple);
    }
    if (ec) {
      if (auto answer = ReadFailureResponse(ec)) {
        auto out = ToBeast(std::move(*answer), 11, false);
        std::tie(ec, std::ignore) = co_await bhttp::async_write(stream, out, kUseTuple);
        if (ec) break;
        stream.socket().shutdown(tcp::socket::shutdown_send, ec);
        stream.expires_after(kLingerTime);
        connection.idle = true;
        std::array<char, 4096> scratch;
        for (size_t drained = 0; drained < kLingerMaxBytes;) {
          auto [drain_ec, n] = co_await stream.async_read_some(asio::buffer(scratch), kUseTuple);
          if (drain_ec) break;
          drained += n;
        }
      }
      break;
    }

    BeastRequest message = parser.release();
    const bool head = message.method() == bhttp::verb::head;
    const unsigned version = message.version();
    const bool wants_keep_alive = message.keep_alive();
    Response response;
    if (auto request = ToRequest(std::move(message), remote_ip)) {
      if (const std::string* forwarded = request->Header("x-forwarded-for"))
        request->remote_ip = ClientAddress(remote_ip, *forwarded, options_.trusted_proxies);
      stream.expires_never();
      response = co_await asio::co_spawn(pool_.get_executor(), CallHandler(*request),
                                         asio::use_awaitable);
    } else {
      response = JsonMessage(400, "Malformed request target.");
    }

    const bool keep_alive = wants_keep_alive && !stop_requested_;
    auto body_stream = head ? nullptr : std::move(response.stream);
    if (body_stream) response.stream = [](BodyWriter&) {};  // still marks the body as chunked
    auto out = ToBeastOrInternalError(std::move(response), version, keep_alive);
    stream.expires_after(options_.read_timeout);
    if (body_stream && out.chunked()) {
      bhttp::response_serializer<bhttp::string_body> serializer(out);
      std::tie(ec, std::ignore) = co_await bhttp::async_write_header(stream, serializer, kUseTuple);
      if (ec) break;
      stream.expires_never();
      bool whole = co_await asio::co_spawn(
          pool_.get_executor(),
          [&]() -> asio::awaitable<bool> {
            ChunkWriter writer(stream.socket(), options_.read_timeout);
            try {
              body_stream(writer);
            } catch (const std::exception& e) {
              spdlog::error("Streaming a response failed: {}", e.what());
              co_return false;  // no last chunk: the client sees the body cut short
            }
            co_return writer.Finish();
          },
          asio::use_awaitable);
      if (!whole || !keep_alive) {
        stream.socket().shutdown(tcp::socket::shutdown_send, ec);
        break;
      }
      continue;
    }
    if (head) {
      bhttp::response_serializer<bhttp::string_body> serializer(out);
      std::tie(ec, std::ignore) = co_await bhttp::async_write_header(stream, serializer, kUseTuple);
    } else {
      std::tie(ec, std::ignore) = co_await bhttp::async_write(stream, out, kUseTuple);
    }
    if (ec) break;
    if (!keep_alive) {
      stream.socket().shutdown(tcp::socket::shutdown_send, ec);
      break;
    }
  }
}

asio::awaitable<Response> Server::Impl::CallHandler(const Request& request) {
  try {
    co_return handler_(request);
  } catch (const std::exception& e) {
    spdlog::error("Handler failed on {} {}: {}", request.method, request.path, e.what());
  } catch (...) {
    spdlog::error("Handler failed on {} {} with an unknown exception", request.method,
                  request.path);
  }
  co_return InternalError();
}

asio::awaitable<void> Server::Impl::Repeat(PeriodicTask& task) {
  auto next = std::chrono::steady_clock::now() + task.interval;
  while (!stop_requested_) {
    task.timer->expires_at(next);
    auto [ec] = co_await task.timer->async_wait(kUseTuple);
    if (ec || stop_requested_) break;
    Acquire();
    co_await asio::co_spawn(pool_.get_executor(), CallTask(task), asio::use_awaitable);
    Release();
    // Ticks that passed while the task ran are skipped, not run back to back.
    const auto now = std::chrono::steady_clock::now();
    next += task.interval;
    if (next <= now) next += ((now - next) / task.interval + 1) * task.interval;
  }
}

asio::awaitable<void> Server::Impl::CallTask(const PeriodicTask& task) {
  try {
    task.task();
  } catch (const std::exception& e) {
    spdlog::error("Periodic task failed: {}", e.what());
  } catch (...) {
    spdlog::error("Periodic task failed with an unknown exception");
  }
  co_return;
}

Server::Server(ServerOptions options, Handler handler)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler))) {}

Server::~Server() = default;

Result<uint16_t> Server::Listen() { return impl_->Listen(); }

void Server::Every(std::chrono::milliseconds interval, std::function<void()> task) {
  impl_->Every(interval, std::move(task));
}

void Server::Run() { impl_->Run(); }

void Server::Stop() { impl_->Stop(); }

}  // namespace clientele::http
