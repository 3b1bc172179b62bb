// herald: one binary for the server and its tools (contract §1).
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <iostream>

#include "cli/commands.h"
#include "common/error.h"

using namespace herald;

namespace {

// "herald bounce prase x": CLI11 says only that a subcommand is required. The first word that
// names none of the subcommands where it stands is the one to name, with the words expected.
std::string names_of(const std::vector<const CLI::App*>& commands) {
  std::string names;
  for (const CLI::App* c : commands) names += (names.empty() ? "" : ", ") + c->get_name();
  return names;
}

std::string unknown_subcommand(const CLI::App& app, int argc, char** argv) {
  const CLI::App* at = &app;
  std::string path = "herald";
  for (int i = 1; i < argc; ++i) {
    const std::string word = argv[i];
    if (word.starts_with("-")) return {};
    const auto subs = at->get_subcommands([](const CLI::App*) { return true; });
    if (subs.empty()) return {};
    const auto it = std::find_if(subs.begin(), subs.end(),
                                 [&](const CLI::App* c) { return c->get_name() == word; });
    if (it == subs.end())
      return path + ": unknown command '" + word + "' (want " + names_of(subs) + ")";
    at = *it;
    path += " " + word;
  }
  const auto subs = at->get_subcommands([](const CLI::App*) { return true; });
  if (at == &app || subs.empty()) return {};
  return path + ": a command is missing (want " + names_of(subs) + ")";
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Herald: order emails and SMS for online shops, with a searchable log", "herald"};
  app.set_version_flag("--version", std::string("herald ") + HERALD_VERSION);
  app.require_subcommand(1);
  std::string config;

  auto* serve = app.add_subcommand("serve", "run the HTTP API, pages and delivery workers");
  serve->add_option("--config", config, "TOML configuration file");

  auto* store = app.add_subcommand("store", "manage stores (tenants)");
  store->require_subcommand(1);
  cli::StoreAddOptions add;
  auto* store_add = store->add_subcommand("add", "create a store and print its API key");
  // Checked after parsing, so that an unknown option is reported before a missing slug.
  store_add->add_option("slug", add.slug, "short name: lowercase letters, digits, '-'");
  store_add->add_option("--name", add.name, "display name");
  store_add->add_option("--webhook-secret", add.webhook_secret,
                        "HMAC secret that signs inbound OMS webhooks");
  store_add->add_option("--country", add.country, "default country for phone numbers (ISO 3166)");
  store_add->add_option("--locale", add.locale, "default locale of templates, e.g. nb-NO");
  store_add->add_option("--owner-email", add.owner_email, "the shop owner's address");
  store_add->add_option("--config", config, "TOML configuration file");

  auto* store_key = store->add_subcommand("key", "rotate or revoke a store's API key");
  // Not require_subcommand: its message would not say which words are expected.
  store_key->add_option("--config", config, "TOML configuration file");
  std::string key_slug;
  auto* key_rotate = store_key->add_subcommand(
      "rotate", "give the store a new API key; the old one stops working");
  key_rotate->add_option("slug", key_slug, "the store");
  key_rotate->add_option("--config", config, "TOML configuration file");
  auto* key_revoke =
      store_key->add_subcommand("revoke", "stop the store's API key; none works until rotated");
  key_revoke->add_option("slug", key_slug, "the store");
  key_revoke->add_option("--config", config, "TOML configuration file");

  auto* user = app.add_subcommand("user", "manage admin users of the pages");
  user->require_subcommand(1);
  std::string user_email;
  bool password_stdin = false;
  auto* user_add = user->add_subcommand("add", "create an admin user (asks for the password)");
  user_add->add_option("email", user_email, "the user's email address");
  user_add->add_flag("--password-stdin", password_stdin, "read the password from standard input");
  user_add->add_option("--config", config, "TOML configuration file");

  int demo_messages = 5000;
  auto* demo = app.add_subcommand("demo", "fill the database with demo stores and messages");
  demo->add_option("--messages", demo_messages, "about how many messages to generate (5000)")
      ->check(CLI::Range(100, 10'000'000));
  demo->add_option("--config", config, "TOML configuration file");

  auto* bounce = app.add_subcommand("bounce", "parse bounces, complaints and auto-replies");
  bounce->require_subcommand(1);
  std::vector<std::string> bounce_files;
  bool bounce_json = true;
  auto* bounce_parse = bounce->add_subcommand("parse", "print what each report says, as JSON");
  bounce_parse->add_flag("--json", bounce_json, "one JSON line per file (the only format)");
  bounce_parse->add_option("files", bounce_files, "RFC 5322 message files")->required();
  bool purge_dry_run = false;
  auto* purge = app.add_subcommand("purge", "apply the retention policy now (contract §9)");
  purge->add_flag("--dry-run", purge_dry_run, "only count what would be removed");
  purge->add_option("--config", config, "TOML configuration file");

  auto* bounce_ingest =
      bounce->add_subcommand("ingest", "record one bounce read from standard input (MTA pipe)");
  bounce_ingest->add_option("--config", config, "TOML configuration file");

  auto* migrate = app.add_subcommand("migrate", "apply the database's missing migrations and exit");
  migrate->add_option("--config", config, "TOML configuration file");

  std::string copy_from, copy_to;
  auto* copy = app.add_subcommand(
      "copy", "copy every row of one database into an empty one (SQLite or PostgreSQL)");
  copy->add_option("--from", copy_from,
                   "the database to copy, e.g. sqlite:///var/lib/herald/herald.db")
      ->required();
  copy->add_option("--to", copy_to,
                   "the empty database to fill, e.g. postgresql://USER:PASSWORD@HOST:PORT/DB")
      ->required();

  auto* secrets = app.add_subcommand("secrets", "manage the key that seals stored secrets");
  secrets->require_subcommand(1);
  std::string new_key_file;
  auto* secrets_rotate = secrets->add_subcommand(
      "rotate",
      "re-seal every store's OMS credentials under a new key (then point key_file at it)");
  secrets_rotate
      ->add_option("--new-key-file", new_key_file,
                   "the new key: 64 hex digits, created with a random key when missing")
      ->required();
  secrets_rotate->add_option("--config", config, "TOML configuration file");

  app.add_subcommand("help", "show this help");

  // Contract §1: a usage error is one line on stderr that names what is wrong.
  if (argc >= 2 && argv[1][0] != '-') {
    const std::string command = argv[1];
    if (command == "help") {
      std::cout << app.help();
      return 0;
    }
    const auto commands = app.get_subcommands([](CLI::App*) { return true; });
    if (std::none_of(commands.begin(), commands.end(),
                     [&](CLI::App* c) { return c->get_name() == command; })) {
      std::fprintf(stderr, "herald: unknown command '%s' (see herald help)\n", command.c_str());
      return 2;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    const std::string unknown = unknown_subcommand(app, argc, argv);
    if (!unknown.empty()) {
      std::fprintf(stderr, "%s (see herald help)\n", unknown.c_str());
      return 2;
    }
    std::fprintf(stderr, "herald: %s (see herald help)\n", e.what());
    return 2;
  }
  try {
    const auto path = cli::config_path_or_env(config);
    if (serve->parsed()) return cli::serve(path);
    if (store_add->parsed()) return cli::store_add(path, add);
    if (key_rotate->parsed()) return cli::store_key_rotate(path, key_slug);
    if (key_revoke->parsed()) return cli::store_key_revoke(path, key_slug);
    if (store_key->parsed())
      throw bad_request("store key: want 'rotate SLUG' or 'revoke SLUG'", "key");
    if (user_add->parsed()) return cli::user_add(path, user_email, password_stdin);
    if (demo->parsed()) return cli::demo(path, demo_messages);
    if (purge->parsed()) return cli::purge(path, purge_dry_run);
    if (bounce_parse->parsed()) return cli::bounce_parse(bounce_files);
    if (bounce_ingest->parsed()) return cli::bounce_ingest(path);
    if (migrate->parsed()) return cli::migrate(path);
    if (copy->parsed()) return cli::copy(copy_from, copy_to);
    if (secrets_rotate->parsed()) return cli::secrets_rotate(path, new_key_file);
  } catch (const Error& e) {
    std::fprintf(stderr, "herald: %s\n", e.what());
    return e.code() == ErrorCode::bad_request ? 2 : 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "herald: %s\n", e.what());
    return 1;
  }
  return 2;
}
