#include "oms/registry.h"

#include "oms/fynd/fynd_connector.h"
#include "oms/fynd/fynd_webhook.h"

namespace herald::oms {

const std::vector<Provider>& providers() {
  static const std::vector<Provider> kProviders = {
      {"fynd", &fynd::make_fynd_connector, fynd::webhook_reader()},
  };
  return kProviders;
}

bool is_known_provider(const std::string& name) {
  for (const auto& p : providers())
    if (name == p.name) return true;
  return false;
}

const Provider& provider(const std::string& name) {
  for (const auto& p : providers())
    if (name == p.name) return p;
  throw bad_request("provider must be one of the known OMS providers (fynd)", "provider");
}

std::unique_ptr<Connector> make_connector(const ConnectorSettings& settings, ConnectorDeps deps) {
  return provider(settings.provider).make(settings, deps);
}

}  // namespace herald::oms
