#pragma once
// Retention (contract §9): removing what a store no longer keeps. Which cut-offs apply is
// decided above (retention/); storage removes what is older.
#include "store/records.h"

namespace herald::store {

class RetentionStorage {
 public:
  virtual ~RetentionStorage() = default;

  // Bodies of messages created before `content_before` are removed, messages created before
  // `metadata_before` are removed with their events. Messages still queued or deferred are
  // never touched. A dry run only counts.
  virtual PurgeCounts purge(StoreId store, TimeMs content_before, TimeMs metadata_before,
                            bool dry_run) = 0;
};

}  // namespace herald::store
