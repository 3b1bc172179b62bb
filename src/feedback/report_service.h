#pragma once
// What happens after sending: every report (bounce, delivery report, provider callback, open,
// click) goes through here to reach the message's timeline, status and fail_count, and hard
// failures and complaints put the address on the suppression list.
#include "common/clock.h"
#include "store/storage.h"

namespace herald::feedback {

class ReportService {
 public:
  ReportService(store::Storage& storage, const Clock& clock) : storage_(storage), clock_(clock) {}

  // `hard` marks a permanent failure of the address (a hard bounce): it is suppressed.
  domain::MessageStatus apply(const store::MessageLocator& message, store::DeliveryUpdate update,
                              bool hard);

 private:
  store::Storage& storage_;
  const Clock& clock_;
};

// Plain words for a timeline entry, from its type and reason.
std::string describe_update(const store::DeliveryUpdate& u);

}  // namespace herald::feedback
