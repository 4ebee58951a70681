// The subcommands of `clientele`: serve, migrate, reseller create, organisation and platform
// settings, jobs run, demo, import accounts.
#include "app/commands.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <malloc.h>
#include <sstream>
#include <thread>

#include "app/config.h"
#include "core/client_address.h"
#include "core/time.h"
#include "crypto/crypto.h"
#include "domain/account_import.h"
#include "domain/account_policy.h"
#include "domain/accounts.h"
#include "domain/activity.h"
#include "domain/api_tokens.h"
#include "domain/attention.h"
#include "domain/auth.h"
#include "domain/organisations.h"
#include "domain/bulk.h"
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

}  // namespace

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
std::unique_ptr<storage::Database> OpenMigrated(const std::string& url, bool bulk_writes) {
  auto db = OpenDatabase(url, bulk_writes);
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

namespace {

// The mail configuration of `serve` and `jobs run`, checked against the key the database was
// first used with; nullopt (after printing why) on failure.
std::optional<jobs::MailConfig> MailConfigFor(storage::Database& db, const std::string& database,
                                              const MailOptions& mail_options) {
  auto mail_config = mail_options.Build(database);
  if (!mail_config) {
    PrintError(mail_config.error());
    return std::nullopt;
  }
  if (auto same_key = CheckSecretKey(db, mail_config->secret_key); !same_key.ok()) {
    PrintError(same_key.error());
    return std::nullopt;
  }
  return std::move(*mail_config);
}

}  // namespace

namespace {

// A server's big allocations are short-lived (a large list's ids and sort keys, a search's
// matches). glibc raises its mmap threshold each time such a block is freed, after which they
// come from the heap and stay resident; and each thread gets an arena of its own. A fixed
// threshold and two arenas give that memory back when the request ends, which keeps resident
// memory close to the account indexes themselves.
void KeepResidentMemoryLow() {
  mallopt(M_MMAP_THRESHOLD, 256 * 1024);
  mallopt(M_TRIM_THRESHOLD, 1024 * 1024);
  mallopt(M_ARENA_MAX, 2);
}

}  // namespace

int Serve(const std::string& database, const std::string& listen, int jobs_interval, int workers,
          const std::string& web_root, const MailOptions& mail_options, std::string public_url,
          const ConnectionOptions& connection_options) {
  KeepResidentMemoryLow();
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
  if (!(connection_options.requests_per_person >= 0.1) ||
      !(connection_options.requests_per_address >= 0.1)) {
    std::cerr << "error: CLIENTELE_REQUESTS_PER_PERSON and CLIENTELE_REQUESTS_PER_ADDRESS must be "
                 "numbers of at least 0.1\n";
    return kExitUsage;
  }
  for (const auto& proxy : connection_options.trusted_proxies)
    if (!IsIpAddress(proxy)) {
      std::cerr << "error: trusted proxy is not an IP address: " << proxy << "\n";
      return kExitUsage;
    }
  auto db = OpenMigrated(database);
  if (!db) return kExitFailure;
  auto mail_config = MailConfigFor(*db, database, mail_options);
  if (!mail_config) return kExitFailure;
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
  MailHostCheck check_mail_host =
      [allow_private = mail_config->allow_private_mail_servers](const std::string& name) {
        return mail::CheckMailServerSetting(name, allow_private, std::chrono::seconds(3));
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
  BulkService bulk(*db);
  AttentionService attention(*db);
  AccountPolicyService policy(*db);
  http::Services services{accounts, auth,      tokens,   activity, presets,
                          people,   deletion,  products, vendor,   delivery,
                          clock,    throttles, bulk,     attention, policy};
  api = std::make_unique<http::Api>(services, web_root, connection_options.Limits());
  if (pump) {
    server.Every(std::chrono::seconds(jobs_interval), [&] {
      auto reports = jobs::RunScheduledWork(*db, clock.Now());
      if (!reports) spdlog::error("scheduled jobs failed: {}", reports.error().message);
      pump->Wake();  // e-mails whose retry time has come
    });
    pump->Start();
  }
  // Each organisation's account index is built now rather than by its first list request, which
  // would otherwise wait for it (seconds at a million accounts). Joined before `db` goes.
  std::jthread warm_up([&accounts] {
    auto started = std::chrono::steady_clock::now();
    auto orgs = accounts.WarmUp();
    if (!orgs) {
      spdlog::warn("account lists not prepared ahead: {}", orgs.error().message);
      return;
    }
    spdlog::info("account lists of {} organisation(s) ready in {} ms", *orgs,
                 std::chrono::duration_cast<std::chrono::milliseconds>(
                     std::chrono::steady_clock::now() - started)
                     .count());
  });
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
  // A run may have a million due changes, in batches of thousands of rows: tuned like an import.
  auto db = OpenMigrated(database, /*bulk_writes=*/true);
  if (!db) return kExitFailure;
  auto mail_config = MailConfigFor(*db, database, mail_options);
  if (!mail_config) return kExitFailure;
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
                << ", \"days_to_deleted\": " << o.days_to_deleted
                << ", \"max_trial_days\": " << o.max_trial_days
                << ", \"max_days_to_deleted\": " << o.max_days_to_deleted << "}\n";
    else
      std::cout << o.id.value << "\t" << o.name << "\ttrial " << o.trial_days
                << " days\tdeleted after " << o.days_to_deleted << " days\taccounts: trial up to "
                << o.max_trial_days << " days, deleted after up to " << o.max_days_to_deleted
                << " days\n";
  }
  return 0;
}

int SetOrganisation(const std::string& database, int64_t org, std::optional<int> trial_days,
                    std::optional<int> days_to_deleted, std::optional<int> max_trial_days,
                    std::optional<int> max_days_to_deleted) {
  auto db = OpenMigrated(database);
  if (!db) return kExitFailure;
  auto updated = OrganisationService(*db).SetTiming(OrgId{org}, trial_days, days_to_deleted,
                                                    max_trial_days, max_days_to_deleted);
  if (!updated) {
    PrintError(updated.error());
    return kExitFailure;
  }
  std::cout << "Organisation " << updated->id.value << ": trial " << updated->trial_days
            << " days, days to Deleted " << updated->days_to_deleted
            << "; for one account the reseller may set a trial of up to "
            << updated->max_trial_days << " days and days to Deleted up to "
            << updated->max_days_to_deleted << ".\n";
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

int SetPlatform(const std::string& database, int grace_days) {
  auto db = OpenMigrated(database);
  if (!db) return kExitFailure;
  if (auto st = SetGraceDays(*db, grace_days); !st.ok()) {
    PrintError(st.error());
    return kExitFailure;
  }
  std::cout << "Deletion requests are carried out after " << grace_days << " days.\n";
  return 0;
}

}  // namespace clientele::app

namespace clientele::app {
namespace {

// A JSON string literal (for the --json summary).
std::string JsonString(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char hex[8];
          std::snprintf(hex, sizeof hex, "\\u%04x", c);
          out += hex;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

std::string Seconds(double s) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(1) << s;
  return out.str();
}

}  // namespace

int ImportAccounts(const std::string& database, const ImportCommand& command) {
  ImportFormat format = ImportFormat::kJsonLines;
  if (command.format == "csv" || (command.format.empty() && command.file.ends_with(".csv")))
    format = ImportFormat::kCsv;
  std::ifstream file;
  std::vector<char> buffer(1 << 20);
  std::istream* in = &std::cin;
  if (command.file == "-") {
    std::ios::sync_with_stdio(false);
  } else {
    file.rdbuf()->pubsetbuf(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    file.open(command.file, std::ios::binary);
    if (!file) {
      std::cerr << "error: cannot read " << command.file << ": " << std::strerror(errno) << "\n";
      return kExitFailure;
    }
    in = &file;
  }
  auto db = OpenMigrated(database, /*bulk_writes=*/true);
  if (!db) return kExitFailure;
  OrgId org{command.org.value_or(0)};
  if (!command.org) {
    auto found = AccountImport::OrganisationOfReseller(*db, command.reseller_email);
    if (!found) {
      PrintError(found.error());
      return kExitFailure;
    }
    org = *found;
  }

  auto started = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  };
  constexpr int64_t kProgressEvery = 50'000;
  int64_t next_progress = kProgressEvery;
  ImportOptions options;
  options.dry_run = command.dry_run;
  options.batch_size = command.batch_size;
  options.on_error = [](const ImportError& e) {
    std::cerr << "line " << e.line << ": " << (e.field.empty() ? "" : e.field + ": ") << e.reason
              << "\n";
  };
  options.on_progress = [&](const ImportSummary& s) {
    if (s.records < next_progress) return;
    next_progress = (s.records / kProgressEvery + 1) * kProgressEvery;
    std::cerr << "import: " << s.records << " read, " << s.imported
              << (command.dry_run ? " to import, " : " imported, ") << s.skipped_existing
              << " skipped, " << s.failed << " failed (" << Seconds(elapsed()) << " s)"
              << std::endl;
  };
  auto import = AccountImport::Start(*db, org, std::move(options), SystemClock().Now());
  if (!import) {
    PrintError(import.error());
    return kExitFailure;
  }
  ImportParser parser(format, (*import)->products());
  Status st = Ok();
  std::string line;
  while (st.ok() && std::getline(*in, line)) {
    auto record = parser.Add(line);
    if (parser.header_refused()) {
      std::cerr << "error: line 1: " << record->error().message << "\n";
      return kExitFailure;
    }
    if (record) st = (*import)->Add(parser.record_line(), std::move(*record));
  }
  if (st.ok() && in->bad()) st = MakeError(ErrorCode::kUnavailable, "Reading the file failed.");
  if (st.ok())
    if (auto last = parser.Finish()) st = (*import)->Add(parser.record_line(), std::move(*last));
  if (st.ok()) st = (*import)->Finish();

  const ImportSummary& s = (*import)->summary();
  double seconds = elapsed();
  if (command.as_json) {
    std::cout << "{\"organisation\": " << org.value << ", \"records\": " << s.records
              << ", \"imported\": " << s.imported << ", \"skipped_existing\": "
              << s.skipped_existing << ", \"failed\": " << s.failed
              << ", \"seconds\": " << Seconds(seconds)
              << ", \"dry_run\": " << (command.dry_run ? "true" : "false")
              << ", \"completed\": " << (st.ok() ? "true" : "false");
    if (!st.ok()) std::cout << ", \"error\": " << JsonString(st.error().message);
    std::cout << "}" << std::endl;
  } else {
    std::cout << (command.dry_run ? "Dry run, nothing written: " : "") << s.records
              << " records read in " << Seconds(seconds) << " s: " << s.imported
              << (command.dry_run ? " to import" : " imported") << " into organisation "
              << org.value << ", " << s.skipped_existing << " skipped (e-mail exists), "
              << s.failed << " failed." << std::endl;
  }
  if (!st.ok()) {
    PrintError(st.error());
    return kExitFailure;
  }
  return s.failed > 0 ? kExitSomeRecordsFailed : 0;
}

}  // namespace clientele::app
