// clientele: the one binary. Subcommands: serve, migrate, reseller create, jobs run, demo.
#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "app/config.h"
#include "core/client_address.h"
#include "core/time.h"
#include "crypto/crypto.h"
#include "domain/accounts.h"
#include "domain/activity.h"
#include "domain/api_tokens.h"
#include "domain/auth.h"
#include "domain/organisations.h"
#include "domain/deletion.h"
#include "domain/people.h"
#include "domain/presets.h"
#include "domain/products.h"
#include "domain/throttles.h"
#include "domain/vendor_settings.h"
#include "http/api.h"
#include "http/server.h"
#include "jobs/mail_delivery.h"
#include "jobs/outbox_pump.h"
#include "jobs/runner.h"
#include "mail/host_policy.h"
#include "mail/smtp/smtp_mailer.h"

namespace clientele::app {
namespace {

constexpr int kExitUsage = 2;
constexpr int kExitFailure = 1;

std::string EnvOr(const char* name, std::string fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::string(v) : std::move(fallback);
}

void PrintError(const Error& e) {
  std::cerr << "error: " << e.message << "\n";
  for (const auto& [field, messages] : e.fields)
    for (const auto& m : messages) std::cerr << "  " << field << ": " << m << "\n";
}

// Opens the database and applies pending migrations; nullptr (after printing why) on failure.
std::unique_ptr<storage::Database> OpenMigrated(const std::string& url) {
  auto db = OpenDatabase(url);
  if (!db) {
    PrintError(db.error());
    return nullptr;
  }
  auto applied = (*db)->Migrate();
  if (!applied) {
    PrintError(applied.error());
    return nullptr;
  }
  return std::move(*db);
}

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

// Caps on open connections, and which peers may name the client in X-Forwarded-For.
struct ConnectionOptions {
  size_t max_connections = static_cast<size_t>(
      std::atoll(EnvOr("CLIENTELE_MAX_CONNECTIONS", "1000").c_str()));
  size_t max_per_address = static_cast<size_t>(
      std::atoll(EnvOr("CLIENTELE_MAX_CONNECTIONS_PER_ADDRESS", "100").c_str()));
  std::vector<std::string> trusted_proxies;

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

bool SplitListen(const std::string& listen, std::string& host, uint16_t& port) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) return false;
  host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  auto p = ParseInt(listen.substr(colon + 1));
  if (!p || *p < 0 || *p > 65535) return false;
  port = static_cast<uint16_t>(*p);
  return true;
}

int Serve(const std::string& database, const std::string& listen, int jobs_interval, int workers,
          const std::string& web_root, const MailOptions& mail_options, std::string public_url,
          const ConnectionOptions& connection_options) {
  std::string host;
  uint16_t port = 0;
  if (!SplitListen(listen, host, port)) {
    std::cerr << "error: --listen must be HOST:PORT, e.g. 127.0.0.1:8080\n";
    return kExitUsage;
  }
  // The environment skips the options' checks.
  if (connection_options.max_connections < 1 || connection_options.max_per_address < 1) {
    std::cerr << "error: CLIENTELE_MAX_CONNECTIONS and CLIENTELE_MAX_CONNECTIONS_PER_ADDRESS must "
                 "be positive numbers\n";
    return kExitUsage;
  }
  for (const auto& proxy : connection_options.trusted_proxies)
    if (!IsIpAddress(proxy)) {
      std::cerr << "error: trusted proxy is not an IP address: " << proxy << "\n";
      return kExitUsage;
    }
  auto db = OpenMigrated(database);
  if (!db) return kExitFailure;
  auto mail_config = mail_options.Build(database);
  if (!mail_config) {
    PrintError(mail_config.error());
    return kExitFailure;
  }
  if (auto same_key = CheckSecretKey(*db, mail_config->secret_key); !same_key.ok()) {
    PrintError(same_key.error());
    return kExitFailure;
  }
  // The token signing key is sealed with the same secret key as the SMTP passwords.
  auto key = AuthService::LoadSigningKey(*db, mail_config->secret_key);
  if (!key) {
    PrintError(key.error());
    return kExitFailure;
  }
  SystemClock clock;
  mail::SmtpMailer mailer;
  jobs::MailDelivery delivery(*db, mailer, *mail_config);
  // With the timer off (--jobs-interval 0) this instance does no background work at all.
  std::unique_ptr<jobs::OutboxPump> pump;
  if (jobs_interval > 0) pump = std::make_unique<jobs::OutboxPump>(delivery, clock);
  // Pending e-mail bodies are sealed at rest; a commit that queued e-mail wakes the pump.
  storage::OutboxHooks hooks;
  hooks.seal_key = mail_config->secret_key;
  hooks.email_committed = [&pump] {
    if (pump) pump->Wake();
  };
  db->SetOutboxHooks(std::move(hooks));
  AccountService accounts(*db);
  ProductService products(*db);
  MailHostCheck check_mail_host;
  if (!mail_config->allow_private_mail_servers)
    check_mail_host = [](const std::string& name) {
      return mail::CheckMailServerHost(name, std::chrono::seconds(3));
    };
  VendorSettingsService vendor(*db, mail_config->secret_key, check_mail_host);
  AuthService auth(*db, *key);
  // Password hashing (argon2id, ~0.1 s, 64 MiB) may use every worker but one, so other requests
  // always find a worker however many sign-ins arrive.
  auth.LimitPasswordChecks(workers - 1);
  ThrottleService throttles(*db);
  ApiTokenService tokens(*db);
  ActivityService activity(*db);
  PresetService presets(*db);

  http::ServerOptions options;
  options.host = host;
  options.port = port;
  options.worker_threads = workers;
  options.max_connections = connection_options.max_connections;
  options.max_connections_per_address = connection_options.max_per_address;
  options.trusted_proxies = connection_options.trusted_proxies;
  std::unique_ptr<http::Api> api;
  http::Server server(options, [&api](const http::Request& r) { return api->Handle(r); });
  auto bound = server.Listen();
  if (!bound) {
    PrintError(bound.error());
    return kExitFailure;
  }
  std::string shown_host = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  // Links in e-mails point here; behind a proxy, configure the public address.
  if (public_url.empty()) public_url = "http://" + shown_host + ":" + std::to_string(*bound);
  while (!public_url.empty() && public_url.back() == '/') public_url.pop_back();
  PeopleService people(*db, auth, public_url);
  DeletionService deletion(*db);
  http::Services services{accounts, auth,  tokens, activity, presets, people,
                          deletion, products, vendor, delivery, clock, throttles};
  api = std::make_unique<http::Api>(services, web_root);
  if (pump) {
    server.Every(std::chrono::seconds(jobs_interval), [&] {
      auto reports = jobs::RunScheduledWork(*db, clock.Now());
      if (!reports) spdlog::error("scheduled jobs failed: {}", reports.error().message);
      pump->Wake();  // e-mails whose retry time has come
    });
    pump->Start();
  }
  std::cout << "Clientele is listening on http://" << shown_host << ":" << *bound << std::endl;
  spdlog::info("database {}", RedactDatabaseUrl(database));
  if (!web_root.empty()) spdlog::info("serving the portals from {}", web_root);
  server.Run();
  if (pump) pump->Stop();
  spdlog::info("stopped");
  return 0;
}

int Migrate(const std::string& database) {
  auto db = OpenDatabase(database);
  if (!db) {
    PrintError(db.error());
    return kExitFailure;
  }
  auto applied = (*db)->Migrate();
  if (!applied) {
    PrintError(applied.error());
    return kExitFailure;
  }
  std::cout << "Applied " << *applied << " migration(s); the database is up to date.\n";
  return 0;
}

int CreateReseller(const std::string& database, const NewReseller& request, bool as_json) {
  auto db = OpenMigrated(database);
  if (!db) return kExitFailure;
  OrganisationService organisations(*db);
  auto created = organisations.CreateReseller(request, SystemClock().Now());
  if (!created) {
    PrintError(created.error());
    return kExitFailure;
  }
  if (as_json) {
    std::cout << "{\"reseller_id\": " << created->organisation.id.value
              << ", \"user_id\": " << created->user.id.value
              << ", \"client_id\": " << created->client.id.value << "}" << std::endl;
  } else {
    std::cout << "Created organisation " << created->organisation.id.value << " ("
              << created->organisation.name << ").\n  Reseller user " << created->user.id.value
              << " signs in as " << created->user.email << "\n  Own account "
              << created->client.id.value << "\n";
  }
  return 0;
}

int RunJobs(const std::string& database, const std::string& now_text,
            const MailOptions& mail_options) {
  Timestamp now = SystemClock().Now();
  if (!now_text.empty()) {
    auto t = ParseRfc3339(now_text);
    if (!t) {
      std::cerr << "error: --now must be an RFC 3339 time such as 2026-12-01T00:00:00Z\n";
      return kExitUsage;
    }
    now = *t;
  }
  auto db = OpenMigrated(database);
  if (!db) return kExitFailure;
  auto mail_config = mail_options.Build(database);
  if (!mail_config) {
    PrintError(mail_config.error());
    return kExitFailure;
  }
  if (auto same_key = CheckSecretKey(*db, mail_config->secret_key); !same_key.ok()) {
    PrintError(same_key.error());
    return kExitFailure;
  }
  db->SetOutboxHooks({mail_config->secret_key, {}});
  mail::SmtpMailer mailer;
  jobs::MailDelivery delivery(*db, mailer, *mail_config);
  auto reports = jobs::RunDueWork(*db, delivery, now);
  if (!reports) {
    PrintError(reports.error());
    return kExitFailure;
  }
  for (const auto& r : *reports) std::cout << r.job << ": " << r.done << "\n";
  return 0;
}

int ListOrganisations(const std::string& database, bool as_json) {
  auto db = OpenMigrated(database);
  if (!db) return kExitFailure;
  auto orgs = OrganisationService(*db).List();
  if (!orgs) {
    PrintError(orgs.error());
    return kExitFailure;
  }
  for (const auto& o : *orgs) {
    if (as_json)
      std::cout << "{\"id\": " << o.id.value << ", \"trial_days\": " << o.trial_days
                << ", \"days_to_deleted\": " << o.days_to_deleted << "}\n";
    else
      std::cout << o.id.value << "\t" << o.name << "\ttrial " << o.trial_days
                << " days\tdeleted after " << o.days_to_deleted << " days\n";
  }
  return 0;
}

int SetOrganisation(const std::string& database, int64_t org, std::optional<int> trial_days,
                    std::optional<int> days_to_deleted) {
  auto db = OpenMigrated(database);
  if (!db) return kExitFailure;
  auto updated = OrganisationService(*db).SetTiming(OrgId{org}, trial_days, days_to_deleted);
  if (!updated) {
    PrintError(updated.error());
    return kExitFailure;
  }
  std::cout << "Organisation " << updated->id.value << ": trial " << updated->trial_days
            << " days, days to Deleted " << updated->days_to_deleted << ".\n";
  return 0;
}

int SetAccountDays(const std::string& database, int64_t org, int64_t client,
                   std::optional<int> days) {
  auto db = OpenMigrated(database);
  if (!db) return kExitFailure;
  auto st = OrganisationService(*db).SetAccountDaysToDeleted(OrgId{org}, ClientId{client}, days);
  if (!st.ok()) {
    PrintError(st.error());
    return kExitFailure;
  }
  if (days)
    std::cout << "Account " << client << ": days to Deleted " << *days << ".\n";
  else
    std::cout << "Account " << client << ": days to Deleted follow its organisation.\n";
  return 0;
}

// A demo organisation for a first look: created once, then only its sign-in is printed.
int Demo(const std::string& database, const std::string& email, const std::string& password) {
  auto db = OpenMigrated(database);
  if (!db) return kExitFailure;
  OrganisationService organisations(*db);
  auto existing = organisations.List();
  if (!existing) {
    PrintError(existing.error());
    return kExitFailure;
  }
  if (existing->empty()) {
    Timestamp now = SystemClock().Now();
    auto created = organisations.CreateReseller({email, password, "Demo Reseller", "Demo Reseller"}, now);
    if (!created) {
      PrintError(created.error());
      return kExitFailure;
    }
    Caller reseller;
    reseller.org = created->organisation.id;
    reseller.user = created->user.id;
    reseller.type = UserType::kReseller;
    reseller.client = created->client.id;
    AccountService accounts(*db);
    struct Sample {
      const char* email;
      const char* company;
      const char* name;
      const char* lang;
      bool test;
    };
    for (const Sample& s : {Sample{"ops@northwind.example", "Northwind Traders", "Nora Lind", "en", false},
                            Sample{"it@blumenhaus.example", "Blumenhaus GmbH", "Jonas Weber", "de", false},
                            Sample{"qa@demo-reseller.example", "Demo QA (test)", "Quinn Test", "en", true}}) {
      NewAccountRequest r;
      r.email = s.email;
      r.password = crypto::RandomToken(18);  // customers of the demo get no known password
      r.company = s.company;
      r.name = s.name;
      r.lang = s.lang;
      r.is_test = s.test;
      if (auto made = accounts.Create(reseller, r, now); !made) {
        PrintError(made.error());
        return kExitFailure;
      }
    }
    std::cout << "Created the demo organisation.\n";
  }
  return 0;
}

}  // namespace

int Main(int argc, char** argv) {
  auto logger = spdlog::stderr_color_mt("clientele");
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::from_str(EnvOr("CLIENTELE_LOG_LEVEL", "info")));
  if (!crypto::Init()) {
    std::cerr << "error: libsodium failed to initialise\n";
    return kExitFailure;
  }

  CLI::App cli{"Clientele: resellers run their customer business here.\n"
               "Customer accounts, product visibility and lifecycle, users, sellers and the\n"
               "HTTP JSON API behind the Admin Portal and the Customer Portal."};
  cli.require_subcommand(1);
  std::string database = EnvOr("CLIENTELE_DATABASE", DefaultDatabaseUrl());
  auto add_database = [&](CLI::App* sub) {
    sub->add_option("--database", database,
                    "Database URL: sqlite:PATH or postgresql://USER@HOST:PORT/DBNAME "
                    "(env CLIENTELE_DATABASE; default " +
                        DefaultDatabaseUrl() + ")");
  };

  auto* serve = cli.add_subcommand("serve", "Run the HTTP server (applies pending migrations first)");
  std::string listen = EnvOr("CLIENTELE_LISTEN", "127.0.0.1:8080");
  int jobs_interval = 60;
  int workers = 4;
  serve->add_option("--listen", listen, "HOST:PORT to listen on; port 0 picks a free one (env CLIENTELE_LISTEN)")
      ->capture_default_str();
  serve->add_option("--jobs-interval", jobs_interval,
                    "Seconds between runs of due work (e-mail goes out as soon as it is queued); "
                    "0 turns off all background work, timer and e-mail, for `jobs run` elsewhere")
      ->check(CLI::Range(0, 86400))
      ->capture_default_str();
  serve->add_option("--workers", workers, "Threads that run request handlers")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  std::string web_root = EnvOr("CLIENTELE_WEB_ROOT", "");
  serve->add_option("--web-root", web_root,
                    "Directory of the portals' built bundle (web/dist); empty serves the API only "
                    "(env CLIENTELE_WEB_ROOT)");
  MailOptions mail_options;
  mail_options.AddTo(serve);
  ConnectionOptions connection_options;
  connection_options.AddTo(serve);
  std::string public_url = EnvOr("CLIENTELE_PUBLIC_URL", "");
  serve->add_option("--public-url", public_url,
                    "Address the portals are reached at, for links in e-mails (env "
                    "CLIENTELE_PUBLIC_URL; default http://LISTEN)");
  add_database(serve);

  auto* migrate = cli.add_subcommand("migrate", "Apply pending database migrations and exit");
  add_database(migrate);

  auto* reseller = cli.add_subcommand("reseller", "Manage reseller organisations");
  reseller->require_subcommand(1);
  auto* reseller_create = reseller->add_subcommand(
      "create", "Create an organisation, its Reseller user and the reseller's own account");
  NewReseller new_reseller;
  std::string reseller_name;
  bool as_json = false;
  reseller_create->add_option("--email", new_reseller.email, "Sign-in e-mail of the reseller")->required();
  reseller_create->add_option("--password", new_reseller.password, "Sign-in password (8+ characters, not a common one)")->required();
  reseller_create->add_option("--company", new_reseller.company, "Company name of the organisation")->required();
  reseller_create->add_option("--name", reseller_name, "The reseller's own name");
  reseller_create->add_flag("--json", as_json, "Print {\"reseller_id\", \"user_id\", \"client_id\"} as JSON");
  add_database(reseller_create);

  auto* org_cmd = cli.add_subcommand("org", "Platform-operator settings of organisations");
  org_cmd->require_subcommand(1);
  auto* org_list = org_cmd->add_subcommand("list", "List organisations with their lifecycle settings");
  bool org_json = false;
  org_list->add_flag("--json", org_json, "One JSON object per line");
  add_database(org_list);
  auto* org_set = org_cmd->add_subcommand("set", "Set an organisation's trial length and days to Deleted");
  int64_t org_id = 0;
  std::optional<int> trial_days, days_to_deleted;
  org_set->add_option("--id", org_id, "Organisation (reseller) id")->required();
  org_set->add_option("--trial-days", trial_days, "Length of a trial, in days");
  org_set->add_option("--days-to-deleted", days_to_deleted,
                      "Days a product stays in trialend or paused before it is deleted");
  add_database(org_set);

  auto* account_cmd = cli.add_subcommand("account", "Platform-operator settings of one customer account");
  account_cmd->require_subcommand(1);
  auto* account_days = account_cmd->add_subcommand(
      "set-days-to-deleted", "Override the days to Deleted for one account (the reseller can't)");
  int64_t account_org = 0, account_id = 0;
  std::optional<int> account_days_value;
  bool account_days_clear = false;
  account_days->add_option("--org", account_org, "Organisation (reseller) id")->required();
  account_days->add_option("--client", account_id, "Account id")->required();
  auto* days_opt = account_days->add_option("--days", account_days_value, "Days to Deleted for this account");
  auto* clear_opt = account_days->add_flag("--clear", account_days_clear, "Follow the organisation's value again");
  days_opt->excludes(clear_opt);
  add_database(account_days);

  auto* platform_cmd = cli.add_subcommand("platform", "Platform-wide settings");
  platform_cmd->require_subcommand(1);
  auto* platform_set = platform_cmd->add_subcommand("set", "Change platform-wide settings");
  int grace_days = 0;
  platform_set->add_option("--deletion-grace-days", grace_days,
                           "Days between a customer's deletion request and the deletion (default 10)")
      ->required()
      ->check(CLI::Range(1, 365));
  add_database(platform_set);

  auto* jobs = cli.add_subcommand("jobs", "Time-driven work");
  jobs->require_subcommand(1);
  auto* jobs_run = jobs->add_subcommand("run", "Run all due work once and exit");
  std::string now_text;
  jobs_run->add_option("--now", now_text, "Act as if it were this RFC 3339 time (default: the real time)");
  mail_options.AddTo(jobs_run);
  add_database(jobs_run);

  auto* demo = cli.add_subcommand("demo", "Create a demo organisation with sample accounts, unless one exists");
  std::string demo_email = "reseller@demo.example", demo_password = "demo-reseller-2026";
  demo->add_option("--email", demo_email, "Sign-in e-mail of the demo reseller")->capture_default_str();
  demo->add_option("--password", demo_password, "Its password")->capture_default_str();
  add_database(demo);

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e) == 0 ? 0 : kExitUsage;
  }

  if (serve->parsed())
    return Serve(database, listen, jobs_interval, workers, web_root, mail_options, public_url,
                 connection_options);
  if (migrate->parsed()) return Migrate(database);
  if (reseller_create->parsed()) {
    if (!reseller_name.empty()) new_reseller.name = reseller_name;
    return CreateReseller(database, new_reseller, as_json);
  }
  if (jobs_run->parsed()) return RunJobs(database, now_text, mail_options);
  if (platform_set->parsed()) {
    auto db = OpenMigrated(database);
    if (!db) return kExitFailure;
    if (auto st = SetGraceDays(*db, grace_days); !st.ok()) {
      PrintError(st.error());
      return kExitFailure;
    }
    std::cout << "Deletion requests are carried out after " << grace_days << " days.\n";
    return 0;
  }
  if (org_list->parsed()) return ListOrganisations(database, org_json);
  if (org_set->parsed()) {
    if (!trial_days && !days_to_deleted) {
      std::cerr << "error: give --trial-days and/or --days-to-deleted\n";
      return kExitUsage;
    }
    return SetOrganisation(database, org_id, trial_days, days_to_deleted);
  }
  if (account_days->parsed()) {
    if (!account_days_value && !account_days_clear) {
      std::cerr << "error: give --days N or --clear\n";
      return kExitUsage;
    }
    return SetAccountDays(database, account_org, account_id, account_days_value);
  }
  if (demo->parsed()) return Demo(database, demo_email, demo_password);
  return kExitUsage;
}

}  // namespace clientele::app

int main(int argc, char** argv) { return clientele::app::Main(argc, argv); }
