#pragma once
// A store's message templates.
#include <string>
#include <vector>

#include "store/records.h"

namespace herald::store {

class TemplateStorage {
 public:
  virtual ~TemplateStorage() = default;

  virtual void put_template(StoreId store, const TemplateRecord& t) = 0;
  virtual std::vector<TemplateRecord> list_templates(StoreId store, const std::string& key) = 0;
};

}  // namespace herald::store
