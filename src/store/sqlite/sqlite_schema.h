#pragma once

namespace herald::store::sqlite {
class Db;
void migrate(Db& db);  // applies every migration the database does not have yet
int schema_version();
}  // namespace herald::store::sqlite
