#pragma once
// Shared between PostgreSQL intake, the order-status code and campaigns.
#include <optional>

#include "store/order_storage.h"
#include "store/order_update.h"
#include "store/postgres/pg_conn.h"

namespace herald::store::postgres {

// Records a decided order update if the order is still at its expected version: the id of the
// recorded change (0: none), or nullopt (nothing written) when the order moved on.
std::optional<std::int64_t> record_order_update(Conn& db, const OrderUpdate& u, TimeMs now);

// The columns of the status_changes table, in table order, that read_status_change reads.
inline constexpr const char* kChangeColumns =
    "SELECT id, store_id, order_id, type, from_code, to_code, at, received_at, current, source, "
    "event_id, context FROM status_changes ";
// Reads those columns of row `row`, starting at column `first`.
StatusChange read_status_change(const Result& s, int row, int first = 0);

}  // namespace herald::store::postgres
