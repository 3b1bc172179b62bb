#include "intake/resend_input.h"

#include "common/error.h"
#include "tracking/strip_tracking.h"

namespace herald::intake {

MessageInput resend_input(store::LogStorage& log, const store::StoreRecord& store,
                          const std::string& id, const std::string& from,
                          const TrackedLinks& links) {
  auto row = log.get_message(store.id, id);
  if (!row) throw not_found("message '" + id + "'");
  auto content = log.get_content(store.id, row->seq);
  if (content.expired)
    throw Error(ErrorCode::conflict, "the content of message '" + id +
                                         "' is no longer kept, so it cannot be sent again");
  if (row->type == "otp")
    throw bad_request("a one-time code is not sent again; send a new one", "type");
  MessageInput in;
  in.channel = row->channel;
  in.type = row->type;
  render::Rendered r;
  if (row->channel == domain::Channel::email) {
    r.subject = row->subject;
    if (!content.html_before_tracking.empty())
      r.html = std::move(content.html_before_tracking);
    else if (!links.secret.empty())
      r.html = tracking::strip_tracking(content.html, links.public_url, links.secret);
    else
      r.html = std::move(content.html);
    r.text = std::move(content.text);
  } else {
    r.sms = std::move(content.sms);
  }
  in.content.rendered = std::move(r);
  in.from = from;
  in.to = row->to;
  in.cc = std::move(content.cc);
  in.reply_to = std::move(content.reply_to);
  in.order_id = row->order_id;
  in.customer_id = row->customer_id;
  in.cart_id = row->cart_id;
  in.resent_from = row->id;
  return in;
}

}  // namespace herald::intake
