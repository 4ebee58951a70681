#include "mail/smtp/smtp_mailer.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <map>
#include <mutex>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "mail/smtp/smtp_test_support.h"

namespace clientele::mail {
namespace {

// ---------------------------------------------------------------------------------------------
// A minimal SMTP server on 127.0.0.1, one thread per connection.

struct Received {
  std::string mail_from;
  std::vector<std::string> rcpt_to;
  std::string data;  // dot-unstuffed, without the final "."
  std::string auth_mechanism, auth_user, auth_password;
};

struct ServerOptions {
  bool greet = true;            // false: accept and say nothing (timeouts)
  bool advertise_auth = false;  // "AUTH PLAIN LOGIN"
  std::string auth_mechanisms = "PLAIN LOGIN";
  std::string auth_reply = "235 2.7.0 Authentication successful";
  std::string mail_reply = "250 2.1.0 OK";
  std::string rcpt_reply = "250 2.1.5 OK";
  std::string data_end_reply = "250 2.0.0 Queued";
};

class FakeSmtpServer {
 public:
  explicit FakeSmtpServer(ServerOptions options = {}) : options_(std::move(options)) {
    listen_fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    EXPECT_EQ(bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    EXPECT_EQ(listen(listen_fd_, 16), 0);
    socklen_t len = sizeof addr;
    getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    acceptor_ = std::thread([this] { AcceptLoop(); });
  }

  ~FakeSmtpServer() {
    stop_ = true;
    acceptor_.join();
    for (auto& t : sessions_) t.join();
    close(listen_fd_);
  }

  int port() const { return port_; }
  int connections() const { return connections_; }
  std::vector<Received> received() {
    std::lock_guard lock(mu_);
    return received_;
  }

 private:
  void AcceptLoop() {
    while (!stop_) {
      pollfd p{listen_fd_, POLLIN, 0};
      if (poll(&p, 1, 20) <= 0) continue;
      int fd = accept(listen_fd_, nullptr, nullptr);
      if (fd < 0) continue;
      ++connections_;
      sessions_.emplace_back([this, fd] {
        Session(fd);
        close(fd);
      });
    }
  }

  // Next CRLF-terminated line (without CRLF); false on EOF, error or shutdown.
  bool ReadLine(int fd, std::string& buffer, std::string& line) {
    while (true) {
      size_t eol = buffer.find("\r\n");
      if (eol != std::string::npos) {
        line = buffer.substr(0, eol);
        buffer.erase(0, eol + 2);
        return true;
      }
      pollfd p{fd, POLLIN, 0};
      if (stop_) return false;
      if (poll(&p, 1, 20) <= 0) continue;
      char chunk[4096];
      ssize_t n = recv(fd, chunk, sizeof chunk, 0);
      if (n <= 0) return false;
      buffer.append(chunk, size_t(n));
    }
  }

  static void Reply(int fd, const std::string& text) {
    std::string line = text + "\r\n";
    (void)send(fd, line.data(), line.size(), MSG_NOSIGNAL);
  }

  static bool StartsWithNoCase(const std::string& line, std::string_view prefix) {
    if (line.size() < prefix.size()) return false;
    for (size_t i = 0; i < prefix.size(); ++i)
      if (std::toupper(static_cast<unsigned char>(line[i])) != prefix[i]) return false;
    return true;
  }

  void Session(int fd) {
    if (!options_.greet) {
      while (!stop_) std::this_thread::sleep_for(std::chrono::milliseconds(10));
      return;
    }
    Reply(fd, "220 fake.test ESMTP ready");
    std::string buffer, line;
    Received current;
    while (ReadLine(fd, buffer, line)) {
      if (StartsWithNoCase(line, "EHLO")) {
        Reply(fd, "250-fake.test");
        if (options_.advertise_auth) Reply(fd, "250-AUTH " + options_.auth_mechanisms);
        Reply(fd, "250 8BITMIME");
      } else if (StartsWithNoCase(line, "HELO")) {
        Reply(fd, "250 fake.test");
      } else if (StartsWithNoCase(line, "AUTH PLAIN")) {
        std::string response = line.size() > 11 ? line.substr(11) : "";
        if (response.empty()) {
          Reply(fd, "334 ");
          if (!ReadLine(fd, buffer, response)) return;
        }
        std::string decoded = DecodeBase64(response);  // authzid \0 user \0 password
        size_t first = decoded.find('\0');
        size_t second = decoded.find('\0', first + 1);
        current.auth_mechanism = "PLAIN";
        current.auth_user = decoded.substr(first + 1, second - first - 1);
        current.auth_password = decoded.substr(second + 1);
        Reply(fd, options_.auth_reply);
      } else if (StartsWithNoCase(line, "AUTH LOGIN")) {
        std::string user, password;
        Reply(fd, "334 VXNlcm5hbWU6");
        if (!ReadLine(fd, buffer, user)) return;
        Reply(fd, "334 UGFzc3dvcmQ6");
        if (!ReadLine(fd, buffer, password)) return;
        current.auth_mechanism = "LOGIN";
        current.auth_user = DecodeBase64(user);
        current.auth_password = DecodeBase64(password);
        Reply(fd, options_.auth_reply);
      } else if (StartsWithNoCase(line, "MAIL FROM:")) {
        current.mail_from = line.substr(10);
        Reply(fd, options_.mail_reply);
      } else if (StartsWithNoCase(line, "RCPT TO:")) {
        current.rcpt_to.push_back(line.substr(8));
        Reply(fd, options_.rcpt_reply);
      } else if (StartsWithNoCase(line, "DATA")) {
        Reply(fd, "354 End data with <CR><LF>.<CR><LF>");
        std::string data;
        while (true) {
          if (!ReadLine(fd, buffer, line)) return;
          if (line == ".") break;
          if (!line.empty() && line[0] == '.') line.erase(0, 1);
          data += line + "\r\n";
        }
        current.data = data;
        Reply(fd, options_.data_end_reply);
        if (options_.data_end_reply[0] == '2') {
          std::lock_guard lock(mu_);
          received_.push_back(current);
        }
        current = Received{current.mail_from,    {}, {}, current.auth_mechanism, current.auth_user,
                           current.auth_password};
      } else if (StartsWithNoCase(line, "RSET")) {
        current.rcpt_to.clear();
        Reply(fd, "250 OK");
      } else if (StartsWithNoCase(line, "NOOP")) {
        Reply(fd, "250 OK");
      } else if (StartsWithNoCase(line, "QUIT")) {
        Reply(fd, "221 Bye");
        return;
      } else {
        Reply(fd, "502 5.5.2 Command not recognized");
      }
    }
  }

  ServerOptions options_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> connections_{0};
  std::thread acceptor_;
  std::vector<std::thread> sessions_;  // touched only by the acceptor thread and the destructor
  std::mutex mu_;
  std::vector<Received> received_;
};

// Port that nobody listens on: bound once by us, then released.
int UnusedPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}
TEST(SmtpMailerTest, SendsMultipartMessageWithHeadersAndDecodableBodies) {
  FakeSmtpServer server;
  FixedClock clock(kNow);
  SmtpMailer mailer(clock);
  SmtpSettings settings = Settings(server.port());
  settings.from_name = "Brände GmbH";
  Message m;
  m.to_address = "anna@example.com";
  m.to_name = "Anna Müller";
  m.subject = "Пробный период CDN начался";
  std::string long_line(200, 'x');
  m.text_body =
      "Grüße,\n.a line starting with a dot\n..two dots\n" + long_line + "\ntrailing space \nend";
  m.html_body = "<p>Grüße, <b>Anna</b> &amp; co = 1</p>\n";

  ASSERT_TRUE(mailer.Send(settings, m).ok());
  auto received = server.received();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].mail_from, "<noreply@brand.example>");
  EXPECT_EQ(received[0].rcpt_to, std::vector<std::string>{"<anna@example.com>"});

  Part whole = ParsePart(received[0].data);
  EXPECT_EQ(whole.headers["date"], "Fri, 27 Nov 2026 04:19:03 +0000");
  EXPECT_EQ(DecodeHeader(whole.headers["from"]), "Brände GmbH <noreply@brand.example>");
  EXPECT_EQ(DecodeHeader(whole.headers["to"]), "Anna Müller <anna@example.com>");
  EXPECT_EQ(DecodeHeader(whole.headers["subject"]), m.subject);
  EXPECT_TRUE(std::regex_match(whole.headers["message-id"], std::regex("<[0-9a-f]{32}@clientele>")))
      << whole.headers["message-id"];
  EXPECT_EQ(whole.headers["mime-version"], "1.0");
  EXPECT_EQ(whole.headers["content-type"].rfind("multipart/alternative; boundary=", 0), 0u);

  auto parts = SplitMultipart(whole);
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].headers["content-type"], "text/plain; charset=UTF-8");
  EXPECT_EQ(parts[0].headers["content-transfer-encoding"], "quoted-printable");
  EXPECT_EQ(parts[0].Decoded(), "Grüße,\r\n.a line starting with a dot\r\n..two dots\r\n" +
                                    long_line + "\r\ntrailing space \r\nend");
  EXPECT_EQ(parts[1].headers["content-type"], "text/html; charset=UTF-8");
  EXPECT_EQ(parts[1].Decoded(), "<p>Grüße, <b>Anna</b> &amp; co = 1</p>\r\n");

  // Every line within the RFC 5322 recommendation.
  size_t pos = 0;
  while (pos < received[0].data.size()) {
    size_t eol = received[0].data.find("\r\n", pos);
    EXPECT_LE(eol - pos, 78u) << received[0].data.substr(pos, eol - pos);
    pos = eol + 2;
  }
}

TEST(SmtpMailerTest, TextOnlyMessageIsTextPlainAndNonLatinTextIsBase64) {
  FakeSmtpServer server;
  SmtpMailer mailer;
  Message m = Simple("试用期已开始");
  m.text_body = "您好，\n您的试用期已开始。\n";
  m.message_id = "fixed-id.42@brand.example";
  m.extra_headers = {{"Auto-Submitted", "auto-generated"}, {"X-Clientele-Kind", "trial_started"}};
  ASSERT_TRUE(mailer.Send(Settings(server.port()), m).ok());
  auto received = server.received();
  ASSERT_EQ(received.size(), 1u);
  Part whole = ParsePart(received[0].data);
  EXPECT_EQ(whole.headers["content-type"], "text/plain; charset=UTF-8");
  EXPECT_EQ(whole.headers["content-transfer-encoding"], "base64");
  EXPECT_EQ(whole.Decoded(), "您好，\r\n您的试用期已开始。\r\n");
  EXPECT_EQ(DecodeHeader(whole.headers["subject"]), "试用期已开始");
  EXPECT_EQ(whole.headers["message-id"], "<fixed-id.42@brand.example>");
  EXPECT_EQ(whole.headers["auto-submitted"], "auto-generated");
  EXPECT_EQ(whole.headers["x-clientele-kind"], "trial_started");
  EXPECT_FALSE(whole.headers["date"].empty());
}

TEST(SmtpMailerTest, AuthenticatesWithPlain) {
  ServerOptions options;
  options.advertise_auth = true;
  options.auth_mechanisms = "PLAIN";
  FakeSmtpServer server(options);
  SmtpMailer mailer;
  SmtpSettings settings = Settings(server.port());
  settings.username = "mailer@brand.example";
  settings.password = "pa:ss w0rd";
  ASSERT_TRUE(mailer.Send(settings, Simple()).ok());
  auto received = server.received();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].auth_mechanism, "PLAIN");
  EXPECT_EQ(received[0].auth_user, "mailer@brand.example");
  EXPECT_EQ(received[0].auth_password, "pa:ss w0rd");
}

TEST(SmtpMailerTest, AuthenticatesWithLogin) {
  ServerOptions options;
  options.advertise_auth = true;
  options.auth_mechanisms = "LOGIN";
  FakeSmtpServer server(options);
  SmtpMailer mailer;
  SmtpSettings settings = Settings(server.port());
  settings.username = "mailer";
  settings.password = "secret";
  ASSERT_TRUE(mailer.Send(settings, Simple()).ok());
  auto received = server.received();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].auth_mechanism, "LOGIN");
  EXPECT_EQ(received[0].auth_user, "mailer");
  EXPECT_EQ(received[0].auth_password, "secret");
}

TEST(SmtpMailerTest, NoAuthWithoutUsername) {
  ServerOptions options;
  options.advertise_auth = true;
  FakeSmtpServer server(options);
  SmtpMailer mailer;
  ASSERT_TRUE(mailer.Send(Settings(server.port()), Simple()).ok());
  auto received = server.received();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].auth_mechanism, "");
}

struct FailureCase {
  const char* name;
  ServerOptions options;
  ErrorCode expected;
  const char* message_contains;
  SendFailure failure;
  int reply_code;
};

class SmtpMailerFailureTest : public testing::TestWithParam<FailureCase> {};

TEST_P(SmtpMailerFailureTest, MapsServerReplies) {
  const FailureCase& c = GetParam();
  FakeSmtpServer server(c.options);
  SmtpMailer mailer;
  SmtpSettings settings = Settings(server.port());
  settings.username = "mailer";
  settings.password = "Top-Secret-Password";
  SendFailureInfo why;
  Status status = mailer.Send(settings, Simple(), &why);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, c.expected) << status.error().message;
  EXPECT_NE(status.error().message.find(c.message_contains), std::string::npos)
      << status.error().message;
  EXPECT_EQ(SendFailureName(why.failure), SendFailureName(c.failure));
  EXPECT_EQ(why.reply_code, c.reply_code);
  EXPECT_EQ(status.error().message.find("Top-Secret-Password"), std::string::npos);
  EXPECT_EQ(status.error().message.find("VG9wLVNlY3JldC1QYXNzd29yZA"), std::string::npos);
  EXPECT_TRUE(server.received().empty());
}

ServerOptions With(std::string ServerOptions::*field, std::string value, bool auth = false) {
  ServerOptions o;
  o.*field = std::move(value);
  o.advertise_auth = auth;
  return o;
}

INSTANTIATE_TEST_SUITE_P(
    Replies, SmtpMailerFailureTest,
    testing::Values(
        FailureCase{"RecipientRefused",
                    With(&ServerOptions::rcpt_reply, "550 5.1.1 No such user here"),
                    ErrorCode::kInvalidArgument, "550 5.1.1 No such user here",
                    SendFailure::kRecipientRefused, 550},
        FailureCase{"RecipientGreylisted",
                    With(&ServerOptions::rcpt_reply, "451 4.7.1 Greylisted, try later"),
                    ErrorCode::kUnavailable, "451 4.7.1 Greylisted", SendFailure::kRecipientRefused,
                    451},
        FailureCase{"SenderRefused", With(&ServerOptions::mail_reply, "553 5.7.1 Sender denied"),
                    ErrorCode::kInvalidArgument, "refused the sender", SendFailure::kSenderRefused,
                    553},
        FailureCase{"MessageRejected",
                    With(&ServerOptions::data_end_reply, "554 5.7.1 Spam detected"),
                    ErrorCode::kInvalidArgument, "554 5.7.1 Spam detected",
                    SendFailure::kMessageRefused, 554},
        FailureCase{"MessageDeferred",
                    With(&ServerOptions::data_end_reply, "452 4.3.1 Insufficient storage"),
                    ErrorCode::kUnavailable, "452 4.3.1", SendFailure::kMessageRefused, 452},
        FailureCase{"LoginRefused",
                    With(&ServerOptions::auth_reply, "535 5.7.8 Bad credentials", true),
                    ErrorCode::kInvalidArgument, "refused the login", SendFailure::kLogin, 535},
        FailureCase{"LoginDeferred",
                    With(&ServerOptions::auth_reply, "454 4.7.0 Temporary auth failure", true),
                    ErrorCode::kUnavailable, "454", SendFailure::kLogin, 454}),
    [](const testing::TestParamInfo<FailureCase>& param_info) {
      return std::string(param_info.param.name);
    });

TEST(SmtpMailerTest, NobodyListeningIsUnavailable) {
  SmtpMailer mailer;
  SendFailureInfo why;
  Status status = mailer.Send(Settings(UnusedPort()), Simple(), &why);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(why.failure, SendFailure::kConnect);
  EXPECT_NE(status.error().message.find("127.0.0.1"), std::string::npos) << status.error().message;
}

TEST(SmtpMailerTest, SilentServerTimesOutAsUnavailable) {
  ServerOptions options;
  options.greet = false;
  FakeSmtpServer server(options);
  SmtpMailer mailer;
  SmtpSettings settings = Settings(server.port());
  settings.timeout = std::chrono::seconds(1);
  auto start = std::chrono::steady_clock::now();
  SendFailureInfo why;
  Status status = mailer.Send(settings, Simple(), &why);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kUnavailable) << status.error().message;
  EXPECT_EQ(why.failure, SendFailure::kTimeout);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(4));
}

TEST(SmtpMailerTest, TotalTimeoutCapsTheConversation) {
  ServerOptions options;
  options.greet = false;
  FakeSmtpServer server(options);
  SmtpMailer mailer;
  SmtpSettings settings = Settings(server.port());
  settings.timeout = std::chrono::seconds(30);
  settings.total_timeout = std::chrono::seconds(1);
  auto start = std::chrono::steady_clock::now();
  SendFailureInfo why;
  ASSERT_FALSE(mailer.Send(settings, Simple(), &why).ok());
  EXPECT_EQ(why.failure, SendFailure::kTimeout);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(4));
}

TEST(SmtpMailerTest, CancelAbandonsASendInProgress) {
  ServerOptions options;
  options.greet = false;
  FakeSmtpServer server(options);
  SmtpMailer mailer;
  std::atomic<bool> cancel{false};
  SmtpSettings settings = Settings(server.port());
  settings.timeout = std::chrono::seconds(30);
  settings.cancel = &cancel;
  std::thread stopper([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    cancel = true;
  });
  auto start = std::chrono::steady_clock::now();
  SendFailureInfo why;
  Status status = mailer.Send(settings, Simple(), &why);
  stopper.join();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(why.failure, SendFailure::kCancelled);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

// Organisations' mail servers: the address curl is about to connect to is checked, so a
// loopback server is never reached, whether named by its address or by a name.
TEST(SmtpMailerTest, PrivateAddressesAreRefusedBeforeConnecting) {
  FakeSmtpServer server;
  SmtpMailer mailer;
  for (const char* host : {"127.0.0.1", "localhost"}) {
    SmtpSettings settings = Settings(server.port());
    settings.host = host;
    settings.allow_private_addresses = false;
    SendFailureInfo why;
    Status status = mailer.Send(settings, Simple(), &why);
    ASSERT_FALSE(status.ok()) << host;
    EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument) << host;
    EXPECT_EQ(why.failure, SendFailure::kAddressNotAllowed) << host << ": "
                                                           << status.error().message;
  }
  EXPECT_EQ(server.connections(), 0);
  EXPECT_TRUE(server.received().empty());
  SmtpSettings allowed = Settings(server.port());
  EXPECT_TRUE(mailer.Send(allowed, Simple()).ok());
}

TEST(SmtpMailerTest, StartTlsRequiredButNotOffered) {
  FakeSmtpServer server;
  SmtpMailer mailer;
  SmtpSettings settings = Settings(server.port());
  settings.tls = TlsMode::kStartTls;
  SendFailureInfo why;
  Status status = mailer.Send(settings, Simple(), &why);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument) << status.error().message;
  EXPECT_EQ(why.failure, SendFailure::kTls);
  EXPECT_TRUE(server.received().empty());
}

TEST(SmtpMailerTest, RejectsHeaderInjectionBeforeConnecting) {
  FakeSmtpServer server;
  SmtpMailer mailer;
  std::vector<std::pair<std::string, Message>> cases;
  auto add = [&](std::string name, auto mutate) {
    Message m = Simple();
    mutate(m);
    cases.emplace_back(std::move(name), std::move(m));
  };
  add("subject CRLF", [](Message& m) { m.subject = "Hi\r\nBcc: victim@example.com"; });
  add("subject LF", [](Message& m) { m.subject = "Hi\nBcc: victim@example.com"; });
  add("subject CR", [](Message& m) { m.subject = "Hi\rX: y"; });
  add("to name", [](Message& m) { m.to_name = "Anna\r\nBcc: victim@example.com"; });
  add("to address", [](Message& m) { m.to_address = "anna@example.com\r\nRCPT TO:<x@y.z>"; });
  add("to address bracket", [](Message& m) { m.to_address = "anna@example.com>"; });
  add("to address empty", [](Message& m) { m.to_address = ""; });
  add("extra header value", [](Message& m) { m.extra_headers = {{"X-A", "1\r\nBcc: v@x.y"}}; });
  add("extra header name", [](Message& m) { m.extra_headers = {{"X-A: 1\r\nBcc", "v@x.y"}}; });
  add("extra header reserved", [](Message& m) { m.extra_headers = {{"bcc", "v@x.y"}}; });
  add("message id", [](Message& m) { m.message_id = "a@b>\r\nBcc: v@x.y"; });
  for (const auto& [name, m] : cases) {
    Status status = mailer.Send(Settings(server.port()), m);
    ASSERT_FALSE(status.ok()) << name;
    EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument) << name;
  }
  SmtpSettings bad_from = Settings(server.port());
  bad_from.from_name = "Brand\nBcc: v@x.y";
  EXPECT_EQ(mailer.Send(bad_from, Simple()).error().code, ErrorCode::kInvalidArgument);
  bad_from = Settings(server.port());
  bad_from.from_address = "noreply@brand.example\r\nX: y";
  EXPECT_EQ(mailer.Send(bad_from, Simple()).error().code, ErrorCode::kInvalidArgument);
  SmtpSettings bad_host = Settings(server.port());
  bad_host.host = "127.0.0.1/evil";
  EXPECT_EQ(mailer.Send(bad_host, Simple()).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(server.connections(), 0);
}

TEST(SmtpMailerTest, ConcurrentSendsAllArrive) {
  FakeSmtpServer server;
  SmtpMailer mailer;
  constexpr int kThreads = 8;
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      if (mailer.Send(Settings(server.port()), Simple("Message " + std::to_string(i))).ok()) ++ok;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok, kThreads);
  EXPECT_EQ(server.received().size(), size_t(kThreads));
}

}  // namespace
}  // namespace clientele::mail
