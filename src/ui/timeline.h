#pragma once
// A message's timeline as HTML: queued → sent → delivered → opened → clicked link X, or
// bounced: the mailbox is full. Used by the message view and the (i) buttons.
#include <string>
#include <vector>

#include "store/records.h"

namespace herald::ui {

std::string timeline_html(const std::vector<store::TimelineEvent>& events);

// <details> with an (i) summary that opens the timeline inline (no script needed).
std::string timeline_button(const std::string& message_id,
                            const std::vector<store::TimelineEvent>& events);

}  // namespace herald::ui
