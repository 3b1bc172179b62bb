#pragma once
// The reason class (domain/reasons.h) of one SMTP reply as a server gives it at send time or a
// provider quotes it: its RFC 3463 status code and its words, read with the one status table
// and the one phrase table that the bounce parser reads reports with.
#include <string>
#include <string_view>

namespace herald::domain {

// The reason named by the server's words alone ("User unknown" -> userunknown), or empty.
// Case-insensitive; phrases match on word boundaries, so "spam" does not match "Spamhaus".
std::string reason_from_text(std::string_view text);

// The reason for an enhanced status code ("5.1.1") with the words that came with it.
// `stated` says the server sent the code; a code derived from the basic reply code is weaker
// than the words. `reply_code` (e.g. 421) may be 0. Never empty for a 4.x.x / 5.x.x code:
// "undefined" when nothing fits.
std::string reason_from_status(std::string_view enhanced, std::string_view text, bool stated,
                               int reply_code = 0);

}  // namespace herald::domain
