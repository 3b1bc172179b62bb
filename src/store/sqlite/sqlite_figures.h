#pragma once
// The dashboard's figures as a change carries them, written inside the change's transaction:
// a figure is stored with its change or not at all.
#include "domain/dashboard_figures.h"
#include "store/sqlite/sqlite_db.h"

namespace herald::store::sqlite {

void write_figures(Db& db, const domain::FigureChanges& figures);

// The failure log's lines of a message that is deleted (retention).
void delete_failure_lines(Db& db, std::int64_t store_id, std::int64_t message_seq);

}  // namespace herald::store::sqlite
