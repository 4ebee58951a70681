#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "http/message.h"

namespace clientele::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;                    // 0 = pick a free port
  size_t max_body_bytes = 1 << 20;         // larger bodies get 413
  size_t max_header_bytes = 16 * 1024;     // larger headers get 431
  std::chrono::seconds read_timeout{30};   // whole request must arrive within this
  std::chrono::seconds idle_timeout{60};   // keep-alive idle
  int worker_threads = 4;                  // handlers run here; they may block (DB, argon2)
  // Open connections: beyond either cap a new connection is closed at once, unanswered, so
  // the ones already open keep being served. Trusted proxies have no per-address cap.
  size_t max_connections = 1000;
  size_t max_connections_per_address = 100;  // an IPv6 address counts by its /64
  // Peers whose X-Forwarded-For names the client (core/client_address.h); none by default.
  std::vector<std::string> trusted_proxies;
};

// Called on a worker thread, possibly on several at once, so it must be thread-safe. Exceptions
// it throws are logged and answered with a generic 500.
using Handler = std::function<Response(const Request&)>;

// HTTP/1.1 server: the only code that knows about Beast and Asio. Connections are served on one
// I/O thread; handlers and periodic tasks run on a pool of `worker_threads`, so a slow handler
// never holds up other connections. Malformed or oversized requests are answered (400/413/431)
// without reaching the handler. Request::remote_ip is the client address: the peer, or what a
// trusted proxy forwarded.
//
// Use: Listen(), then Every() as needed, then Run() on one thread; Stop() from anywhere. Destroy
// the Server only after Run() has returned (or if it was never called).
class Server {
 public:
  Server(ServerOptions options, Handler handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens; returns the bound port (useful with port 0). kUnavailable, naming the
  // address, if it is invalid or already in use.
  Result<uint16_t> Listen();

  // Runs `task` on a worker thread every `interval`, starting one interval after Run() begins.
  // Call before Run(). A tick that comes while the previous run is still going is skipped, so
  // one task never runs twice at once. Exceptions are logged.
  void Every(std::chrono::milliseconds interval, std::function<void()> task);

  // Serves until Stop() or SIGINT/SIGTERM (calls Listen() first if needed; logs and returns if
  // that fails). On stop, accepting ends, idle connections close, and requests in flight and
  // running tasks get up to 10 s to finish before Run() returns anyway.
  void Run();

  // Thread-safe and idempotent; also fine before Run(), which then returns promptly.
  void Stop();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace clientele::http
