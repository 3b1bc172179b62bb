#pragma once
// Fynd's JSON answers read into the connector's values. A member that is missing or of
// another type reads as empty: the OMS decides what it sends, Herald takes what is there.
#include <nlohmann/json.hpp>

#include "oms/connector.h"

namespace herald::oms::fynd {

std::vector<StockLine> read_stock_items(const nlohmann::json& answer);
StockChangePage read_stock_change_page(const nlohmann::json& answer);
Serviceability read_serviceability(const nlohmann::json& answer);
PlacedOrder read_placed_order(const nlohmann::json& answer);
PaymentAnswer read_payment_answer(const nlohmann::json& answer);
OrderStatus read_order_status(const nlohmann::json& answer);
TrackAnswer read_track_answer(const nlohmann::json& answer);

nlohmann::json serviceability_body(const ServiceabilityRequest& r);
nlohmann::json payment_body(const PaymentConfirmation& p);

}  // namespace herald::oms::fynd
