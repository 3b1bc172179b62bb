#pragma once
// The rules of the standard message types of POST /v1/messages (contract §4): who receives
// them, what they must carry.
#include <string>

#include "intake/message_request.h"

namespace herald::intake {

// Types addressed to the store owner (owner_email of the store settings).
bool is_owner_bound(const std::string& type);

// Fills in owner recipients, the copy to the owner and Reply-To; throws bad_request naming
// the field when the type's requirements are not met.
void apply_type_rules(const store::StoreRecord& store, MessageRequest& r);

// otp: the code to send (data.code), validated.
std::string otp_code(const MessageRequest& r);
// What the log keeps instead of a one-time code.
std::string mask_code(const std::string& code);

}  // namespace herald::intake
