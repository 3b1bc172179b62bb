#pragma once
// What one SMTP reply means for one recipient: sent, deferred or bounced, and why.
#include <string>
#include <string_view>

#include "domain/message.h"
#include "domain/reply_reading.h"

namespace herald::delivery {

// `code` is the basic reply code (550), or 0 when the server gave none (connection refused,
// timeout: then `text` is the transport's error). `text` is the reply as received, with or
// without the code, possibly multi-line ("550-5.1.1 ...\r\n550 5.1.1 ...").
// 2xx -> sent, 4xx -> deferred, 5xx -> bounced, 0 -> deferred/networkerror; other codes are
// protocol trouble -> deferred. The enhanced code is the one the server stated, else one
// derived from the reply code. The reason is the one a bounce report of the same reply at the
// same `command` gives (domain/reply_reading.h).
domain::RecipientResult classify_smtp_reply(
    std::string address, int code, std::string_view text,
    domain::SmtpCommand command = domain::SmtpCommand::unknown);

}  // namespace herald::delivery
