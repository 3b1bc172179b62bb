#pragma once
// The PostgreSQL schema: versioned migrations, applied under an advisory lock so that nodes
// starting together do not race.
#include <string>

#include "store/postgres/pg_conn.h"

namespace herald::store::postgres {

struct MigrationReport {
  int from_version = 0;  // the newest version applied before
  int to_version = 0;    // the newest version applied now
  int applied = 0;       // steps applied by this call
};

// Applies every missing migration, each in its own transaction, while holding the
// migrations' advisory lock (a second node waits for the first, then finds nothing to do).
MigrationReport migrate(Conn& conn);
int schema_version();  // the newest migration this build knows

}  // namespace herald::store::postgres
