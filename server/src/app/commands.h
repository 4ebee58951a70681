#pragma once

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/config.h"
#include "core/client_address.h"
#include "core/result.h"
#include "domain/organisations.h"
#include "http/api.h"
#include "jobs/mail_delivery.h"
#include "domain/storage/unit_of_work.h"

// The subcommands of `clientele` and the options they share; main.cc defines the command line.
namespace clientele::app {

inline constexpr int kExitUsage = 2;
inline constexpr int kExitFailure = 1;

std::string EnvOr(const char* name, std::string fallback);
void PrintError(const Error& e);
// Opens the database and applies pending migrations; nullptr (after printing why) on failure.
// `bulk_writes`: see OpenDatabase.
std::unique_ptr<storage::Database> OpenMigrated(const std::string& url, bool bulk_writes = false);

// The platform's mail server and the key for stored secrets: shared by `serve` and `jobs run`.
struct MailOptions {
  std::string smtp_host = EnvOr("CLIENTELE_SMTP_HOST", "");
  int smtp_port = std::atoi(EnvOr("CLIENTELE_SMTP_PORT", "25").c_str());
  std::string smtp_tls = EnvOr("CLIENTELE_SMTP_TLS", "starttls");
  std::string smtp_user = EnvOr("CLIENTELE_SMTP_USER", "");
  std::string smtp_from = EnvOr("CLIENTELE_SMTP_FROM", "");
  std::string secret_key_file = EnvOr("CLIENTELE_SECRET_KEY_FILE", "");
  bool allow_private_mail_servers = IsTrue(EnvOr("CLIENTELE_ALLOW_PRIVATE_MAIL_SERVERS", ""));

  static bool IsTrue(const std::string& v) {
    return v == "1" || v == "true" || v == "yes" || v == "on";
  }

  void AddTo(CLI::App* sub) {
    sub->add_option("--smtp-host", smtp_host,
                    "The platform's mail server, used by organisations without their own "
                    "(env CLIENTELE_SMTP_HOST; password in env CLIENTELE_SMTP_PASSWORD)");
    sub->add_option("--smtp-port", smtp_port, "Its port (env CLIENTELE_SMTP_PORT)")
        ->check(CLI::Range(1, 65535))
        ->capture_default_str();
    sub->add_option("--smtp-tls", smtp_tls, "none, starttls or tls (env CLIENTELE_SMTP_TLS)")
        ->check(CLI::IsMember({"none", "starttls", "tls"}))
        ->capture_default_str();
    sub->add_option("--smtp-user", smtp_user, "Its login (env CLIENTELE_SMTP_USER)");
    sub->add_option("--smtp-from", smtp_from, "Default sender address (env CLIENTELE_SMTP_FROM)");
    sub->add_option("--secret-key-file", secret_key_file,
                    "Key that seals stored secrets such as SMTP passwords; created if missing "
                    "(env CLIENTELE_SECRET_KEY_FILE; default: secret.key beside the database)");
    sub->add_flag("--allow-private-mail-servers", allow_private_mail_servers,
                  "Let organisations use mail servers on loopback, private or link-local "
                  "addresses (env CLIENTELE_ALLOW_PRIVATE_MAIL_SERVERS=1); by default only "
                  "public addresses are accepted and connected to");
  }

  Result<jobs::MailConfig> Build(const std::string& database) const {
    jobs::MailConfig config;
    config.allow_private_mail_servers = allow_private_mail_servers;
    TRY(config.secret_key,
        LoadSecretKey(secret_key_file.empty() ? DefaultSecretKeyFile(database) : secret_key_file));
    if (!smtp_host.empty()) {
      mail::SmtpSettings s;
      s.host = smtp_host;
      s.port = smtp_port;
      s.tls = smtp_tls == "none" ? mail::TlsMode::kNone
              : smtp_tls == "tls" ? mail::TlsMode::kImplicit
                                  : mail::TlsMode::kStartTls;
      s.username = smtp_user;
      s.password = EnvOr("CLIENTELE_SMTP_PASSWORD", "");
      s.from_address = smtp_from;
      s.allow_private_addresses = true;  // the operator's own choice
      config.platform = s;
    }
    return config;
  }
};

// Caps on open connections and request rates, and which peers may name the client in
// X-Forwarded-For.
struct ConnectionOptions {
  size_t max_connections = static_cast<size_t>(
      std::atoll(EnvOr("CLIENTELE_MAX_CONNECTIONS", "1000").c_str()));
  size_t max_per_address = static_cast<size_t>(
      std::atoll(EnvOr("CLIENTELE_MAX_CONNECTIONS_PER_ADDRESS", "100").c_str()));
  // Requests per second (the refill of each token bucket; the burst keeps its proportion to
  // it: http/api.h). Sign-in requests keep their own fixed limit.
  double requests_per_person = std::atof(
      EnvOr("CLIENTELE_REQUESTS_PER_PERSON", std::to_string(http::kRequestsPerPerson.per_second))
          .c_str());
  double requests_per_address = std::atof(
      EnvOr("CLIENTELE_REQUESTS_PER_ADDRESS", std::to_string(http::kRequestsPerAddress.per_second))
          .c_str());
  std::vector<std::string> trusted_proxies;

  http::RequestLimits Limits() const {
    http::RequestLimits limits;
    limits.per_person = ScaledTo(http::kRequestsPerPerson, requests_per_person);
    limits.per_address = ScaledTo(http::kRequestsPerAddress, requests_per_address);
    return limits;
  }
  static Rate ScaledTo(Rate base, double per_second) {
    return {base.burst * per_second / base.per_second, per_second};
  }

  void AddTo(CLI::App* sub) {
    sub->add_option("--max-connections", max_connections,
                    "Open connections at most; more are closed at once (env "
                    "CLIENTELE_MAX_CONNECTIONS)")
        ->check(CLI::Range(1, 1'000'000))
        ->capture_default_str();
    sub->add_option("--max-connections-per-address", max_per_address,
                    "Open connections per client address (IPv6: per /64) at most; trusted proxies "
                    "are exempt (env CLIENTELE_MAX_CONNECTIONS_PER_ADDRESS)")
        ->check(CLI::Range(1, 1'000'000))
        ->capture_default_str();
    sub->add_option("--requests-per-person", requests_per_person,
                    "Authenticated requests per second of one person (while acting: of the staff "
                    "member), after a burst of 15 seconds' worth; more answer 429 (env "
                    "CLIENTELE_REQUESTS_PER_PERSON)")
        ->check(CLI::Range(0.1, 1e9))
        ->capture_default_str();
    sub->add_option("--requests-per-address", requests_per_address,
                    "Requests per second of one client address, after a burst of 12 seconds' "
                    "worth; more answer 429 (env CLIENTELE_REQUESTS_PER_ADDRESS)")
        ->check(CLI::Range(0.1, 1e9))
        ->capture_default_str();
    std::string env = EnvOr("CLIENTELE_TRUSTED_PROXIES", "");
    for (size_t start = 0; start < env.size();) {
      size_t comma = env.find(',', start);
      if (comma == std::string::npos) comma = env.size();
      std::string item = env.substr(start, comma - start);
      std::erase(item, ' ');
      if (!item.empty()) trusted_proxies.push_back(item);
      start = comma + 1;
    }
    sub->add_option("--trusted-proxy", trusted_proxies,
                    "Address of a reverse proxy whose X-Forwarded-For header names the client; "
                    "repeat for several (env CLIENTELE_TRUSTED_PROXIES, comma-separated; default "
                    "none: the header is ignored)")
        ->check([](const std::string& v) {
          return IsIpAddress(v) ? std::string() : "not an IP address: " + v;
        });
  }
};

int Serve(const std::string& database, const std::string& listen, int jobs_interval, int workers,
          const std::string& web_root, const MailOptions& mail_options, std::string public_url,
          const ConnectionOptions& connection_options);
int Migrate(const std::string& database);
int CreateReseller(const std::string& database, const NewReseller& request, bool as_json);
int RunJobs(const std::string& database, const std::string& now_text,
            const MailOptions& mail_options);
int ListOrganisations(const std::string& database, bool as_json);
int SetOrganisation(const std::string& database, int64_t org, std::optional<int> trial_days,
                    std::optional<int> days_to_deleted, std::optional<int> max_trial_days,
                    std::optional<int> max_days_to_deleted);
int SetAccountDays(const std::string& database, int64_t org, int64_t client,
                   std::optional<int> days);
int SetPlatform(const std::string& database, int grace_days);
int Demo(const std::string& database, const std::string& email, const std::string& password);

// `import accounts`: the file (or "-" for standard input), its format ("jsonl", "csv", or empty:
// by the file name), and the organisation by id or by its Reseller's e-mail.
struct ImportCommand {
  std::string file;
  std::string format;
  std::optional<int64_t> org;
  std::string reseller_email;
  bool dry_run = false;
  bool as_json = false;
  size_t batch_size = 10000;
};
// Exit status of an import that read the whole file but refused some of its records.
inline constexpr int kExitSomeRecordsFailed = 3;
int ImportAccounts(const std::string& database, const ImportCommand& command);

}  // namespace clientele::app
