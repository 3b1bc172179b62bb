#pragma once
// "Resend" (contract §5 POST /v1/messages/{id}/resend): the stored message goes out again as a
// new message, linked to the first by resent_from. Shared by the API and the pages.
#include <exception>
#include <functional>
#include <string>

#include "ui/ui_context.h"

namespace herald::ui {

using ResendDone = std::function<void(std::exception_ptr error, std::string new_id)>;

// Throws Error(not_found) for an unknown message, Error(conflict) when its content is gone
// (retention, or logging off); otherwise `done` runs once the new message is durable.
void resend_message(UiContext& ctx, const store::StoreRecord& store, const std::string& id,
                    ResendDone done);

// The HTML as it was before tracking: click links point at their original targets again and
// the open pixel is gone, so the copy does not report opens and clicks for the first message.
std::string strip_tracking(const std::string& html, const std::string& public_url,
                           const std::string& secret);

}  // namespace herald::ui
