#pragma once
// A store's template for one event or message type, channel and locale: what render fills in.
#include <string>

#include "common/clock.h"
#include "domain/message.h"

namespace herald::domain {

struct TemplateRecord {
  std::string key;  // event type or message type
  Channel channel = Channel::email;
  std::string locale;
  std::string subject, html, text, sms;
  TimeMs updated_at = 0;
};

}  // namespace herald::domain
