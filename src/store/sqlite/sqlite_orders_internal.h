#pragma once
// Shared between SQLite intake and the order-status / campaign code.
#include "store/order_storage.h"
#include "store/records.h"
#include "store/sqlite/sqlite_db.h"

namespace herald::store::sqlite {

// Inserts one message (content, recipients, queue) as intake decided it: its status, and the
// recipients held back. Returns the status.
// `node`: the node accepting it.
domain::MessageStatus insert_message(Db& db, const NewEvent& e, const NewMessage& m, TimeMs now,
                                     const std::string& node);

// Records a decided order update if the order is still at its expected version: the id of the
// recorded change (0: none), or nullopt (nothing written) when the order moved on.
std::optional<std::int64_t> record_order_update(Db& db, const OrderUpdate& u, TimeMs now);
// Its two halves: the order's row (false: it moved on, nothing written), then the change, if
// any (its id; 0: none).
bool write_order(Db& db, const OrderUpdate& u, TimeMs now);
std::int64_t record_change(Db& db, const OrderUpdate& u, TimeMs now);

// Reads the columns of the status_changes table, in table order, starting at column `first`.
StatusChange read_status_change(Stmt& s, int first = 0);

}  // namespace herald::store::sqlite
