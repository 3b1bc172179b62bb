#pragma once
// How stored records look in API answers (contract §4, §5).
#include <nlohmann/json.hpp>

#include "store/records.h"

namespace herald::api {

nlohmann::json to_json(const store::MessageRow& m);
nlohmann::json to_json(const store::TimelineEvent& e);
nlohmann::json to_json(const store::MessageContent& c, const store::MessageRow& m);
nlohmann::json to_json(const store::TemplateRecord& t);
nlohmann::json to_json(const store::EventAcceptance& a);
nlohmann::json settings_json(const store::StoreRecord& s);

}  // namespace herald::api
