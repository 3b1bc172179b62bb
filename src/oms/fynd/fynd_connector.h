#pragma once
// Fynd's affiliate API (contract §12.2): paths, headers and answer shapes.
#include <memory>

#include "oms/registry.h"

namespace herald::oms::fynd {

std::unique_ptr<Connector> make_fynd_connector(const ConnectorSettings& settings,
                                               ConnectorDeps deps);

}  // namespace herald::oms::fynd
