// herald: one binary for the server and its tools (contract §1).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>

#include "cli/commands.h"
#include "common/error.h"

using namespace herald;

int main(int argc, char** argv) {
  CLI::App app{"Herald: order emails and SMS for online shops, with a searchable log"};
  app.set_version_flag("--version", std::string("herald ") + HERALD_VERSION);
  app.require_subcommand(1);
  std::string config;

  auto* serve = app.add_subcommand("serve", "run the HTTP API, pages and delivery workers");
  serve->add_option("--config", config, "TOML configuration file");

  auto* store = app.add_subcommand("store", "manage stores (tenants)");
  store->require_subcommand(1);
  cli::StoreAddOptions add;
  auto* store_add = store->add_subcommand("add", "create a store and print its API key");
  store_add->add_option("slug", add.slug, "short name: lowercase letters, digits, '-'")->required();
  store_add->add_option("--name", add.name, "display name");
  store_add->add_option("--webhook-secret", add.webhook_secret,
                        "HMAC secret that signs inbound OMS webhooks");
  store_add->add_option("--country", add.country, "default country for phone numbers (ISO 3166)");
  store_add->add_option("--locale", add.locale, "default locale of templates, e.g. nb-NO");
  store_add->add_option("--owner-email", add.owner_email, "the shop owner's address");
  store_add->add_option("--config", config, "TOML configuration file");

  int demo_messages = 200;
  auto* demo = app.add_subcommand("demo", "fill the database with a demo store and messages");
  demo->add_option("--messages", demo_messages, "how many order events to generate")
      ->check(CLI::Range(1, 10'000'000));
  demo->add_option("--config", config, "TOML configuration file");

  app.add_subcommand("help", "show this help")->callback([&] {
    std::cout << app.help();
    std::exit(0);
  });

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  try {
    const auto path = cli::config_path_or_env(config);
    if (serve->parsed()) return cli::serve(path);
    if (store_add->parsed()) return cli::store_add(path, add);
    if (demo->parsed()) return cli::demo(path, demo_messages);
  } catch (const Error& e) {
    std::fprintf(stderr, "herald: %s\n", e.what());
    return e.code() == ErrorCode::bad_request ? 2 : 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "herald: %s\n", e.what());
    return 1;
  }
  return 2;
}
