#pragma once
// The suppression list: addresses a store does not send to.
#include <optional>
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
  // The entry in force at `now` for each address, by position; none: not on the list.
  virtual std::vector<std::optional<Suppression>> find_suppressions(
      const std::vector<AddressKey>& addresses, TimeMs now) = 0;
  virtual std::vector<Suppression> list_suppressions(StoreId store, const std::string& address,
                                                     TimeMs now, int limit, int offset) = 0;
};

}  // namespace herald::store
