#include "http/server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdlib>
#include <future>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>

#include <gtest/gtest.h>

namespace clientele::http {
namespace {

using namespace std::chrono_literals;

constexpr auto kWait = 5s;  // upper bound for anything that should happen promptly

struct RawResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;

  bool Has(const std::string& name) const { return headers.contains(name); }
  std::string Get(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

// A blocking socket with timeouts, so a misbehaving server fails a test instead of hanging it.
class Client {
 public:
  explicit Client(uint16_t port) : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
    timeval timeout{static_cast<time_t>(kWait.count()), 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  }
  ~Client() { close(fd_); }
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  bool connected() const { return connected_; }

  bool Send(std::string_view data) {
    while (!data.empty()) {
      ssize_t n = send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }

  // nullopt if the connection ends or times out before a whole response arrives.
  std::optional<RawResponse> Read(bool head_request = false) {
    size_t header_end;
    while ((header_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (!Fill()) return std::nullopt;
    }
    RawResponse response;
    std::string head = buffer_.substr(0, header_end);
    buffer_.erase(0, header_end + 4);
    size_t line_end = head.find("\r\n");
    std::string status_line = head.substr(0, line_end);
    if (status_line.rfind("HTTP/1.", 0) != 0 || status_line.size() < 12) return std::nullopt;
    response.status = std::atoi(status_line.c_str() + 9);
    while (line_end != std::string::npos) {
      size_t start = line_end + 2;
      line_end = head.find("\r\n", start);
      std::string line = head.substr(start, line_end == std::string::npos ? line_end : line_end - start);
      size_t colon = line.find(':');
      if (colon == std::string::npos) continue;
      std::string name = line.substr(0, colon);
      std::transform(name.begin(), name.end(), name.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      response.headers[name] = line.substr(line.find_first_not_of(' ', colon + 1));
    }
    if (head_request || !response.Has("content-length")) return response;
    const size_t length = std::stoul(response.Get("content-length"));
    while (buffer_.size() < length) {
      if (!Fill()) return std::nullopt;
    }
    response.body = buffer_.substr(0, length);
    buffer_.erase(0, length);
    return response;
  }

  // True if the server closes the connection without sending anything more.
  bool ReadsEof() {
    char c;
    return buffer_.empty() && recv(fd_, &c, 1, 0) == 0;
  }

 private:
  bool Fill() {
    char chunk[4096];
    ssize_t n = recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buffer_.append(chunk, static_cast<size_t>(n));
    return true;
  }

  int fd_;
  bool connected_ = false;
  std::string buffer_;
};

ServerOptions TestOptions() {
  ServerOptions options;
  options.port = 0;
  options.max_body_bytes = 1024;
  options.max_header_bytes = 1024;
  options.read_timeout = 5s;
  options.idle_timeout = 5s;
  options.worker_threads = 2;
  return options;
}

// Describes the request in plain text, one fact per line.
Response Echo(const Request& request) {
  if (request.path == "/throw") throw std::runtime_error("boom");
  Response response;
  if (request.path == "/empty") {
    response.status = 204;
    response.body = "dropped";
    return response;
  }
  response.content_type = "text/plain";
  response.SetHeader("X-Echo", "yes");
  std::string& out = response.body;
  out += "method=" + request.method + "\n";
  out += "target=" + request.target + "\n";
  out += "path=" + request.path + "\n";
  out += "query=" + request.query + "\n";
  for (const auto& [key, value] : request.query_params) out += "param " + key + "=" + value + "\n";
  if (const std::string* dup = request.Header("x-dup")) out += "x-dup=" + *dup + "\n";
  out += "remote=" + request.remote_ip + "\n";
  out += "body=" + request.body + "\n";
  return response;
}

class RunningServer {
 public:
  explicit RunningServer(Handler handler, ServerOptions options = TestOptions())
      : server_(std::move(options), std::move(handler)) {
    auto port = server_.Listen();
    if (!port) {
      ADD_FAILURE() << port.error().message;
      return;
    }
    port_ = *port;
    thread_ = std::thread([this] { server_.Run(); });
  }
  ~RunningServer() {
    server_.Stop();
    if (thread_.joinable()) thread_.join();
  }

  uint16_t port() const { return port_; }
  Server& server() { return server_; }
  void Join() { thread_.join(); }

 private:
  Server server_;
  uint16_t port_ = 0;
  std::thread thread_;
};

TEST(ServerTest, GetEchoesDecodedPathQueryAndHeaders) {
  RunningServer server(Echo);
  Client client(server.port());
  ASSERT_TRUE(client.connected());
  ASSERT_TRUE(client.Send(
      "GET /caf%C3%A9/a%20b?x=1&name=Ann+Lee&q=a%26b&flag HTTP/1.1\r\nHost: test\r\n"
      "X-Dup: one\r\nx-dup: two\r\nConnection: close\r\n\r\n"));
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->Get("content-type"), "text/plain");
  EXPECT_EQ(response->Get("x-echo"), "yes");
  EXPECT_EQ(response->Get("connection"), "close");
  EXPECT_EQ(response->body,
            "method=GET\n"
            "target=/caf%C3%A9/a%20b?x=1&name=Ann+Lee&q=a%26b&flag\n"
            "path=/café/a b\n"
            "query=x=1&name=Ann+Lee&q=a%26b&flag\n"
            "param x=1\n"
            "param name=Ann Lee\n"
            "param q=a&b\n"
            "param flag=\n"
            "x-dup=one, two\n"
            "remote=127.0.0.1\n"
            "body=\n");
  EXPECT_TRUE(client.ReadsEof());
}

TEST(ServerTest, PostBodyReachesHandler) {
  RunningServer server(Echo);
  Client client(server.port());
  ASSERT_TRUE(client.Send(
      "POST /items HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
      "Content-Length: 13\r\n\r\n{\"name\":\"x\"}\n"));
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_NE(response->body.find("method=POST\n"), std::string::npos);
  EXPECT_NE(response->body.find("body={\"name\":\"x\"}\n\n"), std::string::npos);
}

TEST(ServerTest, ChunkedBodyReachesHandler) {
  RunningServer server(Echo);
  Client client(server.port());
  ASSERT_TRUE(client.Send(
      "POST /items HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n"
      "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"));
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_NE(response->body.find("body=abcde\n"), std::string::npos);
}

TEST(ServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  RunningServer server(Echo);
  Client client(server.port());
  ASSERT_TRUE(client.Send("GET /first HTTP/1.1\r\nHost: test\r\n\r\n"));
  auto first = client.Read();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 200);
  EXPECT_FALSE(first->Has("connection"));
  EXPECT_NE(first->body.find("path=/first\n"), std::string::npos);

  // HEAD gets the headers GET would, but no body: the next response must parse cleanly.
  ASSERT_TRUE(client.Send("HEAD /second HTTP/1.1\r\nHost: test\r\n\r\n"));
  auto second = client.Read(/*head_request=*/true);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->status, 200);
  EXPECT_GT(std::stoul(second->Get("content-length")), 0u);

  // Pipelined: both requests arrive in one write.
  ASSERT_TRUE(client.Send("GET /third HTTP/1.1\r\nHost: test\r\n\r\n"
                          "GET /fourth HTTP/1.1\r\nHost: test\r\n\r\n"));
  auto third = client.Read();
  auto fourth = client.Read();
  ASSERT_TRUE(third && fourth);
  EXPECT_NE(third->body.find("path=/third\n"), std::string::npos);
  EXPECT_NE(fourth->body.find("path=/fourth\n"), std::string::npos);
}

TEST(ServerTest, Http10ClosesUnlessAskedToKeepAlive) {
  RunningServer server(Echo);
  Client client(server.port());
  ASSERT_TRUE(client.Send("GET /old HTTP/1.0\r\n\r\n"));
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_TRUE(client.ReadsEof());
}

TEST(ServerTest, NoContentHasNoBodyOrContentType) {
  RunningServer server(Echo);
  Client client(server.port());
  ASSERT_TRUE(client.Send("DELETE /empty HTTP/1.1\r\nHost: test\r\n\r\n"
                          "GET /after HTTP/1.1\r\nHost: test\r\n\r\n"));
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 204);
  EXPECT_FALSE(response->Has("content-type"));
  EXPECT_FALSE(response->Has("content-length"));
  auto after = client.Read();
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 200);
  EXPECT_NE(after->body.find("path=/after\n"), std::string::npos);
}

TEST(ServerTest, OversizeBodyGets413) {
  RunningServer server(Echo);
  Client client(server.port());
  ASSERT_TRUE(client.Send("POST /items HTTP/1.1\r\nHost: test\r\nContent-Length: 5000\r\n\r\n" +
                          std::string(5000, 'x')));
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 413);
  EXPECT_EQ(response->Get("content-type"), "application/json");
  EXPECT_EQ(response->body, R"({"message":"Request body is too large."})");
  EXPECT_TRUE(client.ReadsEof());
}

TEST(ServerTest, OversizeHeadersGet431) {
  RunningServer server(Echo);
  Client client(server.port());
  ASSERT_TRUE(client.Send("GET / HTTP/1.1\r\nHost: test\r\nX-Big: " + std::string(5000, 'a') +
                          "\r\n\r\n"));
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 431);
  EXPECT_EQ(response->body, R"({"message":"Request headers are too large."})");
  EXPECT_TRUE(client.ReadsEof());
}

TEST(ServerTest, GarbageGets400) {
  RunningServer server(Echo);
  Client client(server.port());
  ASSERT_TRUE(client.Send("\x16\x03\x01 this is not http\r\n\r\n"));
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400);
  EXPECT_EQ(response->body, R"({"message":"Malformed HTTP request."})");
  EXPECT_TRUE(client.ReadsEof());
}

TEST(ServerTest, InvalidTargetGets400) {
  RunningServer server(Echo);
  Client client(server.port());
  ASSERT_TRUE(client.Send("GET /bad%zz HTTP/1.1\r\nHost: test\r\n\r\n"));
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400);
  EXPECT_EQ(response->body, R"({"message":"Malformed request target."})");
}

TEST(ServerTest, ThrowingHandlerGets500AndConnectionSurvives) {
  RunningServer server(Echo);
  Client client(server.port());
  ASSERT_TRUE(client.Send("GET /throw HTTP/1.1\r\nHost: test\r\n\r\n"));
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 500);
  EXPECT_EQ(response->body, R"({"message":"Internal server error."})");
  ASSERT_TRUE(client.Send("GET /fine HTTP/1.1\r\nHost: test\r\n\r\n"));
  auto next = client.Read();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->status, 200);
}

TEST(ServerTest, SlowHandlerDoesNotBlockOtherConnections) {
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  RunningServer server([&](const Request& request) {
    if (request.path == "/slow") released.wait_for(kWait);
    return Echo(request);
  });
  Client slow(server.port());
  ASSERT_TRUE(slow.Send("GET /slow HTTP/1.1\r\nHost: test\r\n\r\n"));
  Client fast(server.port());
  ASSERT_TRUE(fast.Send("GET /fast HTTP/1.1\r\nHost: test\r\n\r\n"));
  auto fast_response = fast.Read();
  ASSERT_TRUE(fast_response);
  EXPECT_EQ(fast_response->status, 200);
  release.set_value();
  auto slow_response = slow.Read();
  ASSERT_TRUE(slow_response);
  EXPECT_EQ(slow_response->status, 200);
}

TEST(ServerTest, StopBeforeRunMakesRunReturn) {
  Server server(TestOptions(), Echo);
  ASSERT_TRUE(server.Listen());
  server.Stop();
  server.Stop();
  server.Run();  // returns at once; a hang here is the failure
}

TEST(ServerTest, StopClosesIdleConnectionsAndFinishesRequestsInFlight) {
  std::promise<void> entered;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  RunningServer server([&](const Request& request) {
    if (request.path == "/slow") {
      entered.set_value();
      released.wait_for(kWait);
    }
    return Echo(request);
  });

  Client idle(server.port());
  ASSERT_TRUE(idle.Send("GET /warmup HTTP/1.1\r\nHost: test\r\n\r\n"));
  ASSERT_TRUE(idle.Read());
  Client busy(server.port());
  ASSERT_TRUE(busy.Send("GET /slow HTTP/1.1\r\nHost: test\r\n\r\n"));
  ASSERT_EQ(entered.get_future().wait_for(kWait), std::future_status::ready);

  server.server().Stop();
  EXPECT_TRUE(idle.ReadsEof());
  release.set_value();
  auto response = busy.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->Get("connection"), "close");
  EXPECT_TRUE(busy.ReadsEof());
  server.Join();  // Run() returned
}

TEST(ServerTest, SigtermMakesRunReturn) {
  RunningServer server(Echo);
  {
    Client client(server.port());
    ASSERT_TRUE(client.Send("GET / HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n"));
    ASSERT_TRUE(client.Read());  // Run() is serving, so its signal handling is in place
  }
  ASSERT_EQ(kill(getpid(), SIGTERM), 0);
  server.Join();
}

TEST(ServerTest, ListenReportsAddressInUse) {
  RunningServer first(Echo);
  ServerOptions options = TestOptions();
  options.port = first.port();
  Server second(options, Echo);
  auto port = second.Listen();
  ASSERT_FALSE(port);
  EXPECT_EQ(port.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(port.error().message.find("127.0.0.1:" + std::to_string(first.port())),
            std::string::npos)
      << port.error().message;
}

TEST(ServerTest, EveryRunsTaskRepeatedlyButNeverTwiceAtOnce) {
  std::mutex mutex;
  std::condition_variable changed;
  int runs = 0;
  std::atomic<int> running{0};
  std::atomic<int> max_running{0};
  Server server(TestOptions(), Echo);
  ASSERT_TRUE(server.Listen());
  server.Every(1ms, [&] {
    int now_running = ++running;
    max_running = std::max(max_running.load(), now_running);
    std::this_thread::sleep_for(5ms);  // several ticks pass meanwhile
    --running;
    std::lock_guard lock(mutex);
    ++runs;
    changed.notify_all();
    if (runs == 1) throw std::runtime_error("first run fails; later runs still happen");
  });
  std::thread thread([&] { server.Run(); });
  {
    std::unique_lock lock(mutex);
    EXPECT_TRUE(changed.wait_for(lock, kWait, [&] { return runs >= 3; }));
  }
  server.Stop();
  thread.join();
  EXPECT_EQ(max_running.load(), 1);
}

}  // namespace
}  // namespace clientele::http
