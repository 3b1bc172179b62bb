#pragma once

namespace herald::store::sqlite {
class Db;
struct MigrationSteps {
  int from_version = 0, to_version = 0, applied = 0;
};
// Applies every migration the database does not have yet.
MigrationSteps migrate(Db& db);
int schema_version();
}  // namespace herald::store::sqlite
