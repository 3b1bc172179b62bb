#pragma once
// What happens after sending: every report about a message (a bounce, a provider callback, a
// Kannel delivery report, an open, a click) goes through here. The service finds the message,
// decides what the report does to it (report_decision.h), has storage record that decision
// and puts the address on the suppression list after a hard failure or a complaint.
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "store/report_storage.h"
#include "store/suppression_storage.h"

namespace herald::feedback {

// An id a report carries for its message.
struct MessageClue {
  std::string id;
  std::string provider;  // empty: `id` is Herald's message id; else that provider's own id
};

// What a report says about one recipient of the message.
struct Finding {
  store::DeliveryUpdate update;
  bool hard = false;  // a permanent failure of the address: it is suppressed
  // The address the sender gave, where the report names another for the same recipient
  // (RFC 3464 Original-Recipient); empty when it names none.
  std::string original_recipient;
};

// A report about one message.
struct MessageReport {
  std::vector<MessageClue> clues;       // tried in order; the first that finds a message wins
  std::optional<store::StoreId> scope;  // only a message of this store may match
  // The provider's own id for the message, remembered with it so that later reports that
  // carry only that id find it.
  std::string provider, provider_ref;
  std::vector<Finding> findings;  // recorded in order
};

class ReportService {
 public:
  ReportService(store::ReportStorage& reports, store::SuppressionStorage& suppressions,
                const Clock& clock)
      : reports_(reports), suppressions_(suppressions), clock_(clock) {}

  // Finds the message and records every finding on it. Returns the message, or nullopt when
  // no clue finds one (then nothing is recorded).
  std::optional<store::MessageLocator> report(const MessageReport& r);

  // Records one finding on a message already found; returns the message's status after it.
  // `original`: as Finding::original_recipient.
  domain::MessageStatus apply(const store::MessageLocator& message, store::DeliveryUpdate update,
                              bool hard, std::string_view original = {});

 private:
  std::optional<store::MessageLocator> locate(const MessageReport& r);
  domain::MessageStatus record(std::int64_t seq, const store::DeliveryUpdate& update);

  store::ReportStorage& reports_;
  store::SuppressionStorage& suppressions_;
  const Clock& clock_;
};

}  // namespace herald::feedback
