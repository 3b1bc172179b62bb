#pragma once
// The OMS providers this build knows, keyed by the settings' `provider` ("fynd"). A new
// provider is a folder under oms/ and one line in registry.cpp.
#include <memory>
#include <string>
#include <vector>

#include "common/clock.h"
#include "oms/call_log.h"
#include "oms/connector.h"
#include "oms/http_client.h"
#include "oms/webhook.h"

namespace herald::oms {

// What a connector is made from: a store's settings with the credentials in clear.
struct ConnectorSettings {
  std::string provider = "fynd";
  std::string api_url;
  std::string affiliate_id;
  std::string affiliate_token;
  std::string secret;  // signs the OMS's webhooks
};

struct ConnectorDeps {
  HttpClient& http;
  const Clock& clock;
  CallLog& log;
};

struct Provider {
  const char* name;
  std::unique_ptr<Connector> (*make)(const ConnectorSettings& settings, ConnectorDeps deps);
  const WebhookReader& webhooks;
};

const std::vector<Provider>& providers();
bool is_known_provider(const std::string& name);
// Throws bad_request naming "provider" for a name the build does not know.
const Provider& provider(const std::string& name);
// Throws bad_request naming "provider" for a name the build does not know.
std::unique_ptr<Connector> make_connector(const ConnectorSettings& settings, ConnectorDeps deps);

}  // namespace herald::oms
