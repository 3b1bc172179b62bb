#pragma once
// What a report does to a message, as pure functions over the message as stored: the order in
// which statuses may move, a failure counted once per recipient, the timeline kept in order,
// and when an address goes on the suppression list. ReportService reads, decides with these,
// and has storage record the decision.
#include <optional>
#include <string>

#include "store/report_storage.h"

namespace herald::feedback {

// Plain words for a timeline entry, from its type and reason.
std::string describe_update(const store::DeliveryUpdate& u);

// The report as it goes on the timeline: its time (`now` when it gives none), its plain
// words, and its recipient normalized (the only recipient when it names none). A report may
// name an address the message was not sent to: the one the receiving side forwarded it to
// (an alias, a mailbox of another name). The recipient is then the address the sender gave
// (`original`, as the report also states it) when the message went to it, else the message's
// only recipient; the detail keeps the address the report named.
store::DeliveryUpdate complete_update(const store::MessageLocator& message,
                                      store::DeliveryUpdate update, TimeMs now,
                                      std::string_view original = {});

// The change the (completed) report makes to the message `state` describes:
// - a failure (bounced, undelivered, failed) counts once per recipient, and moves the status
//   only once every recipient has failed;
// - a complaint always moves it to complained;
// - anything else moves it only forward along queued, deferred, sent, delivered, opened,
//   clicked, and never away from a failure or a complaint.
// The entry is never placed before what is already on the timeline. The change carries what
// the entry adds to the dashboard's figures.
store::ReportChange decide_report(std::int64_t seq, const store::MessageReportState& state,
                                  const store::DeliveryUpdate& update);

// The suppression a report calls for: a hard bounce or a complaint about a known recipient.
std::optional<store::Suppression> suppression_for(const store::MessageLocator& message,
                                                  const store::DeliveryUpdate& update, bool hard);

}  // namespace herald::feedback
