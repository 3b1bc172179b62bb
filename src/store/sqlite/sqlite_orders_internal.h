#pragma once
// Shared between SQLite intake and the order-status / campaign code (issue 5).
#include "store/order_storage.h"
#include "store/records.h"
#include "store/sqlite/sqlite_db.h"

namespace herald::store::sqlite {

// Inserts one message (content, recipients, queue). Returns queued, or suppressed when no
// recipient may be sent to.
domain::MessageStatus insert_message(Db& db, const NewEvent& e, const NewMessage& m, TimeMs now);

// A new order event: merges its order/customer/data into the order snapshot and records the
// status change its type maps to (the store's mapping, else the default one).
void record_event_status(Db& db, const NewEvent& e, TimeMs now);

// Reads a row selected with the columns of the status_changes table, in table order.
StatusChange read_status_change(Stmt& s);

}  // namespace herald::store::sqlite
