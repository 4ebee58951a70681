// clientele: the one binary. Subcommands: serve, migrate, reseller create, org, account,
// platform, jobs run, demo, import accounts.
// This file is the command line; the commands are in commands.cc.
#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <iostream>

#include "app/commands.h"
#include "app/config.h"
#include "crypto/crypto.h"

namespace clientele::app {

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
  auto* org_set = org_cmd->add_subcommand(
      "set", "Set an organisation's trial length and days to Deleted, and the limits of what its "
             "reseller may set for one account");
  int64_t org_id = 0;
  std::optional<int> trial_days, days_to_deleted, max_trial_days, max_days_to_deleted;
  org_set->add_option("--id", org_id, "Organisation (reseller) id")->required();
  org_set->add_option("--trial-days", trial_days, "Length of a trial, in days");
  org_set->add_option("--days-to-deleted", days_to_deleted,
                      "Days a product stays in trialend or paused before it is deleted");
  org_set->add_option("--max-trial-days", max_trial_days,
                      "Longest trial the reseller may give one account (default 60)");
  org_set->add_option("--max-days-to-deleted", max_days_to_deleted,
                      "Most days to Deleted the reseller may set for one account (default 90)");
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

  auto* import_cmd = cli.add_subcommand("import", "Bring data in from files");
  import_cmd->require_subcommand(1);
  auto* import_accounts = import_cmd->add_subcommand(
      "accounts",
      "Import customer accounts into one organisation from JSON Lines or CSV, in batches that "
      "each commit whole");
  ImportCommand import_command;
  import_accounts
      ->add_option("FILE", import_command.file, "The file to read; - reads standard input")
      ->required();
  import_accounts
      ->add_option("--format", import_command.format,
                   "jsonl (one JSON object per line) or csv (a header row, then one row per "
                   "account); default: csv for a FILE ending in .csv, else jsonl")
      ->check(CLI::IsMember({"jsonl", "csv"}));
  auto* import_org = import_accounts->add_option("--org", import_command.org,
                                                 "The organisation (reseller) id");
  auto* import_reseller = import_accounts->add_option(
      "--reseller-email", import_command.reseller_email,
      "The organisation whose Reseller signs in with this e-mail");
  import_org->excludes(import_reseller);
  import_accounts->add_flag("--dry-run", import_command.dry_run,
                            "Check every record against the rules and the database, write nothing");
  import_accounts->add_flag("--json", import_command.as_json,
                            "Print the summary as one JSON object: organisation, records, "
                            "imported, skipped_existing, failed, seconds, dry_run, completed "
                            "(and error if it stopped)");
  import_accounts->add_option("--batch-size", import_command.batch_size,
                              "Records per transaction; each batch is committed whole or not at all")
      ->check(CLI::Range(1, 100'000))
      ->capture_default_str();
  import_accounts->footer(
      "Fields of an account: email and company (required), name, custom_id, lang (en, de, ru, zh,\n"
      "az), phone, is_test, deleted, seller (a seller's e-mail), created_at (RFC 3339), and per\n"
      "product whether it is activated and its status (new, trial, trialend, active, paused,\n"
      "deleted). JSON Lines:\n"
      "  {\"email\": \"it@acme.example\", \"company\": \"Acme\", \"services\": {\"CDN\":\n"
      "   {\"enabled\": true, \"status\": \"trial\"}}}\n"
      "CSV: the header names the columns, products as cdn_enabled, cdn_status, storage_enabled, ...\n"
      "The rules are those of accounts created through the API; the account status follows the\n"
      "products. An existing e-mail is skipped; each new account gets its first user (the\n"
      "account's e-mail, Administrators) without a password, to be invited later. No e-mail is\n"
      "sent. Errors go to standard error as `line N: field: reason`, progress every 50000\n"
      "records; the summary to standard output.\n"
      "Exit status: 0 all records imported or skipped; 3 some records refused; 1 the import\n"
      "stopped (a database error: the batches before it stay committed) or could not start;\n"
      "2 a usage error.");
  add_database(import_accounts);

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
  if (platform_set->parsed()) return SetPlatform(database, grace_days);
  if (org_list->parsed()) return ListOrganisations(database, org_json);
  if (org_set->parsed()) {
    if (!trial_days && !days_to_deleted && !max_trial_days && !max_days_to_deleted) {
      std::cerr << "error: give --trial-days, --days-to-deleted, --max-trial-days and/or "
                   "--max-days-to-deleted\n";
      return kExitUsage;
    }
    return SetOrganisation(database, org_id, trial_days, days_to_deleted, max_trial_days,
                           max_days_to_deleted);
  }
  if (account_days->parsed()) {
    if (!account_days_value && !account_days_clear) {
      std::cerr << "error: give --days N or --clear\n";
      return kExitUsage;
    }
    return SetAccountDays(database, account_org, account_id, account_days_value);
  }
  if (demo->parsed()) return Demo(database, demo_email, demo_password);
  if (import_accounts->parsed()) {
    if (!import_command.org && import_command.reseller_email.empty()) {
      std::cerr << "error: name the organisation: --org ID or --reseller-email E\n";
      return kExitUsage;
    }
    return ImportAccounts(database, import_command);
  }
  return kExitUsage;
}

}  // namespace clientele::app

int main(int argc, char** argv) { return clientele::app::Main(argc, argv); }
