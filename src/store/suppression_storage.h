#pragma once
// The suppression list: addresses a store does not send to.
#include <string>
#include <vector>

#include "store/records.h"

namespace herald::store {

class SuppressionStorage {
 public:
  virtual ~SuppressionStorage() = default;

  virtual void put_suppression(StoreId store, const Suppression& s) = 0;
  virtual bool remove_suppression(StoreId store, domain::Channel channel,
                                  const std::string& address) = 0;
  virtual std::vector<Suppression> list_suppressions(StoreId store, const std::string& address,
                                                     TimeMs now, int limit, int offset) = 0;
};

}  // namespace herald::store
