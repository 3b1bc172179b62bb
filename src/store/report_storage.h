#pragma once
// Storage for reports after sending (bounces, delivery reports, provider callbacks, opens,
// clicks): finding the message a report is about and recording the change the report service
// decided for it. Storage decides nothing here: it records the change as given, provided the
// message is still as it was when the change was decided.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/records.h"

namespace herald::store {

// A message as stored, the input to deciding what a report does to it.
struct MessageReportState {
  StoreId store_id = 0;
  domain::MessageStatus status = domain::MessageStatus::queued;
  int fail_count = 0;
  int recipient_count = 1;
  TimeMs timeline_end = 0;  // the latest time on its timeline; its creation while it has none
  int timeline_entries = 0;
  std::vector<TimelineMark> marks;  // each distinct (type, recipient); recipient may be empty
};

// What a report does to a message, as decided: one timeline entry, and the message's status
// and fail_count after it.
struct ReportChange {
  std::int64_t seq = 0;
  // The message as it was decided on; recorded only while it is still so.
  domain::MessageStatus expected_status = domain::MessageStatus::queued;
  int expected_fail_count = 0;
  TimeMs expected_timeline_end = 0;
  int expected_timeline_entries = 0;  // the figures were decided on the whole timeline

  DeliveryUpdate entry;  // the timeline entry; entry.at is also the message's updated_at
  domain::MessageStatus status = domain::MessageStatus::queued;  // after, and the entry's
  int fail_count = 0;
  domain::FigureChanges figures;  // what the entry adds to the dashboard
};

class ReportStorage {
 public:
  virtual ~ReportStorage() = default;

  virtual std::optional<MessageLocator> locate_message(const std::string& id) = 0;
  virtual std::optional<MessageLocator> locate_by_provider_ref(const std::string& provider,
                                                               const std::string& ref) = 0;
  virtual void add_provider_ref(std::int64_t seq, const std::string& provider,
                                const std::string& ref) = 0;

  // The message as stored; nullopt when it is gone (retention).
  virtual std::optional<MessageReportState> report_state(std::int64_t seq) = 0;
  // Records a decided change durably, with its figures, if status, fail_count, timeline end
  // and timeline length are still the expected ones. False when another writer changed the message
  // first (or it is gone): nothing is written; read and decide again.
  virtual bool record_report(const ReportChange& c) = 0;

  virtual void add_unmatched_bounce(const UnmatchedBounce& b) = 0;
  virtual std::vector<UnmatchedBounce> list_unmatched_bounces(
      StoreId store, int limit, std::optional<std::int64_t> before) = 0;
};

}  // namespace herald::store
